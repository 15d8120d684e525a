"""Gazetteer build/load time, lookup latency and memory. Prints figures; asserts nothing.

    python benchmarks/bench_gazetteer.py [--tier 15000] [--repeats 3]

Measures, each start-up figure as the median over ``--repeats`` fresh subprocesses (so that no
import, lru or page cache of a previous run is in the Python process; the OS file cache is warm), in CPU
time (``time.process_time``: the machine may be shared):
  * build: the index made from the data packages, disk cache off (s)
  * load: the index read back from the disk cache (s), and the cache file's size; then the first lookup
    (which reads the few name shards it needs) and every remaining shard (what a large batch ends up reading)
  * resident memory of the loaded index, every shard read: RSS after minus RSS before, and tracemalloc's
    peak (MiB)
and, in this process (every shard read first):
  * uncached lookup: ``resolve`` on every string of tests/data/gazetteer_cases.tsv and
    gazetteer_junk.tsv with the LRU cache bypassed; median, p99 over all strings, 20 rounds (µs)
  * cached lookup: the same strings again through the LRU cache (µs)
Times include only the gazetteer: ``import fakeprofile.geo`` (which imports the package) is outside.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TABLES = [REPO / "tests" / "data" / "gazetteer_cases.tsv", REPO / "tests" / "data" / "gazetteer_junk.tsv"]

_CHILD = """
import gc, json, sys, time, tracemalloc
from pathlib import Path
import fakeprofile.geo as geo

def rss_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

def read_all(g):
    if isinstance(g._names, geo._ShardedNames):  # loaded from the cache: read the shards not read yet
        for index in range(geo.NAME_SHARDS):
            if g._names._shards[index] is None:
                g._names._load(index)

tier, cache, cache_dir, trace = int(sys.argv[1]), sys.argv[2] == "1", Path(sys.argv[3]), sys.argv[4] == "1"
gc.collect()
before = rss_kib()
if trace:
    tracemalloc.start()
start = time.process_time()
g = geo.Gazetteer(tier, cache=cache, cache_dir=cache_dir)
seconds = time.process_time() - start
start = time.process_time()
g.resolve("Bengaluru, Karnataka, India")
first = time.process_time() - start
start = time.process_time()
read_all(g)
rest = time.process_time() - start
peak = tracemalloc.get_traced_memory()[1] if trace else 0
current = tracemalloc.get_traced_memory()[0] if trace else 0
gc.collect()
print(json.dumps({"seconds": seconds, "first": first, "rest": rest, "rss_kib": rss_kib() - before,
                  "from_cache": g.loaded_from_cache_,
                  "keys": len(g), "traced_peak": peak, "traced_now": current}))
"""


def child(tier: int, *, cache: bool, cache_dir: Path, trace: bool = False) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tier), "1" if cache else "0", str(cache_dir), "1" if trace else "0"],
        check=True, capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def queries() -> list[str]:
    out = []
    for path in TABLES:
        with path.open(encoding="utf-8", newline="") as f:
            lines = [line for line in f if line.strip() and not line.startswith("#")]
        out += [row["query"] for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return out


def per_call_us(fn, texts: list[str], rounds: int) -> tuple[float, float]:
    """Median and p99 of per-call CPU time over ``rounds`` passes (µs)."""
    samples = []
    for _ in range(rounds):
        for t in texts:
            start = time.process_time_ns()
            fn(t)
            samples.append((time.process_time_ns() - start) / 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.99 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tier", type=int, default=15000, choices=(500, 1000, 5000, 15000))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = Path(tmp)
        builds = [child(args.tier, cache=False, cache_dir=cache_dir) for _ in range(args.repeats)]
        child(args.tier, cache=True, cache_dir=cache_dir)  # writes the cache
        loads = [child(args.tier, cache=True, cache_dir=cache_dir) for _ in range(args.repeats)]
        traced = child(args.tier, cache=True, cache_dir=cache_dir, trace=True)
        cache_mib = sum(p.stat().st_size for p in cache_dir.glob("gazetteer-*.marshal")) / 2**20

        from fakeprofile.geo import Gazetteer

        g = Gazetteer(args.tier, cache_dir=cache_dir)
        for text in queries():
            g.resolve(text)  # reads the shards the lookups need before they are timed
    texts = queries()
    uncached = per_call_us(g._resolve_uncached, texts, rounds=20)
    for t in texts:
        g.resolve(t)
    cached = per_call_us(g.resolve, texts, rounds=20)

    med = statistics.median
    print(f"gazetteer, tier {args.tier}: {builds[0]['keys']:,} names; medians of {args.repeats} fresh processes")
    print(f"  build (no disk cache)      {med(b['seconds'] for b in builds):6.2f} s")
    print(f"  load from disk cache       {med(b['seconds'] for b in loads):6.3f} s   (file {cache_mib:.1f} MiB)")
    print(f"    then the first lookup    {med(b['first'] for b in loads):6.3f} s   (reads the name shards it needs)")
    print(f"    then every other shard   {med(b['rest'] for b in loads):6.3f} s   (what a large batch reads in time)")
    print(f"  RSS of loaded index        {med(b['rss_kib'] for b in loads) / 1024:6.1f} MiB")
    print(f"  RSS of built index         {med(b['rss_kib'] for b in builds) / 1024:6.1f} MiB")
    print(
        f"  tracemalloc, loaded index  {traced['traced_now'] / 2**20:6.1f} MiB (peak while loading "
        f"{traced['traced_peak'] / 2**20:.1f} MiB)"
    )
    print(f"lookups over {len(texts)} table strings x 20 rounds")
    print(f"  uncached resolve           median {uncached[0]:7.1f} µs   p99 {uncached[1]:8.1f} µs")
    print(f"  cached resolve (LRU hit)   median {cached[0]:7.2f} µs   p99 {cached[1]:8.2f} µs")


if __name__ == "__main__":
    main()

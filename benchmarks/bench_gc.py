"""The garbage collector's share of a batch run, with the batch thresholds (``fakeprofile.gcpolicy``) and with
Python's defaults, the anchor. Prints figures; asserts nothing.

    python benchmarks/bench_gc.py [--n 20000] [--reasons 0,3] [--runs 2] [--workdir DIR]

The input is ``bench_dask.py``'s: ``fakeprofile synth --n N --seed 7`` without photos, written once to
``DIR/nophoto-N.jsonl``. Each run is ``fakeprofile predict --jobs 1`` in a fresh process (one process, so every
collection is counted), the anchor with ``BATCH_THRESHOLDS`` set to Python's default thresholds before it starts;
the two alternate, ``--runs`` times each per number of reasons. A run prints its CPU time (``time.process_time``
from the command's start to its end, model load included), the CPU spent in collections of each generation
(``gc.callbacks``), how many collections of each generation ran, and the process's peak RSS. The outputs of the
two are compared byte for byte: the thresholds change when memory is freed, never an answer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_dask import write_input  # noqa: E402

AS_OF = "2026-01"

#: Runs in a fresh process: ``fakeprofile predict`` with the collector timed; argv: out, reasons, data, anchor, as-of.
CHILD = r"""
import gc, json, resource, sys, time
out, reasons, data, anchor, as_of = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5]
if anchor:
    import fakeprofile.gcpolicy
    fakeprofile.gcpolicy.BATCH_THRESHOLDS = gc.get_threshold()
spent, started = [0.0, 0.0, 0.0], [0.0]
def timed(phase, info):
    if phase == "start":
        started[0] = time.process_time()
    else:
        spent[info["generation"]] += time.process_time() - started[0]
gc.callbacks.append(timed)
sys.argv = ["fakeprofile", "--quiet", "predict", "--data", data, "--out", out, "--jobs", "1", "--as-of", as_of,
            "--reasons", reasons]
from fakeprofile.cli import main
start = time.process_time()
try:
    main()
except SystemExit as exc:
    if exc.code not in (0, 3, None):
        raise
cpu = time.process_time() - start
print(json.dumps({"cpu": cpu, "gc": spent, "collections": [s["collections"] for s in gc.get_stats()],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(data: Path, out: Path, reasons: int, anchor: bool) -> dict:
    argv = [str(out), str(reasons), str(data), "1" if anchor else "0", AS_OF]
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="profiles (default 20000)")
    parser.add_argument("--reasons", default="0,3", help="reasons per profile, comma-separated (default 0,3)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each, alternating (default 2)")
    parser.add_argument("--workdir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "fakeprofile-bench"))
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    data = write_input(workdir, args.n)
    print(f"fakeprofile predict --jobs 1 on {args.n:,} synthetic profiles without photos, --as-of {AS_OF}; "
          f"batch thresholds against Python's defaults (the anchor), {args.runs} runs each")
    print(f"{'reasons':>7} {'thresholds':>10} {'run':>3} {'CPU s':>7} {'profiles/CPU s':>15} {'gc CPU s':>9} "
          f"{'gc share':>9} {'collections (gen 0/1/2)':>24} {'peak RSS MB':>12}")
    for reasons in (int(r) for r in args.reasons.split(",")):
        cpu: dict[str, list[float]] = {"batch": [], "default": []}
        outs = {name: workdir / f"gc-{name}-{reasons}.jsonl" for name in cpu}
        for number in range(1, args.runs + 1):
            # Alternating, the anchor first in odd runs: a drift in the machine's load weighs on both alike.
            for name in ("default", "batch") if number % 2 else ("batch", "default"):
                figures = run(data, outs[name], reasons, anchor=name == "default")
                cpu[name].append(figures["cpu"])
                collections = "/".join(str(n) for n in figures["collections"])
                print(f"{reasons:>7} {name:>10} {number:>3} {figures['cpu']:>7.2f} {args.n / figures['cpu']:>15,.0f} "
                      f"{sum(figures['gc']):>9.2f} {sum(figures['gc']) / figures['cpu']:>9.1%} {collections:>24} "
                      f"{figures['rss_mb']:>12,.0f}")
        same = _sha256(outs["batch"]) == _sha256(outs["default"])
        ratio = statistics.median(cpu["default"]) / statistics.median(cpu["batch"])
        print(f"reasons {reasons}: throughput with the batch thresholds / with the defaults = {ratio:.2f} "
              f"(median CPU); outputs {'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()

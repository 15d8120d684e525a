"""Batch scoring with ``fakeprofile predict``: throughput on 1 and N processes, and peak memory against input
size. Prints figures; asserts nothing.

    python benchmarks/bench_batch.py [--sizes 10000,100000] [--jobs 1,2] [--reasons 3] [--workdir DIR]

For each input size, synthetic profiles without photos (``fakeprofile.synth.generate_profiles``, ids made
unique across generation blocks) are written once to ``DIR/profiles-N.jsonl`` and kept for later runs.
Each run is the real command line in a fresh process (model load, both passes, output written), timed
from start to exit, so profiles/s includes start-up. Memory is measured two ways:

* largest process: the peak RSS of the biggest single process of the run (the main process or one worker),
  exact, from ``getrusage(RUSAGE_CHILDREN)`` in a wrapper process that runs only that command;
* whole tree: the largest sum of the RSS of every process of the run, sampled every 0.1 s (psutil, or
  ``/proc`` without it). Workers share the parent's pages at first, so this sum overstates what is used.

Flat figures across sizes mean memory does not grow with the input. The first pass's campaign tally holds
at most ``fakeprofile.tally.DEFAULT_MEMORY_ROWS`` (key, id) pairs before spilling to disk, more than these
inputs have: ``benchmarks/bench_tally.py`` measures the tally past that point.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

AS_OF = "2026-01"
GENERATION_BLOCK = 20_000


def write_profiles(path: Path, n: int) -> float:
    """Write ``n`` synthetic profiles to ``path``; returns profiles generated per second."""
    from fakeprofile.synth import generate_profiles

    start = time.perf_counter()
    tmp = path.with_suffix(".partial")
    with open(tmp, "w", encoding="utf-8") as out:
        for block, first in enumerate(range(0, n, GENERATION_BLOCK)):
            for profile in generate_profiles(min(GENERATION_BLOCK, n - first), seed=block):
                profile["id"] = f"b{block}-{profile['id']}"  # each block restarts the synthetic ids
                out.write(json.dumps(profile) + "\n")
    tmp.replace(path)
    return n / (time.perf_counter() - start)


def _tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and all its descendants now."""
    try:
        import psutil

        try:
            parent = psutil.Process(pid)
            processes = [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += process.memory_info().rss
        return total
    except ImportError:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        total, todo = 0, [pid]
        while todo:
            current = todo.pop()
            todo += children.get(current, [])
            try:
                for line in Path(f"/proc/{current}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total


def measure(command: list[str]) -> dict[str, float]:
    """Run ``command`` under a wrapper; wall seconds, largest single-process peak and sampled tree peak (MB)."""
    wrapper = [sys.executable, __file__, "--_wrap", "--", *command]
    start = time.perf_counter()
    process = subprocess.Popen(wrapper, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tree_peak = 0
    while process.poll() is None:
        tree_peak = max(tree_peak, _tree_rss(process.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err[-2000:]}")
    largest = json.loads(out.strip().splitlines()[-1])["maxrss_kb"] / 1024
    return {"seconds": wall, "largest_mb": largest, "tree_mb": tree_peak / 2**20}


def _wrap(command: list[str]) -> None:
    code = subprocess.run(command, stdout=subprocess.DEVNULL).returncode
    if code not in (0, 3):
        sys.exit(code)
    print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--_wrap":
        _wrap(sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="input sizes, comma-separated")
    parser.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="process counts, comma-separated")
    parser.add_argument("--reasons", type=int, default=3)
    parser.add_argument("--workdir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "fakeprofile-bench"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)

    print(f"fakeprofile predict, synthetic profiles without photos, --reasons {args.reasons}, "
          f"{os.cpu_count()} cores; workdir {workdir}")
    for n in sizes:
        path = workdir / f"profiles-{n}.jsonl"
        if not path.exists():
            rate = write_profiles(path, n)
            print(f"  generated {n:,} profiles at {rate:,.0f}/s ({path.stat().st_size / 2**20:,.0f} MB)")
    print(f"{'profiles':>10} {'jobs':>5} {'seconds':>9} {'profiles/s':>11} {'largest MB':>11} {'tree MB':>9}")
    for n in sizes:
        rates = {}
        for j in jobs:
            command = [sys.executable, "-m", "fakeprofile.cli", "--quiet", "predict", "--data",
                       str(workdir / f"profiles-{n}.jsonl"), "--out", str(workdir / f"scored-{n}-{j}.jsonl"),
                       "--jobs", str(j), "--reasons", str(args.reasons), "--as-of", AS_OF]
            figures = measure(command)
            rates[j] = n / figures["seconds"]
            print(f"{n:>10,} {j:>5} {figures['seconds']:>9.1f} {rates[j]:>11,.0f} {figures['largest_mb']:>11,.0f} "
                  f"{figures['tree_mb']:>9,.0f}", flush=True)
        if len(rates) > 1:
            first, *others = jobs
            print("           " + "; ".join(f"{j} jobs / {first}: x{rates[j] / rates[first]:.2f}" for j in others))


if __name__ == "__main__":
    main()

"""Scoring on Dask against ``fakeprofile predict --jobs 2`` on the same cores. Prints figures; asserts
nothing.

    python benchmarks/bench_dask.py [--n 20000] [--workers 2] [--runs 2] [--workdir DIR]

The input is ``fakeprofile synth --n N --seed 7`` without photos (its ``photo`` and ``banner`` keys dropped),
written once to ``DIR/nophoto-N.jsonl`` and kept for later runs. Each run is the real command line in a
fresh process, on that input, with the same ``--as-of``; the two alternate, ``--runs`` times each:

* the anchor: ``fakeprofile predict --jobs W`` (``W``: ``--workers``), which starts its own workers;
* Dask: ``fakeprofile predict --dask ADDRESS`` on a new ``LocalCluster`` of ``W`` worker processes of one
  thread each. Its start-up, with the scheduler's and the workers' ``import fakeprofile.dask`` (what
  ``--preload`` does), is printed apart and not counted: a cluster serves many runs. Everything after is counted: the
  model and the campaign counts sent, the workers' caches and the explainer's tables built, as in the
  anchor's workers. A new cluster per run, as a worker's caches (template matches) would favour a second
  run on the same input.

Wall time is from the command's start to its exit. CPU time is user + system, in three parts: the command's
own process; its workers (the anchor's forkserver and worker processes, reparented to a wrapper process and
waited for, ``RUSAGE_CHILDREN``; Dask's worker processes, ``RUSAGE_SELF`` in each before and after); and,
for Dask, this process (``time.process_time``), which runs the scheduler and the nannies. The machine may be
shared: CPU time is the steadier figure. A ratio is Dask's throughput over the anchor's (the anchor's time
over Dask's; 1.00 is parity), per run and over all runs. The two outputs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

AS_OF = "2026-01"
CLI = [sys.executable, "-m", "fakeprofile.cli", "--quiet", "predict"]


def write_input(workdir: Path, n: int) -> Path:
    """``fakeprofile synth --n N --seed 7`` without photos and banners, made once in ``workdir``."""
    path = workdir / f"nophoto-{n}.jsonl"
    if path.exists():
        return path
    print(f"generating {n:,} profiles into {path}", flush=True)
    synth = workdir / f"synth-{n}"
    subprocess.run([sys.executable, "-m", "fakeprofile.cli", "--quiet", "synth", "--n", str(n), "--seed", "7",
                    "--out", str(synth)], check=True, capture_output=True)
    partial = path.with_suffix(".partial")
    with open(synth / "profiles.jsonl", encoding="utf-8") as source, open(partial, "w", encoding="utf-8") as out:
        for line in source:
            if line.strip():
                profile = json.loads(line)
                profile.pop("photo", None)
                profile.pop("banner", None)
                out.write(json.dumps(profile) + "\n")
    partial.replace(path)
    return path


def _wrap(command: list[str]) -> None:
    """Run ``command`` as a child subreaper (Linux): the processes it leaves (a forkserver, its workers) are
    reparented here and waited for, so that ``RUSAGE_CHILDREN`` holds the CPU of every one. Prints the CPU
    of the command's own process and of every process it started, as JSON."""
    import ctypes

    pr_set_child_subreaper = 36
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    own = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    print(json.dumps({"code": done.returncode, "stderr": done.stderr[-2000:], "command": own,
                      "started": _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - own}))


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    """On a worker: its process's CPU seconds so far (every thread)."""
    return _cpu(resource.getrusage(resource.RUSAGE_SELF))


def _workers_cpu(client) -> float:
    return sum(client.run(_own_cpu).values())


def run(command: list[str], client=None) -> dict[str, float]:
    """Run ``command`` (it must succeed, or end with 3: some records rejected): wall seconds, and CPU seconds
    of the command's process, of its workers (those it started, or ``client``'s) and of this process (the
    scheduler, for a ``client``), and their sum."""
    workers = _workers_cpu(client) if client is not None else 0.0
    here, start = time.process_time(), time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--_wrap", "--", *command], capture_output=True, text=True,
                          check=True)
    wall = time.perf_counter() - start
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] not in (0, 3):
        raise RuntimeError(f"{' '.join(command)} failed:\n{result['stderr']}")
    figures = {"wall": wall, "command": result["command"], "workers": result["started"], "scheduler": 0.0}
    if client is not None:
        figures["workers"] += _workers_cpu(client) - workers
        figures["scheduler"] = time.process_time() - here
    figures["cpu"] = figures["command"] + figures["workers"] + figures["scheduler"]
    return figures


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ratio(figures: dict[str, dict[str, float]], key: str) -> str:
    """Dask's throughput over the anchor's (the anchor's time over Dask's)."""
    return f"{figures['anchor'][key] / figures['dask'][key]:.2f}"


def _preload() -> None:
    """On a worker: import what the tasks need (returning nothing, which this process would import too)."""
    import fakeprofile.dask  # noqa: F401


def dask_run(command: list[str], workers: int) -> dict[str, float]:
    """:func:`run` of ``command --dask ADDRESS`` on a new LocalCluster (no worker keeps a cache from an earlier
    run), whose start-up, with the import of ``fakeprofile.dask`` by the scheduler and the workers (``dask
    scheduler --preload``, ``dask worker --preload``), is timed apart."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)  # its warnings on a busy machine (a slow event loop)
    here, start = time.process_time(), time.perf_counter()
    import fakeprofile.dask  # noqa: F401  (the scheduler, in this process, unpickles the tasks: their functions)

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        client.run(_preload)
        startup = {"startup_wall": time.perf_counter() - start,
                   "startup_cpu": time.process_time() - here + _workers_cpu(client)}
        return run([*command, "--dask", cluster.scheduler_address], client) | startup


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--_wrap":
        _wrap(sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="profiles (default 20000)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers, and --jobs of the anchor (default 2)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each, alternating (default 2)")
    parser.add_argument("--workdir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "fakeprofile-bench"))
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    data = write_input(workdir, args.n)

    print(f"fakeprofile predict on {args.n:,} synthetic profiles without photos "
          f"({data.stat().st_size / 2**20:,.0f} MB), --as-of {AS_OF}, {os.cpu_count()} cores: anchor --jobs "
          f"{args.workers}, Dask a new LocalCluster of {args.workers} worker processes x 1 thread per run")
    print(f"{'run':>4} {'':>9} {'wall s':>7} {'CPU s':>7} {'command':>8} {'workers':>8} {'scheduler':>10} "
          f"{'profiles/s':>11} {'profiles/CPU s':>15}")
    outs = {"anchor": workdir / "scored-jobs.jsonl", "dask": workdir / "scored-dask.jsonl"}
    command = [*CLI, "--data", str(data), "--as-of", AS_OF]
    totals = {"anchor": {"wall": 0.0, "cpu": 0.0}, "dask": {"wall": 0.0, "cpu": 0.0}}
    # Alternating, the anchor first in odd runs and second in even ones: a drift in the machine's load
    # weighs on both alike.
    for number in range(1, args.runs + 1):
        order = ("anchor", "dask") if number % 2 else ("dask", "anchor")
        figures = {}
        for name in order:
            if name == "anchor":
                figures[name] = run([*command, "--out", str(outs[name]), "--jobs", str(args.workers)])
            else:
                figures[name] = dask_run(command + ["--out", str(outs[name])], args.workers)
        for name, label in (("anchor", f"--jobs {args.workers}"), ("dask", "--dask")):
            f = figures[name]
            totals[name]["wall"] += f["wall"]
            totals[name]["cpu"] += f["cpu"]
            print(f"{number:>4} {label:>9} {f['wall']:>7.1f} {f['cpu']:>7.1f} {f['command']:>8.1f} "
                  f"{f['workers']:>8.1f} {f['scheduler']:>10.1f} {args.n / f['wall']:>11,.0f} "
                  f"{args.n / f['cpu']:>15,.0f}")
        identical = _sha256(outs["anchor"]) == _sha256(outs["dask"])
        print(f"{'':>15}Dask / --jobs {args.workers}: throughput x{_ratio(figures, 'wall')} (wall), "
              f"x{_ratio(figures, 'cpu')} (CPU); outputs {'byte-identical' if identical else 'DIFFER'}; "
              f"the cluster's start-up, not counted: {figures['dask']['startup_wall']:.1f} s wall, "
              f"{figures['dask']['startup_cpu']:.1f} s CPU", flush=True)
    if args.runs > 1:
        print(f"all {args.runs} runs: Dask / --jobs {args.workers}: throughput x{_ratio(totals, 'wall')} (wall), "
              f"x{_ratio(totals, 'cpu')} (CPU)")


if __name__ == "__main__":
    main()

"""Start-up: what a person checking one profile waits for, in CPU time of fresh processes. Prints figures;
asserts nothing.

    python benchmarks/bench_startup.py [--runs 2]

Each figure is the CPU time (user + system, from the child's rusage) of a new Python process, the median of
``--runs`` runs after one unmeasured run, so the operating system's file cache is warm but nothing else is.
The children may write and read compiled bytecode (``__pycache__``) even where ``PYTHONDONTWRITEBYTECODE`` is
set, as an installed package has it: compiling the package's source again in every run (0.1 s) is not what a
user waits for.

  * ``import fakeprofile``;
  * loading the default model (``load_model()``), and the anchor in the same run: the previous release's
    path, which read scikit-learn's classifier from ``model.skops`` through skops (``Model.classifier``);
  * ``fakeprofile predict`` of one profile (``data/examples.jsonl``'s first) with 3 reasons and with none;
  * ``fakeprofile serve`` until ``/v1/health`` answers ``ok`` (the server's own CPU time up to then, read
    from /proc; needs the serve extra).
Anchors: an empty ``python -c pass`` and ``import sklearn`` alone, and the ratios to them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "fakeprofile.cli"]
#: The children's environment: bytecode cached, as an installed package has it.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def child_cpu(command: list[str]) -> float:
    """CPU seconds of one run of ``command`` (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, cwd=ROOT, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def serve_ready_cpu(timeout: float = 60.0) -> float:
    """The server process's CPU seconds from its start until /v1/health says ok."""
    port = _free_port()
    server = subprocess.Popen([*CLI, "serve", "--port", str(port), "--quiet"], cwd=ROOT, env=CHILD_ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=1) as answer:
                    if json.load(answer).get("status") == "ok":
                        return _proc_cpu(server.pid)
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("the server did not become ready")
    finally:
        server.terminate()
        server.wait()


def median_of(runs: int, measure) -> float:  # noqa: ANN001
    measure()  # unmeasured: writes the bytecode and warms the file cache
    return statistics.median(measure() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=2, help="runs of each figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        one.write_text((ROOT / "data" / "examples.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n")
        out = Path(tmp) / "out.jsonl"
        py = [sys.executable, "-c"]
        figures = {
            "python -c pass (anchor)": lambda: child_cpu([*py, "pass"]),
            "import sklearn (anchor)": lambda: child_cpu([*py, "import sklearn"]),
            "import fakeprofile": lambda: child_cpu([*py, "import fakeprofile"]),
            "load_model()": lambda: child_cpu([*py, "from fakeprofile.artifact import load_model; load_model()"]),
            "load_model() + skops classifier (previous path, anchor)": lambda: child_cpu(
                [*py, "from fakeprofile.artifact import load_model; load_model().classifier"]),
            "fakeprofile predict, 1 profile, 3 reasons": lambda: child_cpu(
                [*CLI, "predict", "--data", str(one), "--out", str(out), "--quiet"]),
            "fakeprofile predict, 1 profile, --reasons 0": lambda: child_cpu(
                [*CLI, "predict", "--data", str(one), "--out", str(out), "--quiet", "--reasons", "0"]),
            "fakeprofile --help": lambda: child_cpu([*CLI, "--help"]),
        }
        try:
            import uvicorn  # noqa: F401

            figures["fakeprofile serve, ready"] = serve_ready_cpu
        except ImportError:
            print("(serve not timed: the serve extra is not installed)")
        results = {}
        for name, measure in figures.items():
            results[name] = median_of(args.runs, measure)
        base, sk = results["python -c pass (anchor)"], results["import sklearn (anchor)"]
        print(f"CPU seconds, median of {args.runs} fresh processes each")
        for name, cpu in results.items():
            print(f"  {name:<58} {cpu:6.3f} s   x{cpu / base:5.1f} of python -c pass   "
                  f"x{cpu / sk:4.2f} of import sklearn")
        previous = results["load_model() + skops classifier (previous path, anchor)"]
        print(f"  load_model() takes {results['load_model()'] / previous:.2f} of the previous path's CPU time")


if __name__ == "__main__":
    main()

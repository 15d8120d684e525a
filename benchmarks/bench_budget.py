"""Where a batch profile's CPU goes, stage by stage, against issue 20's budgets. Prints figures; asserts nothing.

    python benchmarks/bench_budget.py [--n 20000] [--reasons 0 3] [--runs 2] [--as-of 2026-10] [--workdir DIR]

Issue 20 asks ``fakeprofile predict`` for 5,000 profiles per CPU-second without reasons and 2,500 with 3 reasons
on each side: 200 and 400 CPU-µs a profile, everything included. This shows which stages that budget has to
cover, and what each costs now. The input is ``bench_dask.py``'s: ``fakeprofile synth --n N --seed 7`` without
photos and banners.

Each run is a fresh process (every text seen for the first time, as in a real batch) that runs ``predict``'s own
code, :func:`fakeprofile.parallel.score_sources` with ``--jobs 1``, with a CPU timer (``time.process_time``)
around the functions that make up its stages:

* pass 1 (campaign counts): decoding and validating the records (``row_items``), the campaign keys (the
  invitation note's template match, kept for pass 2), and the rest of its chunk task;
* pass 2 (scoring): decoding and validating again, each extractor (``extract_batch``), the trees with the
  verdicts (``judged_from_matrix``), the exact contributions (``Model.contributions``, TreeSHAP; its tables,
  built once per process, apart), the reasons' clues and words (``both_sides``, with ``evidence``), the JSON
  lines (``prediction_record`` and ``write_jsonl_line``), and the rest (the predictions' other fields, the clue
  sums);
* outside the chunks: the process's CPU outside both passes' chunk tasks (fakeprofile's imports, the model,
  reading the lines, the campaign tally, writing the output file; not the interpreter's own start-up).

"All stages" adds up each stage's median over the runs.

The timers cost about a microsecond a profile. The anchor, in the same run: the real command line in a fresh
process, its CPU (user + system) from ``RUSAGE_CHILDREN``: the stages' total should come close to it.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_dask import CLI, run, write_input

BUDGET_US = {0: 200.0, 3: 400.0}  # 5,000 and 2,500 profiles per CPU-second


def _stages(data: str, n_reasons: int, as_of: str) -> dict[str, float]:
    """In this process: ``score_sources`` on ``data`` with timers around its stages; CPU seconds by stage."""
    seconds: dict[str, float] = defaultdict(float)
    phase = ["start-up"]

    def timed(stage: str | Callable[[], str], function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[stage() if callable(stage) else stage] += time.process_time() - start
        return wrapper

    def in_phase(name: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            phase[0] = name
            return timed(name, function)(*args, **kwargs)
        return wrapper

    started = time.process_time()
    from fakeprofile import explain, parallel, scoring
    from fakeprofile.artifact import load_model
    from fakeprofile.io import jsonl
    from fakeprofile.io.readers import DataSource

    model = load_model()
    model.scoring_as_of = as_of
    parallel._count_chunk = in_phase("pass 1", parallel._count_chunk)
    parallel._score_chunk = in_phase("pass 2", parallel._score_chunk)
    parallel.row_items = timed(lambda: f"{phase[0]}: decode + validate", parallel.row_items)
    parallel.item_keys = timed("pass 1: campaign keys (template match)", parallel.item_keys)
    for extractor in model.builder.extractors:
        kind = type(extractor)
        kind.extract_batch = timed(f"pass 2: extract {extractor.name}", kind.extract_batch)
    scoring.Model.judged_from_matrix = timed("pass 2: trees + verdicts", scoring.Model.judged_from_matrix)
    scoring.Model.contributions = timed("pass 2: contributions (TreeSHAP)", scoring.Model.contributions)
    scoring.TreeShap = timed("pass 2: TreeSHAP tables (once a process)", scoring.TreeShap)
    scoring.both_sides = timed("pass 2: reasons' clues and words", explain.both_sides)
    parallel.prediction_record = timed("pass 2: JSON lines", parallel.prediction_record)
    jsonl.write_jsonl_line = timed("pass 2: JSON lines", jsonl.write_jsonl_line)
    out = Path(data).with_name(f"budget-{os.getpid()}.jsonl")
    before = time.process_time()
    seconds["start-up"] = before - started
    try:
        parallel.score_sources(model, [DataSource(Path(data))], out, jobs=1, n_reasons=n_reasons)
    finally:
        for leftover in out.parent.glob(f"{out.name}*"):
            leftover.unlink()
    return dict(seconds) | {"total": time.process_time() - started}


def _split(seconds: dict[str, float]) -> dict[str, float]:
    """Each pass's own stages, its remainder as 'pass N: other', and the tables out of TreeSHAP's time."""
    tables = seconds.get("pass 2: TreeSHAP tables (once a process)", 0.0)
    if "pass 2: contributions (TreeSHAP)" in seconds:
        seconds["pass 2: contributions (TreeSHAP)"] -= tables  # the tables are built in its first call
    rows = {}
    for phase in ("pass 1", "pass 2"):
        parts = {k: v for k, v in seconds.items() if k.startswith(f"{phase}: ")}
        rows |= parts | {f"{phase}: other": seconds.get(phase, 0.0) - sum(parts.values())}
    inside = seconds.get("pass 1", 0.0) + seconds.get("pass 2", 0.0)
    rows["outside chunks: start-up, reading, tally, output"] = seconds["total"] - inside
    return rows


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--_stages":
        print(json.dumps(_stages(sys.argv[2], int(sys.argv[3]), sys.argv[4])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="profiles (default 20000)")
    parser.add_argument("--reasons", type=int, nargs="+", default=[0, 3], help="reasons per side (default 0 3)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each (default 2)")
    parser.add_argument("--as-of", default="2026-10", help="the month profiles are measured to (default 2026-10)")
    parser.add_argument("--workdir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "fakeprofile-bench"))
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    data = write_input(workdir, args.n)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent),
                                                                      os.environ.get("PYTHONPATH")]))}
    print(f"fakeprofile predict --jobs 1 on {args.n:,} synthetic profiles without photos, --as-of {args.as_of}; "
          f"CPU µs a profile, median of {args.runs} runs (each in a fresh process)")
    for n_reasons in args.reasons:
        staged, anchor = [], []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--_stages", str(data), str(n_reasons), args.as_of],
                                  capture_output=True, text=True, check=True, env=env)
            staged.append(_split(json.loads(done.stdout.strip().splitlines()[-1])))
            command = [*CLI, "--data", str(data), "--as-of", args.as_of, "--jobs", "1", "--reasons", str(n_reasons),
                       "--out", str(workdir / "budget-anchor.jsonl")]
            anchor.append(run(command)["cpu"])
            for leftover in workdir.glob("budget-anchor.jsonl*"):
                leftover.unlink()
        per_profile = {name: statistics.median(s[name] for s in staged) / args.n * 1e6 for name in staged[0]}
        total = sum(per_profile.values())
        budget = BUDGET_US.get(n_reasons)
        print(f"\n--reasons {n_reasons}" + (f": budget {budget:.0f} µs ({1e6 / budget:,.0f} profiles/CPU-s)"
                                          if budget else ""))
        for name, us in sorted(per_profile.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<52} {us:8.1f} µs  {us / total:6.1%}")
        print(f"  {'all stages':<52} {total:8.1f} µs  -> {1e6 / total:,.0f} profiles/CPU-s"
              + (f", {total / budget:.1f}x the budget" if budget else ""))
        anchor_us = statistics.median(anchor) / args.n * 1e6
        print(f"  {'anchor: the command line, whole process':<52} {anchor_us:8.1f} µs  -> "
              f"{1e6 / anchor_us:,.0f} profiles/CPU-s (runs: {', '.join(f'{args.n / a:,.0f}' for a in anchor)})")


if __name__ == "__main__":
    main()

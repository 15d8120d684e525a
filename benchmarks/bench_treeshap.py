"""CPU cost of exact TreeSHAP contributions per profile, against the feature-swap effects they replace.

    python benchmarks/bench_treeshap.py [--rows 2048] [--repeats 5]

On the shipped model and the sample profiles (data/sample/profiles.jsonl, repeated to ``--rows``), one
process, CPU time (``time.process_time``), median of ``--repeats`` runs each:

  * building :class:`fakeprofile.treeshap.TreeShap` (once per process), and the memory its tables hold
  * ``TreeShap.contributions`` on the whole batch: CPU ms per profile
  * ``TreeShap.contributions`` on 1, 4, 8 and 16 rows, the groups a server explains together (up to
    ``treeshap.FEW_ROWS``, rows first: ``_FewRows``): CPU ms per call, each call on other rows of the batch, as a
    server's calls are (the same rows again and again would find them in cache)
  * the anchor, in the same process on the same matrix: ``CompiledTrees.decision_with_swaps`` as the earlier
    reasons path called it (every value that differs from the genuine training median, swapped to it; the
    medians are the batch's own medians): CPU ms per profile, and the ratio of the two.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: a per-core figure
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from fakeprofile.artifact import default_model  # noqa: E402
from fakeprofile.io.jsonl import read_jsonl  # noqa: E402
from fakeprofile.treeshap import TreeShap  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "profiles.jsonl"


def cpu_ms_per_row(work, n_rows: int, repeats: int) -> tuple[float, list[float]]:
    """Median CPU milliseconds per row of ``work()``, and every run's figure."""
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        work()
        runs.append((time.process_time() - start) * 1000 / n_rows)
    return statistics.median(runs), runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    model = default_model()
    profiles = [item.profile for item in read_jsonl(SAMPLE) if item.ok]
    matrix = model.scoring_builder().matrix(profiles)
    matrix = matrix[np.arange(args.rows) % len(matrix)]
    trees = model.trees

    start = time.process_time()
    explainer = TreeShap(trees)
    build_s = time.process_time() - start
    phi = explainer.contributions(matrix)  # also warms the chunk plans
    additivity = float(np.abs(phi.sum(axis=1) + explainer.expected_value - trees.decision_function(matrix)).max())
    shap_ms, shap_runs = cpu_ms_per_row(lambda: explainer.contributions(matrix), len(matrix), args.repeats)
    calls = 200  # per timing: a call on a few rows takes about a millisecond
    starts = {rows: [(k * rows) % (len(matrix) - rows) for k in range(calls)] for rows in (1, 4, 8, 16)}
    few_rows = {rows: cpu_ms_per_row(lambda rows=rows: [explainer.contributions(matrix[k:k + rows])
                                                        for k in starts[rows]], calls, args.repeats)[0]
                for rows in starts}

    # The previous reasons swapped each value to the genuine median; the batch's median stands in for it (models
    # no longer record one), which gives the same number of swaps to within a few.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a column no profile fills has no median
        reference = np.nanmedian(matrix, axis=0)
    rows, cols = np.nonzero(~((matrix == reference) | (np.isnan(matrix) & np.isnan(reference))))
    values = reference[cols]
    trees.decision_with_swaps(matrix, rows, cols, values)
    swap_ms, swap_runs = cpu_ms_per_row(lambda: trees.decision_with_swaps(matrix, rows, cols, values),
                                        len(matrix), args.repeats)

    print(f"model: {len(trees.roots)} trees, {int(trees.is_leaf.sum())} leaves, {trees.n_features} features; "
          f"batch: {len(matrix):,} sample profiles; CPU time, median of {args.repeats} runs")
    few = f" (+ {explainer.few_nbytes / 2**20:.1f} MiB for a few rows)" if hasattr(explainer, "few_nbytes") else ""
    print(f"TreeShap build:                       {build_s:8.2f} s CPU, tables {explainer.nbytes / 2**20:.1f} MiB{few}")
    print(f"contributions (exact TreeSHAP):       {shap_ms:8.4f} ms/profile  "
          f"(runs {', '.join(f'{r:.4f}' for r in shap_runs)}; additivity error {additivity:.1e})")
    print(f"contributions of a served group:      "
          f"{', '.join(f'{rows} rows {ms:.3f}' for rows, ms in few_rows.items())} ms/call")
    print(f"  per row:                            "
          f"{', '.join(f'{rows} rows {ms / rows:.3f}' for rows, ms in few_rows.items())} ms/row")
    print(f"decision_with_swaps (anchor, {len(rows) / len(matrix):.1f} swaps/profile): {swap_ms:8.4f} ms/profile  "
          f"(runs {', '.join(f'{r:.4f}' for r in swap_runs)})")
    print(f"contributions / anchor:               {shap_ms / swap_ms:8.2f}")


if __name__ == "__main__":
    main()

"""Layout leakage of a fresh synthetic data set: does layout alone separate fake from genuine?

    python benchmarks/bench_layout_leakage.py [--n 5000] [--seed 424242] [--folds 5] [--top N]

Writes ``--n`` synthetic profiles with their photos to a temporary folder (``fakeprofile.synth.generate``),
reads ``profiles.jsonl`` back, computes :func:`fakeprofile.audit.layout.layout_features` (photo sizes read
from the files) and cross-validates a classifier on them (:func:`~fakeprofile.audit.layout.layout_leakage`).
Prints the overall ROC-AUC against ``LAYOUT_LEAKAGE_BOUND`` with PASS or FAIL, every column's own AUC
(highest first), and the CPU and wall time of each step. Prints figures; asserts nothing; always exits 0
(``tests/audit/test_layout.py`` holds the generator to the bound).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from fakeprofile.audit.layout import LAYOUT_LEAKAGE_BOUND, layout_features, layout_leakage
from fakeprofile.synth import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="synthetic profiles to generate")
    parser.add_argument("--seed", type=int, default=424242, help="generator and cross-validation seed")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    parser.add_argument("--top", type=int, default=None, help="print only this many columns (default: all)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="layout-leakage-") as tmp:
        cpu, wall = time.process_time(), time.perf_counter()
        generate(args.n, args.seed, tmp)
        profiles_path = Path(tmp) / "profiles.jsonl"
        with open(profiles_path, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        generated = time.process_time() - cpu, time.perf_counter() - wall

        cpu, wall = time.process_time(), time.perf_counter()
        frame = layout_features(records, base_dir=tmp)
        featured = time.process_time() - cpu, time.perf_counter() - wall

    labels = [int(record["label"]) for record in records]
    cpu, wall = time.process_time(), time.perf_counter()
    report = layout_leakage(frame, labels, folds=args.folds, seed=args.seed)
    audited = time.process_time() - cpu, time.perf_counter() - wall

    photos = int(frame["photo_width"].notna().sum())
    print(f"synthetic set: {len(records):,} profiles (seed {args.seed}), {sum(labels):,} fake, "
          f"{photos:,} photos read; {frame.shape[1]} layout columns")
    print(report.describe(top=args.top))
    print(f"overall cross-validated ROC-AUC {report.auc:.4f}  bound {LAYOUT_LEAKAGE_BOUND:.2f}  "
          f"{'PASS' if report.passed else 'FAIL'}")
    print("time (CPU s / wall s):")
    print(f"  generate + read back   {generated[0]:7.2f} / {generated[1]:7.2f}")
    print(f"  layout features        {featured[0]:7.2f} / {featured[1]:7.2f}"
          f"   ({len(records) / max(featured[1], 1e-9):,.0f} profiles/s)")
    print(f"  leakage ({args.folds}-fold CV)   {audited[0]:7.2f} / {audited[1]:7.2f}")
    total = generated[0] + featured[0] + audited[0]
    print(f"  total CPU              {total:7.2f}")


if __name__ == "__main__":
    main()

"""Gain from each clue family: cross-validated metrics with and without it. Prints figures; asserts nothing.

    python benchmarks/compare_extractors.py [--n 6000] [--seed 11] [--folds 5] [--ablate | --add NAME ...]

Each line adds one extractor family to the previous set and runs the whole training recipe (inner folds,
calibration, threshold at 1% FPR) in stratified, group-aware k-fold cross-validation on synthetic data.
The profiles come with their photos (written to a temporary folder), so the photo family is measured too.
The built-in families come in the shipped model's order; families registered but not in it come last.
``--ablate`` instead compares all families with all but one, for each family. ``--add machine_text``
compares the shipped model's families with the same plus each named family (one line each).
"""

from __future__ import annotations

import argparse
import tempfile

from fakeprofile.extractors import DEFAULT_EXTRACTORS, REGISTRY
from fakeprofile.io.jsonl import read_jsonl
from fakeprofile.synth import generate
from fakeprofile.training import cross_validate

FOUNDATION = ["activity", "completeness", "connections", "name"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--folds", type=int, default=5)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--ablate", action="store_true", help="all families vs all but one")
    which.add_argument("--add", nargs="+", metavar="NAME", default=[],
                       help="the shipped model's families vs the same plus each named family")
    args = parser.parse_args()
    unknown = [n for n in args.add if n not in REGISTRY]
    if unknown:
        parser.error(f"unknown extractor(s) {unknown}; registered: {sorted(REGISTRY)}")
    with tempfile.TemporaryDirectory() as folder:
        summary = generate(args.n, args.seed, folder, progress=True)
        profiles = [item.profile for item in read_jsonl(summary.profiles_path)]
        run(profiles, args)


def run(profiles: list, args: argparse.Namespace) -> None:
    everything = list(DEFAULT_EXTRACTORS) + [n for n in REGISTRY if n not in DEFAULT_EXTRACTORS]
    if args.add:
        shipped = list(DEFAULT_EXTRACTORS)
        sets = [shipped] + [shipped + [n] for n in args.add if n not in shipped]
    elif args.ablate:
        sets = [everything] + [[n for n in everything if n != left_out] for left_out in everything]
    else:
        sets = [FOUNDATION]
        for name in everything:
            if name not in FOUNDATION:
                sets.append(sets[-1] + [name])
    print(f"{len(profiles):,} synthetic profiles with photos (seed {args.seed}), {args.folds}-fold cross-validation")
    print(f"{'extractors':<60} {'ROC-AUC':>8} {'AP':>7} {'recall@thr':>10} {'FPR@thr':>8}")
    for names in sets:
        result = cross_validate(profiles, seed=0, n_folds=args.folds, extractors=names)
        m = result["mean"]["at_threshold"]
        if args.add:
            label = "shipped" if names is sets[0] else f"shipped+{names[-1]}"
        elif args.ablate:
            missing = [n for n in everything if n not in names]
            label = "all" if not missing else f"all but {missing[0]}"
        else:
            label = "+".join(names) if names is FOUNDATION else "foundation+" + "+".join(names[len(FOUNDATION):])
        print(f"{label:<60} {m['roc_auc']:8.4f} {m['average_precision']:7.4f} {m['recall']:10.3f} "
              f"{m['false_positive_rate']:8.4f}")


if __name__ == "__main__":
    main()

"""Training time on synthetic profiles. Prints figures; asserts nothing.

    python benchmarks/bench_training.py [--n 100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import time

from fakeprofile.schema import Profile
from fakeprofile.synth import generate_profiles
from fakeprofile.training import train


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    start = time.perf_counter()
    profiles = [Profile.model_validate(r) for r in generate_profiles(args.n, seed=args.seed)]
    generated = time.perf_counter() - start

    start = time.perf_counter()
    model, report = train(profiles, seed=args.seed, progress=True)
    trained = time.perf_counter() - start

    print(f"profiles: {args.n:,} synthetic (seed {args.seed}), generated and validated in {generated:.1f} s")
    print(f"training (6 classifier fits: 5 folds + final, calibration, threshold): {trained:.1f} s")
    print(f"  = {args.n / trained:,.0f} profiles/s of training data")
    print(f"  iterations of the final classifier (early stopping): {model.classifier.n_iter_}")
    print(report.describe())


if __name__ == "__main__":
    main()

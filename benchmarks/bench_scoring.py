"""Batch scoring throughput and single-profile latency. Prints figures; asserts nothing.

    python benchmarks/bench_scoring.py [--n 20000] [--seed 0]

Measures, on one process (the machine's other core is left alone), in CPU time (``time.process_time``: the
machines are shared and wall time is noisy):
  * featurisation: each extractor alone and all together, on already-validated profiles (profiles/s)
  * validation + featurisation: JSON text -> Profile -> features (profiles/s)
  * batch scoring without reasons and with 3 reasons on each side (profiles/s), and what the reasons cost
    per profile (CPU ms): the exact TreeSHAP contributions, the clue sums and the evidence in words. The
    anchor, in the same process: the previous reasons' core, the probability change of every feature
    swapped to a reference value (:meth:`fakeprofile.trees.CompiledTrees.decision_with_swaps`, the method
    before TreeSHAP), whose whole pipeline cost 0.5 ms per profile.
  * the bare model: probabilities of a ready feature matrix by the compiled trees, and the anchor in the same
    process, scikit-learn's ``decision_function`` and calibrator (the previous release's batch path), with the
    share of batch scoring the model itself takes
  * single-profile predict() latency with reasons: median and p99 over repeated calls (ms, wall time)
Each throughput figure is the median of at least 3 runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import warnings

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: a per-core figure

from fakeprofile.schema import Profile  # noqa: E402
from fakeprofile.synth import generate_profiles  # noqa: E402
from fakeprofile.training import train  # noqa: E402


def _median_rate(n: int, work, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return n / statistics.median(times)


def _swap_effects(model, matrix) -> None:
    """The anchor: the previous reasons' core (every differing feature swapped to the genuine median)."""
    with warnings.catch_warnings():  # a column no profile fills has no median: NaN, as the old reference had
        warnings.simplefilter("ignore", RuntimeWarning)
        reference = np.nanmedian(matrix, axis=0)
    rows, cols = np.nonzero(~((matrix == reference) | (np.isnan(matrix) & np.isnan(reference))))
    model.trees.decision_with_swaps(matrix, rows, cols, reference[cols])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    raw = generate_profiles(args.n, seed=args.seed)
    lines = [json.dumps(r) for r in raw]
    profiles = [Profile.model_validate(r) for r in raw]
    model, _ = train(profiles[: min(len(profiles), 5000)], seed=args.seed)
    model.scoring_as_of = model.builder.context.as_of
    builder = model.builder

    per_extractor = {
        ex.name: _median_rate(args.n, lambda ex=ex: ex.extract_batch(profiles, builder.context))
        for ex in builder.extractors
    }
    feat = _median_rate(args.n, lambda: builder.matrix(profiles))
    val_feat = _median_rate(args.n, lambda: builder.matrix([Profile.model_validate_json(s) for s in lines]))
    n_batch = min(args.n, 5000)
    scoring = _median_rate(n_batch, lambda: model.predict_profiles(profiles[:n_batch]), repeats=3)
    scoring_no_reasons = _median_rate(n_batch, lambda: model.predict_profiles(profiles[:n_batch], n_reasons=0),
                                      repeats=3)
    matrix = builder.matrix(profiles[:n_batch])
    model.contributions(matrix[:10])  # the explainer's tables are built once per model, not per batch
    contributions = _median_rate(n_batch, lambda: model.contributions(matrix), repeats=3)
    anchor = _median_rate(n_batch, lambda: _swap_effects(model, matrix), repeats=3)
    # The bare model: the trees' probabilities for a ready matrix (what scoring costs without features, reasons or
    # records), walked by fakeprofile.trees, and by scikit-learn (the previous release's path for batches).
    bare = _median_rate(n_batch, lambda: model.probabilities_from_matrix(matrix), repeats=3)
    classifier, calibrator = model.classifier, model.calibrator
    sklearn_bare = _median_rate(n_batch, lambda: calibrator.predict_proba(
        classifier.decision_function(matrix).reshape(-1, 1))[:, 1], repeats=3)

    latencies = []
    for raw_profile in raw[:500]:
        start = time.perf_counter()
        model.predict(raw_profile)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()

    print(f"profiles: {args.n:,} synthetic (seed {args.seed}); features: {len(builder.feature_names)}; one process")
    for name, rate in per_extractor.items():
        print(f"  extractor {name:<30} {rate:12,.0f} profiles/s")
    foundation = [n for n in ("activity", "completeness", "connections", "name") if n in per_extractor]
    combined = 1 / sum(1 / per_extractor[n] for n in foundation)
    print(f"  foundation extractors together ({', '.join(foundation)}): {combined:,.0f} profiles/s")
    print(f"featurisation, all extractors:           {feat:12,.0f} profiles/s")
    print(f"validation + featurisation (from JSON):   {val_feat:12,.0f} profiles/s")
    print(f"batch scoring, no reasons:                {scoring_no_reasons:12,.0f} profiles/s")
    print(f"batch scoring with 3 reasons each side:   {scoring:12,.0f} profiles/s")
    print(f"  reasons cost {1000 / scoring - 1000 / scoring_no_reasons:.3f} CPU ms per profile (target <= 0.5, "
          f"aim 0.25), of which TreeSHAP contributions {1000 / contributions:.3f} ms; anchor (feature swaps, the "
          f"previous method's core) {1000 / anchor:.3f} ms; contributions / anchor = {anchor / contributions:.2f}")
    print(f"bare model (probabilities of a ready matrix): {bare:12,.0f} profiles/s, scikit-learn's "
          f"decision_function + calibrator {sklearn_bare:,.0f} profiles/s (ratio ours / scikit-learn "
          f"{sklearn_bare / bare:.2f} in CPU time); the model is {scoring_no_reasons / bare:.1%} of batch scoring "
          f"without reasons")
    print(f"single predict() with reasons: median {statistics.median(latencies):.2f} ms, "
          f"p99 {latencies[int(0.99 * len(latencies)) - 1]:.2f} ms (500 calls)")


if __name__ == "__main__":
    main()

"""How far an unknown value moves a model's scores, feature by feature. Prints figures; asserts nothing.

    python benchmarks/bench_unknown_shift.py [--model models/default] [--n 2000] [--seed 8675309]

For every feature, each profile in which it is observed is scored again with it set to NaN, and the
shift in calibrated log-odds is summarised (:mod:`fakeprofile.audit.missing`): mean absolute shift (held to
``UNKNOWN_SHIFT_BOUND``), signed mean (positive: unknown looks more fake), 95th percentile and maximum.
Measured on ``--n`` fresh synthetic profiles, then, when it is present beside the repository, on the 20 rows
of the real LinkedIn sample (``../shared/data/real/linkedin_llm_sample/``). Features over the bound do not
change the exit status (0), nor does a model that does not load (its error is printed):
``tests/audit/test_missing.py`` is the test that holds the model to the bound.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fakeprofile import ModelLoadError, load_model
from fakeprofile.audit.missing import UNKNOWN_SHIFT_BOUND, describe, unknown_shift
from fakeprofile.io.readers import DataSource, read_sources
from fakeprofile.schema import Profile
from fakeprofile.synth import generate_profiles

REAL_SAMPLE = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real" / "linkedin_llm_sample"
               / "llm_fake_profiles_sample.csv")


def measure(model, profiles: list[Profile], title: str) -> None:
    start = time.process_time()
    frame = unknown_shift(model, profiles)
    cpu = time.process_time() - start
    n_over = int((~frame["within_bound"]).sum())
    print(f"== {title}: {len(profiles):,} profiles, {len(frame)} features ==")
    print(describe(frame))
    print(f"features over the bound ({UNKNOWN_SHIFT_BOUND:g}): {n_over}"
          + (f" ({', '.join(frame.loc[~frame['within_bound'], 'feature'])})" if n_over else ""))
    print(f"CPU time (featurise once, then rescore every observed value blanked): {cpu:.2f} s")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8675309)
    args = parser.parse_args()

    try:
        model = load_model(args.model)
    except ModelLoadError as exc:  # a model the current extractors cannot score: nothing to measure
        print(f"not measured: {exc}")
        return 0
    print(f"model: {args.model}   bound on mean |shift| in calibrated log-odds: {UNKNOWN_SHIFT_BOUND:g}   "
          "(d = log-odds with the value unknown - as observed; + means unknown looks more fake)")
    print()
    profiles = [Profile.model_validate(p) for p in generate_profiles(args.n, seed=args.seed)]
    measure(model, profiles, f"synthetic data (generate_profiles, seed {args.seed})")

    if not REAL_SAMPLE.exists():
        print(f"real data: {REAL_SAMPLE} is absent; skipped")
        return 0
    items = list(read_sources([DataSource(REAL_SAMPLE)]))
    real = [item.profile for item in items if item.ok]
    for item in items:
        if not item.ok:
            print(f"real data: skipped {item.where()}: {item.error}")
    if real:
        measure(model, real, f"real data ({REAL_SAMPLE.name}; so few profiles that the figures are noisy)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

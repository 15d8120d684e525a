"""How far an unknown value moves a model's scores, field by field and feature by feature. Prints figures.

    python benchmarks/bench_unknown_shift.py [--model models/default] [--n 2000] [--seed 8675309]

Each field a source may leave out (the summary, the photo, the activity counts, ...) is blanked in every
profile that gives it, and the profile scored again (:func:`fakeprofile.audit.missing.field_unknown_shift`):
the population shift (logit of the mean probability, blanked minus as given) is held to
``UNKNOWN_SHIFT_BOUND`` by ``tests/audit/test_missing.py``; the per-profile mean absolute and signed changes,
95th percentile and maximum show how much each field is worth. Then each feature is blanked alone in the
feature matrix (:func:`~fakeprofile.audit.missing.unknown_shift`), and the features over the bound are listed
for information: some of those states no profile can produce. Measured on ``--n`` fresh synthetic profiles,
then, when it is present beside the repository, on the 20 rows of the real LinkedIn sample
(``../shared/data/real/linkedin_llm_sample/``). Always exits 0 (a model that does not load is reported).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fakeprofile import ModelLoadError, load_model
from fakeprofile.audit.missing import UNKNOWN_SHIFT_BOUND, describe, field_unknown_shift, unknown_shift
from fakeprofile.io.readers import DataSource, read_sources
from fakeprofile.schema import Profile
from fakeprofile.synth import generate_profiles

REAL_SAMPLE = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real" / "linkedin_llm_sample"
               / "llm_fake_profiles_sample.csv")


def measure(model, profiles: list[Profile], title: str) -> None:
    start = time.process_time()
    fields = field_unknown_shift(model, profiles)
    features = unknown_shift(model, profiles)
    cpu = time.process_time() - start
    print(f"== {title}: {len(profiles):,} profiles ==")
    print("-- fields left out (the measure held to the bound) --")
    print(describe(fields))
    print("-- single features blanked (some of these states no profile can produce; for information) --")
    print(describe(features, only_over=True))
    print(f"CPU time: {cpu:.2f} s")
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
    print(f"model: {args.model}   bound on |population shift| in calibrated log-odds: {UNKNOWN_SHIFT_BOUND:g}   "
          "(pop. d = logit of the mean p with the value unknown - as observed; d = per-profile log-odds change; "
          "+ means unknown looks more fake)")
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

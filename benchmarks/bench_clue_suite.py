"""The seeds' clue suite on a model: does every clue the seeds name raise p(fake)? Prints; asserts nothing.

    python benchmarks/bench_clue_suite.py [--model models/default] [--as-of 2026-10] [--features]

For every clue of :data:`fakeprofile.audit.clues.CLUES` and both base profiles (a complete and a thin genuine
person), the minimal pair (the base without and with the clue, scored inside a batch of 40 genuine profiles;
for campaign clues, 8 of them share the base's note or photo) is scored with the model. Printed per pair: the
probability of fake without and with the clue, the change in calibrated log-odds (from the raw decision and
the calibrator, so a profile near 0 or 1 still shows its movement), how many model features the clue changed,
and ``ok`` / ``below margin`` (a headline clue that moved less than ``HEADLINE_MARGIN_LOG_ODDS``) /
``WRONG WAY`` / ``no effect``. Then the counts raised / lowered / unmoved, clues whose pair changes no feature
(the extractors cannot see them), the clues the schema cannot express yet, and the score of a profile with
nothing but an id, ``{"id": "x"}``, which, with nothing known, should say little. ``--features`` also lists the
features each pair changed. Exits 0 whatever the model does, and when it cannot be loaded (it says why).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time

from fakeprofile.audit.clues import (
    AS_OF,
    BACKGROUND_SIZE,
    CAMPAIGN_SIZE,
    CLUES,
    HEADLINE_MARGIN_LOG_ODDS,
    NO_EFFECT_LOG_ODDS,
    NOT_YET_MEASURABLE,
    clue_table,
    verdict,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--model", default="models/default", help="model folder (default: models/default)")
    parser.add_argument("--as-of", default=AS_OF, help=f"month 'present' means (default {AS_OF})")
    parser.add_argument("--features", action="store_true", help="list the features each pair changed")
    args = parser.parse_args(argv)

    from fakeprofile.artifact import load_model

    try:
        model = load_model(args.model)
    except Exception as exc:  # noqa: BLE001  (a benchmark reports, it does not fail)
        print(f"cannot load model {args.model}: {type(exc).__name__}: {exc}")
        return 0
    started = time.perf_counter()
    table = clue_table(model, as_of=args.as_of)
    seconds = time.perf_counter() - started
    table["status"] = table.apply(verdict, axis=1)

    print(f"model {args.model}  as of {args.as_of}  {len(CLUES)} clues x {table['base'].nunique()} bases, each pair "
          f"scored in a batch of {BACKGROUND_SIZE} genuine profiles (campaigns: {CAMPAIGN_SIZE} share the clue); "
          f"headline margin {HEADLINE_MARGIN_LOG_ODDS} log-odds; {seconds:.1f} s\n")
    width = max(len(c.name) for c in CLUES) + 2
    seed_width = max(len(c.seed) for c in CLUES) + 2
    print(f"{'clue':<{width}}{'seed':<{seed_width}}{'base':<10}{'p without':>10}{'p with':>9}{'d log-odds':>12}"
          f"{'moved':>7}  status")
    for row in table.itertuples():
        name = row.clue + (" *" if row.headline else "")
        print(f"{name:<{width}}{row.seed:<{seed_width}}{row.base:<10}{row.p_without:>10.4f}{row.p_with:>9.4f}"
              f"{row.delta_log_odds:>+12.3f}{len(row.changed_features):>7}  {row.status}")
        if args.features:
            print(f"{'':<{width}}  changed: {', '.join(row.changed_features) or '(none)'}")
    print("(* headline clue; 'moved' = model features the clue changed)\n")

    delta = table["delta_log_odds"]
    raised = int((delta > NO_EFFECT_LOG_ODDS).sum())
    lowered = int((delta < -NO_EFFECT_LOG_ODDS).sum())
    unmoved = len(table) - raised - lowered
    headline = table[table["headline"]]
    print(f"pairs: {len(table)}  raised {raised}  lowered {lowered}  unmoved {unmoved}")
    print(f"headline pairs: {len(headline)}  meeting the margin {int(headline['meets_margin'].sum())}  "
          f"below it {int((~headline['meets_margin']).sum())}")
    for base, part in table.groupby("base", sort=False):
        bad = part[part["status"] != "ok"]
        print(f"  {base}: " + (", ".join(f"{r.clue} ({r.status})" for r in bad.itertuples()) or "all ok"))

    blind = table[table["changed_features"].map(len) == 0]
    print("\npairs that change no feature (the extractors cannot see the clue): "
          + (", ".join(f"{r.clue}/{r.base}" for r in blind.itertuples()) or "none"))

    print(f"\nnot yet measurable ({len(NOT_YET_MEASURABLE)}):")
    for item in NOT_YET_MEASURABLE:
        print(f"  {item.name} [{item.seed}]: {item.reason}")

    scorer = copy.copy(model)
    scorer.scoring_as_of = args.as_of
    empty = scorer.predict({"id": "x"})
    print(f'\nempty profile {{"id": "x"}}: p(fake) = {empty.probability:.4f} ({empty.verdict}, threshold '
          f"{empty.threshold:.4f})")
    print("\n".join("  " + line for line in empty.describe().splitlines()[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Reasons for a prediction: which clues moved the score, each way, by how much, and in what words.

What a contribution is
----------------------
Each feature's contribution is its path-dependent TreeSHAP value (:mod:`fakeprofile.treeshap`, Lundberg et
al. 2020) on the calibrated log-odds scale: the classifier's raw score is a sum of tree leaves, and the
calibrated log-odds a linear function of it (``coef * raw + intercept``, the Platt calibrator), so

    baseline_log_odds + sum of every feature's contribution = log_odds     (exactly, to rounding)

where ``baseline_log_odds`` is the model's expected score over its training data. Log-odds, not
probability: a probability saturates near 0 or 1, where no single clue moves it visibly (an obvious fake at
p = 1.000 had every reason at +0.003), while its log-odds still say how much each clue weighed.

Clues, not columns
------------------
Several columns come from one clue (all the invitation features come from the one note; connections, their
logarithm and connections per career year from one count). Extractors declare these groups
(``Extractor.clues``); a clue's contribution is the sum of its columns', and it is reported once, with the
evidence of the columns that carried it.

Both sides
----------
``reasons`` are the clues that raised the log-odds of fake most, ``reassurances`` those that lowered it
most, whatever the verdict: a borderline genuine profile shows what made it borderline.

Unknown is not evidence
-----------------------
A value the source did not give (NaN) still has a contribution: the trees send it one way or the other.
It is offered as a reason only when the columns of one clue that were not given moved the log-odds by
more than :data:`UNKNOWN_BOUND` together, the bound the unknown-value audit holds the model to
(:data:`fakeprofile.audit.missing.UNKNOWN_SHIFT_BOUND`); its evidence then says that it was not given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from fakeprofile.schema import Profile, Reason

if TYPE_CHECKING:
    from fakeprofile.features import FeatureBuilder

N_REASONS = 3
#: A clue that moved the log-odds by less than this is not offered as a reason (noise, not a clue).
MIN_CONTRIBUTION = 0.01
#: Unknown values of one clue are offered as a reason only past this many log-odds (the audit's bound).
UNKNOWN_BOUND = 0.15
#: A further column of a clue is quoted in the evidence when it carried at least this share of the lead
#: column's contribution; at most this many sentences per clue.
QUOTE_SHARE, MAX_SENTENCES = 0.25, 3

#: (contribution in log-odds, clue index, whether its values were given): one clue a profile may be explained by.
Candidate = tuple[float, int, bool]


@dataclass(frozen=True)
class ClueSums:
    """Per profile and clue, the summed contributions of the columns that were given and of those that were not.

    ``given`` and ``unknown`` are (profiles x clues); ``has_given`` says whether any column of the clue
    was given (a clue with none given offers only its unknown sum).
    """

    given: np.ndarray
    unknown: np.ndarray
    has_given: np.ndarray


def clue_sums(builder: FeatureBuilder, matrix: np.ndarray, contributions: np.ndarray) -> ClueSums:
    """Sum each profile's column contributions by clue, apart for the columns given and not given."""
    n_clues = len(builder.clue_names)
    observed = ~np.isnan(matrix)
    membership = np.zeros((matrix.shape[1], n_clues))
    membership[np.arange(matrix.shape[1]), builder.clue_columns] = 1.0
    given = np.where(observed, contributions, 0.0) @ membership
    unknown = np.where(observed, 0.0, contributions) @ membership
    return ClueSums(given, unknown, (observed @ membership) > 0)


def ranked_candidates(sums: ClueSums, row: int) -> list[Candidate]:
    """``(contribution, clue, given)`` of every clue a profile may be explained by, strongest first."""
    # Plain lists: a profile has a few dozen clues, where numpy's per-element cost would dominate.
    given, unknown, has_given = sums.given[row].tolist(), sums.unknown[row].tolist(), sums.has_given[row].tolist()
    out = [(total, clue, True) for clue, total in enumerate(given)
           if has_given[clue] and abs(total) >= MIN_CONTRIBUTION]
    out += [(total, clue, False) for clue, total in enumerate(unknown) if abs(total) > UNKNOWN_BOUND]
    # Ties break on the clue's position and given before unknown, so the order never depends on the sort.
    out.sort(key=lambda c: (-abs(c[0]), c[1], not c[2]))
    return out


def both_sides(profile: Profile, builder: FeatureBuilder, row: np.ndarray, contribution_row: np.ndarray,
               candidates: list[Candidate], n_reasons: int = N_REASONS) -> tuple[list[Reason], list[Reason]]:
    """The ``n_reasons`` clues that raised the log-odds most (reasons) and lowered it most (reassurances)."""
    raising = [c for c in candidates if c[0] > 0][:n_reasons]
    lowering = [c for c in candidates if c[0] < 0][:n_reasons]
    if not raising and not lowering:
        return [], []
    # Plain lists: a clue has a handful of columns, where numpy's per-call cost would dominate.
    values, contributions = row.tolist(), contribution_row.tolist()
    names = builder.feature_names
    plans = {}
    for total, clue, given in raising + lowering:
        # The clue's columns that count for it (given, or not given), the one that moved the score most first.
        columns = [j for j in builder.clue_members[clue] if (values[j] == values[j]) == given]
        columns.sort(key=lambda j: -contributions[j] if total >= 0 else contributions[j])
        lead = contributions[columns[0]]
        quoted = [j for j in columns if j == columns[0] or (
            (contributions[j] > 0 if total > 0 else contributions[j] < 0)
            and abs(contributions[j]) >= QUOTE_SHARE * abs(lead))]
        plans[(clue, given)] = (columns, quoted)
    words = builder.evidence(profile, sorted({names[j] for _, quoted in plans.values() for j in quoted}), row)

    def reason(total: float, clue: int, given: bool) -> Reason:
        columns, quoted = plans[(clue, given)]
        sentences = list(dict.fromkeys(words[names[j]] for j in quoted))[:MAX_SENTENCES]
        evidence = "; ".join(sentences)
        if not given:
            moved = "raised" if total > 0 else "lowered"
            evidence += f" (not given; its absence alone {moved} the log-odds by {abs(total):.2f})"
        lead = columns[0]
        value = values[lead]
        # Validated: pydantic's model_construct is Python and costs twice its (compiled) validation.
        return Reason(
            clue=builder.clue_names[clue], extractor=builder.extractor_of(names[lead]), feature=names[lead],
            value=None if value != value else value, features=[names[j] for j in columns],
            contribution=round(total, 6), given=given, evidence=evidence)

    return [reason(*c) for c in raising], [reason(*c) for c in lowering]

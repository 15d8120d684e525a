"""The third verdict: ``insufficient``, for a profile that shows too little to judge.

Why
---
A profile given as ``{"id": "x"}``, or as a name and a connection count, is scored by what the model
expects of profiles in general: its probability says little about *this* profile, and a verdict either way
would be a guess dressed as a finding. Such profiles get ``insufficient`` and a sentence saying what is
missing; the threshold decides every other profile.

The rule
--------
**Evidence-bearing clues** are the clues (``Extractor.clues``) with at least one column whose direction the
extractor declares (+1 or -1): a column free to go either way (a career length, a name's word count)
is no evidence on its own. Campaign counts are left out: they exist only in a batch, and a profile must
be judged by the same rule alone and in a batch. An evidence-bearing clue is **observed** when any of
its columns was given (a connection count is observed though its direction is free: it is the clue the
seeds name; an empty section given as empty counts: it says the profile has none).

A profile is ``insufficient`` when it has

- no observed clue at all; or
- fewer than :data:`MIN_OBSERVED_CLUES` observed clues, and a calibrated log-odds within
  :data:`DECISIVE_MARGIN` of the threshold's: a score that one or two clues push far past the threshold
  (odds 20 times the threshold's either way) is judged, a borderline one on so little is not.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from fakeprofile.features import FeatureBuilder

#: Fewer observed evidence-bearing clues than this is too little, unless the score is decisive.
MIN_OBSERVED_CLUES = 3
#: Log-odds past the threshold's that make a score decisive on few clues (e^3: odds 20 times).
DECISIVE_MARGIN = 3.0


def evidence_columns(builder: FeatureBuilder) -> np.ndarray:
    """Columns that can count as evidence: a declared direction, and not a batch (campaign) count."""
    return (np.asarray(builder.directions) != 0) & ~builder.batch_columns


def evidence_clues(builder: FeatureBuilder) -> np.ndarray:
    """Whether each clue of ``builder.clue_names`` has an evidence-bearing column."""
    bearing = np.zeros(len(builder.clue_names), dtype=bool)
    bearing[builder.clue_columns[evidence_columns(builder)]] = True
    return bearing


def observed_clues(builder: FeatureBuilder, matrix: np.ndarray) -> np.ndarray:
    """(profiles x clues) bool: the evidence-bearing clues each profile gives at least one value for."""
    bearing = evidence_clues(builder)
    observed = np.zeros((matrix.shape[0], len(builder.clue_names)), dtype=bool)
    for column in np.flatnonzero(~builder.batch_columns & bearing[builder.clue_columns]):
        observed[:, builder.clue_columns[column]] |= ~np.isnan(matrix[:, column])
    return observed


def insufficient(log_odds: np.ndarray, threshold: float, n_observed: np.ndarray) -> np.ndarray:
    """Which profiles are too thin to judge (see the module's rule); ``threshold`` is a probability."""
    with np.errstate(divide="ignore"):
        threshold_log_odds = _logit(threshold)
    decisive = np.abs(log_odds - threshold_log_odds) >= DECISIVE_MARGIN
    return (n_observed == 0) | ((n_observed < MIN_OBSERVED_CLUES) & ~decisive)


def what_is_missing(builder: FeatureBuilder, observed_row: np.ndarray) -> str:
    """A sentence for an ``insufficient`` verdict: how many clues were given, which, and which were not."""
    bearing = evidence_clues(builder)
    names = [name.split(".", 1)[1].replace("_", " ") for name in builder.clue_names]
    given = [names[i] for i in np.flatnonzero(bearing & observed_row)]
    missing = list(dict.fromkeys(names[i] for i in np.flatnonzero(bearing & ~observed_row)))
    head = f"too little to judge: {len(given)} of {int(bearing.sum())} clues given"
    head += f" ({', '.join(given)})" if given else ""
    return f"{head}; not given: {', '.join(missing)}" if missing else head


def _logit(p: float) -> float:
    """``scipy.special.logit`` for one number, computed as scipy computes it (equal bit for bit), without
    importing scipy.special: log(p / (1 - p)), and near 1/2, where that loses precision,
    log1p(2 (p - 1/2)) - log1p(-2 (p - 1/2))."""
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    if not 0.0 < p < 1.0:
        return math.nan
    if p < 0.3 or p > 0.65:
        return math.log(p / (1.0 - p))
    s = 2.0 * (p - 0.5)
    return math.log1p(s) - math.log1p(-s)

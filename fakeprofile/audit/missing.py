"""Does an unknown value move a score? "Unknown is not evidence", measured feature by feature.

The rule
--------
A value the source did not give (NaN in the feature matrix) must not move a profile's score much. A
privacy-minded member who hides a section, a dataset that did not capture it, a profile scored on its own
(no batch, so no campaign counts): none of these says anything about whether the profile is fake. A model
that treats NaN as a value of its own can still learn that it does, when the training data lack a section
more often for one class than for the other (the synthetic generator leaving a field out of fakes more
often, say), and would then punish, or excuse, profiles for what their source did not say.

The measure
-----------
For each feature ``j`` and each profile in which ``j`` is observed (not NaN), the profile's feature row is
copied with ``j`` set to NaN and scored again. The **shift** is

    log-odds(copy) - log-odds(profile)

where log-odds is the calibrated logit, ``coef * raw + intercept`` of the Platt calibrator on the
classifier's raw score: the quantity the calibrated probability is the logistic function of, computed
without going through that probability, so it does not saturate at 0 or 1 and one unit means the same
anywhere on the scale. A positive shift means an unknown looks *more fake* than what was observed, a
negative one that it looks more genuine. Profiles in which ``j`` is already NaN are not counted
(``n_observed`` says how many were): blanking them changes nothing.

One feature is blanked at a time, with everything else as observed, which is exactly the question "what
does this one NaN do?". A source that lacks a whole section leaves several features unknown together (a
count and its logarithm, say), whose shifts may add up or cancel; this audit does not measure that.

The bound
---------
:data:`UNKNOWN_SHIFT_BOUND` bounds the **mean absolute** shift over the profiles in which the feature is
observed: 0.15 in log-odds, about 3.7 percentage points of probability around 50% and less further out
(an odds ratio of 1.16). The mean, and not the maximum or a high percentile, because the rule is about
what an unknown is *taken to mean* on the whole, which is what a model learned from missingness shows
as: a shift in the same direction on most profiles. A tree model moves a few profiles that sit next to
a split a long way whichever value they are given, observed or not, and a bound on the worst profile
would be dominated by those and by the sample size. The absolute value, not the signed mean, so that a
feature whose unknowns push some profiles up and others down a long way is not hidden by cancellation.
The 95th percentile and the maximum are reported too, to show the tail; they are not held to the bound.

A feature observed in very few profiles still gets a row, with its ``n_observed``: its mean is noisy
and should be read as such. A feature observed in none has NaN figures and counts as within the bound
(nothing was measured to move).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from fakeprofile.extractors import CampaignCounts
    from fakeprofile.model import Model
    from fakeprofile.schema import Profile

__all__ = ["COLUMNS", "UNKNOWN_SHIFT_BOUND", "describe", "log_odds", "unknown_shift", "unknown_shift_from_matrix"]

#: Bound on a feature's mean absolute shift in calibrated log-odds when its value is made unknown (see the
#: module docstring for why the mean): an odds ratio of exp(0.15) = 1.16.
UNKNOWN_SHIFT_BOUND = 0.15

#: The columns of :func:`unknown_shift`'s result, in order.
COLUMNS = ("feature", "extractor", "n_observed", "mean_abs_shift", "mean_shift", "p95_abs_shift",
           "max_abs_shift", "within_bound")


def _raw(model: Model, matrix: np.ndarray) -> np.ndarray:
    """The classifier's raw scores of the rows, by the path :meth:`Model.probabilities_from_matrix` takes."""
    if model.trees is not None:
        return model.trees.decision_function(matrix)
    from fakeprofile.model import _decision

    return _decision(model.classifier, matrix)


def _to_log_odds(model: Model, raw: np.ndarray) -> np.ndarray:
    """The Platt calibrator's linear part: the logit of the calibrated probability, unsaturated."""
    return raw * model.calibrator.coef_[0, 0] + model.calibrator.intercept_[0]


def log_odds(model: Model, matrix: np.ndarray) -> np.ndarray:
    """Calibrated log-odds of fake for the rows of a feature matrix.

    Parameters
    ----------
    model : Model
        A trained model.
    matrix : numpy.ndarray
        Feature rows, columns in ``model.feature_names`` order.

    Returns
    -------
    numpy.ndarray
        ``coef * raw + intercept`` per row: ``scipy.special.logit`` of what
        :meth:`Model.probabilities_from_matrix` returns, computed without the probability, so that it does
        not saturate for rows scored (almost) 0 or 1.
    """
    matrix = np.asarray(matrix, dtype=np.float64)
    if len(matrix) == 0:
        return np.empty(0)
    return _to_log_odds(model, _raw(model, matrix))


def _blanked_log_odds(model: Model, matrix: np.ndarray, rows: np.ndarray,
                      cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds of the rows, and of copies of them, copy ``k`` being row ``rows[k]`` with column ``cols[k]``
    set to NaN.

    With the compiled trees, all copies are scored in one call that walks again only the trees whose path
    for the row tests the blanked column (scores equal to scoring the copies in full, bit for bit; see
    :meth:`fakeprofile.trees.CompiledTrees.decision_with_swaps`). Otherwise scikit-learn scores the copies,
    one call per feature over all the rows in which it is observed.
    """
    if model.trees is not None:
        raw, blanked = model.trees.decision_with_swaps(matrix, rows, cols, np.full(len(rows), np.nan))
        return _to_log_odds(model, raw), _to_log_odds(model, blanked)
    out = np.empty(len(rows))
    for j in np.unique(cols):
        at = np.flatnonzero(cols == j)
        copies = matrix[rows[at]]
        copies[:, j] = np.nan
        out[at] = log_odds(model, copies)
    return log_odds(model, matrix), out


def unknown_shift_from_matrix(model: Model, matrix: np.ndarray, *,
                              bound: float = UNKNOWN_SHIFT_BOUND) -> pd.DataFrame:
    """:func:`unknown_shift` on an already-built feature matrix.

    Parameters
    ----------
    model : Model
        A trained model.
    matrix : numpy.ndarray
        Feature rows, columns in ``model.feature_names`` order, as the model scores them.
    bound : float
        The bound ``within_bound`` compares ``mean_abs_shift`` with.

    Returns
    -------
    pandas.DataFrame
        As :func:`unknown_shift`.
    """
    matrix = np.ascontiguousarray(matrix, dtype=np.float64)
    names = model.feature_names
    if matrix.ndim != 2 or matrix.shape[1] != len(names):
        raise ValueError(f"expected rows of {len(names)} features, got shape {matrix.shape}")
    # Every observed (row, column) entry, column by column.
    cols, rows = np.nonzero(~np.isnan(matrix).T)
    shift = np.empty(0)
    if rows.size:
        original, blanked = _blanked_log_odds(model, matrix, rows, cols)
        shift = blanked - original[rows]
    starts = np.searchsorted(cols, np.arange(len(names) + 1))
    records = []
    for j, name in enumerate(names):
        values = shift[starts[j]:starts[j + 1]]
        magnitude = np.abs(values)
        if values.size:
            figures = (float(magnitude.mean()), float(values.mean()), float(np.percentile(magnitude, 95)),
                       float(magnitude.max()))
        else:
            figures = (np.nan,) * 4
        records.append((name, model.builder.extractor_of(name), int(values.size), *figures,
                        not figures[0] > bound))
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return frame.sort_values("mean_abs_shift", ascending=False, kind="stable", na_position="last",
                             ignore_index=True)


def unknown_shift(model: Model, profiles: Sequence[Profile], *, batch: CampaignCounts | None = None,
                  bound: float = UNKNOWN_SHIFT_BOUND) -> pd.DataFrame:
    """How far each feature's unknown value moves the profiles' calibrated log-odds.

    The feature matrix is built once, as :meth:`Model.predict_profiles` builds it (the model's scoring
    builder; campaign features count over ``batch``, else over ``profiles``); then, for every feature, each
    profile in which it is observed is scored again with it set to NaN (see the module docstring).

    Parameters
    ----------
    model : Model
        A trained model.
    profiles : sequence of Profile
        Validated profiles; the more, the steadier the figures.
    batch : CampaignCounts, optional
        Campaign counts over a larger input the profiles belong to (:meth:`Model.batch_counts`).
    bound : float
        The bound ``within_bound`` compares ``mean_abs_shift`` with (default :data:`UNKNOWN_SHIFT_BOUND`).

    Returns
    -------
    pandas.DataFrame
        One row per feature of the model, sorted by ``mean_abs_shift``, largest first (features observed
        in no profile last): ``feature`` and its ``extractor``; ``n_observed``, the profiles in which it is
        observed (the only ones blanked); over those, of the shift log-odds(blanked) - log-odds(as
        observed): ``mean_abs_shift``, ``mean_shift`` (signed: positive means unknown looks more fake),
        ``p95_abs_shift`` and ``max_abs_shift``; and ``within_bound``, whether ``mean_abs_shift`` is at most
        ``bound`` (True when nothing was observed).
    """
    matrix = model.scoring_builder().matrix(list(profiles), batch)
    return unknown_shift_from_matrix(model, matrix, bound=bound)


def describe(frame: pd.DataFrame, *, bound: float = UNKNOWN_SHIFT_BOUND, only_over: bool = False) -> str:
    """A printable table of :func:`unknown_shift`'s result.

    Parameters
    ----------
    frame : pandas.DataFrame
        What :func:`unknown_shift` returned.
    bound : float
        The bound the table was measured against (printed in the header line).
    only_over : bool
        List only the features over the bound.

    Returns
    -------
    str
        A header line, then one line per feature; features over the bound are marked ``OVER``.
    """
    rows = frame[~frame["within_bound"]] if only_over else frame
    n_over = int((~frame["within_bound"]).sum())
    width = max([len("feature"), *(len(str(f)) for f in rows["feature"])])
    lines = [f"{n_over} of {len(frame)} features over the bound (mean |shift| in log-odds <= {bound:g})",
             f"{'feature':<{width}}  {'observed':>8}  {'mean|d|':>8}  {'mean d':>8}  {'p95|d|':>8}  {'max|d|':>8}"]
    for r in rows.itertuples(index=False):
        if r.n_observed:
            figures = (f"{r.mean_abs_shift:>8.3f}  {r.mean_shift:>+8.3f}  {r.p95_abs_shift:>8.3f}  "
                       f"{r.max_abs_shift:>8.3f}")
        else:
            figures = f"{'never observed':>38}"
        lines.append(f"{r.feature:<{width}}  {r.n_observed:>8,}  {figures}{'' if r.within_bound else '  OVER'}")
    return "\n".join(lines)

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
What a model *should* do with an unknown value is score the profile by what is known, averaging over
what the unknown value could have been. That still moves each profile (the information in the value is
gone: a confident score becomes less confident), but by the law of total expectation it does not move the
*average* probability over the profiles. So the bound is on the **population shift**,

    logit(mean p(blanked)) - logit(mean p(as observed)),

over the profiles in which the value is observed: :data:`UNKNOWN_SHIFT_BOUND` = 0.15 in log-odds, an odds
ratio of 1.16, about 3.7 percentage points around 50%. A model that reads "not given" as a clue (because
its training data left a section out of one class more often) moves the average and fails; a model that
merely loses information passes. The per-profile mean absolute and signed shifts in log-odds, their 95th
percentile and maximum are reported beside it, to show how much each value is worth.

Two granularities are measured. :func:`field_unknown_shift` blanks a *field* of the profile (the summary,
the photo, the activity counts, ...) and extracts the features again: the unknowns a source can actually
leave, and the measure the bound is held to in the tests. :func:`unknown_shift` blanks one *feature* at a
time in the feature matrix; some of those states cannot arise from any profile (a word count unknown while
the summary is known), so the feature table shows where an unknown is read as evidence but is not itself
held to the bound.

A feature observed in very few profiles still gets a row, with its ``n_observed``: its mean is noisy
and should be read as such. A feature observed in none has NaN figures and counts as within the bound
(nothing was measured to move).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import special

if TYPE_CHECKING:
    from fakeprofile.extractors import CampaignCounts
    from fakeprofile.schema import Profile
    from fakeprofile.scoring import Model

__all__ = ["COLUMNS", "FIELD_COLUMNS", "UNKNOWN_SHIFT_BOUND", "describe", "field_unknown_shift", "log_odds",
           "unknown_shift", "unknown_shift_from_matrix"]

#: Bound on the population shift in calibrated log-odds when a value is made unknown (see the module
#: docstring for why the population, not each profile): an odds ratio of exp(0.15) = 1.16.
UNKNOWN_SHIFT_BOUND = 0.15

#: The columns of :func:`unknown_shift`'s result, in order.
COLUMNS = ("feature", "extractor", "n_observed", "population_shift", "mean_abs_shift", "mean_shift",
           "p95_abs_shift", "max_abs_shift", "within_bound")
#: The columns of :func:`field_unknown_shift`'s result, in order.
FIELD_COLUMNS = ("field", "n_given", "population_shift", "mean_abs_shift", "mean_shift", "p95_abs_shift",
                 "max_abs_shift", "within_bound")


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
    return model.log_odds(model.raw_scores(matrix))


def _blanked_log_odds(model: Model, matrix: np.ndarray, rows: np.ndarray,
                      cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds of the rows, and of copies of them, copy ``k`` being row ``rows[k]`` with column ``cols[k]``
    set to NaN.

    All copies are scored in one call that walks again only the trees whose path for the row tests the
    blanked column (scores equal to scoring the copies in full, bit for bit; see
    :meth:`fakeprofile.trees.CompiledTrees.decision_with_swaps`).
    """
    raw, blanked = model.trees.decision_with_swaps(matrix, rows, cols, np.full(len(rows), np.nan))
    return model.log_odds(raw), model.log_odds(blanked)


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
        The bound ``within_bound`` compares ``|population_shift|`` with.

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
        at = slice(starts[j], starts[j + 1])
        figures = _figures(original[rows[at]] if rows.size else np.empty(0), original[rows[at]] + shift[at]
                           if rows.size else np.empty(0))
        records.append((name, model.builder.extractor_of(name), int(starts[j + 1] - starts[j]), *figures,
                        not abs(figures[0]) > bound))
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return frame.sort_values("population_shift", key=np.abs, ascending=False, kind="stable", na_position="last",
                             ignore_index=True)


def _figures(before: np.ndarray, after: np.ndarray) -> tuple[float, ...]:
    """Population shift, mean |shift|, mean shift, p95 |shift| and max |shift| of log-odds ``before`` -> ``after``."""
    if before.size == 0:
        return (np.nan,) * 5
    shift = after - before
    magnitude = np.abs(shift)
    population = float(special.logit(special.expit(after).mean()) - special.logit(special.expit(before).mean()))
    return (population, float(magnitude.mean()), float(shift.mean()), float(np.percentile(magnitude, 95)),
            float(magnitude.max()))


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
        The bound ``within_bound`` compares ``|population_shift|`` with (default :data:`UNKNOWN_SHIFT_BOUND`).

    Returns
    -------
    pandas.DataFrame
        One row per feature of the model (:data:`COLUMNS`), largest ``|population_shift|`` first (features
        observed in no profile last): ``feature`` and its ``extractor``; ``n_observed``, the profiles in which
        it is observed (the only ones blanked); over those, ``population_shift`` (logit of the mean
        probability blanked minus as observed) and, of the per-profile shift log-odds(blanked) -
        log-odds(as observed), ``mean_abs_shift``, ``mean_shift`` (signed: positive means unknown looks
        more fake), ``p95_abs_shift`` and ``max_abs_shift``; and ``within_bound``, whether
        ``|population_shift|`` is at most ``bound`` (True when nothing was observed).
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
    key, count = ("field", "n_given") if "field" in frame.columns else ("feature", "n_observed")
    rows = frame[~frame["within_bound"]] if only_over else frame
    n_over = int((~frame["within_bound"]).sum())
    width = max([len(key), *(len(str(f)) for f in rows[key])])
    lines = [f"{n_over} of {len(frame)} {key}s over the bound (|population shift| in log-odds <= {bound:g})",
             f"{key:<{width}}  {'observed':>8}  {'pop. d':>8}  {'mean|d|':>8}  {'mean d':>8}  {'p95|d|':>8}  "
             f"{'max|d|':>8}"]
    for r in rows.itertuples(index=False):
        r = r._asdict()
        if r[count]:
            figures = (f"{r['population_shift']:>+8.3f}  {r['mean_abs_shift']:>8.3f}  {r['mean_shift']:>+8.3f}  "
                       f"{r['p95_abs_shift']:>8.3f}  {r['max_abs_shift']:>8.3f}")
        else:
            figures = f"{'never observed':>48}"
        lines.append(f"{r[key]:<{width}}  {r[count]:>8,}  {figures}{'' if r['within_bound'] else '  OVER'}")
    return "\n".join(lines)


def _blank(profile: Profile, field: str) -> Profile | None:
    """``profile`` with ``field`` not given (None), or None when the profile does not give it anyway."""
    if field == "photo":
        if profile.has_any_photo is None:
            return None
        return profile.model_copy(update={"photo": None, "has_photo": None})
    if field == "descriptions":
        jobs = profile.experience or []
        if not any(job.description is not None for job in jobs):
            return None
        return profile.model_copy(update={"experience": [j.model_copy(update={"description": None}) for j in jobs]})
    if getattr(profile, field) is None:
        return None
    return profile.model_copy(update={field: None})


def field_unknown_shift(model: Model, profiles: Sequence[Profile], *, fields: Sequence[str] | None = None,
                        bound: float = UNKNOWN_SHIFT_BOUND) -> pd.DataFrame:
    """How far not giving each field of a profile moves the calibrated log-odds (see the module docstring).

    Parameters
    ----------
    model : Model
        A trained model.
    profiles : sequence of Profile
        Validated profiles, scored together as one batch (campaign counts over them all, the blanked
        copies counted as their originals).
    fields : sequence of str, optional
        Top-level fields to blank, plus ``"photo"`` (the image and whether there is one) and
        ``"descriptions"`` (every job's description). Default: every field a source may leave out
        (:data:`fakeprofile.masking.MASKABLE_FIELDS`, the photo and the descriptions).
    bound : float
        The bound ``within_bound`` compares ``|population_shift|`` with.

    Returns
    -------
    pandas.DataFrame
        One row per field (:data:`FIELD_COLUMNS`), largest ``|population_shift|`` first.
    """
    from fakeprofile.masking import MASKABLE_FIELDS

    profiles = list(profiles)
    fields = list(fields) if fields is not None else [*MASKABLE_FIELDS, "photo", "descriptions"]
    builder = model.scoring_builder()
    counts = builder.batch_counts(profiles)
    original = log_odds(model, builder.matrix(profiles, counts))
    records = []
    for field in fields:
        blanked = [(i, copy) for i, p in enumerate(profiles) if (copy := _blank(p, field)) is not None]
        if blanked:
            at = np.array([i for i, _ in blanked])
            after = log_odds(model, builder.matrix([c for _, c in blanked], counts))
            figures = _figures(original[at], after)
        else:
            figures = (np.nan,) * 5
        records.append((field, len(blanked), *figures, not abs(figures[0]) > bound))
    frame = pd.DataFrame.from_records(records, columns=list(FIELD_COLUMNS))
    return frame.sort_values("population_shift", key=np.abs, ascending=False, kind="stable", na_position="last",
                             ignore_index=True)

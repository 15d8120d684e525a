"""Evaluation reports: every number a reviewer needs about a model on labelled data, with its uncertainty.

:func:`evaluate_model` measures a model on labelled profiles and returns an :class:`Evaluation`;
:func:`write_report` turns it into ``report.html`` (self-contained: figures inline, no external files),
``report.json`` (strict JSON, the same numbers) and the figures as PNG files; :func:`write_model_card`
writes a model's ``card.md``.

How the numbers are made:

* Which profiles count: every labelled profile is scored, and each gets a verdict as ``predict`` gives it
  (:meth:`~fakeprofile.scoring.Model.probabilities_and_judged`). Those whose verdict is ``insufficient``
  (too little shown to judge, :mod:`fakeprofile.abstention`) are counted (the abstention rate, and how many
  of them are fake) and listed, but every metric, interval, curve, operating point, calibration bin,
  per-archetype rate and importance is measured on the *judged* profiles, as
  :func:`~fakeprofile.evaluate.judged_metrics` measures them; the report says so wherever it shows one.
  The judged set is the one at the model's threshold; the other operating points are measured on it too.
* Confidence intervals are percentile bootstraps (95%, the conservative ``lower``/``higher`` percentiles,
  so a count's interval holds counts). What is resampled is the photo/message groups of
  :func:`fakeprofile.training.profile_groups`, not single profiles: copies of one campaign are not
  independent evidence, and resampling them one by one would make the intervals too narrow. A resample
  is a vector of multiplicities, so all resamples are scored at once with array operations.
* Point estimates come from :func:`~fakeprofile.evaluate.binary_metrics` and
  :func:`~fakeprofile.evaluate.threshold_for_fpr`, the functions training reports with; the bootstrap
  computes the same quantities for weighted data (the test suite checks they agree).
* Recall at a false-positive rate re-chooses the threshold on each resample, because on new data the
  threshold for a target is chosen on that data too.
* Data with one class only is allowed (a list of known-genuine accounts is a useful test of false
  positives): the metrics that need the missing class are NaN (``null`` in JSON, "n/a" in HTML) and the
  report says why. No labelled profile at all is an error.
* Everything is seeded and the outputs carry no time stamp (the date shown is the model's, from its
  manifest), so the same model, data and seed give byte-identical files. Profiles without ``observed_at``
  are measured, as when predicting, to the model's ``scoring_as_of`` (``--as-of``), else to this month:
  set it for a report that does not change with the calendar.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import platform
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.metrics import precision_recall_curve, roc_curve

from fakeprofile._version import __version__
from fakeprofile.artifact import jsonable
from fakeprofile.evaluate import binary_metrics, threshold_for_fpr
from fakeprofile.explain import N_REASONS
from fakeprofile.io.records import RecordError
from fakeprofile.progress import progress as progress_bar
from fakeprofile.schema import Profile, Reason
from fakeprofile.training import (
    SINGLE_THREAD_BELOW_ROWS,
    limit_openmp,
    photo_keys,
    picture_keys,
    profile_groups,
    training_data_digest,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fakeprofile.scoring import Model

#: The false-positive rates a report gives recall at (and threshold guidance for).
FPR_TARGETS = (0.001, 0.01, 0.05)
CI_LEVEL = 0.95
#: Resamples x profiles scored at once: bounds memory to a few arrays of this many float64 values.
BOOTSTRAP_CELLS = 2_000_000
IMPORTANCE_REPEATS = 3
#: Permutation importance is measured on at most this many profiles (a stratified, seeded sample).
IMPORTANCE_MAX_ROWS = 4000
N_WORST = 10
TOP_FEATURES = 20
CALIBRATION_BINS = 10
PER = 10_000
DPI = 100
DECIMALS = 4

#: Metrics at the model's threshold, in report order; the last four are counts.
METRICS = ("roc_auc", "average_precision", "brier", "precision", "recall", "f1", "false_positive_rate",
           "true_positives", "false_positives", "true_negatives", "false_negatives")
COUNTS = frozenset(METRICS[-4:])
_LABELS = {
    "roc_auc": "ROC-AUC", "average_precision": "average precision", "brier": "Brier score",
    "precision": "precision", "recall": "recall", "f1": "F1", "false_positive_rate": "false-positive rate",
    "true_positives": "fakes flagged (true positives)", "false_positives": "genuine flagged (false positives)",
    "true_negatives": "genuine passed (true negatives)", "false_negatives": "fakes missed (false negatives)",
}
#: Every figure is drawn from the judged profiles (those not too thin to judge), as the metrics are.
FIGURES = {
    "roc": "ROC curve (judged profiles)",
    "precision_recall": "Precision-recall curve (judged profiles)",
    "calibration": "Calibration (reliability) of the judged profiles",
    "score_histograms": "Scores of the judged profiles by class",
    "threshold": "Threshold against recall and false-positive rate (judged profiles)",
    "importance_features": f"Permutation importance: top {TOP_FEATURES} features (judged profiles)",
    "importance_families": "Permutation importance: clue families (judged profiles)",
    "archetypes": "Recall and false-positive rate per archetype (judged profiles)",
}


# ------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Estimate:
    """A number and its bootstrap confidence interval (NaN where undefined)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class OperatingPoint:
    """One threshold: what it catches on this data and what it means per 10,000 profiles.

    The ``*_per_10k`` figures and ``precision_at_prevalence`` apply this data's recall and
    false-positive rate to the evaluation's assumed prevalence.
    """

    name: str
    target_fpr: float | None
    threshold: float
    recall: Estimate
    false_positive_rate: Estimate
    precision: Estimate
    allowed_false_positives: int | None
    review_per_10k: float
    fake_in_review_per_10k: float
    genuine_in_review_per_10k: float
    missed_fake_per_10k: float
    precision_at_prevalence: float


@dataclass(frozen=True)
class ArchetypeRow:
    """Counts and rates for the profiles of one archetype; ``kind`` is its majority label.

    ``n`` counts all its labelled profiles and ``insufficient`` those too thin to judge; the rest
    (``n_fake`` + ``n_genuine``) are judged, and recall and false-positive rate are measured on them.
    """

    archetype: str | None
    kind: str
    n: int
    insufficient: int
    n_fake: int
    detected: int
    recall: float
    n_genuine: int
    flagged_genuine: int
    false_positive_rate: float


@dataclass(frozen=True)
class Importance:
    """Mean drop in ROC-AUC when a feature (or a whole family) is permuted, and its spread over repeats."""

    name: str
    family: str
    drop: float
    std: float


@dataclass(frozen=True)
class CalibrationBin:
    """Profiles whose probability falls in [low, high): how many, and how many of them are fake."""

    low: float
    high: float
    n: int
    n_fake: int
    mean_probability: float
    fake_share: float


@dataclass(frozen=True)
class Case:
    """One misjudged (or nearly misjudged, or unjudged) profile: its verdict, and the model's reasons on both
    sides in words.

    ``reasons`` are the clues that raised the calibrated log-odds of fake most, ``reassurances`` those that
    lowered it most (each: ``clue``, ``feature``, ``value``, ``given``, ``contribution`` in log-odds and
    ``evidence``); ``missing`` says what an ``insufficient`` verdict lacks.
    """

    id: str
    name: str | None
    headline: str | None
    archetype: str | None
    label: int
    probability: float
    log_odds: float
    verdict: str
    missing: str | None
    reasons: list[dict[str, Any]]
    reassurances: list[dict[str, Any]]

    @property
    def flagged(self) -> bool:
        """Whether the model calls it fake."""
        return self.verdict == "fake"


@dataclass
class Evaluation:
    """Everything :func:`evaluate_model` measured; :func:`write_report` renders it.

    ``n`` and ``n_fake`` count every labelled profile evaluated; ``n_insufficient`` of them (``n_fake_insufficient``
    fake) were too thin to judge, a share ``abstention_rate``; the other ``n_judged`` (``n_fake_judged`` fake) are
    what the metrics, intervals, operating points, calibration, per-archetype rates and importance measure.

    ``probabilities``, ``labels`` and ``judged`` (per labelled profile, in input order; ``judged`` False for an
    ``insufficient`` verdict, as :meth:`~fakeprofile.scoring.Model.probabilities_and_judged` gives it) are kept
    out of ``report.json``.
    """

    model_name: str
    data_name: str
    model_date: str | None
    data_sha256: str
    scoring_as_of: str
    seed: int
    n_bootstrap: int
    n_groups: int
    n: int
    n_fake: int
    n_judged: int
    n_fake_judged: int
    n_insufficient: int
    n_fake_insufficient: int
    abstention_rate: float
    n_unlabelled: int
    data_prevalence: float
    judged_prevalence: float
    prevalence: float
    prevalence_source: str
    threshold: float
    target_fpr: float | None
    model_training: dict[str, Any]
    metrics: dict[str, Estimate]
    operating_points: list[OperatingPoint]
    archetypes: list[ArchetypeRow]
    calibration: list[CalibrationBin]
    feature_importance: list[Importance]
    family_importance: list[Importance]
    importance_rows: int
    importance_repeats: int
    most_suspicious_genuine: list[Case]
    least_suspicious_fake: list[Case]
    insufficient_fake: list[Case]
    coverage: dict[str, float]
    training_coverage: dict[str, float]
    notes: list[str]
    probabilities: np.ndarray = field(repr=False)
    labels: np.ndarray = field(repr=False)
    judged: np.ndarray = field(repr=False)

    @property
    def judged_probabilities(self) -> np.ndarray:
        """The judged profiles' probabilities: what the curves and the metrics measure."""
        return self.probabilities[self.judged]

    @property
    def judged_labels(self) -> np.ndarray:
        """The judged profiles' labels."""
        return self.labels[self.judged]

    @property
    def no_data(self) -> list[str]:
        """Extractors none of whose features has a value anywhere in this data."""
        return [name for name, share in self.coverage.items() if share == 0.0]

    def operating_point(self, target_fpr: float | None) -> OperatingPoint:
        """The operating point for a false-positive-rate target (None: the model's own threshold)."""
        return next(p for p in self.operating_points if p.target_fpr == target_fpr)

    def guidance(self) -> list[str]:
        """Threshold guidance in plain sentences: the prevalence assumed, then one per operating point."""
        return [prevalence_sentence(self)] + [guidance_sentence(p) for p in self.operating_points]

    def to_dict(self) -> dict[str, Any]:
        """Every number of the report as strict-JSON-ready data (NaN becomes None)."""
        data = {k: v for k, v in asdict(self).items() if k not in ("probabilities", "labels", "judged")}
        data["no_data"] = self.no_data
        data["guidance"] = self.guidance()
        return jsonable(data)


# ----------------------------------------------------------------------------------------- bootstrap
def _ratio(numerator: np.ndarray, denominator: np.ndarray, empty: float) -> np.ndarray:
    """numerator / denominator, ``empty`` where the denominator is 0."""
    out = np.full(np.shape(numerator), empty, dtype=float)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _at_counts(tp: np.ndarray, fp: np.ndarray, pos: np.ndarray, neg: np.ndarray) -> dict[str, np.ndarray]:
    """Rates from counts, with binary_metrics' conventions (precision 0 when nothing is flagged) except
    that what needs an absent class is NaN."""
    fn = pos - tp
    return {
        "precision": _ratio(tp, tp + fp, 0.0),
        "recall": _ratio(tp, pos, math.nan),
        "f1": np.where(pos > 0, _ratio(2 * tp, 2 * tp + fp + fn, 0.0), math.nan),
        "false_positive_rate": _ratio(fp, neg, math.nan),
    }


def _by_score(probabilities: np.ndarray, fake: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weight of fakes and of genuine profiles at each distinct score, highest score first
    (resamples x distinct scores)."""
    order = np.argsort(-probabilities, kind="stable")
    scores = probabilities[order]
    starts = np.flatnonzero(np.r_[True, scores[1:] != scores[:-1]])
    ordered = weights[:, order]
    return (np.add.reduceat(ordered * fake[order], starts, axis=1),
            np.add.reduceat(ordered * ~fake[order], starts, axis=1))


def _auc(pos_at: np.ndarray, neg_at: np.ndarray) -> np.ndarray:
    """ROC-AUC from :func:`_by_score`: each fake beats the genuine profiles scored lower, ties count half."""
    fp_cum = np.cumsum(neg_at, axis=1)
    pos, neg = pos_at.sum(axis=1), fp_cum[:, -1]
    wins = (pos_at * (neg[:, None] - fp_cum + 0.5 * neg_at)).sum(axis=1)
    return _ratio(wins, pos * neg, math.nan)


def roc_auc(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """ROC-AUC of one set of scores; scikit-learn's value, without its per-call checks (permutation
    importance computes hundreds)."""
    return float(_auc(*_by_score(probabilities, labels == 1, np.ones((1, labels.size))))[0])


def _weighted_metrics(probabilities: np.ndarray, labels: np.ndarray, weights: np.ndarray, threshold: float,
                      targets: Sequence[float] = FPR_TARGETS) -> dict[str, np.ndarray]:
    """Every bootstrapped metric for each row of ``weights`` (resamples x profiles, multiplicities).

    Profiles are sorted by score once; per resample, the weights of fakes and genuine profiles at each
    distinct score give ROC-AUC (ties count half), average precision (scikit-learn's step sum) and the
    threshold for each false-positive-rate target exactly as :func:`threshold_for_fpr` picks it.
    """
    fake = labels == 1
    flagged = probabilities >= threshold
    pos, neg = weights @ fake, weights @ ~fake
    tp, fp = weights @ (fake & flagged), weights @ (~fake & flagged)
    both = (pos > 0) & (neg > 0)
    out = {"true_positives": tp, "false_positives": fp, "true_negatives": neg - fp, "false_negatives": pos - tp,
           "brier": _ratio(weights @ (probabilities - labels) ** 2, pos + neg, math.nan),
           **_at_counts(tp, fp, pos, neg)}

    pos_at, neg_at = _by_score(probabilities, fake, weights)
    tp_cum, fp_cum = np.cumsum(pos_at, axis=1), np.cumsum(neg_at, axis=1)
    out["roc_auc"] = np.where(both, _auc(pos_at, neg_at), math.nan)
    ap = (pos_at * _ratio(tp_cum, tp_cum + fp_cum, 0.0)).sum(axis=1)
    out["average_precision"] = np.where(both, _ratio(ap, pos, math.nan), math.nan)

    rows = np.arange(len(weights))
    for target in targets:
        allowed = np.floor(target * neg)
        beyond = fp_cum >= (allowed + 1)[:, None]
        # Flagged: every distinct score above the (allowed+1)-th highest genuine one; when the target
        # allows every genuine profile, every score down to the lowest genuine one.
        last = np.argmax(beyond, axis=1) - 1
        lowest_genuine = neg_at.shape[1] - 1 - np.argmax(neg_at[:, ::-1] > 0, axis=1)
        last = np.where(beyond.any(axis=1), last, lowest_genuine)
        tp_t = np.where(last >= 0, tp_cum[rows, np.maximum(last, 0)], 0.0)
        fp_t = np.where(last >= 0, fp_cum[rows, np.maximum(last, 0)], 0.0)
        rates = _at_counts(tp_t, fp_t, pos, neg)
        for name in ("recall", "false_positive_rate", "precision"):
            out[f"{name}@{target}"] = np.where(neg > 0, rates[name], math.nan)
    return out


def _chunk(n_profiles: int) -> int:
    return max(1, BOOTSTRAP_CELLS // max(n_profiles, 1))


def _resample_weights(groups: np.ndarray, n_bootstrap: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Multiplicities of each profile in each resample, in chunks: groups are drawn with replacement."""
    _, member_of = np.unique(groups, return_inverse=True)
    n_groups = int(member_of.max()) + 1
    uniform = np.full(n_groups, 1.0 / n_groups)
    chunk = _chunk(len(groups))
    for start in range(0, n_bootstrap, chunk):
        size = min(chunk, n_bootstrap - start)
        yield rng.multinomial(n_groups, uniform, size=size)[:, member_of].astype(np.float64)


def _bootstrap(probabilities: np.ndarray, labels: np.ndarray, groups: np.ndarray, threshold: float,
               n_bootstrap: int, rng: np.random.Generator, progress: bool) -> dict[str, tuple[float, float]]:
    """Percentile interval of every metric of :func:`_weighted_metrics` over ``n_bootstrap`` resamples."""
    if n_bootstrap <= 0:
        return {}
    chunks = [_weighted_metrics(probabilities, labels, w, threshold)
              for w in progress_bar(_resample_weights(groups, n_bootstrap, rng), desc="bootstrap",
                                    enabled=progress, total=math.ceil(n_bootstrap / _chunk(len(groups))), leave=False)]
    tail = 100 * (1 - CI_LEVEL) / 2
    intervals = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a metric undefined in every resample is NaN
        for name in chunks[0]:
            values = np.concatenate([c[name] for c in chunks])
            intervals[name] = (float(np.nanpercentile(values, tail, method="lower")),
                               float(np.nanpercentile(values, 100 - tail, method="higher")))
    return intervals


def _round(value: float, decimals: int = DECIMALS) -> float:
    return value if not math.isfinite(value) else round(float(value), decimals)


def _estimate(name: str, value: float, intervals: dict[str, tuple[float, float]]) -> Estimate:
    low, high = intervals.get(name, (math.nan, math.nan))
    if name in COUNTS:
        return Estimate(int(value), *(int(x) if math.isfinite(x) else math.nan for x in (low, high)))
    return Estimate(_round(value), _round(low), _round(high))


# ------------------------------------------------------------------------------------ point estimates
def _undefined(metrics: dict[str, float], labels: np.ndarray) -> dict[str, float]:
    """binary_metrics' output with NaN for what an absent class leaves undefined."""
    metrics = dict(metrics)
    if not (labels == 1).any():
        metrics.update(recall=math.nan, f1=math.nan)
    return metrics


def _point_metrics(probabilities: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    m = _undefined(binary_metrics(probabilities, labels, threshold), labels)
    flagged = probabilities >= threshold
    fake = labels == 1
    m.update(true_positives=int((flagged & fake).sum()), false_positives=int((flagged & ~fake).sum()),
             true_negatives=int((~flagged & ~fake).sum()), false_negatives=int((~flagged & fake).sum()))
    return m


def _operating_point(name: str, target: float | None, threshold: float, point: dict[str, float],
                     intervals: dict[str, tuple[float, float]], prevalence: float, n_genuine: int) -> OperatingPoint:
    suffix = "" if target is None else f"@{target}"
    recall, fpr = point["recall"], point["false_positive_rate"]
    fake = prevalence * PER * (recall if math.isfinite(recall) else math.nan)
    genuine = (1 - prevalence) * PER * fpr
    return OperatingPoint(
        name=name, target_fpr=target, threshold=_round(threshold, 6),
        recall=_estimate(f"recall{suffix}", recall, intervals),
        false_positive_rate=_estimate(f"false_positive_rate{suffix}", fpr, intervals),
        precision=_estimate(f"precision{suffix}", point["precision"], intervals),
        allowed_false_positives=None if target is None else int(math.floor(target * n_genuine)),
        review_per_10k=_round(fake + genuine, 1), fake_in_review_per_10k=_round(fake, 1),
        genuine_in_review_per_10k=_round(genuine, 1), missed_fake_per_10k=_round(prevalence * PER - fake, 1),
        precision_at_prevalence=_round(fake / (fake + genuine) if fake + genuine > 0 else (
            0.0 if fake + genuine == 0 else math.nan)),
    )


def _operating_points(probabilities: np.ndarray, labels: np.ndarray, threshold: float,
                      intervals: dict[str, tuple[float, float]], prevalence: float) -> list[OperatingPoint]:
    n_genuine = int((labels == 0).sum())
    points = [_operating_point("model threshold", None, threshold,
                               _point_metrics(probabilities, labels, threshold), intervals, prevalence, n_genuine)]
    for target in FPR_TARGETS:
        at = threshold_for_fpr(probabilities, labels, target)
        point = _point_metrics(probabilities, labels, at)
        if n_genuine == 0:  # threshold_for_fpr falls back to 0.5, which is no answer to the question
            point.update(recall=math.nan, false_positive_rate=math.nan, precision=math.nan)
        points.append(_operating_point(f"{target:.1%} false-positive rate", target, at, point, intervals,
                                       prevalence, n_genuine))
    return points


def prevalence_sentence(evaluation: Evaluation) -> str:
    """What share of fakes the per-10,000 figures assume, which profiles they count, and why it matters."""
    ev = evaluation
    return (f"These figures assume {ev.prevalence:.2%} of profiles are fake ({ev.prevalence_source}). "
            "Recall and false-positive rate are measured on this data and do not depend on that share; how many "
            "of the profiles sent to review are genuine people does. Where fakes are rarer than assumed, each "
            "fake caught costs more genuine people flagged: evaluate with another prevalence to see it. "
            f"They count profiles the model judges: {ev.n_insufficient:,} of the {ev.n:,} profiles here "
            f"({ev.abstention_rate:.1%}; {ev.n_fake_insufficient:,} of them fake) were too thin to judge "
            "(verdict insufficient), neither flagged nor passed.")


def guidance_sentence(point: OperatingPoint) -> str:
    """One operating point in words: reviews, fakes among them, genuine people flagged, fakes missed."""
    where = f"At the {point.name} (probability at least {_threshold(point.threshold)})"
    if not math.isfinite(point.review_per_10k):
        return f"{where}: not measurable on this data (it lacks fake or genuine profiles)."
    share = f"{point.precision_at_prevalence:.1%}" if point.review_per_10k > 0 else "none"
    return (f"{where}, about {point.review_per_10k:,.0f} of every 10,000 judged profiles would be sent to review: "
            f"{point.fake_in_review_per_10k:,.0f} of them fake and {point.genuine_in_review_per_10k:,.0f} genuine "
            f"people flagged wrongly (share of reviews that find a fake: {share}); "
            f"{point.missed_fake_per_10k:,.0f} fakes would not be flagged.")


# ------------------------------------------------------------------------------ per-archetype, bins
def _archetype_rows(profiles: Sequence[Profile], labels: np.ndarray, flagged: np.ndarray,
                    judged: np.ndarray) -> list[ArchetypeRow]:
    """One row per archetype: all its profiles, those too thin to judge, and rates over the judged ones."""
    names = [p.archetype for p in profiles]
    if all(name is None for name in names):
        return []
    rows = []
    for name in sorted(set(names), key=lambda a: (a is None, a or "")):
        members = np.array([a == name for a in names])
        kind = "fake" if 2 * int(labels[members].sum()) > int(members.sum()) else "genuine"
        fake, genuine = members & judged & (labels == 1), members & judged & (labels == 0)
        n_fake, n_genuine = int(fake.sum()), int(genuine.sum())
        detected, wrongly = int((fake & flagged).sum()), int((genuine & flagged).sum())
        rows.append(ArchetypeRow(
            archetype=name, kind=kind, n=int(members.sum()), insufficient=int((members & ~judged).sum()),
            n_fake=n_fake, detected=detected, recall=_round(detected / n_fake) if n_fake else math.nan,
            n_genuine=n_genuine, flagged_genuine=wrongly,
            false_positive_rate=_round(wrongly / n_genuine) if n_genuine else math.nan,
        ))
    return sorted(rows, key=lambda r: (r.kind, r.archetype is None, r.archetype or ""))


def _calibration(probabilities: np.ndarray, labels: np.ndarray) -> list[CalibrationBin]:
    which = np.minimum((probabilities * CALIBRATION_BINS).astype(int), CALIBRATION_BINS - 1)
    bins = []
    for b in range(CALIBRATION_BINS):
        inside = which == b
        n = int(inside.sum())
        bins.append(CalibrationBin(
            low=b / CALIBRATION_BINS, high=(b + 1) / CALIBRATION_BINS, n=n, n_fake=int(labels[inside].sum()),
            mean_probability=_round(float(probabilities[inside].mean())) if n else math.nan,
            fake_share=_round(float(labels[inside].mean())) if n else math.nan,
        ))
    return bins


# ------------------------------------------------------------------------------- permutation importance
def _stratified_rows(labels: np.ndarray, limit: int, rng: np.random.Generator) -> np.ndarray:
    """At most ``limit`` row indices, each class in its share, seeded; all rows when there are few."""
    if labels.size <= limit:
        return np.arange(labels.size)
    chosen = [rng.choice(np.flatnonzero(labels == c), max(1, round(limit * (labels == c).mean())), replace=False)
              for c in (0, 1)]
    return np.sort(np.concatenate(chosen))


def _auc_drops(model: Model, matrix: np.ndarray, labels: np.ndarray, base: np.ndarray, columns: list[int],
               rng: np.random.Generator, repeats: int) -> list[float]:
    """ROC-AUC lost when ``columns`` are permuted together, once per repeat.

    Only rows whose values the permutation changed are re-scored: for sparse clues (most profiles have no
    overlap, no note) that is a small share, and scoring is the cost.
    """
    base_auc = roc_auc(labels, base)
    original = matrix[:, columns]
    drops = []
    for _ in range(repeats):
        shuffled = original[rng.permutation(len(matrix))]
        same = (shuffled == original) | (np.isnan(shuffled) & np.isnan(original))
        changed = ~same.all(axis=1)
        scores = base.copy()
        if changed.any():
            rows = matrix[changed]
            rows[:, columns] = shuffled[changed]
            scores[changed] = model.probabilities_from_matrix(rows)
        drops.append(base_auc - roc_auc(labels, scores))
    return drops


def _permutation_importance(model: Model, matrix: np.ndarray, labels: np.ndarray, rng: np.random.Generator,
                            repeats: int, progress: bool) -> tuple[list[Importance], list[Importance], int]:
    """Per feature and per family (all its columns permuted with one shuffle of the rows)."""
    if len(np.unique(labels)) < 2:
        return [], [], 0
    rows = _stratified_rows(labels, IMPORTANCE_MAX_ROWS, rng)
    matrix, labels = matrix[rows], labels[rows]
    names = model.builder.feature_names
    family = [model.builder.extractor_of(f) for f in names]
    families = {name: [j for j, f in enumerate(family) if f == name] for name in dict.fromkeys(family)}
    jobs = [(names[j], family[j], [j]) for j in range(len(names))] + [(f, f, cols) for f, cols in families.items()]
    results: list[Importance] = []
    base = model.probabilities_from_matrix(matrix)
    for name, fam, cols in progress_bar(jobs, desc="permutation importance", enabled=progress, leave=False):
        drops = _auc_drops(model, matrix, labels, base, cols, rng, repeats)
        results.append(Importance(name, fam, _round(float(np.mean(drops))), _round(float(np.std(drops)))))
    return _by_drop(results[:len(names)]), _by_drop(results[len(names):]), len(rows)


def _by_drop(items: list[Importance]) -> list[Importance]:
    return sorted(items, key=lambda i: (-i.drop, i.name))


# ------------------------------------------------------------------------------------------- cases
def _reason(reason: Reason) -> dict[str, Any]:
    return {"clue": reason.clue, "feature": reason.feature, "value": reason.value, "given": reason.given,
            "contribution": _round(reason.contribution), "evidence": reason.evidence}


def _cases(model: Model, profiles: Sequence[Profile], probabilities: np.ndarray, chosen: np.ndarray,
           batch: Any) -> list[Case]:
    """The chosen profiles with the model's verdict and reasons on both sides, as ``predict`` gives them
    (campaign counts over the whole data, as scored)."""
    picked = [profiles[i] for i in chosen]
    predictions = model.predict_profiles(picked, n_reasons=N_REASONS, batch=batch) if picked else []
    return [Case(id=p.id, name=p.name, headline=p.headline, archetype=p.archetype, label=int(p.label),
                 probability=_round(float(probabilities[i])), log_odds=_round(pred.log_odds),
                 verdict=pred.verdict, missing=pred.missing, reasons=[_reason(r) for r in pred.reasons],
                 reassurances=[_reason(r) for r in pred.reassurances])
            for i, p, pred in zip(chosen, picked, predictions, strict=True)]


def _worst(labels: np.ndarray, probabilities: np.ndarray, label: int, among: np.ndarray) -> np.ndarray:
    """Indices of the N_WORST profiles of a class, ``among`` the given ones, that the model got most wrong:
    the genuine scored highest, the fakes scored lowest (stable order on ties)."""
    members = np.flatnonzero((labels == label) & among)
    key = -probabilities[members] if label == 0 else probabilities[members]
    return members[np.argsort(key, kind="stable")[:N_WORST]]


# ---------------------------------------------------------------------------------------- evaluate
def _notes(labels: np.ndarray, judged: np.ndarray, coverage: dict[str, float], training: dict[str, float],
           n_unlabelled: int, groups: int) -> list[str]:
    n_thin, n_fake_thin = int((~judged).sum()), int(labels[~judged].sum())
    notes = [f"{n_thin:,} of the {labels.size:,} labelled profiles ({n_thin / labels.size:.1%}) were too thin to "
             f"judge (verdict insufficient), {n_fake_thin:,} of them fake: every metric, interval, curve, operating "
             f"point, calibration bin, per-archetype rate and importance below is measured on the "
             f"{int(judged.sum()):,} judged profiles."]
    if not (labels == 1).any():
        notes.append("This data has no fake profiles: ROC-AUC, average precision, recall and F1 are undefined "
                     "(n/a); the false-positive rates are what it measures.")
    elif not (labels[judged] == 1).any():
        notes.append("Every fake profile was too thin to judge: ROC-AUC, average precision, recall and F1 are "
                     "undefined (n/a); the false-positive rates are what this data measures.")
    if not (labels == 0).any():
        notes.append("This data has no genuine profiles: ROC-AUC, average precision, false-positive rates "
                     "and recall at a false-positive rate are undefined (n/a).")
    elif not (labels[judged] == 0).any():
        notes.append("Every genuine profile was too thin to judge: ROC-AUC, average precision, false-positive "
                     "rates and recall at a false-positive rate are undefined (n/a).")
    for name, share in coverage.items():
        if share == 0.0:
            trained = training.get(name)
            seen = f" (it had data for {trained:.0%} of the training profiles)" if trained else ""
            notes.append(f"{name}: no data in this set{seen}; its features are all missing.")
    if n_unlabelled:
        notes.append(f"{n_unlabelled:,} profiles without a label were left out.")
    notes.append(f"Confidence intervals resample {groups:,} groups of judged profiles (profiles sharing a photo or "
                 "an invitation note resample together).")
    return notes


def evaluate_model(model: Model, profiles: Sequence[Profile], *, seed: int = 0, n_bootstrap: int = 1000,
                   prevalence: float | None = None, importance_repeats: int = IMPORTANCE_REPEATS,
                   model_name: str | None = None, data_name: str | None = None,
                   progress: bool = False) -> Evaluation:
    """Measure a model on labelled profiles, with bootstrap confidence intervals.

    Parameters
    ----------
    model
        The model to evaluate (its threshold is the operating point).
    profiles
        Validated profiles; those without a label are left out (and counted). ``archetype``, where
        given, breaks recall and false-positive rate down by kind of account. Those the model finds too
        thin to judge (verdict ``insufficient``) are counted and listed; the metrics are on the others.
    seed
        Seeds the bootstrap and the permutations: the same seed gives the same numbers.
    n_bootstrap
        Resamples for the 95% intervals (0: no intervals, NaN bounds).
    prevalence
        Share of fakes the threshold guidance assumes (None: the judged profiles' own share).
    importance_repeats
        Permutations per feature and per family.
    model_name, data_name
        What the report's title calls the model and the data (default: their sha256 prefixes).
    progress
        Show progress bars on a terminal.

    Returns
    -------
    Evaluation

    Raises
    ------
    RecordError
        If no profile has a label, or none of the labelled ones can be judged.
    ValueError
        If ``prevalence`` is not strictly between 0 and 1.
    """
    if prevalence is not None and not 0.0 < prevalence < 1.0:
        raise ValueError(f"prevalence must be between 0 and 1, got {prevalence}")
    labelled = [p for p in profiles if p.label is not None]
    if not labelled:
        raise RecordError("no labelled profiles to evaluate")
    # Below this size OpenMP threads gain little and their spin-waiting can cost much (see model.py).
    threads = 1 if len(labelled) < SINGLE_THREAD_BELOW_ROWS else None
    with limit_openmp(threads):
        return _evaluate(model, labelled, len(profiles) - len(labelled), seed=seed, n_bootstrap=n_bootstrap,
                         prevalence=prevalence, importance_repeats=importance_repeats, model_name=model_name,
                         data_name=data_name, progress=progress)


def _evaluate(model: Model, labelled: list[Profile], n_unlabelled: int, *, seed: int, n_bootstrap: int,
              prevalence: float | None, importance_repeats: int, model_name: str | None, data_name: str | None,
              progress: bool) -> Evaluation:
    labels = np.array([p.label for p in labelled], dtype=int)
    builder = model.scoring_builder()  # as `predict` scores: 'now' is scoring_as_of or this month
    batch = builder.batch_counts(labelled)
    matrix = builder.matrix(labelled, batch)
    # One pass of the trees over the matrix the importance needs too gives both (building it is most of the cost).
    probabilities, _, judged, _ = model.judged_from_matrix(builder, matrix)
    if not judged.any():
        raise RecordError(f"none of the {len(labelled):,} labelled profiles can be judged: every one is too thin "
                          "(verdict insufficient); give profiles with more of their fields")
    photos = photo_keys(labelled)
    groups = profile_groups(labelled, picture_keys(labelled, builder, photos))
    digest = training_data_digest(labelled, photos)
    # The metrics' population: the judged profiles (see the module docstring).
    judged_probabilities, judged_labels, judged_groups = probabilities[judged], labels[judged], groups[judged]

    boot_rng, importance_rng = (np.random.default_rng([seed, stream]) for stream in (0, 1))
    intervals = _bootstrap(judged_probabilities, judged_labels, judged_groups, model.threshold, n_bootstrap,
                           boot_rng, progress)
    point = _point_metrics(judged_probabilities, judged_labels, model.threshold)
    features, families, importance_rows = _permutation_importance(model, matrix[judged], judged_labels,
                                                                  importance_rng, importance_repeats, progress)
    data_prevalence = _round(float(labels.mean()))
    judged_prevalence = _round(float(judged_labels.mean()))
    assumed = judged_prevalence if prevalence is None else prevalence
    n_groups = int(len(np.unique(judged_groups)))
    coverage = {k: _round(v) for k, v in builder.coverage(matrix).items()}
    training_coverage = {k: _round(v) for k, v in (model.info.get("feature_coverage") or {}).items()}
    training = dict(model.info.get("training_data") or {})
    return Evaluation(
        model_name=model_name or f"fakeprofile model (training data sha256 {str(training.get('sha256'))[:12]})",
        data_name=data_name or f"{len(labelled):,} labelled profiles (sha256 {digest[:12]})",
        model_date=(model.manifest or {}).get("created_at"),
        data_sha256=digest, scoring_as_of=builder.context.as_of, seed=seed, n_bootstrap=n_bootstrap,
        n_groups=n_groups, n=int(labels.size), n_fake=int(labels.sum()),
        n_judged=int(judged.sum()), n_fake_judged=int(judged_labels.sum()), n_insufficient=int((~judged).sum()),
        n_fake_insufficient=int(labels[~judged].sum()), abstention_rate=float((~judged).mean()),
        n_unlabelled=n_unlabelled, data_prevalence=data_prevalence, judged_prevalence=judged_prevalence,
        prevalence=assumed, prevalence_source="the judged profiles' own share" if prevalence is None else "given",
        threshold=_round(model.threshold, 6), target_fpr=model.info.get("target_fpr"), model_training=training,
        metrics={name: _estimate(name, point[name], intervals) for name in METRICS},
        operating_points=_operating_points(judged_probabilities, judged_labels, model.threshold, intervals, assumed),
        archetypes=_archetype_rows(labelled, labels, probabilities >= model.threshold, judged),
        calibration=_calibration(judged_probabilities, judged_labels),
        feature_importance=features, family_importance=families, importance_rows=importance_rows,
        importance_repeats=importance_repeats,
        most_suspicious_genuine=_cases(model, labelled, probabilities, _worst(labels, probabilities, 0, judged),
                                       batch),
        least_suspicious_fake=_cases(model, labelled, probabilities, _worst(labels, probabilities, 1, judged),
                                     batch),
        insufficient_fake=_cases(model, labelled, probabilities, _worst(labels, probabilities, 1, ~judged), batch),
        coverage=coverage, training_coverage=training_coverage,
        notes=_notes(labels, judged, coverage, training_coverage, n_unlabelled, n_groups),
        probabilities=probabilities, labels=labels, judged=judged,
    )


# ------------------------------------------------------------------------------------------ figures
def _new_figure(height: float = 4.0, width: float = 6.0) -> Figure:
    from matplotlib.figure import Figure

    # A Figure without pyplot: no global state, no display, the Agg canvas whatever the backend setting.
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    # No "Software" chunk (it names the matplotlib version) and no time stamp: same figure, same bytes.
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _blank(ax: Any, why: str) -> None:
    ax.text(0.5, 0.5, why, ha="center", va="center", wrap=True, parse_math=False, transform=ax.transAxes)
    ax.set_axis_off()


def _both_classes(ev: Evaluation) -> bool:
    return 0 < ev.n_fake_judged < ev.n_judged


def _label(text: str | None, limit: int = 40) -> str:
    """Data text as a tick label: clipped (math text is off wherever it is used)."""
    text = "(none)" if text is None else text
    return text if len(text) <= limit else text[: limit - 3] + "..."


def figure_roc(ev: Evaluation) -> Figure:
    fig = _new_figure(width=10.0)
    linear, low = fig.subplots(1, 2)
    if not _both_classes(ev):
        _blank(linear, "ROC curve undefined: the judged profiles are of one class only")
        low.set_axis_off()
        return fig
    fpr, tpr, _ = roc_curve(ev.judged_labels, ev.judged_probabilities)
    # The operating points all sit at the left edge; the log-scale panel is where they can be told apart.
    floor = 0.5 / max(ev.n_judged - ev.n_fake_judged, 1)
    for ax, scale in ((linear, "linear"), (low, "log")):
        ax.plot(np.maximum(fpr, floor) if scale == "log" else fpr, tpr,
                label=f"ROC-AUC {ev.metrics['roc_auc'].value:.4f}")
        for point in ev.operating_points:
            x = point.false_positive_rate.value
            ax.plot(max(x, floor) if scale == "log" else x, point.recall.value, "o", label=point.name)
        ax.set(xlabel=f"false-positive rate ({scale})", ylabel="recall (true-positive rate)", xscale=scale,
               ylim=(0, 1.01))
    linear.plot([0, 1], [0, 1], linestyle=":", color="grey", label="chance")
    linear.set(xlim=(0, 1))
    low.set(xlim=(floor, 1))
    linear.legend(loc="lower right", fontsize="small")
    return fig


def figure_precision_recall(ev: Evaluation) -> Figure:
    fig = _new_figure()
    ax = fig.add_subplot()
    if not _both_classes(ev):
        _blank(ax, "Precision-recall curve undefined: the judged profiles are of one class only")
        return fig
    precision, recall, _ = precision_recall_curve(ev.judged_labels, ev.judged_probabilities)
    ax.step(recall, precision, where="post", label=f"average precision {ev.metrics['average_precision'].value:.4f}")
    ax.axhline(ev.judged_prevalence, linestyle=":", color="grey",
               label=f"share of fakes (judged) {ev.judged_prevalence:.2%}")
    point = ev.operating_point(None)
    ax.plot(point.recall.value, point.precision.value, "o", label="model threshold")
    ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1), ylim=(0, 1.01))
    ax.legend(loc="lower left", fontsize="small")
    return fig


def figure_calibration(ev: Evaluation) -> Figure:
    fig = _new_figure(height=5.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    filled = [b for b in ev.calibration if b.n]
    top.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
    top.plot([b.mean_probability for b in filled], [b.fake_share for b in filled], "o-", label="judged profiles")
    for b in filled:
        top.annotate(f"{b.n:,}", (b.mean_probability, b.fake_share), textcoords="offset points", xytext=(4, -10),
                     fontsize="x-small")
    top.set(ylabel="share that is fake", xlim=(0, 1), ylim=(-0.02, 1.02))
    top.legend(loc="upper left", fontsize="small")
    bottom.bar([(b.low + b.high) / 2 for b in ev.calibration], [b.n for b in ev.calibration],
               width=1 / CALIBRATION_BINS * 0.9, color="grey")
    bottom.set(xlabel="predicted probability of fake", ylabel="judged profiles")
    return fig


def figure_score_histograms(ev: Evaluation) -> Figure:
    fig = _new_figure()
    ax = fig.add_subplot()
    bins = np.linspace(0, 1, 41)
    for label, name in ((0, "genuine"), (1, "fake")):
        scores = ev.judged_probabilities[ev.judged_labels == label]
        if scores.size:
            ax.hist(scores, bins=bins, alpha=0.6, label=f"{name} ({scores.size:,})")
    ax.axvline(ev.threshold, color="black", linestyle="--", label=f"threshold {ev.threshold:.4f}")
    ax.set(xlabel="predicted probability of fake", ylabel="judged profiles", yscale="log")
    ax.legend(fontsize="small")
    return fig


def figure_threshold(ev: Evaluation) -> Figure:
    fig = _new_figure(height=5.0)
    top, bottom = fig.subplots(2, 1, sharex=True)
    thresholds = np.linspace(0, 1, 201)
    fake, genuine = (ev.judged_probabilities[ev.judged_labels == c] for c in (1, 0))
    if fake.size:
        top.plot(thresholds, [(fake >= t).mean() for t in thresholds])
    else:
        _blank(top, "recall undefined: no judged fake profiles")
    if genuine.size:
        fpr = np.array([(genuine >= t).mean() for t in thresholds])
        bottom.plot(thresholds, np.where(fpr > 0, fpr, np.nan))
        bottom.set_yscale("log")
        for target in FPR_TARGETS:
            bottom.axhline(target, color="grey", linestyle=":", linewidth=0.8)
    else:
        _blank(bottom, "false-positive rate undefined: no judged genuine profiles")
    for ax in (top, bottom):
        ax.axvline(ev.threshold, color="black", linestyle="--", label=f"model threshold {ev.threshold:.4f}")
    top.set(ylabel="recall")
    top.legend(fontsize="small")
    bottom.set(xlabel="threshold (flag when probability is at least this)", ylabel="false-positive rate (log)",
               xlim=(0, 1))
    return fig


def _importance_bars(items: list[Importance], why_empty: str) -> Figure:
    fig = _new_figure(height=max(2.5, 0.28 * len(items) + 1.0), width=7.0)
    ax = fig.add_subplot()
    if not items:
        _blank(ax, why_empty)
        return fig
    positions = np.arange(len(items))[::-1]
    ax.barh(positions, [i.drop for i in items], xerr=[i.std for i in items], color="tab:blue")
    ax.set_yticks(positions, [_label(i.name, 60) for i in items], parse_math=False, fontsize="small")
    ax.set(xlabel="drop in ROC-AUC when permuted")
    return fig


def figure_importance_features(ev: Evaluation) -> Figure:
    return _importance_bars(ev.feature_importance[:TOP_FEATURES], "importance undefined: one class only")


def figure_importance_families(ev: Evaluation) -> Figure:
    return _importance_bars(ev.family_importance, "importance undefined: one class only")


def figure_archetypes(ev: Evaluation) -> Figure:
    fakes = [r for r in ev.archetypes if r.kind == "fake"]
    genuine = [r for r in ev.archetypes if r.kind == "genuine"]
    fig = _new_figure(height=max(3.0, 0.3 * max(len(fakes), len(genuine), 1) + 1.5), width=9.0)
    left, right = fig.subplots(1, 2)
    if not ev.archetypes:
        _blank(left, "no archetypes in this data")
        right.set_axis_off()
        return fig
    for ax, rows, rate, title in ((left, fakes, "recall", "recall (fakes flagged)"),
                                  (right, genuine, "false_positive_rate", "false-positive rate (genuine flagged)")):
        if not rows:
            _blank(ax, f"no {'fake' if rate == 'recall' else 'genuine'} archetypes")
            continue
        positions = np.arange(len(rows))[::-1]
        values = [getattr(r, rate) for r in rows]
        ax.barh(positions, [v if math.isfinite(v) else 0.0 for v in values], color="tab:orange")
        counts = [r.n_fake if rate == "recall" else r.n_genuine for r in rows]
        ax.set_yticks(positions, [f"{_label(r.archetype)} (n={c:,})" for r, c in zip(rows, counts, strict=True)],
                      parse_math=False, fontsize="small")
        finite = [v for v in values if math.isfinite(v)]
        right_edge = 1.0 if rate == "recall" else min(1.0, max([0.05, *finite]) * 1.25)
        for y, v in zip(positions, values, strict=True):
            ax.annotate(_fmt(v), (v if math.isfinite(v) else 0.0, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize="x-small")
        ax.set(xlabel=title, xlim=(0, right_edge))
    return fig


_FIGURE_MAKERS: dict[str, Callable[[Evaluation], Figure]] = {
    "roc": figure_roc,
    "precision_recall": figure_precision_recall,
    "calibration": figure_calibration,
    "score_histograms": figure_score_histograms,
    "threshold": figure_threshold,
    "importance_features": figure_importance_features,
    "importance_families": figure_importance_families,
    "archetypes": figure_archetypes,
}


def render_figures(evaluation: Evaluation) -> dict[str, bytes]:
    """Every figure of the report as PNG bytes, by name (the keys of :data:`FIGURES`)."""
    try:
        import matplotlib
        import matplotlib.style
    except ImportError as exc:
        raise ImportError("the report's figures need matplotlib: pip install matplotlib") from exc

    out = {}
    # The default style, whatever the user's matplotlibrc says, so that a report looks (and hashes) the same.
    with matplotlib.style.context("default"), matplotlib.rc_context({"font.size": 9}):
        for name, make in _FIGURE_MAKERS.items():
            out[name] = _png(make(evaluation))
    return out


# --------------------------------------------------------------------------------------------- HTML
def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: Any) -> str:
    """A number as the report prints it: counts with thousands separators, rates with 4 decimals."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.{DECIMALS}f}"
    return str(value)


def _threshold(value: float) -> str:
    """Thresholds keep 6 decimals: a profile at 0.93801 is not flagged at 0.938025."""
    return f"{value:.6f}"


def _fmt_estimate(e: Estimate) -> tuple[str, str]:
    interval = "n/a" if not all(isinstance(x, int) or math.isfinite(x) for x in (e.low, e.high)) else (
        f"{_fmt(e.low)} – {_fmt(e.high)}")
    return _fmt(e.value), interval


def _cell(value: Any) -> str:
    """A table cell's content, escaped; a list is one escaped line per item."""
    if isinstance(value, list):
        return "<br>".join(_esc(_fmt(item)) for item in value) if value else "(none)"
    return _esc(_fmt(value))


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], caption: str | None = None) -> str:
    """An HTML table; every cell is escaped (cells hold profile text)."""
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>\n" for row in rows)
    cap = f"<caption>{_esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"


def _figure_html(name: str, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img alt="{_esc(FIGURES[name])}" src="data:image/png;base64,{data}">'
            f"<figcaption>{_esc(FIGURES[name])}</figcaption></figure>\n")


def _section(title: str, *parts: str) -> str:
    return f"<section><h2>{_esc(title)}</h2>\n" + "".join(parts) + "</section>\n"


def _para(text: str) -> str:
    return f"<p>{_esc(text)}</p>\n"


def _overview(ev: Evaluation) -> str:
    training = ev.model_training
    rows = [
        ("model", ev.model_name), ("model saved", ev.model_date or "not saved (trained in this process)"),
        ("model threshold", _threshold(ev.threshold)), ("threshold chosen for false-positive rate", ev.target_fpr),
        ("model trained on (profiles)", training.get("n")), ("training data sha256", training.get("sha256")),
        ("data", ev.data_name), ("data sha256", ev.data_sha256), ("labelled profiles evaluated", ev.n),
        ("of them fake", ev.n_fake), ("share of fakes", ev.data_prevalence),
        ("too thin to judge (verdict insufficient)", ev.n_insufficient),
        ("of them fake", ev.n_fake_insufficient), ("abstention rate (share too thin to judge)", ev.abstention_rate),
        ("judged (what the metrics measure)", ev.n_judged), ("of them fake", ev.n_fake_judged),
        ("share of fakes among the judged", ev.judged_prevalence),
        (f"share of fakes the guidance assumes ({ev.prevalence_source})", ev.prevalence),
        ("profiles without a label (left out)", ev.n_unlabelled),
        ("'now' for profiles without observed_at", ev.scoring_as_of),
        ("bootstrap resamples", ev.n_bootstrap), ("groups of judged profiles resampled", ev.n_groups),
        ("seed", ev.seed),
    ]
    notes = "".join(f"<li>{_esc(n)}</li>" for n in ev.notes)
    return _section("Overview", _table(["", "value"], rows), f"<ul class='notes'>{notes}</ul>\n")


def _abstention_sentence(ev: Evaluation) -> str:
    return (f"Measured on the {ev.n_judged:,} judged profiles ({ev.n_fake_judged:,} fake). {ev.n_insufficient:,} of "
            f"the {ev.n:,} labelled profiles (abstention rate {ev.abstention_rate:.1%}) were too thin to judge "
            f"(verdict insufficient), {ev.n_fake_insufficient:,} of them fake: the model neither flags nor passes "
            "them, and they are left out of the metrics, the intervals and the curves.")


def _metrics_html(ev: Evaluation, figures: dict[str, bytes]) -> str:
    rows = [(_LABELS[name], *_fmt_estimate(ev.metrics[name])) for name in METRICS]
    m = {k: _fmt_estimate(v)[0] for k, v in ev.metrics.items()}
    thin_genuine = ev.n_insufficient - ev.n_fake_insufficient
    confusion = _table(["", "flagged fake", "passed as genuine", "too thin to judge (insufficient)"], [
        ("fake", m["true_positives"], m["false_negatives"], ev.n_fake_insufficient),
        ("genuine", m["false_positives"], m["true_negatives"], thin_genuine),
    ], caption=f"Verdicts at the model threshold {_threshold(ev.threshold)}: the first two columns are the judged "
               "profiles the metrics count, the last those left out")
    return _section(f"Metrics at the model threshold ({_threshold(ev.threshold)}) on the judged profiles, with "
                    f"{CI_LEVEL:.0%} intervals", _para(_abstention_sentence(ev)),
                    _table(["metric", "value", f"{CI_LEVEL:.0%} interval"], rows), confusion,
                    _figure_html("roc", figures["roc"]), _figure_html("precision_recall", figures["precision_recall"]))


def _operating_html(ev: Evaluation, figures: dict[str, bytes]) -> str:
    headers = ["operating point", "threshold", "recall", "recall interval", "false-positive rate",
               "FPR interval", "precision (this data)", "precision interval", "false positives the target allows",
               "sent to review per 10,000 judged", "fakes among them", "genuine among them",
               "fakes missed per 10,000 judged",
               "share of reviews that find a fake"]
    rows = []
    for p in ev.operating_points:
        rows.append((p.name, _threshold(p.threshold), *_fmt_estimate(p.recall), *_fmt_estimate(p.false_positive_rate),
                     *_fmt_estimate(p.precision), p.allowed_false_positives,
                     *(f"{x:,.1f}" if math.isfinite(x) else "n/a" for x in (
                         p.review_per_10k, p.fake_in_review_per_10k, p.genuine_in_review_per_10k,
                         p.missed_fake_per_10k)), p.precision_at_prevalence))
    sentences = "".join(f"<li>{_esc(s)}</li>" for s in ev.guidance())
    population = _para(f"Every operating point is measured on the {ev.n_judged:,} profiles judged at the model "
                       "threshold (the set of borderline thin profiles would shift a little at another threshold).")
    return _section("Threshold guidance", population, f"<ul>{sentences}</ul>\n", _table(headers, rows),
                    _figure_html("threshold", figures["threshold"]))


def _calibration_html(ev: Evaluation, figures: dict[str, bytes]) -> str:
    rows = [(f"{b.low:.1f}–{b.high:.1f}", b.n, b.n_fake, b.mean_probability, b.fake_share) for b in ev.calibration]
    return _section("Calibration and scores", _para(f"On the {ev.n_judged:,} judged profiles."),
                    _figure_html("calibration", figures["calibration"]),
                    _table(["probability", "judged profiles", "fake", "mean probability", "share that is fake"], rows),
                    _figure_html("score_histograms", figures["score_histograms"]))


def _archetypes_html(ev: Evaluation, figures: dict[str, bytes]) -> str:
    if not ev.archetypes:
        return _section("Per archetype", _para("No profile in this data names its archetype."))
    rows = [(r.archetype if r.archetype is not None else "(none)", r.kind, r.n, r.insufficient, r.n_fake, r.detected,
             r.recall, r.n_genuine, r.flagged_genuine, r.false_positive_rate) for r in ev.archetypes]
    headers = ["archetype", "mostly", "profiles", "too thin to judge", "fake judged", "fakes flagged", "recall",
               "genuine judged", "genuine flagged", "false-positive rate"]
    how = _para("'profiles' counts every labelled profile of the archetype; recall and false-positive rate are "
                "measured on those judged, without the ones too thin to judge.")
    return _section("Per archetype", how, _table(headers, rows), _figure_html("archetypes", figures["archetypes"]))


def _importance_html(ev: Evaluation, figures: dict[str, bytes]) -> str:
    if not ev.feature_importance:
        return _section("Permutation importance", _para("Not measured: ROC-AUC needs both classes."))
    how = (f"Drop in ROC-AUC when a feature's values (or all of a family's columns together) are shuffled "
           f"across {ev.importance_rows:,} judged profiles, mean and standard deviation over {ev.importance_repeats} "
           "shuffles. Clues that travel together share credit: shuffling one leaves its partner.")
    families = _table(["family", "ROC-AUC drop", "std"], [(i.name, i.drop, i.std) for i in ev.family_importance])
    features = _table(["feature", "family", "ROC-AUC drop", "std"],
                      [(i.name, i.family, i.drop, i.std) for i in ev.feature_importance])
    return _section("Permutation importance", _para(how),
                    _figure_html("importance_families", figures["importance_families"]), families,
                    _figure_html("importance_features", figures["importance_features"]), features)


def reason_line(reason: dict[str, Any]) -> str:
    """One reason as the report prints it: signed contribution in log-odds, clue, evidence."""
    return f"{reason['contribution']:+.2f} log-odds, {reason['clue']}: {reason['evidence']}"


def verdict_text(case: Case) -> str:
    """The verdict, with what is missing when it is insufficient."""
    return f"{case.verdict}: {case.missing}" if case.missing else case.verdict


def _cases_table(cases: list[Case]) -> str:
    if not cases:
        return _para("None.")
    rows = [(c.id, c.name or "", c.headline or "", c.archetype or "", c.probability, f"{c.log_odds:+.2f}",
             verdict_text(c), [reason_line(r) for r in c.reasons], [reason_line(r) for r in c.reassurances])
            for c in cases]
    return _table(["id", "name", "headline", "archetype", "probability", "log-odds", "verdict",
                   "raises suspicion (+)", "lowers suspicion (-)"], rows)


def _cases_html(ev: Evaluation) -> str:
    return _section(
        "Worst mistakes, and fakes too thin to judge",
        _para(f"Among the {ev.n_judged:,} judged profiles: the {N_WORST} genuine ones with the highest probability "
              "(false positives where the verdict is fake) and the fakes with the lowest (missed where it is "
              f"genuine). Then the fakes the model did not judge ({ev.n_fake_insufficient:,}; at most {N_WORST} "
              "shown, lowest probability first), with what is missing. Each row gives the clues "
              "that raised the calibrated log-odds of fake most and those that lowered it most, with how far each "
              "moved it (exact TreeSHAP contributions: the baseline plus every contribution is the log-odds) and "
              "the evidence in words."),
        "<h3>Genuine profiles the model finds most suspicious</h3>\n", _cases_table(ev.most_suspicious_genuine),
        "<h3>Fakes the model finds least suspicious</h3>\n", _cases_table(ev.least_suspicious_fake),
        "<h3>Fakes too thin to judge</h3>\n", _cases_table(ev.insufficient_fake))


def _coverage_html(ev: Evaluation) -> str:
    rows = [(name, share, ev.training_coverage.get(name, math.nan),
             "no data in this set" if share == 0.0 else "") for name, share in ev.coverage.items()]
    missing = "".join(_para(f"{name}: no data in this set.") for name in ev.no_data)
    return _section("Data coverage per clue family",
                    _para(f"Over all {ev.n:,} labelled profiles, judged or not."), missing,
                    _table(["extractor", "share of profiles with data", "in training", ""], rows))


_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}
th{background:#f3f3f3} caption{text-align:left;font-weight:bold;padding:0.3em 0}
figure{margin:1em 0} img{max-width:100%} .notes li{margin:0.2em 0}
"""


def render_html(evaluation: Evaluation, figures: dict[str, bytes]) -> str:
    """The self-contained HTML report: inline CSS and figures, every data string escaped."""
    ev = evaluation
    title = f"fakeprofile evaluation: {ev.model_name} on {ev.data_name}"
    body = (_overview(ev) + _metrics_html(ev, figures) + _operating_html(ev, figures) + _calibration_html(ev, figures)
            + _archetypes_html(ev, figures) + _importance_html(ev, figures) + _cases_html(ev) + _coverage_html(ev))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n<title>{_esc(title)}</title>\n'
            f"<style>{_CSS}</style></head>\n<body>\n<h1>{_esc(title)}</h1>\n"
            f"<p>Model saved {_esc(ev.model_date or 'never (trained in this process)')}; "
            f"made with fakeprofile {_esc(__version__)}.</p>\n{body}</body></html>\n")


def report_json(evaluation: Evaluation) -> str:
    """``report.json``: strict JSON (no NaN), every number of the report."""
    return json.dumps(evaluation.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_report(evaluation: Evaluation, out_dir: str | Path) -> dict[str, Path]:
    """Write ``report.html``, ``report.json`` and ``figures/<name>.png`` into ``out_dir``.

    Returns the paths by name: ``"html"``, ``"json"`` and each figure's name (see :data:`FIGURES`).
    Existing files of those names are replaced; nothing else in ``out_dir`` is touched.
    """
    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    figures = render_figures(evaluation)
    paths = {}
    for name, png in figures.items():
        paths[name] = out / "figures" / f"{name}.png"
        paths[name].write_bytes(png)
    paths["html"] = out / "report.html"
    paths["html"].write_text(render_html(evaluation, figures), encoding="utf-8")
    paths["json"] = out / "report.json"
    paths["json"].write_text(report_json(evaluation), encoding="utf-8")
    return paths


# --------------------------------------------------------------------------------------- model card
INTENDED_USE = (
    "Triage: ranking profiles or connection invitations on a professional network for a person to review, "
    "with the reasons in words that the reviewer should check.",
    "A second opinion for someone deciding whether to accept an invitation from a stranger.",
    "Research and teaching on fake-profile detection.",
)
OUT_OF_SCOPE = (
    "Suspending, banning or reporting accounts automatically, without a person reviewing the reasons.",
    "Decisions about a person's employment, credit, housing, immigration or legal standing.",
    "Saying who is behind an account, or judging a real person's honesty or worth.",
    "Profiles from other networks or populations than the training data, until the model is evaluated on "
    "labelled data from there (`fakeprofile evaluate --report DIR`).",
)


def _markdown(rst: str) -> str:
    """Docstring markup as Markdown: ``literal`` and :role:`target` become `code`."""
    return re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", rst.replace("``", "`"))


def _versions(model: Model) -> dict[str, str]:
    if model.manifest and model.manifest.get("versions"):
        return dict(model.manifest["versions"])
    import sklearn

    return {"fakeprofile": __version__, "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "python": platform.python_version()}


def _metric_cell(metrics: dict[str, Any] | None, name: str) -> str:
    value = (metrics or {}).get(name)
    return _fmt(float(value)) if isinstance(value, (int, float)) else "n/a"


def _card_metrics(model: Model, evaluation: Evaluation | None) -> list[str]:
    saved = model.info.get("metrics") or {}
    headers = ["metric", "held-out test", "out-of-fold (training)"]
    if evaluation is not None:
        headers.append(f"this evaluation, judged profiles ({CI_LEVEL:.0%} interval)")
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for name in ("roc_auc", "average_precision", "brier", "precision", "recall", "f1", "false_positive_rate"):
        cells = [_LABELS[name], _metric_cell(saved.get("test"), name), _metric_cell(saved.get("out_of_fold"), name)]
        if evaluation is not None:
            value, interval = _fmt_estimate(evaluation.metrics[name])
            cells.append(f"{value} ({interval})")
        lines.append("| " + " | ".join(cells) + " |")
    if evaluation is not None:
        ev = evaluation
        lines += ["", f"This evaluation: {ev.data_name} ({ev.n:,} profiles, {ev.n_fake:,} fake; data sha256 "
                      f"`{ev.data_sha256}`). {ev.n_insufficient:,} of them (abstention rate {ev.abstention_rate:.1%}; "
                      f"{ev.n_fake_insufficient:,} fake) were too thin to judge (verdict insufficient); its figures "
                      f"are on the other {ev.n_judged:,} ({ev.n_fake_judged:,} fake)."]
        for point in evaluation.operating_points[1:]:
            value, interval = _fmt_estimate(point.recall)
            lines.append(f"- recall at {point.name}: {value} ({interval})")
    return lines


def _card_false_positives(model: Model) -> list[str]:
    """Each extractor's declared ``known_false_positives``, under its name."""
    lines = []
    for ex in model.builder.extractors:
        lines += [f"### {ex.name}", "", _markdown(type(ex).known_false_positives.strip()), ""]
    return lines


def _card_features(model: Model) -> list[str]:
    coverage = model.info.get("feature_coverage") or {}
    lines = []
    for ex in model.builder.extractors:
        share = coverage.get(ex.name)
        seen = f"; data for {share:.0%} of training profiles" if isinstance(share, (int, float)) else ""
        lines += [f"- **{ex.name}** (version {ex.version}{seen}): {ex.description}. Features: "
                  + ", ".join(f"`{ex.qualified(f)}`" for f in ex.feature_names)]
    return lines


def _percent(value: float | None) -> str:
    return f"{value:.1%}" if isinstance(value, (int, float)) else "n/a"


def model_card(model: Model, evaluation: Evaluation | None = None) -> str:
    """The model card as Markdown: data, metrics, intended and out-of-scope use, known false positives,
    limits, features and versions. Everything comes from the model (its manifest) and the evaluation."""
    training = model.info.get("training_data") or {}
    n, n_fake = training.get("n"), training.get("n_fake")
    share = f" ({n_fake / n:.1%})" if n and n_fake is not None else ""
    created = (model.manifest or {}).get("created_at") or "not saved (trained in this process)"
    no_data = [name for name, s in (model.info.get("feature_coverage") or {}).items() if s == 0.0]
    lines = [
        "# Model card: fakeprofile model", "",
        f"Created {created}. A calibrated gradient-boosting classifier that gives the probability that a profile "
        f"on a professional network is fake, with the reasons in words; it calls a profile fake at probability "
        f"{model.threshold:.6f} or more, the threshold chosen so that out-of-fold scores show, with "
        f"{_percent(model.info.get('fpr_confidence'))} confidence, a false-positive rate of at most "
        f"{_percent(model.info.get('target_fpr'))} on new profiles. Seed {model.info.get('seed')}; dates measured to "
        f"{model.info.get('as_of')}.", "",
        "## Training data", "",
        f"- profiles: {_fmt(n)}, of them fake: {_fmt(n_fake)}{share}",
        f"- split: {_fmt(training.get('n_train'))} for training, {_fmt(training.get('n_test'))} held out "
        "(profiles sharing a photo or an invitation note stay on one side)",
        f"- sha256: `{training.get('sha256')}`",
        f"- source: {training.get('source') or 'not recorded in the manifest'}",
        *[f"- {name} resource sha256: `{res.get('sha256')}`"
          for name, res in sorted((model.info.get('resources') or {}).items())],
        "", "## Metrics", "", *_card_metrics(model, evaluation), "",
        "## Intended use", "", *[f"- {u}" for u in INTENDED_USE], "",
        "## Out-of-scope use", "", *[f"- {u}" for u in OUT_OF_SCOPE], "",
        "## Known false positives", "",
        "As each clue family declares them: genuine people these clues can make look fake.", "",
        *_card_false_positives(model),
        "## Limits", "",
        "- The model knows only the kinds of fake and genuine accounts in its training data. Trained on synthetic "
        "profiles (`fakeprofile synth`, as the shipped default model is), it has learned the generator's "
        "archetypes, not real fakes: evaluate on labelled data from your own network before relying on it, and "
        "retrain there (`fakeprofile train`).",
        f"- Probabilities are calibrated at the training data's share of fakes{share}; where fakes are rarer, more "
        "of the flagged profiles are genuine (see the threshold guidance of an evaluation report).",
        "- A clue the data does not carry is missing, never zero; the model can only use clues that were present "
        "in training" + (f" (no data in training: {', '.join(no_data)})." if no_data else "."),
        "- Campaign clues (one photo or note across profiles) count over the batch scored: a profile scored "
        "alone has none.",
        "- A profile that shows too little (no evidence-bearing clue, or fewer than a few and a score near the "
        "threshold) gets the verdict `insufficient` instead of a guess; metrics of an evaluation are on the "
        "profiles judged, and its report gives the abstention rate beside them.",
        "- Reasons are each clue's exact TreeSHAP contribution to the calibrated log-odds, on both sides (what "
        "raised suspicion and what lowered it); they say what the model weighed, not that the evidence is true. "
        "Read the evidence.",
        "", "## Features", "", *_card_features(model), "",
        "## Versions", "", *[f"- {k}: {v}" for k, v in sorted(_versions(model).items())], "",
    ]
    return "\n".join(lines)


def write_model_card(model: Model, out_path: str | Path, evaluation: Evaluation | None = None) -> Path:
    """Write :func:`model_card` to ``out_path`` (a file, conventionally ``card.md``) and return the path."""
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model_card(model, evaluation), encoding="utf-8")
    return path

"""Metrics every front end reports: the operating threshold for a false-positive target, and the figures at it.

One place for them, so the training report, ``fakeprofile evaluate``, the HTML report and the notebooks
all measure the same way.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.special
import scipy.stats
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)


def threshold_for_fpr(probabilities: np.ndarray, labels: np.ndarray, target_fpr: float, *,
                      confidence: float | None = None) -> float:
    """Lowest threshold whose false-positive rate on these scores is at most ``target_fpr``.

    A profile is called fake when its probability is at least the threshold. With ``confidence``, the
    rate on new profiles is what is kept within the target: the threshold allows only as many false
    positives among these scores as keep the one-sided Clopper-Pearson upper bound of the rate, at that
    confidence, within the target (:func:`allowed_false_positives`).
    """
    negatives = np.sort(probabilities[labels == 0])[::-1]
    if negatives.size == 0:
        return 0.5
    if confidence is None:
        allowed = int(math.floor(target_fpr * negatives.size))
    else:
        allowed = allowed_false_positives(negatives.size, target_fpr, confidence)
    if allowed >= negatives.size:
        return float(negatives[-1])
    # Every negative strictly above this value is a false positive; allow `allowed` of them.
    boundary = negatives[allowed]
    return float(np.nextafter(boundary, np.inf))  # above a boundary of exactly 1.0 too


def allowed_false_positives(n_genuine: int, target_fpr: float, confidence: float) -> int:
    """Most false positives among ``n_genuine`` scored genuine profiles that still show, with ``confidence``
    (one-sided Clopper-Pearson), a false-positive rate within ``target_fpr`` on new profiles; 0 when even
    none would not (too few genuine profiles to show it: under 230 for 1% at 90%).

    Why: a threshold that lets exactly 1% of the training data's genuine profiles through misses the target
    on new data about half the time, by the sampling noise of those profiles (seen: 1.06% and 1.34% on fresh
    samples of 10,000).
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    candidates = np.arange(min(int(math.floor(target_fpr * n_genuine)), n_genuine - 1) + 1)
    upper = scipy.stats.beta.ppf(confidence, candidates + 1, n_genuine - candidates)
    within = candidates[upper <= target_fpr]
    return int(within[-1]) if within.size else 0


def binary_metrics(probabilities: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    """The figures every report shows, at the given operating threshold (NaN where no profile measures one)."""
    if labels.size == 0:  # e.g. every profile too thin to judge: nothing measured, not an error
        return {"n": 0, "n_fake": 0, "threshold": float(threshold)} | dict.fromkeys(
            ("roc_auc", "average_precision", "brier", "accuracy", "precision", "recall", "f1",
             "false_positive_rate"), math.nan)
    predicted = (probabilities >= threshold).astype(int)
    negatives = labels == 0
    both_classes = len(np.unique(labels)) == 2
    return {
        "n": int(labels.size),
        "n_fake": int(labels.sum()),
        "roc_auc": float(roc_auc_score(labels, probabilities)) if both_classes else math.nan,
        "average_precision": float(average_precision_score(labels, probabilities)) if both_classes else math.nan,
        "brier": float(brier_score_loss(labels, probabilities)),
        "accuracy": float((predicted == labels).mean()) if labels.size else math.nan,
        "threshold": float(threshold),
        "precision": float(precision_score(labels, predicted, zero_division=0)),
        "recall": float(recall_score(labels, predicted, zero_division=0)),
        "f1": float(f1_score(labels, predicted, zero_division=0)),
        "false_positive_rate": float(predicted[negatives].mean()) if negatives.any() else math.nan,
    }


def min_genuine_for_fpr(target_fpr: float, confidence: float) -> int:
    """Fewest genuine profiles that can show, with ``confidence``, a false-positive rate within ``target_fpr``:
    even with none of them flagged, the one-sided Clopper-Pearson bound ``1 - (1 - confidence)^(1/n)`` must be
    within the target (230 for 1% at 90%)."""
    return int(math.ceil(math.log(1.0 - confidence) / math.log(1.0 - target_fpr) - 1e-9))


def judged_metrics(probabilities: np.ndarray, labels: np.ndarray, threshold: float,
                   judged: np.ndarray) -> dict[str, float]:
    """:func:`binary_metrics` on the profiles given a verdict, with how many were too thin to judge.

    ``judged`` is False for a profile whose verdict is ``insufficient`` (:mod:`fakeprofile.abstention`);
    ``abstention_rate`` is their share of all profiles, ``n_insufficient`` and ``n_fake_insufficient``
    their numbers.
    """
    judged = np.asarray(judged, dtype=bool)
    metrics = binary_metrics(probabilities[judged], labels[judged], threshold)
    return metrics | {
        "n_all": int(labels.size),
        "n_insufficient": int((~judged).sum()),
        "n_fake_insufficient": int(labels[~judged].sum()),
        "abstention_rate": float((~judged).mean()) if labels.size else math.nan,
    }

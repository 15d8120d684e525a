"""The classifier: honest splits, training, calibration, the operating threshold, and scoring.

Training, in order:

1. Profiles that share a photo or an invitation text are grouped (:func:`profile_groups`) and a
   stratified, group-aware split holds out a test set that no group straddles.
2. On the training part, 5 group-aware folds give out-of-fold scores of a
   ``HistGradientBoostingClassifier`` (balanced class weights, early stopping, seeded).
3. A Platt calibrator is fitted on those out-of-fold scores, so the probability is calibrated even
   though class weights shift the raw scores, and the operating threshold is the lowest calibrated
   probability at which the out-of-fold false-positives still show, with 90% confidence (one-sided
   Clopper-Pearson), a false-positive rate within the target (default 1%) on new profiles.
4. The final classifier is fitted on the whole training part and measured once on the held-out test set.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.special
import scipy.stats
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedGroupKFold, train_test_split
from sklearn.utils.class_weight import compute_sample_weight
from threadpoolctl import ThreadpoolController

from fakeprofile.dates import current_month, month_label, month_number
from fakeprofile.explain import N_REASONS, probabilities_and_effects, top_reasons
from fakeprofile.extractors import BatchCounts, CampaignCounts
from fakeprofile.extractors.photo import PhotoExtractor
from fakeprofile.features import FeatureBuilder, make_extractors
from fakeprofile.io.jsonl import resolve_photo_path
from fakeprofile.io.records import ReadItem, ReadSummary, RecordError, validate_record
from fakeprofile.photos import KnownImageIndex, default_known_index
from fakeprofile.progress import progress as progress_bar
from fakeprofile.schema import Prediction, Profile
from fakeprofile.settings import DEFAULT_FPR_CONFIDENCE, DEFAULT_SEED, DEFAULT_TARGET_FPR
from fakeprofile.trees import FAST_BELOW_ROWS, compile_trees

N_FOLDS = 5
#: A photo or message shared by more than this share of the data is common text, not one campaign.
MAX_GROUP_SHARE = 0.02
#: ... but small data may always keep groups of this many together.
MIN_GROUP_CAP = 10
SINGLE_THREAD_BELOW_ROWS = 50_000


# --------------------------------------------------------------------------------------------- groups
def _photo_key(photo: str) -> str:
    """Content hash of a photo file (so copies under other names group), else the reference itself."""
    if not photo.lower().startswith("data:"):
        try:
            with open(photo, "rb") as handle:
                return "photo:" + hashlib.sha256(handle.read(16 * 1024 * 1024)).hexdigest()
        except OSError:
            pass
    return "photo:" + hashlib.sha256(photo.encode()).hexdigest()


def photo_keys(profiles: Sequence[Profile]) -> list[str | None]:
    """:func:`_photo_key` of each profile's photo (None without one); reads each photo file once."""
    return [_photo_key(p.photo) if p.photo else None for p in profiles]


def _message_key(message: str) -> str | None:
    text = " ".join(message.casefold().split())
    return "message:" + text if text else None


def picture_keys(profiles: Sequence[Profile], builder: FeatureBuilder,
                 photos: Sequence[str | None] | None = None) -> list[str | None]:
    """Group key per profile photo that is the same for every edited copy of one picture.

    A copy of a known image keys by that image, so a stock photo cropped one way for one persona and
    mirrored for another lands on one side of a split; other readable photos key by their pHash
    (re-encoded copies share it); unreadable ones by their bytes (``photos``, from :func:`photo_keys`).
    """
    photos = photo_keys(profiles) if photos is None else photos
    extractor = next((ex for ex in builder.extractors if isinstance(ex, PhotoExtractor)), None)
    if extractor is None:
        return list(photos)
    keys: list[str | None] = []
    for profile, fallback in zip(profiles, photos, strict=True):
        found = extractor.analysis(profile.photo, builder.context) if profile.photo else None
        if found is not None and found.matches:
            keys.append(f"known:{found.matches[0].name}")
        elif found is not None and found.phash is not None:
            keys.append(f"phash:{found.phash:016x}")
        else:
            keys.append(fallback)
    return keys


def profile_groups(profiles: Sequence[Profile], photos: Sequence[str | None] | None = None) -> np.ndarray:
    """Group id per profile: profiles linked by a shared photo or invitation text share a group.

    ``photos`` are the profiles' photo keys when the caller already has them (:func:`picture_keys`,
    which also groups edited copies of one picture, or :func:`photo_keys`).

    No group grows beyond ``MAX_GROUP_SHARE`` of the profiles. Keys shared by more than that (the
    platform's default invitation text, say) are ignored: they describe the population, not one
    campaign. And links are made smallest key first, a link that would make a group too large being
    skipped: otherwise popular template texts and popular stolen photos chain into one giant group (a
    sixth of a 12,000-profile training set did), which a group split must put whole on one side, so
    that the model never trains on that kind of profile and the held-out figures describe only it.
    """
    n = len(profiles)
    parent = list(range(n))
    size = [1] * n

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    photos = photo_keys(profiles) if photos is None else photos
    members: dict[str, list[int]] = {}
    for i, profile in enumerate(profiles):
        keys = [photos[i]]
        if profile.invitation and profile.invitation.message:
            keys.append(_message_key(profile.invitation.message))
        for key in keys:
            if key:
                members.setdefault(key, []).append(i)
    limit = max(MIN_GROUP_CAP, int(MAX_GROUP_SHARE * n))
    for key in sorted(members, key=lambda k: (len(members[k]), k)):
        indices = members[key]
        if not 2 <= len(indices) <= limit:
            continue
        for j in indices[1:]:
            a, b = find(indices[0]), find(j)
            if a != b and size[a] + size[b] <= limit:
                parent[b] = a
                size[a] += size[b]
    return np.array([find(i) for i in range(n)])


# ------------------------------------------------------------------------------------------- metrics
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
    """The figures every report shows, at the given operating threshold."""
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


# --------------------------------------------------------------------------------------- estimators
def _new_classifier(seed: int, directions: Sequence[int] | None = None) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        # Each feature may only move the score the way its extractor declares (0: either way).
        monotonic_cst=None if directions is None else list(directions),
        learning_rate=0.08,
        max_iter=400,
        max_leaf_nodes=31,
        min_samples_leaf=20,
        l2_regularization=1.0,
        class_weight="balanced",
        early_stopping=True,
        validation_fraction=0.15,
        n_iter_no_change=20,
        random_state=seed,
    )


#: A column with fewer values than this is fitted as a constant (see :func:`_fit_classifier`).
MIN_VALUES_PER_COLUMN = 40


def _fit_classifier(matrix: np.ndarray, labels: np.ndarray, seed: int, directions: Sequence[int] | None = None,
                    masked: np.ndarray | None = None, *, rounds: int | None = None) -> HistGradientBoostingClassifier:
    """Fit a fresh classifier, constrained to ``directions``; ``masked`` are the rows' masked copies
    (:mod:`fakeprofile.masking`), learned from with the same labels. With ``rounds``, exactly that many
    boosting rounds on every row, without early stopping.

    With masked copies, early stopping is validated on profiles held out together with their copies: left to
    scikit-learn's own random split, a copy would sit in the validation set while its original is trained
    on, validation would reward memorising the originals, and boosting would run three times as long (the
    model then came out overconfident out of fold and underconfident after calibration).

    A column with (almost) no values (a clue the data lacks) is fitted as a constant: scikit-learn 1.9's
    binning fails on an all-NaN column, which early stopping's own validation split can create from a nearly
    empty one; a column with fewer values than two leaves' minimum size could not be split on anyway, and a
    constant column gets no split, so NaNs in it at prediction time take no branch of their own."""
    observed = (~np.isnan(matrix)).sum(axis=0)
    if masked is not None:
        observed += (~np.isnan(masked)).sum(axis=0)
    empty = observed < MIN_VALUES_PER_COLUMN
    if empty.any():
        matrix = matrix.copy()
        matrix[:, empty] = 0.0
        if masked is not None:
            masked = masked.copy()
            masked[:, empty] = 0.0
    # On small data OpenMP threads gain little, and on a busy machine their spin-waiting made a
    # 1-second fit take 10: below this size the fit runs on one thread.
    threads = 1 if len(matrix) * (1 if masked is None else 2) < SINGLE_THREAD_BELOW_ROWS else None
    classifier = _new_classifier(seed, directions)
    if rounds is not None:
        classifier.set_params(early_stopping=False, max_iter=rounds)
    with limit_openmp(threads):
        if masked is None:
            return classifier.fit(matrix, labels)
        if rounds is not None:
            return classifier.fit(np.vstack([matrix, masked]), np.concatenate([labels, labels]))
        fit, val = train_test_split(np.arange(len(labels)), test_size=classifier.validation_fraction,
                                    stratify=labels, random_state=seed)
        y_val = np.concatenate([labels[val], labels[val]])
        return classifier.fit(
            np.vstack([matrix[fit], masked[fit]]), np.concatenate([labels[fit], labels[fit]]),
            X_val=np.vstack([matrix[val], masked[val]]), y_val=y_val,
            # The class weights scikit-learn applies to its own validation split, applied to ours.
            sample_weight_val=compute_sample_weight("balanced", y_val))


def _fit_calibrator(raw_scores: np.ndarray, labels: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=1e6).fit(raw_scores.reshape(-1, 1), labels)


_openmp: ThreadpoolController | None = None


def limit_openmp(threads: int | None) -> Any:
    """A context manager limiting OpenMP to ``threads`` threads (``None``: no limit).

    ``threadpoolctl.threadpool_limits`` finds the loaded libraries anew on every call, about 3 ms: twice a
    single-profile prediction's whole scoring time. The controller it builds is made once here instead.
    """
    global _openmp
    if _openmp is None:
        _openmp = ThreadpoolController()
    return _openmp.limit(limits=threads, user_api="openmp")


def _decision(classifier: HistGradientBoostingClassifier, matrix: np.ndarray) -> np.ndarray:
    # Scoring a small batch on all OpenMP threads only adds spin-waiting, as fitting does.
    threads = 1 if matrix.shape[0] < SINGLE_THREAD_BELOW_ROWS else None
    with limit_openmp(threads):
        return classifier.decision_function(matrix)


def _calibrated(classifier: HistGradientBoostingClassifier, calibrator: LogisticRegression,
                matrix: np.ndarray) -> np.ndarray:
    return _probability(calibrator, _decision(classifier, matrix))


def _log_odds(calibrator: LogisticRegression, raw: np.ndarray) -> np.ndarray:
    """The calibrated logit of fake: the Platt calibrator's linear part, which does not saturate at 0 or 1."""
    return raw * calibrator.coef_[0, 0] + calibrator.intercept_[0]


def _probability(calibrator: LogisticRegression, raw: np.ndarray) -> np.ndarray:
    # calibrator.predict_proba's own arithmetic (one weight, one intercept, the logistic function) without its
    # input validation, which cost more than scoring a single profile; tests/test_model.py checks equality.
    return scipy.special.expit(_log_odds(calibrator, raw))


@dataclass
class TrainingReport:
    """What training measured: held-out test metrics and the out-of-fold threshold search."""

    test_metrics: dict[str, float]
    oof_metrics: dict[str, float]
    n_train: int
    n_test: int
    n_groups: int
    feature_coverage: dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        m = self.test_metrics
        lines = [
            f"trained on {self.n_train:,} profiles, tested on {self.n_test:,} held out "
            f"({self.n_groups:,} photo/message groups kept on one side)",
            f"  ROC-AUC {m['roc_auc']:.4f}   average precision {m['average_precision']:.4f}   "
            f"Brier {m['brier']:.4f}",
            f"  at threshold {m['threshold']:.4f}: precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
            f"F1 {m['f1']:.3f}  false-positive rate {m['false_positive_rate']:.4f}",
        ]
        empty = [name for name, share in self.feature_coverage.items() if share == 0.0]
        if empty:
            lines.append(f"  no data for: {', '.join(empty)}")
        return "\n".join(lines)


def _labels_of(profiles: Sequence[Profile]) -> np.ndarray:
    missing = [p.id for p in profiles if p.label is None]
    if missing:
        raise RecordError(f"{len(missing)} training profile(s) have no label, e.g. id {missing[0]!r}")
    labels = np.array([p.label for p in profiles], dtype=int)
    if len(np.unique(labels)) < 2:
        raise RecordError("training data must contain both fake (1) and genuine (0) profiles")
    return labels


def _oof_scores(matrix: np.ndarray, labels: np.ndarray, groups: np.ndarray, seed: int,
                progress: bool, desc: str, directions: Sequence[int] | None = None,
                masked: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Out-of-fold raw scores, and the median number of boosting rounds early stopping chose in the folds."""
    folds = StratifiedGroupKFold(n_splits=N_FOLDS, shuffle=True, random_state=seed)
    raw = np.empty(labels.size)
    rounds = []
    for fit_idx, out_idx in progress_bar(list(folds.split(matrix, labels, groups)), desc=desc, enabled=progress,
                                         leave=False):
        classifier = _fit_classifier(matrix[fit_idx], labels[fit_idx], seed, directions,
                                     None if masked is None else masked[fit_idx])
        raw[out_idx] = _decision(classifier, matrix[out_idx])
        rounds.append(classifier.n_iter_)
    return raw, int(np.median(rounds))


def latest_month(profiles: Iterable[Profile]) -> str:
    """The latest observed_at or created_at in the data: a reproducible 'now' for training."""
    months = [month_number(m, is_end=True) for p in profiles for m in (p.observed_at, p.created_at) if m]
    if not months:
        return current_month()
    return month_label(max(months))


def train(
    profiles: Sequence[Profile],
    *,
    seed: int = DEFAULT_SEED,
    target_fpr: float = DEFAULT_TARGET_FPR,
    fpr_confidence: float = DEFAULT_FPR_CONFIDENCE,
    extractors: Sequence[str] | None = None,
    as_of: str | None = None,
    test_size: float = 0.2,
    known_images: KnownImageIndex | None = None,
    progress: bool = False,
    mask_unknowns: bool = True,
) -> tuple[Model, TrainingReport]:
    """Train, calibrate and threshold a model on labelled profiles.

    Photos are checked against ``known_images`` (default: :func:`fakeprofile.photos.default_known_index`);
    the campaign features count over the whole training set. Every feature is constrained to the
    direction its extractor declares, and with ``mask_unknowns`` the classifier also learns from a masked
    copy of each training profile (:mod:`fakeprofile.masking`); calibration, threshold and metrics use
    the profiles as given. Returns the model (fitted on the training part) and a report of the held-out
    test metrics.
    """
    if not 0.0 < target_fpr < 1.0:
        raise ValueError(f"target_fpr must be between 0 and 1, got {target_fpr}")
    labels = _labels_of(profiles)
    if len(profiles) < 50:
        raise RecordError(f"training needs at least 50 labelled profiles, got {len(profiles)}")
    as_of = as_of or latest_month(profiles)
    builder = FeatureBuilder(make_extractors(extractors), as_of, known_images=known_images)
    counts = builder.batch_counts(profiles)
    matrix = builder.matrix(profiles, counts)
    photos = photo_keys(profiles)
    groups = profile_groups(profiles, picture_keys(profiles, builder, photos))

    n_splits = max(2, round(1 / test_size))
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    train_idx, test_idx = next(splitter.split(matrix, labels, groups))

    x_train, y_train, g_train = matrix[train_idx], labels[train_idx], groups[train_idx]
    # Copies with fields blanked at the same rates in both classes, so "not given" is learned as unknown; drawn
    # for every profile (the same copies whatever the split) but measured for the training part only.
    from fakeprofile.masking import MASK_RATE, SCRAPED_RATE, masked_copies  # training only, not scoring

    m_train = None
    if mask_unknowns:
        copies = masked_copies(profiles, seed)
        m_train = builder.matrix([copies[i] for i in train_idx], counts)
    oof_raw, rounds = _oof_scores(x_train, y_train, g_train, seed, progress, "cross-validating",
                                  builder.directions, m_train)
    calibrator = _fit_calibrator(oof_raw, y_train)
    oof_prob = calibrator.predict_proba(oof_raw.reshape(-1, 1))[:, 1]
    threshold = threshold_for_fpr(oof_prob, y_train, target_fpr, confidence=fpr_confidence)
    # The final model is as large as the fold models the calibrator was fitted to: a final early stop of its
    # own (on a different validation split) could stop much earlier or later, and the calibrated
    # probabilities would then be systematically under- or overconfident.
    classifier = _fit_classifier(x_train, y_train, seed, builder.directions, m_train, rounds=rounds)

    test_prob = _calibrated(classifier, calibrator, matrix[test_idx])
    report = TrainingReport(
        test_metrics=binary_metrics(test_prob, labels[test_idx], threshold),
        oof_metrics=binary_metrics(oof_prob, y_train, threshold),
        n_train=len(train_idx),
        n_test=len(test_idx),
        n_groups=len(np.unique(groups)),
        feature_coverage=builder.coverage(matrix),
    )
    genuine = x_train[y_train == 0]
    with np.errstate(all="ignore"):
        reference = [
            float(np.nanmedian(col)) if not np.isnan(col).all() else math.nan for col in genuine.T
        ]
    model = Model(
        classifier=classifier,
        calibrator=calibrator,
        builder=builder,
        threshold=threshold,
        reference=np.array(reference),
        info={
            "seed": seed,
            "monotonic_directions": dict(zip(builder.feature_names, builder.directions, strict=True)),
            "masked_unknowns": {"rate": MASK_RATE, "scraped_rate": SCRAPED_RATE} if mask_unknowns else None,
            "target_fpr": target_fpr,
            "fpr_confidence": fpr_confidence,
            "as_of": as_of,
            "metrics": {"test": report.test_metrics, "out_of_fold": report.oof_metrics},
            "feature_coverage": report.feature_coverage,
            "training_data": {
                "n": len(profiles),
                "n_fake": int(labels.sum()),
                "n_train": len(train_idx),
                "n_test": len(test_idx),
                "sha256": training_data_digest(profiles, photos),
            },
            "resources": resource_digests(known_images),
        },
    )
    return model, report


def resource_digests(known_images: KnownImageIndex | None = None) -> dict[str, Any]:
    """What the features were measured against besides the profiles: the template corpus and the
    known-image index (sha256 and size), so that a model's manifest says which ones it learned with."""
    from fakeprofile.templates import default_index

    templates = default_index()
    index = known_images if known_images is not None else default_known_index()
    return {"templates": {"sha256": templates.digest(), "entries": len(templates)},
            "known_images": {"sha256": index.digest(), "images": len(index)}}


def cross_validate(
    profiles: Sequence[Profile],
    *,
    seed: int = DEFAULT_SEED,
    n_folds: int = N_FOLDS,
    extractors: Sequence[str] | None = None,
    as_of: str | None = None,
    known_images: KnownImageIndex | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Stratified, group-aware k-fold cross-validation of the whole training recipe.

    Each fold trains a full model (inner folds, calibration, threshold) on the rest and scores the
    fold. Returns per-fold metrics at the model's own threshold and at probability 0.5, their means,
    and the out-of-fold probabilities.
    """
    labels = _labels_of(profiles)
    as_of = as_of or latest_month(profiles)
    groups = profile_groups(profiles, picture_keys(profiles, FeatureBuilder(make_extractors(extractors), as_of,
                                                                            known_images=known_images)))
    folds = StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    probabilities = np.empty(len(profiles))
    per_fold = []
    for fit_idx, out_idx in progress_bar(list(folds.split(np.zeros(len(labels)), labels, groups)),
                                         desc="cross-validating", enabled=progress):
        fold_model, _ = train([profiles[i] for i in fit_idx], seed=seed, extractors=extractors,
                              as_of=as_of, known_images=known_images, progress=False)
        prob = fold_model.probabilities([profiles[i] for i in out_idx])
        probabilities[out_idx] = prob
        per_fold.append({
            "at_threshold": binary_metrics(prob, labels[out_idx], fold_model.threshold),
            "at_0.5": binary_metrics(prob, labels[out_idx], 0.5),
        })
    mean = {
        key: {m: float(np.mean([f[key][m] for f in per_fold])) for m in per_fold[0][key]}
        for key in ("at_threshold", "at_0.5")
    }
    return {"folds": per_fold, "mean": mean, "probabilities": probabilities, "labels": labels}


def training_data_digest(profiles: Sequence[Profile], photos: Sequence[str | None] | None = None) -> str:
    """sha256 of the training profiles in canonical JSON, so a manifest names the data it came from.

    ``photos`` are the profiles' :func:`photo_keys`, when the caller already has them.
    """
    photos = photo_keys(profiles) if photos is None else photos
    digest = hashlib.sha256()
    for profile, photo in zip(profiles, photos, strict=True):
        # A photo counts by its content, not its path: the same data in another folder has the same hash.
        if photo:
            profile = profile.model_copy(update={"photo": photo})
        digest.update(profile.model_dump_json(exclude_none=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()


# -------------------------------------------------------------------------------------------- model
def _coerce_record(record: Any, *, top: bool = True) -> Any:
    """A DataFrame row as the schema expects it: NaN means missing, integral floats in count fields are
    counts (pandas turns an int column with a gap into floats), and a numeric id is an id."""
    if isinstance(record, list):
        return [_coerce_record(v, top=False) for v in record]
    if not isinstance(record, dict):
        return record
    cleaned = {}
    for key, value in record.items():
        if isinstance(value, np.generic):
            value = value.item()
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, float) and value.is_integer() and key in _INT_FIELDS:
            value = int(value)
        elif top and key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif isinstance(value, (dict, list)):
            value = _coerce_record(value, top=False)
        cleaned[key] = value
    return cleaned


_INT_FIELDS = {"connections", "followers", "recommendations", "label", "invitations_sent_30d",
               "invitations_accepted_30d", "idk_reports", "posts"}


# ------------------------------------------------------------------------------------- record frames
def is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA: a cell with nothing in it (Dask and Arrow give NA where pandas gives None)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def decode_record(text: str | bytes) -> tuple[Any, str | None]:
    """Decode the JSON text of one record.

    Returns
    -------
    tuple
        ``(value, None)``, or ``(None, what is wrong)`` in the words the JSONL reader uses. A column in
        the message counts within ``text`` alone.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, f"not UTF-8 text: byte {exc.start + 1} is invalid"
    try:
        return json.loads(text.removeprefix("\ufeff")), None
    except json.JSONDecodeError as exc:
        # The decoder's own "line 1" would be confused with the file's line: give the column only.
        return None, f"malformed JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, "malformed JSON: nested too deeply"
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return None, f"malformed JSON: {str(exc)[:120]}"


def frame_items(frame: pd.DataFrame) -> list[ReadItem]:
    """Decode and validate the rows of a record frame: one :class:`ReadItem` per row, in order.

    See :func:`score_frame` for the columns. A row with an ``error`` is that error; a ``record`` that is
    JSON text is decoded (a relative ``photo`` path in it is read from the folder of ``source``, as the
    JSONL reader reads it); a dict is validated as it is; a :class:`Profile` is taken as valid.
    """
    if "record" not in frame.columns:
        raise KeyError(f"a record frame needs a 'record' column (optional: source, line, id, error); "
                       f"got {list(frame.columns)[:20]}")
    n = len(frame)
    records = frame["record"].tolist()
    sources = frame["source"].tolist() if "source" in frame.columns else ["frame"] * n
    lines = frame["line"].tolist() if "line" in frame.columns else frame.index.tolist()
    ids = frame["id"].tolist() if "id" in frame.columns else [None] * n
    errors = frame["error"].tolist() if "error" in frame.columns else [None] * n
    folders: dict[str, Path] = {}
    items = []
    for record, source, line, ident, error in zip(records, sources, lines, ids, errors, strict=True):
        source = "frame" if is_missing(source) else str(source)
        if not is_missing(error):
            items.append(ReadItem(source, line, None if is_missing(ident) else str(ident), error=str(error)))
            continue
        if isinstance(record, Profile):
            items.append(ReadItem(source, line, record.id, profile=record))
            continue
        if isinstance(record, (str, bytes)):
            raw, problem = decode_record(record)
            if problem is not None:
                items.append(ReadItem(source, line, None, error=problem))
                continue
            if isinstance(raw, dict) and raw.get("photo"):
                if source not in folders:
                    folders[source] = Path(source).resolve().parent
                resolve_photo_path(raw, folders[source])
        elif is_missing(record):
            items.append(ReadItem(source, line, None, error="the record is empty"))
            continue
        else:
            raw = record
        items.append(validate_record(raw, source=source, line=line))
    return items


def items_frame(items: Sequence[ReadItem]) -> pd.DataFrame:
    """A record frame holding read items as they are (profiles and errors), for :func:`score_frame`."""
    return pd.DataFrame({
        "record": pd.Series([item.profile for item in items], dtype=object),
        "source": pd.Series([item.source for item in items], dtype=object),
        "line": pd.Series([item.line for item in items], dtype=object),
        "id": pd.Series([item.id for item in items], dtype=object),
        "error": pd.Series([item.error for item in items], dtype=object),
    })


def output_dtypes(n_reasons: int = N_REASONS) -> dict[str, str]:
    """The columns of :func:`score_frame`'s output, in order, with their dtypes (its Dask ``meta``).

    ``id``, ``probability``, ``verdict``, ``threshold`` and ``error``, then for each reason k = 1..n its
    evidence in words (``reason_k``), ``reason_k_feature``, ``reason_k_extractor``, ``reason_k_value`` and
    ``reason_k_effect``. Text columns hold str or None; numbers are float64, NaN when absent.
    """
    dtypes = {"id": "object", "probability": "float64", "verdict": "object", "threshold": "float64",
              "error": "object"}
    for k in range(1, n_reasons + 1):
        dtypes |= {f"reason_{k}": "object", f"reason_{k}_feature": "object", f"reason_{k}_extractor": "object",
                   f"reason_{k}_value": "float64", f"reason_{k}_effect": "float64"}
    return dtypes


def output_meta(n_reasons: int = N_REASONS) -> pd.DataFrame:
    """An empty frame shaped like :func:`score_frame`'s output (what Dask calls ``meta``)."""
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in output_dtypes(n_reasons).items()})


_REASON_FIELDS = (("", "evidence"), ("_feature", "feature"), ("_extractor", "extractor"), ("_value", "value"),
                  ("_effect", "effect"))


def _output_frame(rows: Sequence[dict[str, Any]], index: pd.Index, n_reasons: int) -> pd.DataFrame:
    """:meth:`Model.score_items`' output records as the columns of :func:`output_dtypes`."""
    columns: dict[str, list[Any]] = {name: [] for name in output_dtypes(n_reasons)}
    for row in rows:
        for name in ("id", "verdict", "error"):
            columns[name].append(row.get(name))
        for name in ("probability", "threshold"):
            columns[name].append(row.get(name, math.nan))
        reasons = row.get("reasons") or []
        for k in range(1, n_reasons + 1):
            reason = reasons[k - 1] if k <= len(reasons) else {}
            for suffix, key in _REASON_FIELDS:
                value = reason.get(key)
                columns[f"reason_{k}{suffix}"].append(math.nan if value is None and key in ("value", "effect")
                                                      else value)
    dtypes = output_dtypes(n_reasons)
    return pd.DataFrame({name: pd.Series(values, dtype=dtypes[name], index=index)
                         for name, values in columns.items()}, index=index)


def output_records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """The rows of :func:`score_frame`'s output as ``fakeprofile predict`` writes them to JSONL.

    A scored row is the :class:`Prediction` (``id``, ``probability``, ``verdict``, ``threshold``,
    ``reasons``); a row that was not scored is ``{"id": ..., "error": ...}``.
    """
    n_reasons = sum(1 for name in frame.columns if name.startswith("reason_") and name.endswith("_feature"))
    cells = {name: frame[name].tolist() for name in frame.columns}
    for i in range(len(frame)):
        ident = None if is_missing(cells["id"][i]) else cells["id"][i]
        if not is_missing(cells["error"][i]):
            yield {"id": ident, "error": cells["error"][i]}
            continue
        reasons = []
        for k in range(1, n_reasons + 1):
            if is_missing(cells[f"reason_{k}_feature"][i]):
                break
            reason = {key: cells[f"reason_{k}{suffix}"][i] for suffix, key in _REASON_FIELDS}
            reasons.append({"feature": reason["feature"], "extractor": reason["extractor"],
                            "value": None if is_missing(reason["value"]) else reason["value"],
                            "effect": reason["effect"], "evidence": reason["evidence"]})
        yield {"id": ident, "probability": cells["probability"][i], "verdict": cells["verdict"][i],
               "threshold": cells["threshold"][i], "reasons": reasons}


def error_rows(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """``(position, error)`` of each row of :func:`score_frame`'s output that was not scored."""
    return [(i, error) for i, error in enumerate(frame["error"].tolist()) if not is_missing(error)]


def tally(summary: ReadSummary, n_rows: int, errors: Sequence[tuple[int, str]], *, strict: bool = False) -> int:
    """Count ``n_rows`` output rows, ``errors`` among them (:func:`error_rows`), into ``summary``.

    Returns how many leading rows to write: all of them; or, with ``strict``, those before the first
    error, which is counted as read and rejected; the caller then raises :class:`RecordError` with it.
    """
    if strict and errors:
        position, message = errors[0]
        n_rows, errors = position + 1, [errors[0]]
    summary.read += n_rows
    summary.rejected += len(errors)
    summary.scored += n_rows - len(errors)
    room = max(summary.max_listed_errors - len(summary.errors), 0)
    summary.errors.extend(message for _, message in errors[:room])
    return n_rows - 1 if strict and errors else n_rows


def score_frame(frame: pd.DataFrame, model: Model, *, batch: CampaignCounts | None = None,
                n_reasons: int = N_REASONS) -> pd.DataFrame:
    """Score a record frame: one output row per input row, same index, in order. Nothing is dropped.

    Every front end scores through this function: :meth:`Model.predict_frame`, :meth:`Model.score_stream`,
    ``fakeprofile predict`` (one chunk at a time, on one or several processes) and
    :func:`fakeprofile.dask.score` (one partition at a time).

    Parameters
    ----------
    frame : pandas.DataFrame
        A record frame. ``record`` (required) holds each input record as JSON text: a line of a JSONL
        file, which Parquet and Dask carry as a plain string column (a dict, as ``json.loads`` gives it,
        or a validated :class:`Profile` is accepted too, in process). Optional: ``source`` (the file,
        default ``"frame"``) and ``line`` (default: the index label), which name the row in errors;
        ``error``, a reader's rejection of the row (malformed CSV, an overlong line), which is kept as
        the row's error; and ``id``, the id the reader could still read from such a row.
    model : Model
        The model to score with.
    batch : CampaignCounts, optional
        Campaign counts over the whole input (:meth:`Model.batch_counts`, or the merged counts of a
        first pass); without it, the campaign features count within this frame.
    n_reasons : int
        Reasons per prediction (0: none, about five times faster).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`output_dtypes`: ``probability``, ``verdict``, ``threshold`` and the reasons
        for a scored row; ``id`` and ``error`` ("source:line (id X): field: reason") for one that was not.
    """
    rows = model.score_items(frame_items(frame), n_reasons=n_reasons, batch=batch)
    return _output_frame(rows, frame.index, n_reasons)


class Model:
    """A trained fakeprofile model: features, calibrated classifier, threshold and reasons.

    Build one with :func:`train` or :func:`fakeprofile.artifact.load_model`.
    """

    def __init__(self, classifier: HistGradientBoostingClassifier, calibrator: LogisticRegression,
                 builder: FeatureBuilder, threshold: float, reference: np.ndarray,
                 info: dict[str, Any], manifest: dict[str, Any] | None = None) -> None:
        self.classifier = classifier
        self.calibrator = calibrator
        #: The classifier's trees for scoring small batches fast (None: scikit-learn scores everything).
        self.trees = compile_trees(classifier)
        self.builder = builder
        self.threshold = float(threshold)
        self.reference = np.asarray(reference, dtype=np.float64)
        self.info = info
        #: The manifest it was loaded from (None for a model trained in this process).
        self.manifest = manifest
        #: 'Now' for profiles without observed_at when scoring; None means the current month.
        self.scoring_as_of: str | None = None

    # ---- features and probabilities
    @property
    def feature_names(self) -> list[str]:
        return self.builder.feature_names

    def use_known_images(self, index: KnownImageIndex | None) -> None:
        """Check photos against ``index`` from now on (None: the default index). Adding reported fakes'
        photos to the index needs no retraining: the features measure distance to *a* known image."""
        self.builder = FeatureBuilder(self.builder.extractors, self.builder.context.as_of, known_images=index)

    def scoring_builder(self) -> FeatureBuilder:
        """Profiles without observed_at are measured to ``scoring_as_of`` (default: this month)."""
        as_of = self.scoring_as_of or current_month()
        if as_of == self.builder.context.as_of:
            return self.builder
        return FeatureBuilder(self.builder.extractors, as_of, known_images=self.builder.context.known_images)

    def calibrated(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of fake for the classifier's raw scores."""
        return _probability(self.calibrator, raw)

    def probabilities_from_matrix(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of fake for rows of a feature matrix."""
        if len(matrix) == 0:
            return np.empty(0)
        if self.trees is not None and len(matrix) < FAST_BELOW_ROWS:
            return _probability(self.calibrator, self.trees.decision_function(matrix))
        return _calibrated(self.classifier, self.calibrator, matrix)

    def raw_scores(self, matrix: np.ndarray) -> np.ndarray:
        """The classifier's raw scores of rows of a feature matrix, by the path probabilities take."""
        matrix = np.asarray(matrix, dtype=np.float64)
        if len(matrix) == 0:
            return np.empty(0)
        if self.trees is not None and len(matrix) < FAST_BELOW_ROWS:
            return self.trees.decision_function(matrix)
        return _decision(self.classifier, matrix)

    def log_odds(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated log-odds of fake for raw scores: the logit of :meth:`calibrated`, computed without the
        probability, so that rows scored (almost) 0 or 1 still show how far apart they are."""
        return _log_odds(self.calibrator, raw)

    def probabilities(self, profiles: Sequence[Profile]) -> np.ndarray:
        """Calibrated probability of fake per profile."""
        return self.probabilities_from_matrix(self.scoring_builder().matrix(profiles))

    # ---- public scoring API
    def batch_counts(self, profiles: Iterable[Profile]) -> BatchCounts:
        """Campaign counts over a whole input, for scoring it in chunks (``batch=`` of the scoring methods)."""
        return self.scoring_builder().batch_counts(profiles)

    def predict_profiles(self, profiles: Sequence[Profile], *, n_reasons: int = N_REASONS,
                         batch: CampaignCounts | None = None) -> list[Prediction]:
        """Predictions with reasons for validated profiles.

        Campaign features count over ``batch`` (:meth:`batch_counts` of the whole input) when given,
        else over ``profiles``.
        """
        builder = self.scoring_builder()
        matrix = builder.matrix(profiles, batch)
        if n_reasons:
            prob, effects = probabilities_and_effects(self, matrix)
        else:
            prob, effects = self.probabilities_from_matrix(matrix), None
        out = []
        for i, profile in enumerate(profiles):
            is_fake = bool(prob[i] >= self.threshold)
            reasons = (top_reasons(profile, builder, matrix[i], effects[i], is_fake, n_reasons)
                       if effects is not None else [])
            out.append(Prediction(id=profile.id, probability=round(float(prob[i]), 6),
                                  verdict="fake" if is_fake else "genuine",
                                  threshold=self.threshold, reasons=reasons))
        return out

    def predict(self, profiles: Profile | dict | Sequence[Profile | dict], *,
                n_reasons: int = N_REASONS) -> Prediction | list[Prediction]:
        """Predict one profile (dict or Profile) or a list of them.

        Raises :class:`RecordError` naming the record and field if any profile is invalid; use
        :meth:`predict_frame` or :meth:`score_jsonl` to score the good ones and report the bad.
        """
        single = isinstance(profiles, (dict, Profile))
        items = [profiles] if single else list(profiles)
        validated = [to_profile(item, position=i) for i, item in enumerate(items)]
        predictions = self.predict_profiles(validated, n_reasons=n_reasons)
        return predictions[0] if single else predictions

    def score_items(self, items: Sequence[ReadItem], *, n_reasons: int = N_REASONS,
                    batch: CampaignCounts | None = None) -> list[dict[str, Any]]:
        """One output record per input item, in order: a prediction, or the id and the error.

        Should scoring the batch fail on some profile (a bug in an extractor, say), the batch is
        scored one by one so that only that profile is reported, with the error, and none is lost.
        """
        good = [item.profile for item in items if item.ok]
        try:
            predictions = iter(self.predict_profiles(good, n_reasons=n_reasons, batch=batch))
        except Exception:  # noqa: BLE001  (isolated per record just below)
            batch = batch if batch is not None else self.batch_counts(good)
            predictions = iter([self._predict_or_error(p, n_reasons, batch) for p in good])
        out = []
        for item in items:
            if not item.ok:
                out.append({"id": item.id, "error": f"{item.where()}: {item.error}"})
                continue
            prediction = next(predictions)
            if isinstance(prediction, Exception):
                out.append({"id": item.id, "error": f"{item.where()}: could not be scored "
                                                    f"({type(prediction).__name__}: {prediction}); please report this"})
            else:
                out.append(prediction.model_dump())
        return out

    def _predict_or_error(self, profile: Profile, n_reasons: int, batch: CampaignCounts) -> Prediction | Exception:
        try:
            return self.predict_profiles([profile], n_reasons=n_reasons, batch=batch)[0]
        except Exception as exc:  # noqa: BLE001  (reported in that record's output row)
            return exc

    def predict_frame(self, frame: pd.DataFrame, *, n_reasons: int = N_REASONS) -> pd.DataFrame:
        """Score a DataFrame of profiles (schema field names as columns); one output row per input row.

        Invalid rows are kept with an ``error`` naming the row (``frame:`` and its index label) and the
        field; their scores are NaN. The columns are those of :func:`score_frame`, which this calls with
        each row as a record; campaign features count over the frame.
        """
        records = [_coerce_record(r) for r in frame.to_dict(orient="records")]
        return score_frame(pd.DataFrame({"record": pd.Series(records, dtype=object, index=frame.index)}), self,
                           n_reasons=n_reasons)

    def score_stream(self, items: Iterable[ReadItem], *, chunk_size: int = 2048,
                     n_reasons: int = N_REASONS, strict: bool = False,
                     summary: ReadSummary | None = None,
                     batch: CampaignCounts | None = None) -> Iterator[dict[str, Any]]:
        """Score a stream of read items in chunks (each through :func:`score_frame`), in bounded memory.

        Yields one output record per item, in order (see :func:`output_records`), counting into
        ``summary``; with ``strict``, stops at the first record that is not scored with a
        :class:`RecordError`, after yielding those before it. Give ``batch`` (:meth:`batch_counts` over
        the whole input, a first pass) so that campaign features do not depend on the chunking; without
        it they count within each chunk.
        """
        summary = summary if summary is not None else ReadSummary()
        items = iter(items)
        while chunk := list(itertools.islice(items, chunk_size)):
            out = score_frame(items_frame(chunk), self, batch=batch, n_reasons=n_reasons)
            errors = error_rows(out)
            keep = tally(summary, len(out), errors, strict=strict)
            yield from itertools.islice(output_records(out), keep)
            if keep < len(out):
                raise RecordError(errors[0][1])

    def score_jsonl(self, src: str | os.PathLike[str], dst: str | os.PathLike[str], *, strict: bool = False,
                    progress: bool = False, n_reasons: int = N_REASONS, jobs: int = 1) -> ReadSummary:
        """Stream a JSONL file of any size to a JSONL (or, named ``.parquet``, a Parquet) file of results.

        One output row per input record, in order, as ``fakeprofile predict`` writes them (it is the same
        code: :func:`fakeprofile.parallel.score_sources`); ``jobs`` processes share the work.
        """
        from fakeprofile.io.readers import DataSource
        from fakeprofile.parallel import score_sources

        return score_sources(self, [DataSource(Path(src))], dst, jobs=jobs, strict=strict, progress=progress,
                             n_reasons=n_reasons)

    def pinned(self) -> Model:
        """A shallow copy whose 'now' is fixed: ``scoring_as_of``, or this month.

        What is sent to worker processes, so that every chunk of a run is measured to the same month even
        if the run crosses the end of one.
        """
        twin = copy.copy(self)
        twin.scoring_as_of = self.scoring_as_of or current_month()
        return twin


def to_profile(item: Profile | dict, *, position: int = 0) -> Profile:
    """Validate a dict (or pass a Profile through), raising a RecordError that names record and field."""
    if isinstance(item, Profile):
        return item
    result = validate_record(item, source="input", line=position)
    if not result.ok:
        raise RecordError(f"record {position}{f' (id {result.id})' if result.id else ''}: {result.error}")
    return result.profile


def dumps_manifest(manifest: dict[str, Any]) -> str:
    """Canonical JSON for manifests: sorted keys so the self-checksum is stable."""
    return json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)

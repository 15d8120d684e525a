"""Training: honest splits, the classifier, calibration and the operating threshold.

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

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, train_test_split
from sklearn.utils.class_weight import compute_sample_weight
from threadpoolctl import ThreadpoolController

from fakeprofile.dates import current_month, month_label, month_number
from fakeprofile.evaluate import binary_metrics, min_genuine_for_fpr, threshold_for_fpr
from fakeprofile.extractors.photo import PhotoExtractor
from fakeprofile.features import FeatureBuilder, make_extractors
from fakeprofile.io.records import RecordError
from fakeprofile.photos import KnownImageIndex, default_known_index
from fakeprofile.progress import progress as progress_bar
from fakeprofile.schema import Profile
from fakeprofile.scoring import Model
from fakeprofile.settings import DEFAULT_FPR_CONFIDENCE, DEFAULT_SEED, DEFAULT_TARGET_FPR

#: Below this many rows, fitting and scikit-learn's scoring run on one OpenMP thread (see :func:`limit_openmp`).
SINGLE_THREAD_BELOW_ROWS = 50_000

_openmp: ThreadpoolController | None = None


def limit_openmp(threads: int | None) -> Any:
    """A context manager limiting OpenMP to ``threads`` threads (``None``: no limit).

    ``threadpoolctl.threadpool_limits`` finds the loaded libraries anew on every call, about 3 ms; the
    controller it builds is made once here instead.
    """
    global _openmp
    if _openmp is None:
        _openmp = ThreadpoolController()
    return _openmp.limit(limits=threads, user_api="openmp")


def decision_scores(classifier: HistGradientBoostingClassifier, matrix: np.ndarray) -> np.ndarray:
    """scikit-learn's raw scores, on one OpenMP thread for small matrices (all threads only spin-wait there)."""
    threads = 1 if matrix.shape[0] < SINGLE_THREAD_BELOW_ROWS else None
    with limit_openmp(threads):
        return classifier.decision_function(matrix)


def calibrated_probabilities(classifier: HistGradientBoostingClassifier, calibrator: LogisticRegression,
                             matrix: np.ndarray) -> np.ndarray:
    return calibrator.predict_proba(decision_scores(classifier, matrix).reshape(-1, 1))[:, 1]


N_FOLDS = 5
#: A held-out ROC-AUC below this is a useless model (see :attr:`TrainingReport.problems`).
MIN_USEFUL_ROC_AUC = 0.6
#: A photo or message shared by more than this share of the data is common text, not one campaign.
MAX_GROUP_SHARE = 0.02
#: ... but small data may always keep groups of this many together.
MIN_GROUP_CAP = 10


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



@dataclass
class TrainingReport:
    """What training measured: held-out test metrics and the out-of-fold threshold search."""

    test_metrics: dict[str, float]
    oof_metrics: dict[str, float]
    n_train: int
    n_test: int
    n_groups: int
    feature_coverage: dict[str, float] = field(default_factory=dict)
    target_fpr: float = DEFAULT_TARGET_FPR
    fpr_confidence: float = DEFAULT_FPR_CONFIDENCE

    @property
    def problems(self) -> list[str]:
        """Why the model is useless, if it is: what ``fakeprofile train`` refuses to save without --force.

        A held-out ROC-AUC below :data:`MIN_USEFUL_ROC_AUC` ranks fakes little better than chance (50
        profiles gave 0.5000, and a model that called every profile fake); a threshold that flags none of
        the held-out fakes finds nothing."""
        m, out = self.test_metrics, []
        if not m["roc_auc"] >= MIN_USEFUL_ROC_AUC:  # NaN too: a test split of one class measures nothing
            out.append(f"its held-out ROC-AUC is {m['roc_auc']:.4f}, below {MIN_USEFUL_ROC_AUC}: it ranks fakes "
                       "little better than chance")
        if m["recall"] == 0:
            out.append(f"at its threshold ({m['threshold']:.4f}) it flags none of the {m['n_fake']:,} held-out fakes")
        return out

    @property
    def warnings(self) -> list[str]:
        """What the figures cannot show: too few genuine profiles to hold the false-positive target."""
        needed = min_genuine_for_fpr(self.target_fpr, self.fpr_confidence)
        out = []
        for where, metrics in (("the held-out test split", self.test_metrics),
                               ("the out-of-fold scores the threshold is chosen on", self.oof_metrics)):
            genuine = metrics["n"] - metrics["n_fake"]
            if genuine < needed:
                out.append(f"{where} holds {genuine:,} genuine profiles: showing a false-positive rate within "
                           f"{self.target_fpr:.2%} at {self.fpr_confidence:.0%} confidence needs at least "
                           f"{needed:,} (with none of them flagged); give more genuine profiles")
        return out

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
        raw[out_idx] = decision_scores(classifier, matrix[out_idx])
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

    test_prob = calibrated_probabilities(classifier, calibrator, matrix[test_idx])
    report = TrainingReport(
        test_metrics=binary_metrics(test_prob, labels[test_idx], threshold),
        oof_metrics=binary_metrics(oof_prob, y_train, threshold),
        n_train=len(train_idx),
        n_test=len(test_idx),
        n_groups=len(np.unique(groups)),
        feature_coverage=builder.coverage(matrix),
        target_fpr=target_fpr,
        fpr_confidence=fpr_confidence,
    )
    model = Model.from_estimators(
        classifier=classifier,
        calibrator=calibrator,
        builder=builder,
        threshold=threshold,
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


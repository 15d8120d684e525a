"""Layout leakage: can the *shape* of a profile alone tell fake from genuine?

A detector should learn the clues people use to spot fakes (a stranger with two connections after years
"in HR", a template invitation, a stolen photo), not the accidents of how its training data was produced.
If a synthetic generator writes fakes with longer headlines, fewer jobs, year-only dates or a different
photo size than genuine profiles, a model learns those accidents, scores well on more of the same data
and fails on real profiles. This module measures that risk directly.

:func:`layout_features` describes each raw record by its layout only, computed from the record itself and
not from the feature extractors (so an extractor cannot hide a leak by rounding it away): which sections
are present, how many jobs, schools and skills, how long the texts are, how the headline is cut into
segments, the photo's width and height, how precise the dates are and which sub-fields are missing.
:func:`layout_leakage` then cross-validates a gradient-boosted classifier on those columns alone. On a
generator that lets only the declared clues separate the classes, its ROC-AUC stays near 0.5; the issue's
bound is :data:`LAYOUT_LEAKAGE_BOUND`. The single-column AUCs in the report show *which* layout leaks: each
column's AUC as a score (a leak that grows with the value: more skills, more jobs) and the cross-validated
AUC of a small tree on that column alone (a leak in a band: only the longest headlines are fake).

Known limits
------------
Some layout is a declared clue too: "no summary and no job descriptions" is one, and genuine profiles
*are* more complete on average. A modest AUC is therefore expected even from a faithful generator; the
bound says how much is tolerated. A leak spread over several columns at once (fakes have few jobs *and*
short descriptions) shows in the classifier's AUC but in no single column. Counts (connections, followers,
recommendations) enter only as a section state (0 is "empty"), never by value: their values are clues.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from PIL import Image
from pydantic import BaseModel
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from fakeprofile.frames import is_missing
from fakeprofile.images import read_photo_bytes

#: Cross-validated ROC-AUC of a classifier on layout features alone above which a data set leaks its
#: labels through layout (the issue's acceptance bound for a fresh synthetic set of 5,000 profiles).
LAYOUT_LEAKAGE_BOUND = 0.60

#: Section states, as :func:`layout_features` encodes them.
NOT_GIVEN, EMPTY, FILLED = 0, 1, 2

#: The top-level sections whose state is encoded, in column order. ``photo`` combines ``photo`` and
#: ``has_photo``.
SECTIONS = (
    "headline",
    "summary",
    "location",
    "photo",
    "experience",
    "education",
    "skills",
    "recommendations",
    "connections",
    "followers",
    "created_at",
    "activity",
    "invitation",
    "endorsements",
    "handle",
    "website",
    "visibility",
    "banner",
)
_JOB_FIELDS = ("title", "company", "location", "employment_type")
_SCHOOL_FIELDS = ("degree", "field", "location")
_ACTIVITY_FIELDS = ("invitations_sent_30d", "invitations_accepted_30d", "idk_reports", "posts")
_HEADLINE_SEPARATORS = re.compile(r"[|•·]")
_TREE_LEAVES = 8  # leaves of the single-column trees: enough for a band or two, too few to memorise
_YEAR_RE = re.compile(r"\A[0-9]{4}\Z")
_YEAR_MONTH_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}\Z")

#: Every column of :func:`layout_features`, in order.
LAYOUT_COLUMNS = (
    *(f"state_{s}" for s in SECTIONS),
    "sections_filled",
    "sections_unknown",
    "n_jobs",
    "n_schools",
    "n_skills",
    "len_headline",
    "len_summary",
    "headline_segments",
    "job_description_len_mean",
    "job_description_len_max",
    "jobs_share_described",
    *(f"jobs_share_{f}" for f in _JOB_FIELDS),
    "jobs_share_no_start",
    *(f"schools_share_{f}" for f in _SCHOOL_FIELDS),
    "schools_share_dated",
    "dates_share_year_only",
    "dates_share_year_month",
    "photo_width",
    "photo_height",
    "activity_fields_given",
    "invitation_has_recipient",
    "invitation_common_given",
)
#: What an invitation may say the sender and the recipient have in common.
_COMMON_FIELDS = ("mutual_connections", "shared_groups")

NAN = math.nan


def _as_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict: a Profile is dumped, a dict is kept, anything else is an empty record."""
    if isinstance(record, BaseModel):
        try:
            return record.model_dump()
        except Exception:  # noqa: BLE001  (an audit never crashes on an odd record)
            return {}
    return record if isinstance(record, Mapping) else {}


def _given(value: Any) -> bool:
    return not is_missing(value) and not (isinstance(value, str) and not value.strip())


def _text_state(value: Any) -> int:
    if is_missing(value):
        return NOT_GIVEN
    if isinstance(value, str):
        return FILLED if value.strip() else EMPTY
    return FILLED


def _list_state(value: Any) -> int:
    if is_missing(value):
        return NOT_GIVEN
    if isinstance(value, (list, tuple)):
        return FILLED if value else EMPTY
    return FILLED


def _count_state(value: Any) -> int:
    if is_missing(value):
        return NOT_GIVEN
    if isinstance(value, (bool, int, float)):
        return FILLED if value > 0 else EMPTY
    return FILLED


def _mapping_state(value: Any) -> int:
    if is_missing(value):
        return NOT_GIVEN
    if isinstance(value, (Mapping, BaseModel)):
        return FILLED if any(_given(v) for v in _as_dict(value).values()) else EMPTY
    return FILLED


def _photo_state(photo: Any, has_photo: Any) -> int:
    if isinstance(photo, str) and photo.strip():
        return FILLED
    if is_missing(has_photo):
        return EMPTY if isinstance(photo, str) else NOT_GIVEN
    return FILLED if has_photo is True else EMPTY


def _entries(value: Any) -> list[Mapping[str, Any]]:
    """The dict entries of a list section (jobs, schools); anything else in the list is skipped."""
    if not isinstance(value, (list, tuple)):
        return []
    return [_as_dict(item) for item in value if isinstance(item, (Mapping, BaseModel))]


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else NAN


def _text_len(value: Any) -> float:
    return float(len(value.strip())) if isinstance(value, str) else NAN


def _photo_size(photo: Any, base_dir: Path | None) -> tuple[float, float]:
    """Width and height from the image header, or NaN twice when there is no readable photo."""
    if not isinstance(photo, str) or not photo.strip():
        return NAN, NAN
    try:
        ref = photo
        if photo[:5].lower() != "data:":
            path = Path(photo)
            if not path.is_absolute() and base_dir is not None:
                path = Path(base_dir) / path
            ref = str(path)
        data = read_photo_bytes(ref)
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
        return float(width), float(height)
    except Exception:  # noqa: BLE001  (any unreadable photo is simply "no size")
        return NAN, NAN


def _one_row(record: Any, base_dir: Path | None) -> dict[str, float]:
    raw = _as_dict(record)
    row: dict[str, float] = {}

    states = {
        "headline": _text_state(raw.get("headline")),
        "summary": _text_state(raw.get("summary")),
        "location": _text_state(raw.get("location")),
        "photo": _photo_state(raw.get("photo"), raw.get("has_photo")),
        "experience": _list_state(raw.get("experience")),
        "education": _list_state(raw.get("education")),
        "skills": _list_state(raw.get("skills")),
        "recommendations": _count_state(raw.get("recommendations")),
        "connections": _count_state(raw.get("connections")),
        "followers": _count_state(raw.get("followers")),
        "created_at": _text_state(raw.get("created_at")),
        "activity": _mapping_state(raw.get("activity")),
        "invitation": _mapping_state(raw.get("invitation")),
        "endorsements": _mapping_state(raw.get("endorsements")),
        "handle": _text_state(raw.get("handle")),
        "website": _photo_state(raw.get("website"), raw.get("has_website")),  # the link, or only the fact
        "visibility": _text_state(raw.get("visibility")),
        "banner": _text_state(raw.get("banner")),
    }
    for name in SECTIONS:
        row[f"state_{name}"] = float(states[name])
    row["sections_filled"] = float(sum(s == FILLED for s in states.values()))
    row["sections_unknown"] = float(sum(s == NOT_GIVEN for s in states.values()))

    experience, education, skills = raw.get("experience"), raw.get("education"), raw.get("skills")
    jobs, schools = _entries(experience), _entries(education)
    row["n_jobs"] = float(len(experience)) if isinstance(experience, (list, tuple)) else NAN
    row["n_schools"] = float(len(education)) if isinstance(education, (list, tuple)) else NAN
    row["n_skills"] = float(len(skills)) if isinstance(skills, (list, tuple)) else NAN

    headline = raw.get("headline")
    row["len_headline"] = _text_len(headline)
    row["len_summary"] = _text_len(raw.get("summary"))
    row["headline_segments"] = (
        float(sum(bool(part.strip()) for part in _HEADLINE_SEPARATORS.split(headline)))
        if isinstance(headline, str) else NAN
    )

    described = [len(job["description"]) for job in jobs
                 if isinstance(job.get("description"), str) and job["description"].strip()]
    row["job_description_len_mean"] = float(np.mean(described)) if described else NAN
    row["job_description_len_max"] = float(max(described)) if described else NAN
    row["jobs_share_described"] = _share([_given(job.get("description")) for job in jobs])
    for name in _JOB_FIELDS:
        row[f"jobs_share_{name}"] = _share([_given(job.get(name)) for job in jobs])
    row["jobs_share_no_start"] = _share([not _given(job.get("start")) for job in jobs])
    for name in _SCHOOL_FIELDS:
        row[f"schools_share_{name}"] = _share([_given(school.get(name)) for school in schools])
    row["schools_share_dated"] = _share([_given(s.get("start")) or _given(s.get("end")) for s in schools])

    dates = [entry.get(key) for entry in (*jobs, *schools) for key in ("start", "end")]
    dates = [d.strip() for d in dates if isinstance(d, str) and d.strip()]
    row["dates_share_year_only"] = _share([bool(_YEAR_RE.match(d)) for d in dates])
    row["dates_share_year_month"] = _share([bool(_YEAR_MONTH_RE.match(d)) for d in dates])

    row["photo_width"], row["photo_height"] = _photo_size(raw.get("photo"), base_dir)

    activity, invitation = raw.get("activity"), raw.get("invitation")
    row["activity_fields_given"] = (
        NAN if is_missing(activity) else float(sum(_given(_as_dict(activity).get(name)) for name in _ACTIVITY_FIELDS))
    )
    row["invitation_has_recipient"] = (
        NAN if is_missing(invitation) else float(_mapping_state(_as_dict(invitation).get("recipient")) == FILLED)
    )
    row["invitation_common_given"] = (
        NAN if is_missing(invitation) else float(sum(_given(_as_dict(invitation).get(f)) for f in _COMMON_FIELDS))
    )
    return row


def layout_features(records: Iterable[Mapping[str, Any] | BaseModel], base_dir: str | Path | None = None
                    ) -> pd.DataFrame:
    """Describe each record by its layout alone: which sections it has, how long and how precise they are.

    Computed straight from the raw records, not through the feature extractors. Never raises on an odd
    record: a value of the wrong type counts as filled (for a section state) or is skipped (for a count or
    a length), and anything that is not a dict or a :class:`~fakeprofile.schema.Profile` is an empty record.

    Parameters
    ----------
    records
        Profiles as dicts (as in ``profiles.jsonl``) or :class:`~fakeprofile.schema.Profile` objects.
    base_dir
        Folder that relative photo paths are read from (the folder of ``profiles.jsonl``); without it they
        are read from the current directory. Absolute paths and ``data:`` URIs are read as they are.

    Returns
    -------
    pandas.DataFrame
        One row per record, the columns of :data:`LAYOUT_COLUMNS`, all float (NaN where unmeasurable):

        - ``state_<section>`` for each of :data:`SECTIONS`: 0 not given (absent or None, so unknown),
          1 given but empty (``""``, ``[]``, ``has_photo`` false, a count of 0, an object with no value),
          2 filled. ``sections_filled`` and ``sections_unknown`` count states 2 and 0.
        - ``n_jobs``, ``n_schools``, ``n_skills``: list lengths, NaN when the list is not given.
        - ``len_headline``, ``len_summary``: characters, outer blanks stripped; ``headline_segments``:
          non-empty parts of the headline split on ``|``, ``•`` and ``·``.
        - ``job_description_len_mean`` and ``_max`` over the jobs with a description;
          ``jobs_share_described`` and ``jobs_share_<field>``: share of jobs with that field given;
          ``jobs_share_no_start``: share of jobs without a start date; ``schools_share_<field>`` and
          ``schools_share_dated`` likewise for education.
        - ``dates_share_year_only`` / ``dates_share_year_month``: share of the given job and education
          dates written as ``YYYY`` / ``YYYY-MM``.
        - ``photo_width``, ``photo_height``: pixels from the image header, NaN without a readable photo.
        - ``activity_fields_given``: how many of the four activity counts are given, NaN without activity;
          ``invitation_has_recipient``: 1 or 0, NaN without an invitation.
    """
    base = Path(base_dir) if base_dir is not None else None
    rows = [_one_row(record, base) for record in records]
    return pd.DataFrame(rows, columns=list(LAYOUT_COLUMNS), dtype=float)


@dataclass(frozen=True)
class LeakageReport:
    """How well layout alone separates fake from genuine.

    Attributes
    ----------
    auc
        Mean cross-validated ROC-AUC of a classifier given only the layout columns.
    fold_aucs
        The ROC-AUC of each fold.
    per_feature
        Column -> ROC-AUC of that column alone as a score, folded to ``max(auc, 1 - auc)`` (so 0.5 is no
        signal whichever way it points); NaN ranks below every value; a constant column gets 0.5. Sees a
        leak that grows (or shrinks) with the value.
    per_feature_cv
        Column -> mean cross-validated ROC-AUC, on the same folds, of a decision tree with at most
        ``8`` leaves given that column alone (NaN as its own branch). Sees a leak in a band of values
        (only headlines over 80 characters are fake) that ``per_feature`` ranks near 0.5. Not folded: it
        learns the direction, and hovers around 0.5 (either side) without signal.
    bound
        The ROC-AUC above which the layout leaks (:data:`LAYOUT_LEAKAGE_BOUND`).
    n_records, n_fake
        Size of the data set and how many of its records are fake.
    """

    auc: float
    fold_aucs: tuple[float, ...]
    per_feature: dict[str, float] = field(default_factory=dict)
    per_feature_cv: dict[str, float] = field(default_factory=dict)
    bound: float = LAYOUT_LEAKAGE_BOUND
    n_records: int = 0
    n_fake: int = 0

    @property
    def passed(self) -> bool:
        """Whether the cross-validated ROC-AUC is within the bound."""
        return self.auc <= self.bound

    def column_auc(self, name: str) -> float:
        """The larger of a column's two single-column AUCs (``per_feature`` and ``per_feature_cv``)."""
        return max(self.per_feature.get(name, 0.5), self.per_feature_cv.get(name, 0.5))

    def ranked(self) -> list[tuple[str, float]]:
        """``(column, AUC)`` pairs by :meth:`column_auc`, most separating first (ties by column name)."""
        pairs = [(name, self.column_auc(name)) for name in self.per_feature]
        return sorted(pairs, key=lambda item: (-item[1], item[0]))

    def describe(self, top: int | None = None) -> str:
        """The verdict, the overall AUC and the per-column AUCs as printable lines.

        Columns are sorted by the larger of their two AUCs, highest first, so a leak in a band of values
        is not buried under columns that merely rank well.

        Parameters
        ----------
        top
            Show only this many columns; all by default.
        """
        verdict = "PASS" if self.passed else "FAIL"
        folds = " ".join(f"{a:.3f}" for a in self.fold_aucs)
        lines = [
            f"layout leakage: {verdict}  cross-validated ROC-AUC {self.auc:.3f} (bound {self.bound:.2f})  "
            f"on {self.n_records:,} records ({self.n_fake:,} fake)",
            f"  fold AUCs: {folds}",
            "  single columns, most separating first:",
            "    rank AUC  tree CV AUC  column",
        ]
        ranked = self.ranked()
        for name, value in ranked if top is None else ranked[:top]:
            flag = "  <- over the bound" if value > self.bound else ""
            cv = self.per_feature_cv.get(name, math.nan)
            lines.append(f"    {self.per_feature[name]:8.3f}  {cv:11.3f}  {name}{flag}")
        return "\n".join(lines)


def _single_column_auc(values: np.ndarray, labels: np.ndarray) -> float:
    finite = values[~np.isnan(values)]
    if finite.size == 0 or (finite.size == values.size and np.all(finite == finite[0])):
        return 0.5
    score = np.where(np.isnan(values), finite.min() - 1.0, values)
    if np.all(score == score[0]):
        return 0.5
    auc = float(roc_auc_score(labels, score))
    return max(auc, 1.0 - auc)


def _one_fold(X: np.ndarray, y: np.ndarray, train_idx: np.ndarray, test_idx: np.ndarray, seed: int
              ) -> tuple[float, list[float]]:
    """Fit on one fold's training rows: the test AUC of all columns together, and of each column alone."""
    # A column with no value in the training rows says nothing, and the classifier's binning fails on it.
    measured = ~np.all(np.isnan(X[train_idx]), axis=0)
    overall = 0.5
    if measured.any():
        model = HistGradientBoostingClassifier(random_state=seed)
        model.fit(X[np.ix_(train_idx, measured)], y[train_idx])
        overall = float(roc_auc_score(y[test_idx], model.predict_proba(X[np.ix_(test_idx, measured)])[:, 1]))
    min_leaf = max(10, len(train_idx) // 100)
    columns = []
    for j in range(X.shape[1]):
        if not measured[j]:
            columns.append(0.5)
            continue
        tree = DecisionTreeClassifier(max_leaf_nodes=_TREE_LEAVES, min_samples_leaf=min_leaf, random_state=seed)
        tree.fit(X[train_idx, j : j + 1], y[train_idx])
        columns.append(float(roc_auc_score(y[test_idx], tree.predict_proba(X[test_idx, j : j + 1])[:, 1])))
    return overall, columns


def layout_leakage(frame: pd.DataFrame, labels: Sequence[int] | np.ndarray | pd.Series, *, folds: int = 5,
                   seed: int = 0, bound: float = LAYOUT_LEAKAGE_BOUND, threads: int | None = 1) -> LeakageReport:
    """Cross-validate a classifier on layout features alone and rank the columns by how much they separate.

    Parameters
    ----------
    frame
        Layout features, one row per record (usually :func:`layout_features`); NaN is allowed, and
        infinities and values that are not numbers count as NaN.
    labels
        1 fake, 0 genuine, one per row of ``frame``.
    folds
        Number of stratified, shuffled cross-validation folds.
    seed
        Seed of the fold split and of the classifier.
    bound
        The ROC-AUC above which the report fails.
    threads
        OpenMP threads of the classifier; None leaves scikit-learn's default (all cores). One by default:
        on a few thousand rows the fits are short, and on a busy machine several threads that wait for
        each other made them ten times slower (19 s instead of 1.5 s for five fits on 2 shared cores).

    Returns
    -------
    LeakageReport
        Mean and per-fold ROC-AUC of a ``HistGradientBoostingClassifier(random_state=seed)`` on all the
        columns, and each column's own AUCs.

    Raises
    ------
    ValueError
        ``labels`` does not match ``frame`` in length, holds values other than 0 and 1, or a class has
        fewer records than ``folds``.
    """
    y = np.asarray(labels).astype(int).ravel()
    if len(y) != len(frame):
        raise ValueError(f"{len(y)} labels for {len(frame)} rows")
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError("labels must be 0 (genuine) or 1 (fake)")
    counts = np.bincount(y, minlength=2)
    if counts.min() < folds:
        raise ValueError(f"each class needs at least {folds} records for {folds} folds; got {counts.tolist()}")
    X = frame.apply(pd.to_numeric, errors="coerce").astype(float).to_numpy(copy=True)
    X[~np.isfinite(X)] = np.nan  # the classifier refuses infinities; an infinite length is unmeasurable anyway

    names = [str(name) for name in frame.columns]
    splits = list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(X, y))
    with threadpool_limits(limits=threads, user_api="openmp"):
        results = [_one_fold(X, y, train_idx, test_idx, seed) for train_idx, test_idx in splits]
    fold_aucs = [overall for overall, _ in results]
    column_aucs = np.mean([columns for _, columns in results], axis=0)

    return LeakageReport(
        auc=float(np.mean(fold_aucs)),
        fold_aucs=tuple(fold_aucs),
        per_feature={name: _single_column_auc(X[:, j], y) for j, name in enumerate(names)},
        per_feature_cv={name: float(column_aucs[j]) for j, name in enumerate(names)},
        bound=bound,
        n_records=int(len(y)),
        n_fake=int(counts[1]),
    )

"""Scoring: a trained model's probabilities, verdicts and reasons for profiles, record frames and streams.

The scoring path calls only downwards: features (extractors), the compiled trees, explanations and record
frames. Training (:mod:`fakeprofile.training`) builds a :class:`Model`; the artifact module saves and loads one.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from fakeprofile.abstention import evidence_clues, insufficient, observed_clues, what_is_missing
from fakeprofile.dates import current_month
from fakeprofile.explain import N_REASONS, both_sides, clue_sums, ranked_candidates
from fakeprofile.extractors import BatchCounts, CampaignCounts
from fakeprofile.features import FeatureBuilder
from fakeprofile.frames import (
    coerce_record,
    error_rows,
    frame_items,
    items_frame,
    output_frame,
    output_records,
    tally,
    to_profile,
)
from fakeprofile.io.records import ReadItem, ReadSummary, RecordError
from fakeprofile.photos import KnownImageIndex
from fakeprofile.schema import Prediction, Profile
from fakeprofile.templates import warn_if_corpus_differs
from fakeprofile.trees import CompiledTrees, compile_trees
from fakeprofile.treeshap import TreeShap
from fakeprofile.treeshap_direct import DirectTreeShap

#: Rows explained leaf by leaf when :attr:`Model.direct_for_few_rows` is on: the tables cost about 0.5 s of CPU to
#: build and 0.2 ms a row, leaf by leaf about 7 ms a row, so they break even near 80 rows; a batch's chunk is larger.
DIRECT_ROWS = 32

if TYPE_CHECKING:  # scoring never imports scikit-learn (see Model.from_estimators), nor pandas outside frames
    import pandas as pd
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression


def expit(log_odds: np.ndarray) -> np.ndarray:
    """The logistic function, with the C library's ``exp`` as ``scipy.special.expit`` computes it.

    numpy's own vectorised ``exp`` differs from the C library's in the last bit for about 2% of inputs; this
    gives what scikit-learn's calibrator gives, bit for bit (``tests/test_scoring_artifact.py``), at about
    0.15 microseconds a value, and spares scoring the import of scipy.special.
    """
    out = np.empty(np.shape(log_odds))
    flat = out.reshape(-1)
    for i, value in enumerate(np.asarray(log_odds, dtype=np.float64).ravel().tolist()):
        try:
            flat[i] = 1.0 / (1.0 + math.exp(-value))
        except OverflowError:  # exp(-value) is beyond a float: the probability is 0 (scipy gives 0 too)
            flat[i] = 0.0
    return out


@dataclass(frozen=True)
class PlattCalibration:
    """The calibrator: a logistic regression of the label on the raw score (Platt scaling), as two numbers."""

    slope: float
    intercept: float

    @classmethod
    def of(cls, calibrator: LogisticRegression) -> PlattCalibration:
        return cls(slope=float(calibrator.coef_[0, 0]), intercept=float(calibrator.intercept_[0]))

    def log_odds(self, raw: np.ndarray) -> np.ndarray:
        """The calibrated logit of fake: linear in the raw score, so it does not saturate at 0 or 1.
        The same arithmetic as the calibrator's ``decision_function`` (one product, one sum)."""
        return raw * self.slope + self.intercept

    def probability(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of fake, equal to the calibrator's ``predict_proba`` bit for bit."""
        return expit(self.log_odds(raw))


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
        Reasons and reassurances per prediction, each (0: none, faster).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`output_dtypes`: ``probability``, ``verdict``, ``threshold`` and the reasons
        for a scored row; ``id`` and ``error`` ("source:line (id X): field: reason") for one that was not.
    """
    rows = model.score_items(frame_items(frame), n_reasons=n_reasons, batch=batch)
    return output_frame(rows, frame.index, n_reasons)


def scoring_failure(exc: Exception) -> str:
    """What a record's error says when the model failed on it (a bug: the user is asked to report it)."""
    return f"could not be scored ({type(exc).__name__}: {exc}); please report this"


@dataclass(frozen=True)
class _Held:
    """scikit-learn's estimators, already in memory."""

    classifier: HistGradientBoostingClassifier
    calibrator: LogisticRegression

    def __call__(self) -> tuple[HistGradientBoostingClassifier, LogisticRegression]:
        return self.classifier, self.calibrator


class Model:
    """A trained fakeprofile model: features, calibrated classifier, threshold and reasons.

    Build one with :func:`train` or :func:`fakeprofile.artifact.load_model`.
    """

    def __init__(self, trees: CompiledTrees, calibration: PlattCalibration, builder: FeatureBuilder,
                 threshold: float, info: dict[str, Any], manifest: dict[str, Any] | None = None, *,
                 estimators: Callable[[], tuple[HistGradientBoostingClassifier, LogisticRegression]] | None = None,
                 ) -> None:
        #: The classifier's trees: every score, and the exact contributions behind the reasons.
        self.trees = trees
        self.calibration = calibration
        #: Gives scikit-learn's fitted classifier and calibrator (training, evaluation against scikit-learn);
        #: scoring never calls it. See :attr:`classifier`.
        self._estimators = estimators
        self._explainer: TreeShap | None = None
        self._direct: DirectTreeShap | None = None
        #: Explain up to DIRECT_ROWS rows leaf by leaf rather than from the tables (see :meth:`contributions`):
        #: what a short-lived process wants (the command line turns it on); a long-lived one, scoring a profile
        #: now and then, gains from building the tables once (1-2 ms a profile after, against about 7).
        self.direct_for_few_rows = False
        #: The builder for the last scoring month other than the training one (see :meth:`scoring_builder`).
        self._month_builder: FeatureBuilder | None = None
        self.builder = builder
        self.threshold = float(threshold)
        self.info = info
        #: The manifest it was loaded from (None for a model trained in this process).
        self.manifest = manifest
        #: 'Now' for profiles without observed_at when scoring; None means the current month.
        self.scoring_as_of: str | None = None

    @classmethod
    def from_estimators(cls, classifier: HistGradientBoostingClassifier, calibrator: LogisticRegression,
                        builder: FeatureBuilder, threshold: float, info: dict[str, Any],
                        manifest: dict[str, Any] | None = None) -> Model:
        """A model from scikit-learn's fitted classifier and Platt calibrator (what training makes)."""
        trees = compile_trees(classifier)
        if trees is None:
            raise ValueError("this classifier's trees cannot be explained exactly (categorical splits, several "
                             "trees per round, or nodes out of order): not a model fakeprofile trained")
        return cls(trees, PlattCalibration.of(calibrator), builder, threshold, info, manifest,
                   estimators=_Held(classifier, calibrator))

    @property
    def classifier(self) -> HistGradientBoostingClassifier:
        """scikit-learn's fitted classifier. A loaded model reads it from its training file on first use, which
        imports scikit-learn and needs the version it was trained with; scoring uses :attr:`trees` instead."""
        return self._training_estimators()[0]

    @property
    def calibrator(self) -> LogisticRegression:
        """scikit-learn's fitted Platt calibrator (see :attr:`classifier`); scoring uses :attr:`calibration`."""
        return self._training_estimators()[1]

    def _training_estimators(self) -> tuple[HistGradientBoostingClassifier, LogisticRegression]:
        if self._estimators is None:
            raise AttributeError("this copy of the model holds only its scoring arrays (a copy sent to a worker "
                                 "process scores and nothing else), not scikit-learn's estimators")
        if not isinstance(self._estimators, _Held):
            self._estimators = _Held(*self._estimators())  # read from the model folder once
        return self._estimators()

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
        # Built once per month, not per call: a builder derives its clue tables when made, which cost a tenth
        # of a single profile's prediction. A new known-image index (use_known_images) makes a new one.
        cached = self._month_builder
        if (cached is None or cached.context.as_of != as_of
                or cached.context.known_images is not self.builder.context.known_images
                or cached.extractors != self.builder.extractors):
            cached = self._month_builder = FeatureBuilder(self.builder.extractors, as_of,
                                                          known_images=self.builder.context.known_images)
        return cached

    def probabilities_from_matrix(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of fake for rows of a feature matrix."""
        return self.calibration.probability(self.raw_scores(matrix))

    def raw_scores(self, matrix: np.ndarray) -> np.ndarray:
        """The classifier's raw scores of rows of a feature matrix (equal to its ``decision_function``)."""
        matrix = np.asarray(matrix, dtype=np.float64)
        if len(matrix) == 0:
            return np.empty(0)
        return self.trees.decision_function(matrix)

    def log_odds(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated log-odds of fake for raw scores: the logit of the probability, computed without it, so
        that rows scored (almost) 0 or 1 still show how far apart they are."""
        return self.calibration.log_odds(raw)

    def probabilities(self, profiles: Sequence[Profile]) -> np.ndarray:
        """Calibrated probability of fake per profile."""
        return self.probabilities_from_matrix(self.scoring_builder().matrix(profiles))

    def probabilities_and_judged(self, profiles: Sequence[Profile]) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated probability of fake per profile, and whether each is judged (False: its verdict is
        ``insufficient``, :mod:`fakeprofile.abstention`), as :meth:`predict` would give them."""
        builder = self.scoring_builder()
        return self.judged_from_matrix(builder, builder.matrix(profiles))[::2]

    def judged_from_matrix(self, builder: FeatureBuilder,
                           matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For rows of a feature matrix built by ``builder``: calibrated probabilities, log-odds, whether each
        row is judged (False: ``insufficient``) and the (rows x clues) evidence-bearing clues it gives."""
        log_odds = self.log_odds(self.raw_scores(matrix))
        observed = observed_clues(builder, matrix)
        thin = insufficient(log_odds, self.threshold, observed.sum(axis=1))
        return expit(log_odds), log_odds, ~thin, observed

    # ---- public scoring API
    def batch_counts(self, profiles: Iterable[Profile]) -> BatchCounts:
        """Campaign counts over a whole input, for scoring it in chunks (``batch=`` of the scoring methods)."""
        return self.scoring_builder().batch_counts(profiles)

    def __getstate__(self) -> dict[str, Any]:
        # The explainer's tables are rebuilt where they are needed rather than sent to every worker process, and
        # a worker scores with the trees alone, so scikit-learn's estimators stay here.
        return self.__dict__ | {"_explainer": None, "_direct": None, "_estimators": None}

    def __copy__(self) -> Model:
        # A copy in this process shares everything, the explainer and scikit-learn's estimators included
        # (copy.copy would otherwise go through __getstate__, which leaves them out for other processes).
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        return twin

    @property
    def explainer(self) -> TreeShap:
        """Exact per-feature contributions to the raw score from tables (built on first use: half a second)."""
        if self._explainer is None:
            self._explainer = TreeShap(self.trees)
        return self._explainer

    @property
    def direct_explainer(self) -> DirectTreeShap:
        """The same contributions leaf by leaf, without tables (:mod:`fakeprofile.treeshap_direct`): a few
        milliseconds a row after 20 ms of set-up, for the few rows of a single prediction."""
        if self._direct is None:
            self._direct = DirectTreeShap(self.trees)
        return self._direct

    def contributions(self, matrix: np.ndarray) -> tuple[float, np.ndarray]:
        """The baseline log-odds and each row's per-feature contributions on the calibrated log-odds scale:
        ``baseline + contributions.sum(axis=1)`` is :meth:`log_odds` of the rows' raw scores.

        Up to :data:`DIRECT_ROWS` rows are explained leaf by leaf (:attr:`direct_explainer`), more from the
        tables (:attr:`explainer`), unless :attr:`direct_for_few_rows` is off: the choice depends only on the
        number of rows and that setting, so the same input scored the same way gets the same bits. The two agree
        to about 1e-14, far below the six decimals reasons are given with.
        """
        matrix = np.asarray(matrix, dtype=np.float64)
        slope = self.calibration.slope
        baseline = float(self.log_odds(np.array([self.trees.expected_value]))[0])
        few = self.direct_for_few_rows and len(matrix) <= DIRECT_ROWS
        explainer = self.direct_explainer if few else self.explainer
        return baseline, explainer.contributions(matrix) * slope

    def predict_profiles(self, profiles: Sequence[Profile], *, n_reasons: int = N_REASONS,
                         batch: CampaignCounts | None = None) -> list[Prediction]:
        """Predictions with reasons (the ``n_reasons`` clues on each side) for validated profiles.

        Campaign features count over ``batch`` (:meth:`batch_counts` of the whole input) when given,
        else over ``profiles``: a single profile on its own has no batch (``batch_size`` 1).
        """
        builder = self.scoring_builder()
        matrix = builder.matrix(profiles, batch)
        prob, log_odds, judged, observed = self.judged_from_matrix(builder, matrix)
        n_observed = observed.sum(axis=1)
        clues_total = int(evidence_clues(builder).sum())
        # An empty count (BatchCounts()) is no batch: each profile is on its own, as with a batch of one.
        batch_size = max(batch.size if batch is not None else len(profiles), 1)
        baseline, sums, contributions = math.nan, None, None
        if n_reasons and len(profiles):
            baseline, contributions = self.contributions(matrix)
            sums = clue_sums(builder, matrix, contributions)
        elif len(profiles):  # the baseline without building the explainer's tables (--reasons 0 in a batch)
            baseline = float(self.log_odds(np.array([self.trees.expected_value]))[0])
        out = []
        for i, profile in enumerate(profiles):
            reasons, reassurances = [], []
            if sums is not None:
                reasons, reassurances = both_sides(profile, builder, matrix[i], contributions[i],
                                                   ranked_candidates(sums, i), n_reasons)
            verdict = ("insufficient" if not judged[i] else "fake" if prob[i] >= self.threshold else "genuine")
            out.append(Prediction(
                id=profile.id, probability=round(float(prob[i]), 6), verdict=verdict, threshold=self.threshold,
                log_odds=round(float(log_odds[i]), 6), baseline_log_odds=round(baseline, 6),
                clues_observed=int(n_observed[i]), clues_total=clues_total, batch_size=batch_size,
                reasons=reasons, reassurances=reassurances,
                missing=None if judged[i] else what_is_missing(builder, observed[i])))
        return out

    def predict(self, profiles: Profile | dict | Sequence[Profile | dict], *,
                n_reasons: int = N_REASONS) -> Prediction | list[Prediction]:
        """Predict one profile (dict or Profile) or a list of them.

        Raises :class:`RecordError` naming the record and field if any profile is invalid; use
        :meth:`predict_frame` or :func:`fakeprofile.score_jsonl` to score the good ones and report the bad.
        Warns (:class:`~fakeprofile.templates.TemplateCorpusWarning`, once per process) when the template
        corpus in use is not the one the model was trained with.
        """
        # Templates you added change what every model measures: warn once, at the caller's line.
        warn_if_corpus_differs(self.info.get("resources"))
        single = isinstance(profiles, (dict, Profile))
        if not single and (isinstance(profiles, (str, bytes, Mapping)) or not isinstance(profiles, Iterable)):
            to_profile(profiles, position=0)  # raises the RecordError that says what was given instead
        items = [profiles] if single else list(profiles)
        validated = [to_profile(item, position=i) for i, item in enumerate(items)]
        predictions = self.predict_profiles(validated, n_reasons=n_reasons)
        return predictions[0] if single else predictions

    def score_items(self, items: Sequence[ReadItem], *, n_reasons: int = N_REASONS,
                    batch: CampaignCounts | None = None) -> list[dict[str, Any]]:
        """One output record per input item, in order: a prediction, or the id and the error (see
        :meth:`predictions_or_errors`: a profile the model fails on is reported, and none is lost)."""
        return [row.model_dump() if isinstance(row, Prediction) else row
                for row in self.scored_items(items, n_reasons=n_reasons, batch=batch)]

    def scored_items(self, items: Sequence[ReadItem], *, n_reasons: int = N_REASONS,
                     batch: CampaignCounts | None = None) -> list[Prediction | dict[str, Any]]:
        """:meth:`score_items` with each prediction as the model rather than its ``model_dump`` (which costs a
        prediction with reasons about 50 µs): a :class:`Prediction`, or ``{"id": ..., "error": ...}``."""
        predictions = iter(self.predictions_or_errors([item.profile for item in items if item.ok],
                                                      n_reasons=n_reasons, batch=batch))
        out: list[Prediction | dict[str, Any]] = []
        for item in items:
            if not item.ok:
                out.append({"id": item.id, "error": f"{item.where()}: {item.error}"})
                continue
            prediction = next(predictions)
            if isinstance(prediction, Exception):
                out.append({"id": item.id, "error": f"{item.where()}: {scoring_failure(prediction)}"})
            else:
                out.append(prediction)
        return out

    def predictions_or_errors(self, profiles: Sequence[Profile], *, n_reasons: int = N_REASONS,
                              batch: CampaignCounts | None = None) -> list[Prediction | Exception]:
        """:meth:`predict_profiles`, isolated per profile: should scoring the batch fail on some profile (a bug
        in an extractor, say), the batch is scored one by one, and a profile that fails is its exception."""
        try:
            return self.predict_profiles(profiles, n_reasons=n_reasons, batch=batch)
        except Exception:  # noqa: BLE001  (isolated per record just below)
            batch = batch if batch is not None else self.batch_counts(profiles)
            return [self._predict_or_error(p, n_reasons, batch) for p in profiles]

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
        import pandas as pd

        records = [coerce_record(r) for r in frame.to_dict(orient="records")]
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

    def pinned(self) -> Model:
        """A shallow copy whose 'now' is fixed: ``scoring_as_of``, or this month.

        What is sent to worker processes, so that every chunk of a run is measured to the same month even
        if the run crosses the end of one.
        """
        twin = copy.copy(self)  # shares the explainer and estimators in this process (see __copy__)
        twin.scoring_as_of = self.scoring_as_of or current_month()
        return twin


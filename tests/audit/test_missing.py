from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fakeprofile.audit.missing import (
    COLUMNS,
    UNKNOWN_SHIFT_BOUND,
    describe,
    field_unknown_shift,
    log_odds,
    unknown_shift,
    unknown_shift_from_matrix,
)


def split_columns(model) -> set[int]:
    """Columns that some tree of the classifier splits on, read from scikit-learn's own predictors."""
    return {int(node["feature_idx"]) for iteration in model.classifier._predictors
            for node in iteration[0].nodes if not node["is_leaf"]}


def hand_log_odds(model, matrix: np.ndarray) -> np.ndarray:
    """Platt's linear part on scikit-learn's raw scores, not through the module under test."""
    return model.calibrator.coef_[0, 0] * model.classifier.decision_function(matrix) + model.calibrator.intercept_[0]


@pytest.fixture(scope="module")
def profiles(synthetic_profiles):
    return synthetic_profiles[:80]


@pytest.fixture(scope="module")
def matrix(trained, profiles):
    model, _ = trained
    return model.scoring_builder().matrix(profiles)


def test_every_feature_gets_a_row_sorted_by_population_shift(trained, profiles, matrix):
    model, _ = trained
    frame = unknown_shift(model, profiles)
    assert tuple(frame.columns) == COLUMNS
    assert sorted(frame["feature"]) == sorted(model.feature_names)
    observed = dict(zip(model.feature_names, (~np.isnan(matrix)).sum(axis=0).tolist(), strict=True))
    assert dict(zip(frame["feature"], frame["n_observed"], strict=True)) == observed
    assert frame["extractor"].tolist() == [model.builder.extractor_of(f) for f in frame["feature"]]
    measured = frame["population_shift"].dropna().abs()
    assert measured.is_monotonic_decreasing and (frame["mean_abs_shift"].dropna() >= 0).all()
    assert frame["mean_abs_shift"].isna().tolist() == (frame["n_observed"] == 0).tolist()
    assert frame["within_bound"].tolist() == (~(frame["population_shift"].abs() > UNKNOWN_SHIFT_BOUND)).tolist()
    some = frame[frame["n_observed"] > 0]
    assert (some["p95_abs_shift"] <= some["max_abs_shift"]).all()
    assert (some["mean_shift"].abs() <= some["mean_abs_shift"] + 1e-12).all()


def test_the_profiles_are_featurised_as_the_model_scores_them(trained, profiles, matrix):
    model, _ = trained
    pd.testing.assert_frame_equal(unknown_shift(model, profiles), unknown_shift_from_matrix(model, matrix))


def test_a_feature_no_tree_splits_on_does_not_move_the_score_at_all(trained, matrix):
    model, _ = trained
    unused = sorted(set(range(len(model.feature_names))) - split_columns(model))
    assert unused, "the fixture model splits on every feature; this test needs one it does not"
    filled = matrix.copy()
    filled[:, unused] = 1.0  # observed everywhere, so every row is blanked
    frame = unknown_shift_from_matrix(model, filled).set_index("feature")
    for j in unused:
        row = frame.loc[model.feature_names[j]]
        assert row["n_observed"] == len(filled)
        assert row["max_abs_shift"] == 0.0 and row["mean_shift"] == 0.0 and row["within_bound"]


def test_the_signed_shift_is_the_log_odds_difference_computed_by_hand(trained, matrix):
    model, _ = trained
    frame = unknown_shift_from_matrix(model, matrix)
    feature = frame[frame["n_observed"] > 0].iloc[0]["feature"]  # the one that moves most
    j = model.feature_names.index(feature)
    i = int(np.flatnonzero(~np.isnan(matrix[:, j]))[0])
    row = matrix[[i]]
    blanked = row.copy()
    blanked[0, j] = np.nan
    expected = hand_log_odds(model, blanked)[0] - hand_log_odds(model, row)[0]
    assert expected != 0.0
    one = unknown_shift_from_matrix(model, row).set_index("feature").loc[feature]
    assert one["n_observed"] == 1
    assert one["mean_shift"] == pytest.approx(expected, abs=1e-12)
    assert one["mean_abs_shift"] == one["max_abs_shift"] == pytest.approx(abs(expected), abs=1e-12)


def test_log_odds_are_the_logit_of_the_calibrated_probability(trained, matrix):
    model, _ = trained
    odds = log_odds(model, matrix)
    assert np.allclose(odds, hand_log_odds(model, matrix), rtol=0, atol=1e-12)
    probability = model.probabilities_from_matrix(matrix)
    moderate = (probability > 1e-6) & (probability < 1 - 1e-6)
    assert moderate.any()
    assert np.allclose(odds[moderate], np.log(probability / (1 - probability))[moderate], atol=1e-6)


def test_blanking_a_value_that_is_already_unknown_is_not_counted(trained, matrix):
    model, _ = trained
    j = int(np.argmax((~np.isnan(matrix)).sum(axis=0)))
    feature = model.feature_names[j]
    partial = matrix.copy()
    partial[::2, j] = np.nan
    kept = ~np.isnan(partial[:, j])
    got = unknown_shift_from_matrix(model, partial).set_index("feature").loc[feature]
    only_observed = unknown_shift_from_matrix(model, partial[kept]).set_index("feature").loc[feature]
    assert got["n_observed"] == kept.sum() < len(matrix)
    assert got["mean_shift"] == pytest.approx(only_observed["mean_shift"], abs=1e-12)
    assert got["mean_abs_shift"] == pytest.approx(only_observed["mean_abs_shift"], abs=1e-12)
    nothing = matrix.copy()
    nothing[:, j] = np.nan
    none = unknown_shift_from_matrix(model, nothing)
    row = none.set_index("feature").loc[feature]
    assert row["n_observed"] == 0 and np.isnan(row["mean_abs_shift"]) and row["within_bound"]


def test_blanked_scores_equal_scikit_learns_on_the_blanked_copies(trained, matrix):
    from fakeprofile.audit.missing import _blanked_log_odds

    model, _ = trained
    rows, cols = np.nonzero(~np.isnan(matrix[:30]))
    base, blanked = _blanked_log_odds(model, matrix[:30], rows, cols)
    copies = matrix[:30][rows]
    copies[np.arange(len(rows)), cols] = np.nan
    assert np.array_equal(base, model.log_odds(model.classifier.decision_function(matrix[:30])))
    assert np.array_equal(blanked, model.log_odds(model.classifier.decision_function(copies)))


def test_describe_marks_the_features_over_the_bound(trained, matrix):
    model, _ = trained
    frame = unknown_shift_from_matrix(model, matrix, bound=0.0)
    text = describe(frame, bound=0.0)
    over = int((~frame["within_bound"]).sum())
    assert text.splitlines()[0].startswith(f"{over} of {len(frame)} features over the bound")
    assert text.count("OVER") == over
    assert len(describe(frame, bound=0.0, only_over=True).splitlines()) == 2 + over


def test_a_matrix_of_the_wrong_width_is_refused(trained, matrix):
    model, _ = trained
    with pytest.raises(ValueError, match="features"):
        unknown_shift_from_matrix(model, matrix[:, 1:])


def test_default_model_unknown_fields_do_not_move_the_average_score():
    """The acceptance test of the rule "unknown is not evidence" for the shipped model: leaving any field out
    (the summary, the photo, the activity counts, ...) moves the average probability by at most the bound."""
    from fakeprofile import load_model
    from fakeprofile.schema import Profile
    from fakeprofile.synth import generate_profiles

    model = load_model()
    profiles = [Profile.model_validate(p) for p in generate_profiles(600, seed=8675309)]
    frame = field_unknown_shift(model, profiles)
    over = frame[~frame["within_bound"]]
    if not over.empty:
        pytest.fail(f"{len(over)} field(s) whose absence moves the average log-odds by more than "
                    f"{UNKNOWN_SHIFT_BOUND}:\n" + describe(frame, only_over=True), pytrace=False)


def test_field_shift_blanks_only_fields_a_profile_gives(trained):
    from fakeprofile.schema import Profile

    model, _ = trained
    given = Profile.model_validate({"id": "a", "summary": "", "connections": 10})
    frame = field_unknown_shift(model, [given], fields=["summary", "connections", "skills", "photo"])
    counts = dict(zip(frame["field"], frame["n_given"], strict=True))
    assert counts == {"summary": 1, "connections": 1, "skills": 0, "photo": 0}
    assert frame.loc[frame["field"] == "skills", "within_bound"].item()


def test_the_population_shift_is_the_change_in_the_average_probability(trained):
    from fakeprofile.schema import Profile

    model, _ = trained
    profiles = [Profile.model_validate({"id": str(i), "connections": 100 + 40 * i}) for i in range(5)]
    blanked = [p.model_copy(update={"connections": None}) for p in profiles]
    row = field_unknown_shift(model, profiles, fields=["connections"]).iloc[0]

    def logit_of_mean(items):
        p = float(np.mean(_p(model, items)))
        return np.log(p / (1 - p))

    assert row["n_given"] == 5
    assert row["population_shift"] == pytest.approx(logit_of_mean(blanked) - logit_of_mean(profiles), abs=1e-9)


def _p(model, profiles):
    return model.probabilities_from_matrix(model.scoring_builder().matrix(list(profiles)))

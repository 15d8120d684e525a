"""The compiled trees score exactly as scikit-learn does, and their arrays refuse what could not be walked safely."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from fakeprofile.scoring import PlattCalibration
from fakeprofile.trees import ROW_BLOCK, CompiledTrees, TreeArraysError, compile_trees


def with_holes(matrix: np.ndarray, seed: int = 0) -> np.ndarray:
    """The matrix with 20% of values missing and a few infinite."""
    rng = np.random.default_rng(seed)
    holed = matrix.copy()
    holed[rng.random(holed.shape) < 0.2] = np.nan
    holed[rng.random(holed.shape) < 0.02] = np.inf
    holed[rng.random(holed.shape) < 0.02] = -np.inf
    return holed


def test_compiled_scores_equal_scikit_learn_bit_for_bit(trained, synthetic_profiles):
    model, _ = trained
    matrix = model.builder.matrix(synthetic_profiles[:400])
    trees = compile_trees(model.classifier)
    for rows in (matrix, with_holes(matrix), matrix[:1], with_holes(matrix)[:7]):
        assert np.array_equal(trees.decision_function(rows), model.classifier.decision_function(rows))


def test_batches_across_row_blocks_get_scikit_learns_probabilities(trained, synthetic_profiles):
    model, _ = trained
    matrix = with_holes(model.builder.matrix(synthetic_profiles[: 2 * ROW_BLOCK + 3]), seed=1)
    expected = model.calibrator.predict_proba(model.classifier.decision_function(matrix).reshape(-1, 1))[:, 1]
    assert np.array_equal(model.probabilities_from_matrix(matrix), expected)
    pieces = np.concatenate([model.probabilities_from_matrix(matrix[i:i + 10]) for i in range(0, len(matrix), 10)])
    assert np.array_equal(pieces, expected)


def test_the_calibration_arithmetic_is_the_calibrators_own(trained):
    model, _ = trained
    rng = np.random.default_rng(2)
    # Ordinary scores, the extremes where exp overflows or the probability rounds to 0 or 1, and non-numbers.
    raw = np.concatenate([rng.normal(0.0, 6.0, 10_000), rng.uniform(-2000.0, 2000.0, 2_000),
                          [0.0, -0.0, np.inf, -np.inf, np.nan, 1e308, -1e308]])
    calibration = PlattCalibration.of(model.calibrator)
    expected = model.calibrator.predict_proba(raw[np.isfinite(raw)].reshape(-1, 1))[:, 1]
    assert np.array_equal(calibration.probability(raw[np.isfinite(raw)]), expected)
    import scipy.special

    assert np.array_equal(calibration.probability(raw), scipy.special.expit(calibration.log_odds(raw)), equal_nan=True)


def test_models_it_cannot_score_exactly_are_not_compiled():
    rng = np.random.default_rng(3)
    x = rng.random((200, 3))
    three_classes = HistGradientBoostingClassifier(max_iter=5).fit(x, rng.integers(0, 3, 200))
    assert compile_trees(three_classes) is None
    categories = np.column_stack([rng.integers(0, 4, 200), rng.random(200)])
    categorical = HistGradientBoostingClassifier(max_iter=5, categorical_features=[0]).fit(
        categories, (categories[:, 0] == 2).astype(int))
    assert compile_trees(categorical) is None


def test_a_matrix_of_the_wrong_width_is_refused(trained):
    model, _ = trained
    with pytest.raises(ValueError, match="features"):
        compile_trees(model.classifier).decision_function(np.zeros((2, 3)))


def test_swapped_copies_score_as_if_each_were_scored_in_full(trained, synthetic_profiles, monkeypatch):
    from fakeprofile import trees as trees_module

    monkeypatch.setattr(trees_module, "SWAP_BLOCK", 97)  # several blocks, the last one partial
    model, _ = trained
    matrix = with_holes(model.builder.matrix(synthetic_profiles[:60]), seed=4)
    rng = np.random.default_rng(5)
    rows = rng.integers(0, len(matrix), 700)
    cols = rng.integers(0, matrix.shape[1], 700)
    values = np.where(rng.random(700) < 0.2, np.nan, rng.normal(0.0, 50.0, 700))
    base, swapped = compile_trees(model.classifier).decision_with_swaps(matrix, rows, cols, values)
    copies = matrix[rows]
    copies[np.arange(700), cols] = values
    assert np.array_equal(base, model.classifier.decision_function(matrix))
    assert np.array_equal(swapped, model.classifier.decision_function(copies))


def test_a_tree_whose_children_do_not_follow_their_parent_is_not_compiled(trained):
    import copy

    model, _ = trained
    crafted = copy.deepcopy(model.classifier)
    nodes = crafted._predictors[0][0].nodes
    first_split = int(np.flatnonzero(nodes["is_leaf"] == 0)[0])
    nodes["left"][first_split] = first_split  # a loop: a walk would never reach a leaf
    assert compile_trees(crafted) is None
    assert compile_trees(model.classifier) is not None


def test_a_model_whose_trees_cannot_be_explained_exactly_is_refused(trained):
    import copy

    from fakeprofile.scoring import Model

    model, _ = trained
    crafted = copy.deepcopy(model.classifier)
    nodes = crafted._predictors[0][0].nodes
    first_split = int(np.flatnonzero(nodes["is_leaf"] == 0)[0])
    nodes["left"][first_split] = first_split
    with pytest.raises(ValueError, match="cannot be explained exactly"):
        Model.from_estimators(crafted, model.calibrator, model.builder, model.threshold, model.info)


# ---- the arrays the scoring artifact keeps
def test_the_arrays_round_trip_and_score_the_same(trained, synthetic_profiles):
    model, _ = trained
    matrix = with_holes(model.builder.matrix(synthetic_profiles[:50]), seed=6)
    arrays = model.trees.to_arrays()
    assert all(a.dtype != object for a in arrays.values())
    again = CompiledTrees.from_arrays(arrays)
    assert np.array_equal(again.decision_function(matrix), model.classifier.decision_function(matrix))
    assert again.expected_value == model.trees.expected_value


def _tampered(trained, change):
    model, _ = trained
    arrays = {name: array.copy() for name, array in model.trees.to_arrays().items()}
    change(arrays)
    return arrays


def _first_split(arrays):
    return int(np.flatnonzero(~arrays["is_leaf"])[0])


@pytest.mark.parametrize(("change", "message"), [
    (lambda a: a.pop("value"), "missing value"),
    (lambda a: a.update(extra=np.zeros(1)), "unexpected extra"),
    (lambda a: a.update(value=a["value"].astype(np.float32)), "'value' is float32"),
    (lambda a: a.update(value=a["value"].astype(object)), "'value' is object"),
    (lambda a: a.update(value=a["value"][:-1]), "differ in length"),
    (lambda a: a.update(roots=a["roots"][::-1].copy()), "roots"),
    (lambda a: a["left"].__setitem__(_first_split(a), _first_split(a)), "left child"),  # a loop
    (lambda a: a["right"].__setitem__(_first_split(a), 10**9), "right child"),  # out of the arrays
    (lambda a: a["left"].__setitem__(_first_split(a), -1), "left child"),
    (lambda a: a["left"].__setitem__(int(np.flatnonzero(a["is_leaf"])[0]), 0), "left child"),  # a leaf that moves on
    (lambda a: a["feature"].__setitem__(_first_split(a), int(a["n_features"])), "feature"),
    (lambda a: a["value"].__setitem__(0, np.nan), "not a number"),
    (lambda a: a["threshold"].__setitem__(_first_split(a), np.nan), "not a number"),
    (lambda a: a.update(n_features=np.int64(0)), "features"),
    (lambda a: a.update(baseline=np.zeros(2)), "shape"),
])
def test_arrays_that_could_not_be_walked_safely_are_refused(trained, change, message):
    with pytest.raises(TreeArraysError, match=message):
        CompiledTrees.from_arrays(_tampered(trained, change))

"""The compiled trees score exactly as scikit-learn does, so which path scores a batch never shows."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from fakeprofile.scoring import _probability
from fakeprofile.trees import FAST_BELOW_ROWS, compile_trees


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


def test_small_and_large_batches_get_the_same_probabilities(trained, synthetic_profiles):
    model, _ = trained
    matrix = with_holes(model.builder.matrix(synthetic_profiles[: 2 * FAST_BELOW_ROWS]), seed=1)
    whole = model.probabilities_from_matrix(matrix)  # scikit-learn
    assert len(matrix) >= FAST_BELOW_ROWS
    pieces = np.concatenate([model.probabilities_from_matrix(matrix[i:i + 10]) for i in range(0, len(matrix), 10)])
    assert np.array_equal(whole, pieces)


def test_the_calibration_arithmetic_is_the_calibrators_own(trained):
    model, _ = trained
    raw = np.random.default_rng(2).normal(0.0, 6.0, 10_000)
    assert np.array_equal(_probability(model.calibrator, raw), model.calibrator.predict_proba(raw.reshape(-1, 1))[:, 1])


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
        Model(crafted, model.calibrator, model.builder, model.threshold, model.info)

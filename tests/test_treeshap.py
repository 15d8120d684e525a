"""TreeSHAP contributions: they add up to the raw score, they are the ``shap`` package's and a brute force's
numbers, and every way of computing them (tables, subtree tables, quadrature) gives the same ones."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from fakeprofile import treeshap
from fakeprofile.trees import CompiledTrees, compile_trees
from fakeprofile.treeshap import TreeShap

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "profiles.jsonl"
ALL_TABLES = {"table_bytes": 1 << 30, "max_table_bits": 12}  # every leaf here, and the largest subtrees that fit
NO_TABLES = {"table_bytes": 0}  # every leaf by the quadrature


def with_holes(matrix: np.ndarray, seed: int = 0) -> np.ndarray:
    """The matrix with 20% of values missing and a few infinite."""
    rng = np.random.default_rng(seed)
    holed = matrix.copy()
    holed[rng.random(holed.shape) < 0.2] = np.nan
    holed[rng.random(holed.shape) < 0.02] = np.inf
    holed[rng.random(holed.shape) < 0.02] = -np.inf
    return holed


def train_small(seed: int = 0, n: int = 800, **params) -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    """A small classifier on 7 features: two with missing values, one constant (so no tree uses it)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 7))
    y = ((x[:, 0] + x[:, 1] * x[:, 2] - 0.5 * x[:, 3] + rng.normal(0, 0.5, n)) > 0).astype(int)
    x[rng.random(n) < 0.25, 1] = np.nan
    x[rng.random(n) < 0.4, 4] = np.nan
    x[:, 6] = 1.0
    settings = {"max_iter": 25, "max_leaf_nodes": 15, "min_samples_leaf": 5, "early_stopping": False,
                "random_state": seed} | params
    return HistGradientBoostingClassifier(**settings).fit(x, y), x


@pytest.fixture(scope="module")
def default():
    """The shipped model, and the matrix of the first 400 sample profiles."""
    from fakeprofile.artifact import default_model
    from fakeprofile.io.jsonl import read_jsonl

    model = default_model()
    profiles = [item.profile for item in read_jsonl(SAMPLE) if item.ok][:400]
    return model, model.scoring_builder().matrix(profiles)


@pytest.fixture(scope="module")
def default_explainer(default):
    return TreeShap(default[0].trees)


# ---- reference implementations, written from the definitions


def brute_force(trees: CompiledTrees, row: np.ndarray) -> tuple[float, np.ndarray]:
    """Expected value and Shapley values by enumerating every set of features, with the conditional
    expectation of Lundberg et al.'s Algorithm 1 (features outside the set follow the cover down both ways)."""
    m = trees.n_features
    sets = np.arange(1 << m)
    total = np.zeros(len(sets))
    for root in trees.roots.tolist():
        def expectation(node: int) -> np.ndarray:
            if trees.is_leaf[node]:
                return np.full(len(sets), trees.value[node])
            left, right = int(trees.left[node]), int(trees.right[node])
            f, value = int(trees.feature[node]), row[int(trees.feature[node])]
            goes_left = value <= trees.threshold[node] or (math.isnan(value) and trees.missing_left[node])
            e_left, e_right = expectation(left), expectation(right)
            weighted = (trees.cover[left] * e_left + trees.cover[right] * e_right) / trees.cover[node]
            return np.where((sets >> f) & 1 == 1, e_left if goes_left else e_right, weighted)
        total += expectation(root)
    size = np.array([bin(s).count("1") for s in sets])
    phi = np.zeros(m)
    for i in range(m):
        without = sets[(sets >> i) & 1 == 0]
        weight = np.array([math.factorial(s) * math.factorial(m - s - 1) / math.factorial(m) for s in size[without]])
        phi[i] = np.sum(weight * (total[without | (1 << i)] - total[without]))
    return float(trees.baseline + total[0]), phi


def product_game_shapley(v: float, z: np.ndarray, o: np.ndarray) -> np.ndarray:
    """Shapley values of one leaf's game v * prod(o_j, j in S) * prod(z_j, j not in S), set by set."""
    d = len(z)
    sets = np.arange(1 << (d - 1))
    inside = (sets[:, None] >> np.arange(d - 1)) & 1 == 1  # (sets, the d - 1 other features)
    weight = np.array([math.factorial(s) * math.factorial(d - s - 1) / math.factorial(d) for s in range(d)])
    weight = weight[inside.sum(axis=1)]
    phi = np.zeros(d)
    for i in range(d):
        others = [j for j in range(d) if j != i]
        product = np.where(inside, o[others], z[others]).prod(axis=1)
        phi[i] = v * (o[i] - z[i]) * np.sum(weight * product)
    return phi


def leaf_paths(trees: CompiledTrees, root: int):
    """(leaf, [(split, went left to reach the leaf)]) for every leaf of one tree."""
    stack = [(root, [])]
    while stack:
        node, path = stack.pop()
        if trees.is_leaf[node]:
            yield node, path
        else:
            stack.append((int(trees.left[node]), path + [(node, True)]))
            stack.append((int(trees.right[node]), path + [(node, False)]))


def leaf_game(trees: CompiledTrees, path, row: np.ndarray) -> tuple[list[int], np.ndarray, np.ndarray]:
    """A leaf's distinct features, their z (cover ratios) and o (does the row meet the conditions)."""
    features, z, o = [], [], []
    for split, went_left in path:
        f = int(trees.feature[split])
        child = int(trees.left[split] if went_left else trees.right[split])
        value = row[f]
        goes_left = value <= trees.threshold[split] or (math.isnan(value) and trees.missing_left[split])
        if f not in features:
            features.append(f)
            z.append(1.0)
            o.append(1.0)
        k = features.index(f)
        z[k] *= trees.cover[child] / trees.cover[split]
        o[k] *= float(goes_left == went_left)
    return features, np.array(z), np.array(o)


# ---- the shipped model


def test_contributions_add_up_to_the_raw_score_on_the_shipped_model(default, default_explainer):
    _, matrix = default
    trees = default[0].trees
    assert len(matrix) >= 300
    for rows in (matrix, with_holes(matrix), matrix[:1], np.full((3, matrix.shape[1]), np.nan)):
        phi = default_explainer.contributions(rows)
        assert phi.shape == rows.shape
        assert np.abs(phi.sum(axis=1) + default_explainer.expected_value - trees.decision_function(rows)).max() < 1e-9


def test_the_shipped_model_matches_the_shap_package(default, default_explainer):
    shap = pytest.importorskip("shap")
    model, matrix = default
    rows = np.concatenate([matrix[:150], with_holes(matrix[150:200], seed=3)])
    explainer = shap.TreeExplainer(model.classifier, feature_perturbation="tree_path_dependent", model_output="raw")
    theirs = np.asarray(explainer.shap_values(rows))
    assert np.abs(default_explainer.contributions(rows) - theirs).max() < 1e-9
    assert abs(float(np.ravel(explainer.expected_value)[0]) - default_explainer.expected_value) < 1e-9


def test_tables_and_quadrature_agree_on_the_shipped_model(default, default_explainer):
    _, matrix = default
    rows = with_holes(matrix[:200], seed=5)
    quadrature_only = TreeShap(default[0].trees, **NO_TABLES)
    assert quadrature_only.nbytes < default_explainer.nbytes
    assert np.abs(quadrature_only.contributions(rows) - default_explainer.contributions(rows)).max() < 1e-12


def test_construction_is_deterministic(default, default_explainer):
    again = TreeShap(default[0].trees)
    assert again.expected_value == default_explainer.expected_value
    for name in ("_table", "_slot_table", "_slot_base", "_slot_feature", "_table_rows"):
        assert np.array_equal(getattr(again, name), getattr(default_explainer, name)), name
    for ours, theirs in zip(again._deep, default_explainer._deep, strict=True):
        assert np.array_equal(ours.kernel, theirs.kernel) and np.array_equal(ours.rows, theirs.rows)
    rows = with_holes(default[1][:100], seed=6)
    assert np.array_equal(again.contributions(rows), default_explainer.contributions(rows))


def test_the_widest_leaves_get_the_product_games_shapley_values(default):
    """The leaves testing the most distinct features (quadrature), and the widest that fit a table, alone in their
    tree (every other leaf's value set to 0), against the leaf's Shapley values computed set by set."""
    trees, matrix = default[0].trees, with_holes(default[1][:40], seed=7)
    leaves = [(len(leaf_game(trees, path, matrix[0])[0]), root, leaf, path)
              for root in trees.roots.tolist() for leaf, path in leaf_paths(trees, root)]
    widest = max(leaves)[0]
    assert widest > treeshap.MAX_TABLE_BITS  # so the default takes the quadrature for it
    chosen = [max(leaves), max(entry for entry in leaves if entry[0] <= treeshap.MAX_TABLE_BITS)]
    for d, root, leaf, path in chosen:
        alone = dataclasses.replace(trees, roots=np.array([root]),
                                    value=np.where(np.arange(len(trees.value)) == leaf, trees.value, 0.0))
        in_table = {"table_bytes": 1 << 30, "max_table_bits": treeshap.MAX_TABLE_BITS}
        settings = [{}, NO_TABLES] if d > treeshap.MAX_TABLE_BITS else [{}, NO_TABLES, in_table]
        for kwargs in settings:
            explainer = TreeShap(alone, **kwargs)
            phi = explainer.contributions(matrix[:3])
            for row, got in zip(matrix[:3], phi, strict=True):
                features, z, o = leaf_game(trees, path, row)
                assert len(features) == d
                expected = np.zeros(trees.n_features)
                expected[features] = product_game_shapley(float(trees.value[leaf]), z, o)
                assert np.abs(got - expected).max() < 1e-12, (d, kwargs)
            assert abs(explainer.expected_value - (trees.baseline + trees.value[leaf] * math.prod(z))) < 1e-12


# ---- small models trained here


@pytest.mark.parametrize("kwargs", [{}, NO_TABLES, ALL_TABLES, {"max_table_bits": 3}],
                         ids=["default", "quadrature", "tables", "small-tables"])
def test_small_model_matches_the_shap_package_and_the_brute_force(kwargs):
    shap = pytest.importorskip("shap")
    classifier, x = train_small()
    trees = compile_trees(classifier)
    explainer = TreeShap(trees, **kwargs)
    rows = np.concatenate([x[:60], with_holes(x[60:100], seed=1), np.full((1, x.shape[1]), np.inf),
                           np.full((1, x.shape[1]), -np.inf), np.full((1, x.shape[1]), np.nan)])
    phi = explainer.contributions(rows)
    theirs = shap.TreeExplainer(classifier, feature_perturbation="tree_path_dependent",
                                model_output="raw").shap_values(rows)
    assert np.abs(phi - np.asarray(theirs)).max() < 1e-12
    for row, got in zip(rows[::10], phi[::10], strict=True):
        expected_value, brute = brute_force(trees, row)
        assert np.abs(got - brute).max() < 1e-12
        assert abs(explainer.expected_value - expected_value) < 1e-12


def test_sample_weights_do_not_change_the_cover_shap_uses():
    """With class weights the trees' ``count`` stays the unweighted number of samples; shap reads the same."""
    shap = pytest.importorskip("shap")
    classifier, x = train_small(seed=2, class_weight="balanced")
    phi = TreeShap(compile_trees(classifier)).contributions(x[:80])
    theirs = shap.TreeExplainer(classifier, feature_perturbation="tree_path_dependent",
                                model_output="raw").shap_values(x[:80])
    assert np.abs(phi - np.asarray(theirs)).max() < 1e-12


@pytest.mark.parametrize("kwargs", [{}, NO_TABLES, ALL_TABLES], ids=["default", "quadrature", "tables"])
def test_small_model_adds_up_with_missing_and_infinite_values(kwargs):
    classifier, x = train_small(seed=1, max_leaf_nodes=31, min_samples_leaf=2)
    trees = compile_trees(classifier)
    explainer = TreeShap(trees, **kwargs)
    rows = np.concatenate([x, with_holes(x, seed=2), np.full((2, x.shape[1]), np.inf),
                           np.full((2, x.shape[1]), -np.inf), np.full((2, x.shape[1]), np.nan)])
    phi = explainer.contributions(rows)
    assert np.abs(phi.sum(axis=1) + explainer.expected_value - trees.decision_function(rows)).max() < 1e-9
    assert np.abs(trees.decision_function(rows) - classifier.decision_function(rows)).max() == 0


def test_a_feature_no_tree_uses_contributes_exactly_zero():
    classifier, x = train_small(seed=3)
    trees = compile_trees(classifier)
    assert not (trees.feature[~trees.is_leaf] == 6).any()
    for kwargs in ({}, NO_TABLES, ALL_TABLES):
        phi = TreeShap(trees, **kwargs).contributions(with_holes(x[:100]))
        assert (phi[:, 6] == 0).all()


def test_a_model_of_single_leaves_has_no_contributions():
    x = np.ones((100, 3))
    y = np.r_[np.zeros(30), np.ones(70)].astype(int)
    classifier = HistGradientBoostingClassifier(max_iter=5, early_stopping=False).fit(x, y)
    trees = compile_trees(classifier)
    assert trees.is_leaf[trees.roots].all()
    explainer = TreeShap(trees)
    phi = explainer.contributions(with_holes(np.ones((10, 3))))
    assert (phi == 0).all()
    assert abs(explainer.expected_value - classifier.decision_function(x[:1])[0]) < 1e-12


def test_blocks_chunks_and_split_product_tables_change_nothing(monkeypatch):
    classifier, x = train_small(seed=4, max_leaf_nodes=31, min_samples_leaf=2)
    trees = compile_trees(classifier)
    rows = with_holes(x[:150], seed=4)
    reference = TreeShap(trees).contributions(rows)
    monkeypatch.setattr(treeshap, "BLOCK_ROWS", 37)  # several blocks, the last one partial
    monkeypatch.setattr(treeshap, "TABLE_CHUNK", 100)
    monkeypatch.setattr(treeshap, "QUADRATURE_CHUNK", 500)
    monkeypatch.setattr(treeshap, "PART_BITS", 2)  # the quadrature's products from several tables
    for kwargs in ({}, NO_TABLES, {"max_table_bits": 4}):
        explainer = TreeShap(trees, **kwargs)
        assert np.abs(explainer.contributions(rows) - reference).max() < 1e-12
        for k in range(3):  # one row: chunks of table slots that span several features
            assert np.abs(explainer.contributions(rows[k:k + 1]) - reference[k:k + 1]).max() < 1e-12


def test_a_few_rows_together_get_the_contributions_each_gets_in_a_batch():
    """The row counts a server scores together (1 to 8): rows are gathered with ``take``, and the directions of
    the splits inside tables are recorded level by level, then reordered into the tables' rounds."""
    classifier, x = train_small(seed=6)
    rows = with_holes(x[:30], seed=6)
    trees = compile_trees(classifier)
    tables, quadrature = TreeShap(trees, max_table_bits=6), TreeShap(trees, **NO_TABLES)
    assert tables._rounds and sorted(tables._direction_order) == list(range(len(tables._direction_order)))
    assert quadrature._deep
    for explainer in (tables, quadrature):
        reference = explainer.contributions(rows)
        for n in range(1, 9):
            for start in range(0, len(rows) - n, 11):
                few = explainer.contributions(rows[start:start + n])
                assert np.abs(few - reference[start:start + n]).max() < 1e-12


def test_the_few_rows_layout_gets_the_blocks_contributions_on_the_shipped_model(default, default_explainer):
    """Up to FEW_ROWS rows are computed rows first (_FewRows: the walk and look-ups along the nodes, the deep leaves
    a number of quadrature points at a time with their own small product tables); more a block at a time."""
    _, matrix = default
    rows = np.concatenate([matrix[:40], with_holes(matrix[40:80], seed=8)])
    reference = default_explainer._block(rows).T
    for n in (1, 2, 3, 5, 8, treeshap.FEW_ROWS):
        for start in range(0, len(rows) - n, 13):
            few = default_explainer.contributions(rows[start:start + n])
            assert np.abs(few - reference[start:start + n]).max() < 1e-12, n
    assert np.array_equal(default_explainer.contributions(rows[:treeshap.FEW_ROWS + 1]),
                          default_explainer._block(rows[:treeshap.FEW_ROWS + 1]).T)


def test_the_few_rows_layout_with_narrow_product_tables_and_without_tables(monkeypatch):
    classifier, x = train_small(seed=7, max_leaf_nodes=31, min_samples_leaf=2)
    trees = compile_trees(classifier)
    rows = with_holes(x[:40], seed=7)
    reference = TreeShap(trees)._block(rows).T
    monkeypatch.setattr(treeshap, "FEW_PART_BITS", 1)  # every deep leaf's products from one table per feature
    for kwargs in ({}, NO_TABLES, {"max_table_bits": 4}, ALL_TABLES):
        explainer = TreeShap(trees, **kwargs)
        for n in (1, 4, 16):
            for start in range(0, len(rows) - n, 9):
                assert np.abs(explainer.contributions(rows[start:start + n]) - reference[start:start + n]).max() < 1e-12


def test_bad_input_is_refused_and_no_rows_give_no_rows():
    classifier, x = train_small(seed=5, max_iter=3)
    explainer = TreeShap(compile_trees(classifier))
    with pytest.raises(ValueError, match="features"):
        explainer.contributions(np.zeros((2, 3)))
    assert explainer.contributions(x[:0]).shape == (0, x.shape[1])
    with pytest.raises(ValueError, match="max_table_bits"):
        TreeShap(compile_trees(classifier), max_table_bits=31)

"""Contributions leaf by leaf (treeshap_direct) are the tables' contributions, the shap package's and the brute
force's; a model explains a few rows that way and more from the tables, and the reasons do not show which."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from fakeprofile import scoring
from fakeprofile.trees import compile_trees
from fakeprofile.treeshap import TreeShap
from fakeprofile.treeshap_direct import DirectTreeShap
from tests.test_treeshap import brute_force, default, default_explainer, train_small, with_holes  # noqa: F401


def test_the_shipped_model_gets_the_tables_contributions(default, default_explainer):  # noqa: F811
    model, matrix = default
    direct = DirectTreeShap(model.trees)
    rows = np.concatenate([matrix[:40], with_holes(matrix[40:80], seed=5), np.full((1, matrix.shape[1]), np.nan)])
    ours = direct.contributions(rows)
    assert np.abs(ours - default_explainer.contributions(rows)).max() < 1e-9
    assert direct.expected_value == default_explainer.expected_value
    raw = model.trees.decision_function(rows)
    assert np.abs(ours.sum(axis=1) + direct.expected_value - raw).max() < 1e-9


def test_a_small_model_matches_the_shap_package_and_the_brute_force():
    shap = pytest.importorskip("shap")
    classifier, x = train_small(seed=1, max_leaf_nodes=31, min_samples_leaf=2)
    trees = compile_trees(classifier)
    rows = np.concatenate([x[:40], with_holes(x[40:80], seed=1), np.full((1, x.shape[1]), np.inf),
                           np.full((1, x.shape[1]), -np.inf), np.full((1, x.shape[1]), np.nan)])
    ours = DirectTreeShap(trees).contributions(rows)
    theirs = shap.TreeExplainer(classifier, feature_perturbation="tree_path_dependent",
                                model_output="raw").shap_values(rows)
    assert np.abs(ours - np.asarray(theirs)).max() < 1e-12
    for row, got in zip(rows[::8], ours[::8], strict=True):
        assert np.abs(got - brute_force(trees, row)[1]).max() < 1e-12
    assert (ours[:, 6] == 0).all()  # the constant feature no tree splits on


def test_a_model_of_single_leaves_has_no_contributions():
    x = np.ones((100, 3))
    y = np.r_[np.zeros(30), np.ones(70)].astype(int)
    trees = compile_trees(HistGradientBoostingClassifier(max_iter=5, early_stopping=False).fit(x, y))
    assert (DirectTreeShap(trees).contributions(with_holes(np.ones((4, 3)))) == 0).all()


def test_bad_input_is_refused_and_no_rows_give_no_rows():
    classifier, _ = train_small()
    direct = DirectTreeShap(compile_trees(classifier))
    with pytest.raises(ValueError, match="features"):
        direct.contributions(np.zeros((2, 3)))
    assert direct.contributions(np.zeros((0, 7))).shape == (0, 7)


def test_a_model_explains_few_rows_leaf_by_leaf_and_more_from_the_tables(trained, synthetic_profiles, monkeypatch):
    model, _ = trained
    twin = model.pinned()
    twin._explainer, twin._direct = None, None
    assert not twin.direct_for_few_rows  # a library's model builds the tables; the command line turns this on
    twin.direct_for_few_rows = True
    used = []
    monkeypatch.setattr(DirectTreeShap, "contributions", lambda self, m, f=DirectTreeShap.contributions:
                        used.append("direct") or f(self, m))
    monkeypatch.setattr(TreeShap, "contributions", lambda self, m, f=TreeShap.contributions:
                        used.append("tables") or f(self, m))
    few, many = synthetic_profiles[:3], synthetic_profiles[:scoring.DIRECT_ROWS + 1]
    alone = twin.predict_profiles(few, n_reasons=3)
    in_batch = twin.predict_profiles(many, n_reasons=3)
    assert used == ["direct", "tables"]
    twin.direct_for_few_rows = False
    from_tables = twin.predict_profiles(few, n_reasons=3)
    assert used[-1] == "tables"
    # Reasons are rounded far above where the two can differ: the same predictions either way.
    assert alone == from_tables
    assert [p.reasons for p in in_batch[:3]] == [p.reasons for p in alone]

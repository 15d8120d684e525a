"""A fitted ``HistGradientBoostingClassifier``'s trees walked all at once, for scoring a few profiles fast.

Why
---
scikit-learn scores tree by tree from a Python loop: about 9 microseconds per tree whatever the number of
rows, so 2.4 ms for the default model's 278 trees, twice per single-profile prediction with reasons (once for
the profile, once for its feature-swapped copies). That was most of what one HTTP request cost. Here every
tree takes one step per numpy operation: a row's path through all trees advances one level at a time, and
only the (tree, row) pairs not yet at a leaf go on.

Exactly the same numbers
------------------------
A step goes left when the value is at most the node's threshold, or when it is missing (NaN) and the node
sends missing values left, as scikit-learn's predictor does; the leaf values are added in tree order onto
the baseline (a cumulative sum, which adds sequentially), as ``_raw_predict`` does. The scores are therefore
equal to ``decision_function``'s bit for bit; ``tests/test_trees.py`` checks that on trained models, with
missing and infinite values. Models with categorical splits or more than one tree per iteration are not
handled (:func:`compile_trees` returns None and scikit-learn scores them).

Large batches go to scikit-learn anyway (:data:`FAST_BELOW_ROWS`): its per-row C code on all cores wins
once the loop overhead is shared by many rows, and the arrays here grow as trees x rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

__all__ = ["FAST_BELOW_ROWS", "CompiledTrees", "compile_trees"]

#: Batches smaller than this are scored here, larger ones by scikit-learn.
FAST_BELOW_ROWS = 128


@dataclass(frozen=True)
class CompiledTrees:
    """Every tree's nodes in flat arrays; children and roots are indices into them."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    is_leaf: np.ndarray
    baseline: float
    n_features: int

    def decision_function(self, matrix: np.ndarray) -> np.ndarray:
        """The raw scores of the rows of ``matrix``, equal to the classifier's ``decision_function``."""
        matrix = np.asarray(matrix, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got shape {matrix.shape}")
        n = matrix.shape[0]
        values = matrix.ravel()
        # One entry per (tree, row), tree-major; only entries not yet at a leaf are worked on.
        node = np.repeat(self.roots, n)
        row_start = np.tile(np.arange(n) * self.n_features, len(self.roots))
        active = np.flatnonzero(~self.is_leaf.take(node))
        while active.size:
            at = node.take(active)
            value = values.take(row_start.take(active) + self.feature.take(at))
            # NaN <= threshold is False, so a missing value goes left only where the node sends it left.
            go_left = (value <= self.threshold.take(at)) | (np.isnan(value) & self.missing_left.take(at))
            step = np.where(go_left, self.left.take(at), self.right.take(at))
            node[active] = step
            active = active[~self.is_leaf.take(step)]
        leaves = np.vstack([np.full((1, n), self.baseline), self.value.take(node).reshape(len(self.roots), n)])
        return np.cumsum(leaves, axis=0)[-1]


def compile_trees(classifier: HistGradientBoostingClassifier) -> CompiledTrees | None:
    """The classifier's trees as :class:`CompiledTrees`, or None for a model this cannot score exactly."""
    predictors = getattr(classifier, "_predictors", None)
    if not predictors or classifier.n_trees_per_iteration_ != 1:
        return None
    trees = [iteration[0].nodes for iteration in predictors]
    if any(t["is_categorical"].any() for t in trees):
        return None
    sizes = np.array([len(t) for t in trees])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    nodes = np.concatenate(trees)
    shift = np.repeat(offsets, sizes)
    is_leaf = nodes["is_leaf"].astype(bool)
    own = np.arange(len(nodes))
    # A leaf points at itself, so rows that reached one stay there while the others go on.
    left = np.where(is_leaf, own, nodes["left"].astype(np.intp) + shift)
    right = np.where(is_leaf, own, nodes["right"].astype(np.intp) + shift)
    return CompiledTrees(
        roots=offsets.astype(np.intp),
        feature=np.where(is_leaf, 0, nodes["feature_idx"]).astype(np.intp),
        threshold=nodes["num_threshold"].astype(np.float64),
        missing_left=nodes["missing_go_to_left"].astype(bool),
        left=left,
        right=right,
        value=nodes["value"].astype(np.float64),
        is_leaf=is_leaf,
        baseline=float(np.asarray(classifier._baseline_prediction).ravel()[0]),
        n_features=int(classifier.n_features_in_),
    )

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

Plain scoring of large batches goes to scikit-learn (:data:`FAST_BELOW_ROWS`): its per-row C code on all
cores wins once the loop overhead is shared by many rows. Reasons (:meth:`CompiledTrees.decision_with_swaps`)
are computed here at any size: most swapped copies need only a few trees walked again.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

__all__ = ["FAST_BELOW_ROWS", "CompiledTrees", "compile_trees"]

#: Batches smaller than this are scored here, larger ones by scikit-learn.
FAST_BELOW_ROWS = 128
#: Swapped copies handled together by :meth:`CompiledTrees.decision_with_swaps` (memory: trees x this x 8 bytes
#: per array, 9 MB for 278 trees).
SWAP_BLOCK = 4096


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
    #: Training samples that reached each node (scikit-learn's unweighted ``count``, also with sample
    #: weights or ``class_weight``): the weights of path-dependent TreeSHAP (:mod:`fakeprofile.treeshap`),
    #: the same ones the ``shap`` package reads from these trees.
    cover: np.ndarray
    baseline: float
    n_features: int

    @functools.cached_property
    def expected_value(self) -> float:
        """The cover-weighted mean raw score: the baseline plus each tree's leaf values weighted by the share of
        training samples that reached them (what path-dependent TreeSHAP explains a score against)."""
        leaves = np.flatnonzero(self.is_leaf)
        tree_of_leaf = np.searchsorted(self.roots, leaves, side="right") - 1
        shares = self.cover[leaves] / self.cover[self.roots[tree_of_leaf]]
        return float(self.baseline) + math.fsum((self.value[leaves] * shares).tolist())

    def decision_function(self, matrix: np.ndarray) -> np.ndarray:
        """The raw scores of the rows of ``matrix``, equal to the classifier's ``decision_function``."""
        matrix = self._checked(matrix)
        n = matrix.shape[0]
        node, _ = self._walk(matrix, np.repeat(self.roots, n), np.tile(np.arange(n), len(self.roots)))
        return self._sum(self.value.take(node).reshape(len(self.roots), n))

    def decision_with_swaps(self, matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                            values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The raw scores of the rows of ``matrix``, and of copies of them with one value swapped each
        (copy ``k`` is row ``rows[k]`` with column ``cols[k]`` set to ``values[k]``).

        A copy can only land in another leaf of a tree whose path for its row tests the swapped column; only
        those (tree, copy) pairs are walked again, the other trees keep the row's leaf. The leaves are then
        added in tree order as for any row, so each copy's score equals ``decision_function`` of the copy
        bit for bit, at a fraction of the cost (each path tests a handful of the features).
        """
        matrix = self._checked(matrix)
        n, n_trees = matrix.shape[0], len(self.roots)
        node, tested = self._walk(matrix, np.repeat(self.roots, n), np.tile(np.arange(n), n_trees),
                                  track_columns=True)
        leaves = self.value.take(node).reshape(n_trees, n)
        tested = tested.reshape(n_trees, n, -1)
        swapped = np.empty(len(rows))
        # Copies a block at a time: the arrays below hold one entry per tree and copy.
        for start in range(0, len(rows), SWAP_BLOCK):
            block = slice(start, start + SWAP_BLOCK)
            at_rows, at_cols = rows[block], cols[block]
            block_leaves = leaves[:, at_rows]
            # Does the path of tree t for the copy's row test the copy's column?
            word = tested[:, at_rows, at_cols // 64]
            affected = ((word >> (at_cols % 64).astype(np.uint64)) & np.uint64(1)).astype(bool)
            trees, copies = np.nonzero(affected)
            if trees.size:
                copy_matrix = matrix[at_rows]
                copy_matrix[np.arange(len(at_rows)), at_cols] = values[block]
                end, _ = self._walk(copy_matrix, self.roots.take(trees), copies)
                block_leaves[trees, copies] = self.value.take(end)
            swapped[block] = self._sum(block_leaves)
        return self._sum(leaves), swapped

    def _checked(self, matrix: np.ndarray) -> np.ndarray:
        matrix = np.asarray(matrix, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got shape {matrix.shape}")
        return np.ascontiguousarray(matrix)

    def _walk(self, matrix: np.ndarray, node: np.ndarray, row: np.ndarray, *,
              track_columns: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Walk the (tree, row) pairs, given as start nodes and rows, to their leaves; with
        ``track_columns``, also a bit set per pair of the columns its path tests (64 per word)."""
        values = matrix.ravel()
        node = node.copy()
        row_start = row * self.n_features
        tested = np.zeros((len(node), (self.n_features + 63) // 64), dtype=np.uint64) if track_columns else None
        active = np.flatnonzero(~self.is_leaf.take(node))
        while active.size:
            at = node.take(active)
            column = self.feature.take(at)
            value = values.take(row_start.take(active) + column)
            if tested is not None:
                tested[active, column // 64] |= np.left_shift(np.uint64(1), (column % 64).astype(np.uint64))
            # NaN <= threshold is False, so a missing value goes left only where the node sends it left.
            go_left = (value <= self.threshold.take(at)) | (np.isnan(value) & self.missing_left.take(at))
            step = np.where(go_left, self.left.take(at), self.right.take(at))
            node[active] = step
            active = active[~self.is_leaf.take(step)]
        return node, tested

    def _sum(self, leaves: np.ndarray) -> np.ndarray:
        """Leaf values (trees x rows) added in tree order onto the baseline, as scikit-learn adds them."""
        stacked = np.vstack([np.full((1, leaves.shape[1]), self.baseline), leaves])
        return np.cumsum(stacked, axis=0)[-1]


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
    local = np.arange(len(nodes)) - shift
    size = np.repeat(sizes, sizes)
    children = nodes["left"].astype(np.int64), nodes["right"].astype(np.int64)
    # scikit-learn appends a node's children after it; a tree that does not (a crafted file) could send a
    # walk round in circles, so it is left to scikit-learn rather than walked here.
    if not all(((c > local) & (c < size))[~is_leaf].all() for c in children):
        return None
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
        cover=nodes["count"].astype(np.float64),
        baseline=float(np.asarray(classifier._baseline_prediction).ravel()[0]),
        n_features=int(classifier.n_features_in_),
    )

"""Path-dependent TreeSHAP for a few rows, computed leaf by leaf without tables.

Why
---
:class:`fakeprofile.treeshap.TreeShap` tabulates every leaf's contributions for every pattern of failed
features, which makes a row cost 0.1-0.2 ms in a batch but takes about half a second of CPU to build: most of
what one profile's prediction with reasons cost in a fresh process (``fakeprofile predict`` of one profile,
the first request to a server). For a few rows the same numbers come quicker straight from their definition
(see :mod:`fakeprofile.treeshap`): for each leaf with value v whose path tests the distinct features U, with
z_j the product of the path's cover ratios on feature j and o_j whether the row meets the path's conditions on
j, feature i gets

    phi_i = sum over q of  prod(z_j + t_q (o_j - z_j), j in U)  *  K_q(i)

with Gauss-Legendre points t_q and weights w_q on [0, 1], K_q(i) = v w_q (1 - z_i) / (z_i + t_q (1 - z_i)) if
the row meets feature i's conditions and -v w_q / (1 - t_q) if not: the same kernel as the tables', so a zero
cover ratio gives 0 rather than 0 / 0. Every (leaf, feature) pair of every tree is one entry of a few numpy
arrays, so a row costs a handful of passes over about 64,000 pairs (default model): a few milliseconds, after
a set-up of about 50 ms.

Same numbers, not the same bits
-------------------------------
The quadrature here uses as many points as the widest leaf needs, for every leaf, and sums in another order
than the tables, so a contribution can differ from :class:`~fakeprofile.treeshap.TreeShap`'s in its last bits
(``tests/test_treeshap_direct.py`` holds both to 1e-9 of each other and to the ``shap`` package). Which one a
prediction uses depends only on how many rows are explained together and whether the tables exist
(:meth:`fakeprofile.scoring.Model.contributions`); reasons are rounded to six decimals, far above that.
"""

from __future__ import annotations

import numpy as np

from fakeprofile.trees import CompiledTrees
from fakeprofile.treeshap import _gauss, _points

__all__ = ["DirectTreeShap"]


class DirectTreeShap:
    """Exact per-feature contributions to the raw score, leaf by leaf, for a few rows at a time."""

    def __init__(self, trees: CompiledTrees) -> None:
        self.n_features = trees.n_features
        self.expected_value = trees.expected_value
        leaves = np.flatnonzero(trees.is_leaf)
        parent = np.full(len(trees.feature), -1, dtype=np.intp)
        splits = np.flatnonzero(~trees.is_leaf)
        parent[trees.left[splits]] = splits
        parent[trees.right[splits]] = splits
        # The splits on each leaf's path, walked up a level at a time for all leaves at once.
        entry_leaf, entry_split, entry_left = [], [], []
        below, at = np.arange(len(leaves)), leaves.copy()
        while below.size:
            up = parent[at]
            climbing = up >= 0
            below, at, up = below[climbing], at[climbing], up[climbing]
            entry_leaf.append(below)
            entry_split.append(up)
            entry_left.append(trees.left[up] == at)
            at = up
        leaf_of = np.concatenate(entry_leaf)
        split = np.concatenate(entry_split)
        went_left = np.concatenate(entry_left)
        child = np.where(went_left, trees.left[split], trees.right[split])
        ratio = np.divide(trees.cover[child], trees.cover[split], out=np.zeros(len(split)),
                          where=trees.cover[split] > 0)
        feature = trees.feature[split]
        if not len(split):  # trees of single leaves: nothing is explained by any feature
            self._pair_starts = np.zeros(0, dtype=np.intp)
            return
        # Entries grouped by (leaf, feature): one group is one pair, whose z is the product of its ratios.
        order = np.lexsort((feature, leaf_of))
        leaf_of, split, went_left, feature, ratio = (a[order] for a in (leaf_of, split, went_left, feature, ratio))
        new_pair = np.r_[True, (leaf_of[1:] != leaf_of[:-1]) | (feature[1:] != feature[:-1])]
        self._pair_starts = np.flatnonzero(new_pair)
        self._entry_column = feature
        self._entry_threshold = trees.threshold[split]
        self._entry_missing_left = trees.missing_left[split]
        self._entry_left = went_left
        z = np.multiply.reduceat(ratio, self._pair_starts)
        pair_leaf = leaf_of[self._pair_starts]
        self._pair_feature = feature[self._pair_starts]
        self._leaf_starts = np.flatnonzero(np.r_[True, pair_leaf[1:] != pair_leaf[:-1]])
        self._pair_leaf_position = np.repeat(np.arange(len(self._leaf_starts)),
                                             np.diff(np.r_[self._leaf_starts, len(pair_leaf)]))
        widest = int(np.diff(np.r_[self._leaf_starts, len(pair_leaf)]).max())
        t, w = _gauss(_points(widest))
        value = trees.value[leaves][pair_leaf][:, None]
        self._z = z[:, None]
        self._t = t[None, :]
        self._met = value * w * (1.0 - self._z) / (self._z + self._t * (1.0 - self._z))
        self._failed = -(value * w / (1.0 - self._t))

    def contributions(self, matrix: np.ndarray) -> np.ndarray:
        """(rows, features) contributions to the raw score, as :meth:`TreeShap.contributions` gives them."""
        matrix = np.asarray(matrix, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got shape {matrix.shape}")
        out = np.zeros(matrix.shape)
        if not len(self._pair_starts):
            return out
        for r, row in enumerate(matrix):
            x = row[self._entry_column]
            # The direction the row takes at each split of each path, as scoring takes it (missing values go
            # where the split sends them), against the direction the path takes.
            left = (x <= self._entry_threshold) | (np.isnan(x) & self._entry_missing_left)
            met = np.logical_and.reduceat(left == self._entry_left, self._pair_starts)[:, None]
            factor = self._z + self._t * (met - self._z)
            product = np.multiply.reduceat(factor, self._leaf_starts, axis=0)[self._pair_leaf_position]
            phi = (product * np.where(met, self._met, self._failed)).sum(axis=1)
            out[r] = np.bincount(self._pair_feature, weights=phi, minlength=self.n_features)
        return out

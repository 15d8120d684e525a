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

Batches of any size
-------------------
:meth:`CompiledTrees.decision_function` walks a fixed number of levels rather than tracking which pairs are
still walking: a leaf points at itself, so a pair that reached one stays there. Three facts make that as
fast as scikit-learn's own C predictor on one thread (18 against 16-20 microseconds a row for the default
model's 269 trees, ``benchmarks/bench_scoring.py``):

* A node's two children sit side by side in a table, so a step is one lookup at ``2 * node + goes_right``.
* Missing values need no test of their own. Each row is laid out three times: with NaN as -inf (read by nodes
  that send missing values left: -inf is never above a threshold), as +inf (nodes that send them right), and
  as 0/1 for "is missing" (read, against 0.5, by the nodes scikit-learn makes to split missing from present
  values, whose threshold is +inf and which no infinity can take right). Every step is then ``value >
  threshold``, and goes where scikit-learn's ``value <= threshold or (missing and missing-go-left)`` goes.
* Trees are walked deepest first, and level ``k`` stops at the trees no deeper than ``k``: rows 128 at a time,
  so the (tree, row) arrays stay in the cache.

The scoring artifact
--------------------
:meth:`CompiledTrees.to_arrays` and :meth:`CompiledTrees.from_arrays` are what the model folder keeps for
scoring (``scoring.npz``): numbers only, read without scikit-learn, skops or pickle. ``from_arrays`` checks
every index before any walk can use it: each tree's nodes are one stretch, and a node's children come after
it inside its tree, so a crafted file can neither read outside the arrays nor loop.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # scoring never imports scikit-learn; only compile_trees is handed one of its classifiers
    from sklearn.ensemble import HistGradientBoostingClassifier

__all__ = ["CompiledTrees", "TreeArraysError", "compile_trees"]

#: Rows walked together by :meth:`CompiledTrees.decision_function`: (trees x rows) arrays of 269 x 128 stay in
#: the cache (64 to 128 measured best, 18 microseconds a row; 2,048 rows at once took 31).
ROW_BLOCK = 128
#: Swapped copies handled together by :meth:`CompiledTrees.decision_with_swaps` (memory: trees x this x 8 bytes
#: per array, 9 MB for 278 trees).
SWAP_BLOCK = 4096


class TreeArraysError(ValueError):
    """Arrays that are not a set of trees this module can walk safely (a damaged or crafted scoring file)."""


@dataclass(frozen=True)
class _LevelWalk:
    """The layout :meth:`CompiledTrees.decision_function` walks (see the module docstring)."""

    #: Per node slot ``2 * node`` and ``2 * node + 1``: the slot of the left and of the right child.
    child_slot: np.ndarray
    #: Per slot ``2 * node``: the column of the tripled row the node reads, and the threshold it is above.
    column: np.ndarray
    threshold: np.ndarray
    #: Root slots, deepest tree first; ``walking[k]``: how many of them are still walking at level ``k``.
    root_slots: np.ndarray
    walking: np.ndarray
    #: Position of each tree in the deepest-first order, to add the leaves up in the original tree order.
    order_of_tree: np.ndarray


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
        walk = self._level_walk
        n, width = matrix.shape[0], 3 * self.n_features
        missing = np.isnan(matrix)
        tripled = np.concatenate([np.where(missing, -np.inf, matrix), np.where(missing, np.inf, matrix),
                                  missing.astype(np.float64)], axis=1).ravel()
        leaf_value = np.repeat(self.value, 2)  # by slot
        scores = np.empty(n)
        for start in range(0, n, ROW_BLOCK):
            stop = min(n, start + ROW_BLOCK)
            row_offset = np.arange(start, stop) * width
            slot = np.repeat(walk.root_slots[:, None], stop - start, axis=1)
            for walking in walk.walking:
                at = slot[:walking]
                value = tripled.take(row_offset + walk.column.take(at))
                slot[:walking] = walk.child_slot.take(at + (value > walk.threshold.take(at)))
            scores[start:stop] = self._sum(leaf_value.take(slot)[walk.order_of_tree])
        return scores

    @functools.cached_property
    def _level_walk(self) -> _LevelWalk:
        nodes = len(self.feature)
        reads_missing = ~self.missing_left & np.isposinf(self.threshold)  # scikit-learn's "missing or not" split
        # Column blocks of the tripled row: 0 NaN as -inf, 1 NaN as +inf, 2 missing as 0/1.
        block = np.where(reads_missing, 2, np.where(self.missing_left, 0, 1))
        column = np.where(self.is_leaf, 0, self.feature + self.n_features * block)
        threshold = np.where(self.is_leaf, np.inf, np.where(reads_missing, 0.5, self.threshold))
        child_slot = np.empty(2 * nodes, dtype=np.intp)
        child_slot[0::2], child_slot[1::2] = 2 * self.left, 2 * self.right
        depth = self._depths()
        tree_depth = np.maximum.reduceat(depth, self.roots)
        deepest_first = np.argsort(-tree_depth, kind="stable")
        return _LevelWalk(
            child_slot=child_slot,
            column=np.repeat(column.astype(np.intp), 2),
            threshold=np.repeat(threshold, 2),
            root_slots=2 * self.roots[deepest_first],
            walking=np.array([int((tree_depth > level).sum()) for level in range(int(tree_depth.max()))],
                             dtype=np.intp),
            order_of_tree=np.argsort(deepest_first),
        )

    def _depths(self) -> np.ndarray:
        """Each node's depth in its tree, a level at a time (children come after their parent)."""
        depth = np.zeros(len(self.feature), dtype=np.intp)
        frontier = self.roots
        level = 0
        while frontier.size:
            frontier = frontier[~self.is_leaf.take(frontier)]
            level += 1
            frontier = np.concatenate([self.left.take(frontier), self.right.take(frontier)])
            depth[frontier] = level
        return depth

    # ---- the scoring artifact
    _ARRAYS = {"roots": np.int64, "feature": np.int64, "threshold": np.float64, "missing_left": np.bool_,
               "left": np.int64, "right": np.int64, "value": np.float64, "is_leaf": np.bool_,
               "cover": np.float64, "baseline": np.float64, "n_features": np.int64}

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The trees as plain numeric arrays (no objects), for ``numpy.savez``; :meth:`from_arrays` reads them."""
        return {name: np.asarray(getattr(self, name), dtype=dtype) for name, dtype in self._ARRAYS.items()}

    @classmethod
    def from_arrays(cls, arrays: Any) -> CompiledTrees:
        """Trees from :meth:`to_arrays`' arrays (a dict, or an opened ``.npz``), checked before any use.

        Raises :class:`TreeArraysError` saying what is wrong: a missing or extra array, a wrong type or
        shape, an index out of range, a child that does not come after its parent inside its tree, a leaf
        that does not point at itself, or a value that is not a finite number.
        """
        names = set(arrays.keys()) if hasattr(arrays, "keys") else set()
        if names != set(cls._ARRAYS):
            problems = [f"missing {', '.join(sorted(set(cls._ARRAYS) - names))}" if set(cls._ARRAYS) - names else "",
                        f"unexpected {', '.join(sorted(names - set(cls._ARRAYS)))}" if names - set(cls._ARRAYS) else ""]
            raise TreeArraysError(f"the tree arrays are {'; '.join(p for p in problems if p)}")
        got = {}
        for name, dtype in cls._ARRAYS.items():
            array = arrays[name]
            if not isinstance(array, np.ndarray) or array.dtype != np.dtype(dtype):
                kind = array.dtype if isinstance(array, np.ndarray) else type(array).__name__
                raise TreeArraysError(f"tree array {name!r} is {kind}, not {np.dtype(dtype)}")
            scalar = name in ("baseline", "n_features")
            if array.ndim != (0 if scalar else 1):
                raise TreeArraysError(f"tree array {name!r} has shape {array.shape}")
            got[name] = array
        n_nodes, n_features = len(got["feature"]), int(got["n_features"])
        if any(len(got[n]) != n_nodes for n in ("threshold", "missing_left", "left", "right", "value", "is_leaf",
                                                "cover")):
            raise TreeArraysError("the per-node tree arrays differ in length")
        roots = got["roots"]
        if not (n_nodes and roots.size and roots[0] == 0 and (np.diff(roots) > 0).all() and roots[-1] < n_nodes):
            raise TreeArraysError("the trees' roots are not increasing node positions starting at 0")
        if not 0 < n_features < 1 << 20:
            raise TreeArraysError(f"the trees read {n_features} features")
        own = np.arange(n_nodes)
        tree_end = np.append(roots[1:], n_nodes)[np.searchsorted(roots, own, side="right") - 1]
        leaf = got["is_leaf"]
        for side in ("left", "right"):
            child = got[side]
            if not (np.where(leaf, child == own, (child > own) & (child < tree_end))).all():
                raise TreeArraysError(f"a node's {side} child is not after it in its own tree (or a leaf's is "
                                      "not itself)")
        if not ((got["feature"] >= 0) & (got["feature"] < n_features) | leaf).all():
            raise TreeArraysError("a node reads a feature the trees do not have")
        if not (np.isfinite(got["value"]).all() and np.isfinite(got["cover"]).all()
                and np.isfinite(got["baseline"]) and not np.isnan(got["threshold"]).any()):
            raise TreeArraysError("a leaf value, count, threshold or the baseline is not a number")
        return cls(roots=roots.astype(np.intp), feature=np.where(leaf, 0, got["feature"]).astype(np.intp),
                   threshold=got["threshold"], missing_left=got["missing_left"], left=got["left"].astype(np.intp),
                   right=got["right"].astype(np.intp), value=got["value"], is_leaf=leaf, cover=got["cover"],
                   baseline=float(got["baseline"]), n_features=n_features)

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

"""Exact per-feature contributions to the raw score: path-dependent TreeSHAP, vectorised over rows and leaves.

What is computed
----------------
Path-dependent TreeSHAP (Lundberg et al. 2020, "From local explanations to global understanding with
explainable AI for trees", Nature Machine Intelligence 2:56-67, Algorithms 1 and 2): a feature's contribution
is its Shapley value in the game whose worth of a set S of features is the trees' expected raw score when the
features in S take the row's values and the others follow the training data down each tree (at a split on a
feature outside S, both children, weighted by the training samples that went each way: the *cover*). The
contributions add up: ``expected_value + contributions(rows).sum(axis=1)`` is each row's raw score
(``decision_function``) to rounding, ``expected_value`` being the cover-weighted mean raw score. These are
the numbers of ``shap.TreeExplainer(model, feature_perturbation="tree_path_dependent")`` (the tests compare).

One leaf at a time
------------------
A leaf with value v whose root path tests the distinct features U (d of them) adds the product game
v * prod(o_j, j in S) * prod(z_j, j in U \\ S) to that worth: z_j is the product over the path's splits on
feature j of child cover / node cover, o_j is 1 if the row meets all the path's conditions on feature j (a
missing value going wherever its split sends missing values, as in scoring) and 0 if not. Feature i's Shapley
value in it is

    phi_i = v (o_i - z_i) * integral over [0, 1] of prod(z_j + t (o_j - z_j), j in U, j != i) dt

because the Shapley weight |S|! (d - |S| - 1)! / d! is the integral of t^|S| (1 - t)^(d - |S| - 1). The
integrand is a polynomial of degree d - 1, so Gauss-Legendre quadrature on ceil(d / 2) points is exact: with
P_q the product over all of U at the point t_q, phi_i is sum_q P_q K[q, i] if feature i is met and
sum_q P_q K[q, failed] if not, the weights K fixed per leaf. A row's contributions are the sums over all the
leaves of all the trees.

Tables, and the leaves too deep for one
---------------------------------------
A leaf's contributions depend on the row only through which of its d features failed (d bits), so they can be
tabulated for every pattern beforehand ("Fast TreeSHAP v2", Yang 2021, arXiv:2109.09847); scoring is then a
walk that finds each node's failed-feature bits for every row, a look-up per leaf and row, and a sum per
feature. Two things keep that fast and the tables small:

* Subtrees share a table. All the leaf patterns of a subtree whose root path tests r features and which holds
  m splits are fixed by r + m bits (the root's failed bits and the way the row goes at each split), so one
  table of 2^(r + m) keys gives its leaves' summed contributions: one value per feature involved rather than
  per leaf and feature. Which subtrees and leaves get tables is chosen tree by tree by a dynamic programme that
  minimises the values looked up per row within a memory budget (:data:`TABLE_BYTES`).
* A leaf testing more features than a table affords is computed by the quadrature when scoring: its products
  P_q come from small tables over parts of its pattern, K is applied to all rows as one matrix product, and
  failed features take the failed column.

The work is numpy over blocks of rows and over groups of leaves: no Python loop over rows or leaves when
scoring, only over tree depths, chunks of table slots and groups of deep leaves. Rows are gathered with
``take(..., axis=0)`` rather than fancy indexing: for the few rows of a served request (2 to 8) numpy's fancy
indexing copies each gathered row element by element and costs 3 to 8 times as much.

A few rows
----------
A server explains the few profiles that wait together (1 to 8, up to :data:`FEW_ROWS`). Laid out nodes x rows,
every numpy call then runs along a handful of rows, and a row cost 3 to 4 times what it costs in a batch.
:class:`_FewRows` computes the same numbers rows x nodes from the same look-up tables: one comparison for every
split, the failed bits a level at a time, each table's key ORed from its directions with one ``reduceat``; the
tables' values key by key (a key's values for all of a table's features are adjacent, so a look-up touches one
cache line rather than one per feature); the deep leaves a number of quadrature points at a time (6 groups on the
default model) with their own small product tables (:data:`FEW_PART_BITS`, a few MiB that stay in cache), one
batched ``matmul`` per group and one ``bincount`` for all the per-feature sums. The sums come in another order
than the block's, so a contribution may differ from it in its last bits (the block's already differ with the
block's size).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from fakeprofile.trees import CompiledTrees

__all__ = ["MAX_TABLE_BITS", "TABLE_BYTES", "TreeShap"]

#: Memory the look-up tables may take; the deep leaves' product tables come on top (10 MiB for the default
#: model). On the default model, CPU per row at 32 / 64 / 96 / 128 MiB: 0.089 / 0.077 / 0.074 / 0.069 ms.
TABLE_BYTES = 64 * 2**20
#: A table's key has at most this many bits (2^14 values per feature of its subtree); at most 30.
MAX_TABLE_BITS = 14
#: What a contribution computed by the quadrature costs, in table look-ups (measured on the default model).
QUADRATURE_COST = 1.8
#: The quadrature's product tables cover at most this many of a leaf's features each.
PART_BITS = 10
#: Rows scored together. Working memory grows with it: about 75 MB for the default model at 2,048 rows.
BLOCK_ROWS = 2048
#: Values handled per numpy call in the table sums and in the quadrature (working sets that stay in cache).
TABLE_CHUNK = 1 << 15
QUADRATURE_CHUNK = 1 << 18
#: Up to this many rows are computed row-major (:class:`_FewRows`), more a block at a time.
FEW_ROWS = 16
#: The few-rows layout's product tables cover at most this many of a deep leaf's features each (small tables that
#: stay in cache: 4 MiB for the default model, against 28 MiB for the block layout's).
FEW_PART_BITS = 5
#: A path's failed-feature bits must fit one 64-bit integer.
MAX_PATH_FEATURES = 62


@functools.cache
def _gauss(points: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre points and weights on [0, 1] (read-only: they are shared)."""
    x, w = np.polynomial.legendre.leggauss(points)
    t, w = (x + 1.0) / 2.0, w / 2.0
    t.setflags(write=False)
    w.setflags(write=False)
    return t, w


def _points(d: int) -> int:
    """Quadrature points that integrate the degree d - 1 polynomial of a d-feature leaf exactly."""
    return max(1, math.ceil(d / 2))


def _products(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    """(..., 2^k, points): for leaves' ``z`` (..., k) and every pattern of failed features among those k (bit j:
    feature j failed), the product over the k features of z + t (o - z) at the points ``t``: z (1 - t) for a
    failed feature, z + t (1 - z) for a met one. Halves are multiplied out, so each pattern costs one product."""
    k = z.shape[-1]
    if k == 1:
        zj = z[..., 0, None]
        return np.stack([zj + t * (1.0 - zj), zj * (1.0 - t)], axis=-2)
    if k == 0:
        return np.ones(z.shape[:-1] + (1, len(t)))
    low, high = _products(z[..., : k // 2], t), _products(z[..., k // 2:], t)
    return (high[..., :, None, :] * low[..., None, :, :]).reshape(z.shape[:-1] + (-1, len(t)))


def _kernel(z: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(leaves, points, d + 1) weights K: column i < d gives feature i's contribution when it is met,
    v w (1 - z_i) / (z_i + t (1 - z_i)); column d that of any failed feature, v w (0 - z_i) / (z_i (1 - t)),
    which is the same for all of them."""
    t, w = _gauss(_points(z.shape[1]))
    zq, tq = z[:, None, :], t[None, :, None]
    met = v[:, None, None] * w[None, :, None] * (1.0 - zq) / (zq + tq * (1.0 - zq))
    failed = -(v[:, None] * w[None, :] / (1.0 - t[None, :]))[:, :, None]
    return np.concatenate([met, failed], axis=2)


def _leaf_tables(z: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(leaves, d, 2^d) contributions of leaves testing d features each, for every pattern of failed features
    (bit j: feature j failed). All the leaves of one width at once: a Python loop over the default model's 6,500
    table leaves took 0.7 s of the explainer's 0.9 s construction."""
    d = z.shape[1]
    t, _ = _gauss(_points(d))
    failed = ((np.arange(1 << d)[:, None] >> np.arange(d)) & 1).astype(bool)  # (patterns, d)
    values = np.matmul(_products(z, t), _kernel(z, v))  # (leaves, patterns, d + 1)
    return np.where(failed, values[:, :, d:], values[:, :, :d]).transpose(0, 2, 1)


@dataclass(frozen=True)
class _Path:
    """What a node's root path tests: its distinct features in the order first tested, and for each the product
    of child cover / node cover over the path's splits on it."""

    features: tuple[int, ...]
    z: tuple[float, ...]


@dataclass(frozen=True)
class _Level:
    """The splits at one depth that the walk evaluates: first those that pass failed bits on to their children
    (above every table), then those inside tables, which only record the way the row went (``direction_bits``
    set where it went left)."""

    columns: np.ndarray
    thresholds: np.ndarray
    n_passing: int
    parent_rows: np.ndarray
    bits: np.ndarray
    child_start: int
    direction_start: int
    direction_bits: np.ndarray


class TreeShap:
    """Path-dependent TreeSHAP contributions for :class:`~fakeprofile.trees.CompiledTrees`, on the raw score
    (log-odds) scale. Built once (a second or so for the default model), then :meth:`contributions`.

    ``table_bytes`` bounds the look-up tables and ``max_table_bits`` one table's key; leaves that do not fit
    are computed by the quadrature. The result does not depend on either beyond rounding. Construction is
    deterministic.
    """

    #: The cover-weighted mean raw score: the baseline plus each leaf's value weighted by the share of the
    #: training samples that reached it (the ``shap`` package's ``expected_value``).
    expected_value: float
    n_features: int

    def __init__(self, trees: CompiledTrees, *, table_bytes: int = TABLE_BYTES,
                 max_table_bits: int = MAX_TABLE_BITS) -> None:
        if table_bytes < 0 or not 0 <= max_table_bits <= 30:
            raise ValueError("table_bytes must be at least 0 and max_table_bits between 0 and 30")
        self.n_features = trees.n_features
        nodes, depth, paths = _breadth_first(trees)
        widest = max(len(p.features) for p in paths.values())
        if widest > MAX_PATH_FEATURES:
            raise ValueError(f"a tree path tests {widest} distinct features; at most {MAX_PATH_FEATURES} are handled")
        # Failed bits and table keys (at most 30 bits) in one machine integer; 32 bits are faster to move.
        self._dtype = np.int32 if widest <= 30 else np.int64
        # Each leaf weighted by its share of the training samples: the product of its path's cover ratios, as
        # the contributions weigh it (the ratios telescope to the leaf's cover over the root's).
        self.expected_value = trees.expected_value
        table_roots, passing, deep = _choose_tables(trees, nodes, depth, paths, table_bytes, max_table_bits)
        self._build_walk(trees, nodes, depth, paths, table_roots, passing)
        self._build_tables(trees, paths)
        self._build_quadrature(trees, paths, deep)
        self._few = _FewRows(self)

    # ---- construction
    def _build_walk(self, trees: CompiledTrees, nodes: np.ndarray, depth: np.ndarray, paths: dict[int, _Path],
                    table_roots: list[int], passing: set[int]) -> None:
        """Lay out the walk: rows for the failed bits of the nodes that need them, and for each table, a key row
        and the bit of each split inside it."""
        row_of = {int(r): i for i, r in enumerate(trees.roots.tolist())}
        inside = {root: [n for n in _subtree(trees, root) if not trees.is_leaf[n]] for root in table_roots}
        # Tables with the most splits first, and their directions round by round: round j holds the j-th split
        # (breadth first) of every table that has more than j, so that it ORs into a prefix of the keys.
        self._table_roots = sorted(table_roots, key=lambda root: -len(inside[root]))
        rounds = [sum(len(inside[root]) > j for root in self._table_roots)
                  for j in range(max((len(v) for v in inside.values()), default=0))]
        round_start = np.r_[0, np.cumsum(rounds)].astype(int).tolist()
        direction_row, direction_bit, direction_table = {}, {}, {}
        for k, root in enumerate(self._table_roots):
            r = len(paths[root].features)
            for j, n in enumerate(inside[root]):
                direction_row[n] = round_start[j] + k
                direction_bit[n] = 1 << (r + j)
                direction_table[n] = k
        self._rounds = list(zip(round_start[:-1], rounds, strict=True))
        levels, next_row, recorded = [], len(row_of), []
        for k in range(int(depth.max()) + 1):
            splits = nodes[(depth == k) & ~trees.is_leaf[nodes]].tolist()
            passes = [n for n in splits if n in passing]
            records = [n for n in splits if n in direction_row]
            if not passes and not records:
                continue
            for i, n in enumerate(passes):
                row_of[int(trees.left[n])] = next_row + i
                row_of[int(trees.right[n])] = next_row + len(passes) + i
            evaluated = passes + records
            levels.append(_Level(
                columns=np.array([int(trees.feature[n]) + (self.n_features if trees.missing_left[n] else 0)
                                  for n in evaluated], dtype=np.intp),
                thresholds=trees.threshold[evaluated].astype(np.float64)[:, None],
                n_passing=len(passes),
                parent_rows=np.array([row_of[n] for n in passes], dtype=np.intp),
                bits=np.array([1 << paths[int(trees.left[n])].features.index(int(trees.feature[n])) for n in passes],
                              dtype=self._dtype)[:, None],
                child_start=next_row,
                direction_start=len(recorded),
                direction_bits=np.array([direction_bit[n] for n in records], dtype=self._dtype)[:, None],
            ))
            next_row += 2 * len(passes)
            recorded += records
        self._levels = levels
        # The walk records directions level by level; the keys OR them in round by round (row direction_row[n]).
        self._direction_order = np.empty(len(recorded), dtype=np.intp)
        self._direction_order[[direction_row[n] for n in recorded]] = np.arange(len(recorded))
        self._n_roots = len(trees.roots)
        self._n_rows = next_row
        self._row_of = row_of
        self._table_rows = np.array([row_of[root] for root in self._table_roots], dtype=np.intp)
        self._recorded_table = np.array([direction_table[n] for n in recorded], dtype=np.intp)

    def _build_tables(self, trees: CompiledTrees, paths: dict[int, _Path]) -> None:
        """Each table: for every key (its root's failed bits, then one bit per split inside, set where the row
        went left), the summed contributions of the subtree's leaves, one row per feature ("slot")."""
        tables, slot_table, slot_base, slot_feature, table_width = [], [], [], [], []
        offset = 0
        leaf_table = _tables_of_leaves(trees, paths, [n for root in self._table_roots for n in _subtree(trees, root)
                                                      if trees.is_leaf[n]])
        for k, root in enumerate(self._table_roots):
            r = len(paths[root].features)
            inside = [n for n in _subtree(trees, root) if not trees.is_leaf[n]]
            bit_of = {n: r + j for j, n in enumerate(inside)}
            features = list(paths[root].features)
            features += dict.fromkeys(int(trees.feature[n]) for n in inside if int(trees.feature[n]) not in features)
            slot_of = {f: s for s, f in enumerate(features)}
            keys = np.arange(1 << (r + len(inside)), dtype=np.int64)
            table = np.zeros((len(features), len(keys)))
            # Each leaf's failed pattern as a function of the key, walking down from the table's root.
            stack = [(root, keys & ((1 << r) - 1))]
            while stack:
                n, pattern = stack.pop()
                if trees.is_leaf[n]:
                    values = leaf_table[n]
                    table[[slot_of[f] for f in paths[n].features]] += values[:, pattern]
                    continue
                went_left = (keys >> bit_of[n]) & 1
                slot = paths[int(trees.left[n])].features.index(int(trees.feature[n]))
                stack.append((int(trees.left[n]), pattern | ((went_left ^ 1) << slot)))
                stack.append((int(trees.right[n]), pattern | (went_left << slot)))
            tables.append(table.T.ravel())  # key by key: a key's values for all the table's features are together
            slot_table += [k] * len(features)
            slot_base += [offset + s for s in range(len(features))]
            table_width.append(len(features))
            slot_feature += features
            offset += table.size
        self._table = np.concatenate(tables) if tables else np.zeros(0)
        # Slots grouped by feature, so that a chunk of them sums into one feature.
        order = np.argsort(np.array(slot_feature, dtype=np.intp), kind="stable")
        self._slot_table = np.array(slot_table, dtype=np.intp)[order]
        self._slot_base = np.array(slot_base, dtype=np.int64)[order][:, None]
        self._table_width = np.array(table_width, dtype=np.int64)
        self._slot_feature = np.array(slot_feature, dtype=np.intp)[order]
        self._chunk_plans: dict[int, list] = {}

    def _build_quadrature(self, trees: CompiledTrees, paths: dict[int, _Path], deep: list[int]) -> None:
        by_width: dict[int, list[int]] = {}
        for n in deep:
            by_width.setdefault(len(paths[n].features), []).append(n)
        self._deep = [
            _DeepLeaves(np.array([paths[n].z for n in group]), trees.value[group].astype(np.float64),
                        np.array([self._row_of[n] for n in group], dtype=np.intp),
                        np.array([paths[n].features for n in group], dtype=np.intp), self._dtype)
            for _, group in sorted(by_width.items())]

    # ---- scoring
    @property
    def nbytes(self) -> int:
        """Memory held by the tables (the look-up tables and the deep leaves' product tables; the few-rows layout's
        own, a few MiB, are :attr:`few_nbytes`)."""
        return int(self._table.nbytes) + sum(group.nbytes for group in self._deep)

    @property
    def few_nbytes(self) -> int:
        """Memory held by the few-rows layout besides the look-up tables it shares (:class:`_FewRows`)."""
        return self._few.nbytes

    def contributions(self, matrix: np.ndarray) -> np.ndarray:
        """(rows, features) contributions to the raw score: each row's sum plus :attr:`expected_value` is the
        row's raw score (:meth:`CompiledTrees.decision_function`) up to rounding."""
        matrix = np.asarray(matrix, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got shape {matrix.shape}")
        if len(matrix) <= FEW_ROWS:
            return self._few.contributions(matrix)
        out = np.empty(matrix.shape)
        for start in range(0, len(matrix), BLOCK_ROWS):
            block = matrix[start:start + BLOCK_ROWS]
            out[start:start + len(block)] = self._block(block).T
        return out

    def _block(self, block: np.ndarray) -> np.ndarray:
        """(features, rows) contributions of a block of rows."""
        failed, keys = self._walk(block)
        keys = _scaled(keys, self._table_width, len(self._table), axis=0)
        out = np.zeros((self.n_features, len(block)))
        for a, b, starts, feature in self._chunk_plan(max(1, TABLE_CHUNK // len(block))):
            values = self._table.take(np.add(keys.take(self._slot_table[a:b], axis=0), self._slot_base[a:b]))
            out[feature] += values.sum(axis=0) if starts is None else np.add.reduceat(values, starts, axis=0)
        for group in self._deep:
            group.add(failed, out)
        return out

    def _walk(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For every row, the failed-feature bits of each node that has a row (nodes x rows), and each table's
        key (tables x rows)."""
        xt = np.ascontiguousarray(block.T)
        # Where a split sends missing values left, NaN becomes -inf (-inf <= threshold); elsewhere it stays NaN
        # (NaN <= threshold is False): the same directions as CompiledTrees._walk.
        values = np.concatenate([xt, np.where(np.isnan(xt), -np.inf, xt)])
        failed = np.empty((self._n_rows, len(block)), dtype=self._dtype)
        failed[: self._n_roots] = 0
        recorded = np.empty((len(self._direction_order), len(block)), dtype=self._dtype)
        for level in self._levels:
            went_left = values.take(level.columns, axis=0) <= level.thresholds
            n = level.n_passing
            if n:
                parent = failed.take(level.parent_rows, axis=0)
                left = failed[level.child_start:level.child_start + n]
                right = failed[level.child_start + n:level.child_start + 2 * n]
                np.multiply(went_left[:n], level.bits, out=right)  # going left fails the right child's condition
                np.bitwise_xor(right, level.bits, out=left)
                np.bitwise_or(left, parent, out=left)
                np.bitwise_or(right, parent, out=right)
            if len(level.direction_bits):
                start = level.direction_start
                np.multiply(went_left[n:], level.direction_bits, out=recorded[start:start + len(level.direction_bits)])
        directions = recorded.take(self._direction_order, axis=0)
        keys = failed.take(self._table_rows, axis=0)
        for start, n in self._rounds:
            np.bitwise_or(keys[:n], directions[start:start + n], out=keys[:n])
        return failed, keys

    def _chunk_plan(self, step: int) -> list[tuple[int, int, np.ndarray | None, np.ndarray | int]]:
        """Chunks of about ``step`` table slots: (start, stop, None, feature) for a chunk within one feature,
        which sums along its rows; (start, stop, segment starts, features) for one that spans several (only
        with few rows: ``reduceat`` down long rows is slow)."""
        plan = self._chunk_plans.get(step)
        if plan is None:
            plan = []
            feature = self._slot_feature
            edges = np.flatnonzero(np.diff(feature)) + 1
            bounds = list(zip(np.r_[0, edges].tolist(), np.r_[edges, len(feature)].tolist(), strict=True))
            if step >= 4 * len(feature) / max(len(bounds), 1):  # few rows: chunks may span features
                for a in range(0, len(feature), step):
                    b = min(len(feature), a + step)
                    starts = np.r_[0, np.flatnonzero(np.diff(feature[a:b])) + 1]
                    plan.append((a, b, starts, feature[a:b][starts]))
            else:
                for lo, hi in bounds:
                    plan.extend((a, min(hi, a + step), None, int(feature[a])) for a in range(lo, hi, step))
            self._chunk_plans[step] = plan
        return plan


class _DeepLeaves:
    """Leaves testing the same number d of features, too many for a table: computed by the quadrature."""

    def __init__(self, z: np.ndarray, v: np.ndarray, rows: np.ndarray, features: np.ndarray, dtype: type) -> None:
        n, d = z.shape
        self.n, self.d, self.rows, self.features = n, d, rows, features
        self.z, self.v = z, v  # for the few-rows layout (_FewRows)
        points = _points(d)
        t, _ = _gauss(points)
        kernel = _kernel(z, v)  # (n, points, d + 1)
        # Reordered [failed, met - failed for each feature]: a contribution is failed + met flag * difference.
        kernel[:, :, :d] -= kernel[:, :, d:]
        self.kernel = np.ascontiguousarray(
            np.concatenate([kernel[:, :, d:], kernel[:, :, :d]], axis=2).transpose(0, 2, 1))  # (n, d + 1, points)
        # The products over all d features: the product of a few tables, each over a run of the pattern's bits.
        edges = np.linspace(0, d, math.ceil(d / PART_BITS) + 1).round().astype(int).tolist()
        self.parts = []
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            size = 1 << (hi - lo)
            self.parts.append((lo, size - 1, _products(z[:, lo:hi], t).reshape(-1, points),
                               (np.arange(n) * size)[:, None]))
        self.bits = (1 << np.arange(d)).astype(dtype)[None, :, None]
        self._plans: dict[int, list] = {}

    @property
    def nbytes(self) -> int:
        return self.kernel.nbytes + sum(part[2].nbytes for part in self.parts)

    def _plan(self, step: int) -> list:
        """Groups of at most ``step`` leaves, each with the sparse matrix that sums its values by feature."""
        plan = self._plans.get(step)
        if plan is None:
            import scipy.sparse  # here, not at import: scoring without reasons never needs its 0.1 s import

            plan = []
            for a in range(0, self.n, step):
                b = min(self.n, a + step)
                features = self.features[a:b]
                used, local = np.unique(features, return_inverse=True)
                # Values come as (leaf, [failed, feature 0 .. d - 1]); the failed rows are not summed.
                columns = (np.arange(b - a)[:, None] * (self.d + 1) + 1 + np.arange(self.d)).ravel()
                summing = scipy.sparse.csr_matrix((np.ones(features.size), (local.ravel(), columns)),
                                                  shape=(len(used), (b - a) * (self.d + 1)))
                plan.append((a, b, used, summing))
            self._plans[step] = plan
        return plan

    def add(self, failed: np.ndarray, out: np.ndarray) -> None:
        """Add these leaves' contributions for the rows whose failed bits are given to ``out`` (features x rows)."""
        rows, d = failed.shape[1], self.d
        for a, b, used, summing in self._plan(max(1, QUADRATURE_CHUNK // (rows * (d + 1)))):
            pattern = failed.take(self.rows[a:b], axis=0)
            products = None
            for lo, mask, table, base in self.parts:
                part = table.take(((pattern >> lo) & mask) + base[a:b], axis=0)  # (leaves, rows, points)
                products = part if products is None else np.multiply(products, part, out=products)
            values = np.matmul(self.kernel[a:b], products.transpose(0, 2, 1))  # (leaves, d + 1, rows)
            contribution = values[:, 1:]
            np.multiply(contribution, (pattern[:, None, :] & self.bits) == 0, out=contribution)
            np.add(contribution, values[:, :1], out=contribution)
            out[used] += summing @ values.reshape((b - a) * (d + 1), rows)


class _FewRows:
    """The same contributions for a few rows (a served group of 1 to :data:`FEW_ROWS`), from the same tables.

    The block layout (nodes x rows) runs every numpy call along the rows: for a few rows that is a short inner
    loop, and a call costs several times as much per value. Here the walk and the table look-ups run along the
    nodes and slots (rows x nodes), and the deep leaves come a number of quadrature points at a time (6 groups on
    the default model rather than 12 widths), all their part indices at once, their per-feature sums in one
    ``bincount``. The deep leaves' product tables are shared with the block layout's (views of one array).
    """

    def __init__(self, shap: TreeShap) -> None:
        self.n_features = shap.n_features
        self.dtype = shap._dtype
        self.n_roots, self.n_rows = shap._n_roots, shap._n_rows
        # The walk: every split's comparison at once, then the failed bits a level at a time. A level's children
        # are laid out left then right, so that one OR with the parents' bits (taken twice) sets both.
        columns, thresholds, levels, recorded = [], [], [], []
        offset = 0
        for level in shap._levels:
            n = level.n_passing
            columns.append(level.columns)
            thresholds.append(level.thresholds[:, 0])
            if n:
                levels.append((offset, n, np.concatenate([level.parent_rows, level.parent_rows]), level.bits[:, 0],
                               level.child_start))
            recorded.append(offset + n + np.arange(len(level.direction_bits)))
            offset += len(level.columns)
        self.columns = np.concatenate(columns) if columns else np.zeros(0, dtype=np.intp)
        self.thresholds = np.concatenate(thresholds) if thresholds else np.zeros(0)
        self.levels = levels
        # Each table's key: its root's failed bits, ORed with the bits of the directions inside it. Tables come
        # with the most splits first, so those with any form a prefix.
        recorded = np.concatenate(recorded) if recorded else np.zeros(0, dtype=np.intp)
        bits = (np.concatenate([level.direction_bits[:, 0] for level in shap._levels]) if shap._levels
                else np.zeros(0, dtype=self.dtype))
        order = np.argsort(shap._recorded_table, kind="stable")
        self.direction_columns = recorded[order]
        self.direction_bits = bits[order].astype(self.dtype)
        tables = shap._recorded_table[order]
        self.direction_starts = np.flatnonzero(np.r_[True, tables[1:] != tables[:-1]]) if len(tables) else tables
        self.n_directed = int(tables.max()) + 1 if len(tables) else 0
        self.table_rows = shap._table_rows
        # Table look-ups (key by key, see TreeShap._build_tables), slots grouped by feature.
        self.table = shap._table
        self.table_width = shap._table_width
        self.slot_table = shap._slot_table
        self.slot_base = shap._slot_base[:, 0]
        feature = shap._slot_feature
        self.slot_starts = np.flatnonzero(np.r_[True, feature[1:] != feature[:-1]]) if len(feature) else feature
        self.slot_features = feature[self.slot_starts]
        self._build_deep(shap._deep)

    def _build_deep(self, deep: list[_DeepLeaves]) -> None:
        """Deep leaves grouped by their number of quadrature points, each group with its own product tables over
        parts of at most :data:`FEW_PART_BITS` features (small, so that they stay in cache), and two kernels:
        (leaves, points, width) met - failed per feature, padded with zeros for the narrower leaves, and (leaves,
        points, 1) failed. A leaf's value for a feature is failed + (met - failed) if the row met its conditions."""
        by_points: dict[int, list[_DeepLeaves]] = {}
        for group in deep:
            by_points.setdefault(_points(group.d), []).append(group)
        groups = [g for _, same in sorted(by_points.items()) for g in same]
        n = sum(g.n for g in groups)
        n_parts = max((math.ceil(g.d / FEW_PART_BITS) for g in groups), default=0)
        self.deep_rows = np.concatenate([g.rows for g in groups]) if groups else np.zeros(0, dtype=np.intp)
        # Per part and leaf: the shift and mask of the part's bits in the leaf's pattern, and the part's first row in
        # its group's table (row 0 holds ones, for a leaf with fewer parts).
        self.part_lo = np.zeros((n_parts, n), dtype=self.dtype)
        self.part_mask = np.zeros((n_parts, n), dtype=self.dtype)
        self.part_base = np.zeros((n_parts, n), dtype=np.intp)
        self.deep = []
        feature_of = []  # per (leaf, position in its group's width): the feature, or -1 for padding
        first = 0
        for points, same in sorted(by_points.items()):
            t, _ = _gauss(points)
            width = max(g.d for g in same)
            size = sum(g.n for g in same)
            pieces, start = [np.ones((1, points))], 1
            difference = np.zeros((size, points, width))
            failed = np.zeros((size, points, 1))
            features = np.full((size, width), -1, dtype=np.intp)
            at = 0
            for g in same:
                leaves = np.arange(first + at, first + at + g.n)
                edges = np.linspace(0, g.d, math.ceil(g.d / FEW_PART_BITS) + 1).round().astype(int).tolist()
                for p, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
                    table = _products(g.z[:, lo:hi], t).reshape(-1, points)  # (leaves x 2^(hi - lo), points)
                    pieces.append(table)
                    self.part_lo[p, leaves], self.part_mask[p, leaves] = lo, (1 << (hi - lo)) - 1
                    self.part_base[p, leaves] = start + np.arange(g.n) * (1 << (hi - lo))
                    start += len(table)
                kernel = _kernel(g.z, g.v)  # (leaves, points, [met per feature, failed])
                difference[at:at + g.n, :, :g.d] = kernel[:, :, :g.d] - kernel[:, :, g.d:]
                failed[at:at + g.n] = kernel[:, :, g.d:]
                features[at:at + g.n, :g.d] = g.features
                at += g.n
            n_group_parts = max(math.ceil(g.d / FEW_PART_BITS) for g in same)
            self.deep.append((first, first + size, width, n_group_parts, np.concatenate(pieces), difference, failed))
            feature_of.append(features.ravel())
            first += size
        self.feature_of = np.concatenate(feature_of) if feature_of else np.zeros(0, dtype=np.intp)
        self._sum_index: dict[int, np.ndarray] = {}

    @property
    def nbytes(self) -> int:
        """Memory held besides the tables it shares with :class:`TreeShap`."""
        return sum(table.nbytes + difference.nbytes + failed.nbytes
                                            for _, _, _, _, table, difference, failed in self.deep)

    def sum_index(self, rows: int) -> np.ndarray:
        """Where each deep value (group by group: leaf, row, position) is summed in the (rows x features + 1)
        bins: row * features + feature, padding in the last bin."""
        index = self._sum_index.get(rows)
        if index is None:
            parts, start = [], 0
            for first, last, width, *_ in self.deep:
                features = self.feature_of[start:start + (last - first) * width].reshape(last - first, 1, width)
                bins = np.arange(rows)[None, :, None] * self.n_features + features
                parts.append(np.where(features < 0, rows * self.n_features, bins).ravel())
                start += (last - first) * width
            index = self._sum_index[rows] = np.concatenate(parts)
        return index

    def contributions(self, matrix: np.ndarray) -> np.ndarray:
        """(rows, features) contributions of a few rows."""
        rows = len(matrix)
        failed, keys = self._walk(matrix)
        out = np.zeros((rows, self.n_features))
        if len(self.slot_table):
            index = _scaled(keys, self.table_width, len(self.table), axis=1).take(self.slot_table, axis=1)
            index += self.slot_base
            out[:, self.slot_features] = np.add.reduceat(self.table.take(index), self.slot_starts, axis=1)
        if self.deep:
            pattern = failed.take(self.deep_rows, axis=1)  # (rows, leaves)
            # Each part's row in its group's table: (parts, rows, leaves).
            part_rows = (pattern >> self.part_lo[:, None, :]) & self.part_mask[:, None, :]
            part_rows += self.part_base[:, None, :]
            # The failed bits one byte each: (leaves, rows, bit), bit j for the leaf's feature j.
            pattern_bytes = np.ascontiguousarray(pattern.T).astype("<u8", copy=False).view(np.uint8)
            pattern_bytes = pattern_bytes.reshape(pattern.shape[1], rows, -1)
            values = np.empty(len(self.feature_of) * rows)  # group by group: (leaves, rows, width)
            start = 0
            for first, last, width, n_parts, table, difference, failed_kernel in self.deep:
                products = table.take(part_rows[:n_parts, :, first:last], axis=0)  # (parts, rows, leaves, points)
                products = np.multiply.reduce(products, axis=0).transpose(1, 0, 2)  # (leaves, rows, points)
                group = values[start:start + (last - first) * rows * width].reshape(last - first, rows, width)
                np.matmul(products, difference, out=group)
                bits = np.unpackbits(pattern_bytes[first:last], axis=2, count=width, bitorder="little")
                group *= bits == 0
                group += np.matmul(products, failed_kernel)
                start += group.size
            sums = np.bincount(self.sum_index(rows), values, minlength=rows * self.n_features + 1)
            out += sums[:-1].reshape(rows, self.n_features)
        return out

    def _walk(self, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, nodes) failed bits and (rows, tables) keys, as :meth:`TreeShap._walk` gives them transposed."""
        rows = len(matrix)
        # Where a split sends missing values left, NaN becomes -inf; elsewhere it stays NaN (see TreeShap._walk).
        values = np.concatenate([matrix, np.where(np.isnan(matrix), -np.inf, matrix)], axis=1)
        went_left = values.take(self.columns, axis=1) <= self.thresholds
        failed = np.empty((rows, self.n_rows), dtype=self.dtype)
        failed[:, : self.n_roots] = 0
        for offset, n, parents, bits, start in self.levels:
            children = failed[:, start:start + 2 * n]
            right = children[:, n:]
            # Going left fails the right child's condition.
            np.multiply(went_left[:, offset:offset + n], bits, out=right)
            np.bitwise_xor(right, bits, out=children[:, :n])
            np.bitwise_or(children, failed.take(parents, axis=1), out=children)
        keys = failed.take(self.table_rows, axis=1)
        if self.n_directed:
            directions = went_left.take(self.direction_columns, axis=1) * self.direction_bits
            keys[:, : self.n_directed] |= np.bitwise_or.reduceat(directions, self.direction_starts, axis=1)
        return failed, keys


def _scaled(keys: np.ndarray, width: np.ndarray, size: int, axis: int) -> np.ndarray:
    """Each table's keys times its width (a key's first value in its table, laid out key by key), in place when
    every index into tables of ``size`` values fits the keys' integers."""
    width = np.expand_dims(width, 1 - axis)
    if size <= np.iinfo(keys.dtype).max:
        return np.multiply(keys, width.astype(keys.dtype), out=keys)
    return keys * width


def _tables_of_leaves(trees: CompiledTrees, paths: dict[int, _Path], leaves: list[int]) -> dict[int, np.ndarray]:
    """Each leaf's (d, 2^d) table (:func:`_leaf_tables`), computed a width at a time."""
    by_width: dict[int, list[int]] = {}
    for n in leaves:
        by_width.setdefault(len(paths[n].features), []).append(n)
    out = {}
    for d, group in by_width.items():
        z = np.array([paths[n].z for n in group], dtype=np.float64).reshape(len(group), d)
        out.update(zip(group, _leaf_tables(z, trees.value[group].astype(np.float64)), strict=True))
    return out


def _subtree(trees: CompiledTrees, root: int) -> list[int]:
    """The nodes under ``root``, breadth first."""
    order = [root]
    for n in order:
        if not trees.is_leaf[n]:
            order.extend((int(trees.left[n]), int(trees.right[n])))
    return order


def _breadth_first(trees: CompiledTrees) -> tuple[np.ndarray, np.ndarray, dict[int, _Path]]:
    """All the trees' nodes breadth first (all roots, then all depth-1 nodes, ...), their depths and paths."""
    order = [int(r) for r in trees.roots.tolist()]
    depth = dict.fromkeys(order, 0)
    paths = {n: _Path((), ()) for n in order}
    for n in order:
        if trees.is_leaf[n]:
            continue
        f, path = int(trees.feature[n]), paths[n]
        slot = path.features.index(f) if f in path.features else len(path.features)
        for child in (int(trees.left[n]), int(trees.right[n])):
            # A node no training sample reached weighs nothing; its children's ratio is then immaterial.
            ratio = float(trees.cover[child] / trees.cover[n]) if trees.cover[n] > 0 else 0.0
            if slot < len(path.features):
                paths[child] = _Path(path.features, path.z[:slot] + (path.z[slot] * ratio,) + path.z[slot + 1:])
            else:
                paths[child] = _Path(path.features + (f,), path.z + (ratio,))
            depth[child] = depth[n] + 1
            order.append(child)
    return np.array(order, dtype=np.intp), np.array([depth[n] for n in order], dtype=np.intp), paths


def _choose_tables(trees: CompiledTrees, nodes: np.ndarray, depth: np.ndarray, paths: dict[int, _Path],
                   table_bytes: int, max_bits: int) -> tuple[list[int], set[int], list[int]]:
    """Which subtrees and leaves get a table. Per tree, the choice that looks up the fewest values per row (a
    table gives one per feature of its subtree, a deep leaf costs :data:`QUADRATURE_COST` per feature), with
    memory priced at ``price`` per byte, ``price`` the least that keeps the tables within ``table_bytes``.

    Returns the tables' roots (breadth first), the splits above them that pass failed bits on, and the leaves
    left to the quadrature.
    """
    index = {n: i for i, n in enumerate(nodes.tolist())}
    leaf = trees.is_leaf[nodes]
    left = np.array([index.get(int(trees.left[n]), -1) for n in nodes.tolist()])
    right = np.array([index.get(int(trees.right[n]), -1) for n in nodes.tolist()])
    # Per node: features on its path, splits under it, and the features its subtree involves (a bit set).
    on_path = np.array([len(paths[n].features) for n in nodes.tolist()])
    splits = np.zeros(len(nodes), dtype=np.int64)
    involved = [0] * len(nodes)
    for i in range(len(nodes) - 1, -1, -1):
        involved[i] = sum(1 << f for f in paths[int(nodes[i])].features)
        if not leaf[i]:
            splits[i] = splits[left[i]] + splits[right[i]] + 1
            involved[i] |= involved[left[i]] | involved[right[i]] | (1 << int(trees.feature[nodes[i]]))
    width = np.array([m.bit_count() for m in involved])
    key_bits = on_path + splits
    fits = (key_bits <= max_bits) & (width > 0)
    memory = np.where(fits, np.exp2(np.minimum(key_bits, 62)) * width * 8.0, 0.0)
    quadrature = np.where(leaf, QUADRATURE_COST * on_path, np.inf)
    levels = [np.flatnonzero(depth == k) for k in range(int(depth.max()) + 1)]

    def solve(price: float) -> tuple[np.ndarray, np.ndarray, float]:
        cost = np.zeros(len(nodes))
        table = np.zeros(len(nodes), dtype=bool)
        for at in reversed(levels):
            apart = np.where(leaf[at], quadrature[at], cost[left[at]] + cost[right[at]])
            whole = np.where(fits[at], width[at] + price * memory[at], np.inf)
            table[at] = whole <= apart
            cost[at] = np.minimum(whole, apart)
        scored = np.zeros(len(nodes), dtype=bool)  # a table root, a leaf left to the quadrature, or above them
        scored[levels[0]] = True
        for at in levels:
            below = at[scored[at] & ~table[at] & ~leaf[at]]
            scored[left[below]] = scored[right[below]] = True
        return table & scored, scored, float(memory[table & scored].sum())

    table, scored, used = solve(0.0)
    if used > table_bytes:
        cheap, dear = 0.0, 1e-9
        while solve(dear)[2] > table_bytes:
            cheap, dear = dear, dear * 10
        for _ in range(40):
            middle = (cheap + dear) / 2
            cheap, dear = (middle, dear) if solve(middle)[2] > table_bytes else (cheap, middle)
        table, scored, used = solve(dear)
    roots = nodes[table].tolist()
    passing = set(nodes[scored & ~table & ~leaf].tolist())
    deep = nodes[scored & ~table & leaf & (on_path > 0)].tolist()
    return roots, passing, deep

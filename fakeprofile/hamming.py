"""Exact Hamming-radius search over 64-bit codes (perceptual hashes of photos) by multi-index hashing.

What it answers
---------------
``HammingIndex(codes, ids).query(code, radius)`` returns the ids and distances of every stored code
within ``radius`` bits of ``code``, sorted by (distance, id). The answer is exact: the tables only
choose which codes to compare, and every code returned was compared bit for bit. It backs the
known-image index (pHashes of stock and previously seen photos), queried at radii up to about 12.

How it searches
---------------
Multi-index hashing (Norouzi, Punjani and Fleet, "Fast search in Hamming space with multi-index
hashing", CVPR 2012):

1. The 64 bits are cut into ``m`` blocks of contiguous bits. Block ``i`` is searched within ``r_i``
   bits, with ``sum(r_i + 1) = r + 1`` (``r // m`` for the first ``r % m + 1`` blocks, one less for
   the others): a code that differed from the query by more than ``r_i`` bits on every block would
   differ by at least ``r + 1`` bits in all, so every code within ``r`` is found through some block.
2. Each block has a table: the codes sorted by their value on the block, the insertion position of
   each, and one offset per possible block value (CSR), so the codes sharing a block value are one
   stretch of memory. The query's block value is XORed with every mask of at most ``r_i`` bits and
   the stretches of all blocks are gathered at once, vectorised.
3. The candidates are compared with the query (popcount of the XOR); those within ``r`` are kept, a
   code found through several blocks once.
4. When the tables would touch more than ``1 / SCAN_RATIO`` as many entries as a scan (a large
   radius, or codes crowding into a few block values), the segment is scanned instead.

Adding codes
------------
The index is a list of immutable segments with their own tables (log-structured merging) and a
buffer that is scanned. ``add`` appends to the buffer; at ``BUFFER_SIZE`` codes the buffer becomes a
segment, merged with the newest segments while they are less than ``GROWTH`` times its size. Segment
sizes therefore fall by a factor of ``GROWTH`` or more from the oldest to the newest, a query visits
at most about ``log(n / BUFFER_SIZE) / log(GROWTH)`` of them, and adding a thousand codes to ten
million rebuilds nothing: the big segment is rebuilt once the codes added after it reach a quarter
of its size.

Why these numbers
-----------------
Measured on one core of a shared two-core machine (``benchmarks/bench_hamming.py``, radius 10):

* Blocks of about ``log2(n)`` bits (the MIH paper's choice; 3 blocks from about 320,000 codes, 4
  below): fewer, wider blocks leave more masks to look up, more blocks more candidates to compare.
  At 10 million codes 3 blocks take 3,588 lookups and compare about 12,800 codes (0.5 ms a query),
  4 blocks 428 lookups and 65,000 codes (0.7 ms), 5 blocks 195,000 codes (1.5 ms); from 1 to 4
  million codes 3 and 4 blocks are within 0.07 ms of each other.
* Each block keeps its own copy of the codes in block order, not only positions into one array of
  codes: a bucket's codes are then read in one stretch instead of with a cache miss each, 0.49
  instead of 0.87 ms a query at 10 million codes (same run), for 44 instead of 28 bytes a code.
* Offsets (CSR) rather than ``np.searchsorted`` on the sorted block values: the 7,200 offset
  lookups of a query at 10 million codes take about 0.1 ms, binary searches for them 3 to 12 ms
  (each of the 23 steps misses the cache).
* ``SCAN_RATIO = 10``: the tables and a scan break even when lookups plus candidates reach about a
  tenth of a segment's codes (measured at 0.25 to 4 million codes, radii 0 to 20). Below
  ``BUFFER_SIZE = 65,536`` codes the tables' fixed cost (about 0.1 ms of numpy calls) is more than
  a scan's, so codes get tables only from there.
* ``GROWTH = 4``: an index grown from empty to 10 million codes a thousand at a time has at most 4
  segments and built each code about 7 times (``GROWTH = 2``: 7 segments, 4 times; 8: 3 and 10).

Speed and memory
----------------
At 10 million uniform random codes a query at radius 10 takes a median of 0.47 ms (p99 0.7 ms; a
numpy scan, 47 ms), at radius 12 about 1.3 ms; at 1 million codes, 0.3 ms (scan 2.3 ms). Clustered
codes (noisy copies of 4,000 centres) take as long but for the results themselves (a query among
2,500 copies of one photo takes about 1 ms). Building takes about 0.3 s per million codes. Memory
is ``12 m + 8`` bytes a code (codes and int32 positions per block, ids) and ``4 * 2**bits`` bytes of
offsets per block: 452 MiB for 10 million codes, 74 MiB for 1 million.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping

import numpy as np

__all__ = ["BUFFER_SIZE", "GROWTH", "SCAN_RATIO", "HammingIndex", "block_layout", "block_values", "hamming_distances",
           "popcount"]

#: Codes are scanned until this many have been added since the last build; then they get tables.
BUFFER_SIZE = 1 << 16
#: A new segment is merged with the newest existing ones while they are less than this times its size.
GROWTH = 4
#: A segment's tables are used while they touch fewer than ``n / SCAN_RATIO`` entries; otherwise a scan.
SCAN_RATIO = 10
_MIN_BLOCKS, _MAX_BLOCKS = 3, 16  # blocks of 4 to 22 bits: offsets tables of at most 2**22 entries
_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _popcount_table(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 in a 1-D array (uint8), counted per byte from a table."""
    return _BYTE_BITS[np.ascontiguousarray(x).view(np.uint8)].reshape(-1, 8).sum(axis=1, dtype=np.uint8)


# np.bitwise_count is numpy >= 2.0.
popcount = getattr(np, "bitwise_count", _popcount_table)
"""Set bits of each uint64 of an array (``np.bitwise_count``, or a table on numpy 1.x)."""


def block_layout(n_blocks: int) -> list[tuple[int, int]]:
    """(shift, width) of ``n_blocks`` contiguous blocks that cut the 64 bits of a code, lowest bits
    first, their widths differing by at most one."""
    widths = [64 // n_blocks + (i < 64 % n_blocks) for i in range(n_blocks)]
    return [(sum(widths[:i]), width) for i, width in enumerate(widths)]


def block_values(codes: np.ndarray, shift: int, width: int) -> np.ndarray:
    """Each code's value on the block of ``width`` bits starting at bit ``shift`` (uint64)."""
    return (codes >> np.uint64(shift)) & np.uint64((1 << width) - 1)


def _as_code(code: int | np.integer) -> np.uint64:
    if isinstance(code, bool | np.bool_) or not isinstance(code, int | np.integer):
        raise ValueError(f"a code must be an integer, got {type(code).__name__}")
    if not 0 <= int(code) < 1 << 64:
        raise ValueError(f"a code must be in [0, 2**64), got {code}")
    return np.uint64(int(code))


def _as_codes(codes: np.ndarray) -> np.ndarray:
    arr = np.asarray(codes)
    if arr.ndim != 1:
        raise ValueError(f"codes must be a 1-D array, got shape {arr.shape}")
    if arr.size == 0:
        return np.empty(0, np.uint64)
    if arr.dtype.kind not in "iu":
        raise ValueError(f"codes must be unsigned 64-bit integers, got dtype {arr.dtype}")
    if arr.dtype.kind == "i" and arr.min() < 0:
        raise ValueError("codes must be unsigned 64-bit integers, got a negative value")
    return arr.astype(np.uint64, copy=False)


def _as_ids(ids: np.ndarray, n: int) -> np.ndarray:
    arr = np.asarray(ids)
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(f"ids must be a 1-D array as long as codes ({n}), got shape {arr.shape}")
    if arr.size and not (arr.dtype.kind in "iu" and np.can_cast(arr.dtype, np.int64)):
        raise ValueError(f"ids must be 64-bit signed integers, got dtype {arr.dtype}")
    return arr.astype(np.int64, copy=False)


def _check_int(value: int, name: str, low: int, high: int) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def hamming_distances(code: int | np.integer, codes: np.ndarray) -> np.ndarray:
    """Hamming distance from ``code`` to each of ``codes``, by brute force.

    Parameters
    ----------
    code : int or numpy integer
        A 64-bit code, in ``[0, 2**64)``.
    codes : array of shape (n,)
        Codes, unsigned integers (signed ones must be non-negative).

    Returns
    -------
    numpy.ndarray
        uint8 array of shape (n,).
    """
    return popcount(np.bitwise_xor(_as_codes(codes), _as_code(code)))


def _scan(codes: np.ndarray, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray]:
    distances = popcount(codes ^ q)
    positions = np.flatnonzero(distances <= radius)
    return positions, distances[positions]


def _auto_blocks(n: int) -> int:
    """Blocks of about log2(n) bits (Norouzi et al.), within the supported range."""
    return min(max(round(64 / math.log2(max(n, 2))), _MIN_BLOCKS), _MAX_BLOCKS)


def _n_masks(width: int, radius: int) -> int:
    return sum(math.comb(width, k) for k in range(radius + 1))


@functools.cache
def _masks(width: int, radius: int) -> np.ndarray:
    """Every ``width``-bit value with at most ``radius`` bits set (int64)."""
    return np.array(
        [sum(1 << b for b in bits) for k in range(radius + 1) for bits in itertools.combinations(range(width), k)],
        dtype=np.int64,
    )


class _Segment:
    """Codes and their multi-index tables, built once and never changed.

    Per block, flat over the blocks: the codes sorted by their value on the block (a bucket's codes are
    read in one stretch), the insertion position of each (to find its id), and the offsets of each
    block value's bucket.
    """

    def __init__(self, codes: np.ndarray, ids: np.ndarray, n_blocks: int) -> None:
        n = len(codes)
        self.ids = ids
        layout = block_layout(n_blocks)
        self.shifts, self.widths = [shift for shift, _ in layout], [width for _, width in layout]
        self.bases = [sum((1 << w) + 1 for w in self.widths[:i]) for i in range(n_blocks)]
        dtype = np.int32 if n_blocks * n < 1 << 31 else np.int64
        orders, offsets = [], []
        for i, (shift, width) in enumerate(zip(self.shifts, self.widths, strict=True)):
            values = block_values(codes, shift, width)
            # Sorting (value, position) packed in one uint64 is several times faster than an argsort.
            packed = np.sort((values << np.uint64(64 - width)) | np.arange(n, dtype=np.uint64))
            orders.append((packed & np.uint64((1 << (64 - width)) - 1)).astype(dtype))
            counts = np.bincount(values.astype(np.intp), minlength=1 << width)
            offsets.append(np.concatenate([[0], np.cumsum(counts)]).astype(dtype) + i * n)
        self.order = np.concatenate(orders)
        self.sorted_codes = codes[self.order]
        self.offsets = np.concatenate(offsets)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def codes(self) -> np.ndarray:
        """The codes in insertion order (a new array)."""
        codes = np.empty(len(self), np.uint64)
        codes[self.order[: len(self)]] = self.sorted_codes[: len(self)]
        return codes

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.order.nbytes + self.sorted_codes.nbytes + self.offsets.nbytes

    def search(self, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray, int]:
        """Insertion positions and distances (uint8) of the codes within ``radius`` of ``q``, in no
        order, and how many codes were compared."""
        n, m = len(self), len(self.widths)
        base_radius, wider = divmod(radius, m)
        radii = [base_radius if i <= wider else base_radius - 1 for i in range(m)]
        n_lookups = sum(_n_masks(w, r) for w, r in zip(self.widths, radii, strict=True))
        if n_lookups * SCAN_RATIO >= n:
            return *self.scan(q, radius), n
        qi = int(q)
        keys = np.concatenate([
            base + (((qi >> shift) & ((1 << width) - 1)) ^ _masks(width, r))
            for base, shift, width, r in zip(self.bases, self.shifts, self.widths, radii, strict=True)
        ])
        starts, ends = self.offsets[keys], self.offsets[keys + 1]
        counts = ends - starts
        cumulative = np.cumsum(counts)
        total = int(cumulative[-1])
        if (n_lookups + total) * SCAN_RATIO >= n:
            return *self.scan(q, radius), n
        # The buckets [start, end) laid end to end, without a Python loop.
        slots = np.repeat(ends - cumulative, counts) + np.arange(total)
        distances = popcount(self.sorted_codes[slots] ^ q)
        near = distances <= radius
        # A code within radius of the query on several blocks was found once per block.
        positions, first = np.unique(self.order[slots[near]], return_index=True)
        return positions, distances[near][first], total

    def scan(self, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray]:
        """Insertion positions and distances (uint8) of the codes within ``radius`` of ``q``, comparing all."""
        slots, distances = _scan(self.sorted_codes[: len(self)], q, radius)
        return self.order[slots], distances


class HammingIndex:
    """Exact Hamming-radius search over 64-bit codes, by multi-index hashing.

    Parameters
    ----------
    codes : array of shape (n,), optional
        Codes, unsigned integers (uint64; signed ones must be non-negative).
    ids : array of shape (n,), optional
        An int64 id per code (duplicates allowed); default ``arange(n)``.
    n_blocks : int, optional
        Blocks the 64 bits are cut into (3 to 16); default: blocks of about ``log2`` of each
        segment's size in bits.

    Notes
    -----
    Not thread-safe for ``add`` concurrent with queries.
    """

    def __init__(
        self, codes: np.ndarray | None = None, ids: np.ndarray | None = None, *, n_blocks: int | None = None
    ) -> None:
        if codes is None and ids is not None:
            raise ValueError("ids given without codes")
        self._n_blocks = None if n_blocks is None else _check_int(n_blocks, "n_blocks", _MIN_BLOCKS, _MAX_BLOCKS)
        self._segments: list[_Segment] = []
        self._buffer_codes = np.empty(0, np.uint64)
        self._buffer_ids = np.empty(0, np.int64)
        if codes is not None:
            self.add(codes, ids)

    def __len__(self) -> int:
        return sum(len(s) for s in self._segments) + len(self._buffer_codes)

    @property
    def codes(self) -> np.ndarray:
        """Every stored code (uint64), in the order added; a copy."""
        return np.concatenate([*(s.codes for s in self._segments), self._buffer_codes])

    @property
    def ids(self) -> np.ndarray:
        """The id of each stored code (int64), in the order added; a copy."""
        return np.concatenate([*(s.ids for s in self._segments), self._buffer_ids])

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays (codes, ids and tables)."""
        return sum(s.nbytes for s in self._segments) + self._buffer_codes.nbytes + self._buffer_ids.nbytes

    def add(self, codes: np.ndarray, ids: np.ndarray | None = None) -> None:
        """Add codes (and their ids; default: consecutive, after the last position) without rebuilding.

        Parameters
        ----------
        codes : array of shape (k,)
            Codes, unsigned integers.
        ids : array of shape (k,), optional
            Their int64 ids; default ``arange(len(self), len(self) + k)``.
        """
        codes = _as_codes(codes)
        ids = np.arange(len(self), len(self) + len(codes), dtype=np.int64) if ids is None else _as_ids(ids, len(codes))
        self._buffer_codes = np.concatenate([self._buffer_codes, codes])
        self._buffer_ids = np.concatenate([self._buffer_ids, ids])
        if len(self._buffer_codes) >= BUFFER_SIZE:
            self._flush()

    def _flush(self) -> None:
        """Give the buffer tables, merged with the newest segments that are not much bigger."""
        codes, ids = self._buffer_codes, self._buffer_ids
        while self._segments and len(self._segments[-1]) < GROWTH * len(codes):
            older = self._segments.pop()
            codes, ids = np.concatenate([older.codes, codes]), np.concatenate([older.ids, ids])
        self._segments.append(_Segment(codes, ids, self._n_blocks or _auto_blocks(len(codes))))
        self._buffer_codes = np.empty(0, np.uint64)
        self._buffer_ids = np.empty(0, np.int64)

    def query(self, code: int | np.integer, radius: int) -> tuple[np.ndarray, np.ndarray]:
        """Every stored code within ``radius`` bits of ``code``.

        Parameters
        ----------
        code : int or numpy integer
            The query, in ``[0, 2**64)``.
        radius : int
            0 to 64 bits.

        Returns
        -------
        ids, distances : numpy.ndarray
            int64 arrays, sorted by distance then id; a code stored twice is returned twice.
        """
        return self._query(_as_code(code), _check_int(radius, "radius", 0, 64))[:2]

    def query_many(self, codes: np.ndarray, radius: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`query` for each of ``codes``."""
        codes, radius = _as_codes(codes), _check_int(radius, "radius", 0, 64)
        return [self._query(q, radius)[:2] for q in codes]

    def n_compared(self, code: int | np.integer, radius: int) -> int:
        """How many stored codes :meth:`query` compares bit by bit (a code found through two blocks counts
        twice), to see what a query costs."""
        return self._query(_as_code(code), _check_int(radius, "radius", 0, 64))[2]

    def _query(self, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray, int]:
        found = [(s.ids, *s.search(q, radius)) for s in self._segments]
        found.append((self._buffer_ids, *_scan(self._buffer_codes, q, radius), len(self._buffer_codes)))
        ids = np.concatenate([seg_ids[positions] for seg_ids, positions, _, _ in found])
        distances = np.concatenate([d for _, _, d, _ in found]).astype(np.int64)
        order = np.lexsort((ids, distances))
        return ids[order], distances[order], sum(c for *_, c in found)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """``codes``, ``ids`` and ``n_blocks`` (0: automatic) as plain arrays, for ``np.savez``."""
        return {"codes": self.codes, "ids": self.ids, "n_blocks": np.array(self._n_blocks or 0, dtype=np.int64)}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> HammingIndex:
        """The index :meth:`to_arrays` describes (tables rebuilt), after checking the arrays.

        Raises
        ------
        ValueError
            An array is missing, has the wrong dtype or number of dimensions, or codes and ids
            differ in length.
        """
        missing = sorted({"codes", "ids", "n_blocks"} - set(arrays))
        if missing:
            raise ValueError(f"missing arrays: {', '.join(missing)}")
        codes, ids, n_blocks = (np.asarray(arrays[k]) for k in ("codes", "ids", "n_blocks"))
        for name, arr, dtype in (("codes", codes, np.uint64), ("ids", ids, np.int64)):
            if arr.ndim != 1 or arr.dtype != dtype:
                raise ValueError(f"{name} must be a 1-D {np.dtype(dtype)} array, got {arr.ndim}-D {arr.dtype}")
        if len(codes) != len(ids):
            raise ValueError(f"codes and ids differ in length: {len(codes)} and {len(ids)}")
        if n_blocks.ndim != 0 or n_blocks.dtype.kind not in "iu":
            raise ValueError(f"n_blocks must be an integer scalar, got {n_blocks.ndim}-D {n_blocks.dtype}")
        return cls(codes, ids, n_blocks=int(n_blocks) or None)

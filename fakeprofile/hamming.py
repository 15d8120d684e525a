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

1. The 64 bits are cut into ``m`` blocks of contiguous bits (3 unless ``n_blocks`` says otherwise).
   Block ``i`` is searched within ``r_i`` bits, with ``sum(r_i + 1) = r + 1`` (``r // m`` for the
   first ``r % m + 1`` blocks, one less for the others): a code that differed from the query by more
   than ``r_i`` bits on every block would differ by at least ``r + 1`` bits in all, so every code
   within ``r`` is found through some block. Bits in no block are compared all the same.
2. The codes are stored once, sorted by their value on the first block (the primary one), each as a
   uint64 word: the code's other ``64 - w0`` bits above the low ``w0`` bits of its insertion
   position. The primary block's own bits need no room: the bucket a word lies in says them. The
   position's higher bits, if any, are kept in bit planes (3 bits a code at 10 million codes). Each
   other block has a table of pointers to the words (slots: the low 16 bits in a uint16, the others
   in a uint8; 3 bytes a code), sorted by the code's value on the block. One offsets table gives the
   stretch of every block value's bucket, of words or of pointers (a uint32 for each group of 16
   values and a uint8 for each value; a group of more than 254 entries keeps its 16 offsets in full).
3. The query's value on each block is XORed with every mask of at most ``r_i`` bits, and the buckets
   of all blocks are gathered at once, vectorised. A word met through the primary block is within
   the mask's weight plus the popcount of its other bits. A code met through another block is new
   only if its primary block differs from the query's by more than ``r_0`` bits, so its other bits
   must be within ``r - r_0 - 1``: checked on the word alone, which leaves a handful of codes whose
   primary value is read back from the offsets (a binary search) and compared in full. A code met
   through several of the other blocks is kept from the first of them only (in Python), or once among
   the candidates sorted by slot (with numpy). When many pass (the query sits among near copies), those
   lying in the primary block's buckets (met there already) are dropped first, by their slots alone,
   taken in slot order. Up to ``_FEW_CODES`` candidates left after the checks on their words are
   finished in Python (the typical query: a few); beyond, each kind (met through the primary block,
   or through the others) is finished with numpy when it has more than ``_FEW_CODES``, else in Python.
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
Measured on one core of a shared two-core machine (CPU time; ``benchmarks/bench_hamming.py``, radius 10):

* One copy of the codes and two tables of pointers: 150 MiB at 10 million codes (twice faiss'
  ``IndexBinaryFlat``, 76 MiB) is 15.7 bytes a code, ids included. The words take 8 bytes and each
  table of pointers 3, which leaves 1.7 bytes for the offsets and the position planes (1.4 at 10
  million codes). The layout before this one (each block's own sorted copy of the codes and an int32
  position, int64 ids: 44 bytes a code, 452 MiB at 10 million codes) answered a query 1.7 times as
  fast (0.28 against 0.48 ms, same run): a code met through a pointer costs two more cache misses
  (the pointer, then the word) than one read from a block's own copy.
* Widths: the primary block has about ``log2(n) - 2`` bits (21 at 10 million codes: 4.8 codes a
  bucket), the other two share the remaining bits, up to one more each (22 and 21). At 10 million
  codes, same run, with 2-byte offsets then: (21, 22, 21) 0.45 ms a query, (22, 21, 21) 0.51 ms,
  (21, 21, 21) 0.54 ms, (22, 21, 20) 0.55 ms. Wider pointer blocks pay most, as every code met
  through them is a random read, when a primary bucket's words are read in one stretch.
* Radii: the primary block gets the wider radius ((3, 3, 2) at radius 10). With three blocks of 21
  bits, giving it 4 (4, 2, 2) looks up 7,500 primary buckets instead of 1,600 and compares 38,000
  codes instead of 16,000: 1.6 times as long.
* Offsets as a uint8 for each value and a uint32 for each group of 16 (1.25 bytes a value, 10.5 MiB
  at 10 million codes) rather than a uint16 and an int64 for each group of 256 (2 bytes, 16.8 MiB):
  the difference is what makes room for the 22-bit block. A group of 16 values of 10 million uniform
  codes holds at most 117 entries; clustered codes crowd about 4,000 groups a block past 254, which
  keep their offsets in full (0.8 MiB in all).
* Pointers split into a uint16 and a uint8 array: 9,000 of them (in 1,800 buckets) are gathered in
  0.12 ms, from a uint32 array in 0.08 ms (but 19 MiB more at 10 million codes), from a 3-byte
  structured array in 0.33 ms.
* The check of a word's other bits before its primary value is looked up: of the 5,400 codes a query
  meets through the pointers at 10 million codes, about 9 pass it. Looking up the primary value of
  all of them took 0.28 ms a query.
* Offsets rather than ``np.searchsorted`` on the sorted block values: the 7,200 offset lookups of a
  query at 10 million codes take about 0.1 ms, binary searches for them 3 to 12 ms (each of the 23
  steps misses the cache).
* Finishing the last candidates in Python up to ``_FEW_CODES = 48``: numpy's fixed cost is a call's
  and, after the gathers of a query have evicted from the caches what numpy and the interpreter use,
  several microseconds a call. Same candidates, captured from queries on 10 million clustered codes
  (CPU time, caches flushed before each): up to 8 candidates 35 us in Python against 82 with numpy,
  33 to 48 candidates 88 against 106, 49 to 64 candidates 199 against 135. Queries finding nothing
  return before either.
* Dropping the codes met through the other blocks that lie in the primary block's buckets, by slot
  (``_in_buckets``: a binary search among the primary lookups' bounds), when more than ``_MANY = 64``
  pass the check on their words: for a query among near copies (10 million clustered codes, queries
  finding more than 1,000) that leaves about 200 of 3,300 codes whose primary value is looked up.
  They are taken in slot order (an argsort first): ``np.searchsorted`` on sorted keys walks the same
  paths, 2,300 keys among 1,600 bounds in 28 us rather than 118 (warm caches; the argsort costs about
  15), 700 slots' groups among the offsets in 87 us rather than 152 (cold). With numpy, the rest are
  then sorted by slot, which also makes a code met through both other blocks two neighbours, one of
  them dropped: fewer calls than checking each code's other block.
* Each kind of candidate finished its own way: a near-copy query often meets hundreds of codes through
  the primary block and a few through the others, whose primary values a dozen numpy calls cost more
  to read than Python does. The primary block's distances, computed to leave fewer candidates, are
  kept rather than computed again.
* Results sorted as one int64 key (``distance << 56 | id - smallest id``) when there are more than
  ``_FEW_CODES`` and the ids span less than 2**56: a query finding 2,400 codes sorts them in about a
  third of ``np.lexsort``'s time.
* ``SCAN_RATIO = 4``: tables and a scan break even when lookups plus candidates reach 0.15 (4
  million codes) to 0.6 (250,000) of a segment's codes, measured at radii 12 to 22 (a scan rebuilds
  the primary block's bits from the offsets, so it costs more than a scan of plain codes). Below
  ``BUFFER_SIZE = 65,536`` codes the tables' fixed cost (about 0.1 ms of numpy calls) is more than
  a scan's, so codes get tables only from there (measured with the previous layout).
* ``GROWTH = 4``: an index grown from empty to 10 million codes a thousand at a time has at most 4
  segments and built each code about 7 times (``GROWTH = 2``: 7 segments, 4 times; 8: 3 and 10).
* Building sorts (block value, position) packed in one uint64 (numpy's vectorised sort) three times,
  in place where it can: every new array of 80 MB costs page faults. At 10 million codes that is
  0.8 to 0.9 s of user CPU; the system's time for fresh memory adds 0.1 s, or up to 1.4 s for a
  process's first big build, when the kernel has to find huge pages.

Speed and memory
----------------
At 10 million uniform random codes a query at radius 10 takes a median of 0.47 to 0.50 ms (p99
0.73 to 0.77 ms; faiss' ``IndexBinaryFlat`` range search 13.5 to 13.7 ms; two runs of the benchmark on
a loaded machine, where the layout before the Python finishing took 0.52 to 0.56 ms), at 1 million
codes 0.2 ms (faiss 0.55 ms). Clustered codes (noisy copies of 4,000 centres) take 0.45 to 0.52 ms
(p99 1.05 to 1.23 ms; in runs taken in turn with them, the code before each kind of candidate was
finished its own way 0.50 to 0.52 ms, p99 1.31 to 1.33; on a busier machine 0.59 to 0.63, p99 1.5
to 1.7): half the queries are near copies
that find about 1,800 codes each, so the median is the slowest of the other half or the quickest
of these. Building 10 million codes takes 1.5 to 1.8 s
of CPU (faiss 0.04 s; the previous layout 2.3 to 3.9 s). Memory is 8 bytes a code for the words,
3 for each block's pointers (2 up to 65,536 codes), a bit for each bit of the position beyond the
primary block's width, and about 1.25 bytes for each block value: 147 MiB for 10 million codes
(15.4 bytes a code; faiss 76 MiB, the previous layout 452 MiB), 15.2 MiB for 1 million. Ids take
nothing when they are consecutive (the known-image index's are), else 4 or 8 bytes a code. A build
of 10 million codes needs about 390 MiB more at its peak (``tracemalloc``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

__all__ = ["BUFFER_SIZE", "GROWTH", "SCAN_RATIO", "HammingIndex", "block_layout", "block_values", "hamming_distances",
           "popcount"]

#: Codes are scanned until this many have been added since the last build; then they get tables.
BUFFER_SIZE = 1 << 16
#: A new segment is merged with the newest existing ones while they are less than this times its size.
GROWTH = 4
#: A segment's tables are used while they touch fewer than ``n / SCAN_RATIO`` entries; otherwise a scan.
SCAN_RATIO = 4
_MIN_BLOCKS, _MAX_BLOCKS, _AUTO_BLOCKS = 3, 16, 3
_MIN_WIDTH, _MAX_WIDTH = 4, 22  # the primary block's; offsets tables of at most 2**23 entries
_GROUP_BITS = 4  # offsets: a uint32 for each group of 16 values, a uint8 for each value
_GROUP = 1 << _GROUP_BITS
_WIDE = 0xFF  # a value's offset within its group when the group's offsets are kept in full
_PLAIN_OFFSETS = 1 << 32  # tables of this many entries or more keep plain int64 offsets
_FEW = 4096  # a scan: up to this many slots, their primary values are searched for; beyond, laid out
_FEW_CODES = 48  # up to this many candidates left after the checks on their words: finished in Python
_MANY = 64  # more codes than this met through the other blocks: those met through the primary block dropped first
_MAX_LOOKUPS = 1 << 20  # more than that: a scan, whatever the segment's size
_MASK64 = (1 << 64) - 1
_ID_BITS = 56  # results are sorted by distance << _ID_BITS | (id - smallest id) when the ids span less
_COUNTING = [np.arange(0)]  # 0, 1, 2, ...: read by _counting, grown as needed
_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _popcount_table(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 in a 1-D array (uint8), counted per byte from a table."""
    return _BYTE_BITS[np.ascontiguousarray(x).view(np.uint8)].reshape(-1, 8).sum(axis=1, dtype=np.uint8)


# np.bitwise_count is numpy >= 2.0.
popcount = getattr(np, "bitwise_count", _popcount_table)
"""Set bits of each uint64 of an array (``np.bitwise_count``, or a table on numpy 1.x)."""


def _counting(k: int) -> np.ndarray:
    """``arange(k)`` (int64, read-only), from one array kept for every query rather than filled each time."""
    counting = _COUNTING[0]  # one read: another thread may swap the array meanwhile
    if len(counting) < k:
        counting = np.arange(max(k, 2 * len(counting)))
        counting.flags.writeable = False
        _COUNTING[0] = counting
    return counting[:k]


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


def _widths(n: int, n_blocks: int | None) -> list[int]:
    """Widths of the blocks of a segment of ``n`` codes, the primary block's first.

    The primary block has about ``log2(n) - 2`` bits (a bucket holds 3 to 6 codes, and the offsets take
    about a third of a byte a code), at most ``64 / n_blocks``; the other blocks, 2 unless ``n_blocks``
    says otherwise, share the other bits, up to one more bit each. Bits left out of every block are
    compared but not indexed.
    """
    m = n_blocks or _AUTO_BLOCKS
    width = min(max(round(math.log2(max(n, 2))) - 2, _MIN_WIDTH), _MAX_WIDTH, -(-64 // m))
    covered = min(64 - width, (m - 1) * (width + 1))
    return [width, *(covered // (m - 1) + (i < covered % (m - 1)) for i in range(m - 1))]


def _radii(radius: int, n_blocks: int) -> list[int]:
    """Radius of each block (-1: not looked up), with ``sum(r_i + 1) = radius + 1``, the wider ones first."""
    base, wider = divmod(radius, n_blocks)
    return [base if i <= wider else base - 1 for i in range(n_blocks)]


def _n_masks(width: int, radius: int) -> int:
    return sum(math.comb(width, k) for k in range(radius + 1))


@functools.cache
def _masks(width: int, radius: int) -> np.ndarray:
    """Every ``width``-bit value with at most ``radius`` bits set (int64), fewest bits first."""
    return np.array(
        [sum(1 << b for b in bits) for k in range(radius + 1) for bits in itertools.combinations(range(width), k)],
        dtype=np.int64,
    )


def _compact_ids(ids: np.ndarray) -> tuple[int, np.ndarray | None]:
    """``(start, None)`` when the ids are ``start, start + 1, ...`` (nothing to store); otherwise ``(0, ids)``,
    uint32 when they fit, else int64."""
    n = len(ids)
    chunk = 1 << 20  # checked a chunk at a time: no temporary as big as the ids
    if all(np.array_equal(ids[i : i + chunk], np.arange(ids[0] + i, ids[0] + min(i + chunk, n), dtype=np.int64))
           for i in range(0, n, chunk)):
        return (int(ids[0]) if n else 0), None
    if ids.min() >= 0 and ids.max() < 1 << 32:
        return 0, ids.astype(np.uint32)
    return 0, ids.astype(np.int64, copy=True)


class _Offsets:
    """Where each value's bucket starts in a table sorted by value, in about 1.25 bytes a value.

    ``start(k) = base[k >> 4] + rel[k]``: a uint32 for each group of 16 values (where the group starts)
    and a uint8 for each value. A group holding more than 254 entries (codes crowding into a few block
    values) has ``rel`` 255 and its 16 starts in full in a row of ``wide``.
    """

    def __init__(self, counts: list[np.ndarray]) -> None:
        self.size = sum(len(c) for c in counts) + 1
        total = sum(int(c.sum()) for c in counts)
        # The starts of the values of each group as a row (the last group padded with the table's end).
        groups = np.full((-(-self.size // _GROUP), _GROUP), total, np.uint32 if total < _PLAIN_OFFSETS else np.int64)
        flat = groups.reshape(-1)
        flat[0], done = 0, 1
        for c in counts:
            flat[done : done + len(c)] = c
            done += len(c)
        np.cumsum(flat[: self.size], out=flat[: self.size])
        if groups.dtype == np.int64:
            self.base, self.rel = flat[: self.size].copy(), None  # too many entries for uint32: plain int64
            return
        self.base = groups[:, 0].copy()
        groups -= self.base[:, None]
        self.wide_groups = np.flatnonzero(groups[:, -1] >= _WIDE)
        self.wide = groups[self.wide_groups] + self.base[self.wide_groups, None]
        groups[self.wide_groups] = _WIDE
        self.rel = flat.astype(np.uint8)

    @property
    def nbytes(self) -> int:
        if self.rel is None:
            return self.base.nbytes
        return self.base.nbytes + self.rel.nbytes + self.wide.nbytes + self.wide_groups.nbytes

    def start(self, keys: np.ndarray) -> np.ndarray:
        """Where the bucket of each value in ``keys`` starts (int64)."""
        if self.rel is None:
            return self.base[keys]
        rel = self.rel[keys]
        starts = np.add(self.base[keys >> _GROUP_BITS], rel, dtype=np.int64)
        if not len(self.wide_groups):  # no crowded group (uniform codes)
            return starts
        wide = np.nonzero(rel == _WIDE)
        if len(wide[0]):
            rows = np.searchsorted(self.wide_groups, keys[wide] >> _GROUP_BITS)
            starts[wide] = self.wide[rows, keys[wide] & (_GROUP - 1)]
        return starts

    def laid_out(self, n_values: int) -> np.ndarray:
        """The value (int64) whose bucket holds each entry of the first ``n_values`` values' buckets."""
        return np.repeat(np.arange(n_values), np.diff(self.start(np.arange(n_values + 1))))

    def locate_few(self, slots: np.ndarray) -> list[int]:
        """:meth:`locate` for a handful of slots, the search within groups in Python: fewer numpy calls."""
        if self.rel is None:
            return self.locate(slots).tolist()
        base, rel = memoryview(self.base), memoryview(self.rel)
        values = []
        for slot, group in zip(slots.tolist(), np.searchsorted(self.base, slots.astype(self.base.dtype),
                                                               side="right").tolist(), strict=True):
            first = (group - 1) * _GROUP
            if rel[first] == _WIDE:
                row = self.wide[np.searchsorted(self.wide_groups, group - 1)].tolist()
                values.append(first + bisect.bisect_right(row, slot) - 1)
            else:
                within = slot - base[group - 1]
                values.append(first + bisect.bisect_right(rel, within, first, first + _GROUP) - first - 1)
        return values

    def locate(self, slots: np.ndarray) -> np.ndarray:
        """The value whose bucket holds each of ``slots`` (int64)."""
        if self.rel is None:
            return np.searchsorted(self.base, slots, side="right") - 1
        # The group of each slot (the last one starting at or before it), then how many of its 16 values
        # start at or before the slot: one row of ``rel`` a slot, whatever their number (a crowded
        # bucket's slots all land in one wide group).
        groups = np.searchsorted(self.base, slots.astype(self.base.dtype), side="right") - 1
        rows = self.rel.reshape(-1, _GROUP)[groups]
        before = (rows <= (slots - self.base[groups])[:, None]).sum(axis=1)
        wide = np.flatnonzero(rows[:, 0] == _WIDE)  # a group's first value starts at 0 unless it is wide
        if len(wide):
            starts = self.wide[np.searchsorted(self.wide_groups, groups[wide])]
            before[wide] = (starts <= slots[wide, None]).sum(axis=1)
        return (groups << _GROUP_BITS) + before - 1


class _Plan(NamedTuple):
    """What a query at one radius looks up in a segment whose blocks have given widths.

    ``masks`` is every block's masks end to end (each block's fewest bits first), twice: a lookup's entries
    start where its value's bucket starts and end where the next value's starts, so the offsets of
    ``(value ^ mask) + base`` and of the same plus one are read in one call, ``bases`` holding the one.
    None when there are more than ``_MAX_LOOKUPS`` lookups (a scan is cheaper).
    """

    radii: list[int]
    n_lookups: int
    masks: np.ndarray | None  # int64, 2 * n_lookups
    sizes: list[int]  # how many masks each block has, twice
    bases: np.ndarray | None  # where its block's values start in the offsets (plus one in the second half)
    block_ends: list[int]  # where each block's lookups end
    weight_ends: np.ndarray  # where the primary block's lookups of each weight end
    # For each other block but the last that is looked up: its index, then its shift and mask in a code's bits
    # but the primary block's, and its radius. A code met through a later block was met through this one too
    # when it is within that radius there.
    later_blocks: list[tuple[int, tuple[int, int, int]]]


@functools.cache
def _plan(widths: tuple[int, ...], radius: int) -> _Plan:
    """What a query at ``radius`` looks up in a segment whose blocks have these widths."""
    radii = _radii(radius, len(widths))
    sizes = [_n_masks(w, r) for w, r in zip(widths, radii, strict=True)]
    n_lookups = sum(sizes)
    block_ends = np.cumsum(sizes).tolist()
    weight_ends = np.cumsum([math.comb(widths[0], k) for k in range(radii[0] + 1)])
    shifts = np.cumsum([0, *widths[1:]]).tolist()
    later_blocks = [(j, (shifts[j - 1], (1 << widths[j]) - 1, radii[j]))
                    for j in range(1, len(widths) - 1) if radii[j] >= 0]
    if n_lookups > _MAX_LOOKUPS:
        return _Plan(radii, n_lookups, None, sizes * 2, None, block_ends, weight_ends, later_blocks)
    masks = np.concatenate([_masks(w, r) for w, r in zip(widths, radii, strict=True)])
    bases = np.repeat(np.cumsum([0, *(1 << w for w in widths[:-1])]), sizes)
    return _Plan(radii, n_lookups, np.tile(masks, 2), sizes * 2, np.concatenate([bases, bases + 1]),
                 block_ends, weight_ends, later_blocks)


def _in_buckets(slots: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each of ``slots`` lies in one of the disjoint stretches ``[starts[i], ends[i])``.

    A slot is in one when fewer stretches end at or before it than start at or before it: when the k-th
    smallest end, k the number of starts at or before the slot, is after it. One binary search a slot.
    """
    ends = np.concatenate([[0], np.sort(ends)])
    return ends[np.searchsorted(np.sort(starts), slots, side="right")] > slots


def _first_of_runs(values: np.ndarray) -> np.ndarray:
    """Whether each of sorted ``values`` differs from the one before it (the first of each run of equal ones)."""
    first = np.empty(len(values), bool)
    first[:1] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return first


def _as_arrays(found: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(slot, word, distance) triples as arrays of slots (int64), words (uint64) and distances (int64)."""
    slots, words, distances = zip(*found, strict=True) if found else ((), (), ())
    return np.array(slots, np.int64), np.array(words, np.uint64), np.array(distances, np.int64)


class _Query(NamedTuple):
    """A query as a segment reads it."""

    block0: int  # its value on the primary block
    rest: int  # its other bits
    word: np.uint64  # its other bits where a word keeps them (above the low w0 bits)
    radius: int


class _Candidates(NamedTuple):
    """Codes met through some lookups: ``found`` indexes the others (where they were met among the lookups'
    entries; slots, words, ``rest``: the code's bits but the primary block's XOR the query's, and ``counts``:
    their set bits)."""

    found: np.ndarray
    slots: np.ndarray
    words: np.ndarray
    rest: np.ndarray
    counts: np.ndarray
    distances: np.ndarray | None = None  # of the primary block's ``found`` when they are many, else None


def _pointer_high_dtype(n: int) -> type[np.unsignedinteger] | None:
    """The dtype of a pointer's bits above its low 16 into a segment of ``n`` codes (None: there are none)."""
    return None if n <= 1 << 16 else np.uint8 if n <= 1 << 24 else np.uint16


class _Segment:
    """Codes and their multi-index tables, built once and never changed.

    The first block is the primary one. The codes are stored once, sorted by their value on it, as one
    uint64 word each: the code's other ``64 - w0`` bits above the low ``w0`` bits of its insertion
    position. The block's own bits are implied by the bucket a word is in (read back from the offsets
    when needed) and the position's higher bits, if any, are kept in bit planes. Each other block has a
    table of pointers to the words (slots, 2 or 3 bytes each), sorted by the code's value on the block.
    One offsets table (:class:`_Offsets`) covers the primary block's buckets of words, then each other
    block's buckets of pointers, as if they were laid end to end.
    """

    def __init__(self, codes: np.ndarray, ids: np.ndarray, n_blocks: int | None) -> None:
        n = self.n = len(codes)
        self._id_start, self._ids = _compact_ids(ids)
        self.widths = tuple(_widths(n, n_blocks))
        w0 = self.widths[0]
        self.shifts = [sum(self.widths[1:i]) for i in range(1, len(self.widths))]  # within the other 64 - w0 bits
        pos_bits = max(int(n - 1).bit_length(), 1)
        top = np.uint64(64 - w0)
        # Sorting (block value, position) packed in one uint64 is several times faster than an argsort.
        # The work is done in place where it can be: every new array of this size costs page faults.
        positions = np.arange(n, dtype=np.uint32)
        buffer = codes >> top
        buffer <<= top
        buffer |= positions
        buffer.sort()
        order = buffer.astype(np.uint32)  # the positions, in the primary block's order
        buffer >>= top
        counts = [np.bincount(buffer.view(np.int64), minlength=1 << w0)]
        self._words = codes[order]
        self._words <<= np.uint64(w0)
        self._words |= order & np.uint32((1 << w0) - 1)
        high = (order >> np.uint32(w0)).astype(np.min_scalar_type(max(n - 1, 0) >> w0))
        self._planes = np.array([np.packbits((high >> j) & 1, bitorder="little") for j in range(max(pos_bits - w0, 0))],
                                dtype=np.uint8).reshape(-1, (n + 7) // 8)
        del high, order
        self._pointers_low = np.empty((len(self.widths) - 1) * n, np.uint16)
        high_dtype = _pointer_high_dtype(n)
        self._pointers_high = None if high_dtype is None else np.empty(len(self._pointers_low), high_dtype)
        for j, (shift, width) in enumerate(zip(self.shifts, self.widths[1:], strict=True)):
            np.right_shift(self._words, np.uint64(w0 + shift), out=buffer)
            buffer &= np.uint64((1 << width) - 1)
            counts.append(np.bincount(buffer.view(np.int64), minlength=1 << width))
            buffer <<= np.uint64(pos_bits)
            buffer |= positions  # the slots of the words
            buffer.sort()
            buffer &= np.uint64((1 << pos_bits) - 1)
            self._pointers_low[j * n : (j + 1) * n] = buffer
            if self._pointers_high is not None:
                self._pointers_high[j * n : (j + 1) * n] = np.right_shift(buffer, np.uint64(16), out=buffer)
        del buffer, positions
        self._offsets = _Offsets(counts)

    def __len__(self) -> int:
        return self.n

    @property
    def nbytes(self) -> int:
        arrays = [self._words, self._planes, self._pointers_low, self._pointers_high, self._ids]
        return sum(a.nbytes for a in arrays if a is not None) + self._offsets.nbytes

    @property
    def codes(self) -> np.ndarray:
        """The codes in insertion order (a new array)."""
        w0 = self.widths[0]
        block0 = self._offsets.laid_out(1 << w0).astype(np.uint64)
        codes = np.empty(self.n, np.uint64)
        codes[self._positions(self._words, np.arange(self.n))] = (block0 << np.uint64(64 - w0)) | (
            self._words >> np.uint64(w0))
        return codes

    @property
    def ids(self) -> np.ndarray:
        """The ids in insertion order (int64; a new array)."""
        if self._ids is None:
            return np.arange(self._id_start, self._id_start + self.n, dtype=np.int64)
        return self._ids.astype(np.int64)

    def _positions(self, words: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Insertion positions (int64) of the codes at ``slots`` of the primary table, whose words are ``words``."""
        w0 = self.widths[0]
        positions = (words & np.uint64((1 << w0) - 1)).astype(np.int64)
        if len(self._planes) and len(slots):
            bits = np.take(self._planes, slots >> 3, axis=1)
            bits >>= (slots & 7).astype(np.uint8)
            bits &= np.uint8(1)
            # The planes' bits of each slot packed into bytes, eight planes a byte (one byte up to 2**(w0 + 8) codes).
            for i, high in enumerate(np.packbits(bits, axis=0, bitorder="little")):
                positions |= np.left_shift(high, w0 + 8 * i, dtype=np.int64)
        return positions

    def _ids_of(self, positions: np.ndarray) -> np.ndarray:
        return positions + self._id_start if self._ids is None else self._ids[positions].astype(np.int64)

    def _id_reader(self) -> Callable[[int, int], int]:
        """The id of one code from its word and slot, in Python (:meth:`_positions` and :meth:`_ids_of` for one)."""
        w0, planes = self.widths[0], [memoryview(plane) for plane in self._planes]

        def id_of(word: int, slot: int) -> int:
            position = word & ((1 << w0) - 1)
            for j, plane in enumerate(planes):
                position |= ((plane[slot >> 3] >> (slot & 7)) & 1) << (w0 + j)
            return position + self._id_start if self._ids is None else int(self._ids[position])

        return id_of

    def _pointed(self, entries: np.ndarray) -> np.ndarray:
        """The slots (int64) the pointer tables hold at ``entries``."""
        if self._pointers_high is None:
            return self._pointers_low[entries].astype(np.int64)
        slots = np.left_shift(self._pointers_high[entries], 16, dtype=np.int64)
        slots |= self._pointers_low[entries]
        return slots

    def search(self, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray, int]:
        """Ids (int64) and distances (unsigned or int64) of the codes within ``radius`` of ``q``, in no order,
        and how many codes were compared."""
        n, widths = self.n, self.widths
        plan = _plan(widths, radius)
        if plan.masks is None or plan.n_lookups * SCAN_RATIO >= n:
            return *self.scan(q, radius), n
        w0, n_lookups, n_primary = widths[0], plan.n_lookups, plan.block_ends[0]
        qi = int(q)
        query = _Query(qi >> (64 - w0), qi & ((1 << (64 - w0)) - 1), np.uint64((qi << w0) & _MASK64), radius)
        # Every block's lookups at once: the primary block's buckets are stretches of words, the other
        # blocks' stretches of pointers (entries n and up of the offsets).
        values = [query.block0,
                  *((query.rest >> s) & ((1 << w) - 1) for s, w in zip(self.shifts, widths[1:], strict=True))]
        keys = np.repeat(np.array(values * 2), plan.sizes)
        keys ^= plan.masks
        keys += plan.bases
        bounds = self._offsets.start(keys)
        starts = bounds[:n_lookups]
        counts = bounds[n_lookups:] - starts
        ends = np.cumsum(counts)
        total = int(ends[-1])
        if (n_lookups + total) * SCAN_RATIO >= n:
            return *self.scan(q, radius), n
        # The entries of every lookup end to end: the primary block's are slots of words; the others' are
        # counted from the start of the pointer tables.
        firsts = starts - ends
        firsts += counts
        firsts[n_primary:] -= n
        entries = np.repeat(firsts, counts)
        entries += _counting(total)
        total0 = int(ends[n_primary - 1])
        weight_ends = ends[plan.weight_ends - 1]  # where the primary block's lookups of each weight end
        primary = self._primary_candidates(entries[:total0], query, weight_ends)
        other = self._other_candidates(entries[total0:], query, plan.radii[0],
                                       (starts[:n_primary], bounds[n_lookups : n_lookups + n_primary]))
        if not len(primary.found) and not len(other.found):  # most queries
            return np.empty(0, np.int64), np.empty(0, np.int64), total
        # Where the entries of the blocks after each other block start among the other blocks' entries.
        later = [(int(ends[plan.block_ends[j] - 1]) - total0, *block) for j, block in plan.later_blocks]
        if len(primary.found) + len(other.found) <= _FEW_CODES:
            return *self._matches_one_by_one(primary, other, query, plan.radii[0], weight_ends.tolist(), later), total
        # Many candidates (near copies crowd around the query): each kind finished with numpy when it has many.
        if len(primary.found) > _FEW_CODES:
            near = self._near_primary(primary)
        else:
            near = _as_arrays(self._near_primary_one_by_one(primary, query.radius, weight_ends.tolist()))
        if len(other.found) > _FEW_CODES:
            new = self._new_others(other, query, plan.radii[0])
        else:
            new = _as_arrays(self._new_others_one_by_one(other, query, plan.radii[0], later))
        if len(new[0]):
            near = [np.concatenate(pair) for pair in zip(near, new, strict=True)]
        slots, words, distances = near
        return self._ids_of(self._positions(words, slots)), distances, total

    def _primary_candidates(self, slots: np.ndarray, query: _Query, weight_ends: np.ndarray) -> _Candidates:
        """The codes met through the primary block (at ``slots``) whose other bits are within the radius (few).

        A code's primary block differs from the query's by the weight of the mask its bucket was looked up with;
        the masks come fewest bits first, so each weight's slots are one stretch, ending at ``weight_ends``.
        """
        words = self._words[slots]
        rest = np.bitwise_xor(words, query.word)
        rest = np.right_shift(rest, np.uint64(self.widths[0]), out=rest)
        counts = popcount(rest)
        found = np.flatnonzero(counts <= query.radius)
        if len(found) <= _FEW_CODES:
            return _Candidates(found, slots, words, rest, counts)
        # Near copies crowd around the query: their distances, to leave fewer (and kept for _near_primary).
        distances = np.searchsorted(weight_ends, found, side="right") + counts[found]
        near = distances <= query.radius
        return _Candidates(found[near], slots, words, rest, counts, distances[near])

    def _other_candidates(self, entries: np.ndarray, query: _Query, r0: int,
                          primary_bounds: tuple[np.ndarray, np.ndarray]) -> _Candidates:
        """The codes met through the other blocks (at ``entries`` of their pointer tables) that may be within
        the radius and not met through the primary block (whose buckets start and end at ``primary_bounds``)."""
        slots = self._pointed(entries)
        words = self._words[slots]
        rest = np.bitwise_xor(words, query.word)
        rest = np.right_shift(rest, np.uint64(self.widths[0]), out=rest)
        counts = popcount(rest)
        # A code is new only if its primary block differs by more than r0 bits, so its other bits must be
        # within radius - r0 - 1. That check needs no primary value, and leaves few codes.
        maybe = np.flatnonzero(counts <= query.radius - r0 - 1)
        if len(maybe) > _MANY:
            # Near copies crowd around the query: most codes that pass were met through the primary block too.
            # Their slots say so (they lie in its buckets), which is cheaper than their primary values. Taken
            # in slot order: binary searches for sorted keys run several times faster (they walk the same paths).
            maybe = maybe[np.argsort(slots[maybe])]
            maybe = maybe[~_in_buckets(slots[maybe], *primary_bounds)]
        return _Candidates(maybe, slots, words, rest, counts)

    def _matches_one_by_one(self, primary: _Candidates, other: _Candidates, query: _Query, r0: int,
                            weight_ends: list[int],
                            later: list[tuple[int, int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """The ids and distances of the candidates within the radius, for a handful of candidates, in Python: a
        numpy call would cost more than the work (and every one evicts from the caches what the next needs)."""
        found = [*self._near_primary_one_by_one(primary, query.radius, weight_ends),
                 *self._new_others_one_by_one(other, query, r0, later)]
        if not found:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        id_of = self._id_reader()
        return (np.array([id_of(word, slot) for slot, word, _ in found], np.int64),
                np.array([distance for *_, distance in found], np.int64))

    @staticmethod
    def _near_primary_one_by_one(primary: _Candidates, radius: int,
                                 weight_ends: list[int]) -> list[tuple[int, int, int]]:
        """(slot, word, distance) of the codes met through the primary block that are within the radius."""
        found = []
        for i in primary.found.tolist():
            distance = bisect.bisect_right(weight_ends, i) + int(primary.counts[i])
            if distance <= radius:
                found.append((int(primary.slots[i]), int(primary.words[i]), distance))
        return found

    def _new_others_one_by_one(self, other: _Candidates, query: _Query, r0: int,
                               later: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int]]:
        """(slot, word, distance) of the codes met through the other blocks that are within the radius and were
        met through neither the primary block nor an earlier block (a few; their primary values in Python)."""
        maybe = other.found
        if not len(maybe):
            return []
        found = []
        slots = other.slots[maybe]
        for i, slot, block0, rest in zip(maybe.tolist(), slots.tolist(), self._offsets.locate_few(slots),
                                         other.rest[maybe].tolist(), strict=True):
            distance0 = (block0 ^ query.block0).bit_count()
            distance = distance0 + rest.bit_count()
            if distance <= query.radius and distance0 > r0 and all(
                    i < start or ((rest >> shift) & mask).bit_count() > radius_j
                    for start, shift, mask, radius_j in later):
                found.append((slot, int(other.words[i]), distance))
        return found

    @staticmethod
    def _near_primary(primary: _Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_near_primary_one_by_one` for many, vectorised (their distances known already)."""
        return primary.slots[primary.found], primary.words[primary.found], primary.distances

    def _new_others(self, other: _Candidates, query: _Query,
                    r0: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_new_others_one_by_one` for many, vectorised.

        The slots are sorted (usually they are already): a code met through several blocks is then kept once
        by dropping repeats, and the binary searches for the primary values run several times faster.
        """
        slots = np.sort(other.slots[other.found])
        slots = slots[_first_of_runs(slots)]
        words = self._words[slots]
        rest = np.bitwise_xor(words, query.word)
        counts = popcount(np.right_shift(rest, np.uint64(self.widths[0]), out=rest))
        distances0 = popcount(self._offsets.locate(slots) ^ query.block0)
        distances = np.add(distances0, counts, dtype=np.int64)
        keep = np.flatnonzero((distances <= query.radius) & (distances0 > r0))
        return slots[keep], words[keep], distances[keep]

    def scan(self, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids (int64) and distances (uint8) of the codes within ``radius`` of ``q``, comparing all."""
        w0, qi = self.widths[0], int(q)
        q0 = np.uint64(qi >> (64 - w0))
        distances = np.bitwise_xor(self._words, np.uint64((qi << w0) & _MASK64))
        distances = popcount(np.right_shift(distances, np.uint64(w0), out=distances))
        slots = np.flatnonzero(distances <= radius)
        if len(slots) <= _FEW:
            distances = distances[slots] + popcount(self._offsets.locate(slots).astype(np.uint64) ^ q0)
        else:  # the primary block's distance for each value, laid out over its bucket
            starts = self._offsets.start(np.arange((1 << w0) + 1))
            distances += np.repeat(popcount(np.arange(1 << w0, dtype=np.uint64) ^ q0), np.diff(starts))
            slots = np.flatnonzero(distances <= radius)
            distances = distances[slots]
        near = distances <= radius
        slots = slots[near]
        return self._ids_of(self._positions(self._words[slots], slots)), distances[near]


def _by_distance_then_id(ids: np.ndarray, distances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``ids`` and ``distances`` (int64) sorted by (distance, id)."""
    if len(ids) <= 1:  # most queries find none or one
        return ids, distances
    low, high = (int(ids.min()), int(ids.max())) if len(ids) > _FEW_CODES else (0, 1 << _ID_BITS)
    if high - low >= 1 << _ID_BITS:
        order = np.lexsort((ids, distances))
        return ids[order], distances[order]
    # Many results (near copies crowding around the query) and ids spanning less than 2**56: both in one int64
    # key (a distance takes 7 bits), one sort and no gathers after it, several times faster than lexsort.
    keys = np.left_shift(distances, _ID_BITS)
    keys |= ids - low
    keys.sort()
    return (keys & ((1 << _ID_BITS) - 1)) + low, keys >> _ID_BITS


class HammingIndex:
    """Exact Hamming-radius search over 64-bit codes, by multi-index hashing.

    Parameters
    ----------
    codes : array of shape (n,), optional
        Codes, unsigned integers (uint64; signed ones must be non-negative).
    ids : array of shape (n,), optional
        An int64 id per code (duplicates allowed); default ``arange(n)``.
    n_blocks : int, optional
        Blocks the 64 bits are cut into (3 to 16); default 3: a primary block of about
        ``log2(n) - 2`` bits for a segment of ``n`` codes, and two sharing the other bits.

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
        if len(self._buffer_codes) == 0 and len(codes) >= BUFFER_SIZE:
            self._flush(codes, ids)  # no copy of the codes into the buffer first
            return
        self._buffer_codes = np.concatenate([self._buffer_codes, codes])
        self._buffer_ids = np.concatenate([self._buffer_ids, ids])
        if len(self._buffer_codes) >= BUFFER_SIZE:
            self._flush(self._buffer_codes, self._buffer_ids)

    def _flush(self, codes: np.ndarray, ids: np.ndarray) -> None:
        """Give the buffer (``codes`` and ``ids``) tables, merged with the newest segments that are not much bigger."""
        while self._segments and len(self._segments[-1]) < GROWTH * len(codes):
            older = self._segments.pop()
            codes, ids = np.concatenate([older.codes, codes]), np.concatenate([older.ids, ids])
        self._segments.append(_Segment(codes, ids, self._n_blocks))
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
        found = [s.search(q, radius) for s in self._segments]
        if len(self._buffer_codes) or not found:
            positions, distances = _scan(self._buffer_codes, q, radius)
            found.append((self._buffer_ids[positions], distances, len(self._buffer_codes)))
        if len(found) == 1:
            ids, distances, compared = found[0]
        else:
            ids = np.concatenate([seg_ids for seg_ids, _, _ in found])
            distances = np.concatenate([d for _, d, _ in found])
            compared = sum(c for *_, c in found)
        return *_by_distance_then_id(ids, distances.astype(np.int64, copy=False)), compared

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

"""Campaign counts over an input of any size, in memory that does not grow with it.

A campaign feature asks how many *other* profiles of the input share a profile's key: the same
normalised invitation note, or a photo within a few pHash bits. Counting that exactly needs every
(key, profile id) pair of the input at once, which for a hundred million profiles is gigabytes. Here the
pairs go to disk and are counted by sorting, the way a database counts a table larger than its memory:

1. **Spilling** (:class:`ExternalSort`). Pairs are 128-bit records ``(hi, lo)`` of two uint64: a key
   and a profile id, both hashed to 64 bits. They are buffered, and each full buffer is split by its
   top byte into 256 files (a radix partition). A file too large to sort in memory is split again by
   the first byte its pairs do not all share, so the files come back in sorted order, each small enough
   to sort on its own; a run of one repeated key is split by the ids under it.
2. **Counting exact keys** (:func:`runs`). In sorted order a key's pairs are adjacent: a profile id
   repeated under a key counts once (as :meth:`fakeprofile.extractors.BatchCounts.collect` counts), and
   each key with two or more profiles is kept with its count of others.
3. **Near photos** (:func:`near_others`). Photos within ``r`` bits count as one. Cut the 64 bits into
   ``r + 2`` blocks: two codes within ``r`` bits differ in at most ``r`` blocks, so at least two blocks
   are equal (Manku, Jain and Das Sarma, "Detecting near-duplicates for web crawling", WWW 2007). For
   each pair of blocks the distinct codes are sorted by those two blocks; codes agreeing on them are
   adjacent and are compared bit for bit. A pair of codes found through several block pairs is counted
   only through the first, so the sums are exact. For ``r = 4``: 6 blocks, 15 sorts, and codes are
   compared only when they share 21 or 22 bits.
4. **Lookups** (:class:`SpilledCounts`). The result is, per extractor, a file of the shared keys and
   their counts in key order (:class:`PairFile`). A process keeps every 512th key in memory and reads
   the one page of 512 pairs a key can be in; nothing large is pickled to the workers, and the pages read
   are the operating system's file cache, not the process's memory.

Memory is the buffer (``memory_rows`` pairs, 16 bytes each) and a partition or two being sorted, about
five times the buffer at the peak of a spill. One thing is held whole however large: the distinct photo
codes that agree on a table's two blocks (21 or 22 bits), compared with each other in memory. pHashes of
different photos rarely agree on so many bits, and blank pictures, which would, have no campaign key.

Disk is 16 bytes per pair spilled (a profile with a note and a photo makes two), the same again while a
partition is split, plus the results.

Spill folders (:func:`spill_folder`) are named ``fakeprofile-campaigns-<pid>-<random>`` and record their
owner (process id and host) in ``owner.json``; a run deletes its own when it ends, also on SIGTERM or
SIGINT when the caller turns them into exceptions (``fakeprofile predict`` does), and the folders of runs
whose process is gone (killed outright) when it starts.

Notes and ids are hashed to 64 bits (BLAKE2b); photo keys are their 64-bit pHashes already. Among ``n``
distinct notes some two collide with probability about ``n**2 / 2**65``: about 3 in 10,000 for a run of a
hundred million distinct notes, and such a collision makes the two notes count as one. Two ids under
one note colliding would count two profiles as one, with far smaller odds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import shutil
import socket
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np

from fakeprofile.hamming import block_layout, block_values, popcount

__all__ = ["DEFAULT_MEMORY_ROWS", "PAIR", "SPILL_PREFIX", "ExternalSort", "PairFile", "SpilledCounts", "SpilledTally",
           "key_hash", "key_text", "near_others", "remove_stale_spill_folders", "runs", "spill_folder"]

#: A spilled record: two unsigned 64-bit halves, sorted by ``hi`` then ``lo``.
PAIR = np.dtype([("hi", "<u8"), ("lo", "<u8")])
#: Pairs held in memory before spilling, and the largest partition sorted at once: 16 MiB of pairs
#: (about 40 MiB while sorting), large enough that a million-profile input never touches the disk.
DEFAULT_MEMORY_ROWS = 1 << 20
_DIGIT_BITS = 8
#: The name of every spill folder starts so: then the owner's process id, a dash and a random part.
SPILL_PREFIX = "fakeprofile-campaigns-"
_OWNER_FILE = "owner.json"
_FANOUT = 1 << _DIGIT_BITS


def key_text(key: Any) -> str:
    """A campaign key as text, so that keys of any extractor travel as one string column."""
    return json.dumps(key, ensure_ascii=False, separators=(",", ":"))


def key_hash(text: str) -> int:
    """A key or profile id as 64 bits (stable across processes and runs, unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _pairs(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    pairs = np.empty(len(hi), PAIR)
    pairs["hi"], pairs["lo"] = hi, lo
    return pairs


def _sorted(pairs: np.ndarray) -> np.ndarray:
    return pairs[np.lexsort((pairs["lo"], pairs["hi"]))]


def _digit(pairs: np.ndarray, depth: int) -> np.ndarray:
    """Byte ``depth`` (0: the most significant) of each pair read as one 128-bit number."""
    half, shift = ("hi", 56 - 8 * depth) if depth < 8 else ("lo", 56 - 8 * (depth - 8))
    return ((pairs[half] >> np.uint64(shift)) & np.uint64(0xFF)).astype(np.intp)


def _partition(pairs: np.ndarray, stem: str, depth: int) -> None:
    """Append ``pairs`` to the files ``stem.XX``, XX being their byte ``depth``."""
    digits = _digit(pairs, depth)
    order = np.argsort(digits, kind="stable")
    pairs = pairs[order]
    ends = np.cumsum(np.bincount(digits, minlength=_FANOUT))
    start = 0
    for digit, end in enumerate(ends.tolist()):
        if end > start:
            with open(f"{stem}.{digit:02x}", "ab") as handle:
                handle.write(pairs[start:end].tobytes())
        start = end


def _read(path: str, start: int = 0, count: int = -1) -> np.ndarray:
    return np.fromfile(path, dtype=PAIR, count=count, offset=start * PAIR.itemsize)


def _first_differing_byte(path: str, rows: int, memory_rows: int) -> int | None:
    """The first byte on which the pairs of a file differ (None: they are all one pair): the first byte
    on which its smallest and largest pairs differ, every other pair lying between them."""
    low = high = None
    for start in range(0, rows, memory_rows):
        piece = _read(path, start, memory_rows)
        hi, lo = piece["hi"], piece["lo"]
        smallest, largest = hi.min(), hi.max()
        piece_low = (smallest, lo[hi == smallest].min())
        piece_high = (largest, lo[hi == largest].max())
        low = piece_low if low is None else min(low, piece_low)
        high = piece_high if high is None else max(high, piece_high)
    assert low is not None and high is not None
    differing = (int(low[0]) << 64 | int(low[1])) ^ (int(high[0]) << 64 | int(high[1]))
    return None if differing == 0 else (128 - differing.bit_length()) // _DIGIT_BITS


def _drain(stem: str, depth: int, memory_rows: int) -> Iterator[np.ndarray]:
    """The pairs of the files ``stem.00`` to ``stem.ff`` (split by byte ``depth``), sorted, in blocks of
    at most ``memory_rows``; each file is deleted once read."""
    for digit in range(_FANOUT):
        path = f"{stem}.{digit:02x}"
        if not os.path.exists(path):
            continue
        rows = os.path.getsize(path) // PAIR.itemsize
        if rows <= memory_rows:
            yield _sorted(_read(path))
            os.unlink(path)
            continue
        # Split by the first byte the pairs do not all share: bytes they share would only copy the file.
        split = _first_differing_byte(path, rows, memory_rows)
        if split is None:  # one pair repeated: already in order
            for start in range(0, rows, memory_rows):
                yield _read(path, start, memory_rows)
            os.unlink(path)
            continue
        for start in range(0, rows, memory_rows):
            _partition(_read(path, start, memory_rows), path, split)
        os.unlink(path)
        yield from _drain(path, split, memory_rows)


class ExternalSort:
    """Pairs of uint64 (:data:`PAIR`), sorted in bounded memory: added in any order, read back sorted.

    Parameters
    ----------
    directory : path
        Where partitions spill (a folder this object may fill; its files are deleted as they are read).
    name : str
        A file-name prefix unique within ``directory``.
    memory_rows : int
        Pairs held before spilling, and the most sorted at once.
    """

    def __init__(self, directory: str | os.PathLike[str], name: str, *,
                 memory_rows: int = DEFAULT_MEMORY_ROWS) -> None:
        if memory_rows < 1:
            raise ValueError(f"memory_rows must be at least 1, got {memory_rows}")
        self._stem = os.path.join(os.fspath(directory), name)
        self._memory_rows = memory_rows
        self._buffer: list[np.ndarray] = []
        self._buffered = 0
        self.spilled = False

    def add(self, hi: np.ndarray, lo: np.ndarray) -> None:
        """Add pairs ``(hi[i], lo[i])``."""
        pairs = _pairs(np.asarray(hi, dtype=np.uint64), np.asarray(lo, dtype=np.uint64))
        if not len(pairs):
            return
        self._buffer.append(pairs)
        self._buffered += len(pairs)
        if self._buffered >= self._memory_rows:
            self._spill()

    def _take(self) -> np.ndarray:
        pairs = np.concatenate(self._buffer) if self._buffer else np.empty(0, PAIR)
        self._buffer, self._buffered = [], 0
        return pairs

    def _spill(self) -> None:
        _partition(self._take(), self._stem, 0)
        self.spilled = True

    def sorted_blocks(self) -> Iterator[np.ndarray]:
        """Every pair added, in (hi, lo) order, in blocks of at most ``memory_rows``; read once."""
        if not self.spilled:
            pairs = _sorted(self._take())
            for start in range(0, len(pairs), self._memory_rows):
                yield pairs[start:start + self._memory_rows]
            return
        if self._buffer:
            self._spill()
        yield from _drain(self._stem, 0, self._memory_rows)


def runs(blocks: Iterable[np.ndarray], *, distinct: bool) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per run of equal ``hi`` in sorted pairs (a run may cross blocks): the ``hi`` and either how many
    distinct ``lo`` it has (``distinct``) or the sum of its ``lo``. Yields (keys, values) arrays."""
    carry_key: np.uint64 | None = None
    carry_value = 0
    last: np.ndarray | None = None
    for block in blocks:
        if not len(block):
            continue
        hi, lo = block["hi"], block["lo"]
        if distinct:
            fresh = np.empty(len(block), bool)
            fresh[1:] = (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1])
            fresh[0] = last is None or bool(hi[0] != last["hi"] or lo[0] != last["lo"])
            last = block[-1]
            hi, values = hi[fresh], np.ones(int(fresh.sum()), np.int64)
            if not len(hi):
                continue
        else:
            values = lo.astype(np.int64)
        starts = np.flatnonzero(np.r_[True, hi[1:] != hi[:-1]])
        keys, sums = hi[starts], np.add.reduceat(values, starts)
        if carry_key is not None:
            if keys[0] == carry_key:
                sums[0] += carry_value
            else:
                keys, sums = np.r_[np.uint64(carry_key), keys], np.r_[np.int64(carry_value), sums]
        carry_key, carry_value = keys[-1], int(sums[-1])
        if len(keys) > 1:
            yield keys[:-1], sums[:-1]
    if carry_key is not None:
        yield np.array([carry_key], np.uint64), np.array([carry_value], np.int64)


class PairFile:
    """Sorted pairs (key, value) written in order to one file, read back in order or looked up by key.

    Lookups read one page of ``FENCE`` pairs with ``pread``, found by a fence of every ``FENCE``-th key
    kept in memory (as a sorted-string table does): 8 bytes of memory per ``FENCE`` pairs, and the pages
    read stay the operating system's cache, not this process's memory.
    """

    FENCE = 512

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.rows = 0
        self._fences: list[np.ndarray] = []
        self._handle: Any = None
        self._fence_array: np.ndarray | None = None
        self._fd: int | None = None

    def write(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Append pairs; keys must continue in increasing order."""
        if self._handle is None:
            self._handle = open(self.path, "wb")  # noqa: SIM115  (closed by close())
        pairs = _pairs(np.asarray(keys, np.uint64), np.asarray(values, np.int64).astype(np.uint64))
        first = (-self.rows) % self.FENCE
        self._fences.append(pairs["hi"][first::self.FENCE].copy())
        self._handle.write(pairs.tobytes())
        self.rows += len(pairs)

    def close(self) -> PairFile:
        """Finish writing (an empty file is written if nothing was)."""
        if self._handle is None:
            self._handle = open(self.path, "wb")  # noqa: SIM115
        self._handle.close()
        self._fence_array = np.concatenate(self._fences) if self._fences else np.empty(0, np.uint64)
        self._fences = []
        return self

    def __getstate__(self) -> dict[str, Any]:
        assert self._fence_array is not None, "a PairFile travels once written"
        return {"path": self.path, "rows": self.rows, "fences": self._fence_array}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self.rows, self._fence_array = state["path"], state["rows"], state["fences"]
        self._fences, self._handle, self._fd = [], None, None

    def pieces(self, rows: int) -> Iterator[np.ndarray]:
        """The pairs in order, ``rows`` at a time (``hi`` the key, ``lo`` the value)."""
        for start in range(0, self.rows, rows):
            yield _read(self.path, start, rows)

    def release(self) -> None:
        """Close the file :meth:`get` opened (it opens it again if asked once more)."""
        if self._fd is not None:
            self._release()
            self._fd = None

    def get(self, key: np.uint64) -> int | None:
        """The value stored for ``key``, or None."""
        fences = self._fence_array
        if fences is None:
            raise RuntimeError(f"{self.path}: a pair file is read once closed")
        page = int(np.searchsorted(fences, key, side="right")) - 1
        if page < 0:
            return None
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            self._release = weakref.finalize(self, os.close, self._fd)
        count = min(self.FENCE, self.rows - page * self.FENCE)
        data = _read_at(self._fd, count * PAIR.itemsize, page * self.FENCE * PAIR.itemsize)
        pairs = np.frombuffer(data, PAIR)
        at = int(np.searchsorted(pairs["hi"], key))
        return int(pairs["lo"][at]) if at < len(pairs) and pairs["hi"][at] == key else None


def _read_at(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: no pread
    return os.read(fd, size)


def _first_two_equal_blocks(x: np.ndarray, blocks: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """For XORs of code pairs: the first and the second block in which each pair agrees."""
    zero = np.stack([block_values(x, shift, width) == 0 for shift, width in blocks])
    first = np.argmax(zero, axis=0)
    zero[first, np.arange(len(x))] = False
    return first, np.argmax(zero, axis=0)


def _near_pairs(group: np.ndarray, codes: np.ndarray, radius: int, table: tuple[int, int],
                blocks: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Positions (a, b) of the codes within ``radius`` bits that agree on ``group`` (sorted, so a group is
    one stretch) and whose first two equal blocks are ``table``."""
    firsts, seconds = [], []
    for gap in itertools.count(1):
        if gap >= len(group):
            break
        same = np.flatnonzero(group[:-gap] == group[gap:])
        if not len(same):
            break
        x = codes[same] ^ codes[same + gap]
        near = popcount(x) <= radius
        first, second = _first_two_equal_blocks(x[near], blocks)
        mine = (first == table[0]) & (second == table[1])
        a = same[near][mine]
        firsts.append(a)
        seconds.append(a + gap)
    if not firsts:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    return np.concatenate(firsts), np.concatenate(seconds)


def _near_code_pairs(distinct: PairFile, radius: int, directory: str, name: str,
                     memory_rows: int) -> ExternalSort:
    """Every ordered pair of distinct codes within ``radius`` bits, as pairs (partner, code), sorted.

    A group of codes agreeing on a table's two blocks is compared whole (see the module on its size)."""
    blocks = block_layout(radius + 2)
    found = ExternalSort(directory, f"{name}-near", memory_rows=memory_rows)
    for i, j in itertools.combinations(range(len(blocks)), 2):
        (shift_i, width_i), (shift_j, width_j) = blocks[i], blocks[j]
        table = ExternalSort(directory, f"{name}-table-{i}-{j}", memory_rows=memory_rows)
        for piece in distinct.pieces(memory_rows):
            codes = piece["hi"]
            table.add((block_values(codes, shift_i, width_i) << np.uint64(width_j))
                      | block_values(codes, shift_j, width_j), codes)
        held = np.empty(0, PAIR)
        for block in itertools.chain(table.sorted_blocks(), [None]):
            if block is None:  # the end: the group held back is complete
                pairs, held = held, np.empty(0, PAIR)
            else:  # the last group may go on in the next block: hold it back
                pairs = np.concatenate([held, block]) if len(held) else block
                cut = int(np.searchsorted(pairs["hi"], pairs["hi"][-1]))
                pairs, held = pairs[:cut], pairs[cut:]
            a, b = _near_pairs(pairs["hi"], pairs["lo"], radius, (i, j), blocks)
            if len(a):
                code_a, code_b = pairs["lo"][a], pairs["lo"][b]
                found.add(np.r_[code_b, code_a], np.r_[code_a, code_b])
    return found


def near_others(distinct: PairFile, radius: int, directory: str | os.PathLike[str], name: str, *,
                memory_rows: int = DEFAULT_MEMORY_ROWS) -> ExternalSort:
    """For distinct 64-bit codes, each with how many profiles have it (``distinct``: pairs (code, count) in
    code order): per code, how many other profiles have a code within ``radius`` bits (itself included),
    as pairs (code, count) to sum with :func:`runs` (``distinct=False``); codes without others may be
    absent.

    A code's partners' counts are joined by merging: the pairs (partner, code) sorted by partner are read
    alongside the counts, both in order, so that neither has to be held whole.
    """
    directory = os.fspath(directory)
    others = ExternalSort(directory, f"{name}-others", memory_rows=memory_rows)
    for piece in distinct.pieces(memory_rows):
        count = piece["lo"].astype(np.int64)
        repeated = count > 1
        others.add(piece["hi"][repeated], count[repeated] - 1)
    counts = distinct.pieces(memory_rows)
    piece = np.empty(0, PAIR)
    for block in _near_code_pairs(distinct, radius, directory, name, memory_rows).sorted_blocks():
        partners, codes = block["hi"], block["lo"]
        start = 0
        while start < len(block):
            while not len(piece) or piece["hi"][-1] < partners[start]:
                piece = next(counts)  # every partner is a distinct code: the counts never run out first
            end = int(np.searchsorted(partners, piece["hi"][-1], side="right"))
            count = piece["lo"][np.searchsorted(piece["hi"], partners[start:end])]
            others.add(codes[start:end], count)
            start = end
    return others


class SpilledCounts:
    """Campaign counts of a whole input on disk (what :class:`SpilledTally` makes): per extractor, the
    shared keys and how many others share each, sorted in a :class:`PairFile`.

    It answers :meth:`others` like :class:`fakeprofile.extractors.BatchCounts`, for the keys of the
    input it was counted from; a key of no profile of that input counts as shared by none. Pickling
    sends the file names and fences only; each process reads the files itself.
    """

    def __init__(self, size: int, files: Mapping[str, PairFile], radii: Mapping[str, int]) -> None:
        self.size, self.files, self.radii = int(size), dict(files), dict(radii)

    def release(self) -> None:
        """Close the files this process opened to answer :meth:`others` (before they are deleted)."""
        for file in self.files.values():
            file.release()

    @property
    def stored(self) -> dict[str, int]:
        """Keys stored per extractor (those two or more profiles share)."""
        return {name: file.rows for name, file in self.files.items()}

    def others(self, extractor: str, key: Any) -> float:
        """How many other profiles of the input share ``key`` (within the extractor's radius, for photo
        hashes); NaN without a key or a batch to compare."""
        if key is None or self.size < 2 or extractor not in self.files:
            return math.nan
        code = np.uint64(key) if extractor in self.radii else np.uint64(key_hash(key_text(key)))
        found = self.files[extractor].get(code)
        return float(found) if found is not None else 0.0


class SpilledTally:
    """The first pass's campaign keys, chunk by chunk, counted in bounded memory (see the module).

    ``add`` takes, per extractor, the keys of a chunk as text (:func:`key_text`, None without one) and
    the profile ids; ``counts`` finishes the count into ``directory``.
    """

    def __init__(self, directory: str | os.PathLike[str], radii: Mapping[str, int | None], *,
                 memory_rows: int = DEFAULT_MEMORY_ROWS) -> None:
        self._directory = os.fspath(directory)
        self._radii = {name: radius for name, radius in radii.items() if radius is not None}
        self._memory_rows = memory_rows
        self._pairs = {name: ExternalSort(directory, f"{name}-pairs", memory_rows=memory_rows) for name in radii}
        self._counts: SpilledCounts | None = None
        self.size = 0

    def add(self, keys: Mapping[str, list[str | None]], ids: list[str | None], valid: int) -> None:
        """Count one chunk: ``valid`` profiles, ``keys[extractor][i]`` the key text of profile ``ids[i]``."""
        if self._counts is not None:
            raise RuntimeError("the tally is counted already: a chunk added now would not count")
        self.size += int(valid)
        id_codes: np.ndarray | None = None
        for name, sorter in self._pairs.items():
            texts = keys[name]
            present = [i for i, key in enumerate(texts) if isinstance(key, str)]
            if not present:
                continue
            if id_codes is None:  # once per chunk, for every campaign feature
                id_codes = np.array([key_hash(str(ident)) for ident in ids], dtype=np.uint64)
            code = int if name in self._radii else key_hash  # a photo key is its pHash already
            sorter.add(np.array([code(texts[i]) for i in present], dtype=np.uint64), id_codes[present])

    def counts(self) -> SpilledCounts:
        """Finish counting: the others of every shared key, written under ``directory`` (once: the pairs
        are read as they are counted, so later calls give the same counts)."""
        if self._counts is not None:
            return self._counts
        files = {}
        for name, sorter in self._pairs.items():
            base = os.path.join(self._directory, name)
            if name in self._radii:
                distinct = PairFile(f"{base}.distinct")
                for keys, counts in runs(sorter.sorted_blocks(), distinct=True):
                    distinct.write(keys, counts)
                summed = near_others(distinct.close(), self._radii[name], self._directory, name,
                                     memory_rows=self._memory_rows)
                shared = runs(summed.sorted_blocks(), distinct=False)
            else:
                shared = ((keys, counts - 1) for keys, counts in runs(sorter.sorted_blocks(), distinct=True))
            files[name] = PairFile(f"{base}.shared")
            for keys, others in shared:
                kept = others > 0
                files[name].write(keys[kept], others[kept])
            files[name].close()
        self._counts = SpilledCounts(self.size, files, self._radii)
        return self._counts


# -------------------------------------------------------------------------------------- spill folders
@contextmanager
def spill_folder(parent: str | os.PathLike[str] | None = None) -> Iterator[str]:
    """A new folder for one run's spilled pairs in ``parent`` (default: the system's temporary folder,
    ``$TMPDIR``), deleted on leaving; first, the spill folders of runs whose process is gone are deleted
    (:func:`remove_stale_spill_folders`).

    The folder is ``fakeprofile-campaigns-<pid>-<random>`` and holds ``owner.json`` (``pid`` and ``host``),
    so that a later run can tell whether its owner is still alive.
    """
    parent = os.fspath(parent) if parent is not None else tempfile.gettempdir()
    remove_stale_spill_folders(parent)
    with tempfile.TemporaryDirectory(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=parent) as folder:
        with open(os.path.join(folder, _OWNER_FILE), "w", encoding="utf-8") as handle:
            json.dump({"pid": os.getpid(), "host": socket.gethostname()}, handle)
        yield folder


def remove_stale_spill_folders(parent: str | os.PathLike[str]) -> list[str]:
    """Delete the spill folders in ``parent`` that a run killed outright (SIGKILL, a power cut) left behind.

    Only folders named by :func:`spill_folder`, owned by this user, whose ``owner.json`` names this host
    and a process id that is not alive here. A folder without a readable owner (being created, or left
    by a version that recorded none) is left alone; so is every folder on Windows, where probing a
    process by its id is not harmless.

    Returns
    -------
    list of str
        The folders deleted.
    """
    if os.name == "nt":
        return []
    host, uid = socket.gethostname(), os.getuid()
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        pid_text = entry.name[len(SPILL_PREFIX):].partition("-")[0] if entry.name.startswith(SPILL_PREFIX) else ""
        if not pid_text.isdigit():
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != uid:
                continue
            with open(os.path.join(entry.path, _OWNER_FILE), encoding="utf-8") as handle:
                owner = json.load(handle)
        except (OSError, ValueError):
            continue
        if (isinstance(owner, dict) and owner.get("host") == host and owner.get("pid") == int(pid_text)
                and not _alive(int(pid_text))):
            shutil.rmtree(entry.path, ignore_errors=True)  # another run may be deleting it too
            removed.append(entry.path)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process of this id exists (a zombie counts: its parent has not collected it yet)."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, say
        return True
    return True

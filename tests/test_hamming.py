"""HammingIndex: exact Hamming-radius search, checked against a brute-force scan.

* Every query at radius 0 to 16 (stored codes, stored codes with 1 to 8 bits flipped, random codes)
  returns what the scan returns, ids and distances in (distance, id) order: on uniform and clustered
  codes; at 0, 1 and sizes whose block widths differ; with block counts set by hand; through the
  tables every time (``tables`` fixture) and with the index's own choice between tables and scan.
* The layout (codes stored once, sorted by the primary block, positions in their low bits and bit
  planes; 2- or 3-byte pointers for the other blocks; offsets of about 1.25 bytes a value) holds about
  15.5 bytes a code, ids included when they are consecutive; other ids are kept as uint32 when they
  fit (up to 2**32 - 1) and as int64 otherwise. Crowded buckets (offsets kept in full), plain offsets,
  more lookups than a scan is worth, radius 0 and 64 all answer exactly.
* A code stored several times under different ids is returned under each; codes above 2**63 work.
* Codes added in rounds are found as if the index had been built at once, and adding does not rebuild
  the big segment until the newer ones reach a quarter of its size.
* ``to_arrays``/``from_arrays`` round-trips through ``np.savez`` without pickle; bad arrays and bad
  arguments raise ValueError saying what is wrong.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile import hamming
from fakeprofile.hamming import HammingIndex, hamming_distances

RADII = range(17)
QUERIES_PER_RADIUS = 6


@pytest.fixture
def tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every added code gets tables at once, and queries always go through them (never a scan)."""
    monkeypatch.setattr(hamming, "BUFFER_SIZE", 1)
    monkeypatch.setattr(hamming, "SCAN_RATIO", 0)


def uniform(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 1 << 64, n, dtype=np.uint64, endpoint=False)


def flip(code: np.uint64, k: int, rng: np.random.Generator) -> np.uint64:
    """``code`` with ``k`` distinct random bits flipped."""
    for bit in rng.choice(64, k, replace=False):
        code ^= np.uint64(1) << np.uint64(bit)
    return code


def clustered(n: int, rng: np.random.Generator) -> np.ndarray:
    """Noisy copies (up to 3 bits flipped) of n / 50 centres: crowded buckets, many near neighbours."""
    codes = uniform(max(n // 50, 1), rng)[rng.integers(0, max(n // 50, 1), n)]
    for _ in range(3):
        bit = np.uint64(1) << rng.integers(0, 64, n, dtype=np.uint64)
        codes ^= np.where(rng.random(n) < 0.5, bit, np.uint64(0))
    return codes


def make_queries(codes: np.ndarray, count: int, rng: np.random.Generator) -> list[np.uint64]:
    """Stored codes, stored codes with 1 to 8 bits flipped, and random codes, in turn."""
    out = []
    for i in range(count):
        if len(codes) == 0 or i % 3 == 2:
            out.append(uniform(1, rng)[0])
        else:
            out.append(flip(codes[rng.integers(len(codes))], 0 if i % 3 == 0 else int(rng.integers(1, 9)), rng))
    return out


def brute(codes: np.ndarray, ids: np.ndarray, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray]:
    distances = hamming_distances(q, codes).astype(np.int64)
    hits = np.flatnonzero(distances <= radius)
    order = np.lexsort((ids[hits], distances[hits]))
    return ids[hits][order], distances[hits][order]


def assert_same(got: tuple[np.ndarray, np.ndarray], expected: tuple[np.ndarray, np.ndarray]) -> None:
    assert got[0].dtype == np.int64 and got[1].dtype == np.int64
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])


def check_against_brute(index: HammingIndex, codes: np.ndarray, ids: np.ndarray, rng: np.random.Generator) -> None:
    for radius in RADII:
        for q in make_queries(codes, QUERIES_PER_RADIUS, rng):
            assert_same(index.query(q, radius), brute(codes, ids, q, radius))


@pytest.mark.parametrize("make", [uniform, clustered])
@pytest.mark.parametrize(("n", "widths"), [(0, None), (1, (4, 5, 5)), (300, (6, 7, 7)), (2000, (9, 10, 10)),
                                           (20_000, (12, 13, 13))])
def test_tables_answer_exactly_what_a_scan_does(tables, make, n: int, widths: tuple[int, ...] | None) -> None:
    rng = np.random.default_rng(n)
    codes = make(n, rng)
    ids = rng.permutation(n).astype(np.int64)
    index = HammingIndex(codes, ids)
    assert [s.widths for s in index._segments] == ([widths] if n else [])
    check_against_brute(index, codes, ids, rng)


@pytest.mark.parametrize("n_blocks", [3, 5, 7, 16])
def test_any_block_count_answers_exactly(tables, n_blocks: int) -> None:
    rng = np.random.default_rng(n_blocks)
    codes = clustered(3000, rng)
    ids = np.arange(3000, dtype=np.int64)
    index = HammingIndex(codes, ids, n_blocks=n_blocks)
    assert len(index._segments[0].widths) == n_blocks
    check_against_brute(index, codes, ids, rng)


@pytest.mark.parametrize("make", [uniform, clustered])
def test_default_settings_answer_exactly_and_use_the_tables(make) -> None:
    rng = np.random.default_rng(7)
    codes = make(hamming.BUFFER_SIZE + 5000, rng)
    ids = np.arange(len(codes), dtype=np.int64)
    index = HammingIndex(codes[:-1000])
    index.add(codes[-1000:])  # scanned, in the buffer
    check_against_brute(index, codes, ids, rng)
    near = flip(codes[0], 3, rng)
    assert index.n_compared(near, 10) < len(codes) // 10  # tables, not a scan
    assert index.n_compared(near, 64) == len(codes)  # every code is within 64 bits: a scan is cheaper


def test_a_code_stored_under_several_ids_is_returned_under_each(tables) -> None:
    top = (1 << 64) - 1
    codes = np.array([top, 5, top, top, 1 << 63, 4], dtype=np.uint64)
    index = HammingIndex(codes, np.array([9, 0, 3, 7, 1, 2]))
    assert_same(index.query(top, 0), (np.array([3, 7, 9]), np.array([0, 0, 0])))
    assert_same(index.query(np.uint64(top), 1), (np.array([3, 7, 9]), np.array([0, 0, 0])))
    assert_same(index.query(top ^ 1, 1), (np.array([3, 7, 9]), np.array([1, 1, 1])))
    assert_same(index.query(1 << 63, 2), (np.array([1, 2]), np.array([0, 2])))
    np.testing.assert_array_equal(index.query(1, 64)[1], np.sort(hamming_distances(1, codes)))


def test_codes_above_2_63_work_from_python_ints_and_signed_arrays() -> None:
    big = [(1 << 64) - 1, (1 << 63) + 12345]
    index = HammingIndex(big)
    assert index.codes.dtype == np.uint64 and index.codes.tolist() == big
    assert_same(index.query(big[1] ^ 0b101, 2), (np.array([1]), np.array([2])))
    assert HammingIndex(np.array([3, 0], dtype=np.int8)).codes.tolist() == [3, 0]


def test_query_many_is_query_for_each() -> None:
    rng = np.random.default_rng(3)
    codes = clustered(500, rng)
    index = HammingIndex(codes)
    queries = np.array(make_queries(codes, 20, rng), dtype=np.uint64)
    for got, q in zip(index.query_many(queries, 6), queries, strict=True):
        assert_same(got, index.query(q, 6))


def test_adding_in_rounds_answers_as_building_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hamming, "BUFFER_SIZE", 64)
    rng = np.random.default_rng(11)
    codes = clustered(6000, rng)
    ids = rng.permutation(6000).astype(np.int64)
    index = HammingIndex(codes[:2000], ids[:2000])
    main = index._segments[0]
    end = 2000
    for size in [1, 30, 63, 64, 100, 5, 200]:  # 463 codes: less than a quarter of the main segment
        index.add(codes[end : end + size], ids[end : end + size])
        end += size
        sizes = [len(s) for s in index._segments]
        assert index._segments[0] is main
        assert all(older >= hamming.GROWTH * newer for older, newer in itertools.pairwise(sizes))
        assert len(index._buffer_codes) < 64 and len(index) == end
    assert len(index._segments) > 1
    np.testing.assert_array_equal(index.codes, codes[:end])
    np.testing.assert_array_equal(index.ids, ids[:end])
    at_once = HammingIndex(codes[:end], ids[:end])
    for radius in (0, 3, 8, 12):
        for q in make_queries(codes[:end], 10, rng):
            assert_same(index.query(q, radius), at_once.query(q, radius))
            assert_same(index.query(q, radius), brute(codes[:end], ids[:end], q, radius))

    index.add(codes[end:], ids[end:])  # enough to merge into the main segment
    assert main not in index._segments
    check_against_brute(index, codes, ids, rng)


def test_adding_a_thousand_codes_to_a_big_index_rebuilds_nothing() -> None:
    rng = np.random.default_rng(5)
    index = HammingIndex(uniform(100_000, rng))
    main = index._segments[0]
    index.add(uniform(1000, rng))
    assert index._segments == [main] and len(index) == 101_000
    np.testing.assert_array_equal(index.ids[-3:], [100_997, 100_998, 100_999])


def test_arrays_round_trip_through_npz(tables, tmp_path) -> None:
    rng = np.random.default_rng(2)
    codes = clustered(3000, rng)
    index = HammingIndex(codes, rng.permutation(3000), n_blocks=5)
    index.add(codes[:10], np.arange(10) + 10_000)
    np.savez(tmp_path / "index.npz", **index.to_arrays())
    with np.load(tmp_path / "index.npz", allow_pickle=False) as arrays:
        loaded = HammingIndex.from_arrays(arrays)
    np.testing.assert_array_equal(loaded.codes, index.codes)
    np.testing.assert_array_equal(loaded.ids, index.ids)
    assert loaded.to_arrays()["n_blocks"] == 5 and len(loaded._segments[0].widths) == 5
    for q in make_queries(codes, 30, rng):
        assert_same(loaded.query(q, 9), index.query(q, 9))


def test_a_big_segment_holds_about_15_bytes_a_code_with_consecutive_ids_kept_implicit() -> None:
    rng = np.random.default_rng(4)
    codes = uniform(300_000, rng)
    index = HammingIndex(codes)  # ids 0, 1, 2, ...: nothing stored
    (segment,) = index._segments
    assert segment._ids is None and segment._pointers_high.dtype == np.uint8
    assert len(segment._planes) == 19 - segment.widths[0]  # positions of 19 bits, the low w0 in the words
    assert index.nbytes / len(codes) < 16
    np.testing.assert_array_equal(index.codes, codes)
    np.testing.assert_array_equal(index.ids, np.arange(len(codes)))
    for q in make_queries(codes, 30, rng):
        assert_same(index.query(q, 10), brute(codes, np.arange(len(codes)), q, 10))


@pytest.mark.parametrize(("ids", "stored"), [
    (np.arange(10, 2010), None),  # consecutive from any start: implicit
    (np.arange(2000)[::-1], np.uint32),
    ((np.arange(2000) + (1 << 32) - 2000)[::-1], np.uint32),  # the largest id that fits, 2**32 - 1
    (np.arange(2000) * 3 + (1 << 32) - 5997, np.int64),  # one past it, 2**32
    (np.arange(2000) * 7 - 50, np.int64),  # negative ids
])
def test_ids_are_kept_in_the_smallest_form_and_returned_as_given(tables, ids: np.ndarray, stored) -> None:
    rng = np.random.default_rng(8)
    codes = clustered(len(ids), rng)
    index = HammingIndex(codes, ids)
    kept = index._segments[0]._ids
    assert (kept is None) if stored is None else kept.dtype == stored
    np.testing.assert_array_equal(index.ids, ids)
    for radius in (0, 4, 11):
        for q in make_queries(codes, 8, rng):
            assert_same(index.query(q, radius), brute(codes, ids.astype(np.int64), q, radius))


def test_crowded_buckets_keep_their_offsets_in_full_and_answer_exactly(tables) -> None:
    rng = np.random.default_rng(6)
    # 600 copies of one code, 300 of a near one, amid uniform codes: more than 254 entries to a group of 16 values
    crowd = [np.full(600, 12345, np.uint64), np.full(300, 12345 ^ 0b1011, np.uint64)]
    codes = np.concatenate([*crowd, uniform(4000, rng)])
    codes = codes[rng.permutation(len(codes))]
    ids = np.arange(len(codes), dtype=np.int64)
    index = HammingIndex(codes, ids)
    assert len(index._segments[0]._offsets.wide_groups) > 0
    np.testing.assert_array_equal(index.codes, codes)
    assert_same(index.query(12345, 0), brute(codes, ids, np.uint64(12345), 0))
    assert len(index.query(12345, 3)[0]) == 900
    check_against_brute(index, codes, ids, rng)


def test_plain_offsets_answer_exactly(tables, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hamming, "_PLAIN_OFFSETS", 0)  # as for 2**32 table entries or more
    rng = np.random.default_rng(9)
    codes = clustered(3000, rng)
    ids = np.arange(3000, dtype=np.int64)
    index = HammingIndex(codes, ids)
    assert index._segments[0]._offsets.rel is None
    np.testing.assert_array_equal(index.codes, codes)
    check_against_brute(index, codes, ids, rng)


def test_radius_0_and_64_and_too_many_lookups_answer_exactly(tables, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(12)
    codes = np.concatenate([clustered(3000, rng), codes_twice := uniform(5, rng), codes_twice])
    ids = np.arange(len(codes), dtype=np.int64)
    index = HammingIndex(codes, ids)
    for q in make_queries(codes, 20, rng):
        assert_same(index.query(q, 0), brute(codes, ids, q, 0))
        assert_same(index.query(q, 64), brute(codes, ids, q, 64))
    monkeypatch.setattr(hamming, "_MAX_LOOKUPS", 10)  # a scan, though SCAN_RATIO says tables
    hamming._plan.cache_clear()
    try:
        q = codes[7]
        assert index.n_compared(q, 9) == len(codes)
        assert_same(index.query(q, 9), brute(codes, ids, q, 9))
    finally:
        hamming._plan.cache_clear()


@pytest.mark.parametrize("radius", [0, 5, 20, 64])
def test_a_segment_scan_answers_exactly(radius: int) -> None:
    rng = np.random.default_rng(radius)
    codes = clustered(hamming.BUFFER_SIZE + 100, rng)
    ids = np.arange(len(codes), dtype=np.int64)
    (segment,) = HammingIndex(codes)._segments
    for q in make_queries(codes, 6, rng):  # few codes pass the check on the words (searched), or many (laid out)
        found, distances = segment.scan(q, radius)
        order = np.lexsort((found, distances))
        assert_same((found[order], distances[order].astype(np.int64)), brute(codes, ids, q, radius))


def test_pointers_take_2_3_or_4_bytes_by_segment_size() -> None:
    assert hamming._pointer_high_dtype(1 << 16) is None
    assert hamming._pointer_high_dtype((1 << 16) + 1) == np.uint8
    assert hamming._pointer_high_dtype(1 << 24) == np.uint8
    assert hamming._pointer_high_dtype((1 << 24) + 1) == np.uint16


def test_offsets_locate_the_bucket_of_every_slot() -> None:
    rng = np.random.default_rng(13)
    counts = [rng.poisson(3, 1000), np.zeros(37, np.int64), np.array([0, 700, 0, 1, 300]), rng.poisson(0.2, 500)]
    offsets = hamming._Offsets(counts)
    flat = np.concatenate(counts)
    starts = np.concatenate([[0], np.cumsum(flat)])
    np.testing.assert_array_equal(offsets.start(np.arange(len(starts))), starts)
    slots = np.arange(starts[-1])
    expected = np.repeat(np.arange(len(flat)), flat)
    np.testing.assert_array_equal(offsets.laid_out(len(flat)), expected)
    np.testing.assert_array_equal(offsets.locate(slots), expected)
    np.testing.assert_array_equal(offsets.locate(slots[::7]), expected[::7])


CODES = np.arange(3, dtype=np.uint64)
IDS = np.arange(3, dtype=np.int64)
BAD_ARRAYS = {
    "missing ids": ({"codes": CODES, "n_blocks": np.int64(0)}, "missing arrays: ids"),
    "signed codes": ({"codes": CODES.astype(np.int64), "ids": IDS, "n_blocks": np.int64(0)},
                     "codes must be a 1-D uint64 array, got 1-D int64"),
    "2-D codes": ({"codes": CODES.reshape(3, 1), "ids": IDS, "n_blocks": np.int64(0)},
                  "codes must be a 1-D uint64 array, got 2-D uint64"),
    "int32 ids": ({"codes": CODES, "ids": IDS.astype(np.int32), "n_blocks": np.int64(0)},
                  "ids must be a 1-D int64 array, got 1-D int32"),
    "lengths differ": ({"codes": CODES, "ids": IDS[:2], "n_blocks": np.int64(0)},
                       "codes and ids differ in length: 3 and 2"),
    "n_blocks array": ({"codes": CODES, "ids": IDS, "n_blocks": np.zeros(2, np.int64)},
                       "n_blocks must be an integer scalar"),
    "n_blocks out of range": ({"codes": CODES, "ids": IDS, "n_blocks": np.int64(2)},
                              r"n_blocks must be between 3 and 16, got 2"),
}


@pytest.mark.parametrize(("arrays", "message"), BAD_ARRAYS.values(), ids=BAD_ARRAYS.keys())
def test_from_arrays_rejects_bad_arrays_saying_why(arrays, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        HammingIndex.from_arrays(arrays)


INDEX = HammingIndex(CODES)
BAD_CALLS = {
    "negative radius": (lambda: INDEX.query(1, -1), r"radius must be between 0 and 64, got -1"),
    "radius above 64": (lambda: INDEX.query(1, 65), r"radius must be between 0 and 64, got 65"),
    "float radius": (lambda: INDEX.query(1, 2.5), "radius must be an integer, got 2.5"),
    "bool radius": (lambda: INDEX.query(1, True), "radius must be an integer, got True"),
    "negative code": (lambda: INDEX.query(-1, 2), r"a code must be in \[0, 2\*\*64\), got -1"),
    "code of 65 bits": (lambda: INDEX.query(1 << 64, 2), r"a code must be in \[0, 2\*\*64\)"),
    "float code": (lambda: INDEX.query(1.0, 2), "a code must be an integer, got float"),
    "string code": (lambda: INDEX.query("7", 2), "a code must be an integer, got str"),
    "float codes": (lambda: HammingIndex(np.array([1.5])), "codes must be unsigned 64-bit integers, got dtype float64"),
    "negative codes": (lambda: HammingIndex(np.array([3, -1])), "codes must be unsigned .* got a negative value"),
    "2-D codes": (lambda: HammingIndex(np.zeros((2, 2), np.uint64)), r"codes must be a 1-D array, got shape \(2, 2\)"),
    "float query_many": (lambda: INDEX.query_many(np.array([0.5]), 1), "codes must be unsigned 64-bit integers"),
    "short ids": (lambda: HammingIndex(CODES, IDS[:2]), r"ids must be a 1-D array as long as codes \(3\)"),
    "float ids": (lambda: HammingIndex(CODES, IDS * 1.0), "ids must be 64-bit signed integers, got dtype float64"),
    "ids without codes": (lambda: HammingIndex(ids=IDS), "ids given without codes"),
    "too few blocks": (lambda: HammingIndex(CODES, n_blocks=2), "n_blocks must be between 3 and 16, got 2"),
    "hamming_distances float": (lambda: hamming_distances(0, np.ones(2)), "codes must be unsigned 64-bit integers"),
}


@pytest.mark.parametrize(("call", "message"), BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_bad_arguments_raise_value_error_naming_the_problem(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_byte_table_popcount_matches_bitwise_count() -> None:
    x = np.concatenate([uniform(1000, np.random.default_rng(0)), np.array([0, (1 << 64) - 1, 1 << 63], np.uint64)])
    np.testing.assert_array_equal(hamming._popcount_table(x), np.bitwise_count(x))


@settings(max_examples=150, deadline=None)
@given(
    codes=st.lists(st.integers(0, (1 << 64) - 1), max_size=40),
    copies=st.integers(0, 3),
    query=st.integers(0, (1 << 64) - 1),
    flips=st.lists(st.integers(0, 63), max_size=8),
    from_stored=st.booleans(),
    radius=st.integers(0, 12),
    n_blocks=st.sampled_from([None, 3, 4, 6, 16]),
)
def test_property_tables_agree_with_brute_force(codes, copies, query, flips, from_stored, radius, n_blocks) -> None:
    codes = np.array(codes + codes[:copies], dtype=np.uint64)  # some codes stored twice
    if from_stored and len(codes):
        query = int(codes[query % len(codes)])
    for bit in flips:
        query ^= 1 << bit
    ids = np.arange(len(codes), dtype=np.int64)[::-1].copy()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hamming, "BUFFER_SIZE", 1)
        patch.setattr(hamming, "SCAN_RATIO", 0)
        index = HammingIndex(codes, ids, n_blocks=n_blocks)
        assert_same(index.query(query, radius), brute(codes, ids, np.uint64(query), radius))

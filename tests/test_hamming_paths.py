"""HammingIndex's query paths that the default settings take only for some queries, each checked against a scan.

* A query's last few candidates are finished in Python (``_FEW_CODES``), more of them with numpy: both
  answer exactly, forced one way or the other, with the codes met through the other blocks first
  screened by their slots (``_MANY``) or not; and so does finishing each kind of candidate (met
  through the primary block, or through the others) its own way, all four pairings reached.
* The pieces those paths stand on: ``_in_buckets`` (is a slot in one of the primary block's buckets),
  ``_first_of_runs`` (drops repeats among sorted slots), ``_Offsets.locate_few`` (a handful of slots'
  values, in Python) against ``_Offsets.locate``, and ``_by_distance_then_id`` (one sorted key when
  the ids span less than 2**56, else ``np.lexsort``).
"""

from __future__ import annotations

import numpy as np
import pytest

from fakeprofile import hamming
from fakeprofile.hamming import HammingIndex
from tests.test_hamming import brute, check_against_brute, clustered, uniform

FEW_FOR_MIXING = 6  # few enough that near copies' candidates are often many of one kind, few of the other


@pytest.fixture(params=["python", "numpy", "numpy, screened by slot", "each kind its own way"])
def finishing(request, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every code gets tables, queries go through them, and their candidates are finished one way only (or,
    for "each kind its own way", with few enough ``_FEW_CODES`` that the two kinds often part)."""
    monkeypatch.setattr(hamming, "BUFFER_SIZE", 1)
    monkeypatch.setattr(hamming, "SCAN_RATIO", 0)
    few = {"python": 1 << 30, "each kind its own way": FEW_FOR_MIXING}.get(request.param, 0)
    monkeypatch.setattr(hamming, "_FEW_CODES", few)
    monkeypatch.setattr(hamming, "_MANY", 0 if "screened" in request.param else 1 << 30)
    return request.param


@pytest.mark.parametrize("make", [uniform, clustered])
@pytest.mark.parametrize("n_blocks", [None, 4, 7])
def test_either_way_of_finishing_answers_exactly(finishing, make, n_blocks) -> None:
    rng = np.random.default_rng(21)
    codes = make(5000, rng)
    ids = rng.permutation(len(codes)).astype(np.int64)
    check_against_brute(HammingIndex(codes, ids, n_blocks=n_blocks), codes, ids, rng)


def test_either_way_of_finishing_answers_exactly_with_crowded_buckets(finishing) -> None:
    rng = np.random.default_rng(22)
    crowd = [np.full(700, 999, np.uint64), np.full(300, 999 ^ (1 << 40), np.uint64),
             np.full(300, 999 ^ 0b11, np.uint64)]
    codes = np.concatenate([*crowd, clustered(4000, rng)])
    codes = codes[rng.permutation(len(codes))]
    ids = np.arange(len(codes), dtype=np.int64) * 3 - 7
    index = HammingIndex(codes, ids)
    assert len(index._segments[0]._offsets.wide_groups) > 0
    for radius in (0, 2, 5, 10, 14):
        for q in [999, 999 ^ (1 << 40) ^ 0b100, 999 ^ 0b11 ^ (1 << 63)]:
            got = index.query(q, radius)
            expected = brute(codes, ids, np.uint64(q), radius)
            np.testing.assert_array_equal(got[0], expected[0])
            np.testing.assert_array_equal(got[1], expected[1])


def _spy(cls: type, name: str, way: str, ways: list[str]) -> object:
    """``cls.name``, noting ``way`` in ``ways`` at each call (a staticmethod stays one)."""
    method = getattr(cls, name)

    def spy(*args):
        ways.append(way)
        return method(*args)

    return staticmethod(spy) if isinstance(cls.__dict__[name], staticmethod) else spy


def test_each_kind_of_candidate_is_finished_its_own_way_in_all_four_pairings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hamming, "BUFFER_SIZE", 1)
    monkeypatch.setattr(hamming, "SCAN_RATIO", 0)
    monkeypatch.setattr(hamming, "_FEW_CODES", FEW_FOR_MIXING)
    ways: list[str] = []  # how the last query's candidates were finished
    for name, way in [("_near_primary", "primary numpy"), ("_near_primary_one_by_one", "primary python"),
                      ("_new_others", "others numpy"), ("_new_others_one_by_one", "others python"),
                      ("_matches_one_by_one", "all python")]:
        monkeypatch.setattr(hamming._Segment, name, _spy(hamming._Segment, name, way, ways))
    rng = np.random.default_rng(26)
    codes = clustered(5000, rng)
    ids = np.arange(len(codes), dtype=np.int64)
    index = HammingIndex(codes, ids)
    pairings = set()
    for radius in (2, 3, 4, 8, 12):
        # Stored codes, and some with bits flipped in the primary block (the top ones): fewer met through it.
        for q in [*codes[:40], *(c ^ np.uint64(0b11 << 61) for c in codes[40:80]),
                  *(c ^ np.uint64(0b1111 << 59) for c in codes[80:120]),
                  *(c ^ np.uint64(0b101 << 60 | 0b11) for c in codes[120:160])]:
            ways.clear()
            got = index.query(q, radius)
            expected = brute(codes, ids, q, radius)
            np.testing.assert_array_equal(got[0], expected[0])
            np.testing.assert_array_equal(got[1], expected[1])
            if "all python" not in ways:
                pairings.add(tuple(ways))
    assert pairings >= {("primary numpy", "others numpy"), ("primary numpy", "others python"),
                        ("primary python", "others numpy"), ("primary python", "others python")}


def test_first_of_runs_keeps_one_of_each_run_of_sorted_values() -> None:
    rng = np.random.default_rng(27)
    for size in (0, 1, 2, 50):
        values = np.sort(rng.integers(0, 20, size))
        first = hamming._first_of_runs(values)
        np.testing.assert_array_equal(values[first], np.unique(values))
        assert first.dtype == bool and (size == 0 or first[0])


def test_in_buckets_says_whether_a_slot_lies_in_one_of_disjoint_stretches() -> None:
    rng = np.random.default_rng(23)
    for _ in range(500):
        cuts = np.sort(rng.integers(0, 100, 2 * rng.integers(0, 20))).reshape(-1, 2)  # some empty, some touching
        cuts = cuts[rng.permutation(len(cuts))]
        slots = np.arange(105)
        expected = np.zeros(len(slots), bool)
        for start, end in cuts:
            expected |= (slots >= start) & (slots < end)
        np.testing.assert_array_equal(hamming._in_buckets(slots, cuts[:, 0], cuts[:, 1]), expected)


@pytest.mark.parametrize("plain", [False, True])
def test_locate_few_agrees_with_locate(plain: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if plain:
        monkeypatch.setattr(hamming, "_PLAIN_OFFSETS", 0)
    rng = np.random.default_rng(24)
    counts = [rng.poisson(3, 1000), np.zeros(37, np.int64), np.array([0, 700, 0, 1, 300, 0, 0, 260]),
              rng.poisson(0.2, 500)]
    offsets = hamming._Offsets(counts)
    assert (offsets.rel is None) == plain
    slots = np.concatenate([rng.integers(0, sum(int(c.sum()) for c in counts), 40), [0, 3000, 3700, 3999]])
    assert offsets.locate_few(slots) == offsets.locate(slots).tolist()


@pytest.mark.parametrize("span", [1000, 1 << 56, 1 << 62])
def test_many_results_are_sorted_by_distance_then_id(span: int) -> None:
    rng = np.random.default_rng(25)
    count = hamming._FEW_CODES + 100
    ids = np.concatenate([rng.integers(-span // 2, span // 2, count - 2), [-span // 2, span // 2 - 1]])
    distances = rng.integers(0, 65, count)
    order = np.lexsort((ids, distances))
    got_ids, got_distances = hamming._by_distance_then_id(ids, distances)
    np.testing.assert_array_equal(got_ids, ids[order])
    np.testing.assert_array_equal(got_distances, distances[order])

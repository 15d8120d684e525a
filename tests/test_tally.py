"""Campaign counts in bounded memory: external sorting, run counting, near-photo sums, on-disk lookups."""

from __future__ import annotations

import math
import os
import pickle
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from fakeprofile.extractors import BatchCounts
from fakeprofile.tally import PAIR, ExternalSort, PairFile, SpilledCounts, SpilledTally, key_text, near_others, runs


def _pairs(rng, n, hi_values=None, lo_values=None):
    hi = rng.integers(0, 2**64, n, dtype=np.uint64) if hi_values is None else rng.choice(hi_values, n)
    lo = rng.integers(0, 2**64, n, dtype=np.uint64) if lo_values is None else rng.choice(lo_values, n)
    return hi.astype(np.uint64), lo.astype(np.uint64)


def _sorted_back(sorter):
    blocks = list(sorter.sorted_blocks())
    return np.concatenate(blocks) if blocks else np.empty(0, PAIR), blocks


@pytest.mark.parametrize("memory_rows", [1 << 20, 64, 5])
@pytest.mark.parametrize("shape", ["random", "few keys", "one key", "one pair"])
def test_pairs_come_back_sorted_in_bounded_blocks_whatever_their_skew(tmp_path, memory_rows, shape):
    rng = np.random.default_rng(7)
    hi, lo = {
        "random": lambda: _pairs(rng, 3000),
        # Keys alike in their top bytes: partitions are split again and again down to the low bytes.
        "few keys": lambda: _pairs(rng, 3000, hi_values=np.array([5, 6, 2**63 + 1], np.uint64)),
        "one key": lambda: _pairs(rng, 3000, hi_values=np.array([42], np.uint64)),
        # All 128 bits alike: no byte can split them.
        "one pair": lambda: (np.full(300, 9, np.uint64), np.full(300, 3, np.uint64)),
    }[shape]()
    sorter = ExternalSort(tmp_path, "t", memory_rows=memory_rows)
    for start in range(0, len(hi), 250):
        sorter.add(hi[start:start + 250], lo[start:start + 250])
    got, blocks = _sorted_back(sorter)
    expected = np.sort(np.rec.fromarrays([hi, lo], dtype=PAIR).view(PAIR), order=["hi", "lo"])
    assert np.array_equal(got["hi"], expected["hi"]) and np.array_equal(got["lo"], expected["lo"])
    assert all(0 < len(block) <= memory_rows for block in blocks)
    assert sorter.spilled == (len(hi) >= memory_rows)
    assert os.listdir(tmp_path) == []  # every partition file is deleted once read


def test_an_empty_sort_gives_nothing(tmp_path):
    sorter = ExternalSort(tmp_path, "t", memory_rows=4)
    sorter.add(np.empty(0, np.uint64), np.empty(0, np.uint64))
    assert list(sorter.sorted_blocks()) == []
    with pytest.raises(ValueError, match="memory_rows"):
        ExternalSort(tmp_path, "t", memory_rows=0)


@pytest.mark.parametrize("memory_rows", [1 << 20, 7])
def test_runs_count_distinct_ids_and_sum_values_across_block_ends(tmp_path, memory_rows):
    rng = np.random.default_rng(3)
    hi, lo = _pairs(rng, 2000, hi_values=np.arange(60, dtype=np.uint64) * np.uint64(2**58 + 11),
                    lo_values=np.arange(25, dtype=np.uint64))
    frame = pd.DataFrame({"hi": hi, "lo": lo})
    for distinct, expected in [(True, frame.groupby("hi")["lo"].nunique()), (False, frame.groupby("hi")["lo"].sum())]:
        sorter = ExternalSort(tmp_path, f"r{distinct}", memory_rows=memory_rows)
        sorter.add(hi, lo)
        pieces = list(runs(sorter.sorted_blocks(), distinct=distinct))
        keys = np.concatenate([k for k, _ in pieces])
        values = np.concatenate([v for _, v in pieces])
        assert np.all(keys[1:] > keys[:-1])  # each key once, in order
        assert dict(zip(keys.tolist(), values.tolist(), strict=True)) == expected.to_dict()
    assert list(runs([], distinct=True)) == []


def _clustered_codes(rng, centres, copies, max_flips):
    """Codes near ``centres`` random centres (up to ``max_flips`` bits flipped), with repeats."""
    base = rng.integers(0, 2**64, centres, dtype=np.uint64)
    codes = []
    for centre in base.tolist():
        for _ in range(rng.integers(1, copies + 1)):
            code = centre
            for bit in rng.choice(64, rng.integers(0, max_flips + 1), replace=False).tolist():
                code ^= 1 << bit
            codes.append(code)
    return np.array(codes, np.uint64)


def _brute_others(keys, counts, radius):
    distances = np.bitwise_count(keys[:, None] ^ keys[None, :])
    return (distances <= radius).astype(np.int64) @ counts - 1


@pytest.mark.parametrize("radius", [0, 1, 4, 7])
@pytest.mark.parametrize("memory_rows", [1 << 20, 9])
def test_near_photo_sums_equal_a_brute_force_comparison_of_every_pair(tmp_path, radius, memory_rows):
    rng = np.random.default_rng(radius)
    codes = _clustered_codes(rng, centres=80, copies=8, max_flips=radius + 3)
    keys, counts = np.unique(codes, return_counts=True)
    distinct = PairFile(tmp_path / "distinct")
    for start in range(0, len(keys), 50):
        distinct.write(keys[start:start + 50], counts[start:start + 50])
    summed = near_others(distinct.close(), radius, tmp_path, "photo", memory_rows=memory_rows)
    got = {int(k): int(v) for ks, vs in runs(summed.sorted_blocks(), distinct=False)
           for k, v in zip(ks, vs, strict=True)}
    expected = _brute_others(keys, counts, radius)
    assert sum(expected > 0) > 20  # the clusters do overlap: the comparison is not of zeros
    assert {k: got.get(k, 0) for k in keys.tolist()} == dict(zip(keys.tolist(), expected.tolist(), strict=True))


def test_a_pair_agreeing_on_many_blocks_counts_once(tmp_path):
    distinct = PairFile(tmp_path / "distinct")  # codes one bit apart: they agree on five of the six blocks
    distinct.write(np.array([0, 1], np.uint64), np.array([3, 2], np.int64))
    summed = near_others(distinct.close(), 4, tmp_path, "x")
    got = {int(k): int(v) for ks, vs in runs(summed.sorted_blocks(), distinct=False)
           for k, v in zip(ks, vs, strict=True)}
    assert got == {0: 2 + 2, 1: 1 + 3}


def _tally(tmp_path, chunks, radii, memory_rows=1 << 20):
    tally = SpilledTally(tmp_path, radii, memory_rows=memory_rows)
    for chunk in chunks:
        ids = [ident for ident, _ in chunk]
        keys = {name: [None if key.get(name) is None else key_text(key[name]) for _, key in chunk] for name in radii}
        tally.add(keys, ids, valid=len(chunk))
    return tally.counts()


@pytest.mark.parametrize("memory_rows", [1 << 20, 4])
def test_spilled_counts_answer_as_batch_counts_do(tmp_path, memory_rows):
    rng = np.random.default_rng(11)
    notes = ["campaign a", "campaign b", "unique", "b", ("tuple", 1)]
    photos = _clustered_codes(rng, centres=12, copies=4, max_flips=5).tolist()
    profiles = []
    for _ in range(400):
        ident = f"p{rng.integers(0, 300)}"  # some ids recur: a profile counts once per key
        key = {"invitation": notes[rng.integers(0, len(notes))] if rng.random() < 0.8 else None,
               "photo": photos[rng.integers(0, len(photos))] if rng.random() < 0.7 else None}
        if ident == "p7":
            key = {"invitation": "unique", "photo": photos[0]}
        profiles.append((ident, key))
    chunks = [profiles[i:i + 37] for i in range(0, len(profiles), 37)]
    spilled = _tally(tmp_path, chunks, {"invitation": None, "photo": 4}, memory_rows)
    counts = {"invitation": Counter(), "photo": Counter()}
    for name in counts:
        for key in {(key[name], ident) for ident, key in profiles if key[name] is not None}:
            counts[name][key[0]] += 1
    memory = BatchCounts(counts, size=len(profiles), radii={"photo": 4})
    drawn = {name: sorted({key[name] for _, key in profiles if key[name] is not None}, key=str) for name in counts}
    assert len(drawn["invitation"]) == len(notes) and len(drawn["photo"]) > 20
    for name, keys in drawn.items():
        got = [spilled.others(name, key) for key in keys]
        assert got == [memory.others(name, key) for key in keys]
        assert any(value > 0 for value in got)
    assert spilled.size == 400
    assert math.isnan(spilled.others("invitation", None)) and math.isnan(spilled.others("name", "x"))


def test_spilled_counts_pickle_as_file_names_and_fences_and_answer_when_unpickled(tmp_path):
    codes = [0, 2**64 - 1, 0x5555_5555_5555_5555]  # 32 bits or more apart
    chunks = [[(f"id{i}", {"photo": codes[i % 3], "invitation": "same note"}) for i in range(3000)]]
    spilled = _tally(tmp_path, chunks, {"invitation": None, "photo": 4})
    before = spilled.others("photo", codes[0])
    wire = pickle.dumps(spilled)
    assert len(wire) < 1000  # not the arrays
    assert spilled.stored == {"invitation": 1, "photo": 3}
    again = pickle.loads(wire)
    assert again.others("photo", codes[0]) == before == 999
    assert again.others("invitation", "same note") == 2999 and again.others("invitation", "other") == 0


def test_an_input_without_keys_or_with_one_profile_counts_nothing(tmp_path):
    empty = _tally(tmp_path, [[("a", {}), ("b", {})]], {"invitation": None, "photo": 4})
    assert empty.others("invitation", "x") == 0 and empty.others("photo", 5) == 0
    assert empty.stored == {"invitation": 0, "photo": 0}
    alone = SpilledCounts(1, {"invitation": PairFile(tmp_path / "none").close()}, {})
    assert math.isnan(alone.others("invitation", "x"))


@pytest.mark.parametrize("rows", [0, 1, 511, 512, 513, 5000])
def test_a_pair_file_finds_every_key_it_holds_and_no_other(tmp_path, rows):
    rng = np.random.default_rng(rows)
    keys = np.unique(rng.integers(1, 2**64 - 1, rows, dtype=np.uint64))
    values = rng.integers(0, 10**9, len(keys))
    file = PairFile(tmp_path / "f")
    for start in range(0, len(keys), 333):  # fences land across the pieces written
        file.write(keys[start:start + 333], values[start:start + 333])
    file = pickle.loads(pickle.dumps(file.close()))
    assert [file.get(k) for k in keys] == values.tolist()
    assert file.get(np.uint64(0)) is None and file.get(np.uint64(2**64 - 1)) is None
    assert all(file.get(k + np.uint64(1)) is None for k in keys[:50] if k + np.uint64(1) not in keys)
    if len(keys):
        file.release()
        assert file.get(keys[-1]) == values[-1], "a released file is opened again when asked"
        file.release()
    read = np.concatenate(list(file.pieces(100))) if len(keys) else np.empty(0, PAIR)
    assert np.array_equal(read["hi"], keys) and np.array_equal(read["lo"].astype(np.int64), values)


def test_a_tally_counts_once_and_takes_no_chunk_after(tmp_path):
    tally = SpilledTally(tmp_path, {"invitation": None})
    tally.add({"invitation": [key_text("hello"), key_text("hello")]}, ["a", "b"], valid=2)
    first = tally.counts()
    assert tally.counts() is first and first.others("invitation", "hello") == 1
    with pytest.raises(RuntimeError, match="counted already"):
        tally.add({"invitation": [key_text("hello")]}, ["c"], valid=1)


def test_a_partition_is_split_by_the_first_byte_its_pairs_do_not_share(tmp_path, monkeypatch):
    import fakeprofile.tally as tally_module

    depths = []
    real_partition = tally_module._partition
    monkeypatch.setattr(tally_module, "_partition",
                        lambda pairs, stem, depth: depths.append(depth) or real_partition(pairs, stem, depth))
    rng = np.random.default_rng(5)
    ids = rng.integers(0, 2**64, 20_000, dtype=np.uint64)
    sorter = ExternalSort(tmp_path, "one-note", memory_rows=2_000)  # one note sent by 20,000 profiles
    sorter.add(np.full(len(ids), 12345, np.uint64), ids)
    got, blocks = _sorted_back(sorter)
    assert np.array_equal(got["lo"], np.sort(ids)) and all(len(block) <= 2_000 for block in blocks)
    assert set(depths) == {0, 8}, "the key's eight bytes are skipped at once, not copied byte by byte"


def test_near_sums_hold_when_one_group_of_codes_spans_many_blocks(tmp_path):
    rng = np.random.default_rng(2)
    top = np.uint64(0xABCDEF) << np.uint64(40)  # every code agrees on the top 24 bits: one group per table
    codes = np.unique(top | (rng.integers(0, 2**40, 300, dtype=np.uint64) & np.uint64(0x0F0F0F0F0F)))
    counts = rng.integers(1, 4, len(codes))
    distinct = PairFile(tmp_path / "distinct")
    distinct.write(codes, counts)
    summed = near_others(distinct.close(), 4, tmp_path, "crowd", memory_rows=16)
    got = {int(k): int(v) for ks, vs in runs(summed.sorted_blocks(), distinct=False)
           for k, v in zip(ks, vs, strict=True)}
    expected = _brute_others(codes, counts, 4)
    assert (expected > 0).sum() > 50
    assert {k: got.get(k, 0) for k in codes.tolist()} == dict(zip(codes.tolist(), expected.tolist(), strict=True))

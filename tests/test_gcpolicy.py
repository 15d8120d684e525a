"""The collector's thresholds during batch work: raised within, restored after, and set in the workers."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest

from fakeprofile import gcpolicy, parallel
from fakeprofile.gcpolicy import BATCH_THRESHOLDS, batch_collections, use_batch_collections
from fakeprofile.io.readers import DataSource


@pytest.fixture
def default_thresholds(monkeypatch):
    """Python's default thresholds, and no block open: another module's server may hold one open in this process
    (pytest-xdist runs tests of several modules in one), which the test must not see."""
    monkeypatch.setattr(gcpolicy, "_depth", 0)
    monkeypatch.setattr(gcpolicy, "_before", None)
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_thresholds_are_raised_within_the_block_and_restored_after_it(default_thresholds):
    with batch_collections():
        assert gc.get_threshold() == BATCH_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_are_restored_when_the_block_raises(default_thresholds):
    with pytest.raises(RuntimeError), batch_collections():
        raise RuntimeError("scoring failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_overlapping_blocks_restore_only_when_the_last_one_ends(default_thresholds):
    inner_entered, outer_may_end = threading.Event(), threading.Event()
    seen_inside: list[tuple[int, int, int]] = []

    def inner() -> None:
        with batch_collections():
            inner_entered.set()
            outer_may_end.wait(10)
        seen_inside.append(gc.get_threshold())

    with batch_collections():
        thread = threading.Thread(target=inner)
        thread.start()
        assert inner_entered.wait(10)
    assert gc.get_threshold() == BATCH_THRESHOLDS  # the other thread's block is still open
    outer_may_end.set()
    thread.join(10)
    assert seen_inside == [(700, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("given", [(0, 10, 10), (200_000, 10, 10)])
def test_collection_turned_off_or_already_rarer_is_left_as_it_is(given, default_thresholds):
    before = gc.get_threshold()
    gc.set_threshold(*given)
    try:
        with batch_collections():
            assert gc.get_threshold() == given
        use_batch_collections()
        assert gc.get_threshold() == given
    finally:
        gc.set_threshold(*before)


def test_a_batch_run_scores_under_the_batch_thresholds_and_restores_them(trained, tmp_path, monkeypatch,
                                                                        default_thresholds):
    model, _ = trained
    src = tmp_path / "profiles.jsonl"
    src.write_text("".join(f'{{"id": "p{i}", "connections": {i}}}\n' for i in range(5)), encoding="utf-8")
    seen: list[tuple[int, int, int]] = []
    count_campaigns = parallel.count_campaigns

    def counting(*args, **kwargs):
        seen.append(gc.get_threshold())
        return count_campaigns(*args, **kwargs)

    monkeypatch.setattr(parallel, "count_campaigns", counting)
    summary = parallel.score_sources(model, [DataSource(src)], tmp_path / "out.jsonl", n_reasons=0)
    assert summary.scored == 5
    assert seen == [BATCH_THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)


def test_worker_processes_collect_at_the_batch_thresholds(trained):
    model, _ = trained
    job = parallel._Job(model)
    with ProcessPoolExecutor(max_workers=1, mp_context=parallel._process_context(),
                             initializer=parallel._init_worker, initargs=(job,)) as pool:
        assert pool.submit(gc.get_threshold).result(timeout=120) == BATCH_THRESHOLDS


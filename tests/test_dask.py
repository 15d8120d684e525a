"""Scoring on a Dask cluster gives what scoring on one machine gives, and sends the model once per worker."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("dask", reason="the dask extra is not installed: pip install 'fakeprofile[dask]'")
pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'fakeprofile[dask]'")

import dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from fakeprofile.artifact import DEFAULT_MODEL_DIR, load_model  # noqa: E402
from fakeprofile.cli import main  # noqa: E402
from fakeprofile.dask import MAX_BLOCKSIZE, MIN_BLOCKSIZE, PARTITIONS_PER_THREAD, blocksize_for  # noqa: E402
from fakeprofile.io.jsonl import read_jsonl  # noqa: E402
from fakeprofile.io.readers import DataSource  # noqa: E402
from fakeprofile.parallel import campaign_keys, record_frames  # noqa: E402
from fakeprofile.scoring import Model, score_frame  # noqa: E402
from tests.test_score_frame import AS_OF, campaign_others, write_campaign_input  # noqa: E402

#: A real LocalCluster, started and stopped: not for `pytest -m "not slow"`.
slow = pytest.mark.slow

#: Small blocks: the profiles that share a photo or a note land in different partitions.
BLOCKSIZE = 64 * 1024


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        yield cluster


@pytest.fixture(scope="module")
def campaign_file(tmp_path_factory):
    return write_campaign_input(tmp_path_factory.mktemp("dask"))


@pytest.fixture(scope="module")
def model():
    model = load_model(DEFAULT_MODEL_DIR)
    model.scoring_as_of = AS_OF
    return model


def _count_model_loads() -> None:
    """On a worker: count every Model unpickled from now on."""

    def setstate(self, state):
        type(self).loads_on_this_worker += 1
        self.__dict__.update(state)

    Model.loads_on_this_worker = 0
    Model.__setstate__ = setstate


def _model_loads() -> int:
    return Model.loads_on_this_worker


@slow
def test_the_cluster_writes_what_one_machine_writes(cluster, campaign_file, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("fakeprofile.dask.MAX_BLOCKSIZE", BLOCKSIZE)  # partitions written in order
    outputs, messages = {}, {}
    for name, extra in (("local", ["--jobs", "1"]), ("dask", ["--dask", cluster.scheduler_address])):
        out = tmp_path / f"{name}.jsonl"
        assert main(["--quiet", "predict", "--data", str(campaign_file), "--out", str(out), "--as-of", AS_OF,
                     *extra]) == 3
        outputs[name], messages[name] = out.read_bytes(), capsys.readouterr().err
    assert outputs["dask"] == outputs["local"]
    assert messages["dask"] == messages["local"] and "read 246, scored 241, rejected 5" in messages["dask"]


@slow
def test_campaign_counts_over_partitions_equal_those_over_the_whole_input(cluster, campaign_file, model,
                                                                          monkeypatch):
    from fakeprofile.dask import campaign_counts
    from fakeprofile.dask import read_jsonl as read_partitions

    monkeypatch.setattr("fakeprofile.dask.FAN_IN", 3)  # the partitions' pairs merged over three levels
    with Client(cluster) as client:
        records = read_partitions(campaign_file, blocksize=BLOCKSIZE, client=client)
        assert records.npartitions >= 10
        pinned = model.pinned()
        merged = campaign_counts(records, pinned, client=client)
    profiles = [item.profile for item in read_jsonl(campaign_file) if item.ok]
    whole = pinned.batch_counts(profiles)
    others = campaign_others(pinned, profiles, merged)
    assert others == campaign_others(pinned, profiles, whole) and merged.size == whole.size
    assert max(n for row in others for n in row.values() if n is not None) >= 2, "some profiles share a photo or a note"


@slow
def test_score_matches_score_frame_on_one_machine_and_sends_the_model_once(cluster, campaign_file, model):
    from fakeprofile.dask import SHIPMENT_PREFIX, release, score
    from fakeprofile.dask import read_jsonl as read_partitions

    with Client(cluster) as client:
        client.run(_count_model_loads)
        records = read_partitions(campaign_file, blocksize=BLOCKSIZE, client=client)
        scored = score(records, model, client=client).compute()
        loads = client.run(_model_loads)
        release(client)
        left = client.run(lambda dask_worker: [n for n in dask_worker.plugins if n.startswith(SHIPMENT_PREFIX)])
    assert list(left.values()) == [[], []], "release takes the model and the counts off the workers"
    assert records.npartitions > len(loads) == 2
    assert sorted(loads.values()) == [1, 1], "each worker received the model once, not once per partition"

    whole = next(record_frames([DataSource(campaign_file)], chunk_rows=10**9))
    expected = score_frame(whole, model, batch=model.batch_counts(
        [item.profile for item in read_jsonl(campaign_file) if item.ok]))
    pd.testing.assert_frame_equal(scored.reset_index(drop=True), expected.reset_index(drop=True))
    assert scored["error"].notna().sum() == 5


MB = 2**20


@pytest.mark.parametrize(("total_bytes", "threads", "blocksize"), [
    (50 * MB, 2, 50 * MB // (2 * PARTITIONS_PER_THREAD)),  # 20,000 profiles on 2 workers: 16 partitions, not 2
    (50 * MB, 8, MIN_BLOCKSIZE),                            # a partition is at least a second of scoring
    (10 * 2**30, 2, MAX_BLOCKSIZE),                          # and at most some seconds
    (0, 4, MIN_BLOCKSIZE),
    (50 * MB, 0, 50 * MB // PARTITIONS_PER_THREAD),         # no worker yet: as for one thread
])
def test_blocksize_gives_every_worker_thread_several_partitions_within_bounds(total_bytes, threads, blocksize):
    assert blocksize_for(total_bytes, threads) == blocksize


def test_read_jsonl_keeps_the_text_as_python_strings_in_partitions_for_every_thread(campaign_file, monkeypatch):
    from dask.system import CPU_COUNT

    from fakeprofile.dask import read_jsonl as read_partitions

    monkeypatch.setattr("fakeprofile.dask.MIN_BLOCKSIZE", 1024)  # the file is small
    records = read_partitions(campaign_file)  # no client: Dask's local scheduler, one thread per core
    assert records.npartitions == PARTITIONS_PER_THREAD * CPU_COUNT
    first = records.partitions[0].compute(scheduler="sync")
    assert {str(dtype) for dtype in records.dtypes} == {str(dtype) for dtype in first.dtypes} == {"object", "int64"}
    assert type(first["record"].iloc[0]) is str  # what score_frame reads, not converted to Arrow on the way


def test_a_partition_is_keyed_and_scored_in_chunks_as_a_whole_frame_would_be(campaign_file, model, monkeypatch):
    from fakeprofile.dask import _keys_of, _score_partition

    whole = next(record_frames([DataSource(campaign_file)], chunk_rows=10**9))
    pinned = model.pinned()
    batch = pinned.batch_counts([item.profile for item in read_jsonl(campaign_file) if item.ok])
    expected_scores, expected_keys = score_frame(whole, pinned, batch=batch), campaign_keys(whole, pinned)
    sizes = []

    def scoring(frame, *args, **kwargs):
        sizes.append(len(frame))
        return score_frame(frame, *args, **kwargs)

    monkeypatch.setattr("fakeprofile.dask.DEFAULT_CHUNK_ROWS", 100)
    monkeypatch.setattr("fakeprofile.dask.score_frame", scoring)
    # Without a distributed client, what ship() sends is the objects themselves.
    scored = _score_partition(whole, {"model": pinned}, {"batch": batch}, 3)
    assert sizes == [82, 82, 82] and len(whole) == 246
    pd.testing.assert_frame_equal(scored, expected_scores)
    pd.testing.assert_frame_equal(_keys_of(whole, {"model": pinned}), expected_keys)


def _record_reads() -> None:
    """On a worker: note every block read from its file, from now on."""
    import fakeprofile.dask as fpd

    fpd.reads_on_this_worker = []
    fpd.read_block_rows = getattr(fpd, "read_block_rows", fpd._block_rows)

    def reading(block):
        fpd.reads_on_this_worker.append(tuple(block))
        return fpd.read_block_rows(block)

    fpd._block_rows = reading


def _recorded_reads() -> list:
    import fakeprofile.dask as fpd

    return fpd.reads_on_this_worker


def _stop_recording_reads(keep_bytes: int) -> None:
    import fakeprofile.dask as fpd

    fpd._block_rows = fpd.read_block_rows
    fpd.KEEP_BYTES = keep_bytes


def _keep_bytes(keep_bytes: int) -> None:
    import fakeprofile.dask as fpd

    fpd.KEEP_BYTES = keep_bytes


def _with_bad_lines_at_the_end(campaign_file, folder):
    """The campaign input with blank and bad lines after its last profile: errors in its last partitions."""
    path = folder / "in.jsonl"
    path.write_bytes(campaign_file.read_bytes() + b"\n\nnot json\n" + b'{"id": "late", "conections": 3}\n\n')
    return path


@slow
@pytest.mark.parametrize("out_name", ["out.jsonl", "out.parquet"])
def test_the_second_pass_scores_what_the_first_read_or_reads_it_again_past_the_budget(
        cluster, campaign_file, tmp_path, capsys, monkeypatch, out_name):
    from fakeprofile.dask import KEEP_BYTES

    monkeypatch.setattr("fakeprofile.dask.MAX_BLOCKSIZE", BLOCKSIZE)
    data = _with_bad_lines_at_the_end(campaign_file, tmp_path)
    outputs, messages, reads = {}, {}, {}
    with Client(cluster) as client:
        client.run(_record_reads)
        client.run(_keep_bytes, 2 * BLOCKSIZE)  # a worker keeps its last two partitions' profiles, no more
        try:
            for name, extra in (("local", ["--jobs", "1"]), ("dask", ["--dask", cluster.scheduler_address])):
                (tmp_path / name).mkdir()
                out = tmp_path / name / out_name
                assert main(["--quiet", "predict", "--data", str(data), "--out", str(out), "--as-of", AS_OF,
                             *extra]) == 3
                outputs[name], messages[name] = out.read_bytes(), capsys.readouterr().err
            reads = client.run(_recorded_reads)
        finally:
            client.run(_stop_recording_reads, KEEP_BYTES)
    if out_name.endswith(".parquet"):  # the same table, in row groups of other sizes (a partition's, a chunk's)
        outputs = {name: pd.read_parquet(tmp_path / name / out_name) for name in outputs}
        pd.testing.assert_frame_equal(outputs["dask"], outputs["local"])
    else:
        assert outputs["dask"] == outputs["local"]
    assert messages["dask"] == messages["local"] and "rejected 7" in messages["dask"]
    read = [block[:3] for blocks in reads.values() for block in blocks]
    spans = set(read)
    again = len(read) - len(spans)  # each partition is read to be keyed, some again to be scored
    assert len(spans) >= 8 and max(map(read.count, spans)) <= 2
    assert 0 < again <= len(spans) - 2 * len(reads), "each worker kept its last two partitions' profiles"


def _record_tasks() -> None:
    """On a worker: note the block of every partition keyed or scored here, and count the models unpickled."""
    import fakeprofile.dask as fpd

    fpd.tasks_on_this_worker = []

    def recording(kind, function):
        def task(block, *args):
            fpd.tasks_on_this_worker.append((kind, tuple(block)))
            return function(block, *args)
        return task

    fpd._block_pairs = recording("keys", fpd._block_pairs)
    fpd._score_block = recording("score", fpd._score_block)
    _count_model_loads()
    tune = fpd.MALLOC.tune

    def tuning():
        tuned = tune()
        fpd.tasks_on_this_worker.append(("malloc tuned", tuned))
        return tuned

    fpd.MALLOC.tune = tuning


def _recorded_tasks() -> tuple[list, int]:
    import fakeprofile.dask as fpd

    return fpd.tasks_on_this_worker, _model_loads(), fpd.MALLOC._runs


@slow
def test_the_cli_scores_each_partition_in_one_task_on_the_worker_that_keyed_it(campaign_file, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr("fakeprofile.dask.MAX_BLOCKSIZE", BLOCKSIZE)
    # Without work stealing, which may move a queued partition to an idle worker (to finish sooner).
    with dask.config.set({"distributed.scheduler.work-stealing": False}), \
            LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        client.run(_record_tasks)
        client.run(_record_reads)
        assert main(["--quiet", "predict", "--data", str(campaign_file), "--out", str(tmp_path / "out.jsonl"),
                     "--as-of", AS_OF, "--dask", cluster.scheduler_address]) == 3
        recorded, reads = client.run(_recorded_tasks), client.run(_recorded_reads)
    keyed = {block: worker for worker, (tasks, *_) in recorded.items() for kind, block in tasks if kind == "keys"}
    scored = [(block, worker) for worker, (tasks, *_) in recorded.items() for kind, block in tasks if kind == "score"]
    assert len(keyed) >= 4 and set(keyed.values()) == set(recorded), "the partitions are dealt to both workers"
    assert sorted(scored) == sorted(keyed.items()), "each scored once, where its notes were matched already"
    read = sorted(block[:3] for blocks in reads.values() for block in blocks)
    assert read == sorted(keyed), "each read once: the second pass scores the profiles the first pass read"
    assert sorted(loads for _, loads, _ in recorded.values()) == [1, 1], "each worker received the model once"
    # Dask's nanny fixes MALLOC_TRIM_THRESHOLD_: raised once per worker for the run, then restored.
    tuned = [[done for kind, done in tasks if kind == "malloc tuned"] for tasks, *_ in recorded.values()]
    assert tuned == [[True], [True]]
    assert [runs for *_, runs in recorded.values()] == [0, 0]


def test_malloc_thresholds_are_raised_while_runs_are_on_a_worker_and_then_restored(monkeypatch):
    from fakeprofile.dask import (
        M_MMAP_THRESHOLD,
        M_TRIM_THRESHOLD,
        RUN_MMAP_THRESHOLD,
        RUN_TRIM_THRESHOLD,
        _MallocThresholds,
    )

    calls = []

    class Libc:
        def mallopt(self, parameter, value):
            calls.append((parameter, value))
            return 1

        def malloc_trim(self, pad):
            calls.append(("trim", pad))
            return 1

    thresholds = _MallocThresholds()
    monkeypatch.setattr(thresholds, "_libc", Libc)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")  # as Dask's nanny starts its workers
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert thresholds.tune() and thresholds.tune()  # two runs at once
    assert calls == [(M_TRIM_THRESHOLD, RUN_TRIM_THRESHOLD), (M_MMAP_THRESHOLD, RUN_MMAP_THRESHOLD)]
    thresholds.restore()
    assert len(calls) == 2, "the other run goes on"
    thresholds.restore()
    assert calls[2:] == [(M_TRIM_THRESHOLD, 65536), (M_MMAP_THRESHOLD, 128 * 1024), ("trim", 0)]

    calls.clear()
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")  # glibc adjusts its thresholds itself: left alone
    assert not thresholds.tune() and calls == []

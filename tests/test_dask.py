"""Scoring on a Dask cluster gives what scoring on one machine gives, and sends the model once per worker."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("dask", reason="the dask extra is not installed: pip install 'fakeprofile[dask]'")
pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'fakeprofile[dask]'")

from distributed import Client, LocalCluster  # noqa: E402

from fakeprofile.artifact import DEFAULT_MODEL_DIR, load_model  # noqa: E402
from fakeprofile.cli import main  # noqa: E402
from fakeprofile.io.jsonl import read_jsonl  # noqa: E402
from fakeprofile.io.readers import DataSource  # noqa: E402
from fakeprofile.parallel import record_frames  # noqa: E402
from fakeprofile.scoring import Model  # noqa: E402
from tests.test_score_frame import AS_OF, campaign_others, write_campaign_input  # noqa: E402

# A real LocalCluster, started and stopped: not for `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

#: Small blocks: the profiles that share a photo or a note land in different partitions.
BLOCKSIZE = 64 * 1024


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
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


def test_the_cluster_writes_what_one_machine_writes(cluster, campaign_file, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("fakeprofile.dask.DEFAULT_BLOCKSIZE", BLOCKSIZE)  # partitions written in order
    outputs, messages = {}, {}
    for name, extra in (("local", ["--jobs", "1"]), ("dask", ["--dask", cluster.scheduler_address])):
        out = tmp_path / f"{name}.jsonl"
        assert main(["--quiet", "predict", "--data", str(campaign_file), "--out", str(out), "--as-of", AS_OF,
                     *extra]) == 3
        outputs[name], messages[name] = out.read_bytes(), capsys.readouterr().err
    assert outputs["dask"] == outputs["local"]
    assert messages["dask"] == messages["local"] and "read 246, scored 241, rejected 5" in messages["dask"]


def test_campaign_counts_over_partitions_equal_those_over_the_whole_input(cluster, campaign_file, model):
    from fakeprofile.dask import campaign_counts
    from fakeprofile.dask import read_jsonl as read_partitions

    with Client(cluster) as client:
        records = read_partitions(campaign_file, blocksize=BLOCKSIZE, client=client)
        assert records.npartitions >= 4
        pinned = model.pinned()
        merged = campaign_counts(records, pinned, client=client)
    profiles = [item.profile for item in read_jsonl(campaign_file) if item.ok]
    whole = pinned.batch_counts(profiles)
    others = campaign_others(pinned, profiles, merged)
    assert others == campaign_others(pinned, profiles, whole) and merged.size == whole.size
    assert max(n for row in others for n in row.values() if n is not None) >= 2, "some profiles share a photo or a note"


def test_score_matches_score_frame_on_one_machine_and_sends_the_model_once(cluster, campaign_file, model):
    from fakeprofile.dask import SHIPMENT_PREFIX, release, score
    from fakeprofile.dask import read_jsonl as read_partitions
    from fakeprofile.scoring import score_frame

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

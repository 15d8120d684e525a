"""score_frame, the one scoring function every front end goes through, and the chunked, multi-process
``fakeprofile predict`` built on it: same answers whatever the chunking or the number of processes."""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from fakeprofile.artifact import DEFAULT_MODEL_DIR, load_model
from fakeprofile.cli import main
from fakeprofile.frames import frame_items, output_records
from fakeprofile.io.jsonl import read_jsonl
from fakeprofile.io.readers import DataSource
from fakeprofile.io.records import RecordError
from fakeprofile.parallel import (
    CampaignTally,
    campaign_keys,
    count_lines,
    jsonl_records,
    record_frame,
    record_frames,
    score_sources,
)
from fakeprofile.scoring import score_frame
from tests.conftest import REPO, make_profile_dict

SAMPLE = REPO / "data" / "sample"
AS_OF = "2026-01"
#: One invitation note that several profiles, far apart in the input, send (names aside).
# Not a stock opener the template corpus knows (those are common text, not one campaign's): a campaign's own text.
CAMPAIGN_NOTE = "Hi {name}, our studio restores vintage fountain pens; send us yours for a free estimate this month."


def write_campaign_input(folder: Path, n: int = 240) -> Path:
    """A JSONL file of ``n`` sample profiles (photos read relative to the file) in which profiles far apart
    share a photo and a note, one profile recurs with its id, and bad lines of every kind sit in between."""
    photos = folder / "photos"
    if not photos.exists():
        photos.symlink_to(SAMPLE / "photos", target_is_directory=True)
    records = [json.loads(line) for line in (SAMPLE / "profiles.jsonl").read_text().splitlines()[:n]]
    shared_photo = next(r["photo"] for r in records if r.get("photo"))
    for i in (10, n // 2, n - 12):
        records[i].update(photo=shared_photo, has_photo=True)
    for i in (20, n // 2 + 10, n - 6):
        records[i]["invitation"] = {"message": CAMPAIGN_NOTE.format(name=records[i]["name"].split()[0])}
    records.append(records[20])  # the same profile twice: its note counts once
    lines: list[bytes] = [json.dumps(r).encode() for r in records]
    lines[30:30] = [b"not json", json.dumps({"id": "bad", "created_at": "2020-13"}).encode(), b"",
                    b"[1, 2]", b"\xff\xfe junk", json.dumps({"id": "typo", "conections": 3}).encode()]
    path = folder / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.fixture(scope="module")
def model():
    model = load_model(DEFAULT_MODEL_DIR)
    model.scoring_as_of = AS_OF
    return model


@pytest.fixture(scope="module")
def campaign_file(tmp_path_factory) -> Path:
    return write_campaign_input(tmp_path_factory.mktemp("campaigns"))


def _records(path: Path) -> pd.DataFrame:
    return next(record_frames([DataSource(path)], chunk_rows=10**9))


def test_valid_rows_score_as_predict_profiles_does(model, campaign_file):
    frame = _records(campaign_file)
    out = score_frame(frame, model)
    items = list(read_jsonl(campaign_file))
    profiles = [item.profile for item in items if item.ok]
    expected = model.predict_profiles(profiles, batch=model.batch_counts(profiles))
    scored = [record for record in output_records(out) if "error" not in record]
    assert scored == [p.model_dump() for p in expected]
    assert list(out.index) == list(frame.index) and len(out) == len(items)


def test_the_record_frame_reads_as_the_jsonl_reader_reads(campaign_file):
    frame = _records(campaign_file)
    assert frame_items(frame) == list(read_jsonl(campaign_file))


def test_bad_rows_are_kept_with_errors_naming_row_and_field(model):
    frame = pd.DataFrame({
        "record": [json.dumps(make_profile_dict(id="ok")), "{broken", json.dumps({"id": "neg", "connections": -1}),
                   None, make_profile_dict(id="as-dict"), None],
        "source": ["in.jsonl"] * 6,
        "line": [1, 2, 3, 4, 5, 6],
        "error": [None, None, None, None, None, "malformed CSV: unexpected end of data"],
        "id": [None, None, None, None, None, "known"],
    }, index=[10, 11, 12, 13, 14, 15])
    out = score_frame(frame, model)
    assert list(out.index) == [10, 11, 12, 13, 14, 15]
    assert out["error"].isna().tolist() == [True, False, False, False, True, False]
    assert out.loc[11, "error"].startswith("in.jsonl:2: malformed JSON:")
    assert out.loc[12, "error"].startswith("in.jsonl:3 (id neg): connections")
    assert out.loc[13, "error"] == "in.jsonl:4: the record is empty"
    assert (out.loc[15, "id"], out.loc[15, "error"]) == ("known", "in.jsonl:6 (id known): malformed CSV: "
                                                                  "unexpected end of data")
    assert math.isnan(out.loc[12, "probability"]) and out.loc[12, "verdict"] is None
    assert out.loc[[10, 14], "probability"].between(0, 1).all() and out.loc[10, "reason_1"]


def test_without_source_and_line_errors_name_the_index_label(model):
    frame = pd.DataFrame({"record": [json.dumps({"id": "x", "created_at": "2020-13"})]}, index=["row-a"])
    assert score_frame(frame, model).loc["row-a", "error"].startswith("frame:row-a (id x): created_at")


def test_scores_do_not_depend_on_the_chunking_given_the_whole_inputs_campaign_counts(model, campaign_file, tmp_path):
    frame = _records(campaign_file)
    tally = CampaignTally(model.pinned(), tmp_path)
    tally.add(campaign_keys(frame, model.pinned()))
    batch = tally.batch()
    whole = score_frame(frame, model, batch=batch)
    chunked = pd.concat([score_frame(frame.iloc[i:i + 7], model, batch=batch) for i in range(0, len(frame), 7)])
    pd.testing.assert_frame_equal(chunked, whole)


def campaign_others(model, profiles, batch) -> list[dict[str, float]]:
    """Per profile, each campaign feature's count of other profiles sharing its key, as ``batch`` counts them
    (None for NaN, so that rows compare equal)."""
    builder = model.scoring_builder()
    aware = [ex for ex in builder.extractors if ex.batch_aware]
    counted = ({ex.name: batch.others(ex.name, ex.batch_key(p, builder.context)) for ex in aware} for p in profiles)
    return [{name: None if math.isnan(value) else value for name, value in row.items()} for row in counted]


@pytest.mark.parametrize("memory_rows", [1 << 20, 3])  # 3: every few chunks spill to disk
def test_merged_chunk_counts_equal_counting_the_whole_input_at_once(model, campaign_file, tmp_path, memory_rows):
    frame = _records(campaign_file)
    pinned = model.pinned()
    tally = CampaignTally(pinned, tmp_path, memory_rows=memory_rows)
    for start in range(0, len(frame), 25):  # the shared photo, note and repeated id fall in different chunks
        tally.add(campaign_keys(frame.iloc[start:start + 25], pinned))
    merged = tally.batch()
    profiles = [item.profile for item in read_jsonl(campaign_file) if item.ok]
    whole = pinned.batch_counts(profiles)
    others = campaign_others(pinned, profiles, merged)
    assert others == campaign_others(pinned, profiles, whole) and merged.size == whole.size == len(profiles)
    by_id = {p.id: row for p, row in zip(profiles, others, strict=True)}
    lines = campaign_file.read_bytes().splitlines()
    shared, note = json.loads(lines[10])["id"], json.loads(lines[20])["id"]
    assert by_id[shared]["photo"] >= 2
    assert by_id[note]["invitation"] == 2


def test_reading_a_file_in_blocks_gives_its_lines_once_with_their_numbers(campaign_file):
    size = campaign_file.stat().st_size
    whole = list(jsonl_records(campaign_file))
    bounds = [0, 1, 700, 701, 5000, size // 2, size - 1, size]
    pieces, first = [], 1
    for start, end in zip(bounds, bounds[1:], strict=False):
        pieces += list(jsonl_records(campaign_file, start=start, end=end, first_line=first))
        first += count_lines(campaign_file, start, end)
    assert pieces == whole and first - 1 == count_lines(campaign_file)


def test_predict_with_two_processes_writes_what_one_process_writes(campaign_file, tmp_path, capsys):
    outputs = {}
    spill = tmp_path / "spill"
    spill.mkdir()
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        code = main(["--quiet", "predict", "--data", str(campaign_file), "--out", str(out), "--as-of", AS_OF,
                     "--jobs", jobs, "--chunk-size", "40", "--spill-dir", str(spill)])
        assert code == 3, "bad records are reported with exit code 3"
        outputs[jobs] = out.read_bytes()
        assert "read 246, scored 241, rejected 5" in capsys.readouterr().err
        assert list(spill.iterdir()) == [], "the campaign counts' files are deleted after the run"
    assert outputs["1"] == outputs["2"]
    rows = [json.loads(line) for line in outputs["1"].decode().splitlines()]
    assert len(rows) == 246 and [r.get("id") for r in rows[29:36]] == ["p000029", None, "bad", None, None, "typo",
                                                                        "p000030"]


def test_parquet_output_holds_what_jsonl_output_holds(model, campaign_file, tmp_path):
    summaries = [score_sources(model, [DataSource(campaign_file)], tmp_path / name, chunk_rows=50)
                 for name in ("out.jsonl", "out.parquet")]
    assert summaries[0] == summaries[1]
    table = pd.read_parquet(tmp_path / "out.parquet")
    as_jsonl = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert list(output_records(table)) == as_jsonl


def test_strict_stops_at_the_first_bad_record_after_writing_those_before_it(model, campaign_file, tmp_path):
    out = tmp_path / "strict.jsonl"
    with pytest.raises(RecordError, match=r"in.jsonl:31: malformed JSON"):
        score_sources(model, [DataSource(campaign_file)], out, strict=True, chunk_rows=8)
    assert len(out.read_text().splitlines()) == 30


def test_a_reader_that_rejects_a_row_passes_it_on_in_the_record_frame():
    frame = record_frame([("t.csv", 2, None, "id7", "the row has 3 fields but the header has 4")])
    (item,) = frame_items(frame)
    assert (item.where(), item.error) == ("t.csv:2 (id id7)", "the row has 3 fields but the header has 4")


def test_a_full_spill_disk_is_named_and_leaves_no_output(model, campaign_file, tmp_path, monkeypatch):
    import errno

    import fakeprofile.tally as tally_module

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tally_module.PairFile, "write", full)
    out = tmp_path / "out.jsonl"
    with pytest.raises(OSError, match=r"campaign counts could not be written to .*No space left on device.*"
                                      r"--spill-dir") as caught:
        score_sources(model, [DataSource(campaign_file)], out, chunk_rows=10, spill_dir=tmp_path)
    assert caught.value.errno == errno.ENOSPC
    assert not out.exists() and list(tmp_path.iterdir()) == [], "no output and no spill files are left behind"


def _open_files() -> list[str]:
    targets = []
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):  # closed while listing
            targets.append(str(fd.readlink()))
    return targets


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists open files through /proc")
def test_the_spill_folder_has_no_open_file_when_it_is_deleted(model, campaign_file, tmp_path, monkeypatch):
    import tempfile

    spill = tmp_path / "spill"
    spill.mkdir()
    open_at_cleanup = []
    real_cleanup = tempfile.TemporaryDirectory.cleanup

    def cleanup(self):
        open_at_cleanup.extend(t for t in _open_files() if t.startswith(str(spill)))
        real_cleanup(self)

    monkeypatch.setattr(tempfile.TemporaryDirectory, "cleanup", cleanup)
    score_sources(model, [DataSource(campaign_file)], tmp_path / "out.jsonl", chunk_rows=50, spill_dir=spill)
    assert open_at_cleanup == [] and list(spill.iterdir()) == []


@pytest.mark.parametrize("n_reasons", [0, 1, 3])
def test_jsonl_records_straight_from_scoring_are_those_of_the_output_frame(model, campaign_file, n_reasons):
    """fakeprofile predict writes JSONL from the scored records (output_record), skipping the frame; the
    records must be those the frame gives, for scored rows, rejected rows and odd values alike."""
    from fakeprofile.frames import output_frame, output_record

    items = list(read_jsonl(campaign_file))
    rows = model.score_items(items, n_reasons=n_reasons)
    scored = next(r for r in rows if "error" not in r)
    odd = [
        scored | {"id": None, "probability": math.nan, "missing": "the summary"},
        scored | {"reasons": [r | {"value": None, "features": []} for r in scored["reasons"]]},
        {"id": None, "error": "somewhere: something"},
    ]
    rows += odd
    frame = output_frame(rows, pd.RangeIndex(len(rows)), n_reasons)
    assert [output_record(row) for row in rows] == list(output_records(frame))
    assert any("error" in row for row in rows) and any(row.get("reasons") for row in rows) == (n_reasons > 0)


@pytest.mark.parametrize("n_reasons", [0, 3, 10])
def test_a_prediction_record_read_from_the_model_is_the_output_record_of_its_dump(model, campaign_file, n_reasons):
    """fakeprofile predict writes JSONL from the predictions themselves (prediction_record), skipping model_dump:
    the records must be those output_record gives for the dumps, odd values (NaN, no value, commas) included."""
    from fakeprofile.frames import output_record, prediction_record
    from fakeprofile.schema import Prediction, Reason

    items = list(read_jsonl(campaign_file))
    rows = model.scored_items(items, n_reasons=n_reasons)
    predictions = [row for row in rows if isinstance(row, Prediction)]
    assert predictions and all("error" in row for row in rows if not isinstance(row, Prediction))
    assert any(p.reasons for p in predictions) == (n_reasons > 0)
    first = predictions[0]
    odd_reason = Reason(clue="a.b", extractor="a", feature="a.b,c", value=math.nan, features=["a.b,c", "d"],
                        contribution=math.nan, given=False, evidence="x")
    predictions += [
        first.model_copy(update={"probability": math.nan, "missing": "the summary", "verdict": "insufficient"}),
        first.model_copy(update={"reasons": [odd_reason], "reassurances": [odd_reason.model_copy(
            update={"value": None, "features": []})]}),
    ]
    for prediction in predictions:
        assert prediction_record(prediction) == output_record(prediction.model_dump())
        assert json.dumps(prediction_record(prediction)) == json.dumps(output_record(prediction.model_dump()))
    # score_items is scored_items with each prediction dumped
    assert model.score_items(items, n_reasons=n_reasons) == [
        row.model_dump() if isinstance(row, Prediction) else row for row in rows]


def test_scored_chunks_join_with_their_errors_at_their_rows_in_the_whole():
    from fakeprofile.parallel import ScoredChunk

    parts = [ScoredChunk(2, [(1, "b bad")], "a\nb\n"), ScoredChunk(0, [], ""),
             ScoredChunk(3, [(0, "c bad"), (2, "e bad")], "c\nd\ne\n")]
    assert ScoredChunk.joined(parts) == ScoredChunk(5, [(1, "b bad"), (2, "c bad"), (4, "e bad")], "a\nb\nc\nd\ne\n")
    assert ScoredChunk.joined([]) == ScoredChunk(0, [], "")


def test_explain_with_a_full_spill_disk_says_so_and_leaves_no_spill_files(model, campaign_file, tmp_path, monkeypatch):
    import errno

    import fakeprofile.tally as tally_module
    from fakeprofile.parallel import explain_sources

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tally_module.PairFile, "write", full)
    with pytest.raises(OSError, match=r"campaign counts could not be written to .*No space left on device"):
        list(explain_sources(model, [DataSource(campaign_file)], spill_dir=tmp_path))
    assert list(tmp_path.iterdir()) == [], "the spill folder, photo analyses included, is gone"

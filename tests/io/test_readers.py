"""Tests of fakeprofile.io.readers: the data-source spec and .json files that hold a list of records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakeprofile.io import readers
from fakeprofile.io.readers import DataSource, read_json_list, read_source, read_sources
from fakeprofile.io.records import RecordError
from tests.conftest import make_profile_dict


@pytest.mark.parametrize("spec", ["five.jsonl@7", "five.jsonl@2", "five.jsonl@10", "five.jsonl@-1", "x@7@@3"])
def test_a_label_other_than_0_or_1_is_an_error_about_the_label(spec):
    with pytest.raises(ValueError, match=r"the label after '@' must be 0 \(genuine\) or 1 \(fake\), got"):
        DataSource.parse(spec)


@pytest.mark.parametrize(
    ("spec", "path", "label"),
    [("five.jsonl@1", "five.jsonl", 1), ("five.jsonl@0", "five.jsonl", 0), ("a@b.jsonl", "a@b.jsonl", None),
     ("data@2023.jsonl", "data@2023.jsonl", None), ("name@7@1", "name@7", 1), ("@7", "@7", None),
     ("trailing@", "trailing@", None)],
)
def test_data_source_spec(spec, path, label):
    source = DataSource.parse(spec)
    assert (str(source.path), source.label) == (path, label)


def _write_json(path: Path, value, **dump) -> Path:
    path.write_text(json.dumps(value, **dump), encoding="utf-8")
    return path


def test_a_json_file_holding_a_list_is_read_as_records_numbered_by_position(tmp_path):
    records = [make_profile_dict(id="a"), None, {"id": "c", "connections": -1}, [1], {"id": "e", "photo": "e.jpg"}]
    path = _write_json(tmp_path / "people.json", records, indent=2)
    items = list(read_sources([DataSource(path)]))
    assert [(i.line, i.id, i.ok) for i in items] == [
        (1, "a", True), (2, None, False), (3, "c", False), (4, None, False), (5, "e", True)]
    assert items[1].error == "record is JSON null, not an object"
    assert items[2].where() == f"{path}:3 (id c)" and items[2].error.startswith("connections:")
    assert items[3].error == "record is a JSON list, not an object"
    assert items[4].profile.photo == str(tmp_path.resolve() / "e.jpg")  # as JSONL reads a relative photo


def test_a_json_list_takes_the_file_label_and_names_a_huge_integer(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('\ufeff  [{"id": "a"}, {"id": "b", "connections": ' + "1" * 5_000 + "}]", encoding="utf-8")
    first, second = read_sources([DataSource.parse(f"{path}@1")])
    assert first.profile.label == 1
    assert second.error == "connections: integer of 5,000 digits is too large"


def test_a_json_file_that_is_not_a_list_is_still_read_as_json_lines(tmp_path):
    path = tmp_path / "lines.json"
    path.write_text(json.dumps({"id": "a"}) + "\n" + json.dumps({"id": "b"}) + "\n", encoding="utf-8")
    assert [i.id for i in read_source(DataSource(path))] == ["a", "b"]
    # and a .jsonl file that happens to start with a list stays line by line
    jsonl = tmp_path / "lines.jsonl"
    jsonl.write_text('[{"id": "a"}]\n{"id": "b"}\n', encoding="utf-8")
    assert [(i.line, i.ok) for i in read_source(DataSource(jsonl))] == [(1, False), (2, True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [('[{"id": "a"},\n {"id": }]', "malformed JSON: Expecting value at line 2 column 9"),
     ("[" * 100_000, "malformed JSON: nested too deeply"),
     ('[{"id": "a"}] [', "malformed JSON: Extra data at line 1 column 15")],
)
def test_a_malformed_json_list_is_one_clear_error_for_the_file(tmp_path, text, expected):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as info:
        list(read_sources([DataSource(path)]))
    assert str(info.value) == f"{path}: {expected}"


def test_a_json_list_larger_than_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = _write_json(tmp_path / "big.json", [{"id": str(n)} for n in range(100)])
    monkeypatch.setattr(readers, "MAX_JSON_FILE_BYTES", 500)
    size = path.stat().st_size
    with pytest.raises(RecordError) as info:
        list(read_sources([DataSource(path)]))
    assert str(info.value) == (
        f"{path}: a .json file of records is read whole, up to 500 bytes, and this one has {size:,}; write it as "
        "JSON Lines (one record per line, e.g. jq -c '.[]' big.json > records.jsonl), which is read as a stream")
    assert len(list(read_json_list(path, max_bytes=10_000))) == 100


def test_json_files_are_not_split_into_lines_by_the_parallel_reader(tmp_path):
    from fakeprofile.parallel import reads_lines

    assert not reads_lines(DataSource(tmp_path / "x.json"))
    assert reads_lines(DataSource(tmp_path / "x.jsonl"))

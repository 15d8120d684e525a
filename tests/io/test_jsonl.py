"""The JSONL reader never drops a record: good ones validate, bad ones are reported with line and reason."""

from __future__ import annotations

import json

from fakeprofile.io.jsonl import MAX_LINE_BYTES, read_jsonl
from fakeprofile.io.readers import DataSource, read_sources
from tests.conftest import make_profile_dict


def _write(tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\n")
    return path


def test_good_and_bad_lines_are_all_accounted_for(tmp_path):
    lines = [
        json.dumps(make_profile_dict(id="a")),
        "{not json",
        json.dumps(make_profile_dict(id="b", connections=-3)),
        "",
        json.dumps([1, 2]),
        json.dumps(make_profile_dict(id="c", created_at="2020-13")),
        b"\xff\xfe garbage",
        json.dumps({"id": "d", "unexpected": 1}),
        json.dumps(make_profile_dict(id="e")),
    ]
    items = list(read_jsonl(_write(tmp_path, lines)))
    assert [(i.line, i.ok) for i in items] == [
        (1, True), (2, False), (3, False), (5, False), (6, False), (7, False), (8, False), (9, True)]
    errors = {i.line: i for i in items if not i.ok}
    assert errors[2].error == "malformed JSON: Expecting property name enclosed in double quotes at column 2"
    assert errors[3].id == "b" and errors[3].error.startswith("connections:")
    assert "not an object" in errors[5].error
    assert errors[6].where().endswith(":6 (id c)") and "month 13" in errors[6].error
    assert errors[7].error == "not UTF-8 text: byte 1 is invalid"
    assert "unexpected: unknown field" in errors[8].error


def test_relative_photo_paths_resolve_against_the_file(tmp_path):
    path = _write(tmp_path, [json.dumps({"id": "a", "photo": "photos/a.jpg"})])
    (item,) = read_jsonl(path)
    assert item.profile.photo == str(tmp_path.resolve() / "photos" / "a.jpg")


def test_overlong_lines_are_rejected_unread(tmp_path, monkeypatch):
    monkeypatch.setattr("fakeprofile.io.jsonl.MAX_LINE_BYTES", 100)
    path = _write(tmp_path, [json.dumps({"id": "a", "summary": "x" * 200}), json.dumps({"id": "b"})])
    first, second = read_jsonl(path)
    assert not first.ok and "longer than" in first.error and second.ok
    assert MAX_LINE_BYTES >= 1024 * 1024


def test_a_huge_integer_is_a_record_error_not_the_end_of_the_file(tmp_path):
    path = _write(tmp_path, [json.dumps({"id": "a"}), '{"id": "b", "connections": ' + "1" * 5000 + "}",
                             json.dumps({"id": "c"})])
    first, second, third = read_jsonl(path)
    assert first.ok and third.ok
    assert not second.ok and second.line == 2


def test_a_huge_integer_in_a_jsonl_line_is_an_error_of_its_field(tmp_path):
    path = _write(tmp_path, ['{"id": "b", "connections": ' + "1" * 5000 + "}"])
    (item,) = read_jsonl(path)
    assert item.where().endswith(":1 (id b)") and item.error == "connections: integer of 5,000 digits is too large"


def test_deeply_nested_json_is_a_record_error(tmp_path):
    path = _write(tmp_path, ["[" * 100_000 + "]" * 100_000, json.dumps({"id": "b"})])
    first, second = read_jsonl(path)
    assert not first.ok and second.ok


def test_a_file_label_fills_missing_labels_and_flags_conflicts(tmp_path):
    path = _write(tmp_path, [json.dumps({"id": "a"}), json.dumps({"id": "b", "label": 0})])
    first, second = read_sources([DataSource.parse(f"{path}@1")])
    assert first.profile.label == 1
    assert not second.ok and "labelled 1" in second.error


def test_data_source_spec_parsing():
    assert DataSource.parse("a/b.csv@0").label == 0
    assert DataSource.parse("a/b@c.jsonl").label is None
    assert str(DataSource.parse("a/b@c.jsonl").path) == "a/b@c.jsonl"

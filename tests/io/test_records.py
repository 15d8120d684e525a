"""Tests of fakeprofile.io.records: what a bad record's message says, JSON decoding, the read summary."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fakeprofile.frames import frame_items
from fakeprofile.io.records import HugeInteger, ReadItem, ReadSummary, decode_json, validate_record


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("null", "record is JSON null, not an object"),
        ("true", "record is JSON true, not an object"),
        ("3", "record is a JSON number, not an object"),
        ("2.5e3", "record is a JSON number, not an object"),
        ('"text"', "record is a JSON string, not an object"),
        ("[1, 2]", "record is a JSON list, not an object"),
        ("1" * 5_000, "record is a JSON number, not an object"),
    ],
)
def test_a_record_that_is_not_an_object_is_named_in_json_words(line, expected):
    raw, problem = decode_json(line)
    assert problem is None
    assert validate_record(raw, source="f.jsonl", line=1).error == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"id": "b", "connections": ' + "1" * 5_000 + "}", "connections: integer of 5,000 digits is too large"),
        ('{"id": "b", "followers": -' + "9" * 4_301 + "}", "followers: integer of 4,301 digits is too large"),
        ('{"id": "b", "experience": [{"title": ' + "7" * 6_000 + "}]}",
         "experience.0.title: integer of 6,000 digits is too large"),
        ('{"id": "b", "skills": ["a", ' + "7" * 6_000 + "]}", "skills.1: integer of 6,000 digits is too large"),
        ('{"id": ' + "7" * 6_000 + "}", "id: integer of 6,000 digits is too large"),
        ('{"id": "b", "conections": ' + "1" * 5_000 + "}", "conections: unknown field (did you mean 'connections'?)"),
    ],
)
def test_a_huge_integer_is_an_error_of_its_field(text, expected):
    raw, problem = decode_json(text)
    assert problem is None
    item = validate_record(raw, source="f.jsonl", line=2)
    assert not item.ok and item.error == expected
    assert item.id == ("b" if '"id": "b"' in text else None)


def test_a_huge_integer_beside_other_errors_keeps_their_messages():
    raw, _ = decode_json('{"id": "b", "connections": ' + "1" * 5_000 + ', "created_at": "2020-13", "name": 5}')
    error = validate_record(raw, source="f", line=1).error
    assert error == ("name: Input should be a valid string; connections: integer of 5,000 digits is too large; "
                     "created_at: month 13 is not between 01 and 12")


def test_a_record_frame_names_the_field_of_a_huge_integer():
    # `fakeprofile predict` decodes JSONL lines in its workers through records.decode_json.
    frame = pd.DataFrame({"record": ['{"id": "a"}', '{"id": "b", "connections": ' + "1" * 5_000 + "}"],
                          "source": ["in.jsonl"] * 2, "line": [1, 2]})
    first, second = frame_items(frame)
    assert first.ok and second.where() == "in.jsonl:2 (id b)"
    assert second.error == "connections: integer of 5,000 digits is too large"
    assert decode_json("null") == (None, None)


def test_decode_json_keeps_ordinary_values_and_reports_malformed_text():
    value, problem = decode_json(b'\xef\xbb\xbf{"id": "a", "n": [1, -2, 3.5, 10000000000000000000000]}')
    assert problem is None and value == {"id": "a", "n": [1, -2, 3.5, 10**22]}
    assert decode_json("{") == (None, "malformed JSON: Expecting property name enclosed in double quotes at column 2")
    assert decode_json(b"\xff") == (None, "not UTF-8 text: byte 1 is invalid")
    assert decode_json("[" * 100_000) == (None, "malformed JSON: nested too deeply")
    assert isinstance(decode_json("-" + "1" * 4_301)[0], HugeInteger)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=10))
def test_decode_json_reads_what_json_writes(value):
    assert decode_json(json.dumps(value)) == (value, None)


def test_the_summary_counts_repaired_records_among_the_scored():
    summary = ReadSummary()
    for item in [ReadItem("s", 1, "a", profile=validate_record({"id": "a"}, source="s", line=1).profile),
                 ReadItem("s", 2, "b", profile=validate_record({"id": "b"}, source="s", line=2).profile,
                          repairs=("column 'X': byte-order mark removed",)),
                 ReadItem("s", 3, None, error="malformed JSON")]:
        summary.add(item)
    assert summary.describe() == "read 3, scored 2, rejected 1, repaired 1"
    assert summary.consistent() and summary.errors == ["s:3: malformed JSON"]

"""The example mappings for public Instagram fake-account tables, on small tables made in their shapes.

InstaFake (Akyon & Kalfaoglu 2019) publishes flat JSON records; the Kaggle table is a CSV. Both publish
measurements (a bio's length, a username's digits) rather than text: they fill ``measured`` and no text is
invented. Flat JSON records are read through a mapping like table rows (``read_table(..., file_format="json")``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakeprofile.io.readers import DataSource, read_sources
from fakeprofile.io.tabular import MappingError, load_mapping, read_table
from fakeprofile.parallel import reads_lines
from tests.conftest import REPO

MAPPINGS = REPO / "data" / "mappings"
INSTAFAKE_KEYS = ("userFollowerCount", "userFollowingCount", "userBiographyLength", "userMediaCount",
                  "userHasProfilPic", "userIsPrivate", "usernameDigitCount", "usernameLength", "isFake")
FAKE = dict(zip(INSTAFAKE_KEYS, (25, 1200, 0, 0, 0, 0, 4, 14, 1), strict=True))
REAL = dict(zip(INSTAFAKE_KEYS, (812, 430, 96, 212, 1, 1, 0, 9, 0), strict=True))
KAGGLE_HEADER = ("profile pic,nums/length username,fullname words,nums/length fullname,name==username,"
                 "description length,external URL,private,#posts,#followers,#follows,fake")


def _read(path: Path, mapping: str) -> list:
    return list(read_sources([DataSource(path, MAPPINGS / mapping)]))


@pytest.mark.parametrize("layout", ["list", "lines"])
def test_instafake_records_fill_counts_flags_and_measurements(tmp_path, layout):
    path = tmp_path / ("insta.json" if layout == "list" else "insta.jsonl")
    path.write_text(json.dumps([FAKE, REAL]) if layout == "list" else f"{json.dumps(FAKE)}\n{json.dumps(REAL)}\n")
    fake, real = _read(path, "instafake.toml")
    assert fake.ok and real.ok
    assert fake.profile.id == f"{path.stem}#1" and fake.profile.label == 1 and real.profile.label == 0
    assert (fake.profile.followers, fake.profile.connections, fake.profile.activity.posts) == (25, 1200, 0)
    assert fake.profile.has_photo is False and real.profile.has_photo is True
    assert fake.profile.visibility == "public" and real.profile.visibility == "private"
    measured = real.profile.measured
    assert (measured.summary_length, measured.handle_digits, measured.handle_length) == (96, 0, 9)
    # A measurement, not text: nothing is invented for the bio or the username.
    assert real.profile.summary is None and real.profile.handle is None


def test_a_mapped_jsonl_file_is_read_through_its_mapping_not_as_profiles(tmp_path):
    path = tmp_path / "insta.jsonl"
    path.write_text(json.dumps(FAKE) + "\n")
    source = DataSource(path, MAPPINGS / "instafake.toml")
    assert not reads_lines(source), "the parallel reader must not split a mapped file into schema lines"
    (item,) = read_sources([source])
    assert item.ok and item.profile.followers == 25


def test_instafake_bad_records_are_reported_and_the_rest_kept(tmp_path):
    nested = dict(REAL, userFollowerCount={"n": 3})
    odd = dict(REAL, userIsPrivate=7)
    path = tmp_path / "insta.jsonl"
    path.write_text("\n".join([json.dumps(FAKE), json.dumps(nested), "{not json", json.dumps(odd), "[1, 2]",
                               json.dumps(REAL)]) + "\n")
    items = _read(path, "instafake.toml")
    assert [i.ok for i in items] == [True, False, False, False, False, True]
    assert "'userFollowerCount' holds a JSON object" in items[1].error
    assert "malformed JSON" in items[2].error and items[2].line == 3
    assert "visibility" in items[3].error and "'7'" in items[3].error
    assert "JSON object" in items[4].error


def test_a_key_no_record_has_is_named_when_the_mapping_needs_it(tmp_path):
    path = tmp_path / "insta.json"
    path.write_text(json.dumps([{k: v for k, v in FAKE.items() if k != "usernameLength"}]))
    with pytest.raises(MappingError, match="usernameLength"):
        list(read_table(path, load_mapping(MAPPINGS / "instafake.toml"), file_format="json"))


def test_a_bad_or_partial_first_record_does_not_stop_the_file(tmp_path):
    """The header is every key of every record: a first record that is broken, or leaves a key out, is that
    record's problem; keys the mapping does not read may hold anything."""
    path = tmp_path / "insta.jsonl"
    partial = {k: v for k, v in FAKE.items() if k != "usernameLength"}
    path.write_text("\n".join(["[1]", json.dumps(partial), json.dumps(dict(REAL, meta={"crawl": 3}))]) + "\n")
    bad, first, second = read_table(path, load_mapping(MAPPINGS / "instafake.toml"), file_format="json")
    assert not bad.ok and "JSON object" in bad.error
    assert first.ok and first.profile.measured.handle_length is None
    assert second.ok and second.profile.followers == 812


def test_profiles_in_the_schema_beside_a_mapped_table_are_still_read_as_profiles(tmp_path):
    """--mapping applies to every --data: a .jsonl of profiles is read as profiles, not through the mapping."""
    native = tmp_path / "profiles.jsonl"
    native.write_text(json.dumps({"id": "p1", "connections": 40}) + "\n")
    source = DataSource(native, MAPPINGS / "instafake.toml")
    assert reads_lines(source)
    (item,) = read_sources([source])
    assert item.ok and item.profile.id == "p1" and item.profile.connections == 40


def test_a_later_record_without_a_key_leaves_that_field_unknown(tmp_path):
    path = tmp_path / "insta.json"
    path.write_text(json.dumps([FAKE, {k: v for k, v in REAL.items() if k != "userBiographyLength"}]))
    _, second = _read(path, "instafake.toml")
    assert second.ok and second.profile.measured.summary_length is None


def test_kaggle_instagram_rows_fill_ratios_flags_and_counts(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text(f"{KAGGLE_HEADER}\n1,0.27,0,0,0,53,1,0,32,1000,955,0\n0,0.33,1,0.5,1,0,0,1,0,12,3000,1\n")
    genuine, fake = _read(path, "kaggle_instagram.toml")
    assert genuine.ok and fake.ok and (genuine.profile.label, fake.profile.label) == (0, 1)
    assert genuine.profile.has_photo is True and genuine.profile.has_website is True
    assert genuine.profile.has_any_website is True and genuine.profile.website is None
    assert fake.profile.visibility == "private" and fake.profile.connections == 3000
    m = fake.profile.measured
    assert (m.handle_digit_share, m.name_words, m.name_digit_share, m.name_is_handle, m.summary_length) == (
        0.33, 1, 0.5, True, 0)
    assert fake.profile.activity.posts == 0 and fake.profile.followers == 12


def test_kaggle_instagram_rejects_a_ratio_above_one_naming_the_field(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text(f"{KAGGLE_HEADER}\n1,1.5,0,0,0,53,1,0,32,1000,955,0\n")
    (item,) = _read(path, "kaggle_instagram.toml")
    assert not item.ok and "handle_digit_share" in item.error


def test_a_choice_mapping_refuses_a_value_the_field_cannot_hold(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[mapping]\nid = "id"\n[fields]\nvisibility = { column = "p", convert = "choice", '
                       'values = { hidden = ["1"] } }\n')
    with pytest.raises(MappingError, match="visibility"):
        load_mapping(mapping)


def test_a_choice_without_values_takes_the_schema_value_itself(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[mapping]\nid = "id"\n[fields]\nvisibility = "vis"\n')
    table = tmp_path / "t.csv"
    table.write_text("id,vis\na,Private\nb,secret\n")
    first, second = read_table(table, load_mapping(mapping))
    assert first.ok and first.profile.visibility == "private"
    assert not second.ok and "visibility" in second.error

"""Tests of fakeprofile.io.tabular: conversions, mapping files, CSV/Parquet reading, the real cresci2015 data."""

from __future__ import annotations

import contextlib
import gzip
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile.io.tabular import (
    ColumnMapping,
    ConversionError,
    MappingError,
    TableError,
    convert_bool,
    convert_date,
    convert_float,
    convert_int,
    convert_list,
    convert_str,
    load_mapping,
    parse_mapping,
    read_labelled_files,
    read_table,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
REAL_DATA = (REPO_ROOT / ".." / "shared" / "data" / "real").resolve()
CRESCI_MAPPING = REPO_ROOT / "data" / "mappings" / "cresci2015.toml"

BASIC_MAPPING = """
[mapping]
id = "user_id"

[fields]
name = "full_name"
connections = { column = "conn", convert = "int" }
created_at = { column = "joined", convert = "date" }
summary = "about"

[label]
column = "is_fake"
fake = ["1", "fake"]
genuine = ["0", "genuine"]
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding, newline="")
    return path


def mapping_from(text: str) -> ColumnMapping:
    import tomllib

    return parse_mapping(tomllib.loads(textwrap.dedent(text)), source="test.toml")


@pytest.fixture
def basic_mapping() -> ColumnMapping:
    return mapping_from(BASIC_MAPPING)


# --------------------------------------------------------------------------------------------------
# Conversions
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  Ada Lovelace ", "Ada Lovelace"), ("x", "x"), ("", None), (" \t ", None)],
)
def test_convert_str_strips_and_empty_is_missing(text: str, expected: str | None) -> None:
    assert convert_str(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234),
        (" 42 ", 42),
        ("0", 0),
        ("1,234", 1234),
        ("1,234,567", 1_234_567),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("12.0", 12),
        ("1.2K", 1200),
        ("1.2k", 1200),
        ("1.25K", 1250),
        ("1.2345K", 1234),
        ("3M", 3_000_000),
        ("2.5 M", 2_500_000),
        ("1B", 1_000_000_000),
        ("500+", 500),
        ("10K+", 10_000),
        ("", None),
        ("   ", None),
    ],
)
def test_convert_int_accepts_counts_as_written(text: str, expected: int | None) -> None:
    assert convert_int(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "negative"),
        ("\u22123", "negative"),
        ("1.5", "not a whole number"),
        ("abc", "not a count"),
        ("12abc", "not a count"),
        ("1,23", "not a count"),
        ("1,234 567", "not a count"),
        ("1e3", "not a count"),
        ("0x10", "not a count"),
        ("\u0661\u0662", "not a count"),  # Arabic-Indic digits: int() would take them, we do not
        ("5" * 50, "too long"),
        ("+", "not a count"),
    ],
)
def test_convert_int_rejects_non_counts(text: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message):
        convert_int(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.5", 0.5), ("-3", -3.0), (".5", 0.5), ("1e-3", 0.001), ("+2.", 2.0), ("", None)],
)
def test_convert_float_accepts_plain_numbers(text: str, expected: float | None) -> None:
    assert convert_float(text) == expected


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "1,5", "1e9999", "1_000", "abc", "\u0661"])
def test_convert_float_rejects_the_rest(text: str) -> None:
    with pytest.raises(ConversionError):
        convert_float(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("No", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (" y ", True),
        ("n", False),
        ("", None),
    ],
)
def test_convert_bool_default_tokens(text: str, expected: bool | None) -> None:
    assert convert_bool(text) == expected


@pytest.mark.parametrize("text", ["maybe", "2", "yess", "-"])
def test_convert_bool_rejects_unknown_tokens(text: str) -> None:
    with pytest.raises(ConversionError, match="neither true"):
        convert_bool(text)


def test_convert_bool_uses_configured_lists() -> None:
    assert convert_bool("1", true=(), false=("1",)) is False
    assert convert_bool("Oui", true=("oui",), false=("non",)) is True
    with pytest.raises(ConversionError, match="no values"):
        convert_bool("0", true=(), false=("1",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016", "2016"),
        ("2016-03", "2016-03"),
        ("2016-3", "2016-03"),
        ("2016/03", "2016-03"),
        ("2016-03-05", "2016-03"),
        ("2016-03-05T10:00:00Z", "2016-03"),
        ("2016-03-05 23:59:59.123+02:00", "2016-03"),
        ("2016/03/05", "2016-03"),
        ("03/2016", "2016-03"),
        ("3/2016", "2016-03"),
        ("Mar 2016", "2016-03"),
        ("mar. 2016", "2016-03"),
        ("March 2016", "2016-03"),
        ("Sept 2016", "2016-09"),
        ("5 Mar 2016", "2016-03"),
        ("Mar 5, 2016", "2016-03"),
        ("  December 1999 ", "1999-12"),
        ("", None),
    ],
)
def test_convert_date_common_forms(text: str, expected: str | None) -> None:
    assert convert_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("05/03/2016", "ambiguous"),
        ("2016-13", "month 13"),
        ("13/2016", "month 13"),
        ("2016-02-30", "not a real date"),
        ("Foo 2016", "not a date"),
        ("yesterday", "not a date"),
        ("16", "not a date"),
        ("5 Mar 7, 2016", "not a date"),
    ],
)
def test_convert_date_rejects_unclear_dates(text: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message):
        convert_date(text)


@pytest.mark.parametrize(
    ("text", "date_format", "expected"),
    [
        ("Thu Sep 08 13:20:35 +0000 2011", "%a %b %d %H:%M:%S %z %Y", "2011-09"),
        ("05.03.2016", "%d.%m.%Y", "2016-03"),
        ("99", "%y", "1999"),
        ("2016", "%Y", "2016"),
    ],
)
def test_convert_date_with_format(text: str, date_format: str, expected: str) -> None:
    assert convert_date(text, format=date_format) == expected


def test_convert_date_with_format_rejects_other_shapes() -> None:
    with pytest.raises(ConversionError, match="does not match the date format"):
        convert_date("2016-03-05", format="%d.%m.%Y")


@pytest.mark.parametrize(
    ("text", "separator", "expected"),
    [
        ("python, sql ,  ", ",", ["python", "sql"]),
        ("a;b;;c", ";", ["a", "b", "c"]),
        ("solo", ",", ["solo"]),
        (" , ,", ",", None),
        ("", ",", None),
    ],
)
def test_convert_list_splits_and_drops_empty_items(text: str, separator: str, expected: list[str] | None) -> None:
    assert convert_list(text, separator=separator) == expected


def test_conversion_errors_quote_long_values_cut_short() -> None:
    with pytest.raises(ConversionError) as info:
        convert_date("x" * 500)
    assert "x" * 57 + "..." in str(info.value)
    assert "x" * 58 not in str(info.value)


# Property tests: whatever the text, a conversion returns or raises its own ConversionError.

_FORMATS = ["%Y-%m-%d", "%a %b %d %H:%M:%S %z %Y", "%d/%m/%Y", "%b %Y", "%y", "%Y %j", "%Y-%m-%dT%H:%M:%S.%f%z"]


@settings(max_examples=300)
@given(st.text())
def test_plain_conversions_raise_only_conversion_error(text: str) -> None:
    for convert in (convert_str, convert_int, convert_float, convert_bool, convert_date, convert_list):
        with contextlib.suppress(ConversionError):
            convert(text)


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(),
        st.from_regex(r"[0-9 ,.+kKmMbB\-]{0,12}", fullmatch=True),
        st.from_regex(r"[0-9A-Za-z /.:,+-]{0,20}", fullmatch=True),
    )
)
def test_count_and_date_shaped_text_raise_only_conversion_error(text: str) -> None:
    for convert in (convert_int, convert_float, convert_date):
        try:
            value = convert(text)
        except ConversionError:
            continue
        if convert is convert_int and value is not None:
            assert value >= 0


@settings(max_examples=200)
@given(st.text(), st.sampled_from(_FORMATS))
def test_date_with_format_raises_only_conversion_error(text: str, date_format: str) -> None:
    with contextlib.suppress(ConversionError):
        convert_date(text, format=date_format)


@settings(max_examples=200)
@given(st.text(), st.lists(st.text(max_size=5)), st.lists(st.text(max_size=5)), st.text(min_size=1, max_size=3))
def test_configured_bool_and_list_raise_only_conversion_error(
    text: str, true: list[str], false: list[str], separator: str
) -> None:
    with contextlib.suppress(ConversionError):
        convert_bool(text, true=true, false=false)
    result = convert_list(text, separator=separator)
    assert result is None or all(item and item == item.strip() for item in result)


# --------------------------------------------------------------------------------------------------
# Reading CSV
# --------------------------------------------------------------------------------------------------

MIXED_CSV = """\
user_id,full_name,conn,joined,about,is_fake
a1,Ada,"1,234",Mar 2016,Engineer,0
a2,Bob,12abc,2016-03,,1
a3,Cy,500+,someday,,fake
a4,Di,20000000,2016,,genuine

a5,Ed,5,2016-04,"two
lines",1
,Fay,7,2016-05,,0
a7,Gus,7,2016-05
a8,Hal,8,1800,,0
a9,Ivy,9,2016-06,,unknown
a10,Jo,10,2016-07,,
"""


def test_csv_with_good_and_bad_rows_reports_every_row(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    path = write(tmp_path / "mixed.csv", MIXED_CSV)
    items = list(read_table(path, basic_mapping))

    by_line = {item.line: item for item in items}
    assert sorted(by_line) == [2, 3, 4, 5, 7, 9, 10, 11, 12, 13], "one item per record, at its first line"
    good = [item for item in items if item.ok]
    bad = [item for item in items if not item.ok]
    assert len(good) + len(bad) == len(items) == 10
    assert [item.id for item in good] == ["a1", "a5", "a10"]

    a1 = by_line[2].profile
    assert a1 is not None
    assert (a1.connections, a1.created_at, a1.summary, a1.label) == (1234, "2016-03", "Engineer", 0)
    a5 = by_line[7].profile
    assert a5 is not None and a5.summary == "two\nlines" and a5.label == 1
    assert by_line[13].profile is not None and by_line[13].profile.label is None  # empty label: unlabelled

    errors = {item.line: item.error or "" for item in bad}
    assert "connections: column 'conn': '12abc' is not a count" in errors[3]
    assert "created_at: column 'joined': 'someday' is not a date" in errors[4]
    assert errors[5].startswith("connections:") and "10000000" in errors[5]  # schema cap, via validate_record
    assert "id: column 'user_id' is empty" in errors[9]
    assert by_line[9].id is None
    assert "the row has 4 fields but the header has 6" in errors[10]
    assert "created_at" in errors[11] and "1800" in errors[11]
    assert "label: column 'is_fake': 'unknown' is neither fake" in errors[12]
    assert by_line[3].where() == f"{path}:3 (id a2)"


def test_csv_row_reports_all_its_problems_together(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    path = write(tmp_path / "two.csv", "user_id,full_name,conn,joined,about,is_fake\nb1,Bo,-4,2016-13,,1\n")
    (item,) = read_table(path, basic_mapping)
    assert not item.ok and item.id == "b1"
    assert "connections: column 'conn': '-4' is negative" in (item.error or "")
    assert "created_at: column 'joined': '2016-13' has month 13" in (item.error or "")


def test_csv_line_numbers_count_physical_lines_after_multiline_fields(
    tmp_path: Path, basic_mapping: ColumnMapping
) -> None:
    text = 'user_id,full_name,conn,joined,about,is_fake\nc1,A,1,2016,"x\n\ny\nz",0\nc2,B,oops,2016,,0\n'
    path = write(tmp_path / "lines.csv", text)
    first, second = read_table(path, basic_mapping)
    assert (first.line, first.ok) == (2, True)
    assert (second.line, second.ok) == (6, False)


def test_csv_broken_quotes_reject_only_that_record(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    text = 'user_id,full_name,conn,joined,about,is_fake\nd1,"A"x,1,2016,,0\nd2,B,2,2016,,0\nd3,"C,3,2016,,0\nd4,D,4\n'
    path = write(tmp_path / "quotes.csv", text)
    items = list(read_table(path, basic_mapping))
    assert [(i.line, i.ok) for i in items] == [(2, False), (3, True), (4, False)]
    assert "malformed CSV" in (items[0].error or "")
    assert "unexpected end of data" in (items[2].error or "") and "runs to line 5" in (items[2].error or "")


def test_null_tokens_and_missing_values(tmp_path: Path) -> None:
    mapping = mapping_from(
        """
        [mapping]
        id = "id"
        null_values = ["NULL", "-"]
        [fields]
        location = "loc"
        connections = "conn"
        has_photo = { column = "pic", convert = "bool", true = ["yes"], false = ["no"], missing = false }
        """
    )
    path = write(tmp_path / "nulls.csv", "id,loc,conn,pic\ne1,NULL,-,\ne2, NaN ,  3 ,yes\n")
    first, second = read_table(path, mapping)
    assert first.profile is not None and second.profile is not None
    assert (first.profile.location, first.profile.connections, first.profile.has_photo) == (None, None, False)
    assert (second.profile.location, second.profile.connections, second.profile.has_photo) == ("NaN", 3, True)


def test_default_null_values_are_missing_not_text(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nlocation = "loc"\nsummary = "s"\n')
    path = write(tmp_path / "n.csv", "id,loc,s\nf1,NULL,N/A\nf2,None,NA\n")
    first, second = read_table(path, mapping)
    assert first.profile is not None and (first.profile.location, first.profile.summary) == (None, None)
    assert second.profile is not None and (second.profile.location, second.profile.summary) == (None, "NA")


def test_nested_fields_constants_default_conversions_and_lists(tmp_path: Path) -> None:
    mapping = mapping_from(
        """
        [mapping]
        id = "id"
        [fields]
        connections = "conn"                # int, from the schema
        created_at = "joined"               # date, from the schema
        skills = { column = "skills", separator = ";" }
        "activity.posts" = "posts"
        [fields.invitation]
        message = "note"
        [constants]
        observed_at = "2020-01"
        activity.idk_reports = 0
        """
    )
    path = write(tmp_path / "nested.csv", "id,conn,joined,skills,posts,note\ng1,1.2K,June 2019,sql; python;,7,Hi\n")
    (item,) = read_table(path, mapping)
    profile = item.profile
    assert profile is not None, item.error
    assert profile.connections == 1200 and profile.created_at == "2019-06" and profile.observed_at == "2020-01"
    assert profile.skills == ["sql", "python"]
    assert profile.activity is not None and (profile.activity.posts, profile.activity.idk_reports) == (7, 0)
    assert profile.invitation is not None and profile.invitation.message == "Hi"


def test_relative_photo_paths_are_read_from_the_table_folder(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nphoto = "pic"\n')
    path = write(tmp_path / "photos.csv", "id,pic\nh1,img/h1.jpg\nh2,https://example.com/x.jpg\n")
    first, second = read_table(path, mapping)
    assert first.profile is not None and first.profile.photo == str(tmp_path.resolve() / "img" / "h1.jpg")
    assert not second.ok and "photo" in (second.error or "")


def test_label_constant_in_mapping_and_override_per_file(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[label]\nconstant = 1\n')
    path = write(tmp_path / "l.csv", "id\ni1\ni2\n")
    assert [item.profile.label for item in read_table(path, mapping) if item.profile] == [1, 1]
    assert [item.profile.label for item in read_table(path, mapping, label=0) if item.profile] == [0, 0]


def test_label_override_does_not_need_the_label_column(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    path = write(tmp_path / "nolabel.csv", "user_id,full_name,conn,joined,about\nj1,J,1,2016,\n")
    with pytest.raises(MappingError, match="is_fake"):
        read_table(path, basic_mapping)
    (item,) = read_table(path, basic_mapping, label=1)
    assert item.profile is not None and item.profile.label == 1


@pytest.mark.parametrize("label", [2, -1, True, "1"])
def test_label_override_must_be_zero_or_one(tmp_path: Path, basic_mapping: ColumnMapping, label: object) -> None:
    path = write(tmp_path / "x.csv", MIXED_CSV)
    with pytest.raises(ValueError, match="label must be"):
        read_table(path, basic_mapping, label=label)  # type: ignore[arg-type]


def test_read_labelled_files_checks_every_header_first(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nname = "name"\n')
    fakes = write(tmp_path / "fakes.csv", "id,name\nk1,A\nk2,B\n")
    genuine = write(tmp_path / "genuine.csv", "id,name\nk3,C\n")
    items = list(read_labelled_files([(fakes, 1), (genuine, 0)], mapping))
    assert [(i.id, i.profile.label if i.profile else None) for i in items] == [("k1", 1), ("k2", 1), ("k3", 0)]
    broken = write(tmp_path / "broken.csv", "ident,name\nk4,D\n")
    with pytest.raises(MappingError, match="'id'"):
        read_labelled_files([(fakes, 1), (broken, 0)], mapping)


def test_missing_column_error_names_it_and_lists_the_header(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    path = write(tmp_path / "cols.csv", "user_id,full_name,connections,joined,about,is_fake\n")
    with pytest.raises(MappingError) as info:
        read_table(path, basic_mapping)
    message = str(info.value)
    assert "column 'conn' ([fields] connections) is not in" in message
    assert "Did you mean 'connections'?" in message
    assert "'user_id', 'full_name', 'connections', 'joined', 'about', 'is_fake'" in message


def test_duplicate_mapped_column_is_refused(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nname = "name"\n')
    path = write(tmp_path / "dup.csv", "id,name,name\nm1,A,B\n")
    with pytest.raises(MappingError, match="appears 2 times"):
        read_table(path, mapping)


def test_tsv_gzip_bom_and_header_spaces(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nname = "name"\n')
    path = tmp_path / "t.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8-sig", newline="") as handle:
        handle.write("id\t name \nn1\tAnn, with comma\n")
    (item,) = read_table(path, mapping)
    assert item.profile is not None and (item.id, item.profile.name) == ("n1", "Ann, with comma")


def test_custom_delimiter_and_encoding(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\ndelimiter = ";"\nencoding = "latin-1"\n[fields]\nname = "name"\n')
    path = write(tmp_path / "l1.csv", "id;name\no1;Jos\u00e9\n", encoding="latin-1")
    (item,) = read_table(path, mapping)
    assert item.profile is not None and item.profile.name == "Jos\u00e9"


def test_undecodable_bytes_reject_only_their_row(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nname = "name"\n')
    path = tmp_path / "bytes.csv"
    path.write_bytes(b"id,name,other\np1,Jos\xe9,x\np2,Ann,\xff\np3,Bea,y\n")
    items = list(read_table(path, mapping))
    assert [(i.id, i.ok) for i in items] == [("p1", False), ("p2", True), ("p3", True)]
    assert "name: column 'name'" in (items[0].error or "") and "not valid utf-8" in (items[0].error or "")


def test_empty_file_and_unknown_suffix(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    with pytest.raises(TableError, match="empty"):
        read_table(write(tmp_path / "empty.csv", ""), basic_mapping)
    with pytest.raises(ValueError, match="cannot tell the format"):
        read_table(write(tmp_path / "data.xlsx", "x"), basic_mapping)
    with pytest.raises(TableError, match="not a readable Parquet file"):
        read_table(write(tmp_path / "fake.parquet", "id\n1\n"), basic_mapping)


def test_blank_and_whitespace_lines_are_not_records(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    path = write(tmp_path / "blank.csv", "user_id,full_name,conn,joined,about,is_fake\n\n   \nq1,Q,1,2016,,0\n\n")
    items = list(read_table(path, basic_mapping))
    assert [(i.line, i.ok) for i in items] == [(4, True)]


# --------------------------------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------------------------------


def test_parquet_and_csv_copies_read_the_same(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    mapping = mapping_from(
        """
        [mapping]
        id = "user_id"
        [fields]
        name = "full_name"
        connections = "conn"
        created_at = "joined"
        has_photo = "photo"
        skills = "skills"
        [label]
        column = "is_fake"
        fake = [1]
        genuine = [0]
        """
    )
    frame = pd.DataFrame(
        {
            "user_id": [101, 102, 103],
            "full_name": ["Ann", None, "Cy"],
            "conn": [1234.0, None, 7.0],  # an integer column with a gap, as pandas stores it
            "joined": ["Mar 2016", "2016-04-05", "nope"],
            "photo": [True, False, None],
            "skills": ["sql,python", None, "go"],
            "is_fake": [0, 1, 1],
            "ignored": ["x", "y", "z"],
        }
    )
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.to_parquet(tmp_path / "t.parquet", index=False)

    from_csv = list(read_table(tmp_path / "t.csv", mapping))
    from_parquet = list(read_table(tmp_path / "t.parquet", mapping, batch_rows=2))

    assert [i.profile for i in from_parquet] == [i.profile for i in from_csv]
    assert [i.line for i in from_parquet] == [1, 2, 3]
    assert [i.line for i in from_csv] == [2, 3, 4]
    first = from_parquet[0].profile
    assert first is not None
    assert (first.id, first.connections, first.created_at, first.has_photo, first.skills, first.label) == (
        "101",
        1234,
        "2016-03",
        True,
        ["sql", "python"],
        0,
    )
    assert from_parquet[1].profile is not None and from_parquet[1].profile.connections is None
    assert not from_parquet[2].ok and "created_at: column 'joined': 'nope'" in (from_parquet[2].error or "")


def test_parquet_native_lists_and_dates(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import datetime as dt

    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": ["r1", "r2"],
            "skills": [["sql", " ", "go"], None],
            "joined": [dt.date(2019, 6, 1), dt.datetime(2020, 1, 31, 23, 0)],
        }
    )
    pq.write_table(table, tmp_path / "native.parquet")
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nskills = "skills"\ncreated_at = "joined"\n')
    first, second = read_table(tmp_path / "native.parquet", mapping)
    assert first.profile is not None and second.profile is not None
    assert (first.profile.skills, first.profile.created_at) == (["sql", "go"], "2019-06")
    assert (second.profile.skills, second.profile.created_at) == (None, "2020-01")

    list_into_text = mapping_from('[mapping]\nid = "id"\n[fields]\nname = "skills"\n')
    first, second = read_table(tmp_path / "native.parquet", list_into_text)
    assert not first.ok and "name: column 'skills': the cell holds a list" in (first.error or "")
    assert second.ok


# --------------------------------------------------------------------------------------------------
# Mapping files
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[fields]\nname = 'n'\n", "[mapping] table is missing"),
        ("[mapping]\n", "[mapping] id is missing"),
        ("[mapping]\nid = ''\n", "[mapping] id must be a non-empty string"),
        ("[mapping]\nid = 'id'\nidd = 'x'\n", "unknown key 'idd'"),
        ("[mapping]\nid = 'id'\n[field]\nname = 'n'\n", "unknown key 'field' (did you mean 'fields'?)"),
        ("[mapping]\nid = 'id'\n[fields]\nfull_name = 'n'\n", "[fields] full_name: 'full_name' is not a field"),
        ("[mapping]\nid = 'id'\n[fields]\nconections = 'n'\n", "did you mean 'connections'?"),
        ("[mapping]\nid = 'id'\n[fields]\n'activity.post' = 'n'\n", "[fields] activity.post:"),
        ("[mapping]\nid = 'id'\n[fields]\nconnections = {column='c', convert='integer'}\n", "unknown conversion"),
        ("[mapping]\nid = 'id'\n[fields]\nconnections = {column='c', convert=3}\n", "unknown conversion 3"),
        ("[mapping]\nid = 'id'\n[fields]\nname = {column='c', convert='int'}\n", "gives a int, but 'name' holds"),
        ("[mapping]\nid = 'id'\n[fields]\nconnections = {column='c', convert='float'}\n", "use 'int'"),
        ("[mapping]\nid = 'id'\n[fields]\nconnections = {convert='int'}\n", "[fields] connections: 'column' is"),
        ("[mapping]\nid = 'id'\n[fields]\nconnections = {column='c', fromat='%Y'}\n", "unknown key 'fromat'"),
        ("[mapping]\nid = 'id'\n[fields]\ncreated_at = {column='c', fromat='%Y'}\n", "did you mean 'format'?"),
        ("[mapping]\nid = 'id'\n[fields]\ncreated_at = {column='c', format='%Q %Y'}\n", "'%Q' is not a strptime"),
        ("[mapping]\nid = 'id'\n[fields]\ncreated_at = {column='c', format='%m/%d'}\n", "it has no year"),
        ("[mapping]\nid = 'id'\n[fields]\nhas_photo = {column='c', true=['1'], false=['1']}\n", "both as true"),
        ("[mapping]\nid = 'id'\n[fields]\nhas_photo = {column='c', true=[], false=[]}\n", "both empty"),
        ("[mapping]\nid = 'id'\n[fields]\nhas_photo = {column='c', missing='yes'}\n", "has_photo: missing:"),
        ("[mapping]\nid = 'id'\n[fields]\nskills = {column='c', separator=''}\n", "separator must be"),
        ("[mapping]\nid = 'id'\n[fields]\nid = 'x'\n", "name its column in [mapping] id"),
        ("[mapping]\nid = 'id'\n[fields]\nlabel = 'x'\n", "set in the [label] table"),
        ("[mapping]\nid = 'id'\n[fields]\nexperience = 'x'\n", "list of objects"),
        ("[mapping]\nid = 'id'\n[fields]\nactivity = 'x'\n", "'activity' is an object"),
        ("[mapping]\nid = 'id'\n[fields]\nactivity = {column='x'}\n", "'activity' is an object"),
        ("[mapping]\nid = 'id'\n[fields]\nname = 3\n", "give a column name or a table"),
        ("[mapping]\nid = 'id'\n[label]\n", "give column (with fake and genuine values) or constant"),
        ("[mapping]\nid = 'id'\n[label]\nconstant = 2\n", "[label] constant must be 1 (fake) or 0"),
        ("[mapping]\nid = 'id'\n[label]\nconstant = true\n", "[label] constant must be 1 (fake) or 0"),
        ("[mapping]\nid = 'id'\n[label]\nconstant = 1\ncolumn = 'y'\n", "either constant or column"),
        ("[mapping]\nid = 'id'\n[label]\ncolumn = 'y'\nfake = ['1']\n", "[label]: genuine is missing"),
        ("[mapping]\nid = 'id'\n[label]\ncolumn = 'y'\nfake = ['1']\ngenuine = ['1']\n", "both as fake"),
        ("[mapping]\nid = 'id'\n[label]\ncolumn = 'y'\nfake = []\ngenuine = ['0']\n", "at least one value"),
        ("[mapping]\nid = 'id'\n[label]\ncolumn = 'y'\nfake = 'x'\ngenuine = ['0']\n", "must be a list"),
        ("[mapping]\nid = 'id'\n[label]\nkolumn = 'y'\n", "unknown key 'kolumn'"),
        ("[mapping]\nid = 'id'\n[constants]\nobserved_at = '2015-13'\n", "[constants] observed_at: observed"),
        ("[mapping]\nid = 'id'\n[constants]\nobserved_at = 2015-02-01\n", "write dates as strings"),
        ("[mapping]\nid = 'id'\n[constants]\nconnections = '5'\n", "[constants] connections:"),
        ("[mapping]\nid = 'id'\n[constants]\nwhen = '2015'\n", "'when' is not a field"),
        ("[mapping]\nid = 'id'\n[constants]\nlabel = 1\n", "set in the [label] table"),
        ("[mapping]\nid = 'id'\n[fields]\nname = 'n'\n[constants]\nname = 'x'\n", "both in [fields] and in"),
        ("[mapping]\nid = 'id'\ndelimiter = ';;'\n", "delimiter must be one character"),
        ("[mapping]\nid = 'id'\nencoding = 'klingon'\n", "not a known encoding"),
        ("[mapping]\nid = 'id'\nnull_values = 'NULL'\n", "null_values must be a list"),
        ("mapping = 3\n", "mapping must be a table"),
        ("[mapping\nid = 'id'\n", "not valid TOML"),
    ],
)
def test_bad_mapping_files_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert expected in message, message


def test_mapping_file_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.toml", BASIC_MAPPING)
    mapping = load_mapping(path)
    assert mapping.id_column == "user_id"
    assert [(s.field, s.column, s.convert) for s in mapping.fields] == [
        ("name", "full_name", "str"),
        ("connections", "conn", "int"),
        ("created_at", "joined", "date"),
        ("summary", "about", "str"),
    ]
    assert mapping.label is not None and mapping.label.column == "is_fake"
    assert mapping.columns() == ["user_id", "full_name", "conn", "joined", "about", "is_fake"]
    csv_path = write(tmp_path / "mixed.csv", MIXED_CSV)
    assert len(list(read_table(csv_path, path))) == 10  # a mapping path is accepted too


# --------------------------------------------------------------------------------------------------
# The real cresci2015 data
# --------------------------------------------------------------------------------------------------


def test_cresci2015_mapping_leaves_out_the_leak_columns() -> None:
    mapping = load_mapping(CRESCI_MAPPING)
    read = set(mapping.columns())
    assert not read & {"dataset", "updated", "lang", "time_zone", "utc_offset"}
    assert mapping.label is None, "the label is given per file"
    assert mapping.constants == {"observed_at": "2015-02"}


def test_cresci2015_reads_completely() -> None:
    folder = REAL_DATA / "cresci2015"
    if not folder.is_dir():
        pytest.skip(f"real data not found at {folder} (the shared folder beside the repository)")
    mapping = load_mapping(CRESCI_MAPPING)
    files = [(folder / "fake_INT.csv", 1), (folder / "genuine_E13.csv", 0)]
    items = list(read_labelled_files(files, mapping))

    rejected = [f"{item.where()}: {item.error}" for item in items if not item.ok]
    assert rejected == []
    assert len(items) == 2818
    labels = [item.profile.label for item in items if item.profile]
    assert (labels.count(1), labels.count(0)) == (1337, 1481)
    assert len({item.id for item in items}) == 2818

    first = items[0].profile
    assert first is not None
    assert first.id == "370098498"
    assert (first.connections, first.followers, first.created_at, first.observed_at) == (588, 4, "2011-09", "2015-02")
    assert first.activity is not None and first.activity.posts == 24
    # An empty bio is an account without one (""); an empty location is not given (None).
    assert first.has_photo is True and first.summary == "" and first.location is None
    assert all(item.profile and item.profile.created_at and item.profile.has_photo is not None for item in items)


# --------------------------------------------------------------------------------------------------
# Huge cells (issue 17, item 13): an unmapped one costs nothing; a mapped one names row, id and column.
# --------------------------------------------------------------------------------------------------

HUGE = 200_000  # beyond the csv module's default field limit (131,072)


def test_a_huge_cell_in_a_column_the_mapping_does_not_read_does_not_reject_the_row(
    tmp_path: Path, basic_mapping: ColumnMapping
) -> None:
    import csv

    limit_before = csv.field_size_limit()
    header = "user_id,full_name,conn,joined,about,is_fake,raw_html\n"
    path = write(tmp_path / "huge.csv", f"{header}g1,Ana,5,2016,,0,{'x' * HUGE}\ng2,Bo,6,2016,,1,\n")
    first, second = read_table(path, basic_mapping)
    assert first.ok and second.ok and first.profile.name == "Ana"
    assert csv.field_size_limit() == limit_before  # raised only while a record is parsed


def test_a_huge_mapped_cell_is_refused_naming_line_id_and_column(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    header = "user_id,full_name,conn,joined,about,is_fake\n"
    path = write(tmp_path / "huge.csv", f"{header}g1,Ana,5,2016,{'x' * HUGE},0\ng2,Bo,6,2016,,1\n")
    first, second = read_table(path, basic_mapping)
    assert second.ok and not first.ok
    assert first.where() == f"{path}:2 (id g1)"
    assert first.error == "summary: column 'about': 200,000 characters, more than the 50,000 the schema allows"


@pytest.mark.parametrize(
    ("field", "cell", "expected"),
    [
        ("name", "n" * 2_001, "name: column 'c': 2,001 characters, more than the 2,000 the schema allows"),
        ("invitation.message", "m" * 50_001, "invitation.message: column 'c': 50,001 characters, more than"),
        ("skills", "a," + "s" * 2_001, "skills: column 'c': item 2 has 2,001 characters, more than the 2,000"),
        ("created_at", "2016" + " " * 50 + "x" * 100, "created_at: column 'c': '2016"),
        ("connections", "9" * 50_000, "connections: column 'c': '99999999"),
    ],
)
def test_mapped_cells_are_checked_against_the_schema_limits_with_their_column(
    tmp_path: Path, field: str, cell: str, expected: str
) -> None:
    mapping = mapping_from(f'[mapping]\nid = "id"\n[fields]\n"{field}" = "c"\n')
    path = write(tmp_path / "t.csv", f'id,c\nh1,"{cell}"\n')
    (item,) = read_table(path, mapping)
    assert not item.ok and item.id == "h1" and item.error.startswith(expected), item.error


def test_spaces_around_a_cell_do_not_count_against_the_limit(tmp_path: Path) -> None:
    mapping = mapping_from('[mapping]\nid = "id"\n[fields]\nname = "c"\n')
    path = write(tmp_path / "t.csv", f'id,c\nh1,"  {"n" * 2_000}  "\n')
    (item,) = read_table(path, mapping)
    assert item.ok and len(item.profile.name) == 2_000


def test_a_too_long_id_is_named_once_with_its_column(tmp_path: Path, basic_mapping: ColumnMapping) -> None:
    path = write(tmp_path / "t.csv", f"user_id,full_name,conn,joined,about,is_fake\n{'i' * 300},Ana,5,2016,,0\n")
    (item,) = read_table(path, basic_mapping)
    assert item.error == "id: column 'user_id': 300 characters, more than the 256 the schema allows"
    assert item.id == "i" * 256


def test_a_cell_beyond_the_csv_cap_rejects_its_record_only(
    tmp_path: Path, basic_mapping: ColumnMapping, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fakeprofile.io.tabular.MAX_FIELD_CHARS", 1_000)
    header = "user_id,full_name,conn,joined,about,is_fake,raw_html\n"
    path = write(tmp_path / "huge.csv", f"{header}g1,Ana,5,2016,,0,{'x' * 2_000}\ng2,Bo,6,2016,,1,\n")
    first, second = read_table(path, basic_mapping)
    assert second.ok and first.line == 2
    assert first.error == "malformed CSV: a cell is longer than 1,000 characters, the most a CSV cell may hold"


def test_convert_date_refuses_overlong_text_quickly() -> None:
    with pytest.raises(ConversionError, match="too long to be a date"):
        convert_date("Mar " * 1_000_000 + "2016")


# --------------------------------------------------------------------------------------------------
# Tables without an id column (issue 17, item 15): id = { row_number = true }.
# --------------------------------------------------------------------------------------------------

ROW_NUMBER_MAPPING = """
[mapping]
id = { row_number = true }
[fields]
name = "name"
connections = "conn"
"""


def test_row_number_ids_count_records_from_one_with_the_file_stem(tmp_path: Path) -> None:
    mapping = mapping_from(ROW_NUMBER_MAPPING)
    assert mapping.id_column is None and mapping.columns() == ["name", "conn"]
    text = 'name,conn\nAna,5\n\n"Bo\nB",oops\nCy,1,extra\nDi,7\n'
    items = list(read_table(write(tmp_path / "people.csv", text), mapping))
    assert [(i.id, i.line, i.ok) for i in items] == [
        ("people#1", 2, True), ("people#2", 4, False), ("people#3", 6, False), ("people#4", 7, True)]
    assert items[0].profile.id == "people#1" and items[3].profile.name == "Di"
    assert items[1].error.startswith("connections: column 'conn': 'oops'")


def test_row_number_ids_in_parquet_and_across_labelled_files(tmp_path: Path) -> None:
    import pandas as pd

    mapping = mapping_from(ROW_NUMBER_MAPPING)
    frame = pd.DataFrame({"name": ["Ana", "Bo"], "conn": [5, 6]})
    frame.to_parquet(tmp_path / "a.parquet")
    frame.to_csv(tmp_path / "b.csv", index=False)
    items = list(read_labelled_files([(tmp_path / "a.parquet", 1), (tmp_path / "b.csv", 0)], mapping))
    assert [(i.id, i.profile.label) for i in items] == [("a#1", 1), ("a#2", 1), ("b#1", 0), ("b#2", 0)]


@pytest.mark.parametrize(
    ("id_spec", "expected"),
    [("{ row_number = false }", "give the id column's name, or { row_number = true }"),
     ("{ row_numbr = true }", "did you mean 'row_number'?"),
     ("{}", "give the id column's name")],
)
def test_a_bad_id_table_is_refused(tmp_path: Path, id_spec: str, expected: str) -> None:
    path = write(tmp_path / "bad.toml", f"[mapping]\nid = {id_spec}\n")
    with pytest.raises(MappingError, match=re.escape(expected)):
        load_mapping(path)


def test_present_reads_a_filled_cell_as_true_and_an_empty_one_as_missing(tmp_path):
    from fakeprofile.io.tabular import convert_present

    assert convert_present(" http://x.org ") is True and convert_present("  ") is None
    mapping = tmp_path / "m.toml"
    mapping.write_text('[mapping]\nid = "id"\n[fields]\nwebsite = "url"\n'
                       'has_website = { column = "url", convert = "present", missing = false }\n')
    table = tmp_path / "t.csv"
    table.write_text("id,url\na,example.org\nb,\n")
    with_link, without = read_table(table, load_mapping(mapping))
    assert with_link.profile.has_any_website is True and with_link.profile.website == "example.org"
    assert without.profile.has_website is False and without.profile.has_any_website is False

"""Tests of fakeprofile.io.linkedin: the Ayoobi et al. 2023 LinkedIn format, on the real sample and hostile rows."""

from __future__ import annotations

import ast
import csv
import json
import math
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile.io.linkedin import (
    COLUMNS,
    FORMAT_NAME,
    MAX_LITERAL_CHARS,
    MAX_REPAIR_CHARS,
    READ_COLUMNS,
    parse_duration,
    parse_literal,
    read_linkedin,
    repair_text,
)
from fakeprofile.io.readers import DataSource, read_sources
from fakeprofile.io.records import ReadItem, RecordError
from fakeprofile.io.tabular import ConversionError, TableError
from tests.conftest import real_data

SAMPLE = ("linkedin_llm_sample", "llm_fake_profiles_sample.csv")


# --------------------------------------------------------------------------------------------------
# Helpers: a plausible row of the format, written to a CSV.
# --------------------------------------------------------------------------------------------------


def ayoobi_row(**overrides: str) -> dict[str, str]:
    """A legitimate-looking row with all 39 columns; keyword arguments replace cells (use _ for spaces)."""
    row = {column: "" for column in COLUMNS}
    for column in COLUMNS:
        if column.startswith("Number of "):
            row[column] = "0"
        elif column not in READ_COLUMNS[:8] and column != "Label":
            row[column] = "{}"
    row.update({
        "Intro": repr({"Full Name": "Ana Silva", "Workplace": "Data Engineer at Nubank", "Location": "São Paulo",
                       "Connections": "500+", "Photo": "Yes", "Followers": "1,234"}),
        "Full Name": "Ana Silva",
        "Workplace": "Data Engineer at Nubank",
        "Location": "São Paulo, Brazil",
        "Connections": "500",
        "Photo": "Yes",
        "Followers": "1234",
        "About": "I build data pipelines.",
        "Experiences": repr({
            "0": {"Role": "Data Engineer", "Workplace": "Nubank · Full-time",
                  "Duration": "Mar 2019 - Present · 4 yrs", "Workplace Location": "São Paulo, Brazil",
                  "Description": "Pipelines."},
            "1": {"Role": "Analyst", "Workplace": "Itaú", "Duration": "Jan 2016 - Feb 2019 · 3 yrs 2 mos",
                  "Workplace Location": "", "Description": ""},
        }),
        "Number of Experiences": "2",
        "Educations": repr({"0": {"Institute": "USP", "Degree": "Bachelor of Science - BS, Computer Science",
                                  "Duration": "2011 - 2015", "Description": ""}}),
        "Number of Educations": "1",
        "Skills": repr({"Skill 0": "SQL", "Skill 1": "Python"}),
        "Number of Skills": "2",
        "Label": "0",
    })
    for key, value in overrides.items():
        row[key.replace("_", " ")] = value
    return row


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] | list[str] = COLUMNS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_rows(tmp_path: Path, *rows: dict[str, str]) -> list[ReadItem]:
    return list(read_linkedin(write_csv(tmp_path / "ayoobi.csv", list(rows))))


def one(tmp_path: Path, **overrides: str) -> ReadItem:
    (item,) = read_rows(tmp_path, ayoobi_row(**overrides))
    return item


def raw_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------------------------------
# The 20 real rows of the GPT-written sample.
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[list[dict[str, str]], list[ReadItem]]:
    path = real_data(*SAMPLE)
    return raw_rows(path), list(read_linkedin(path))


def test_every_sample_row_imports(sample):
    raw, items = sample
    assert len(raw) == len(items) == 20
    assert [i.error for i in items if not i.ok] == []
    assert [i.line for i in items] == list(range(2, 22))  # no multi-line cells in the sample
    assert [i.id for i in items] == [f"llm_fake_profiles_sample#{n}" for n in range(1, 21)]


def test_sample_header_is_exactly_the_39_columns(sample):
    raw, _ = sample
    assert tuple(raw[0]) == COLUMNS


def test_sample_sections_match_the_raw_columns_row_by_row(sample):
    raw, items = sample
    for row, item in zip(raw, items, strict=True):
        profile = item.profile
        for column, count_column, got in [
            ("Experiences", "Number of Experiences", profile.experience),
            ("Educations", "Number of Educations", profile.education),
            ("Skills", "Number of Skills", profile.skills),
        ]:
            section = ast.literal_eval(row[column])
            if not section and int(row[count_column]) > 0:
                assert got is None, (item.id, column)  # counted but not captured: unknown, not "none"
            else:
                assert got is not None and len(got) == len(section), (item.id, column)
        if profile.skills:
            assert profile.skills == list(ast.literal_eval(row["Skills"]).values())


def test_sample_counts(sample):
    _, items = sample
    profiles = [i.profile for i in items]
    assert Counter(p.label for p in profiles) == {1: 20}
    assert Counter(p.archetype for p in profiles) == {"llm-generated-12": 20}
    assert sum(len(p.experience or []) for p in profiles) == 55
    assert sum(len(p.education or []) for p in profiles) == 35
    assert sum(len(p.skills or []) for p in profiles) == 88
    # Three rows count items in a section that is empty ({}): left unknown.
    assert [p.id.split("#")[1] for p in profiles if p.experience is None] == ["4"]
    assert [p.id.split("#")[1] for p in profiles if p.education is None] == ["9", "15"]
    assert all(p.has_photo is True for p in profiles)
    assert Counter(p.connections for p in profiles)[500] == 11  # the dataset's "500+", '+' dropped
    assert sum(p.recommendations for p in profiles) == 4


def test_sample_durations_are_all_converted(sample):
    raw, items = sample
    for row, item in zip(raw, items, strict=True):
        jobs = item.profile.experience or []
        durations = [job["Duration"] for job in ast.literal_eval(row["Experiences"]).values()]
        assert [j.start is not None for j in jobs] == [bool(d) for d in durations]
        assert [j.end is None for j in jobs] == ["Present" in d for d in durations]
        for study in item.profile.education or []:
            assert (study.start is None) == (study.end is None)  # "2013 - 2015", or empty in row 13


def test_sample_first_row_in_detail(sample):
    profile = sample[1][0].profile
    assert (profile.name, profile.headline, profile.location) == (
        "Sofia Martínez López", "Architect & Urban Planner at GreenUrban S.L.", "Madrid, Spain")
    # Its About cell is empty: the captured page shows no About section, which is "" (none), not unknown.
    assert (profile.connections, profile.followers, profile.has_photo, profile.summary) == (675, 890, True, "")
    first = profile.experience[0]
    assert (first.title, first.company, first.location, first.start, first.end, first.employment_type) == (
        "Architect & Urban Planner", "GreenUrban S.L.", "Madrid, Spain", "2018-01", None, None)
    assert first.description.startswith("• Leading urban planning projects")
    assert profile.experience[1].start == "2015-09" and profile.experience[1].end == "2017-12"
    study = profile.education[0]
    assert (study.school, study.degree, study.field, study.start, study.end) == (
        "Universidad Politécnica de Madrid", "Master of Science (MSc) in Urban Planning and Sustainability", None,
        "2013", "2015")
    assert profile.skills == ["Sustainable Design", "Urban Planning", "Environmental Impact Assessment",
                              "Architectural Design"]
    assert profile.observed_at is None  # the data has no crawl date


def test_sample_employment_types_come_from_the_workplace_tag(sample):
    tagged = [(j.company, j.employment_type) for i in sample[1] for j in i.profile.experience or []
              if j.employment_type]
    assert tagged == [
        ("Freelance", "self-employed"),
        ("Instituto Nacional de Innovación Agropecuaria y Agroindustrial (INIA)", "full-time"),
        ("Green Innovate", "full-time"),
        ("Rappi", "full-time"),
        ("TechStride", "full-time"),  # written with '●', not '·'
    ]


def test_sample_feature_matrix(sample):
    from fakeprofile.features import FeatureBuilder, make_extractors

    profiles = [i.profile for i in sample[1]]
    builder = FeatureBuilder(make_extractors(), "2026-10")
    matrix = builder.matrix(profiles)
    assert matrix.shape == (20, len(builder.feature_names))
    assert all(math.isfinite(v) or math.isnan(v) for v in matrix.ravel())
    column = builder.feature_names.index("timeline__share_jobs_undated")
    assert [matrix[n, column] for n in (0, 1, 2)] == [0.0, 0.0, 0.0]


def test_read_sources_recognises_the_sample_without_a_mapping(sample):
    path = real_data(*SAMPLE)
    for source in (DataSource(path), DataSource.parse(str(path), mapping=FORMAT_NAME)):
        items = list(read_sources([source]))
        assert len(items) == 20 and all(i.ok for i in items)
    assert all(i.ok for i in read_sources([DataSource.parse(f"{path}@1")]))
    refused = list(read_sources([DataSource.parse(f"{path}@0")]))
    assert len(refused) == 20 and all("file is labelled 0" in i.error for i in refused)


# --------------------------------------------------------------------------------------------------
# Durations, companies, degrees, counts, labels.
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 2016 - Present · 7 yrs", ("2016-03", None)),
        ("Mar 2016 - Present · 7 yrs 2 mos", ("2016-03", None)),
        ("Mar 2016 - Present \u00b7 7 yrs", ("2016-03", None)),  # the middle dot, spelled out
        ("Jan 2016 - Present ● 7 yrs", ("2016-01", None)),
        ("Mar 2018 - Present • 5 yrs", ("2018-03", None)),
        ("Sep 2019 - Present", ("2019-09", None)),
        ("September 2019 - present", ("2019-09", None)),
        ("Jan 2016 - Present 7 yrs", ("2016-01", None)),  # the separator lost in a crawl
        ("2010 - Present · 13 yrs", ("2010", None)),
        ("2014 - 2018", ("2014", "2018")),
        ("2014-2018", ("2014", "2018")),
        ("2014 – 2018", ("2014", "2018")),  # en dash
        ("Jan 2020 - Mar 2021", ("2020-01", "2021-03")),
        ("Jan 2020 – Mar 2021", ("2020-01", "2021-03")),
        ("Jan 2020—Mar 2021", ("2020-01", "2021-03")),  # em dash, no spaces
        ("Jan 2020 to Mar 2021", ("2020-01", "2021-03")),
        ("Mar 2016-Present", ("2016-03", None)),
        ("Jun 2019 - Aug 2021 · 2 yrs 3 mos", ("2019-06", "2021-08")),
        ("May 2011 - Aug 2011 • 4 mos", ("2011-05", "2011-08")),
        ("2016-03 - 2018-05", ("2016-03", "2018-05")),
        ("Mar\u00a02016 - Present", ("2016-03", None)),
        ("Feb 2016 - Jan 2015", ("2016-02", "2015-01")),  # backwards: data, for the timeline extractor
        ("Mar 2016", ("2016-03", "2016-03")),
        ("2017 - 2017", ("2017", "2017")),
        ("", (None, None)),
        ("   ", (None, None)),
        ("7 yrs 2 mos", (None, None)),
        ("less than a year", (None, None)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


def test_a_single_date_ends_a_degree():
    assert parse_duration("2014", one_date="end") == (None, "2014")
    assert parse_duration("2010 - 2014", one_date="end") == ("2010", "2014")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13/2016 - Present", "month 13"),
        ("2016-13 - 2017-01", "month 13"),
        ("Foo 2016 - Bar 2017", "is not a date"),
        ("Present - Mar 2016", "expected a date"),
        ("Jan 2016 - Mar 2017 - Present", "has 3 dates"),
        ("Jan 2016 -", "is not a date"),
        ("x" * 200, "too long"),
    ],
)
def test_parse_duration_refuses(text, message):
    with pytest.raises(ConversionError, match=message):
        parse_duration(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parse_duration_never_crashes(text):
    try:
        start, end = parse_duration(text)
    except ConversionError:
        return
    assert start is None or isinstance(start, str)
    assert end is None or isinstance(end, str)


@pytest.mark.parametrize(
    ("workplace", "company", "kind"),
    [
        ("Rappi · Full-time", "Rappi", "full-time"),
        ("Freelance · Self-employed", "Freelance", "self-employed"),
        ("TechStride ● Full-time", "TechStride", "full-time"),
        ("Acme • part-time", "Acme", "part-time"),
        ("Big Co · Contract", "Big Co", "contract"),
        ("Deloitte · Consulting", "Deloitte · Consulting", None),  # not an employment type: kept as written
        ("Google", "Google", None),
        ("", None, None),
    ],
)
def test_company_and_employment_type(tmp_path, workplace, company, kind):
    job = {"Role": "Engineer", "Workplace": workplace, "Duration": "2019 - 2020"}
    item = one(tmp_path, Experiences=repr({"0": job}), Number_of_Experiences="1")
    assert item.ok, item.error
    (parsed,) = item.profile.experience
    assert (parsed.company, parsed.employment_type) == (company, kind)


@pytest.mark.parametrize(
    ("degree", "expected"),
    [
        ("Master of Business Administration (MBA), Business/Commerce, General",
         ("Master of Business Administration (MBA)", "Business/Commerce, General")),
        ("Ph.D., Agronomy and Crop Science", ("Ph.D.", "Agronomy and Crop Science")),
        ("Bachelor of Science in Biology", ("Bachelor of Science in Biology", None)),
        ("", (None, None)),
    ],
)
def test_degree_and_field_split_at_the_first_comma(tmp_path, degree, expected):
    study = {"Institute": "USP", "Degree": degree, "Duration": "2014"}
    item = one(tmp_path, Educations=repr({"0": study}), Number_of_Educations="1")
    assert item.ok, item.error
    (parsed,) = item.profile.education
    assert (parsed.degree, parsed.field, parsed.start, parsed.end) == (*expected, None, "2014")


@pytest.mark.parametrize(
    ("label", "expected"),
    [("0", (0, "legitimate")), ("1", (1, "hand-made-fake")), ("10", (1, "llm-generated-10")),
     ("11", (1, "llm-generated-11")), ("12", (1, "llm-generated-12")), ("12.0", (1, "llm-generated-12")),
     ("", (None, None))],
)
def test_labels(tmp_path, label, expected):
    item = one(tmp_path, Label=label)
    assert item.ok, item.error
    assert (item.profile.label, item.profile.archetype) == expected


@pytest.mark.parametrize("label", ["2", "fake", "-1"])
def test_unknown_label_rejects_the_row(tmp_path, label):
    item = one(tmp_path, Label=label)
    assert not item.ok and "column 'Label'" in item.error


def test_counts_as_linkedin_shows_them(tmp_path):
    item = one(tmp_path, Connections="500+", Followers="1,234", Photo="No", Number_of_Recommendations="3")
    assert (item.profile.connections, item.profile.followers, item.profile.has_photo) == (500, 1234, False)
    assert item.profile.recommendations == 3
    bad = one(tmp_path, Connections="lots", Followers="-5")
    assert bad.ok and (bad.profile.connections, bad.profile.followers) == (None, None)
    assert bad.repairs == (
        "column 'Connections': 'lots' is not a count (expected e.g. 1234, 1,234, 1.2K or 500+); left unknown",
        "column 'Followers': '-5' is negative; a count cannot be; left unknown")


def test_intro_fills_an_empty_header_column_only(tmp_path):
    item = one(tmp_path, Followers="", Connections="")
    assert (item.profile.followers, item.profile.connections) == (1234, 500)  # from Intro's '1,234', '500+'
    unread = one(tmp_path, Intro="{broken")  # not needed, not parsed
    assert unread.ok and unread.repairs == ()
    bad = one(tmp_path, Intro="{broken", Followers="")
    assert bad.ok and bad.profile.followers is None and bad.profile.connections == 500
    assert len(bad.repairs) == 1 and bad.repairs[0].startswith("column 'Intro': ")
    assert bad.repairs[0].endswith("; not used")


def test_empty_and_unknown_sections(tmp_path):
    empty = one(tmp_path, Experiences="{}", Number_of_Experiences="0", Skills="{}", Number_of_Skills="")
    assert empty.profile.experience == [] and empty.profile.skills == []
    counted = one(tmp_path, Experiences="{}", Number_of_Experiences="3")
    assert counted.profile.experience is None  # three jobs existed; none were captured
    blank = one(tmp_path, Educations="", Number_of_Educations="")
    assert blank.profile.education is None


def test_skills_as_a_list_or_items_with_a_skill_key(tmp_path):
    assert one(tmp_path, Skills="['SQL', 'Go']").profile.skills == ["SQL", "Go"]
    assert one(tmp_path, Skills="{'0': {'Skill': 'SQL', 'Endorsements': 4}}").profile.skills == ["SQL"]
    bad = one(tmp_path, Skills="{'Skill 0': 3}")
    assert bad.ok and bad.profile.skills is None
    assert bad.repairs == ("column 'Skills': item 'Skill 0' is an int, not a skill name; the section is left unknown",)


# --------------------------------------------------------------------------------------------------
# Hostile and broken values: each is left unknown for its own field, noted with its column and item; the
# row is kept. Only a row that cannot be identified (CSV damage), whose label is unknown, or that has no
# usable content is rejected.
# --------------------------------------------------------------------------------------------------

GOOD = ayoobi_row()


def _job(duration: str) -> str:
    return repr({"0": {"Role": "CTO", "Workplace": "Acme", "Duration": duration}})


def _jobs(profile):
    return [(job.title, job.start, job.end) for job in profile.experience]


_UNKNOWN_VALUES = [
    ({"Experiences": "{'0': {'Role': 'CTO'"}, "column 'Experiences': \"{'0': {'Role': 'CTO'\" is not a Python",
     lambda p: p.experience is None),
    ({"Educations": "[{'Institute': 'USP',]]"}, "column 'Educations':", lambda p: p.education is None),
    ({"Experiences": "'just text'"}, "column 'Experiences': \"'just text'\" is a str, not a dict or list",
     lambda p: p.experience is None),
    ({"Experiences": "[1, 2]"}, "column 'Experiences': item 0 is an int, not a dict; the section is left unknown",
     lambda p: p.experience is None),
    ({"Experiences": "{'0': {'Title': 'CTO'}}"}, "item '0' has none of the keys 'Role', 'Workplace'",
     lambda p: p.experience is None),
    ({"Experiences": "{'0': {'Role': ['CTO'], 'Workplace': 'Acme'}}"},
     "column 'Experiences' item '0' 'Role': a list, not text; left unknown",
     lambda p: [(j.title, j.company) for j in p.experience] == [(None, "Acme")]),
    ({"Experiences": "{'0': {'Role': 'CTO', 'Workplace': f()}}"}, "is not a plain Python literal",
     lambda p: p.experience is None),
    ({"Experiences": _job("13/2016 - Present")},
     "column 'Experiences' item '0' 'Duration': '13/2016 - Present': '13/2016' has month 13",
     lambda p: _jobs(p) == [("CTO", None, None)]),
    ({"Experiences": _job("Foo 2016 - Bar")}, "column 'Experiences' item '0' 'Duration'",
     lambda p: _jobs(p) == [("CTO", None, None)]),
    ({"Educations": "{'0': {'Institute': 'USP', 'Duration': '2015 - 2099x'}}"},
     "column 'Educations' item '0' 'Duration'",
     lambda p: [(e.school, e.start, e.end) for e in p.education] == [("USP", None, None)]),
    ({"Experiences": _job("Jan 1850 - Present")},
     "experience.0.start (column 'Experiences' item '0' 'Duration'): year 1850 is outside 1900-2100; "
     "dates left unknown", lambda p: _jobs(p) == [("CTO", None, None)]),
    ({"Experiences": repr({"0": {"Role": "x" * 3000, "Workplace": "Acme"}})},
     "experience.0.title (column 'Experiences' item '0' 'Role'): String should have at most 2000 characters",
     lambda p: p.experience[0].title is None and p.experience[0].company == "Acme"),
    ({"Full Name": "n" * 3000}, "name (column 'Full Name'): String should have at most 2000 characters; "
     "left unknown", lambda p: p.name is None and p.headline == "Data Engineer at Nubank"),
    ({"Number of Experiences": "three"}, "column 'Number of Experiences': 'three' is not a count",
     lambda p: len(p.experience) == 2),
    ({"Skills": "{" + ", ".join(f"'Skill {n}': 's{n}'" for n in range(1001)) + "}"},
     "skills (column 'Skills'): List should have at most 1000 items", lambda p: p.skills is None),
    ({"Connections": "{}", "Intro": "{}"}, "column 'Connections': '{}' (an empty container) holds no value",
     lambda p: p.connections is None and p.followers == 1234),
]


@pytest.mark.parametrize(("overrides", "expected", "check"), _UNKNOWN_VALUES)
def test_an_unreadable_value_is_left_unknown_and_noted_with_line_and_column(tmp_path, overrides, expected, check):
    items = read_rows(tmp_path, GOOD, ayoobi_row(**overrides), GOOD)
    assert [i.ok for i in items] == [True, True, True]
    assert [len(i.repairs) > 0 for i in items] == [False, True, False]
    kept = items[1]
    assert kept.line == 3 and kept.id == "ayoobi#2"
    assert kept.where() == f"{tmp_path / 'ayoobi.csv'}:3 (id ayoobi#2)"
    assert any(expected in note for note in kept.repairs), kept.repairs
    assert check(kept.profile)
    # The rest of the row is read as it would be without the bad value.
    assert kept.profile.label == 0 and kept.profile.location == "São Paulo, Brazil"


def test_every_repair_of_a_row_is_listed(tmp_path):
    item = one(tmp_path, Connections="many", Experiences="{", Photo="maybe")
    assert item.ok and len(item.repairs) == 3
    assert [note.split(":")[0] for note in item.repairs] == [
        "column 'Connections'", "column 'Photo'", "column 'Experiences'"]


def test_an_unknown_label_still_rejects_the_row_and_says_only_that(tmp_path):
    item = one(tmp_path, Connections="many", Label="7")
    assert not item.ok and item.error == "column 'Label': 7 is not one of 0, 1, 10, 11, 12"


def test_a_row_with_no_usable_content_is_rejected(tmp_path):
    blank = {column: "" for column in COLUMNS}
    unreadable = {**blank, "Full Name": "{}", "Experiences": "{broken", "Connections": "lots"}
    items = read_rows(tmp_path, GOOD, blank, unreadable, GOOD)
    assert [i.ok for i in items] == [True, False, False, True]
    assert items[1].error.startswith("no usable content: no name, headline, location, About, counts, jobs")
    assert "column 'Experiences': " in items[2].error and "column 'Connections': 'lots'" in items[2].error


def test_backwards_dates_are_kept_for_the_timeline_extractor(tmp_path):
    from fakeprofile.features import FeatureBuilder, make_extractors

    item = one(tmp_path, Experiences=_job("Feb 2016 - Jan 2015"))
    assert item.ok, item.error
    job = item.profile.experience[0]
    assert (job.start, job.end) == ("2016-02", "2015-01")
    builder = FeatureBuilder(make_extractors(["timeline"]), "2026-10")
    matrix = builder.matrix([item.profile])
    assert matrix[0, builder.feature_names.index("timeline__jobs_ending_before_start")] == 1.0


def test_literals_are_never_evaluated(tmp_path):
    marker = tmp_path / "pwned"
    item = one(tmp_path, Experiences=f"__import__('pathlib').Path({str(marker)!r}).touch()")
    assert item.ok and item.profile.experience is None
    assert "not a plain Python literal" in item.repairs[0]
    assert not marker.exists()


def test_huge_deep_and_dense_literals_are_left_unknown_quickly(tmp_path):
    limit_before = csv.field_size_limit()
    huge = "{'0': {'Role': '" + "x" * 5_000_000 + "'}}"  # 5 MB: read as one CSV field, refused unparsed
    hostile = [
        ayoobi_row(Experiences=huge),
        ayoobi_row(Experiences="[" * 5_000 + "]" * 5_000),  # beyond the parser's nesting limit (200)
        ayoobi_row(Educations="{'0': " * 190 + "{}" + "}" * 190),  # within it: parses, then has the wrong shape
        ayoobi_row(Skills="[" + "0," * 450_000 + "0]"),  # under 1 MB, but 450,000 elements
        ayoobi_row(Skills="1" + "+1" * 300_000),  # an expression tree too deep for the AST
        ayoobi_row(Skills="-" * 500_000 + "1"),  # one that overflows the parser's stack
        ayoobi_row(Skills="'" + "\\'" * 400_000),  # an unterminated string of escapes
    ]
    started = time.perf_counter()
    items = read_rows(tmp_path, GOOD, *hostile, GOOD)
    elapsed = time.perf_counter() - started
    assert all(i.ok for i in items)
    unknown = [(i.profile.experience is None, i.profile.education is None, i.profile.skills is None) for i in items]
    assert unknown == [(False, False, False), (True, False, False), (True, False, False), (False, True, False),
                       *[(False, False, True)] * 4, (False, False, False)]
    (notes,) = {len(i.repairs) for i in items[1:-1]}  # one each, and the neighbours none
    assert notes == 1 and items[0].repairs == items[-1].repairs == ()
    errors = [i.repairs[0] for i in items[1:-1]]
    assert errors[0] == (f"column 'Experiences': is {len(huge):,} characters long; the limit is "
                         f"{MAX_LITERAL_CHARS:,}; left unknown")
    assert "column 'Experiences':" in errors[1] and "too many nested parentheses" in errors[1]
    assert errors[2].startswith("column 'Educations': item '0' has none of the keys")
    for error in errors[3:6]:
        assert error == "column 'Skills': has more than 20,000 elements; refused before parsing; left unknown"
    assert "column 'Skills':" in errors[6] and "is not a Python literal" in errors[6]
    assert elapsed < 10, f"hostile literals took {elapsed:.1f} s"
    assert csv.field_size_limit() == limit_before  # raised only while a record is parsed


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_literal_never_crashes(text):
    try:
        value = parse_literal(text)
    except ConversionError:
        return
    assert isinstance(value, (dict, list))


_JSONISH = st.recursive(
    st.none() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_JSONISH, max_size=4) | st.dictionaries(st.text(max_size=8), _JSONISH, max_size=4))
def test_parse_literal_reads_back_what_repr_writes(value):
    assert parse_literal(repr(value)) == value


# --------------------------------------------------------------------------------------------------
# The file: columns, CSV damage, dispatch.
# --------------------------------------------------------------------------------------------------


def test_missing_columns_are_named_before_any_row_is_read(tmp_path):
    path = write_csv(tmp_path / "x.csv", [GOOD], [c for c in COLUMNS if c not in ("Label", "Skills")])
    with pytest.raises(TableError, match=r"lacks the column\(s\) 'Skills', 'Label'"):
        read_linkedin(path)


def test_columns_it_does_not_read_may_be_missing_and_extra_ones_are_ignored(tmp_path):
    columns = ["Profile URL", *[c for c in COLUMNS if c not in ("Scores", "Activities")], "Crawled"]
    path = write_csv(tmp_path / "x.csv", [{**GOOD, "Profile URL": "https://x", "Crawled": "2023"}], columns)
    (item,) = read_linkedin(path)
    assert item.ok and item.profile.name == "Ana Silva"


def test_a_repeated_column_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(",".join([*COLUMNS, "Label"]) + "\n", encoding="utf-8")
    with pytest.raises(TableError, match="'Label' appear more than once"):
        read_linkedin(path)


def test_csv_damage_is_one_error_per_record(tmp_path):
    path = write_csv(tmp_path / "x.csv", [GOOD, GOOD])
    text = path.read_text(encoding="utf-8")
    header, first, second = text.splitlines(keepends=True)
    path.write_text(header + "too,few,fields\n" + first + "\n" + second, encoding="utf-8")
    items = list(read_linkedin(path, source="mine.csv"))
    assert [(i.line, i.ok) for i in items] == [(2, False), (3, True), (5, True)]
    assert items[0].error == "the row has 3 fields but the header has 39"
    assert items[0].where() == "mine.csv:2 (id x#1)"


def test_auto_detection_and_the_named_format(tmp_path):
    path = write_csv(tmp_path / "x.csv", [GOOD, ayoobi_row(Label="12")])
    items = list(read_sources([DataSource(path)]))
    assert [(i.profile.label, i.profile.archetype) for i in items] == [(0, "legitimate"), (1, "llm-generated-12")]
    # Without the unread columns it is no longer recognised, but the format can still be named.
    partial = write_csv(tmp_path / "partial.csv", [GOOD], [c for c in COLUMNS if c != "Scores"])
    with pytest.raises(RecordError, match="this file has 38 of them but lacks 'Scores'"):
        list(read_sources([DataSource(partial)]))
    assert all(i.ok for i in read_sources([DataSource(partial, mapping=Path("AYOOBI2023"))]))
    parquet = tmp_path / "x.parquet"
    parquet.write_bytes(b"PAR1")
    with pytest.raises(RecordError, match="read from CSV files"):
        list(read_sources([DataSource(parquet, mapping=Path(FORMAT_NAME))]))


def test_other_csv_files_still_need_a_mapping_and_are_told_about_the_format(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("id,name\n1,Ana\n", encoding="utf-8")
    with pytest.raises(RecordError, match="needs a column mapping.*Ayoobi et al. 2023 is recognised by its header"):
        list(read_sources([DataSource(path)]))


def _profile_fields(item: ReadItem) -> dict[str, Any]:
    return item.profile.model_dump(exclude_none=True)


def test_read_through_read_sources_equals_read_linkedin(tmp_path):
    path = write_csv(tmp_path / "x.csv", [GOOD])
    direct = [_profile_fields(i) for i in read_linkedin(path)]
    dispatched = [_profile_fields(i) for i in read_sources([DataSource(path)])]
    assert direct == dispatched
    assert direct[0]["experience"][0] == {
        "title": "Data Engineer", "company": "Nubank", "location": "São Paulo, Brazil", "start": "2019-03",
        "employment_type": "full-time", "description": "Pipelines."}
    assert direct[0]["education"] == [{"school": "USP", "degree": "Bachelor of Science - BS",
                                       "field": "Computer Science", "start": "2011", "end": "2015"}]


# --------------------------------------------------------------------------------------------------
# "The profile has none" is kept apart from "the source does not say".
# --------------------------------------------------------------------------------------------------


def test_an_empty_about_is_a_profile_without_a_summary(tmp_path):
    assert one(tmp_path, About="").profile.summary == ""


def test_a_job_with_an_empty_description_has_none_and_one_without_the_key_is_unknown(tmp_path):
    experiences = repr({
        "0": {"Role": "Data Engineer", "Workplace": "Nubank", "Duration": "Mar 2019 - Present",
              "Description": ""},
        "1": {"Role": "Analyst", "Workplace": "Itaú", "Duration": "Jan 2016 - Feb 2019"},
    })
    jobs = one(tmp_path, Experiences=experiences).profile.experience
    assert [job.description for job in jobs] == ["", None]


# --------------------------------------------------------------------------------------------------
# Real data's damage (issue 17, item 14): repaired, or unknown for that field only; the row is kept.
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "start", "end", "note"),
    [
        ("Jan 2018 - Present Â· 5 yrs", "2018-01", None, "mojibake repaired ('Jan 2018 - Present Â· 5 yrs' read as "
                                                         "'Jan 2018 - Present · 5 yrs')"),
        ("Jan 2018 - Present Ã‚Â· 5 yrs", "2018-01", None, "mojibake repaired"),  # twice over
        ("Jan 2018 \ufeff- Present · 5 yrs", "2018-01", None, "byte-order mark removed"),
        ("\ufeffMar 2019 - Jun 2020", "2019-03", "2020-06", "byte-order mark removed"),
        ("ï»¿Mar 2019 - Jun 2020", "2019-03", "2020-06", "byte-order mark removed"),  # the mark as mojibake
        ("Various Dates", None, None, "'Various Dates' is not a date (expected e.g."),
    ],
)
def test_a_damaged_duration_is_repaired_or_its_dates_left_unknown(tmp_path, duration, start, end, note):
    item = one(tmp_path, Experiences=_job(duration), Number_of_Experiences="1")
    assert item.ok, item.error
    assert _jobs(item.profile) == [("CTO", start, end)]
    assert any(n.startswith("column 'Experiences' item '0' 'Duration': ") and note in n for n in item.repairs), \
        item.repairs


def test_ongoing_is_an_open_end():
    assert parse_duration("Jan 2018 - Ongoing") == ("2018-01", None)
    assert parse_duration("2019 - ongoing · 4 yrs") == ("2019", None)


def test_mojibake_is_repaired_in_every_text_the_reader_keeps(tmp_path):
    job = {"Role": "GerÃªncia", "Workplace": "ItaÃº Â· Full-time", "Duration": "Jan 2016 - Feb 2019"}
    item = one(tmp_path, Location="SÃ£o Paulo, Brazil", Experiences=repr({"0": job}),
               Skills=repr({"Skill 0": "AnÃ¡lise"}))
    assert item.ok, item.error
    assert item.profile.location == "São Paulo, Brazil"
    (parsed,) = item.profile.experience
    assert (parsed.title, parsed.company, parsed.employment_type) == ("Gerência", "Itaú", "full-time")
    assert item.profile.skills == ["Análise"]
    assert len(item.repairs) == 4 and all("mojibake repaired" in note for note in item.repairs)


def test_clean_text_is_left_as_it_is():
    for text in ("São Paulo", "Sofia Martínez López", "• Leading projects", "½ · ●", "naïve café"):
        assert repair_text(text) == (text, [])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_repair_text_never_crashes_and_leaves_no_byte_order_mark(text):
    repaired, notes = repair_text(text)
    assert "\ufeff" not in repaired and (notes == []) == (repaired == text)


def test_mojibake_repair_is_bounded_per_row(tmp_path):
    # ftfy costs up to seconds per million characters of hostile text: a row gets MAX_REPAIR_CHARS of it.
    mojibake = "Ã©" * 25_000  # 50,000 characters that are 25,000 'é'
    jobs = {str(n): {"Role": "CTO", "Workplace": "Acme", "Description": mojibake} for n in range(5)}
    started = time.perf_counter()
    item = one(tmp_path, About=mojibake, Experiences=repr(jobs))
    assert time.perf_counter() - started < 10
    assert item.ok and item.profile.summary == "é" * 25_000
    descriptions = [job.description for job in item.profile.experience]
    repaired = MAX_REPAIR_CHARS // len(mojibake) - 1  # the About came first
    assert descriptions == ["é" * 25_000] * repaired + [mojibake] * (5 - repaired)
    assert len(item.repairs) == 1 + repaired


@pytest.mark.parametrize(("intro_followers", "expected"), [("1,234", 1234), (None, None)])
def test_an_empty_dict_in_a_header_column_is_no_value(tmp_path, intro_followers, expected):
    intro = {"Full Name": "Ana Silva", "Connections": "500+"}
    if intro_followers is not None:
        intro["Followers"] = intro_followers
    item = one(tmp_path, Followers="{}", Intro=repr(intro))
    assert item.ok, item.error
    assert item.profile.followers == expected  # from Intro's copy when it has one
    assert item.repairs == ("column 'Followers': '{}' (an empty container) holds no value; read as empty",)


def test_an_empty_dict_about_is_unknown_not_the_text_braces(tmp_path):
    item = one(tmp_path, About="{}")
    assert item.ok and item.profile.summary is None and item.repairs
    assert one(tmp_path, About="").profile.summary == ""  # an About that is empty is still "none"


def test_the_read_summary_counts_repaired_records(tmp_path):
    from fakeprofile.io.records import ReadSummary

    rows = [GOOD, ayoobi_row(Experiences=_job("Various Dates")), ayoobi_row(Followers="{}", About="{}"),
            ayoobi_row(Label="7"), GOOD]
    summary = ReadSummary()
    for item in read_rows(tmp_path, *rows):
        summary.add(item)
    assert (summary.read, summary.scored, summary.rejected, summary.repaired) == (5, 4, 1, 2)
    assert summary.describe() == "read 5, scored 4, rejected 1, repaired 2" and summary.consistent()


def test_nothing_in_the_real_sample_is_rejected_or_repaired(sample):
    _, items = sample
    assert [i.error for i in items if not i.ok] == []
    assert [i.repairs for i in items if i.repairs] == []  # clean UTF-8 text: nothing to repair


_CELL = st.text(alphabet=st.sampled_from("{}[]'\":,0123456789 aÃÂ©·\ufeff-PresntJaVrious"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(name=_CELL, followers=_CELL, about=_CELL, duration=_CELL, skills=_CELL)
def test_no_cell_makes_the_reader_raise_or_drop_a_row(tmp_path_factory, name, followers, about, duration, skills):
    folder = tmp_path_factory.mktemp("cells")
    row = ayoobi_row(Full_Name=name, Followers=followers, About=about, Experiences=_job(duration), Skills=skills)
    items = read_rows(folder, GOOD, row)
    assert len(items) == 2 and items[0].ok and items[0].repairs == ()
    assert items[1].ok, items[1].error  # the row still has its headline, location and label
    assert all(note.startswith("column '") or " (column '" in note for note in items[1].repairs)


def test_predict_counts_the_rows_the_reader_repaired(tmp_path, capsys):
    """`fakeprofile predict` reports the repairs as `train` and `evaluate` do, in its summary and OUT.done."""
    from fakeprofile.cli import main

    rows = [ayoobi_row(), ayoobi_row(Location="SÃ£o Paulo, Brazil"), ayoobi_row(About="{}")]
    for n, row in enumerate(rows):
        row["Profile URL"] = row.get("Profile URL", "") + f"-{n}"
    src = write_csv(tmp_path / "ayoobi.csv", rows)
    out = tmp_path / "out.jsonl"
    assert main(["--quiet", "predict", "--data", str(src), "--out", str(out), "--reasons", "0"]) == 0
    assert "read 3, scored 3, rejected 0, repaired 2" in capsys.readouterr().err
    assert json.loads((tmp_path / "out.jsonl.done").read_text())["repaired"] == 2

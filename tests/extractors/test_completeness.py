from __future__ import annotations

import math

import pytest

from fakeprofile.extractors import Context
from fakeprofile.extractors.completeness import CompletenessExtractor
from fakeprofile.schema import Profile
from tests.conftest import assert_features, make_profile

CTX = Context(as_of="2026-10")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # 7 sections given, all filled; whether there is a photo is not given.
        ({}, {"summary_length": 69.0, "jobs": 2.0, "share_jobs_with_description": 1.0, "skills": 2.0,
              "recommendations": 3.0, "education_entries": 1.0, "share_sections_filled": 1.0,
              "sections_known_empty": 0.0, "has_photo": math.nan}),
        # The seeds' thin profile, shown empty: no summary, no headline, no job descriptions, no skills.
        ({"summary": "", "headline": "", "experience": [{"title": "Sales", "description": ""}], "skills": [],
          "recommendations": 0, "education": [], "has_photo": False},
         {"summary_length": 0.0, "headline_length": 0.0, "share_jobs_with_description": 0.0, "skills": 0.0,
          "share_sections_filled": 2 / 8, "sections_known_empty": 6.0, "recommendations": 0.0}),
        # The same sections not given: unknown, not evidence of thinness.
        ({"summary": None, "headline": None, "experience": [{"title": "Sales"}], "skills": None,
          "recommendations": None, "education": None},
         {"summary_length": math.nan, "headline_length": math.nan, "share_jobs_with_description": math.nan,
          "skills": math.nan, "education_entries": math.nan, "recommendations": math.nan,
          "share_sections_filled": 1.0, "sections_known_empty": 0.0}),
        ({"experience": []}, {"jobs": 0.0, "share_jobs_with_description": math.nan}),
        ({"experience": None}, {"jobs": math.nan, "share_jobs_with_description": math.nan}),
        ({"summary": "   "}, {"summary_length": 0.0}),
        ({"photo": "data:image/png;base64,iVBORw0KGgo="}, {"has_photo": 1.0, "share_sections_filled": 1.0}),
        ({"has_photo": False}, {"has_photo": 0.0, "sections_known_empty": 1.0, "share_sections_filled": 7 / 8}),
    ],
)
def test_completeness_features(overrides, expected):
    assert_features(CompletenessExtractor().extract(make_profile(**overrides), CTX), expected)


def test_a_record_with_only_an_id_is_unknown_not_thin():
    values = CompletenessExtractor().extract(Profile(id="x"), CTX)
    assert all(math.isnan(v) for v in values.values()), values


def test_evidence_names_empty_and_missing_sections():
    profile = make_profile(summary="", skills=None, has_photo=False)
    extractor = CompletenessExtractor()
    words = extractor.evidence(profile, extractor.extract(profile, CTX), CTX)
    assert words["share_sections_filled"] == (
        "5 of 7 sections given are filled in (empty: summary, photo); not given: skills")
    assert words["share_jobs_with_description"] == "1 of 1 jobs have a description"
    assert words["summary_length"] == "no summary"
    assert words["skills"] == "skills not given"


def test_a_measured_summary_length_stands_in_for_the_text_not_given():
    """InstaFake gives a biography's length, not the biography: it is the summary's length, and empty counts."""
    from fakeprofile.extractors.completeness import CompletenessExtractor

    ex, ctx = CompletenessExtractor(), Context(as_of="2026-10")
    measured = make_profile(summary=None, measured={"summary_length": 96})
    values = ex.extract(measured, ctx)
    assert values["summary_length"] == 96
    assert "measured" in ex.evidence(measured, values, ctx)["summary_length"]
    empty = make_profile(summary=None, measured={"summary_length": 0})
    assert ex.extract(empty, ctx)["summary_length"] == 0
    assert ex.extract(empty, ctx)["sections_known_empty"] >= 1  # a measured empty bio is a section shown empty
    assert math.isnan(ex.extract(make_profile(summary=None), ctx)["summary_length"])

from __future__ import annotations

import math

import pytest

from fakeprofile.extractors import Context
from fakeprofile.extractors.completeness import CompletenessExtractor
from tests.conftest import assert_features, make_profile

CTX = Context(as_of="2026-10")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {"summary_length": 69.0, "jobs": 2.0, "share_jobs_with_description": 0.5, "skills": 2.0,
              "recommendations": 3.0, "education_entries": 1.0, "sections_present": 7.0}),
        # The seeds' thin profile: no summary, no job descriptions.
        ({"summary": None, "headline": None, "experience": [{"title": "Sales"}], "skills": None,
          "recommendations": None, "education": None},
         {"summary_length": 0.0, "share_jobs_with_description": 0.0, "sections_present": 2.0,
          "recommendations": math.nan}),
        ({"experience": []}, {"jobs": 0.0, "share_jobs_with_description": math.nan}),
        ({"summary": "   "}, {"summary_length": 0.0}),
        ({"photo": "data:image/png;base64,iVBORw0KGgo="}, {"has_photo": 1.0, "sections_present": 8.0}),
        ({"has_photo": False}, {"has_photo": 0.0}),
        ({}, {"has_photo": math.nan}),
    ],
)
def test_completeness_features(overrides, expected):
    assert_features(CompletenessExtractor().extract(make_profile(**overrides), CTX), expected)


def test_evidence_names_missing_sections():
    profile = make_profile(summary=None, skills=None)
    extractor = CompletenessExtractor()
    words = extractor.evidence(profile, extractor.extract(profile, CTX), CTX)
    assert "missing: summary, photo, skills" in words["sections_present"]
    assert words["share_jobs_with_description"] == "1 of 2 jobs have a description"
    assert words["summary_length"] == "no summary"

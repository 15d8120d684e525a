from __future__ import annotations

import math

import pytest

from fakeprofile.extractors import Context
from fakeprofile.extractors.connections import ConnectionsExtractor
from tests.conftest import assert_features, make_profile

CTX = Context(as_of="2026-10")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # The seeds' stranger: two connections after years in HR.
        ({"connections": 2, "experience": [{"title": "HR Manager", "start": "2019-01"}]},
         {"connections": 2.0, "very_low_for_career": 1.0, "career_years": 7.75}),
        # A new graduate with few connections is low, but not "low for a long career".
        ({"connections": 4, "experience": [{"title": "Intern", "start": "2026-01"}]},
         {"very_low_for_career": 0.0}),
        # An open networker.
        ({"connections": 12000, "experience": [{"start": "2006-10"}]},
         {"connections_per_career_year": 600.0, "very_low_for_career": 0.0}),
        # Career length falls back to the account's age when no job is dated.
        ({"connections": 1, "experience": None, "created_at": "2020-10"}, {"career_years": 6.0}),
        # Unknown count: every count-based feature is NaN, the career is still measured.
        ({"connections": None}, {"connections": math.nan, "very_low_for_career": math.nan}),
        # Followers relative to connections.
        ({"connections": 0, "followers": 0}, {"log_followers_per_connection": 0.0}),
    ],
)
def test_connection_features(overrides, expected):
    assert_features(ConnectionsExtractor().extract(make_profile(**overrides), CTX), expected)


def test_present_is_the_profiles_own_observation_date():
    profile = make_profile(observed_at="2020-01", experience=[{"start": "2019-01"}])
    assert ConnectionsExtractor().extract(profile, CTX)["career_years"] == pytest.approx(1.0)


def test_evidence_says_when_the_career_is_the_accounts_age():
    profile = make_profile(connections=3, experience=None, created_at="2022-10")
    extractor = ConnectionsExtractor()
    words = extractor.evidence(profile, extractor.extract(profile, CTX), CTX)
    assert words["very_low_for_career"] == "3 connections after 4.0 years since the account was created"


def test_evidence_reads_like_the_seed():
    profile = make_profile(connections=2, experience=[{"title": "HR", "start": "2022-10"}])
    extractor = ConnectionsExtractor()
    words = extractor.evidence(profile, extractor.extract(profile, CTX), CTX)
    assert words["very_low_for_career"] == "2 connections after 4.0 years of work history"

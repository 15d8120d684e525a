from __future__ import annotations

import math

import pytest

from fakeprofile.extractors import Context
from fakeprofile.extractors.activity import ActivityExtractor
from tests.conftest import assert_features, make_profile

CTX = Context(as_of="2026-10")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {"account_age_years": 14 + 5 / 12, "invitations_sent_30d": 12.0, "invitation_acceptance_rate": 0.75,
              "idk_reports": 0.0, "idk_per_invitation": 0.0}),
        # A bulk inviter: many sent, few accepted, several "I don't know this person".
        ({"activity": {"invitations_sent_30d": 400, "invitations_accepted_30d": 8, "idk_reports": 7}},
         {"invitation_acceptance_rate": 0.02, "idk_per_invitation": 7 / 400, "log_posts": math.nan}),
        ({"activity": {"invitations_sent_30d": 0, "invitations_accepted_30d": 0}},
         {"invitation_acceptance_rate": math.nan, "idk_per_invitation": math.nan}),
        ({"activity": None, "created_at": None}, {"account_age_years": math.nan, "invitations_sent_30d": math.nan}),
        ({"activity": {"posts": 0}, "created_at": "2026-10"}, {"log_posts": 0.0, "posts_per_year": 0.0}),
    ],
)
def test_activity_features(overrides, expected):
    assert_features(ActivityExtractor().extract(make_profile(**overrides), CTX), expected)


def test_evidence_counts_idk_reports_against_invitations():
    profile = make_profile(activity={"invitations_sent_30d": 400, "invitations_accepted_30d": 8, "idk_reports": 7})
    extractor = ActivityExtractor()
    words = extractor.evidence(profile, extractor.extract(profile, CTX), CTX)
    assert words["idk_reports"] == "7 'I don't know this person' reports for 400 invitations"
    assert words["invitation_acceptance_rate"] == "8 of 400 invitations accepted in 30 days"

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakeprofile.extractors import REGISTRY, Context
from fakeprofile.extractors.base import LOWERS, RAISES
from fakeprofile.extractors.network import NetworkExtractor
from fakeprofile.io.records import validate_record
from fakeprofile.schema import Profile
from tests.conftest import assert_features, make_profile
from tests.extractors import test_contract as contract

CTX = Context(as_of="2026-10")
NAN = math.nan
NOTE = "Hi Ana, great meeting you at the Toronto HR summit!"


def invitation(**counts):
    return {"message": NOTE, "recipient": {"name": "Ana Lee", "headline": "Recruiter"}, **counts}


def values_and_words(profile: Profile) -> tuple[dict[str, float], dict[str, str]]:
    extractor = NetworkExtractor()
    values = extractor.extract(profile, CTX)
    return values, extractor.evidence(profile, values, CTX)


@pytest.mark.parametrize(
    ("overrides", "expected", "words"),
    [
        # Seed 000, reason 7: no connections or groups in common.
        ({"invitation": invitation(mutual_connections=0, shared_groups=0)},
         {"mutual_connections": 0.0, "shared_groups": 0.0, "nothing_in_common": 1.0},
         {"nothing_in_common": "no connections or groups in common with the recipient",
          "mutual_connections": "no connections in common with the recipient"}),
        # No connections in common, groups not given: still the seed's clue.
        ({"invitation": invitation(mutual_connections=0)},
         {"mutual_connections": 0.0, "shared_groups": NAN, "nothing_in_common": 1.0},
         {"nothing_in_common": "no connections in common with the recipient (groups in common not given)"}),
        # No groups in common is ordinary: alone it does not make "nothing in common".
        ({"invitation": invitation(shared_groups=0)},
         {"mutual_connections": NAN, "shared_groups": 0.0, "nothing_in_common": NAN},
         {"shared_groups": "no groups in common with the recipient (most genuine invitations share no group either)"}),
        # A colleague: many in common, no group.
        ({"invitation": invitation(mutual_connections=48, shared_groups=0)},
         {"mutual_connections": 48.0, "nothing_in_common": 0.0},
         {"mutual_connections": "48 connections in common with the recipient"}),
        # One shared group is something in common, even with no connection.
        ({"invitation": invitation(mutual_connections=0, shared_groups=1)},
         {"nothing_in_common": 0.0},
         {"nothing_in_common": "no connections in common with the recipient; 1 group in common with the recipient"}),
        # An invitation that does not say: unknown, not zero.
        ({"invitation": invitation()},
         {"mutual_connections": NAN, "shared_groups": NAN, "nothing_in_common": NAN},
         {"nothing_in_common": "connections and groups in common with the recipient not given"}),
        # No invitation at all.
        ({"invitation": None},
         {"mutual_connections": NAN, "nothing_in_common": NAN},
         {"mutual_connections": "no invitation, so nothing shared with a recipient to count"}),
    ],
)
def test_in_common(overrides, expected, words):
    values, evidence = values_and_words(make_profile(**overrides))
    assert_features(values, expected)
    for feature, sentence in words.items():
        assert evidence[feature] == sentence


@pytest.mark.parametrize(
    ("overrides", "expected", "words"),
    [
        # A reciprocal endorsement ring: many endorsements from few connections, few people, more than can exist.
        ({"connections": 12, "endorsements": {"total": 40, "endorsers": 15}},
         {"endorsements_per_connection": 40 / 12, "endorsers_share": 15 / 40, "endorsers_beyond_connections": 1.0},
         {"endorsements_per_connection": "40 endorsements from a profile with 12 connections (3.3 per connection)",
          "endorsers_beyond_connections": "15 people endorsed the profile but it has only 12 connections, and only "
                                          "connections can endorse"}),
        # A typical genuine profile.
        ({"connections": 500, "endorsements": {"total": 99, "endorsers": 41}},
         {"endorsements_per_connection": 0.198, "endorsers_share": 41 / 99, "endorsers_beyond_connections": 0.0},
         {"endorsers_share": "99 endorsements from 41 different people (2.4 each on average)"}),
        # An open networker.
        ({"connections": 20_000, "endorsements": {"total": 60}},
         {"endorsements_per_connection": 0.003, "endorsers_share": NAN, "endorsers_beyond_connections": NAN},
         {"endorsements_per_connection": "60 endorsements from a profile with 20,000 connections (0.003 per "
                                         "connection)"}),
        # Seed 003 as issue 19 read it: 3 recommendations and 0 endorsements sits with every unendorsed genuine
        # member at the reassuring end (its "endorsement" is a 2008 written recommendation).
        ({"connections": 340, "recommendations": 3, "endorsements": {"total": 0, "endorsers": 0}},
         {"endorsements_per_connection": 0.0, "endorsers_share": NAN, "endorsers_beyond_connections": 0.0},
         {"endorsers_share": "no endorsements to count endorsers of",
          "endorsements_per_connection": "0 endorsements from a profile with 340 connections (0 per connection)"}),
        # A typical genuine profile, in two significant digits.
        ({"connections": 500, "endorsements": {"total": 99}},
         {"endorsements_per_connection": 0.198},
         {"endorsements_per_connection": "99 endorsements from a profile with 500 connections (0.2 per connection)"}),
        ({"connections": 7, "endorsements": {"total": 1}},
         {"endorsements_per_connection": 1 / 7},
         {"endorsements_per_connection": "1 endorsement from a profile with 7 connections (0.14 per connection)"}),
        # Large ratios in whole numbers, never in exponent notation.
        ({"connections": 1, "endorsements": {"total": 1234}},
         {"endorsements_per_connection": 1234.0},
         {"endorsements_per_connection": "1,234 endorsements from a profile with 1 connection (1,234 per connection)"}),
        # Above the "500+" display cap, more endorsers than shown connections is possible.
        ({"connections": 500, "endorsements": {"total": 900, "endorsers": 600}},
         {"endorsers_beyond_connections": 0.0},
         {"endorsers_beyond_connections": "600 people endorsed a profile showing 500 connections, which the platform "
                                          "shows as 500+ (so it may have more)"}),
        # Zero connections: per connection counts against one, never divides by zero.
        ({"connections": 0, "endorsements": {"total": 5, "endorsers": 2}},
         {"endorsements_per_connection": 5.0, "endorsers_beyond_connections": 1.0}, {}),
        # Unknowns stay unknown.
        ({"connections": None, "endorsements": {"total": 40, "endorsers": 4}},
         {"endorsements_per_connection": NAN, "endorsers_share": 0.1, "endorsers_beyond_connections": NAN},
         {"endorsements_per_connection": "40 endorsements; number of connections not given"}),
        ({"endorsements": None},
         {"endorsements_per_connection": NAN, "endorsers_share": NAN, "endorsers_beyond_connections": NAN},
         {"endorsements_per_connection": "number of endorsements not given"}),
        ({"endorsements": {}},
         {"endorsements_per_connection": NAN, "endorsers_share": NAN, "endorsers_beyond_connections": NAN}, {}),
    ],
)
def test_endorsements(overrides, expected, words):
    values, evidence = values_and_words(make_profile(**overrides))
    assert_features(values, expected)
    for feature, sentence in words.items():
        assert evidence[feature] == sentence


def test_directions_are_the_documented_ones():
    directions = NetworkExtractor.directions
    assert directions["mutual_connections"] == LOWERS and directions["shared_groups"] == LOWERS
    assert directions["nothing_in_common"] == RAISES
    # Only the high end of endorsements per connection is a clue (see the module docstring).
    assert directions["endorsements_per_connection"] == RAISES


def test_ring_ranks_above_genuine_and_unendorsed_profiles():
    """The measured order the declared direction relies on: ring > typical genuine > open networker, seed 003."""
    def ratio(**overrides):
        return NetworkExtractor().extract(make_profile(**overrides), CTX)["endorsements_per_connection"]

    ring = ratio(connections=12, endorsements={"total": 40})
    genuine = ratio(connections=500, endorsements={"total": 99})
    lion = ratio(connections=20_000, endorsements={"total": 60})
    seed003 = ratio(connections=340, recommendations=3, endorsements={"total": 0})
    assert ring > 1 > genuine > lion > seed003 == 0


def test_the_docstring_says_endorsers_beyond_connections_is_rare_in_synthetic_data():
    """A rule kept for real data: the synthetic generator produces it only in the ring clue."""
    from fakeprofile.extractors import network

    doc = " ".join(network.__doc__.split())
    assert "synthetic data rarely shows" in doc and "only in the ring clue" in doc


def test_the_clues_group_their_features():
    assert NetworkExtractor.clue_of["nothing_in_common"] == "in_common"
    assert NetworkExtractor.clue_of["endorsers_share"] == "endorsements"


# ---- the contract of every registered extractor, for this one (test_contract.py collects before it registers)

HOSTILE = Profile.model_validate(contract.HOSTILE.model_dump() | {
    "connections": 10_000_000,
    "endorsements": {"total": 10_000_000, "endorsers": 10_000_000},
    "invitation": {"message": "", "recipient": {}, "mutual_connections": 10_000_000, "shared_groups": 10_000_000},
})
PROFILES = contract.PROFILES | {"hostile_new_fields": HOSTILE}


def test_is_registered():
    assert REGISTRY["network"] is NetworkExtractor
    contract.test_declares_its_identity("network")


@pytest.mark.parametrize("which", sorted(PROFILES))
def test_contract_on_each_profile(which, monkeypatch):
    monkeypatch.setattr(contract, "PROFILES", PROFILES)
    contract.test_returns_exactly_its_declared_features_as_floats("network", which)
    contract.test_gives_evidence_in_words_for_every_feature("network", which)


def test_contract_across_profiles(monkeypatch):
    monkeypatch.setattr(contract, "PROFILES", PROFILES)
    contract.test_is_deterministic_and_does_not_mutate_its_input("network")
    contract.test_batch_matches_one_by_one("network")
    contract.test_minimal_profile_is_unmeasured_not_zero("network")


counts = st.one_of(st.none(), st.integers(0, 10_000_000))
records = st.fixed_dictionaries({"id": st.text(min_size=1, max_size=20)}, optional={
    "connections": counts, "recommendations": counts, "skills": st.lists(st.text(max_size=20), max_size=3),
    "invitation": st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "message": st.one_of(st.none(), st.text(max_size=100)), "mutual_connections": counts,
        "shared_groups": counts})),
    "endorsements": st.one_of(st.none(), st.integers(0, 10_000_000).flatmap(lambda total: st.fixed_dictionaries(
        {}, optional={"total": st.just(total),  # the schema: every endorsement has an endorser
                     "endorsers": st.one_of(st.none(), st.integers(min(total, 1), total))}))),
})


def _consistent(raw: dict) -> dict:
    """The schema's rule: below the "500+" display cap, no more mutual connections than connections."""
    conns, invitation = raw.get("connections"), raw.get("invitation")
    if conns is not None and conns < 500 and invitation and (invitation.get("mutual_connections") or 0) > conns:
        raw = raw | {"invitation": invitation | {"mutual_connections": conns}}
    return raw


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records.map(_consistent))
def test_no_valid_profile_breaks_it(raw):
    item = validate_record(raw, source="hypothesis", line=1)
    assert item.ok, item.error
    extractor = NetworkExtractor()
    values = extractor.extract(item.profile, CTX)
    assert tuple(values) == extractor.feature_names
    assert all(isinstance(v, float) and (math.isnan(v) or (math.isfinite(v) and v >= 0)) for v in values.values())
    words = extractor.evidence(item.profile, values, CTX)
    assert set(words) == set(extractor.feature_names) and all(w.strip() and len(w) < 400 for w in words.values())

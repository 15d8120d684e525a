"""The seeds' clue suite: every clue the seeds name must raise the shipped default model's probability of fake.

One minimal pair per (clue, base profile), built by :mod:`fakeprofile.audit.clues`. The model tests hold the
shipped default model to the seeds: a clue must raise the calibrated log-odds of fake, a headline clue by at
least ``HEADLINE_MARGIN_LOG_ODDS``. The other tests check the suite itself: every "with" profile is valid, the
clue changes at least one of the features it is meant to move (else the extractors cannot see it), and the
suite spans seeds 000, 001 and 004.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from fakeprofile.audit.clues import (
    AS_OF,
    BASES,
    CAMPAIGN_SIZE,
    CLUES,
    HEADLINE_MARGIN_LOG_ODDS,
    NOT_YET_MEASURABLE,
    background_profiles,
    clue,
    clue_table,
    first_row,
    pair_batches,
)
from fakeprofile.explain import N_REASONS
from fakeprofile.features import FeatureBuilder, make_extractors
from fakeprofile.schema import Profile

PAIRS = [pytest.param(c.name, base, id=f"{c.name}-{base}") for c in CLUES for base in BASES]
#: Every section a profile can show; the bases give each one, so that a clue writes an absence explicitly.
SECTIONS = ("name", "headline", "summary", "location", "connections", "photo", "has_photo", "experience",
            "education", "skills", "recommendations", "created_at", "activity", "invitation")


@pytest.fixture(scope="module")
def model():
    from fakeprofile.artifact import load_model

    return load_model()


@pytest.fixture(scope="module")
def table(model):
    return clue_table(model).set_index(["clue", "base"])


@pytest.fixture(scope="module")
def builder() -> FeatureBuilder:
    return FeatureBuilder(make_extractors(), AS_OF)


def _changed(builder: FeatureBuilder, without: np.ndarray, with_: np.ndarray) -> set[str]:
    return {name for name, a, b in zip(builder.feature_names, without, with_, strict=True)
            if not (a == b or (math.isnan(a) and math.isnan(b)))}


# ------------------------------------------------------------------------------------------ the model
@pytest.mark.parametrize(("name", "base"), PAIRS)
def test_clue_raises_the_default_models_probability_of_fake(table, name, base):
    row = table.loc[(name, base)]
    item = clue(name)
    seen = (f"{name} [{item.seed}] on the {base} base: p {row.p_without:.4f} -> {row.p_with:.4f}, "
            f"calibrated log-odds {row.delta_log_odds:+.3f}")
    assert row.delta_log_odds > 0, f"the clue does not raise the probability of fake: {seen}"
    if item.headline:
        assert row.delta_log_odds >= HEADLINE_MARGIN_LOG_ODDS, (
            f"headline clue raises the log-odds by less than {HEADLINE_MARGIN_LOG_ODDS}: {seen}")


@pytest.mark.parametrize(("name", "base"), PAIRS)
def test_a_clue_that_raised_p_is_among_the_reasons(table, name, base):
    """A person reading the reasons must see the clue that made the profile more suspicious."""
    row = table.loc[(name, base)]
    if not row.raised:
        pytest.skip("the clue did not raise p (the test above fails for it)")
    assert not math.isnan(row.reason_rank), (
        f"{name} on the {base} base raised the log-odds by {row.delta_log_odds:+.3f}, but no clue holding the "
        f"columns it changed ({', '.join(row.changed_features)}) is among the profile's reasons")
    if clue(name).headline:
        assert row.reason_rank <= N_REASONS, (
            f"headline clue {name} on the {base} base is reason {row.reason_rank:.0f}, not in the top {N_REASONS}")


# ------------------------------------------------------------------------------------------ the suite
@pytest.mark.parametrize(("name", "base"), PAIRS)
def test_clue_profile_is_valid_and_moves_a_feature_the_clue_names(builder, name, base):
    item = clue(name)
    without, with_ = pair_batches(item, BASES[base]())
    for record in with_:
        Profile.model_validate(record)
    changed = _changed(builder, first_row(builder, without), first_row(builder, with_))
    assert changed, f"{name} on the {base} base changes no extracted feature: the extractors cannot see it"
    missing = [f for f in item.features if f not in builder.feature_names]
    assert not missing, f"{name} names features the extractors do not produce: {missing}"
    named = list(item.features)
    assert changed & set(named), f"{name} changes {sorted(changed)} but none of the features it names ({named})"


def test_suite_has_at_least_20_clues_spanning_seeds_000_001_004():
    names = [c.name for c in CLUES]
    assert len(names) >= 20
    assert len(set(names)) == len(names)
    seeds = {s for c in CLUES for s in c.seeds}
    assert {"000", "001", "004"} <= seeds
    assert seeds <= {"000", "001", "004"}
    assert all(c.words and c.features for c in CLUES)


def test_headline_clues_are_the_ones_the_seeds_present_as_damning():
    assert {c.name for c in CLUES if c.headline} == {
        "few_connections_long_career", "overlapping_fulltime_jobs", "organisation_name", "known_stock_photo",
        "celebrity_photo_edited", "sales_pitch_note", "contact_request_note", "growth_hack_note",
        "same_note_campaign", "same_photo_campaign", "low_acceptance_and_idk",
    }
    assert {c.name for c in CLUES if c.campaign} == {"same_note_campaign", "same_photo_campaign"}


def test_not_yet_measurable_clues_say_why_and_are_not_tested():
    assert NOT_YET_MEASURABLE
    for item in NOT_YET_MEASURABLE:
        assert item.seed[:3] in {"000", "001", "004"} and item.reason.strip() and item.words.strip()
    assert not {u.name for u in NOT_YET_MEASURABLE} & {c.name for c in CLUES}


@pytest.mark.parametrize("base", list(BASES))
def test_base_profiles_give_every_section_so_absences_are_explicit(base):
    profile = BASES[base]()
    Profile.model_validate(profile)
    for section in SECTIONS:
        given = profile.get(section) is not None or (section == "website" and profile.get("has_website") is False)
        assert given, f"{base} base does not give {section!r}"
    assert profile["invitation"].get("mutual_connections") is not None
    assert profile["invitation"].get("shared_groups") is not None
    assert all(job.get("description") is not None for job in profile["experience"])
    assert profile["invitation"]["message"] and profile["invitation"]["recipient"]["headline"]


@pytest.mark.parametrize(("name", "base"), PAIRS)
def test_apply_returns_a_copy_and_leaves_the_base_alone(name, base):
    profile = BASES[base]()
    before = copy.deepcopy(profile)
    clue(name).apply(profile)
    assert profile == before


def test_background_batch_is_valid_and_shares_no_note_or_photo_with_the_bases(builder):
    background = background_profiles()
    assert len(background) == len({p["id"] for p in background})
    for base in BASES.values():
        row = first_row(builder, [base(), *background])
        for feature in ("invitation__campaign_senders", "photo__batch_shared"):
            assert row[builder.feature_names.index(feature)] == 0


@pytest.mark.parametrize("name", [c.name for c in CLUES if c.campaign])
def test_campaign_pair_differs_only_in_the_profiles_sharing_the_clue(name):
    item = clue(name)
    base = BASES["complete"]()
    without, with_ = pair_batches(item, base)
    assert with_[0] == without[0] == base
    assert sum(a != b for a, b in zip(without, with_, strict=True)) == CAMPAIGN_SIZE

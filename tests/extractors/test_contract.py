"""One contract, every registered extractor (the imbalanced-learn test_common idea)."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from fakeprofile.extractors import REGISTRY, Context
from fakeprofile.schema import Profile
from tests.conftest import make_profile

CTX = Context(as_of="2026-10")

HOSTILE = Profile.model_validate({
    "id": "h" * 256,
    "name": "\u202e\u200b" + "Ω" * 1500 + "'; DROP TABLE profiles; --",
    "headline": "\x00" * 500,
    "summary": "🙂" * 50_000,
    "location": "\u0301" * 2000,
    "connections": 10_000_000,
    "followers": 0,
    "experience": [{"title": "x", "start": "2100-12", "end": "1900-01", "employment_type": "board"}] * 199
    + [{"title": "Ω" * 2000, "company": "\u202e" * 2000, "location": "x" * 2000, "start": "2020-01"}],
    "education": [{"school": "", "start": "2100", "end": "1900"}] * 99
    + [{"school": "High School " * 150, "degree": "PhD " * 400, "location": "y" * 2000, "start": "2000"}],
    "skills": [""] * 1000,
    "recommendations": 10_000_000,
    "created_at": "2100-12",
    "observed_at": "1900-01",
    "activity": {"invitations_sent_30d": 0, "invitations_accepted_30d": 10_000_000, "idk_reports": 10_000_000,
                 "posts": 10_000_000},
    "invitation": {"message": "", "recipient": {}},
})
PROFILES = {"minimal": Profile(id="m"), "typical": make_profile(), "hostile": HOSTILE}
EXTRACTORS = sorted(REGISTRY)


@pytest.mark.parametrize("name", EXTRACTORS)
def test_declares_its_identity(name):
    cls = REGISTRY[name]
    assert cls.name == name
    assert cls.version and cls.description and cls.feature_names and cls.known_false_positives.strip()
    assert cls.__module__ and (__import__(cls.__module__, fromlist=["_"]).__doc__ or "").strip(), \
        "the module docstring must say what clue it measures"


@pytest.mark.parametrize("name", EXTRACTORS)
@pytest.mark.parametrize("which", sorted(PROFILES))
def test_returns_exactly_its_declared_features_as_floats(name, which):
    values = REGISTRY[name]().extract(PROFILES[which], CTX)
    assert tuple(values) == REGISTRY[name].feature_names
    for feature, value in values.items():
        assert isinstance(value, float), f"{feature} is {type(value).__name__}"
        assert math.isnan(value) or math.isfinite(value), f"{feature} is infinite"


@pytest.mark.parametrize("name", EXTRACTORS)
@pytest.mark.parametrize("which", sorted(PROFILES))
def test_gives_evidence_in_words_for_every_feature(name, which):
    extractor = REGISTRY[name]()
    profile = PROFILES[which]
    words = extractor.evidence(profile, extractor.extract(profile, CTX), CTX)
    assert set(words) == set(extractor.feature_names)
    assert all(isinstance(w, str) and w.strip() and len(w) < 400 for w in words.values())


@pytest.mark.parametrize("name", EXTRACTORS)
def test_is_deterministic_and_does_not_mutate_its_input(name):
    profile = make_profile()
    before = copy.deepcopy(profile.model_dump())
    first = REGISTRY[name]().extract(profile, CTX)
    second = REGISTRY[name]().extract(profile, CTX)
    assert np.array_equal(np.array(list(first.values())), np.array(list(second.values())), equal_nan=True)
    assert profile.model_dump() == before


@pytest.mark.parametrize("name", EXTRACTORS)
def test_batch_matches_one_by_one(name):
    extractor = REGISTRY[name]()
    profiles = list(PROFILES.values())
    batch = extractor.extract_batch(profiles, CTX)
    single = np.array([list(extractor.extract(p, CTX).values()) for p in profiles])
    assert batch.shape == (len(profiles), len(extractor.feature_names))
    assert np.array_equal(batch, single, equal_nan=True)


@pytest.mark.parametrize("name", EXTRACTORS)
def test_minimal_profile_is_unmeasured_not_zero(name):
    """A clue that cannot be measured is NaN: a profile with only an id cannot look like anything."""
    values = REGISTRY[name]().extract(Profile(id="m"), CTX)
    measured = {k: v for k, v in values.items() if not math.isnan(v)}
    assert not measured, measured

"""Shared fixtures: a profile builder, the real-data folder, and one small trained model per session; hypothesis'
settings for every test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from fakeprofile.schema import Profile

REPO = Path(__file__).resolve().parents[1]
REAL_DATA = REPO.parent / "shared" / "data" / "real"

# No time limit on an example: tests check behaviour, never time (benchmarks do), and on a shared machine a slow
# example under load failed a property test that holds (hypothesis' default deadline is 200 ms).
settings.register_profile("fakeprofile", deadline=None)
settings.load_profile("fakeprofile")


@pytest.fixture(autouse=True, scope="session")
def _no_user_templates(tmp_path_factory):
    """The templates a developer added with `fakeprofile templates add` (a per-user file every model reads)
    never change what the tests see: the session's user corpus is an empty folder's (subprocesses inherit it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAKEPROFILE_TEMPLATES", str(tmp_path_factory.mktemp("user-templates") / "templates.tsv"))
        yield


def make_profile_dict(**overrides: Any) -> dict[str, Any]:
    """A plausible genuine profile as a dict; keyword arguments replace (or, as None, remove) fields."""
    base: dict[str, Any] = {
        "id": "p1",
        "name": "Maria Souza",
        "headline": "HR Business Partner at Vale",
        "summary": "People and culture professional with ten years in talent development.",
        "location": "São Paulo, Brazil",
        "connections": 340,
        "followers": 360,
        "experience": [
            {"title": "HR Business Partner", "company": "Vale", "location": "São Paulo, Brazil",
             "start": "2019-03", "end": None, "employment_type": "full-time",
             "description": "Partnering with engineering leadership on hiring and retention."},
            {"title": "HR Analyst", "company": "Itaú", "location": "São Paulo, Brazil",
             "start": "2015-01", "end": "2019-02", "employment_type": "full-time", "description": None},
        ],
        "education": [{"school": "Universidade de São Paulo", "degree": "BA", "field": "Psychology",
                       "start": "2010", "end": "2014", "location": "São Paulo, Brazil"}],
        "skills": ["Recruiting", "Coaching"],
        "recommendations": 3,
        "created_at": "2012-05",
        "observed_at": "2026-10",
        "activity": {"invitations_sent_30d": 12, "invitations_accepted_30d": 9, "idk_reports": 0, "posts": 40},
        "invitation": {"message": "Hi Ana, great meeting you at the Toronto HR summit!",
                       "recipient": {"name": "Ana Lee", "headline": "Recruiter", "location": "Toronto, Canada",
                                     "company": "Shopify"}},
    }
    for key, value in overrides.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def make_profile(**overrides: Any) -> Profile:
    """A validated :class:`Profile` built by :func:`make_profile_dict`."""
    return Profile.model_validate(make_profile_dict(**overrides))


@pytest.fixture(scope="session")
def synthetic_profiles() -> list[Profile]:
    """1,500 synthetic labelled profiles (no image files), the same in every run."""
    from fakeprofile.synth import generate_profiles

    return [Profile.model_validate(p) for p in generate_profiles(1500, seed=7)]


@pytest.fixture(scope="session")
def trained(synthetic_profiles):
    """A model trained on the synthetic profiles, and its training report.

    Confidence 0.5 (about the plain out-of-fold rate): with 1,500 profiles the default 90% confidence puts the
    threshold so high that only the most extreme fakes cross it, and these tests are about the mechanics of
    verdicts and reasons, not about where the operating point sits (tests/test_model.py tests that).
    """
    from fakeprofile.training import train

    return train(synthetic_profiles, seed=3, fpr_confidence=0.5)


def real_data(*parts: str) -> Path:
    """A path under ../shared/data/real, skipping the test with a clear message when it is absent."""
    path = REAL_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (it lives beside the repository in shared/)")
    return path


def assert_features(values: dict[str, float], expected: dict[str, float], *, km_tolerance: float = 0.0) -> None:
    """Each expected feature has its value; NaN means 'unmeasured' and must be NaN; ``*_km`` within tolerance."""
    import math

    for feature, want in expected.items():
        got = values[feature]
        if isinstance(want, float) and math.isnan(want):
            assert math.isnan(got), (feature, got)
        elif feature.endswith("_km") and km_tolerance:
            assert got == pytest.approx(want, abs=km_tolerance), (feature, got)
        else:
            assert got == pytest.approx(want), (feature, got)

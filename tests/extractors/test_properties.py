"""Property-based: no valid profile makes any extractor raise, return a non-float, or give no evidence."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakeprofile.extractors import REGISTRY, Context
from fakeprofile.io.records import validate_record

CTX = Context(as_of="2026-10")

text = st.one_of(st.none(), st.text(max_size=200), st.sampled_from(["", " ", "\u202e", "LLC", "🙂" * 50]))
places = st.one_of(text, st.sampled_from(["São Paulo, Brazil", "Toronto", "NYC", "北京", "Remote", "Paris, Texas",
                                          "Lagos", "x" * 2000]))
dates = st.one_of(st.none(), st.integers(1900, 2100).map(str),
                  st.tuples(st.integers(1900, 2100), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"))
counts = st.one_of(st.none(), st.integers(0, 10_000_000))
jobs = st.fixed_dictionaries({}, optional={
    "title": st.one_of(text, st.sampled_from(["Freelance Designer", "Board Member", "Intern"])),
    "company": text, "location": places, "start": dates, "end": dates, "description": text,
    "employment_type": st.one_of(st.none(), st.sampled_from(["full-time", "part-time", "freelance", "board"])),
})
schools = st.fixed_dictionaries({}, optional={
    "school": st.one_of(text, st.just("Upper Canada College")), "location": places,
    "degree": st.one_of(text, st.sampled_from(["BSc", "MBA", "PhD"])), "start": dates, "end": dates})
profiles = st.fixed_dictionaries({"id": st.text(min_size=1, max_size=20)}, optional={
    "name": text, "headline": text, "summary": text, "location": places,
    "invitation": st.one_of(st.none(), st.fixed_dictionaries({}, optional={"message": text, "recipient": st.one_of(
        st.none(), st.fixed_dictionaries({}, optional={"location": places, "company": text, "name": text}))})),
    "connections": counts, "followers": counts, "recommendations": counts,
    "has_photo": st.one_of(st.none(), st.booleans()),
    "experience": st.one_of(st.none(), st.lists(jobs, max_size=6)),
    "education": st.one_of(st.none(), st.lists(schools, max_size=3)),
    "skills": st.one_of(st.none(), st.lists(st.text(max_size=20), max_size=5)),
    "created_at": dates, "observed_at": dates,
    "activity": st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "invitations_sent_30d": counts, "invitations_accepted_30d": counts, "idk_reports": counts, "posts": counts})),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_no_profile_breaks_an_extractor(raw):
    item = validate_record(raw, source="hypothesis", line=1)
    assert item.ok, item.error
    for cls in REGISTRY.values():
        extractor = cls()
        values = extractor.extract(item.profile, CTX)
        assert tuple(values) == cls.feature_names
        assert all(isinstance(v, float) and (math.isnan(v) or math.isfinite(v)) for v in values.values())
        for feature, value in values.items():
            if feature.endswith("_km"):
                assert math.isnan(value) or 0 <= value <= 20_040, (feature, value)  # half the Earth
            elif not feature.startswith("log_"):
                assert math.isnan(value) or value >= 0, (feature, value)
        words = extractor.evidence(item.profile, values, CTX)
        assert set(words) == set(cls.feature_names) and all(words.values())

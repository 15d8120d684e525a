from __future__ import annotations

import math

import pytest

from fakeprofile.extractors import Context
from fakeprofile.extractors import geography as geography_module
from fakeprofile.extractors.geography import GeographyExtractor
from fakeprofile.geo import gazetteer
from fakeprofile.schema import Profile
from tests.conftest import assert_features

CTX = Context(as_of="2026-10")


def run(**fields):
    profile = Profile.model_validate({"id": "g", **fields})
    extractor = GeographyExtractor()
    values = extractor.extract(profile, CTX)
    return values, extractor.evidence(profile, values, CTX)


def job(company, location, start, end=None, kind="full-time"):
    return {"company": company, "title": "Analyst", "location": location, "start": start, "end": end,
            "employment_type": kind}


def degree(school, location, start, end, name="BSc"):
    return {"school": school, "degree": name, "location": location, "start": start, "end": end}


CASES = [
    # The seeds: an HR professional "in Brazil" inviting one person in Toronto.
    ("brazil-toronto", {"location": "São Paulo, Brazil",
                        "invitation": {"recipient": {"location": "Greater Toronto Area", "company": "Shopify"}}},
     {"location_resolved": 1, "same_country_as_recipient": 0, "shares_employer_with_recipient": 0,
      "distinct_countries": 1},
     {"recipient_distance_km": "profile in São Paulo, Brazil invites someone in Toronto, Canada (8,191 km), "
                               "with no shared employer or country"}),
    # Genuine colleague: same employer, same city.
    ("colleague", {"location": "Toronto, Ontario, Canada", "experience": [job("Shopify", "Toronto", "2020-01")],
                   "invitation": {"recipient": {"location": "Toronto", "company": "shopify"}}},
     {"recipient_distance_km": 0, "same_country_as_recipient": 1, "shares_employer_with_recipient": 1,
      "current_employer_distance_km": 0}, {}),
    # Junk location: unresolved, and every distance that needs it is NaN (never zero).
    ("remote", {"location": "Remote", "invitation": {"recipient": {"location": "London, UK"}}},
     {"location_resolved": 0, "recipient_distance_km": math.nan, "same_country_as_recipient": math.nan},
     {"location_resolved": "location 'Remote' is not a place"}),
    ("no-location", {}, {f: math.nan for f in GeographyExtractor.feature_names}, {}),
    # Genuine expatriate: studied in India, works in Germany; nothing happens at once in two countries.
    ("expatriate", {"location": "Berlin, Germany",
                    "experience": [job("Zalando", "Berlin", "2018-06")],
                    "education": [degree("IIT Bombay", "Mumbai, India", "2010", "2014"),
                                  degree("TU München", "Munich, Germany", "2015-10", "2017-09", "MSc")]},
     {"distinct_countries": 2, "degrees_at_once_in_two_countries": 0, "study_while_working_abroad": 0}, {}),
    # Genuine remote worker: lives in Lisbon, employer in New York; far, but no clash in time.
    ("remote-worker", {"location": "Lisbon, Portugal", "experience": [job("Acme Corp", "New York, NY", "2021-01")]},
     {"study_while_working_abroad": math.nan}, {}),
    # The seeds: a degree in São Paulo and one in Canada at the same time.
    ("two-degrees", {"location": "Toronto", "education": [
        degree("Universidade de São Paulo", "São Paulo", "2012", "2016"),
        degree("University of Toronto", "Toronto, Canada", "2014", "2016", "MSc")]},
     {"degrees_at_once_in_two_countries": 1},
     {"degrees_at_once_in_two_countries":
      "degrees at Universidade de São Paulo (Brazil) and University of Toronto (Canada) overlap in time"}),
    # A school without a name still gives readable evidence.
    ("nameless-school", {"location": "Toronto", "education": [
        {"degree": "BSc", "location": "São Paulo", "start": "2012", "end": "2016"},
        degree("University of Toronto", "Toronto, Canada", "2014", "2016", "MSc")]},
     {"degrees_at_once_in_two_countries": 1},
     {"degrees_at_once_in_two_countries":
      "degrees at a school (Brazil) and University of Toronto (Canada) overlap in time"}),
    # Studying in London while holding a full-time job in Lagos.
    ("study-abroad", {"location": "Lagos, Nigeria",
                      "experience": [job("Dangote", "Lagos", "2015-01", "2020-12")],
                      "education": [degree("LSE", "London, United Kingdom", "2017-09", "2019-06", "MSc")]},
     {"study_while_working_abroad": 1}, {}),
    # Genuine PhD student teaching part-time in the same city: not a clash.
    ("phd-teaching", {"location": "Zürich", "experience": [job("ETH", "Zürich", "2022-09", kind="part-time")],
                      "education": [degree("ETH Zürich", "Zürich, Switzerland", "2022-09", None, "PhD")]},
     {"study_while_working_abroad": 0, "distinct_countries": 1}, {}),
    # Two current jobs equally near: the one listed first is the one compared.
    ("two-current-jobs", {"location": "Toronto", "experience": [job("Shopify", "Toronto", "2020-01"),
                                                                job("Wealthsimple", "Toronto, Canada", "2021-01")]},
     {"current_employer_distance_km": 0},
     {"current_employer_distance_km": "profile in Toronto, Canada, current job at Shopify in Toronto, Canada "
                                      "(0 km away)"}),
]


@pytest.mark.parametrize(("case", "fields", "expected", "words"), CASES, ids=[c[0] for c in CASES])
def test_geography_table(case, fields, expected, words):
    values, evidence = run(**fields)
    assert_features(values, expected, km_tolerance=60)
    for feature, text in words.items():
        assert evidence[feature] == text


@pytest.mark.parametrize(("case", "fields"), [c[:2] for c in CASES], ids=[c[0] for c in CASES])
def test_every_sentence_evidence_for_gives_is_the_whole_evidences(case, fields):
    profile = Profile.model_validate({"id": "g", **fields})
    extractor = GeographyExtractor()
    values = extractor.extract(profile, CTX)
    whole = extractor.evidence(profile, values, CTX)
    for feature in extractor.feature_names:
        given = extractor.evidence_for(profile, values, CTX, {feature})
        assert feature in given and all(whole[f] == words for f, words in given.items()), feature


@pytest.mark.parametrize("places", [["Lagos"], ["Lagos", "Toronto"], ["Toronto", "Toronto, Canada", "Berlin"]])
def test_the_nearest_of_one_is_it_without_measuring(places):
    """The words take the only candidate without a distance; with more, the one ``_nearest`` gives."""
    home = gazetteer().resolve("Toronto")
    candidates = [(text, gazetteer().resolve(text)) for text in places]
    assert geography_module._nearest_one(home, candidates) == geography_module._nearest(home, candidates)[1:]

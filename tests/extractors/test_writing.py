from __future__ import annotations

import math

import pytest

from fakeprofile.extractors import Context
from fakeprofile.extractors.writing import WritingExtractor
from tests.conftest import assert_features, make_profile

CTX = Context(as_of="2026-10")
POLISHED = ("A passionate sustainability professional dedicated to fostering innovation. Proven track record of "
            "leading cross-functional teams and leveraging data-driven insights to drive growth.")
PLAIN = ("I run the night shift at a regional hospital pharmacy. Before that I spent six years in community "
         "pharmacies around Leeds, mostly doing prescriptions and vaccinations.")


def _job(description, title="Analyst"):
    return {"title": title, "company": "Acme", "start": "2019-01", "end": None, "employment_type": "full-time",
            "description": description}


def test_the_polished_register_counts_stock_phrases():
    values = WritingExtractor().extract(make_profile(summary=POLISHED, headline=None, experience=None), CTX)
    # "dedicated to", "fostering", "innovation", "proven track record", "cross-functional", "leveraging",
    # "data-driven", "drive growth": 8 in 24 words (hyphenated words count as two)
    assert values["stock_phrases_per_100_words"] == pytest.approx(100 * 8 / 24)


def test_a_plain_personal_summary_has_none():
    values = WritingExtractor().extract(make_profile(summary=PLAIN, headline="Pharmacist", experience=None), CTX)
    assert values["stock_phrases_per_100_words"] == 0.0
    assert values["headline_segments"] == 1.0


def test_quantified_achievements_and_uniform_descriptions():
    jobs = [_job("Spearheaded onboarding, driving a 25% improvement in retention."),
            _job("Cut costs by 12% and grew revenue 30% increase year on year."),
            _job("Answered the phones.")]
    values = WritingExtractor().extract(make_profile(experience=jobs), CTX)
    assert values["quantified_claims_per_description"] == pytest.approx(3 / 3)
    lengths = [len(j["description"]) for j in jobs]
    mean = sum(lengths) / 3
    spread = (sum((n - mean) ** 2 for n in lengths) / 3) ** 0.5 / mean
    assert values["description_length_spread"] == pytest.approx(spread)


def test_keyword_stacked_headline():
    profile = make_profile(headline="Renewable Energy Consultant | Advocate for Sustainable Development | "
                                    "Alumnus of IIT Bombay | Passionate about Green Energy")
    assert WritingExtractor().extract(profile, CTX)["headline_segments"] == 4.0


def test_no_text_is_unmeasured_and_short_text_has_no_rate():
    empty = make_profile(headline=None, summary=None, experience=None)
    assert all(math.isnan(v) for v in WritingExtractor().extract(empty, CTX).values())
    short = WritingExtractor().extract(make_profile(headline="Driving innovation", summary=None, experience=None),
                                       CTX)
    assert_features(short, {"words": 2.0, "headline_segments": 1.0})
    assert math.isnan(short["stock_phrases_per_100_words"])


def test_evidence_quotes_the_phrases_it_counted():
    profile = make_profile(summary=POLISHED, headline=None, experience=None)
    ex = WritingExtractor()
    words = ex.evidence(profile, ex.extract(profile, CTX), CTX)
    assert words["stock_phrases_per_100_words"].startswith("8 stock phrase(s) of corporate self-promotion in 24 words")
    assert "'proven track record'" in words["stock_phrases_per_100_words"]

from __future__ import annotations

import math
import re
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fakeprofile.extractors import Context
from fakeprofile.extractors import writing as w
from fakeprofile.extractors.base import ascii_words, fold_case
from fakeprofile.extractors.writing import WritingExtractor
from tests.conftest import assert_features, make_profile
from tests.extractors.test_base import MIXED

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


# --- the fast searches find what the plain regular expressions find -----------------------------------------

@given(st.text(max_size=300) | MIXED)
def test_the_word_count_is_that_of_the_regular_expression(text):
    assert w._word_count(text) == len(re.findall(r"\w+", text))


def test_a_text_mostly_beyond_ascii_is_counted_by_the_regular_expression():
    text = "Инженер-программист из Москвы, data engineer"
    assert ascii_words(text) is None
    assert w._word_count(text) == len(re.findall(r"\w+", text)) == 6


STOCK_TEXT = st.lists(st.sampled_from([
    "driving growth", "Driving innovation", "xdriving innovation", "innovation", "co-innovation", "ſtrategic",
    "İnnovative", "end-to-end", "weekend to end", "leveraging", "aerodynamic", "passionate about", "track record",
    "proven track record", "stakeholders", "navigating the complexity", "delve", "delv", "25%", "by 10 %",
    "of 3.5% increase", "a 12% uplift", " ", "\n", ".", "-", "_", "'", "(", "x", "é", "•", "|", " | ", " – ",
]), max_size=25).map("".join)


@given(STOCK_TEXT)
def test_the_stock_search_counts_what_the_word_bounded_pattern_counts(text):
    folded = fold_case(text)
    plain = re.compile(r"\b(" + "|".join(w._STOCK_PHRASES) + r")\b")
    count = len(w._STOCK_FOLDED.findall(" " + folded))
    assert count == len(plain.findall(folded)) == len(w._STOCK.findall(text))


@given(st.lists(STOCK_TEXT | MIXED, min_size=1, max_size=3))
def test_evidence_quotes_the_stock_phrases_the_word_bounded_pattern_finds_where_it_finds_them(texts):
    own = "\n".join(texts)
    places = [(m.start(), m.end() - 1) for m in w._STOCK_FOLDED.finditer(" " + fold_case(own))]
    assert places == [m.span() for m in w._STOCK.finditer(own)]
    assert w._stock_phrases(texts) == [m.group(0).lower() for text in texts for m in w._STOCK.finditer(text)]


#: Texts of white space only (to ``strip``), of other invisible characters, and of text.
SPACES = st.text(alphabet=st.sampled_from(
    [" ", "\n", "\t", "\x0b", "\x1c", "\x85", "\xa0", "\u2028", "\u3000", "\u200b", "\ufeff", "x"]), max_size=4)


@given(st.none() | SPACES, st.none() | SPACES, st.lists(st.none() | SPACES, max_size=3))
def test_a_profile_has_own_text_when_its_own_text_holds_one(headline, summary, descriptions):
    profile = make_profile(headline=headline, summary=summary, experience=[_job(d) for d in descriptions] or None)
    assert w._has_own_text(profile) == bool(w._own_text(profile))


@given(STOCK_TEXT | MIXED)
def test_a_description_without_a_percent_sign_is_not_searched_and_loses_no_claim(text):
    assert w._quantified_claims(text) == len(w._QUANTIFIED.findall(text))


@given(STOCK_TEXT | MIXED)
def test_a_headline_without_a_separator_is_not_split_and_keeps_its_segments(text):
    assert w._headline_segments(text) == len([s for s in w._HEADLINE_SPLIT.split(text) if s.strip()])


@given(st.lists(st.integers(1, 60_000), min_size=2, max_size=60)
       | st.lists(st.integers(1, 9), min_size=2, max_size=6)
       | st.integers(1, 5000).flatmap(lambda n: st.lists(st.just(n), min_size=2, max_size=5)))
def test_the_length_spread_is_statistics_pstdev_over_fmean_to_the_last_bit(lengths):
    assert w._spread(lengths) == statistics.pstdev(lengths) / statistics.fmean(lengths)

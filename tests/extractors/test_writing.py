from __future__ import annotations

import math
import re
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fakeprofile.extractors import Context
from fakeprofile.extractors import writing as w
from fakeprofile.extractors.base import fold_case
from fakeprofile.extractors.writing import WritingExtractor, ascii_words, first_letter_alternation
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


# --- the fast searches find what the plain regular expressions find -----------------------------------------

PLAIN_WORD = re.compile(r"\w+")
#: Letters, digits, punctuation and white space in and beyond ASCII, among them characters that lower-casing
#: changes in length or class ("İ"), combining marks, a lone surrogate and the typographic marks of profiles.
MIXED = st.text(alphabet=st.sampled_from(list("abIZ09_ .,-%|'\n\t") + [
    "é", "İ", "ı", "ſ", "\u212a", "ß", "Σ", "д", "中", "\u0307", "²", "Ⅳ", "\xa0", "\ud800", "•", "’", "–", "—", "·",
    "▪"]), max_size=300)


@given(st.text(max_size=300) | MIXED)
def test_ascii_words_are_the_words_of_the_regular_expression(text):
    words = ascii_words(text)
    beyond = len(text) - len(text.encode("ascii", "ignore"))
    if words is None:  # mostly beyond ASCII: the caller uses the regular expression
        assert beyond * 64 > len(text)
    else:
        assert words == [re.sub(r"[^\x00-\x7f]", "_", word).encode("ascii") for word in PLAIN_WORD.findall(text)]
        assert w._word_count(text) == len(PLAIN_WORD.findall(text))


def test_ascii_words_class_every_character_as_the_regular_expression_does():
    every = "".join(map(chr, range(0x110000)))
    expected = re.sub(r"[^\W\x00-\x7f]", "_", re.sub(r"\W", " ", every)).encode("ascii")
    assert every.encode("ascii", w._WORD_CLASS).translate(w._ASCII_WORD_BYTES) == expected


def test_a_text_mostly_beyond_ascii_is_counted_by_the_regular_expression():
    text = "Инженер-программист из Москвы, data engineer"
    assert ascii_words(text) is None
    assert w._word_count(text) == len(PLAIN_WORD.findall(text)) == 6


# Phrases sharing first letters and prefixes, where the order among them decides the match.
ORDERED = ("ab", "abc", "a", "b c", "bc", "ca(?:t|b)", "c")


@given(st.text(alphabet="abct ", max_size=60))
def test_phrases_grouped_by_first_letter_match_where_their_plain_alternation_does(text):
    for phrases in (ORDERED, w._STOCK_PHRASES):
        grouped, plain = re.compile(first_letter_alternation(phrases)), re.compile("|".join(phrases))
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("phrase", ["(?:a)b", "a?b", "a*", "Ab", "\\ba", ""])
def test_first_letter_alternation_refuses_a_phrase_without_a_plain_first_letter(phrase):
    with pytest.raises(ValueError, match="plain lower-case letter"):
        first_letter_alternation(["abc", phrase])


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

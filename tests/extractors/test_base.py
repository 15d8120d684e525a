"""The extractor declarations ``register`` checks and derives (clue groups and known false positives), and the text
helpers the extractors share."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fakeprofile.extractors import REGISTRY
from fakeprofile.extractors import base as b
from fakeprofile.extractors.base import (
    RAISES,
    Extractor,
    Feature,
    ascii_words,
    first_letter_alternation,
    fold_case,
    register,
)


def _extractor(clues=None, known_false_positives="Nobody, in this test.", **attrs) -> type[Extractor]:
    """An unregistered extractor with features a, b and c."""
    namespace = {"name": "test-clues", "version": "1", "description": "test",
                 "features": (Feature("a", RAISES), Feature("b", RAISES), Feature("c", RAISES)),
                 "extract": lambda self, profile, ctx: dict.fromkeys("abc", 0.0),
                 "evidence": lambda self, profile, values, ctx: dict.fromkeys("abc", "x"), **attrs}
    if clues is not None:
        namespace["clues"] = clues
    if known_false_positives is not None:
        namespace["known_false_positives"] = known_false_positives
    return type("TestExtractor", (Extractor,), namespace)


@pytest.fixture
def registry():
    """The registry, restored after the test whatever it registered."""
    saved = dict(REGISTRY)
    yield REGISTRY
    REGISTRY.clear()
    REGISTRY.update(saved)


# Every built-in clue group, spot-checked: clue -> the features it groups.
@pytest.mark.parametrize(("extractor", "clue", "features"), [
    ("activity", "invitations", ("invitations_sent_30d", "invitation_acceptance_rate")),
    ("activity", "account_age", ("account_age_years",)),
    ("completeness", "photo_shown", ("has_photo",)),
    ("completeness", "jobs", ("jobs", "share_jobs_with_description")),
    ("connections", "connections", ("connections", "log_connections", "connections_per_career_year",
                                    "very_low_for_career")),
    ("connections", "career_years", ("career_years",)),
    ("connections", "followers", ("log_followers_per_connection",)),
    ("timeline", "overlapping_jobs", ("fulltime_overlap_months", "longest_fulltime_overlap_months",
                                      "overlapping_fulltime_pairs", "current_fulltime_jobs")),
    ("timeline", "study_order", ("years_working_before_study", "degree_order_violations",
                                 "degrees_from_secondary_schools")),
    ("geography", "recipient_distance", ("recipient_distance_km", "same_country_as_recipient",
                                         "shares_employer_with_recipient")),
    ("invitation", "campaign", ("campaign_senders",)),
    ("name", "name", ("looks_like_organisation", "name_tokens", "name_has_digits")),
    ("photo", "known_image", ("known_phash_distance", "known_dhash_distance", "known_matches", "match_edited")),
    ("photo", "shared_photo", ("batch_shared",)),
    ("writing", "own_text", ("words",)),
])
def test_built_in_clues_group_the_features_a_person_checks_together(extractor, clue, features):
    clue_of = REGISTRY[extractor].clue_of
    assert tuple(f for f, c in clue_of.items() if c == clue) == features


def test_the_invitation_note_is_two_clues_whether_there_is_one_and_what_it_says():
    cls = REGISTRY["invitation"]
    personal = {f for f, c in cls.clue_of.items() if c == "personal_note"}
    text = {f for f, c in cls.clue_of.items() if c == "note_text"}
    assert personal == {"has_note", "mentions_recipient"}
    assert personal | text == set(cls.feature_names) - {"campaign_senders"}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_feature_belongs_to_exactly_one_clue(name):
    cls = REGISTRY[name]
    assert tuple(cls.clue_of) == cls.feature_names
    grouped = [f for members in cls.clues.values() for f in members]
    assert len(grouped) == len(set(grouped)) and set(grouped) <= set(cls.feature_names)
    for feature, clue in cls.clue_of.items():
        assert feature in cls.clues.get(clue, (feature,)), (feature, clue)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_extractor_states_its_known_false_positives(name):
    text = REGISTRY[name].known_false_positives
    assert isinstance(text, str) and len(text.strip()) > 40


def test_a_feature_not_in_any_clue_is_a_clue_of_its_own(registry):
    cls = register(_extractor(clues={"pair": ("a", "c")}))
    assert cls.clue_of == {"a": "pair", "b": "b", "c": "pair"}
    assert register(_extractor(name="test-no-clues")).clue_of == {"a": "a", "b": "b", "c": "c"}


@pytest.mark.parametrize(("clues", "message"), [
    ({"pair": ("a", "z")}, "clue 'pair' lists 'z', which is not one of its features"),
    ({"one": ("a", "b"), "two": ("b", "c")}, "feature 'b' is in two clues, 'one' and 'two'"),
    ({"two words": ("a",)}, "clue name 'two words' is not an identifier"),
    ({"pair": ()}, "clue 'pair' must be a non-empty tuple"),
    ({"pair": "ab"}, "clue 'pair' must be a non-empty tuple"),
    ({"b": ("a", "c")}, "clue 'b' does not list the feature of that name"),
])
def test_register_refuses_clues_that_do_not_fit_the_features(registry, clues, message):
    with pytest.raises(ValueError, match=message):
        register(_extractor(clues=clues))
    assert "test-clues" not in registry


@pytest.mark.parametrize("known", [None, "", "  \n", 42])
def test_register_refuses_an_extractor_without_known_false_positives(registry, known):
    with pytest.raises(TypeError, match="known_false_positives"):
        register(_extractor(known_false_positives=known))
    assert "test-clues" not in registry


def test_folded_text_matches_case_sensitively_where_the_text_matches_ignoring_case():
    """fold_case maps one character to one and keeps each character's word, digit and space class; the only
    characters beyond ASCII that ``re`` matches with an ASCII letter when ignoring case fold to that letter."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    every = [chr(c) for c in range(0x110000)]
    twins = {ch for ch in every[0x80:] if letter.fullmatch(ch)}
    assert {ch: fold_case(ch) for ch in twins} == {
        ch: next(a for a in string.ascii_lowercase if re.fullmatch(a, ch, re.IGNORECASE)) for ch in twins}
    changed = [ch for ch in every if ch.lower() != ch] + sorted(twins)
    for ch in changed:
        folded = fold_case(ch)
        assert len(folded) == 1, ch
        for cls in (r"\w", r"\d", r"\s"):
            assert bool(re.fullmatch(cls, ch)) == bool(re.fullmatch(cls, folded)), (ch, cls)
        # An ASCII letter it folds to is one the pattern ignoring case matches it with; never another ASCII character.
        assert not folded.isascii() or (folded.isalpha() and re.fullmatch(folded, ch, re.IGNORECASE)), ch
    assert fold_case("ſTRATEGIC \u212aPI İnc") == "strategic kpi inc"


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


def test_ascii_words_class_every_character_as_the_regular_expression_does():
    every = "".join(map(chr, range(0x110000)))
    expected = re.sub(r"[^\W\x00-\x7f]", "_", re.sub(r"\W", " ", every)).encode("ascii")
    assert every.encode("ascii", b._WORD_CLASS).translate(b._ASCII_WORD_BYTES) == expected


def test_a_text_mostly_beyond_ascii_has_no_ascii_words():
    assert ascii_words("Инженер-программист из Москвы, data engineer") is None


# Phrases sharing first letters and prefixes, where the order among them decides the match.
ORDERED = ("ab", "abc", "a", "b c", "bc", "ca(?:t|b)", "c")


@given(st.text(alphabet="abct ", max_size=60))
def test_phrases_grouped_by_first_letter_match_where_their_plain_alternation_does(text):
    grouped, plain = re.compile(first_letter_alternation(ORDERED)), re.compile("|".join(ORDERED))
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("phrase", ["(?:a)b", "a?b", "a*", "Ab", "\\ba", ""])
def test_first_letter_alternation_refuses_a_phrase_without_a_plain_first_letter(phrase):
    with pytest.raises(ValueError, match="plain lower-case letter"):
        first_letter_alternation(["abc", phrase])


@pytest.mark.parametrize("phrase", ["ab|cd", "a(?:b)|c", "a[|]b|c", "a\\|b|c", "a[]|]|b", "a[\\]]|b"])
def test_first_letter_alternation_refuses_a_phrase_with_an_alternative_outside_brackets(phrase):
    with pytest.raises(ValueError, match="alternative outside brackets"):
        first_letter_alternation(["abc", phrase])


@pytest.mark.parametrize("phrase", ["a(?:b|c)", "a[|]b", "a\\|b", "a[]|]b", "a[^]|]b", "a[\\]|]b", "a(?:(?:b|c)d|e)"])
def test_first_letter_alternation_takes_bars_inside_brackets_or_escaped(phrase):
    grouped, plain = re.compile(first_letter_alternation([phrase])), re.compile(phrase)
    for text in ("ab", "ac", "a|b", "a]b", "acd", "ae", "axb", "a\\b"):
        assert bool(grouped.search(text)) == bool(plain.search(text))

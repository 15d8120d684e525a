"""The grammar extractor: values, conventions (NaN without an invitation, 0 without a note), evidence quoting
the slip, and the contract every registered extractor keeps (run here by name: the extractor is not imported
by ``fakeprofile.extractors`` until it joins the defaults)."""

from __future__ import annotations

import math

import pytest

import fakeprofile.extractors.grammar  # noqa: F401  (registers it)
from fakeprofile.extractors import REGISTRY, Context
from fakeprofile.extractors.base import RAISES
from fakeprofile.extractors.grammar import GrammarExtractor
from tests.conftest import make_profile
from tests.extractors import test_contract as contract

CTX = Context(as_of="2026-10")
SEED = ("Came across your profile here and noticed we had LinkedIn groups in common, was intrigued and would love "
        "to connect. I see your an attorney in New York. Excited to learn more about what your up to "
        "professionally.")


def run(message, *, invitation=True):
    if not invitation:
        profile = make_profile(invitation=None)
    else:
        profile = make_profile(invitation={"message": message, "recipient": {"name": "Ana Lee"}})
    extractor = GrammarExtractor()
    values = extractor.extract(profile, CTX)
    return values, extractor.evidence(profile, values, CTX)


def test_registered_with_declared_directions():
    assert REGISTRY["grammar"] is GrammarExtractor
    assert GrammarExtractor.feature_names == ("note_grammar_slips", "note_slips_per_100_words")
    assert set(GrammarExtractor.directions.values()) == {RAISES}
    assert set(GrammarExtractor.clue_of.values()) == {"note_grammar"}


def test_no_invitation_is_unknown():
    values, words = run(None, invitation=False)
    assert all(math.isnan(v) for v in values.values())
    assert set(words.values()) == {"no invitation"}


@pytest.mark.parametrize("message", [None, "", "   "])
def test_invitation_without_a_note_is_a_measured_absence(message):
    values, words = run(message)
    assert values == {"note_grammar_slips": 0.0, "note_slips_per_100_words": 0.0}
    assert set(words.values()) == {"no note, so no grammar slip in one"}


def test_a_correct_note_has_no_slip():
    values, words = run("Hi Ana, great meeting you at the Toronto HR summit! Your talk on onboarding was excellent.")
    assert values == {"note_grammar_slips": 0.0, "note_slips_per_100_words": 0.0}
    assert words["note_grammar_slips"] == "no grammar slip found in the note"
    assert words["note_slips_per_100_words"].startswith("0 grammar slip(s) in 16 words")


def test_one_slip_is_quoted():
    values, words = run("Hi Ana, I see your an attorney in Toronto.")
    assert values["note_grammar_slips"] == 1.0
    assert values["note_slips_per_100_words"] == pytest.approx(100 / 9)
    assert words["note_grammar_slips"] == "1 grammar slip in the note: 'your an' (your for you're)"
    assert "'your an' (your for you're)" in words["note_slips_per_100_words"]


def test_the_seed_note():
    values, words = run(SEED)
    assert values["note_grammar_slips"] == 2.0
    assert values["note_slips_per_100_words"] == pytest.approx(200 / 38)
    assert words["note_grammar_slips"] == ("2 grammar slips in the note: 'your an' (your for you're); 'your up to' "
                                           "(your for you're)")


def test_many_slips_quote_three_and_count_the_rest():
    values, words = run("i am here. its been long, better then ever. could of known, recieve it alot")
    assert values["note_grammar_slips"] == 8.0
    assert words["note_grammar_slips"].startswith("8 grammar slips in the note: 'i am' ('i' for 'I'); ")
    assert words["note_grammar_slips"].endswith(" and 5 more")


def test_misspellings_say_the_word_meant():
    _, words = run("Did you recieve my note?")
    assert words["note_grammar_slips"] == "1 grammar slip in the note: 'recieve' (misspelling of 'receive')"


def test_more_slips_never_score_lower():
    low, _ = run("Hi Ana, your team did great work.")
    high, _ = run("Hi Ana, your team did great work. your welcome")
    assert high["note_grammar_slips"] > low["note_grammar_slips"]


def test_a_hostile_note_is_read_within_the_cap():
    values, words = run("the the " * 6000)
    assert values["note_grammar_slips"] > 0 and math.isfinite(values["note_slips_per_100_words"])
    assert all(len(w) < 400 for w in words.values())


# --------------------------------------------------------------------------------------------------
# The contract of tests/extractors/test_contract.py, for this extractor by name


@pytest.mark.parametrize("which", sorted(contract.PROFILES))
def test_contract_features_are_floats(which):
    contract.test_returns_exactly_its_declared_features_as_floats("grammar", which)


@pytest.mark.parametrize("which", sorted(contract.PROFILES))
def test_contract_evidence_in_words(which):
    contract.test_gives_evidence_in_words_for_every_feature("grammar", which)


@pytest.mark.parametrize("check", [
    contract.test_declares_its_identity,
    contract.test_is_deterministic_and_does_not_mutate_its_input,
    contract.test_batch_matches_one_by_one,
    contract.test_minimal_profile_is_unmeasured_not_zero,
])
def test_contract(check):
    check("grammar")

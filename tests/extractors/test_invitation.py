from __future__ import annotations

import math
import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile.extractors import Context
from fakeprofile.extractors.invitation import InvitationExtractor, _emoji_count, _letters, claimed_roles
from fakeprofile.schema import Profile
from tests.conftest import assert_features

CTX = Context(as_of="2026-10")
LAWYER_SEED = ("Came across your profile here and noticed we had LinkedIn groups in common, was intrigued and would "
               "love to connect. I see your an attorney in New York. Excited to learn more about what your up to "
               "professionally.")
LEADS_SEED = ("I developed a method that gives you many leads and more on LinkedIn, Facebook, Twitter and many others "
              "in 24 hours! I would love to run a quick test 🙂 What is your PHONE NUMBER?")


def run(message, recipient=None):
    invitation = {"message": message}
    if recipient is not None:
        invitation["recipient"] = recipient
    profile = Profile.model_validate({"id": "i", "name": "Sam Lee", "invitation": invitation})
    extractor = InvitationExtractor()
    values = extractor.extract(profile, CTX)
    return values, extractor.evidence(profile, values, CTX)


CASES = [
    # No note is a measured absence: no template, no pitch, no contact request; only its shape is unknown.
    ("no-note", None, None, {"has_note": 0, "template_similarity": 0, "pitch_words": 0,
                             "asks_for_contact": 0, "platform_default": 0, "shouted_share": 0}),
    ("platform-default", "I'd like to add you to my professional network on LinkedIn.", None,
     {"has_note": 1, "platform_default": 1, "pitch_template": 0, "template_similarity": 1.0}),
    ("seed-leads", LEADS_SEED, None,
     {"pitch_template": 1, "asks_for_contact": 1, "emoji": 1, "exclamations": 1}),
    ("seed-mutual", "I think we can mutually help each other, let's connect.", None,
     {"generic_template": 1, "pitch_template": 0}),
    ("seed-product", "I want to tell you about a terrific new product we have", None, {"pitch_template": 1}),
    ("seed-lawyer", LAWYER_SEED, {"name": "Dana Cole", "headline": "Marketing Director at Acme"},
     {"contradicts_recipient": 1, "mentions_recipient": 0}),
    # Genuine personal notes: no template, mention the recipient, no contradiction.
    ("colleague", "Hi Ana, great meeting you at the Toronto HR summit! Loved your talk on onboarding.",
     {"name": "Ana Lee", "headline": "Recruiter at Shopify", "company": "Shopify"},
     {"template_similarity": 0, "mentions_recipient": 1, "pitch_template": 0, "asks_for_contact": 0,
      "contradicts_recipient": math.nan}),
    ("true-claim", "Hi Rob, I see you're an attorney at Baker & Co; my firm needs advice on a lease.",
     {"name": "Rob Stone", "headline": "Attorney at Baker & Co"}, {"contradicts_recipient": 0}),
    ("shouting", "PLEASE ACCEPT MY INVITATION, I HAVE A GREAT OPPORTUNITY FOR YOU!!!", None,
     {"exclamations": 3}),
]


@pytest.mark.parametrize(("case", "message", "recipient", "expected"), CASES, ids=[c[0] for c in CASES])
def test_invitation_table(case, message, recipient, expected):
    values, _ = run(message, recipient)
    assert_features(values, expected)


def test_shouting_is_measured():
    values, _ = run("PLEASE ACCEPT MY INVITATION, I HAVE A GREAT OPPORTUNITY FOR YOU!!!")
    assert values["shouted_share"] > 0.75  # all but the words of under 4 letters (MY, I, A, FOR, YOU)


@pytest.mark.parametrize(("message", "expected"), [
    ("Hi Ana, great meeting you at the Toronto HR summit!", 0.0),    # capitals of names and sentences
    ("hey ana, great meeting you at the summit", 0.0),                # all lower case is not the opposite
    ("I see you lead the HR team at AWS in NYC.", 0.0),              # short acronyms are not shouting
    ("你好，很高兴认识你，希望保持联系", 0.0),                          # a script without case
    ("I would love to run a quick test 🙂 What is your PHONE NUMBER?", 11 / 46),
])
def test_shouting_counts_only_words_written_in_capitals(message, expected):
    values, _ = run(message)
    assert values["shouted_share"] == pytest.approx(expected)


def test_no_invitation_is_unmeasured():
    profile = Profile(id="x")
    values = InvitationExtractor().extract(profile, CTX)
    assert all(math.isnan(v) for v in values.values())


def test_evidence_names_the_template_and_the_contact_request():
    _, words = run(LEADS_SEED)
    assert words["template_similarity"].startswith("invitation is 100% similar to known")
    assert words["template_similarity"].endswith("and asks for contact details")
    _, words = run(LAWYER_SEED, {"headline": "Marketing Director at Acme"})
    assert words["contradicts_recipient"] == ("invitation calls the recipient 'attorney' but their headline is "
                                              "'Marketing Director at Acme'")


@pytest.mark.parametrize(("message", "roles"), [
    ("I see your an attorney in New York", ["attorney"]),
    ("As a fellow engineer, I'd love to connect", []),
    ("You are a great leader", []),
    ("you're the recruiter for Acme?", ["recruiter"]),
])
def test_claimed_roles(message, roles):
    assert claimed_roles(message) == roles


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200) | st.text(alphabet=string.printable, max_size=200))
def test_letters_and_emoji_are_counted_as_character_by_character(text):
    """_letters and _emoji_count skip the loop over an ASCII note; they count what the loop counts."""
    assert _letters(text) == sum(ch.isalpha() for ch in text)
    assert _emoji_count(text) == sum(unicodedata.category(ch) == "So" for ch in text[:5000])


@pytest.mark.parametrize(("text", "letters", "emoji"), [
    ("", 0, 0), ("Hi Ann, 15 min?", 8, 0), ("Olá 🙂 ✈", 3, 2), ("ﬁ Σ ² ½ 五", 3, 0),
])
def test_letters_and_emoji_of_some_notes(text, letters, emoji):
    assert (_letters(text), _emoji_count(text)) == (letters, emoji)

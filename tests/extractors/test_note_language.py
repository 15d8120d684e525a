"""Note language: phrase families that generalise beyond the template corpus, and the classifier's feature.

* The held-out table (``data/notes/heldout.tsv``): wordings written for this test, in neither the patterns
  nor the corpus; each family fires on its positives and on none of its negatives (personal notes that
  use the same words in ordinary ways).
* The four spam families fire on at most 1% of the hand-written personal notes and of the template tests'
  genuine notes; ``shared_context`` fires on most personal notes and on almost no corpus entry.
* Conventions: NaN without an invitation, 0 without a note, kinds counted once, evidence quotes the note.
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakeprofile.extractors import REGISTRY, Context
from fakeprofile.extractors.base import LOWERS, RAISES, clip
from fakeprofile.extractors.note_language import (
    _INVISIBLE,
    _PUNCTUATION,
    _QUOTES,
    _SPACES,
    FAMILIES,
    MAX_CACHED_WORD,
    MAX_NOTE_CHARS,
    READINGS,
    NoteLanguageExtractor,
    Phrase,
    _any,
    _cues_in,
    _likeness_by,
    _may_name,
    _place_pattern,
    _reading_by,
    _strongest_words,
    clean_note,
    find_phrases,
)
from fakeprofile.note_classifier import default_classifier, heldout_rows, personal_notes, prepare
from fakeprofile.schema import Profile
from fakeprofile.templates import data_dir, load_entries
from tests.conftest import assert_features, make_profile
from tests.test_templates import GENUINE

CTX = Context(as_of="2026-10")
SPAM_FAMILIES = ("scam_lure", "sales_pitch", "networking_boilerplate", "contact_harvest")
HELDOUT = heldout_rows()


def run(message, **overrides):
    invitation = None if message is None else {"message": message, "recipient": {"name": "Ana Lee"}}
    profile = make_profile(invitation=invitation, **overrides) if invitation else make_profile(invitation=None)
    extractor = NoteLanguageExtractor()
    values = extractor.extract(profile, CTX)
    return values, extractor.evidence(profile, values, CTX)


# --------------------------------------------------------------------------------------------------
# The held-out table: new wordings per family


def test_heldout_table_has_five_positives_and_five_negatives_per_spam_family():
    for family in SPAM_FAMILIES:
        labels = [label for _, fam, label, _ in HELDOUT if fam == family]
        assert labels.count(1) >= 5 and labels.count(0) >= 5, family
    assert {fam for _, fam, _, _ in HELDOUT} == set(FAMILIES)


@pytest.mark.parametrize(("hid", "family", "label", "text"), HELDOUT, ids=[row[0] for row in HELDOUT])
def test_family_fires_exactly_on_its_heldout_positives(hid, family, label, text):
    found = find_phrases(clean_note(text), family)
    assert bool(found) == bool(label), (family, found)
    for _, quote in found:  # the evidence quotes the note's own words
        assert " ".join(quote.split()).casefold() in " ".join(clean_note(text).split()).casefold()


@pytest.mark.parametrize(("family", "expected_kind", "note"), [
    # The invitations issue 18 lists as missed by the corpus (similarity 0).
    ("scam_lure", "crypto or forex trading", "Hi Sam, a unique crypto trading opportunity with guaranteed returns"),
    ("scam_lure", "guaranteed or fixed returns", "Hi Sam, a unique crypto trading opportunity with guaranteed returns"),
    ("scam_lure", "fund transfer", "Dear sir, I have a business proposal involving a large fund transfer."),
    ("scam_lure", "passive income", "Want to earn passive income? Work from anywhere. DM me!!!"),
    ("sales_pitch", "offshore development", "We build offshore development teams at 40% lower cost."),
    ("sales_pitch", "a price pitch", "We build offshore development teams at 40% lower cost."),
    ("networking_boilerplate", "mutual benefit", "I'm sure we can mutually benefit from each other's networks."),
    ("networking_boilerplate", "you viewed my profile", "I noticed you viewed my profile! Let's connect"),
    ("networking_boilerplate", "the platform suggested you",
     "LinkedIn recommended you as someone I should connect with"),
])
def test_the_issues_missed_invitations_are_found(family, expected_kind, note):
    assert expected_kind in [kind for kind, _ in find_phrases(clean_note(note), family)]


@pytest.mark.parametrize(("family", "note"), [
    # Ordinary uses of the families' words, found while reviewing the patterns: none is a lure or a pitch.
    ("contact_harvest", "Hi Jo, we overlapped at Acme from 2015 - 2019, great times."),
    ("scam_lure", "Hi Jo, I sent you the photos on WhatsApp, great wedding!"),
    ("scam_lure", "Hi Jo, we spoke on Skype last week about the handover."),
    ("scam_lure", "Hi Jo, good to see you at the LSE investment club dinner."),
    ("scam_lure", "Hi Jo, loved your talk on the council's investment plan."),
    ("networking_boilerplate", "Hi Jo, could you look at my portfolio page before Friday?"),
])
def test_ordinary_uses_of_a_familys_words_do_not_fire(family, note):
    assert find_phrases(clean_note(note), family) == []


# --------------------------------------------------------------------------------------------------
# Personal notes in bulk, and the corpus


@pytest.fixture(scope="module")
def personal() -> list[str]:
    return [text for _, text in personal_notes()] + list(GENUINE)


@pytest.mark.parametrize("family", SPAM_FAMILIES)
def test_spam_family_fires_on_at_most_one_percent_of_personal_notes(personal, family):
    fired = [(note, found) for note in personal if (found := find_phrases(clean_note(note), family))]
    assert len(personal) >= 280
    assert len(fired) <= 0.01 * len(personal), fired


def test_shared_context_fires_on_most_personal_notes_and_almost_no_template(personal):
    fired = sum(bool(find_phrases(clean_note(note), "shared_context")) for note in personal)
    assert fired >= 0.6 * len(personal), fired
    entries = load_entries(data_dir() / "templates.tsv")
    claimed = [(e.id, found) for e in entries if (found := find_phrases(clean_note(e.text), "shared_context"))]
    assert len(claimed) <= 0.01 * len(entries), claimed


def test_spam_families_find_most_scam_and_pitch_templates():
    entries = load_entries(data_dir() / "templates.tsv")
    wanted = {"crypto-scam": "scam_lure", "sales-pitch": "sales_pitch", "growth-hack": "sales_pitch",
              "contact-harvest": "contact_harvest", "generic-networking": "networking_boilerplate"}
    for category, family in wanted.items():
        texts = [e.text for e in entries if e.category == category]
        found = sum(bool(find_phrases(clean_note(t), family)) for t in texts)
        assert found >= 0.5 * len(texts), (category, found, len(texts))


def _all_texts(personal) -> list[str]:
    entries = [e.text for e in load_entries(data_dir() / "templates.tsv")]
    return [clean_note(t) for t in personal + entries + [row[3] for row in HELDOUT]]


def test_a_phrases_cues_never_hide_a_match(personal):
    """A kind's pattern is skipped when the note holds none of its cues: no note may match without one."""
    hidden = []
    for note in _all_texts(personal):
        lowered = note.lower()
        for family, phrases in FAMILIES.items():
            for phrase in phrases:
                if phrase.cues and phrase.pattern.search(note) and not any(c in lowered for c in phrase.cues):
                    hidden.append((family, phrase.kind, note))
    assert hidden == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    ["invest", "crypto", "trading", "guaranteed", "returns", "15-min", "call", "your", "number", "e-mail", "CV",
     "LinkedIn", "suggested", "met", "at", "the", "Lisbon", "summit", "40%", "cheaper", "than", "fund", "transfer",
     "WhatsApp", "on", "mutually", "benefit", "viewed", "my", "profile", "send", "passport", "a", "free", "demo",
     "+44 7700 900123", "jo@x.io", "$500", "per", "day", ",", ".", "!", "Hi", "Ana", "said", "thanks", "for"]),
    max_size=25))
def test_cues_never_hide_a_match_of_random_phrase_soup(words):
    note = clean_note(" ".join(words))
    lowered = note.lower()
    for phrases in FAMILIES.values():
        for phrase in phrases:
            if phrase.cues and phrase.pattern.search(note):
                assert any(c in lowered for c in phrase.cues), (phrase.kind, note)


def _every_cue() -> set[str]:
    return {cue for phrases in FAMILIES.values() for phrase in phrases for cue in phrase.cues}


def test_the_cues_found_in_a_note_are_the_cues_it_holds(personal):
    every_cue = _every_cue()
    for note in _all_texts(personal):
        lowered = note.lower()
        assert _cues_in(lowered) == {cue for cue in every_cue if cue in lowered}, note


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(sorted(_every_cue()) + [
    " ", "  ", "\n", "\t", "\u00a0", "-", ".", "x", "İ", "ß", "o" * MAX_CACHED_WORD, "invest" * 5]), max_size=30)
    .map("".join))
def test_the_cues_found_in_any_text_are_the_cues_it_holds(text):
    """Remembered words (up to MAX_CACHED_WORD characters), longer ones, and cues with a space across words."""
    lowered = text.lower()
    expected = {cue for cue in _every_cue() if cue in lowered}
    assert _cues_in.__wrapped__(lowered) == expected
    assert _cues_in.__wrapped__(lowered) == expected  # again, from the remembered words


def _clean_note_every_step(text: str) -> str:
    """:func:`clean_note` as it was before its shortcuts (every step on every note)."""
    s = _INVISIBLE.sub("", text[:MAX_NOTE_CHARS])
    s = unicodedata.normalize("NFKC", s)[:MAX_NOTE_CHARS].translate(_QUOTES)
    return _SPACES.sub(" ", s).strip()


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["Hi", "I", "ve", "'", "`", "’", "ʼ", "\u200b", "\ufeff", "é", "ﬁ", "Ｆｕｌｌ", " ", "  ", "\n", " \n ", "\t",
     "\u00a0", "\u2028", "\u3000", "\x1c", "a", "."]), max_size=30).map("".join)))
def test_clean_note_skips_only_steps_that_change_nothing(text):
    assert clean_note(text) == _clean_note_every_step(text)


# --------------------------------------------------------------------------------------------------
# Extraction conventions


def test_declared_features_and_directions():
    cls = REGISTRY["note_language"]
    assert cls is NoteLanguageExtractor
    assert cls.directions == {"scam_lure": RAISES, "sales_pitch": RAISES, "networking_boilerplate": RAISES,
                              "contact_harvest": RAISES, "template_likeness": RAISES, "shared_context": LOWERS}


def test_no_invitation_is_unmeasured():
    values, words = run(None)
    assert all(math.isnan(v) for v in values.values())
    assert set(words.values()) == {"no invitation"}


@pytest.mark.parametrize("message", ["", "   ", None])
def test_an_invitation_without_a_note_said_nothing(message):
    profile = make_profile(invitation={"message": message, "recipient": {"name": "Ana Lee"}})
    extractor = NoteLanguageExtractor()
    values = extractor.extract(profile, CTX)
    assert values == dict.fromkeys(extractor.feature_names, 0.0)
    assert all(w.startswith("no note") for w in extractor.evidence(profile, values, CTX).values())


CASES = [
    ("scam", "Hi Ana, a unique crypto trading opportunity with guaranteed returns. Let's talk on WhatsApp!",
     {"scam_lure": 3, "sales_pitch": 0, "contact_harvest": 0, "shared_context": 0}),
    ("pitch-and-contact", "Hi Ana, are you the right person for payroll? Share your mobile number for a 15-min call.",
     {"sales_pitch": 2, "contact_harvest": 1, "scam_lure": 0}),
    ("boilerplate", "LinkedIn suggested you. I'm sure we can mutually benefit, let's grow our networks together!",
     {"networking_boilerplate": 3, "shared_context": 0}),
    ("personal", "Hi Ana, great meeting you at the Toronto HR summit! My colleague Rui says hi.",
     {"scam_lure": 0, "sales_pitch": 0, "networking_boilerplate": 0, "contact_harvest": 0, "shared_context": 2}),
]


@pytest.mark.parametrize(("case", "message", "expected"), CASES, ids=[c[0] for c in CASES])
def test_note_language_table(case, message, expected):
    values, _ = run(message)
    assert_features(values, expected)


def test_a_kind_counts_once_however_often_it_is_repeated():
    once, _ = run("Join my crypto trading group.")
    many, _ = run("Join my crypto trading group. Crypto trading! Bitcoin trading, forex trading, crypto profits.")
    assert once["scam_lure"] == many["scam_lure"] == 1


def test_evidence_quotes_the_phrases_found():
    _, words = run("Hi Ana, a unique crypto trading opportunity with guaranteed returns.")
    assert "'crypto trading opportunity' (crypto or forex trading)" in words["scam_lure"]
    assert "'guaranteed returns' (guaranteed or fixed returns)" in words["scam_lure"]
    assert words["sales_pitch"] == "no sales pitch in the note"


def test_hidden_and_full_width_characters_do_not_hide_a_lure():
    values, _ = run("Ａ ｃｒｙｐｔｏ ｔｒａｄｉｎｇ offer with guaran\u200bteed re\u200dturns")
    assert values["scam_lure"] == 2


def test_template_likeness_is_the_classifiers_score():
    note = "Hi Ana, I have a unique crypto trading opportunity with guaranteed returns."
    values, words = run(note)
    assert values["template_likeness"] == pytest.approx(default_classifier().score(note))
    assert values["template_likeness"] > 0.8 and "template text" in words["template_likeness"]
    personal, _ = run("Hi Ana, thanks for lending me your charger at the Doha airport gate! Coffee next time.")
    assert personal["template_likeness"] < 0.3


def _strongest_words_word_by_word(message, towards, k=3):
    """``_strongest_words`` as it was: each n-gram looked for in each content word in turn, the note read again."""
    words = [w for w in prepare(message).split() if len(w.strip(_PUNCTUATION)) >= 4]
    out = []
    for gram, _ in default_classifier().strongest(message, 30, towards=towards):
        word = next((w.strip(_PUNCTUATION) for w in words if gram in f" {w} "), None)
        if word and word not in out:
            out.append(word)
        if len(out) == k:
            break
    return [clip(w, 24) for w in out]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["guaranteed", "returns!", "(crypto)", "opportunity", "Hi", "Ana,", "met", "at", "the", "summit.", "--", "!!!!",
     "'tis", "you're", "abcd", "é", "😀", "\n", "x" * 30, "investment", "invest-", "network"]),
    max_size=40).map(" ".join)), st.sampled_from([1, -1]))
def test_the_strongest_words_are_those_found_word_by_word(text, towards):
    _reading_by.cache_clear()
    first = _strongest_words(text, towards)
    assert first == _strongest_words_word_by_word(text, towards)
    assert _strongest_words(text, towards) == first  # the reading remembered


@pytest.mark.parametrize("towards", [1, -1])
def test_the_strongest_words_of_real_notes_are_those_found_word_by_word(towards):
    notes = [t for _, t in personal_notes()] + [t for *_, t in HELDOUT] + [e.text for e in load_entries(
        data_dir() / "templates.tsv")] + list(GENUINE)
    assert [_strongest_words(n, towards) for n in notes] == [_strongest_words_word_by_word(n, towards) for n in notes]


def test_the_words_behind_a_reason_reuse_the_reading_of_extraction():
    _reading_by.cache_clear()
    _likeness_by.cache_clear()
    _, words = run("Hi Ana, I have a unique crypto trading opportunity with guaranteed returns.")
    assert "'crypto'" in words["template_likeness"]
    info = _reading_by.cache_info()
    assert (info.misses, info.hits, info.maxsize) == (1, 1, READINGS)


def test_a_retrained_classifier_is_not_answered_from_the_old_ones_readings(monkeypatch):
    # note_classifier.train() swaps the default classifier in the running process; what was remembered of a
    # note under the old one must not answer for the new one (here: the same vocabulary, every weight negated).
    note = "Hi Ana, I have a unique crypto trading opportunity with guaranteed returns."
    shipped = default_classifier()
    before, words_before = run(note)
    retrained = dataclasses.replace(shipped, coef=-shipped.coef, intercept=-shipped.intercept)
    monkeypatch.setattr("fakeprofile.note_classifier.default_classifier", lambda: retrained)
    after, words_after = run(note)
    assert after["template_likeness"] == pytest.approx(retrained.score(note))
    assert after["template_likeness"] == pytest.approx(1 - before["template_likeness"])
    assert "template text" in words_before["template_likeness"]
    assert words_after["template_likeness"] != words_before["template_likeness"]
    monkeypatch.undo()
    assert run(note) == (before, words_before)


# --------------------------------------------------------------------------------------------------
# The sender's own past employers and schools


@pytest.mark.parametrize(("note", "expected"), [
    ("Hi Ana, we overlapped at Itaú back in 2016 on the HR analytics project.", 2),  # "back at" is not used here
    ("Hi Ana, good memories of Universidade de São Paulo!", 1),
    ("Hi Ana, I see you're at Vale like me.", 0),  # Vale is the sender's current employer: no shared past
    ("Hi Ana, hope the project goes well.", 0),
])
def test_naming_the_senders_own_past_employer_or_school_is_a_shared_context(note, expected):
    values, words = run(note)
    assert values["shared_context"] == expected, words["shared_context"]
    if expected:
        assert "the sender's own past employer or school" in words["shared_context"]


@settings(max_examples=150, deadline=None)
@given(place=st.lists(st.sampled_from(["Acme", "acme", "SKY", "ſky", "İnc", "Kilo", "\u212ailo", "Móvil", "&", "Co."]),
                      min_size=1, max_size=3).map(" ".join),
       note=st.lists(st.sampled_from(["acme", "ACME", "sky", "SKY", "ſky", "inc", "ınc", "İnc", "kilo", "\u212aILO",
                                      "MÓVIL", "&", "co.", "Co.", " ", "\n", "-", "at"]), max_size=10).map("".join))
def test_the_cheap_test_before_a_place_pattern_never_hides_a_match(place, note):
    if _place_pattern(place).search(note):
        assert _may_name(note, place)


def test_phrase_patterns_are_compiled_once_when_first_used():
    phrase = Phrase("demo", _any(r"\bbook a demo\b", r"\bfree trial\b"), ("demo", "trial"))
    assert "pattern" not in vars(phrase)
    assert phrase.pattern is phrase.pattern and phrase.pattern.flags & re.IGNORECASE
    assert phrase.pattern.search("Want to BOOK A DEMO?")


def test_a_one_word_employer_must_keep_its_capital():
    experience = [{"title": "Engineer", "company": "Shell", "start": "2015-01", "end": "2019-02"}]
    named, _ = run("Hi Ana, good to find an old friend from Shell here.", experience=experience)
    common_word, _ = run("Hi Ana, I found this shell on the beach near the office.", experience=experience)
    assert named["shared_context"] >= 1 and common_word["shared_context"] == 0


# --------------------------------------------------------------------------------------------------
# Hostile input


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_no_note_breaks_the_phrase_finder(text):
    note = clean_note(text)
    assert len(note) <= MAX_NOTE_CHARS
    for family in FAMILIES:
        for kind, quote in find_phrases(note, family):
            assert kind and quote


@pytest.mark.parametrize("note", [
    "invest " * 800, "a " * 2500, "crypto, " * 600, "+1 " * 1600, "Hi " + "Ana " * 1200 + "said",
    "thanks for the " * 330, "x" * 10_000,
])
def test_adversarial_notes_are_read_in_bounded_time(note):
    profile = Profile.model_validate({"id": "x", "invitation": {"message": note[:10_000]}})
    start = time.process_time()
    NoteLanguageExtractor().extract(profile, CTX)
    assert time.process_time() - start < 1.0

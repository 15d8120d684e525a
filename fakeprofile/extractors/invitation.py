"""Invitation: what the note sent with a connection request says, and how.

The seeds: invitations with no personal note; "LinkedIn suggested you as a marketing leader with whom I
should connect"; "I think we can mutually help each other, let's connect"; "I want to tell you about a
terrific new product"; "What is your PHONE NUMBER?"; "I see your an attorney in New York" sent to someone
who is not a lawyer; a first message that is a sales pitch.

Its known false positives are ``InvitationExtractor.known_false_positives``. Matching uses the template
corpus in :mod:`fakeprofile.templates` (shipped, plus any a user added); with no invitation every feature
is NaN. The note's length is deliberately not a feature: a short note may be a colleague's and a long one
a pitch, and a model given the length learned how long our generator's notes were rather than what they
said.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import string
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fakeprofile.extractors.base import LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.schema import Profile
from fakeprofile.templates import Match, TemplateIndex, default_index, normalize_message

if TYPE_CHECKING:
    from fakeprofile.analysis_spill import AnalysisSpill

PITCH_CATEGORIES = {"sales-pitch", "growth-hack", "crypto-scam", "romance", "contact-harvest"}
GENERIC_CATEGORIES = {"generic-networking", "recruiter-blast"}
#: Template categories of text too common to count as one campaign's, when a note is (nearly) the template
#: itself: a campaign's own text that merely resembles a stock opener still counts.
_COMMON_CATEGORIES = {"platform-default", "generic-networking"}
COMMON_TEXT_SIMILARITY = 0.8

_PITCH_WORDS = re.compile(
    r"\b(product|services?|solutions?|leads?|demo|offer|discount|free|roi|revenue|sales|clients?|customers?|"
    r"grow(?:th)?|boost|scale|quick call|15 minutes|opportunit(?:y|ies)|invest\w*|profit\w*|crypto|bitcoin|"
    r"guarantee\w*|results|agency|outsourc\w*|marketing|seo|pricing|partnership)\b", re.IGNORECASE)
_CONTACT = re.compile(
    r"(phone\s*(?:number|no\.?)|mobile\s*number|your\s+(?:e-?mail|number|contact)|whats\s?app|telegram|signal|"
    r"wechat|skype|https?://|www\.|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\+?\d[\d\s().-]{7,}\d)", re.IGNORECASE)
_CLAIM = re.compile(
    r"\b(?:you(?:'|’)?re|you are|your|as)\s+(?:an?|the)\s+([a-z][a-z-]{2,30})", re.IGNORECASE)
_NOT_ROLES = {"interesting", "great", "good", "amazing", "expert", "leader", "professional", "person", "member",
              "fellow", "inspiration", "asset", "fit", "opportunity", "connection", "fan", "part"}
_EMOJI_CATEGORIES = {"So"}
_LETTER_RUN = re.compile(r"[^\W\d_]+")
#: Normalised notes shorter than this ("hi <name> lets connect") are sent by many people independently,
#: so sharing one is no sign of a campaign.
MIN_CAMPAIGN_CHARS = 40


def _match(message: str, names: tuple[str, ...]) -> Match | None:
    # Extraction, batch counting and evidence all need the match of the same note: read it once.
    return NOTES.read(message, names).match


#: Readings kept (0.28 ms of CPU each to compute, about 0.5 KB each to keep). ``fakeprofile predict`` reads every
#: note in its first pass (the campaign keys) and again when scoring: the first pass's readings are kept on disk
#: for the second (:class:`NoteReadings`), and this cache spares the lookups of notes read recently.
MATCH_CACHE_SIZE = 65_536


def campaign_key(profile: Profile) -> str | None:
    """The note as a campaign sends it (names, numbers and links replaced); None for the platform's default,
    a stock generic opener, or a note too short to tell a campaign from chance."""
    invitation = profile.invitation
    message = (invitation.message or "").strip() if invitation else ""
    if not message:
        return None
    return NOTES.read(message, tuple(_names(profile))).campaign_key


@dataclass(frozen=True)
class NoteReading:
    """What batch counting, extraction and evidence need of one note: its template match and its campaign key."""

    match: Match | None
    campaign_key: str | None

    def to_text(self) -> str:
        """As JSON text (the similarity written as its shortest repr, so read back bit for bit)."""
        match = None if self.match is None else dataclasses.asdict(self.match)
        return json.dumps({"match": match, "campaign_key": self.campaign_key}, separators=(",", ":"))

    @classmethod
    def from_text(cls, text: str) -> NoteReading:
        """The reading :meth:`to_text` wrote."""
        fields = json.loads(text)
        return cls(None if fields["match"] is None else Match(**fields["match"]), fields["campaign_key"])


def _reading(index: TemplateIndex, message: str, names: tuple[str, ...]) -> NoteReading:
    match = index.match(message, names=names)
    # The platform's default and the stock polite openers ("I think we can mutually help each other") are
    # common text that thousands of unrelated people send, genuine people most of all: counting their senders
    # would make every one a "campaign". Their template features measure them. A spam or recruiter text sent
    # from many accounts is a campaign, known to the corpus or not.
    if match is not None and (match.category == "platform-default"
                              or (match.category in _COMMON_CATEGORIES and match.similarity >= COMMON_TEXT_SIMILARITY)):
        return NoteReading(match, None)
    key = normalize_message(message, names=names)
    return NoteReading(match, key if len(key) >= MIN_CAMPAIGN_CHARS else None)


class NoteReadings:
    """Notes read against the template corpus (:class:`NoteReading`), the most recent :data:`MATCH_CACHE_SIZE`
    kept in memory.

    One per process (:data:`NOTES`). A batch read by ``fakeprofile predict`` in two passes (and, with ``--jobs``,
    by other processes in each) would match every note twice: its first pass :meth:`records` every reading,
    which the run keeps on disk (:mod:`fakeprofile.analysis_spill`), and its second :meth:`reads` them back. Both
    are for the thread that runs the pass only (a server's other threads are left alone), and a spill is read only
    for the corpus the run started with (:func:`fakeprofile.templates.default_index` changes when templates are
    added)."""

    def __init__(self, size: int = MATCH_CACHE_SIZE) -> None:
        self._cached = functools.lru_cache(maxsize=size)(self._compute)
        self._pass = threading.local()  # this thread's run: .recorded (a dict) or .spill and .index

    @staticmethod
    def spill_key(message: str, names: tuple[str, ...]) -> str:
        """The key of one note's reading within a run (whose template corpus is one and the same throughout)."""
        return "note:" + hashlib.sha256(json.dumps([message, names]).encode()).hexdigest()

    @contextmanager
    def records(self) -> Iterator[dict[str, NoteReading]]:
        """Within the block, every reading this thread asks for is also put in the dict given, by
        :meth:`spill_key`."""
        recorded: dict[str, NoteReading] = {}
        self._pass.recorded, self._pass.recorded_index = recorded, default_index()
        try:
            yield recorded
        finally:
            del self._pass.recorded, self._pass.recorded_index

    @contextmanager
    def reads(self, spill: AnalysisSpill) -> Iterator[None]:
        """Within the block, a reading that is not in memory is read from ``spill`` before it is computed, as long
        as the corpus is the one of the block's start."""
        self._pass.spill, self._pass.index = spill, default_index()
        try:
            yield
        finally:
            del self._pass.spill, self._pass.index

    def read(self, message: str, names: tuple[str, ...]) -> NoteReading:
        """The (cached) reading of one note (stripped, non-empty) sent to or from ``names``."""
        reading = self._cached(default_index(), message, names)
        recorded = getattr(self._pass, "recorded", None)
        if recorded is not None:
            recorded[self.spill_key(message, names)] = reading
        return reading

    def _compute(self, index: TemplateIndex, message: str, names: tuple[str, ...]) -> NoteReading:
        # Not in memory: read earlier in this chunk of the first pass (not yet on disk), or in an earlier chunk.
        recorded = getattr(self._pass, "recorded", None)
        if recorded is not None and index is not self._pass.recorded_index:
            recorded = None
        spill = getattr(self._pass, "spill", None)
        if spill is not None and index is not self._pass.index:
            spill = None
        if recorded is not None or spill is not None:
            key = self.spill_key(message, names)
            if recorded is not None and key in recorded:
                return recorded[key]
            kept = spill.text(key) if spill is not None else None
            if kept is not None:
                return NoteReading.from_text(kept)
        return _reading(index, message, names)


#: The process's note readings (see :class:`NoteReadings`).
NOTES = NoteReadings()


def _emoji_count(text: str) -> int:
    text = text[:5000]
    if text.isascii():  # no ASCII character is a symbol of _EMOJI_CATEGORIES: most notes need no loop
        return 0
    return sum(1 for ch in text if unicodedata.category(ch) in _EMOJI_CATEGORIES)


_DROP_ASCII_LETTERS = str.maketrans("", "", string.ascii_letters)


def _letters(text: str) -> int:
    """How many characters of ``text`` are letters (``str.isalpha``); in ASCII, those are a-z and A-Z."""
    if text.isascii():
        return len(text) - len(text.translate(_DROP_ASCII_LETTERS))
    return sum(map(str.isalpha, text))


def _shouted_share(text: str) -> float:
    """Share of the note's letters in words written wholly in capitals (4 letters or more, so that "I",
    "HR" and "AWS" do not count): the seeds' "all caps". Sentence capitals and names are not shouting, and a
    note typed all in lower case is not the opposite of it: both measure 0."""
    letters = _letters(text[:5000])
    if not letters:
        return NAN
    shouted = sum(sum(ch.isalpha() for ch in word) for word in _LETTER_RUN.findall(text[:5000])
                  if len(word) >= 4 and word.isupper())
    return shouted / letters


def _names(profile: Profile) -> list[str]:
    recipient = profile.invitation.recipient if profile.invitation else None
    return [n for n in (recipient.name if recipient else None, profile.name) if n]


def claimed_roles(message: str) -> list[str]:
    """Roles the message says the recipient has ("I see you're an attorney" -> ["attorney"])."""
    return [m.group(1).lower() for m in _CLAIM.finditer(message[:5000]) if m.group(1).lower() not in _NOT_ROLES]


_ABSENT_IN_NO_NOTE = ("template_similarity", "platform_default", "pitch_template", "generic_template", "pitch_words",
                      "asks_for_contact", "shouted_share", "exclamations", "emoji", "mentions_recipient",
                      "contradicts_recipient")


@register
class InvitationExtractor(Extractor):
    name = "invitation"
    version = "2.2"
    description = ("the invitation note: templates, pitches, contact requests, shouting, personal touches, and how "
                   "many other profiles in the batch sent the same note")
    known_false_positives = (
        "Real people send the platform's default text (it is its own, weak feature, not \"a template\"), genuine "
        "recruiters and salespeople pitch in their notes, and a short \"Hi, let's connect\" from a colleague is "
        "generic without being fake. Colleagues of one company may send one agreed text, which counts as a "
        "campaign."
    )
    batch_feature = "campaign_senders"
    features = (
        Feature("has_note", LOWERS),
        Feature("template_similarity", RAISES),
        Feature("platform_default", RAISES),
        Feature("pitch_template", RAISES),
        Feature("generic_template", RAISES),
        Feature("pitch_words", RAISES),
        Feature("asks_for_contact", RAISES),
        Feature("shouted_share", RAISES),
        Feature("exclamations", RAISES),
        Feature("emoji", RAISES),
        Feature("mentions_recipient", LOWERS),
        Feature("contradicts_recipient", RAISES),
        Feature("campaign_senders", RAISES),
    )
    # Whether there is a personal note at all is one clue, what a note says another: an invitation without a
    # note also has no pitch words, and summed together the reassuring zeros hid the missing note itself.
    clues = {
        "personal_note": ("has_note", "mentions_recipient"),
        "note_text": ("template_similarity", "platform_default", "pitch_template", "generic_template", "pitch_words",
                      "asks_for_contact", "shouted_share", "exclamations", "emoji", "contradicts_recipient"),
        "campaign": ("campaign_senders",),
    }

    def batch_key(self, profile: Profile, ctx: Context) -> str | None:
        return campaign_key(profile)

    def shares_nothing(self, profile: Profile) -> bool:
        # An invitation with no note, the platform's default or a stock opener is no campaign's.
        return profile.invitation is not None

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        return self._measure(profile)[0]

    def _measure(self, profile: Profile) -> tuple[dict[str, float], Match | None]:
        values = dict.fromkeys(self.feature_names, NAN)
        invitation = profile.invitation
        if invitation is None:
            return values, None
        message = (invitation.message or "").strip()
        values["has_note"] = float(bool(message))
        if not message:
            # An invitation without a note is a measured absence: it matched no template, pitched nothing,
            # asked for nothing, shouted nothing and named no one.
            for feature in _ABSENT_IN_NO_NOTE:
                values[feature] = 0.0
            return values, None
        match = _match(message, tuple(_names(profile)))
        category = match.category if match else None
        values["template_similarity"] = match.similarity if match else 0.0
        values["platform_default"] = float(category == "platform-default")
        values["pitch_template"] = float(category in PITCH_CATEGORIES)
        values["generic_template"] = float(category in GENERIC_CATEGORIES)
        values["pitch_words"] = float(len(_PITCH_WORDS.findall(message[:5000])))
        values["asks_for_contact"] = float(bool(_CONTACT.search(message[:5000])))
        values["shouted_share"] = _shouted_share(message)
        values["exclamations"] = float(message[:5000].count("!"))
        values["emoji"] = float(_emoji_count(message))
        recipient = invitation.recipient
        if recipient and (recipient.name or recipient.company):
            lowered = message[:5000].casefold()
            first = (recipient.name or "").split()[0].casefold() if (recipient.name or "").split() else ""
            company = (recipient.company or "").casefold().strip()
            values["mentions_recipient"] = float(bool((first and first in lowered) or (company and company in lowered)))
        if recipient and recipient.headline:
            roles = claimed_roles(message)
            if roles:
                headline = recipient.headline.casefold()
                values["contradicts_recipient"] = float(any(role not in headline for role in roles))
        return values, match

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        invitation = profile.invitation
        if invitation is None:
            return dict.fromkeys(self.feature_names, "no invitation")
        message = (invitation.message or "").strip()
        if not message:
            # What a note would have said is measured as nothing said: no pitch, no template, no request for
            # contact details. That can reassure, so its words must say why, apart from the missing note itself.
            words = dict.fromkeys(self.feature_names, "no note, so no sales pitch, template text or request for "
                                                      "contact details in one")
            words |= dict.fromkeys(("has_note", "mentions_recipient"), "invitation without a personal note")
            words["campaign_senders"] = "no note to share with other senders"
            return words
        quoted = repr(clip(message))
        match = _match(message, tuple(_names(profile)))  # cached: extraction matched the same note
        if match:
            kind = match.category.replace("-", " ")
            template = f"invitation is {match.similarity:.0%} similar to known {kind} template {match.id!r}"
        else:
            template = f"invitation {quoted} matches no known template"
        if values["asks_for_contact"] == 1:
            template += " and asks for contact details"
        recipient = invitation.recipient
        roles = claimed_roles(message)
        contradiction = "no claim about the recipient to check" if values["contradicts_recipient"] != \
            values["contradicts_recipient"] else (
            f"invitation calls the recipient {', '.join(roles[:2])!r} but their headline is "
            f"{clip(recipient.headline)!r}" if values["contradicts_recipient"] == 1 else
            "what the invitation says about the recipient fits their headline")
        mention = "no recipient name or company to look for" if values["mentions_recipient"] != \
            values["mentions_recipient"] else (
            "invitation mentions the recipient's name or company" if values["mentions_recipient"] == 1 else
            "invitation does not mention the recipient's name or company")
        shout = values["shouted_share"]
        return {
            "has_note": f"invitation note: {quoted}",
            "template_similarity": template,
            "platform_default": template,
            "pitch_template": template,
            "generic_template": template,
            "pitch_words": f"{int(values['pitch_words'])} sales words in the invitation {quoted}",
            "asks_for_contact": "invitation asks for a phone number, e-mail, messenger or link"
            if values["asks_for_contact"] == 1 else "invitation asks for no contact details",
            "shouted_share": "note has no letters to judge" if shout != shout
            else f"{shout:.0%} of the invitation's letters are in words written in capitals",
            "exclamations": f"{int(values['exclamations'])} exclamation marks in the invitation",
            "emoji": f"{int(values['emoji'])} emoji in the invitation",
            "mentions_recipient": mention,
            "contradicts_recipient": contradiction,
            "campaign_senders": _campaign_words(values["campaign_senders"], profile),
        }


def _campaign_words(others: float, profile: Profile) -> str:
    if others != others:
        return "no other profiles scored with it to compare its note with"
    if campaign_key(profile) is None:
        return "the note is too short or too standard to tell a campaign by"
    if others == 0:
        return "no other profile in this batch sent this note"
    return f"{int(others)} other profile(s) in this batch sent the same note (names and numbers aside)"

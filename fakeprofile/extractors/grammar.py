"""Grammar: slips in the invitation note ("I see your an attorney"), quoted.

Seed 004 calls the "your" for "you're" of a cold note a clue: "there is no room for careless mistakes here".
This family counts the slips :func:`fakeprofile.grammar.find_slips` finds in the note (your/you're,
its/it's, then/than, "could of", their/there, a doubled word, no capital after a full stop, a lower-case
"i", a common misspelling) and quotes them in its evidence. The rules and what each is known to flag
wrongly are documented in :mod:`fakeprofile.grammar`.

* ``note_grammar_slips``: how many slips the note holds;
* ``note_slips_per_100_words``: the same per 100 words of the note, so that a long note is not made to
  look careless by its length.

With no invitation both are NaN; an invitation without a note has written nothing, so nothing wrongly:
both are 0 (as the invitation and note-language families do).
"""

from __future__ import annotations

from fakeprofile.extractors.base import NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.grammar import MAX_CHARS, clean, describe, find_slips, word_count
from fakeprofile.schema import Profile

#: Slips quoted in evidence (the rest are counted).
MAX_QUOTED = 3


def _message(profile: Profile) -> str | None:
    """The note's text; "" for an invitation without one; None without an invitation."""
    if profile.invitation is None:
        return None
    return (profile.invitation.message or "")[:MAX_CHARS].strip()


@register
class GrammarExtractor(Extractor):
    name = "grammar"
    version = "1.0"
    description = ("grammar slips in the invitation note: your/you're, its/it's, then/than, 'could of', doubled "
                   "words, a missing capital after a full stop, common misspellings")
    known_false_positives = (
        "Genuine people make these slips too: notes typed on a phone (no capitals, autocorrect's \"its\"), "
        "people writing in a second language, people with dyslexia, and anyone writing quickly. A slip is a weak "
        "clue alone and means something only together with the other families.\n"
        "- The rules are chosen to stay silent on correct English (\"your team\", \"its team\", \"e.g. the\", "
        "\"Mr. Smith\", \"3.5 years\", links, quoted text), but a deliberately all-lower-case note counts one "
        "slip per sentence.\n"
        "- Notes in other languages are read with English rules; those rules need English words, so they rarely "
        "fire, but a doubled word or a lower-case word after a full stop counts in any language."
    )
    features = (
        Feature("note_grammar_slips", RAISES),
        Feature("note_slips_per_100_words", RAISES),
    )
    # One thing a person checks: the slips of the note, counted and per word.
    clues = {"note_grammar": ("note_grammar_slips", "note_slips_per_100_words")}

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        message = _message(profile)
        if message is None:
            return dict.fromkeys(self.feature_names, NAN)
        if not message:
            # An invitation without a note has written nothing, so nothing wrongly: a measured absence.
            return dict.fromkeys(self.feature_names, 0.0)
        slips = find_slips(message)
        if not slips:
            # No slip is 0 per 100 words whatever the count: most notes, spared cleaning and counting the note again.
            return dict.fromkeys(self.feature_names, 0.0)
        words = word_count(clean(message))
        return {
            "note_grammar_slips": float(len(slips)),
            "note_slips_per_100_words": 100.0 * len(slips) / words if words else 0.0,
        }

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        message = _message(profile)
        if message is None:
            return dict.fromkeys(self.feature_names, "no invitation")
        if not message:
            return dict.fromkeys(self.feature_names, "no note, so no grammar slip in one")
        slips = find_slips(message)  # cached: extraction read the same note
        words = word_count(clean(message))
        found = slip_words(slips)
        rate = (f"{len(slips)} grammar slip(s) in {words} words of the note "
                f"({values['note_slips_per_100_words']:.1f} per 100 words)")
        return {
            "note_grammar_slips": found,
            "note_slips_per_100_words": rate + (f": {_quotes(slips)}" if slips else ""),
        }


def _quotes(slips: list[tuple[str, str]]) -> str:
    shown = "; ".join(f"{clip(quote, 40)!r} ({describe(rule, quote)})" for rule, quote in slips[:MAX_QUOTED])
    more = f" and {len(slips) - MAX_QUOTED} more" if len(slips) > MAX_QUOTED else ""
    return shown + more


def slip_words(slips: list[tuple[str, str]]) -> str:
    """The evidence sentence for the slips found: "1 grammar slip in the note: 'your an' (your for you're)"."""
    if not slips:
        return "no grammar slip found in the note"
    noun = "slip" if len(slips) == 1 else "slips"
    return f"{len(slips)} grammar {noun} in the note: {_quotes(slips)}"

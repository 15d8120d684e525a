"""Name: does the "person" carry an organisation's name?

The seeds: "your LinkedIn profile is a company name with a company logo". A personal profile named
"Acme Solutions LLC" is a company posing as a person. Its known false positives are
``NameExtractor.known_false_positives``.
"""

from __future__ import annotations

import re
import unicodedata

from fakeprofile.extractors.base import EITHER, NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.schema import Profile

#: Legal forms and words that name organisations, matched as whole words, case-insensitively.
ORGANISATION_WORDS = (
    "inc", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh", "ag", "sa", "s.a",
    "srl", "s.r.l", "bv", "pvt", "plc", "pty", "group", "solutions", "services", "consulting",
    "consultancy", "technologies", "technology", "tech", "systems", "agency", "enterprises", "holdings",
    "partners", "associates", "international", "global", "media", "marketing", "digital", "studio",
    "labs", "software", "recruitment", "staffing", "academy", "official", "team", "hr",
)
_ORG_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in ORGANISATION_WORDS) + r")\.?(?!\w)",
                     re.IGNORECASE)
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


def organisation_words(name: str) -> list[str]:
    """The organisation words found in a name, in order."""
    return [m.group(1) for m in _ORG_RE.finditer(unicodedata.normalize("NFKC", name))]


@register
class NameExtractor(Extractor):
    name = "name"
    version = "1.1"
    description = "whether the display name looks like an organisation rather than a person"
    known_false_positives = (
        'Sole traders who put their business in their name ("Jane Doe | Doe Consulting"), and names that happen '
        'to contain a keyword ("Tim Group" is rare but possible), which is why each keyword match is shown in '
        "the evidence."
    )
    clues = {"name": ("looks_like_organisation", "name_tokens", "name_has_digits")}
    features = (
        Feature("looks_like_organisation", RAISES),
        Feature("name_tokens", EITHER,
                why="one-word and five-word names are both common across cultures"),
        Feature("name_has_digits", RAISES),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        name = (profile.name or "").strip()
        if not name:
            return self._from_measurements(profile)
        return {
            "looks_like_organisation": float(bool(organisation_words(name))),
            "name_tokens": float(len(_TOKEN_RE.findall(name))),
            "name_has_digits": float(any(ch.isdigit() for ch in name)),
        }

    def _from_measurements(self, profile: Profile) -> dict[str, float]:
        """What a source measured of a name it did not give (the Kaggle Instagram table's word count and digit
        share): the counts, never a guess at the words (whether it reads as an organisation stays unknown)."""
        values = dict.fromkeys(self.feature_names, NAN)
        measured = profile.measured if profile.name is None else None
        if measured is None:
            return values
        if measured.name_words is not None:
            values["name_tokens"] = float(measured.name_words)
        digits = next((m for m in (measured.name_digits, measured.name_digit_share) if m is not None), None)
        if digits is not None:
            values["name_has_digits"] = float(digits > 0)
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        name = (profile.name or "").strip()
        if not name:
            no_name = "no name given"
            words = dict.fromkeys(self.feature_names, no_name)
            if values["name_tokens"] == values["name_tokens"]:
                words["name_tokens"] = (f"the source measured {int(values['name_tokens'])} word(s) in the name "
                                        "(not given)")
            if values["name_has_digits"] == values["name_has_digits"]:
                words["name_has_digits"] = ("the source measured digits in the name (not given)"
                                            if values["name_has_digits"] else
                                            "the source measured no digits in the name (not given)")
            return words
        shown = clip(name)
        words = organisation_words(name)
        return {
            "looks_like_organisation": (
                f"name {shown!r} contains {', '.join(repr(w) for w in words)}, words organisations use"
                if words else f"name {shown!r} reads as a person's name"
            ),
            "name_tokens": f"name {shown!r} has {int(values['name_tokens'])} word(s)",
            "name_has_digits": f"name {shown!r} "
            + ("contains digits" if values["name_has_digits"] else "has no digits"),
        }

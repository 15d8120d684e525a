"""Writing: does the profile's own text read like a language model's (or a template's) polish?

Profiles written by language models (Ayoobi et al. 2023, "The looming threat of fake and LLM-generated
LinkedIn profiles") are complete and plausible; what gives them away is the register: stock phrases of
corporate self-promotion ("passionate about", "proven track record", "spearheaded", "fostering"),
achievements quantified in the same mould ("driving a 25% improvement"), keyword-stacked headlines, and
job descriptions of near-identical length. The phrase list comes from the words reported as over-used in
model-written text (Liang et al. 2024; Kobak et al. 2024) and from LinkedIn's own profile boilerplate,
not from any evaluation data. Its known false positives are ``WritingExtractor.known_false_positives``.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Collection

from fakeprofile.extractors.base import (
    LOWERS,
    NAN,
    RAISES,
    Context,
    Extractor,
    Feature,
    ascii_words,
    clip,
    first_letter_alternation,
    fold_case,
    register,
)
from fakeprofile.schema import Profile

#: Read at most this much of each text (the schema allows 50,000 characters in a summary).
MAX_TEXT = 5000


#: The stock phrases, each a pattern of lower-case letters that starts with a plain letter (see
#: :func:`first_letter_alternation`); a phrase counts where it is a whole word or run of words.
_STOCK_PHRASES = (
    r"passionate (?:about|professional)", r"dedicated to", r"committed to", r"proven track record",
    r"results[- ]driven", r"demonstrated history", r"track record", r"spearhead\w*", r"orchestrat\w*", r"leverag\w*",
    r"foster\w*", r"empower\w*", r"champion\w*", r"drive[sn]? (?:growth|innovation|impact|results)", r"driving \w+",
    r"cross[- ]functional", r"end[- ]to[- ]end", r"data[- ]driven", r"cutting[- ]edge", r"innovative", r"innovation",
    r"synerg\w*", r"holistic", r"seamless\w*", r"meaningful impact", r"measurable (?:business )?(?:impact|results)",
    r"stakeholders?", r"strategic\w*", r"dynamic", r"thought leader\w*", r"like[- ]minded", r"continuous improvement",
    r"delv\w+", r"tapestry", r"pivotal", r"meticulous\w*", r"showcas\w+", r"underscor\w+",
    r"navigat\w+ (?:the )?complex\w*", r"ensuring", r"transformative", r"visionary", r"eager to connect",
    r"always eager", r"sustainable (?:growth|solutions|development)",
)
#: What counts, in the text as written (ignoring case); found with the faster patterns below.
_STOCK = re.compile(r"\b(" + "|".join(_STOCK_PHRASES) + r")\b", re.IGNORECASE)
_QUANTIFIED = re.compile(
    r"\b(?:by|of|a|an)\s+\d{1,3}(?:\.\d)?\s?%|\d{1,3}(?:\.\d)?\s?%\s+(?:increase|improvement|reduction|growth|"
    r"decrease|uplift|boost|rise)", re.IGNORECASE)
# The same patterns matched case-sensitively in fold_case(text), which finds the same matches at the same places:
# what extraction counts and evidence quotes (from the text as written, at those places). A stock phrase starts a
# word and ends with a word character, so instead of "\b" in front each match takes the character before it, which
# is no word character (a space, a line break, punctuation; the text is searched with a space in front for its first
# word): re then skips the word characters in C and tries the phrases only after the others, and as a match ends
# with a word character it never takes the one the next match needs. With the phrases grouped by first letter,
# about twice as fast as the leading "\b".
_STOCK_FOLDED = re.compile(r"\W(?:" + first_letter_alternation(_STOCK_PHRASES) + r")\b")
_QUANTIFIED_FOLDED = re.compile(_QUANTIFIED.pattern)
_HEADLINE_SPLIT = re.compile(r"\s[|•·▪–—]\s|\s\|\s?|\|")
_WORD = re.compile(r"\w+")


def _descriptions(profile: Profile) -> list[str]:
    """The job descriptions that hold more than white space, capped."""
    return [job.description[:MAX_TEXT] for job in profile.experience or () if (job.description or "").strip()]


def _own_text(profile: Profile, descriptions: list[str] | None = None) -> list[str]:
    """Headline, summary and job descriptions that hold more than white space, capped (``descriptions``: those of
    the profile's, when already made)."""
    heads = [p[:MAX_TEXT] for p in (profile.headline or "", profile.summary or "") if p.strip()]
    return heads + (_descriptions(profile) if descriptions is None else descriptions)


def _has_own_text(profile: Profile) -> bool:
    """Whether :func:`_own_text` holds a text, found without making it (a fifth of the cost): ``isspace`` tests the
    characters ``strip`` takes away, and the headline or summary mostly answers."""
    return (any(text and not text.isspace() for text in (profile.headline, profile.summary))
            or any(job.description and not job.description.isspace() for job in profile.experience or ()))


def _word_count(text: str) -> int:
    """How many words ``\\w+`` finds in the text."""
    words = ascii_words(text)
    return len(words) if words is not None else len(_WORD.findall(text))


def _stock_phrases(texts: list[str]) -> list[str]:
    """The stock phrases ``_STOCK`` finds in the texts, in order, each as written and then lower-cased: what
    evidence quotes.

    Found as extract counts them, about four times faster than with ``_STOCK``: ``_STOCK_FOLDED`` in the texts
    joined (see extract), case-folded, with a space in front. fold_case writes one character for each, so with the
    space in front a match, which starts with the character before its phrase, starts where the phrase starts in
    the joined text as written, and ends one character after it.
    """
    own = "\n".join(texts)
    return [own[m.start():m.end() - 1].lower() for m in _STOCK_FOLDED.finditer(" " + fold_case(own))]


def _quantified_claims(description: str) -> int:
    # Every claim holds a "%" (which case folding neither makes nor takes away): most descriptions hold none, and
    # are neither folded nor searched.
    if "%" not in description:
        return 0
    return len(_QUANTIFIED_FOLDED.findall(fold_case(description)))


#: Bits of a square root before it is rounded to a float, as statistics.pstdev computes it (2 * 53 + 3).
_SQRT_BITS = 2 * sys.float_info.mant_dig + 3


def _spread(lengths: list[int]) -> float:
    """``statistics.pstdev(lengths) / statistics.fmean(lengths)`` for whole numbers, to the last bit, at a tenth of
    the cost: pstdev takes the variance exactly, as a fraction in lowest terms, and its square root correctly
    rounded; it spends most of its time in fractions.Fraction, where this uses integers."""
    n, total = len(lengths), sum(lengths)
    squares = n * sum([length * length for length in lengths]) - total * total  # n * n times the variance
    common = math.gcd(squares, n * n)
    # fmean is the float sum over n, which for whole numbers (below 2**53) is total / n.
    return _sqrt_of_fraction(squares // common, n * n // common) / (total / n)


def _sqrt_of_fraction(num: int, den: int) -> float:
    """The square root of num / den, correctly rounded, computed as statistics does it (``_float_sqrt_of_frac``): an
    integer root of at least :data:`_SQRT_BITS` bits, rounded to odd, then one rounding to a float."""
    shift = (num.bit_length() - den.bit_length() - _SQRT_BITS) // 2
    if shift >= 0:
        numerator, denominator = _isqrt_to_odd(num, den << 2 * shift) << shift, 1
    else:
        numerator, denominator = _isqrt_to_odd(num << -2 * shift, den), 1 << -shift
    return numerator / denominator


def _isqrt_to_odd(num: int, den: int) -> int:
    """The square root of num / den rounded down to an integer, and made odd when that dropped something."""
    root = math.isqrt(num // den)
    return root | (root * root * den != num)


def _headline_segments(headline: str) -> int:
    # Every separator holds one of these characters: a headline with none is not split, and is one segment
    # unless it is blank.
    if not any(map(headline.__contains__, "|•·▪–—")):
        return 1 if headline.strip() else 0
    return len([s for s in _HEADLINE_SPLIT.split(headline) if s.strip()])


@register
class WritingExtractor(Extractor):
    name = "writing"
    version = "1.1"
    description = "the register of the profile's own text: stock phrases, templated achievements, uniform descriptions"
    known_false_positives = (
        "Many genuine people write in exactly this register (career coaches, marketers, anyone who polished their "
        "profile with a writing assistant); a high rate is a weak clue alone and means something only together "
        "with the other families."
    )
    clues = {
        "own_text": ("words",),
        "style": ("stock_phrases_per_100_words", "quantified_claims_per_description", "headline_segments",
                  "description_length_spread"),
    }
    features = (
        Feature("words", LOWERS),
        Feature("stock_phrases_per_100_words", RAISES),
        Feature("quantified_claims_per_description", RAISES),
        Feature("headline_segments", RAISES),
        Feature("description_length_spread", LOWERS),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        descriptions = _descriptions(profile)
        texts = _own_text(profile, descriptions)
        if not texts:
            # Every text the profile could have shown empty (no headline, summary or descriptions): no words,
            # measured. A text not given at all leaves the count unknown.
            given = [profile.headline, profile.summary, profile.experience]
            if all(part is not None for part in given) and all(j.description is not None for j in profile.experience):
                values["words"] = 0.0
            return values
        # One search over the texts joined by line breaks counts what a search of each would: neither pattern
        # matches a line break (their gaps are literal spaces), which a word boundary treats as a text's end.
        own = "\n".join(texts)
        words = _word_count(own)
        values["words"] = float(words)
        if words >= 20:
            # The space in front: see _STOCK_FOLDED.
            values["stock_phrases_per_100_words"] = 100.0 * len(_STOCK_FOLDED.findall(" " + fold_case(own))) / words
        if descriptions:
            values["quantified_claims_per_description"] = (
                sum(map(_quantified_claims, descriptions)) / len(descriptions))
        if len(descriptions) >= 2:
            values["description_length_spread"] = _spread([len(d) for d in descriptions])
        if profile.headline and profile.headline.strip():
            values["headline_segments"] = float(_headline_segments(profile.headline[:MAX_TEXT]))
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        return self.evidence_for(profile, values, ctx, self.feature_names)

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        if not _has_own_text(profile):
            return dict.fromkeys(self.feature_names, "the profile has no text of its own (no headline, summary or "
                                                     "job descriptions)")
        words = int(values["words"])
        quantified = values["quantified_claims_per_description"]
        spread = values["description_length_spread"]
        segments = values["headline_segments"]
        out: dict[str, str] = {}
        # The phrases are searched for and quoted only for their feature: the search is most of this method's cost.
        if "stock_phrases_per_100_words" in wanted:
            out["stock_phrases_per_100_words"] = self._stock_evidence(profile, values)
        return out | {
            "words": f"{words} words of the profile's own text",
            "quantified_claims_per_description": "no job descriptions" if quantified != quantified
            else f"{quantified:.1f} percentage achievements ('by 25%') per job description",
            "headline_segments": "no headline" if segments != segments
            else f"headline stacks {int(segments)} keyword segment(s)",
            "description_length_spread": "fewer than two job descriptions to compare" if spread != spread
            else f"job descriptions vary in length by {spread:.0%} (model-written ones are alike)",
        }

    @staticmethod
    def _stock_evidence(profile: Profile, values: dict[str, float]) -> str:
        """The words of stock_phrases_per_100_words: the phrases found, searched for only where extract counted some."""
        rate, words = values["stock_phrases_per_100_words"], int(values["words"])
        if rate != rate:
            return f"too little text ({words} words) to judge its register"
        found = _stock_phrases(_own_text(profile)) if rate != 0 else []
        examples = ", ".join(repr(f) for f in dict.fromkeys(found))
        return (f"{len(found)} stock phrase(s) of corporate self-promotion in {words} words of the profile's own text"
                + (f" ({clip(examples, 80)})" if found else ""))

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

import codecs
import math
import re
import sys
from collections.abc import Collection, Sequence

from fakeprofile.extractors.base import LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, fold_case, register
from fakeprofile.schema import Profile

#: Read at most this much of each text (the schema allows 50,000 characters in a summary).
MAX_TEXT = 5000


def first_letter_alternation(phrases: Sequence[str]) -> str:
    """A pattern matching what ``"|".join(phrases)`` matches, at the same places, but faster to search.

    Every phrase must start with a plain lower-case letter (no quantifier after it). ``re`` skips, in C, every
    position whose character starts none of the alternatives only if each alternative starts with a literal
    character (a group or ``\\b`` in front makes it try every alternative at every position), and it tries a
    literal alternative only where its first character is. So the phrases are grouped behind their first letter,
    each group keeping their order: at any position only the phrases starting with its character can match, so
    the first one that matches there is the same.
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        first, rest = phrase[:1], phrase[1:]
        if not ("a" <= first <= "z") or rest[:1] in ("?", "*", "+", "{"):
            raise ValueError(f"phrase {phrase!r} does not start with a plain lower-case letter")
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


#: Each ASCII byte that ``\w`` matches (letter, digit, underscore) as itself; every other byte as a space.
_ASCII_WORD_BYTES = bytes(b if chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(128)) + b" " * 128
#: Encoding error handler writing each character beyond ASCII as "_" when ``\w`` matches it, else as " ".
_WORD_CLASS = "fakeprofile.word_class"
#: Beyond one character in this many beyond ASCII, the handler's calls cost more than the regular expression.
_MAX_NON_ASCII_SHARE = 64


def _word_class(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    # str.isalnum is what re's \w tests for every character but "_" (which is ASCII).
    return "".join(["_" if c.isalnum() else " " for c in error.object[error.start:error.end]]), error.end


codecs.register_error(_WORD_CLASS, _word_class)


def ascii_words(text: str) -> list[bytes] | None:
    r"""The words ``re.findall(r"\w+", text)`` finds, in order, as ASCII bytes in which each word character
    beyond ASCII is written "_" (so a word holding one equals no word of ASCII letters); None when more than one
    character in :data:`_MAX_NON_ASCII_SHARE` is beyond ASCII (Cyrillic, Arabic, Chinese text), where the
    regular expression is faster.

    Two to four times faster than the regular expression on profile text: the bytes are translated and split in
    C, without a match object per word; the few characters beyond ASCII (bullets, dashes, accented letters) are
    classified one by one.
    """
    if not text.isascii() and (len(text) - len(text.encode("ascii", "ignore"))) * _MAX_NON_ASCII_SHARE > len(text):
        return None
    return text.encode("ascii", _WORD_CLASS).translate(_ASCII_WORD_BYTES).split()


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
#: What evidence quotes, as written in the text.
_STOCK = re.compile(r"\b(" + "|".join(_STOCK_PHRASES) + r")\b", re.IGNORECASE)
_QUANTIFIED = re.compile(
    r"\b(?:by|of|a|an)\s+\d{1,3}(?:\.\d)?\s?%|\d{1,3}(?:\.\d)?\s?%\s+(?:increase|improvement|reduction|growth|"
    r"decrease|uplift|boost|rise)", re.IGNORECASE)
# The same patterns matched case-sensitively in fold_case(text), which finds the same matches: what extraction
# counts (evidence quotes the text as written, with the patterns above). A stock phrase starts a word and ends
# with a word character, so instead of "\b" in front each match takes the character before it, which is no word
# character (a space, a line break, punctuation; the text is searched with a space in front for its first word):
# re then skips the word characters in C and tries the phrases only after the others, and as a match ends with a
# word character it never takes the one the next match needs. With the phrases grouped by first letter, about
# twice as fast as the leading "\b".
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


def _word_count(text: str) -> int:
    """How many words ``\\w+`` finds in the text."""
    words = ascii_words(text)
    return len(words) if words is not None else len(_WORD.findall(text))


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
        texts = _own_text(profile)
        if not texts:
            return dict.fromkeys(self.feature_names, "the profile has no text of its own (no headline, summary or "
                                                     "job descriptions)")
        rate = values["stock_phrases_per_100_words"]
        # The search is most of this method's cost; extract already counted none when the rate is 0, and the
        # phrases are quoted only for that feature.
        searched = rate != 0 and "stock_phrases_per_100_words" in wanted
        found = [m.group(0).lower() for t in texts for m in _STOCK.finditer(t)] if searched else []
        examples = ", ".join(repr(f) for f in dict.fromkeys(found))
        words = int(values["words"])
        stock = (f"{len(found)} stock phrase(s) of corporate self-promotion in {words} words of the profile's own "
                 f"text" + (f" ({clip(examples, 80)})" if found else "")) if rate == rate else \
            f"too little text ({words} words) to judge its register"
        quantified = values["quantified_claims_per_description"]
        spread = values["description_length_spread"]
        segments = values["headline_segments"]
        stock_words = {"stock_phrases_per_100_words": stock} if "stock_phrases_per_100_words" in wanted else {}
        return stock_words | {
            "words": f"{words} words of the profile's own text",
            "quantified_claims_per_description": "no job descriptions" if quantified != quantified
            else f"{quantified:.1f} percentage achievements ('by 25%') per job description",
            "headline_segments": "no headline" if segments != segments
            else f"headline stacks {int(segments)} keyword segment(s)",
            "description_length_spread": "fewer than two job descriptions to compare" if spread != spread
            else f"job descriptions vary in length by {spread:.0%} (model-written ones are alike)",
        }


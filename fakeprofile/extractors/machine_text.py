"""Machine text: does the profile's own text carry the marks of a language model or an unfilled template?

Persona farms now write profiles with language models (Ayoobi et al. 2023, "The looming threat of fake and
LLM-generated LinkedIn profiles"; Gulati et al. 2025, "Weak Links in LinkedIn"). The text reads fluently, so
this family looks for what fluency leaves behind, each measured over the profile's own text (headline,
summary, job descriptions; for leftovers also job titles and employers) and each unknown (NaN) when that text
was not given at all, because an absent text is no evidence either way. Its known false positives are
``MachineTextExtractor.known_false_positives``.

Excess vocabulary (``excess_words_per_100_words``, +1)
    Words whose frequency jumped when LLM writing spread. The list is :data:`EXCESS_WORDS`, kept here and
    nowhere else. Sources: Kobak, González-Márquez, Horvát and Lause 2024, "Delving into ChatGPT usage in
    academic writing through excess vocabulary" (arXiv:2406.07016; the 900 excess words of 2013-2024 with their
    annotations are ``results/excess_words.csv`` of github.com/berenslab/chatgpt-excess-words), and Liang et
    al. 2024, "Monitoring AI-Modified Content at Scale" (arXiv:2403.07183; Fig. 1: commendable, innovative,
    meticulous, intricate, notable, versatile). Kobak's words were measured on PubMed abstracts, so the list
    here is a hand selection by the rules below, not tuned on any profile data: from the words Kobak annotates
    *non-content* (style, not topic) it keeps the LLM-era style words, and leaves out, on purpose:

    - words that are the writing extractor's stock phrases already (``writing._STOCK``: delve, tapestry,
      pivotal, meticulous, showcasing, underscores, leverage, fostering, empower, orchestrate, seamless,
      strategic(ally), transformative, innovative, ensuring), so that one word never moves two features; a test
      keeps the two lists disjoint;
    - action verbs that résumé guides recommended long before 2022 (enhance, streamline, optimise,
      facilitate, utilise, demonstrate, surpass, exceptional, impactful): a genuine CV is full of them;
    - words whose excess is a small rise of an already common word (across, within, potential, insights,
      significant, various, diverse, valuable, particularly, findings): they are common in any professional
      text, so per profile they are noise; and words of the COVID years (amid, amidst, posed) that are not
      about LLMs at all.

    The words are those of 2023-2024 chat models; other models and later ones favour other words, so a zero
    rate is no sign of human writing (the GPT-4 personas of Ayoobi et al. use hardly any of them). The rate is
    per 100 words with the denominator floored at :data:`MIN_RATE_WORDS`, so one listed word in a
    six-word headline counts as a little, not as 17 per 100.

Boilerplate openers and closers (``boilerplate_phrases``, +1)
    The frames LLM profile text is built on: "As a dedicated ...", "With a proven ...", "In today's fast-paced
    ...", "I am passionate about ...", "I thrive in ...", "at the intersection of", "a testament to",
    "Let's connect". Curated from the phrases the Wikipedia guide "Signs of AI writing" (WikiProject AI
    Cleanup) lists and from the register Ayoobi et al. describe, not from any evaluation data. "Skilled in"
    counts only where a sentence starts with it, as in LinkedIn's suggested summary. A count per profile.
    Two frames contain words the writing extractor counts on their own ("I am passionate about", "with a
    proven track record"); they are kept because the frame, not the word, is the clue, and adjectives that are
    writing's stock words (dynamic, results-driven, visionary) are left out of the frames.

Leftovers (``placeholders``, +1, strong)
    Text a generator was meant to fill or a chatbot left in: "[First Name]", "[Company]", "<Your Name>",
    "{name}", "XYZ Corp", "Lorem ipsum", "As an AI language model", "as of my last knowledge update", "I hope
    this helps", "Feel free to customize" (the chatbot leftovers are among the Wikipedia guide's signs). A
    person writing their own profile has no reason to type any of them. Bracketed words a scraper writes
    ("[email protected]", "[link]") are not placeholders and are not matched. A count.

Literal empty structures (``empty_literals``, +1)
    A headline, summary, job title, employer or description whose whole value is ``{}``, ``[]``, ``N/A``,
    ``null``, ``None``, ``undefined``, ``NaN`` or ``[object Object]``: a script's output pasted as it came.
    A count of such fields.

Round counts (``round_counts``, +1, weak)
    Connection and follower counts below the 500 display cap that are positive multiples of 25 (350, 375,
    400): a model asked to invent a count picks a round one. It is weak evidence and the model should learn
    that: if genuine counts are spread evenly, one in 25 (4%) is a multiple of 25 by chance, so even if every
    invented count were round the likelihood ratio of one round count is at most 25, and in practice far less
    (people, and fakes copying real profiles, do not all round). Counts of 500 or more are not judged: LinkedIn
    shows "500+" there, and 500 itself is the cap, not a choice. The value is how many of the two counts are
    round (0, 1 or 2); NaN when neither count is given below 500.

Uniformity (``sentence_length_variation``, -1)
    How much sentence lengths (in words) vary across the summary and job descriptions: their coefficient of
    variation (standard deviation over mean). People's sentences are bursty, a long one after a fragment;
    model text is even (Muñoz-Ortiz, Gómez-Rodríguez and Vilares 2023, "Contrasting Linguistic Patterns in
    Human and LLM-Generated News Text", find human sentence lengths more scattered; GPTZero's "burstiness"
    is the same idea). This measures sentences, not whole descriptions, so it does not repeat the writing
    extractor's ``description_length_spread``. NaN below :data:`MIN_SENTENCES` sentences: a spread of
    three numbers is mostly chance.

Everything is computed from the text itself with precompiled regular expressions; nothing is fetched or
downloaded. Each text is read up to :data:`MAX_TEXT` characters, as in the writing extractor.
"""

from __future__ import annotations

import math
import re
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
    register,
)
from fakeprofile.schema import Profile

#: Read at most this much of each text (the schema allows 50,000 characters in a summary), as writing.py does.
MAX_TEXT = 5000
#: The excess-vocabulary rate divides by at least this many words, so a short headline cannot score high.
MIN_RATE_WORDS = 25
#: Fewer sentences than this leave the sentence-length variation unmeasured.
MIN_SENTENCES = 5
#: Counts at or above this are shown as "500+" and are not judged for roundness.
DISPLAY_CAP = 500
ROUND_STEP = 25

#: Words whose use rose sharply with LLM writing (module docstring: sources, and what was left out and why).
#: K: Kobak et al. 2024, non-content excess words; L: Liang et al. 2024, Fig. 1 adjectives.
EXCESS_WORDS: frozenset[str] = frozenset({
    # K
    "additionally", "adept", "akin", "bolster", "bolstered", "bolstering", "bolsters", "burgeoning",
    "commendable", "compelling", "comprehensive", "crafting", "crucial", "culminating", "delineates",
    "elevates", "elevating", "elucidate", "elucidates", "elucidating", "encompass", "encompassed",
    "encompasses", "encompassing", "endeavors", "endeavours", "excels", "formidable", "foundational",
    "garnered", "groundbreaking", "groundwork", "harness", "harnesses", "harnessing", "heightened", "imperative",
    "inherent", "interconnectedness", "interplay", "intricacies", "intricate", "intricately", "intriguing",
    "invaluable", "multifaceted", "necessitate", "necessitates", "necessitating", "notable", "notably",
    "noteworthy", "nuanced", "nuances", "paving", "pioneering", "poised", "propelling", "realm", "realms",
    "remarkable", "renowned", "revolutionize", "revolutionizing", "revolutionise", "revolutionising",
    "scrutinize", "scrutinizing", "swift", "thereby", "uncharted", "unraveling", "unravelling", "unveil",
    "unveiled", "unveiling", "unveils", "uphold", "upholding", "versatility",
    # L (commendable, intricate and notable are Kobak's too; innovative and meticulous are writing's)
    "versatile",
})

# The frames, each starting with a plain lower-case letter and without a leading \b: searched as
# first_letter_alternation(_BOILERPLATE_FRAMES), re skips the positions whose character cannot start any of them,
# and the left word boundary is checked on the (rare) matches instead (_boilerplate).
_DRIVEN_BY = r" by (?:a|my) (?:deep |genuine |strong |lifelong )?(?:passion|commitment|desire|curiosity)\b"
_BOILERPLATE_FRAMES = (
    r"as an? (?:dedicated|passionate|seasoned|results[- ]oriented|highly (?:motivated|skilled|experienced|"
    r"accomplished)|detail[- ]oriented|driven|accomplished|proactive|enthusiastic|forward[- ]thinking)\b",
    r"with an? (?:proven|strong|solid|deep|rich|robust|diverse|unique) (?:track record|history|background|"
    r"foundation|understanding|expertise|passion|blend)\b",
    r"in today'?s (?:fast[- ]paced|ever[- ]changing|ever[- ]evolving|rapidly (?:evolving|changing)|"
    r"competitive|digital|interconnected) (?:world|landscape|environment|era|business|market)\b",
    r"in the (?:ever[- ]evolving|ever[- ]changing|rapidly evolving|fast[- ]paced) (?:world|landscape|field|"
    r"realm|industry)\b",
    r"i(?: am|'m) (?:deeply |truly )?passionate about\b",
    r"i thrive (?:in|on|at|when|where)\b",
    r"driven" + _DRIVEN_BY, r"fuell?ed" + _DRIVEN_BY,
    r"at the intersection of\b",
    r"a (?:unique |rare )?blend of\b",
    r"a wealth of (?:experience|knowledge|expertise)\b",
    r"stands as a testament to\b", r"is a testament to\b",
    r"believe in the power of\b",
    r"let'?s connect\b", r"looking forward to connecting\b", r"open to connecting\b",
    r"skilled in\b",
)
_BOILERPLATE = re.compile(first_letter_alternation(_BOILERPLATE_FRAMES))
#: The one frame that must start a sentence rather than a word.
_SKILLED_IN = "skilled in"
#: What ends a sentence before "Skilled in" (or the start of a field).
_SENTENCE_ENDS = frozenset(".!?•|\n")

_PLACEHOLDER = re.compile(
    r"[\[<{]{1,2} ?(?:your|insert|first|last|full|company|employer|organi[sz]ation|job|position|role|title|"
    r"name|industry|city|location|university|school|degree|number|years?|date|x{1,3}\b)[^\]>}\n]{0,40}[\]>}]{1,2}"
    # ... or a short bracketed label whose last word is a template noun: "[Client Name]", "[Previous Company]".
    r"|[\[<{]{1,2} ?(?:[a-z]+ ){1,3}(?:name|company|employer|client|project|field|industry|role|title|school|"
    r"university|city|country|metric|percentage|achievement|skill|product|team)[\]>}]{1,2}"
    r"|[\[<{]{1,2} ?(?:field|client|project|metric|percentage|achievement|skill|product)[\]>}]{1,2}"
    r"|\blorem ipsum\b"
    r"|\b(?:xyz|abc) (?:corp(?:oration)?|company|inc|ltd|llc|industries|solutions|enterprises|technologies)\b"
    r"|\bas an ai(?: language)? model\b"
    r"|\bi hope this helps\b"
    r"|\bas of my (?:last )?(?:knowledge|training) (?:update|cutoff|cut-off)\b"
    r"|\bfeel free to (?:customi[sz]e|adjust|tailor|modify|edit) (?:this|it|the)\b"
    r"|\bhere(?: is|'s) (?:a |an |your )(?:revised |polished |updated |rewritten |professional |improved )?"
    r"(?:linkedin )?(?:summary|bio|headline|about section|profile)\b"
)
#: Every match of _PLACEHOLDER contains one of these; a text with none is not searched (most texts) ...
_PLACEHOLDER_ANCHORS = ("[", "<", "{", "lorem ipsum", "xyz ", "abc ", "as an ai", "hope this helps", "as of my",
                        "here is", "here's")
#: ... or one of these, "feel free to" with the first letter of each verb the pattern takes after it (profiles often
#: say "feel free to reach out", and the search costs about 100 µs).
_FEEL_FREE_TO = ("feel free to c", "feel free to a", "feel free to t", "feel free to m", "feel free to e")

#: The whole value of a text field when a script wrote an empty structure instead of leaving it empty.
EMPTY_LITERALS: frozenset[str] = frozenset({
    "{}", "[]", "()", '""', "''", "n/a", "null", "none", "undefined", "nan", "nil", "[object object]",
})
_LONGEST_LITERAL = max(map(len, EMPTY_LITERALS))

_WORD = re.compile(r"\w+")
#: EXCESS_WORDS as ascii_words gives words (they are all ASCII).
_EXCESS_BYTES = frozenset(word.encode("ascii") for word in EXCESS_WORDS)
# A sentence ends at . ! or ? not followed by a letter or digit (so "3.5" and "node.js" stay whole), and at a
# line break or a bullet (with a "- " or "* " bullet after a line break, which is no word). One character class
# first lets the engine skip the text between them quickly.
_SENTENCE_END = re.compile(r"[.!?\n•▪●◦](?:(?<=[.!?])(?!\w)|(?<![.!?])(?:[ \t]*[-*–](?=\s))?)")


def _prose(profile: Profile) -> list[str] | None:
    """Headline, summary and job descriptions given (possibly empty), capped; None when none was given."""
    parts = [profile.headline, profile.summary] + [job.description for job in profile.experience or ()]
    given = [p[:MAX_TEXT] for p in parts if p is not None]
    return given if given else None


def _labels(profile: Profile) -> list[str] | None:
    """Job titles and employers given, capped (searched for placeholders only); None when none was given."""
    parts = [part for job in profile.experience or () for part in (job.title, job.company)]
    given = [p[:MAX_TEXT] for p in parts if p is not None]
    return given if given else None


def _fields(profile: Profile) -> list[tuple[str, str]]:
    """(field, value) for every headline, summary, job title, employer and description given."""
    fields = [("headline", profile.headline), ("summary", profile.summary)]
    for job in profile.experience or ():
        fields += [("job title", job.title), ("employer", job.company), ("job description", job.description)]
    return [(name, value) for name, value in fields if value is not None]


def _is_empty_literal(value: str) -> bool:
    # Only short values can be literals: checking the length first keeps long texts from being lower-cased.
    return len(value) <= _LONGEST_LITERAL + 8 and value.strip().lower() in EMPTY_LITERALS


def _lower(texts: list[str]) -> str:
    """One lower-cased text to search (curly apostrophes made straight, fields kept apart by newlines)."""
    return "\n".join(texts).lower().replace("’", "'")


def _boilerplate(text: str) -> list[str]:
    """The boilerplate phrases in a lower-cased text, each starting a word ("Skilled in": a sentence)."""
    found = []
    for match in _BOILERPLATE.finditer(text):
        start = match.start()
        if match.group(0) == _SKILLED_IN:
            before = text[:start].rstrip(" \t")
            if before and before[-1] not in _SENTENCE_ENDS:
                continue
        elif start and (text[start - 1].isalnum() or text[start - 1] in "_'"):
            continue
        found.append(match.group(0))
    return found


def _excess_rate(text: str) -> float:
    """Excess words per 100 words of a lower-cased text, the words floored at :data:`MIN_RATE_WORDS`."""
    words, excess = ascii_words(text), _EXCESS_BYTES
    if words is None:  # mostly beyond ASCII: the regular expression is faster
        words, excess = _WORD.findall(text), EXCESS_WORDS
    # Most texts hold none: isdisjoint says so in C.
    hits = 0 if excess.isdisjoint(words) else sum(map(excess.__contains__, words))
    return 100.0 * hits / max(len(words), MIN_RATE_WORDS)


def _excess_words(text: str) -> tuple[list[str], int]:
    """The excess words of a lower-cased text, in order, and how many words it has (as :func:`_excess_rate` reads
    them)."""
    words = ascii_words(text)
    if words is None:  # mostly beyond ASCII: the regular expression is faster
        words = _WORD.findall(text)
        return [word for word in words if word in EXCESS_WORDS], len(words)
    if _EXCESS_BYTES.isdisjoint(words):
        return [], len(words)
    return [word.decode("ascii") for word in words if word in _EXCESS_BYTES], len(words)


def _placeholders(text: str) -> list[str]:
    """The placeholders and chatbot leftovers in a lower-cased text."""
    if not (any(map(text.__contains__, _PLACEHOLDER_ANCHORS))
            or "feel free to " in text and any(map(text.__contains__, _FEEL_FREE_TO))):
        return []
    return _PLACEHOLDER.findall(text)


def _sentence_lengths(profile: Profile) -> list[int] | None:
    """Words in each sentence of the summary and job descriptions; None when neither was given."""
    return _sentence_lengths_in(_prose(profile), profile.headline is not None)


def _sentence_lengths_in(prose: list[str] | None, headline_given: bool) -> list[int] | None:
    """:func:`_sentence_lengths` from the profile's :func:`_prose`: all of it but the headline (its first text, when
    given)."""
    given = (prose or [])[1:] if headline_given else (prose or [])
    if not given:
        return None
    return [n for n in map(len, map(str.split, _SENTENCE_END.split("\n".join(given)))) if n]


def _variation(lengths: list[int]) -> float:
    """Coefficient of variation (population standard deviation over mean) of positive numbers."""
    mean = sum(lengths) / len(lengths)
    return math.sqrt(sum([(n - mean) ** 2 for n in lengths]) / len(lengths)) / mean


def _round(count: int | None) -> bool | None:
    """Whether a count is a positive multiple of 25 below the cap; None when it is unknown or not judged."""
    if count is None or count >= DISPLAY_CAP:
        return None
    return count > 0 and count % ROUND_STEP == 0


def _quotes(found: list[str], limit: int = 160) -> str:
    return clip(", ".join(repr(f) for f in dict.fromkeys(found)), limit)


@register
class MachineTextExtractor(Extractor):
    name = "machine_text"
    version = "1.0"
    description = ("marks machine-written text leaves in a profile: LLM-era vocabulary, boilerplate frames, unfilled "
                   "placeholders, empty-structure literals, round invented counts, uniform sentences")
    known_false_positives = (
        "- Genuine people who had a chatbot or writing assistant polish their profile: this family finds machine "
        "text, not a fake person, and is meant to count only together with the other families.\n"
        "- People whose formal English comes from academic or non-native training use 'notably', 'crucial', "
        "'comprehensive' more; the list leaves out words common in any professional text, and the rate is per "
        "100 words with a floor so one word in a short text counts little.\n"
        "- Many genuine people kept LinkedIn's own suggested summary ('Skilled in ...') or write 'Let's "
        "connect'; each such phrase is weak alone.\n"
        "- A data export that writes 'N/A', 'null' or '{}' for missing fields makes every profile from it look "
        "templated: that is the collection, not the person (check a source before trusting empty_literals).\n"
        "- One genuine count in 25 is a multiple of 25 by chance, so round_counts is weak evidence.\n"
        "- Bulleted descriptions of similar items have even sentence lengths; the variation needs five sentences."
    )
    clues = {
        "llm_style": ("excess_words_per_100_words", "boilerplate_phrases", "sentence_length_variation"),
        "template_leftovers": ("placeholders", "empty_literals"),
        # A round count is a property of the count: one clue with it, not a second clue from the same field.
        "connections.connections": ("round_counts",),
    }
    features = (
        Feature("excess_words_per_100_words", RAISES),
        Feature("boilerplate_phrases", RAISES),
        Feature("placeholders", RAISES),
        Feature("empty_literals", RAISES),
        Feature("round_counts", RAISES),
        Feature("sentence_length_variation", LOWERS),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        prose = _prose(profile)
        labels = _labels(profile)
        text = _lower(prose) if prose is not None else ""
        if prose is not None:
            values["excess_words_per_100_words"] = _excess_rate(text)
            values["boilerplate_phrases"] = float(len(_boilerplate(text)))
        if prose is not None or labels is not None:
            searched = text if labels is None else text + "\n" + _lower(labels)
            values["placeholders"] = float(len(_placeholders(searched)))
            values["empty_literals"] = float(sum(map(_is_empty_literal, (prose or []) + (labels or []))))
        rounds = [r for r in (_round(profile.connections), _round(profile.followers)) if r is not None]
        if rounds:
            values["round_counts"] = float(sum(rounds))
        lengths = _sentence_lengths_in(prose, profile.headline is not None)
        if lengths is not None and len(lengths) >= MIN_SENTENCES:
            values["sentence_length_variation"] = _variation(lengths)
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        return self.evidence_for(profile, values, ctx, self.feature_names)

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        # Each block reads the text again: only the blocks of the features asked for, and no search for what
        # extract counted none of (most profiles): there is nothing to quote. Every block but the round counts' reads
        # the prose, made only for them.
        prose = _prose(profile) if any(feature != "round_counts" for feature in wanted) else None
        out: dict[str, str] = {}
        if not {"excess_words_per_100_words", "boilerplate_phrases"}.isdisjoint(wanted):
            out |= self._style_evidence(prose, values, wanted)
        if not {"placeholders", "empty_literals"}.isdisjoint(wanted):
            out |= self._leftover_evidence(profile, prose, values, wanted)
        if "round_counts" in wanted:
            out["round_counts"] = self._round_evidence(profile)
        if "sentence_length_variation" in wanted:
            lengths = _sentence_lengths_in(prose, profile.headline is not None)
            out["sentence_length_variation"] = self._spread_evidence(lengths, values["sentence_length_variation"])
        return out

    @staticmethod
    def _style_evidence(prose: list[str] | None, values: dict[str, float], wanted: Collection[str]) -> dict[str, str]:
        """The words of excess_words_per_100_words and boilerplate_phrases (those wanted); the phrases searched for
        only where extract counted some."""
        if prose is None:
            return dict.fromkeys(("excess_words_per_100_words", "boilerplate_phrases"),
                                 "no headline, summary or job description was given")
        out: dict[str, str] = {}
        if "excess_words_per_100_words" in wanted:
            found, words = _excess_words(_lower(prose))
            out["excess_words_per_100_words"] = (
                f"{len(found)} word(s) whose use rose sharply with LLM writing in {words} words of own text"
                + (f": {_quotes(found)}" if found else ""))
        if "boilerplate_phrases" in wanted:
            phrases: list[str] = []
            if values["boilerplate_phrases"]:
                phrases = [p.strip() for p in _boilerplate(_lower(prose))]
            out["boilerplate_phrases"] = (
                f"{len(phrases)} stock opener/closer phrase(s) of machine-written profiles"
                + (f": {_quotes(phrases)}" if phrases else ""))
        return out

    @staticmethod
    def _leftover_evidence(profile: Profile, prose: list[str] | None, values: dict[str, float],
                           wanted: Collection[str]) -> dict[str, str]:
        """The words of placeholders and empty_literals (those wanted), searched only where extract counted some."""
        labels = _labels(profile)
        if prose is None and labels is None:
            return dict.fromkeys(("placeholders", "empty_literals"), "no headline, summary or job text was given")
        out: dict[str, str] = {}
        if "placeholders" in wanted:
            leftovers: list[str] = []
            if values["placeholders"]:
                leftovers = _placeholders(_lower((prose or []) + (labels or [])))
            out["placeholders"] = (
                f"{len(leftovers)} unfilled placeholder(s) or chatbot leftover(s)"
                + (f": {_quotes(leftovers)}" if leftovers else ""))
        if "empty_literals" in wanted:
            literal: list[str] = []
            if values["empty_literals"]:
                literal = [f"{name} {value.strip()!r}" for name, value in _fields(profile) if _is_empty_literal(value)]
            out["empty_literals"] = (
                f"{len(literal)} text field(s) holding only an empty-structure literal"
                + (f": {clip(', '.join(literal), 160)}" if literal else ""))
        return out

    @staticmethod
    def _round_evidence(profile: Profile) -> str:
        shown = [(what, n) for what, n in (("connections", profile.connections), ("followers", profile.followers))
                 if n is not None]
        if not shown:
            return "connection and follower counts unknown"
        judged = [(what, n) for what, n in shown if n < DISPLAY_CAP]
        counts = ", ".join(f"{n:,} {what}" for what, n in shown)
        if not judged:
            return f"{counts}: at or above the {DISPLAY_CAP} display cap, not judged"
        round_ones = [f"{n:,} {what}" for what, n in judged if _round(n)]
        if not round_ones:
            return f"{counts}: none below {DISPLAY_CAP} is a multiple of {ROUND_STEP}"
        verb = "is a multiple" if len(round_ones) == 1 else "are multiples"
        return (f"{' and '.join(round_ones)} {verb} of {ROUND_STEP}, as invented counts tend to be (about 1 genuine "
                f"count in {ROUND_STEP} is too, so this is weak alone)")

    @staticmethod
    def _spread_evidence(lengths: list[int] | None, spread: float) -> str:
        if lengths is None:
            return "no summary or job description was given"
        if spread != spread:
            return (f"too few sentences ({len(lengths)}) in the summary and job descriptions to measure how much "
                    f"their lengths vary (needs {MIN_SENTENCES})")
        return (f"{len(lengths)} sentences of {min(lengths)}-{max(lengths)} words (mean "
                f"{sum(lengths) / len(lengths):.1f}, variation {spread:.2f}; the lower, the more evenly they run, as a "
                f"model's do)")

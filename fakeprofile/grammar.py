"""Grammar slips: a small offline rule set for the mistakes careless cold notes are known for.

Seed 004 quotes an invitation saying "I see your an attorney in New York. Excited to learn more about what
your up to professionally" and calls the two "your" for "you're" a clue ("there is no room for careless
mistakes here"). This module finds such slips in a short text and quotes each one.

It is not a grammar checker. Each rule is a handful of word sequences that are almost never correct
English, so that a correct note, however informal, yields nothing: precision first, recall second. A slip
the rules miss costs a clue; a slip found in a correct note would make a careful genuine sender look fake.

The rules (:data:`RULES`, in this order; each entry's docstring-like ``doc`` says the same in the code):

``your_youre``
    "your" for "you're" before words a possessive cannot take: an article ("your an attorney", "your the
    best"), "your welcome" ending a clause, "your not", "your interested", "your up to", "your going to",
    "your able to", "your based in", "your looking for", "your doing great", "your right about",
    "your probably"; and "you're" for "your" before a noun ("you're profile", "you're own").
    *Reliable because* "your" is a determiner: it is followed by a noun phrase, never by an article, a
    participle of a progressive or a predicate adjective. *Known false positives*: gerunds after a
    possessive ("thanks for your going to all that trouble"), "your welcome" as a noun before punctuation
    ("thanks for your welcome!"); both are rare in notes.
``its_its``
    "its" for "it's" before an article, "been", "not", "going to", "so", "ok", and "it's/its + great/good/
    nice/hard/easy/important/possible/clear + to/that"; "it's own" for "its own".
    *Reliable because* possessive "its" is followed by a noun phrase ("its team", "its very existence",
    "its true cost", "its hard drive"), never by an article or an auxiliary; adjectives that can follow
    the possessive only count with a following "to" or "that". *Known false positives*: "its not
    inconsiderable budget" (possessive before a negated adjective).
``then_than``
    "then" for "than" after a comparative ("better then ever", "more then 10 years", "rather then",
    "other then"). After "better", "more", "less" and the like it needs a comparison to follow (a number,
    "ever", "before", "expected", "usual", an article or a pronoun), because "things were better then"
    (back then) and "one more then I'll go" are correct. *Known false positives*: "a bit more then we
    can talk" (a pronoun after a temporal "then").
``could_of``
    "could/should/would/must/might of" for "could've" etc. *Reliable because* a modal is never followed by
    the preposition "of"; "would of course" is excepted. *Known false positives*: none seen.
``their_there``
    "there own", "their is/are/was/were". *Reliable because* "own" needs a possessive and "their" cannot be
    a subject. *Known false positives*: none seen.
``doubled_word``
    The same word twice in a row ("the the", "to to"), not across a line break. *Reliable because* a
    repeated word is almost always a typing slip; the exceptions are listed in :data:`REPEATABLE` ("had
    had", "that that", "is is", "very very", "bye bye", "ha ha") and names repeated with capitals ("Bora
    Bora", "Duran Duran"). *Known false positives*: informal emphasis not listed ("so so", "many many").
``missing_capital``
    A lower-case word after a full stop and a space ("... today. thanks"). Not counted: after an
    abbreviation (:data:`ABBREVIATIONS`: "e.g.", "Mr.", "approx.", "Inc.", months), after any word with a
    dot inside ("U.S.", "a.m.", "Ph.D."), after a single letter (initials), after a word without letters
    (a number, an emoticon), after an ellipsis, before a word with a capital or digit inside ("iPhone",
    "eBay", "mRNA"), in an e-mail address or link, or in quoted text. Only a full stop counts: "Hi Sam!
    great" is left alone. *Known false positives*: abbreviations not in the list ("Acme Intl. and"); a
    deliberately all-lower-case style, which counts once per sentence.
``lowercase_i``
    The pronoun written "i" ("i am", "i'm", "i have", "i saw"). Only before a contraction or one of a list
    of English verbs, so the Italian article ("i dati") and list numbering ("(i)", "i.") do not count.
    *Known false positives*: none seen.
``misspelling``
    A short list of words misspelt so commonly that they are on every published list of common errors
    ("alot", "definately", "recieve", "seperate", "untill", "thier", "wich", "occured", "tommorow",
    "accomodate", "buisness", "oppurtunity", "collegue", ...: :data:`MISSPELLINGS`). *Reliable because*
    none of them is an English word. *Known false positives*: a name or handle spelt that way.

Sources for the choice of rules and words (facts only; no text or code copied): Paul Brians, *Common
Errors in English Usage* (Washington State University; your/you're, its/it's, then/than, "could of",
"alot"); Wikipedia, *Lists of common misspellings* (the "For machines" list) and Oxford Dictionaries'
list of commonly misspelled words (:data:`MISSPELLINGS`); LanguageTool's English rules, which have
rule families for the same confusions, word repetition and upper-case sentence starts (whose exceptions
informed :data:`REPEATABLE` and :data:`ABBREVIATIONS`).

Hostile input: only :data:`MAX_CHARS` characters are read; every pattern is precompiled and linear (no
nested quantifiers; every open-ended run is bounded), and ``tests/test_grammar.py`` times a 50,000-
character adversarial note.

Measured (``benchmarks/bench_grammar.py``): on 909 notes (the filled template corpus, the hand-written
personal notes, the held-out wordings and the template tests' genuine notes) 5 notes (0.55%) hold a slip,
and every one is a real slip: seed 004's two "your" and seed 000's "connect. if" in the corpus, and three
casual hand-written personal notes ("night. lets", "i think", "office. hows"; 3 of 287 genuine notes, 1.0%).
No rule fired on correct English there, nor on 1,416 paragraphs of this project's own documentation outside
quotations and code. Cost: about 20 µs of CPU per note (the note-language phrase families: about 110 µs in
the same run), as most rules skip a note that lacks a word their every match needs (``Rule.possible``); at most
about 3 ms for a 50,000-character adversarial note.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

#: Only this many characters of a text are read (notes are usually under 300).
MAX_CHARS = 5000
#: Longest snippet quoted for one slip.
MAX_SNIPPET = 40


@dataclass(frozen=True)
class Rule:
    """One rule: its name, the slip it stands for (in words, for evidence), its pattern and what it is.

    ``possible`` tells from the text case-folded (:func:`fakeprofile.extractors.base.fold_case`) whether the pattern
    can match in it at all, by a cheap test of something every match holds (a word it needs); False skips the
    search, which costs several times more. None: the text is always searched.
    """

    name: str
    what: str
    pattern: re.Pattern[str]
    doc: str
    possible: Callable[[str], bool] | None = None


def _holding(*anchors: str) -> Callable[[str], bool]:
    """``Rule.possible`` for a pattern each match of which holds one of ``anchors`` ignoring case (the anchors in
    lower case): a folded text holds it exactly where the text holds it in any case."""
    return lambda folded: any(map(folded.__contains__, anchors))


def _words(*words: str) -> str:
    return "|".join(words)


# --------------------------------------------------------------------------------------------------
# your / you're

_YOUR = re.compile(
    r"\byour\s+(?:"
    r"(?-i:an?|the)(?![-/&'.\w])"  # "your an attorney", "your the best" (not "your A-levels", "your a.m.")
    r"|welcome(?=\s*(?:[.!,;:?)]|$|to\s+(?:join|come|contact|reach|call|ask|visit|stop|drop|message|email|"
    r"connect|use|share|attend)\b))"
    r"|not\b(?![-'])"
    r"|interested\b(?!\s+part)"
    r"|up\s+to\b(?!\s*(?:date|\d))"
    r"|going\s+to\b|gonna\b"
    r"|able\s+to\b"
    r"|based\s+(?:in|out|at)\b"
    r"|looking\s+(?:for|to|forward|at|into)\b"
    r"|doing\s+(?:great|well|good|amazing|fine|an?)\b"
    r"|right(?=\s*(?:[.!,;]|$|about\b|that\b))"
    r"|(?:probably|definitely|also)\b(?!-)"
    r"|currently\s+(?:working|based|at|in|an?|the|looking|leading|running|managing|employed|hiring)\b"
    r")"
    r"|\byou're\s+(?:own|profile|team|company|post|article|experience|background|business|network|email|"
    r"message|feedback|insights|expertise|website|page|help|input|support|career|advice|thoughts|presentation|"
    r"talk|product|services|organi[sz]ation|name|number)\b(?![-'])",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------------
# its / it's

_ITS = re.compile(
    r"\bits\s+(?:"
    r"(?-i:an?|the)(?![-/&'.\w])"
    r"|been\b|not\b(?![-'])|going\s+to\b|gonna\b|so\b(?![-'])|ok\b|okay\b"
    r"|(?:great|good|nice|hard|easy|important|possible|clear|lovely|exciting|amazing)\s+(?:to|that)\b"
    r"|worth\s+(?:a|it|noting|checking|mentioning|asking|looking)\b"
    r")"
    r"|\bit's\s+own\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------------
# then / than

_THEN = re.compile(
    r"\b(?:rather|(?<!each\s)other)\s+then\b(?!\s*,)"
    r"|\b(?:better|worse|more|less|fewer|bigger|smaller|greater|larger|cheaper|faster|easier|harder|stronger)"
    r"\s+then\s+(?:ever|before|expected|usual|anyone|anything|anybody|average|the|an?|\d"
    r"|(?:i|you|we|they|he|she)\b(?!'))",
    re.IGNORECASE,
)

_COULD_OF = re.compile(r"\b(?:could|should|would|must|might)(?:n't)?\s+of\b(?!\s+course\b)", re.IGNORECASE)

_THEIR = re.compile(r"\bthere\s+own\b|\btheir\s+(?:is|are|was|were)\b", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------
# Doubled words

#: Words whose doubling is correct English or common emphasis.
REPEATABLE = frozenset((
    "had", "that", "is", "do", "very", "really", "so", "no", "yes", "bye", "ha", "haha", "hi", "hey", "well",
    "many", "much", "far", "long", "more", "great", "ok", "okay", "blah", "yada", "knock", "tut", "chop", "go",
    "mm", "hmm", "la", "na", "boo", "night", "hear", "there", "now", "please", "wow", "yeah", "run", "too",
    "pretty", "super", "thank", "thanks", "ciao", "hip", "ho", "he", "hush", "bla", "cha", "xo", "xx", "x",
    "o", "m", "tick", "step", "again", "little", "over", "round", "away", "on", "out", "by", "ding", "dong",
    "bang", "beep", "chin", "yum", "win",
))
_DOUBLED = re.compile(r"\b([^\W\d_]{1,30})[^\S\n]+(\1)\b", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------
# Missing capital after a full stop

#: Words that end with a full stop without ending a sentence (lower case, without the stop).
ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "rev", "hon", "gen", "col", "capt", "lt", "sgt",
    "eg", "ie", "etc", "vs", "v", "cf", "al", "approx", "appr", "ca", "circa", "incl", "excl", "esp", "resp",
    "inc", "ltd", "co", "corp", "llc", "plc", "bros", "dept", "est", "govt", "intl", "assn", "assoc", "univ",
    "no", "nos", "nr", "num", "vol", "vols", "ch", "chap", "sec", "sect", "fig", "figs", "eq", "ref", "p",
    "pp", "para", "ed", "eds", "misc", "avg", "max", "min", "tel", "ext", "mob", "ph", "fax", "attn", "re",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "hrs", "hr", "mins", "sq", "ft", "km", "mi",
    "oz", "lb", "lbs", "yr", "yrs", "mo", "mos", "wk", "wks", "am", "pm", "ave", "rd", "blvd", "mt", "ft",
    "dist", "div", "mgr", "mgmt", "dir", "asst", "exec", "admin", "tech", "info", "fwd", "pls", "pg",
))
_FULL_STOP = re.compile(r"\.[^\S\n]{1,20}([a-z][^\s]{0,40})")
#: Sentence-start words that may stay in lower case ("e.g.", a link).
_LOWER_STARTS = ("e.g", "i.e", "etc", "vs", "www", "http", "cf")

# --------------------------------------------------------------------------------------------------
# Lower-case "i"

# The "i" comes first, and the look-behind (no word character, apostrophe, dot, hyphen, slash or bracket before
# it) after it: a pattern starting with a literal is searched by skipping to each "i" in C, about six times faster.
_I = re.compile(
    r"i(?<![\w'.\-/(]i)(?:'(?:m|ve|ll|d)\b|\s+(?:am|have|was|will|would|think|hope|saw|see|noticed|work|"
    r"worked|look|looked|met|can|could|just|really|wanted|want|love|loved|enjoyed|came|thought|found|read|"
    r"believe|know|do|did|had|feel|also|recently|appreciate|wonder|lead|run|help|manage|came|noticed|should|"
    r"must|might|need|hope|wish|guess)\b)",
)

# --------------------------------------------------------------------------------------------------
# Common misspellings

#: Misspelling -> the word meant. From the published lists cited in the module docstring; each is no
#: English word in any spelling standard.
MISSPELLINGS: dict[str, str] = {
    "alot": "a lot", "definately": "definitely", "definatly": "definitely", "definetly": "definitely",
    "defiantely": "definitely", "recieve": "receive", "recieved": "received", "recieving": "receiving",
    "seperate": "separate", "seperately": "separately", "untill": "until", "thier": "their", "wich": "which",
    "occured": "occurred", "occurence": "occurrence", "tommorow": "tomorrow", "tommorrow": "tomorrow",
    "tomorow": "tomorrow", "accomodate": "accommodate", "accomodation": "accommodation", "buisness": "business",
    "bussiness": "business", "oppurtunity": "opportunity", "oportunity": "opportunity",
    "opertunity": "opportunity", "oppertunity": "opportunity", "collegue": "colleague", "collegues": "colleagues",
    "begining": "beginning", "beleive": "believe", "acheive": "achieve", "acheived": "achieved",
    "acheivement": "achievement", "goverment": "government", "enviroment": "environment", "sucess": "success",
    "succesful": "successful", "sucessful": "successful", "neccessary": "necessary", "neccesary": "necessary",
    "necesary": "necessary", "reccomend": "recommend", "recomend": "recommend", "reccommend": "recommend",
    "proffesional": "professional", "proffessional": "professional",
    "experiance": "experience", "managment": "management", "truely": "truly", "wierd": "weird",
    "embarass": "embarrass", "existance": "existence", "apparantly": "apparently", "concious": "conscious",
    "foward": "forward", "writting": "writing", "knowlege": "knowledge", "sincerly": "sincerely",
    "greatful": "grateful", "comming": "coming", "intrested": "interested", "intresting": "interesting",
    "connnect": "connect", "conection": "connection", "oppotunity": "opportunity", "responsability": "responsibility",
    "occassion": "occasion", "posession": "possession",
    "calander": "calendar", "refered": "referred", "prefered": "preferred", "comitted": "committed",
    "commited": "committed", "comittee": "committee", "commitee": "committee",
}
_MISSPELLING = re.compile(r"\b(?:" + "|".join(sorted(MISSPELLINGS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")


def _holds_a_misspelling(folded: str) -> bool:
    # Each match is a whole word (a run of word characters between word boundaries) that is on the list: in the
    # folded text, one of its words is a key of MISSPELLINGS as it stands.
    return not MISSPELLINGS.keys().isdisjoint(_TOKEN.findall(folded))


RULES: tuple[Rule, ...] = (
    Rule("your_youre", "your for you're", _YOUR, "'your' before an article, predicate or participle",
         _holding("you")),
    Rule("its_its", "its for it's", _ITS, "'its' before an article, 'been', 'not'; 'it's own'",
         _holding("its", "it's")),
    Rule("then_than", "then for than", _THEN, "'then' after a comparative before what it is compared with",
         _holding("then")),
    Rule("could_of", "of for have", _COULD_OF, "'could/should/would/must/might of'",
         _holding("could", "should", "would", "must", "might")),
    Rule("their_there", "their/there confused", _THEIR, "'there own', 'their is/are'", _holding("there", "their")),
    Rule("doubled_word", "a word typed twice", _DOUBLED, "the same word twice in a row"),
    Rule("missing_capital", "no capital after a full stop", _FULL_STOP, "a lower-case word after '. '"),
    Rule("lowercase_i", "'i' for 'I'", _I, "the pronoun 'I' in lower case"),
    Rule("misspelling", "a common misspelling", _MISSPELLING, "a word on the lists of common misspellings",
         _holds_a_misspelling),
)
RULE_NAMES = tuple(rule.name for rule in RULES)
_BY_NAME = {rule.name: rule for rule in RULES}

# --------------------------------------------------------------------------------------------------
# Reading a text

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]")
#: Typographic apostrophes, written as a plain one.
_APOSTROPHES = ("’", "‘", "ʼ", "`", "´")
#: Text that is not the sender's own prose: quotations, links and e-mail addresses.
_SKIPPED = re.compile(
    r"\"[^\"]{0,300}\"|“[^”]{0,300}”|«[^»]{0,300}»|(?:https?://|www\.)\S{0,500}"
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}",
    re.IGNORECASE,
)
#: Every match of _SKIPPED holds one of these (ignoring case): a folded text with none is not searched (most notes).
_could_skip = _holding('"', "“", "«", "http", "www.", "@")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def clean(text: str) -> str:
    """The text as the rules read it: at most :data:`MAX_CHARS` characters, invisible characters removed,
    NFKC (full-width letters become plain ones), typographic apostrophes made plain."""
    s = text[:MAX_CHARS]
    if not s.isascii():  # ASCII holds no invisible character and is its own NFKC
        s = unicodedata.normalize("NFKC", _INVISIBLE.sub("", s))[:MAX_CHARS]
    # A replace per apostrophe present: str.translate reads every character through a dict, ten times slower.
    for apostrophe in _APOSTROPHES:
        if apostrophe in s:
            s = s.replace(apostrophe, "'")
    return s


def word_count(text: str) -> int:
    """Words of letters in the (cleaned) text."""
    return len(_WORD.findall(text))


def _keep_doubled(match: re.Match[str]) -> bool:
    first, second = match[1], match[2]
    if first.lower() in REPEATABLE:
        return False
    if first != second and not (first.istitle() and second.islower()):
        return False  # "object Object", "id ID": two different words; "The the" is a slip
    # Both capitalised: a name or place ("Bora Bora"), except the pronoun "I I".
    return not (first[0].isupper() and second[0].isupper() and first != "I")


def _keep_full_stop(text: str, match: re.Match[str]) -> bool:
    stop = match.start()
    if stop > 0 and text[stop - 1] in ".…":
        return False  # an ellipsis
    space = max(text.rfind(" ", max(0, stop - 60), stop), text.rfind("\n", max(0, stop - 60), stop),
                text.rfind("\t", max(0, stop - 60), stop))
    before = text[space + 1: stop].lstrip("\"'([{“‘«").lower()
    if (not before or len(before) == 1 or before in ABBREVIATIONS or "." in before or "@" in before
            or "/" in before or not any(c.isalpha() for c in before)):
        return False  # abbreviation, initial, number, emoticon, link
    after = match[1].rstrip(".,;:!?)\"'")
    # Not before "iPhone", "eBay" or "e.g.".
    return not (any(c.isupper() or c.isdigit() for c in after) or after.startswith(_LOWER_STARTS))


def _snippet(text: str, rule: str, match: re.Match[str]) -> tuple[int, str]:
    if rule == "missing_capital":
        stop = match.start()
        space = max(text.rfind(" ", max(0, stop - 30), stop), text.rfind("\n", max(0, stop - 30), stop))
        start = space + 1 if space >= 0 else max(0, stop - 30)
        word = match[1].rstrip(".,;:!?)\"'")
        return start, " ".join(f"{text[start:stop]}. {word}".split())
    return match.start(), " ".join(match[0].split())


@functools.cache
def _fold_case() -> Callable[[str], str]:
    """:func:`fakeprofile.extractors.base.fold_case`, imported once, on first use: fakeprofile.extractors imports
    this module, and an import statement run by every :func:`_find` costs about 0.7 µs, more than most rules'
    ``possible`` tests."""
    from fakeprofile.extractors.base import fold_case

    return fold_case


def _find(text: str) -> tuple[tuple[str, str], ...]:
    folded = _fold_case()(text)
    skipped = [m.span() for m in _SKIPPED.finditer(text)] if _could_skip(folded) else []

    def outside(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in skipped)

    found: list[tuple[int, str, str]] = []
    for rule in RULES:
        if rule.possible is not None and not rule.possible(folded):
            continue
        # Not a proof that the pattern cannot match (it also matches after ".\r" and other spaces), but what this
        # rule has always read.
        if rule.name == "missing_capital" and ". " not in text and ".\n" not in text and ".\t" not in text:
            continue
        for match in rule.pattern.finditer(text):
            if not outside(*match.span()):
                continue
            if rule.name == "doubled_word" and not _keep_doubled(match):
                continue
            if rule.name == "missing_capital" and not _keep_full_stop(text, match):
                continue
            start, quote = _snippet(text, rule.name, match)
            found.append((start, rule.name, quote[:MAX_SNIPPET]))
    found.sort(key=lambda item: (item[0], RULE_NAMES.index(item[1])))
    return tuple((rule, quote) for _, rule, quote in found)


@functools.lru_cache(maxsize=4096)
def _find_cached(text: str) -> tuple[tuple[str, str], ...]:
    return _find(clean(text))


def find_slips(text: str) -> list[tuple[str, str]]:
    """The grammar slips in ``text``, in text order.

    Parameters
    ----------
    text : str
        Any text (a note); only its first :data:`MAX_CHARS` characters are read.

    Returns
    -------
    list of (rule, snippet)
        ``rule`` is one of :data:`RULE_NAMES`; ``snippet`` the slip as written (spaces collapsed, at most
        :data:`MAX_SNIPPET` characters), e.g. ``("your_youre", "your an")``.
    """
    return list(_find_cached(text[:MAX_CHARS]))


def describe(rule: str, snippet: str = "") -> str:
    """The slip a rule stands for, in words ("your for you're"; "misspelling of 'receive'" given the snippet)."""
    if rule == "misspelling" and snippet.lower() in MISSPELLINGS:
        return f"misspelling of {MISSPELLINGS[snippet.lower()]!r}"
    return _BY_NAME[rule].what

"""Known invitation templates: normalise a message and find the shipped template it is a copy of.

What it measures
----------------
``default_index().match(note, names=(recipient, sender))`` answers *which known template or spam
message an invitation note is a (near-)copy of*, with the template's id, category and the exact
Jaccard similarity of the two messages' character 5-gram sets. It answers ``None`` when no template is
at least ``MATCH_THRESHOLD`` similar. The corpus ships in ``data/templates/templates.tsv`` (format in
``data/templates/README.md``); users add their own with :func:`add_templates_file`, to a per-user file
(:func:`user_corpus_path`) that every model then reads too; :func:`corpus_entries` lists both with their
source and :func:`remove_template` takes a user entry out. A model's manifest records the sha256 of the
corpus it was trained with: :func:`corpus_mismatch` says when the corpus in use is another.

How it reads a message
----------------------
1. :func:`normalize_message`: the first ``MAX_INPUT_CHARS`` characters only; format characters
   (zero-width, bidi and direction overrides, BOM, variation selectors), surrogates and private-use
   characters removed; NFKC; casefold; the given recipient/sender names and the corpus placeholders
   (``{name}``, ``{company}``, ...) replaced by tokens (``<name>``, ``<company>``, ...); e-mails,
   URLs, phone numbers and other numbers replaced by ``<email>``, ``<url>``, ``<phone>``, ``<num>``;
   apostrophes dropped ("let’s" = "let's" = "lets"), other punctuation turned into spaces; whitespace
   collapsed.
2. An exact lookup of the normalised text (a dict of the corpus' normalised texts).
3. Otherwise MinHash LSH over the set of character 5-grams gives candidates: datasketch's MinHash
   (128 seeded permutations, computed vectorised; see :class:`TemplateIndex`), 42 bands of 3 rows.
   The candidates are ranked by their MinHash estimate and the best ``RESCORE_TOP_K`` are re-scored
   exactly (Jaccard of the 5-gram sets), so the similarity reported is exact, not an estimate. The
   best one at or above ``MATCH_THRESHOLD`` wins (ties: corpus order).
4. A second path when the first finds nothing: for a message of 2-8 sentences, steps 2-3 again with
   each sentence left out in turn (a pleasantry added to a short template halves its Jaccard).

Why these numbers
-----------------
* ``MATCH_THRESHOLD = 0.35``: paraphrases of the corpus templates (new names, a sentence dropped,
  added or swapped, one to three typos; ``tests/test_templates.py``) keep a Jaccard of 0.35 or more
  in 99.6% of cases (the rest are mostly the three-word "{sender} wants to connect" with three typos);
  60 genuine personal notes score at most 0.23 against any template, most below 0.12.
* 42 bands of 3 rows make a template with Jaccard 0.35 a candidate with probability 0.84, 0.45 with
  0.98, 0.5 with 0.996, and an unrelated template (median Jaccard 0.035 between corpus templates)
  with 0.002. Two rows would find more low-similarity candidates (recall measured +0.05 points) at
  the cost of about a tenth of a large corpus as candidates on every query.
* Re-scoring only the ``RESCORE_TOP_K`` best MinHash estimates keeps the cost flat when the corpus
  holds many near-copies of one template (the estimate's standard error at 128 permutations is about
  0.04, so the true best is among them unless near-ties, whose exact scores differ by little).

Known false positives
---------------------
* Real people send the platform's default text ("I'd like to add you to my professional network on
  LinkedIn.") and short stock phrases ("I'd like to connect with you on LinkedIn."): a match in the
  ``platform-default`` category says the note is not personal, not that the sender is fake.
* A genuine recruiter or salesperson who writes a stock pitch matches ``recruiter-blast`` or
  ``sales-pitch``; the category is evidence of a campaign, not of a fake profile.
* A name that is also a common word ("Will", "Hope") is replaced wherever the word occurs when it is
  passed in ``names``; a short genuine note that wraps a template sentence in a few words of its own
  can still pass the threshold.

Speed and memory
----------------
One core, ``benchmarks/bench_templates.py`` (synthetic corpora made by perturbing this one): building
takes about 0.1 ms per template (1 s for 10,000, 10 s for 100,000); a query takes a median of about
0.18 ms at 1,000 templates, 0.2-0.25 ms at 10,000 and 0.4 ms (p99 0.9 ms) at 100,000, 6-100 times faster than a
TF-IDF cosine nearest-neighbour search over the same texts and 2-12 times faster than the same algorithm on
datasketch, and stays bounded (a few ms) for a 1 MB input. A message is hashed once (:class:`_HashedMessage`):
searching it again with each sentence left out reuses its 5-grams' hashes. The index keeps, per template, its
normalised text, a 128-value MinHash (512 bytes), its sorted 5-gram keys (8 bytes each) and 42 band
keys (12 bytes each): the process grows by about 150 MiB for 100,000 templates. datasketch itself is not imported
(about 1 s): its permutations are drawn here the way it draws them. A search is kept per normalised text
(``SEARCH_CACHE_SIZE``), so one campaign text sent to many recipients is searched once.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import json
import os
import random
import re
import sys
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "CATEGORIES",
    "MATCH_THRESHOLD",
    "MAX_INPUT_CHARS",
    "Match",
    "TemplateCorpusWarning",
    "TemplateEntry",
    "TemplateIndex",
    "add_templates_file",
    "corpus_digest",
    "corpus_entries",
    "corpus_mismatch",
    "data_dir",
    "default_index",
    "load_entries",
    "normalize_message",
    "remove_template",
    "user_corpus_path",
    "warn_if_corpus_differs",
]

#: Categories a template can have (the order is the one the extractor encodes).
CATEGORIES: tuple[str, ...] = (
    "platform-default",
    "generic-networking",
    "sales-pitch",
    "growth-hack",
    "recruiter-blast",
    "romance",
    "crypto-scam",
    "contact-harvest",
)
#: Only this many characters of a message (and of its NFKC form) are read.
MAX_INPUT_CHARS = 5000
#: A template matches when the exact Jaccard similarity of the 5-gram sets is at least this.
MATCH_THRESHOLD = 0.35
#: Candidates re-scored exactly, best MinHash estimates first.
RESCORE_TOP_K = 5
SHINGLE = 5
NUM_PERM = 128
LSH_BANDS, LSH_ROWS = 42, 3
#: A message of 2 to this many sentences is also compared with each sentence left out.
MAX_SENTENCES_LEFT_OUT = 8
SEED = 20240605

_CORPUS_FILE = "templates.tsv"
_DATA_DIRS = (
    Path(__file__).resolve().parent / "data" / "templates",  # installed wheel (force-included)
    Path(__file__).resolve().parent.parent / "data" / "templates",  # source checkout
)
_HEADER = ("id", "category", "text")
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_MAX_TEMPLATE_CHARS = 2000
_MAX_NAMES, _MAX_NAME_CHARS = 16, 100

# --------------------------------------------------------------------------------------------------
# Normalisation

# Format characters (zero-width, bidi marks, embeddings, overrides and isolates, BOM, soft hyphen,
# invisible operators, variation selectors, tags), surrogates and private-use characters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ud800-\udfff\ue000-\uf8ff\U000e0000-\U000e0fff\U000f0000-\U0010ffff]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Tokens live in the private-use area while the text is cleaned (input PUA characters are removed
# first), and are written out as "<kind>" at the end.
_TOKENS = ("name", "company", "title", "industry", "city", "url", "email", "phone", "num")
_SENTINEL = {kind: chr(0xE000 + i) for i, kind in enumerate(_TOKENS)}
_RENDER = {ord(s): f" <{kind}> " for kind, s in _SENTINEL.items()}
_PLACEHOLDER_KIND = {
    "name": "name", "first_name": "name", "firstname": "name", "last_name": "name", "full_name": "name",
    "recipient": "name", "sender": "name", "company": "company", "title": "title", "job_title": "title",
    "industry": "industry", "city": "city", "location": "city", "url": "url", "link": "url",
    "email": "email", "phone": "phone",
}  # fmt: skip
_PLACEHOLDER = re.compile(r"\{\s*([a-z_]{1,20})\s*\}")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_URL = re.compile(
    r"(?:https?://|www\.)\S{1,2000}"
    r"|\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:com|net|org|io|co|me|ly|gl|info|biz|app|xyz|ai|link|site)"
    r"\b(?:/\S{0,2000})?"
)
#: What every match of _URL holds: a scheme, "www." or one of its top-level domains after a dot.
_URL_HINT = re.compile(r"://|www\.|\.(?:com|net|org|io|co|me|ly|gl|info|biz|app|xyz|ai|link|site)")
_PHONE = re.compile(r"\+?\d[\d ().\-]{5,25}\d")
_NUMBER = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")  # where _NUMBER matches, found sooner
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+|\n\s*")
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´"), None)
# Names that are also common words or particles are not replaced on their own.
_NAME_STOP = frozenset(
    ("a an and al bin da de del den der di dos du el la le mr mrs ms miss dr prof sir jr sr van von "  # noqa: SIM905
     "will may hope joy faith grace mark bill rose june april summer").split()
)  # fmt: skip


class _PunctuationTable(dict[int, "str | int | None"]):
    """``str.translate`` table: Unicode punctuation (categories P*) of the BMP to a space, besides the entries it
    is made with. A character is looked up in ``unicodedata`` the first time it is seen, rather than all 65,536 of
    the BMP when the table is made (a tenth of a second that a process scoring one profile paid)."""

    _MAX_ENTRIES = 65_536 + 1_024  # hostile input cannot grow the table without bound

    def __missing__(self, cp: int) -> str | int:
        value = " " if cp < 0x10000 and unicodedata.category(chr(cp)).startswith("P") else cp
        if len(self) < self._MAX_ENTRIES:
            self[cp] = value
        return value


#: Token delimiters never survive from the input.
_DELIMITERS = {ord(c): " " for c in "<>|"}


@functools.cache
def _final_table() -> _PunctuationTable:
    """The last three steps of :func:`normalize_message` as one translation: apostrophes dropped, punctuation to a
    space, tokens written out as ``" <kind> "``. One pass gives what the three passes gave in turn, since no step's
    output is a character a later step translates (a space, or a rendered token, which is never translated again)."""
    return _PunctuationTable(_DELIMITERS | _APOSTROPHES | _RENDER)


def _clean(text: str) -> str:
    """Cap, strip invisible and control characters, NFKC, casefold (the steps names share).

    Each removal only where it can remove something: no invisible character is ASCII, and every control character
    is unprintable (``str.isprintable``); most sentences and names are ASCII and printable, and a search that cannot
    match still costs a call and a scan."""
    text = text[:MAX_INPUT_CHARS]
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)[:MAX_INPUT_CHARS].casefold()
    return text if text.isascii() else _INVISIBLE.sub("", text)


def _name_keys(names: Sequence[str]) -> tuple[str, ...]:
    """Normalised spellings of the given names: each full name and each of its words (longest first)."""
    return _keys_of_names(tuple(name[:_MAX_NAME_CHARS] for name in list(names)[:_MAX_NAMES] if isinstance(name, str)))


@functools.lru_cache(maxsize=4096)
def _keys_of_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`_name_keys` of names that are all strings. Cached: a note's sentences are normalised with the same
    names (:meth:`TemplateIndex._sentences`), and its campaign key with them again."""
    keys: set[str] = set()
    for name in names:
        # Apostrophes dropped, punctuation to a space: what _final_table does to a cleaned name, which holds no token.
        words = _clean(name).translate(_final_table()).split()
        key = " ".join(words)
        if len(key) < 2:
            continue
        keys.add(key)
        keys.update(w for w in words if len(w) >= 2 and w not in _NAME_STOP)
    return tuple(sorted(keys, key=lambda k: (-len(k), k)))


@functools.lru_cache(maxsize=1024)
def _name_pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    """The names as one regular expression: what :func:`replace_names` does, for keys it cannot match by words."""
    if not keys:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k).replace(r"\ ", r"\W+") for k in keys) + r")(?!\w)")


#: Words of word characters (``\w``) separated by single spaces.
_WORDS = re.compile(r"\w+(?: \w+)*")
#: Splits a text into separators (even positions, maybe empty) and the runs of word characters between them.
_WORD_RUNS_SPLIT = re.compile(r"(\w+)")


@functools.lru_cache(maxsize=4096)
def _keys_by_first_word(keys: tuple[str, ...]) -> dict[str, list[list[str]]] | None:
    """The keys' words grouped by their first word, keys in order; None when some word of a key is not made of
    word characters only (then only the regular expression says what matches)."""
    # Keys are words separated by single spaces (:func:`_keys_of_names`), so one match checks every word of all.
    if keys and not _WORDS.fullmatch(" ".join(keys)):
        return None
    starting: dict[str, list[list[str]]] = {}
    for key in keys:
        words = key.split(" ")
        starting.setdefault(words[0], []).append(words)
    return starting


def replace_names(text: str, keys: tuple[str, ...], replacement: str) -> str:
    """``_name_pattern(keys).sub(replacement, text)``, without compiling a pattern for every pair of names.

    Each note has its own sender and recipient, so a batch compiled one expression per note, twice (both passes
    of ``fakeprofile predict``): a sixth of a batch's CPU time. When every word of every key is made of word
    characters (``\\w``), which is nearly always, the expression can only match whole runs of word characters:
    a key of words w1 ... wm matches where m consecutive runs of the text equal them (the characters between two
    runs are never word characters, as ``\\W+`` needs), and of the keys matching at a run, the alternation takes
    the first in the keys' order (longest first). That is what this does, run by run; other keys go to the
    regular expression. ``tests/test_templates.py`` checks both give the same text.
    """
    if not keys:
        return text
    starting = _keys_by_first_word(keys)
    if starting is None:
        return _name_pattern(keys).sub(lambda _: replacement, text)
    if not any(first in text for first in starting):
        return text  # no key can start anywhere (most sentences of a note name no one)
    parts = _WORD_RUNS_SPLIT.split(text)
    i = 1
    while i < len(parts):
        for words in starting.get(parts[i], ()):
            last = i + 2 * (len(words) - 1)
            if last < len(parts) and all(parts[i + 2 * j] == word for j, word in enumerate(words[1:], start=1)):
                parts[i : last + 1] = [replacement]  # the runs and the separators between them
                break
        i += 2
    return "".join(parts)


def normalize_message(text: str, *, names: Sequence[str] = ()) -> str:
    """Normalise an invitation note for template matching.

    Parameters
    ----------
    text : str
        The message. Only its first ``MAX_INPUT_CHARS`` characters are read; anything that is not a
        string gives ``""``.
    names : sequence of str, optional
        Recipient and sender names (full names; each word of them is replaced too, except particles
        and names that are common words such as "Will").

    Returns
    -------
    str
        The text after NFKC, casefolding and removal of invisible characters, with names and
        ``{placeholders}`` replaced by ``<name>``, ``<company>``, ... and e-mails, URLs, phone numbers
        and numbers by ``<email>``, ``<url>``, ``<phone>``, ``<num>``; apostrophes dropped, other
        punctuation spaced out and whitespace collapsed. Never raises.

    Examples
    --------
    >>> normalize_message("Hi Anna\\u200b, call me on +1 (555) 010-9999 or see www.x.com!", names=["Anna Li"])
    'hi <name> call me on <phone> or see <url>'
    """
    if not isinstance(text, str) or not text:
        return ""
    return _normalized(text, _name_keys(names) if isinstance(names, (list, tuple)) else ())


def _normalized(text: str, name_keys: tuple[str, ...]) -> str:
    """:func:`normalize_message` of a string, given the names' :func:`_name_keys` (worked out once per message, not
    once per sentence)."""
    s = _clean(text)
    # Each substitution only when what every match holds is there: most sentences have no placeholder, address,
    # link or digit, and a search that cannot match still costs a scan.
    if "{" in s:
        s = _PLACEHOLDER.sub(lambda m: _SENTINEL[k] if (k := _PLACEHOLDER_KIND.get(m[1])) else m[0], s)
    s = replace_names(s, name_keys, _SENTINEL["name"])
    if "@" in s:
        s = _EMAIL.sub(_SENTINEL["email"], s)
    if _URL_HINT.search(s):
        s = _URL.sub(_SENTINEL["url"], s)
    if _DIGIT.search(s):
        s = _PHONE.sub(_SENTINEL["phone"], s)
        s = _NUMBER.sub(_SENTINEL["num"], s)
    return " ".join(s.translate(_final_table()).split())[:MAX_INPUT_CHARS]


_SHINGLE_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93, 0xC2B2AE3D27D4EB4F],
    dtype=np.uint64,
)


def with_typo(text: str, rng: random.Random) -> str:
    """``text`` with one typo (a letter swapped, dropped, doubled or replaced) outside its placeholders.

    Used to make paraphrases of templates in the tests and the benchmark, the way people retype them.
    """
    protected = {i for m in _PLACEHOLDER.finditer(text) for i in range(m.start() - 1, m.end() + 1)}
    letters = [i for i, c in enumerate(text) if c.isalpha() and i not in protected]
    if len(letters) < 4:
        return text
    i, op = rng.choice(letters), rng.randrange(4)
    if op == 0 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    if op == 2:
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("etaoinshrdlu") + text[i + 1 :]


#: Where :func:`reworded` splits a text into sentences (a full stop, "!" or "?" and a space).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def reworded(text: str, rng: random.Random, *, typos: int, pleasantries: Sequence[str]) -> tuple[str, str]:
    """``text`` retyped the way people retype a template: ``typos`` typos outside its placeholders
    (:func:`with_typo`), then one sentence operation: a pleasantry added, two sentences swapped or a short one
    dropped. Returns the text and the operation (``"add"``, ``"swap"`` or ``"drop"``).

    The note classifier's training paraphrases (:mod:`fakeprofile.note_classifier`) and the matcher's tests
    both make their paraphrases here."""
    for _ in range(typos):
        text = with_typo(text, rng)
    sentences = _SENTENCE_BREAK.split(text)
    total = sum(map(len, sentences))
    droppable = [i for i, s in enumerate(sentences) if len(sentences) >= 2 and len(s) <= 0.4 * total]
    op = rng.choice(["add"] + ["swap"] * (len(sentences) >= 2) + ["drop"] * bool(droppable))
    if op == "add":
        pos = rng.randrange(len(sentences) + 1)
        if pos > 0 and not sentences[pos - 1].endswith((".", "!", "?")):
            sentences[pos - 1] += "."
        sentences.insert(pos, rng.choice(pleasantries))
    elif op == "swap":
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    else:
        sentences.pop(rng.choice(droppable))
    return " ".join(sentences), op


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of a non-empty 1-d array, without its overhead (a tenth of a note's matching, on short arrays)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _window_keys(norm: str) -> np.ndarray:
    """The 64-bit key of the character 5-gram starting at each position of a non-empty normalised text, in text
    order and repeats included (one key, of the whole text, for a text shorter than 5).

    A key is an injective-in-practice mix of the five code points (a collision between two different
    5-grams has probability about 2**-64), so Jaccard similarities computed on keys are exact.
    """
    cp = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    n = max(1, len(cp) - SHINGLE + 1)
    width = min(SHINGLE, len(cp))
    # ``k = (k ^ cp[i : i + n]) * mix[i]`` from ``k = width``, in place: integer arrays wrap modulo 2**64 silently.
    k = cp[:n] ^ np.uint64(width)
    k *= _SHINGLE_MIX[0]
    for i in range(1, width):
        k ^= cp[i : i + n]
        k *= _SHINGLE_MIX[i]
    k ^= k >> np.uint64(31)
    return k


def _shingles(norm: str) -> np.ndarray:
    """Sorted distinct 64-bit keys of the character 5-grams of a normalised text (:func:`_window_keys`)."""
    if not norm:
        return np.empty(0, dtype=np.uint64)
    return _sorted_unique(_window_keys(norm))


def _hash32(keys: np.ndarray) -> np.ndarray:
    """The 32-bit value each 5-gram key is hashed to before the MinHash permutations."""
    return (keys ^ (keys >> np.uint64(32))).astype(np.uint32)


def _hash(shingle: bytes) -> int:
    """The same hash for one UTF-8 5-gram: the ``hashfunc`` of an equivalent ``datasketch.MinHash``."""
    keys = _shingles(shingle.decode("utf-8", "surrogatepass"))
    return int(_hash32(keys)[0]) if keys.size else 0


# --------------------------------------------------------------------------------------------------
# Entries and files


class TemplateEntry(NamedTuple):
    """One known template: a unique ``id``, one of :data:`CATEGORIES` and the message ``text``."""

    id: str
    category: str
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    """The template a message was matched to.

    Attributes
    ----------
    id, category, text : str
        The template's id, category and original text (placeholders included).
    similarity : float
        Exact Jaccard similarity of the two normalised texts' character 5-gram sets, in
        [``MATCH_THRESHOLD``, 1]; 1.0 for an exact copy.
    """

    id: str
    category: str
    similarity: float
    text: str


@functools.lru_cache(maxsize=4096)
def _normalized_template(text: str) -> str:
    """:func:`normalize_message` of a template's text. Cached: reading the corpus (its digest), validating it and
    indexing it each normalise every template, which a process scoring one note paid three times."""
    return normalize_message(text)


def _validate(entry: Sequence[str], where: str) -> TemplateEntry:
    """Check one entry; the error names ``where`` (file and line, or position) and the field."""
    if len(entry) != 3 or not all(isinstance(f, str) for f in entry):
        raise ValueError(f"{where}: expected 3 text fields (id, category, text), got {len(entry)}")
    tid, category, text = (f.strip() for f in entry)
    if not _ID_RE.fullmatch(tid):
        raise ValueError(f"{where}: id {tid!r} must be 1-64 of a-z, 0-9, '_', '.', '-' (starting a-z or 0-9)")
    if category not in CATEGORIES:
        raise ValueError(f"{where}: category {category!r} is not one of {', '.join(CATEGORIES)}")
    if not text or len(text) > _MAX_TEMPLATE_CHARS:
        raise ValueError(f"{where}: text must be 1-{_MAX_TEMPLATE_CHARS} characters, got {len(text)}")
    if len(_normalized_template(text)) < 8:
        raise ValueError(f"{where}: text {text!r} is too short to match anything reliably")
    return TemplateEntry(tid, category, text)


def _parse(stream: Iterable[str], source: str) -> list[TemplateEntry]:
    entries: list[TemplateEntry] = []
    header_seen = False
    for lineno, line in enumerate(stream, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        row = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if not header_seen:
            header_seen = True
            if tuple(c.strip().lower() for c in row) == _HEADER:
                continue
        entries.append(_validate(row, f"{source}:{lineno}"))
    return entries


def load_entries(path: str | os.PathLike[str]) -> list[TemplateEntry]:
    """Read a template file.

    Parameters
    ----------
    path : path-like
        A UTF-8 tab-separated file, one template a line: ``id<TAB>category<TAB>text``; an optional
        ``id category text`` header, blank lines and ``#`` comments are skipped.

    Returns
    -------
    list of TemplateEntry

    Raises
    ------
    ValueError
        A malformed line; the message names the file, the line and the field.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as f:
        return _parse(f, str(path))


def data_dir() -> Path:
    """Folder holding the shipped corpus (``data/templates``; ``fakeprofile/data/templates`` in a wheel)."""
    for d in _DATA_DIRS:
        if (d / _CORPUS_FILE).is_file():
            return d
    raise FileNotFoundError(f"template corpus not found in any of {[str(d) for d in _DATA_DIRS]}")


def user_corpus_path() -> Path:
    """Where :func:`add_templates_file` keeps a user's templates.

    ``$FAKEPROFILE_TEMPLATES`` when set; otherwise ``templates.tsv`` in the platform's per-user data
    folder (``$XDG_DATA_HOME/fakeprofile`` or ``~/.local/share/fakeprofile`` on Linux,
    ``~/Library/Application Support/fakeprofile`` on macOS, ``%APPDATA%\\fakeprofile`` on Windows).
    """
    if env := os.environ.get("FAKEPROFILE_TEMPLATES"):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "fakeprofile" / _CORPUS_FILE


def add_templates_file(path: str | os.PathLike[str]) -> int:
    """Validate a user's template file and append it to the user corpus (:func:`user_corpus_path`).

    Every entry is checked first (format, id, category, length, ids unique among the file, the shipped
    corpus and the user corpus); nothing is written unless all pass. The user corpus is rewritten
    atomically, and :func:`default_index` is rebuilt on its next call.

    Parameters
    ----------
    path : path-like
        A file in the format of :func:`load_entries`.

    Returns
    -------
    int
        The number of templates added.

    Raises
    ------
    ValueError
        A malformed entry or an id already taken; the message says which.
    """
    new = load_entries(path)
    target = user_corpus_path()
    existing = load_entries(target) if target.is_file() else []
    taken = {e.id: "the shipped corpus" for e in load_entries(data_dir() / _CORPUS_FILE)}
    taken.update({e.id: str(target) for e in existing})
    for e in new:
        if e.id in taken:
            raise ValueError(f"{path}: id {e.id!r} is already in {taken[e.id]}")
        taken[e.id] = str(path)
    if not new:
        return 0
    _write_user_corpus(target, [*existing, *new])
    return len(new)


def remove_template(template_id: str) -> Path:
    """Take one of the user's own templates out of the user corpus (:func:`user_corpus_path`).

    The shipped corpus is never changed. The user corpus is rewritten atomically (an empty one keeps
    its header line), and :func:`default_index` is rebuilt on its next call.

    Parameters
    ----------
    template_id : str
        The id of an entry that :func:`add_templates_file` added.

    Returns
    -------
    Path
        The user corpus it was removed from.

    Raises
    ------
    ValueError
        The id belongs to the shipped corpus, or is not in the user corpus; the message says which.
    """
    target = user_corpus_path()
    existing = load_entries(target) if target.is_file() else []
    kept = [e for e in existing if e.id != template_id]
    if len(kept) == len(existing):
        if any(e.id == template_id for e in load_entries(data_dir() / _CORPUS_FILE)):
            raise ValueError(f"template {template_id!r} is in the shipped corpus, which is not changed; only your "
                             f"own templates (in {target}) can be removed")
        where = f"{target}" if target.is_file() else f"{target}, which does not exist"
        raise ValueError(f"no template {template_id!r} among your own templates ({where}); "
                         "`fakeprofile templates list` shows them")
    _write_user_corpus(target, kept)
    return target


def _write_user_corpus(target: Path, entries: Sequence[TemplateEntry]) -> None:
    """Replace the user corpus with ``entries`` atomically, and forget the cached index."""
    buf = io.StringIO()
    buf.write("\t".join(_HEADER) + "\n")
    for e in entries:
        buf.write(f"{e.id}\t{e.category}\t{' '.join(e.text.split())}\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".templates-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    default_index.cache_clear()


def corpus_entries(include_user: bool = True) -> list[tuple[TemplateEntry, str]]:
    """The templates :func:`default_index` is built from, in its order, each with where it comes from.

    Parameters
    ----------
    include_user : bool, default True
        Also the user corpus (:func:`user_corpus_path`), after the shipped one; a user entry whose id
        the shipped corpus already has is left out.

    Returns
    -------
    list of (TemplateEntry, str)
        Each entry and its source: ``"shipped"``, or the path of the user corpus.
    """
    entries = [(e, "shipped") for e in load_entries(data_dir() / _CORPUS_FILE)]
    if include_user and (user := user_corpus_path()).is_file():
        shipped = {e.id for e, _ in entries}
        entries += [(e, str(user)) for e in load_entries(user) if e.id not in shipped]
    return entries


def _digest(entries: Iterable[TemplateEntry]) -> str:
    h = hashlib.sha256()
    for entry in entries:
        h.update(json.dumps(list(entry), ensure_ascii=False).encode() + b"\n")
    return h.hexdigest()


def corpus_digest() -> str:
    """sha256 of the corpus :func:`default_index` is built from, without building the index.

    The same as ``default_index().digest()``, which training records in a model's manifest as
    ``resources.templates.sha256``. Computed once while the user corpus file stays as it is.
    """
    user = user_corpus_path()
    try:
        stat = user.stat()
        return _corpus_digest(str(user), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return _corpus_digest(str(user), None, None)


@functools.lru_cache(maxsize=8)
def _corpus_digest(user: str, mtime_ns: int | None, size: int | None) -> str:
    """The digest for one state of the user corpus file (the arguments are the cache key)."""
    return _digest(e for e, _ in corpus_entries())


class TemplateCorpusWarning(UserWarning):
    """The template corpus in use is not the one a model's features were measured against in training."""


def corpus_mismatch(resources: Mapping[str, Any] | None) -> str | None:
    """Why a model's invitation features may not mean here what they meant in training, or None.

    Parameters
    ----------
    resources : mapping or None
        A model manifest's ``resources`` (``model.info["resources"]``): its ``templates`` entry holds the
        sha256 and size of the corpus the model was trained with. None, or no such entry (a model not
        saved yet), gives None: there is nothing to compare with.

    Returns
    -------
    str or None
        None when the corpus here is the one the model was trained with; otherwise one sentence: how many
        templates are in use here (how many of them are the user's own, and in which file), how many the
        model was trained with, and what to do about it.
    """
    recorded = resources.get("templates") if isinstance(resources, Mapping) else None
    if not isinstance(recorded, Mapping) or not recorded.get("sha256"):
        return None
    if corpus_digest() == recorded["sha256"]:
        return None
    entries = corpus_entries()
    own = sum(source != "shipped" for _, source in entries)
    mine = f", {own:,} of them your own in {user_corpus_path()}" if own else ""
    remedy = ("retrain the model with this corpus, or take your own templates out (`fakeprofile templates list`, "
              "`fakeprofile templates remove ID`)") if own else "retrain the model with this corpus"
    return (f"the template corpus here ({len(entries):,} templates{mine}) is not the one the model was trained with "
            f"({recorded.get('entries', '?')} templates), so its invitation features may not mean what they meant "
            f"in training; {remedy}")


_WARNED: set[tuple[str, str]] = set()


def warn_if_corpus_differs(resources: Mapping[str, Any] | None, *, stacklevel: int = 2) -> None:
    """Issue a :class:`TemplateCorpusWarning` when :func:`corpus_mismatch` finds a difference.

    Once per process for each pair of corpus here and corpus recorded, so a caller may check on every
    prediction.
    """
    recorded = resources.get("templates") if isinstance(resources, Mapping) else None
    if not isinstance(recorded, Mapping):
        return
    key = (corpus_digest(), str(recorded.get("sha256")))
    if key in _WARNED:
        return
    _WARNED.add(key)
    if problem := corpus_mismatch(resources):
        warnings.warn(problem, TemplateCorpusWarning, stacklevel=stacklevel + 1)


# --------------------------------------------------------------------------------------------------
# The index


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before its affine permutations."""
    hv = hv ^ (hv >> np.uint32(16))  # a new array: the rest is done in place on it
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return hv


@functools.cache
def _permutations() -> np.ndarray:
    """The seeded affine permutations of ``datasketch.MinHash(NUM_PERM, seed=SEED)``, shape (2, NUM_PERM).

    Drawn here as datasketch 2's "affine32" scheme draws them (``MinHash._init_permutations``): an odd
    multiplier, then an offset, from ``numpy.random.RandomState(SEED)``. Importing datasketch only to read them
    cost more CPU than matching a thousand notes; ``tests/test_templates.py`` checks they are datasketch's.
    """
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


def _permuted(keys: np.ndarray) -> np.ndarray:
    """Each 5-gram key's value under each MinHash permutation, shape (len(keys), NUM_PERM), uint32: the signature of
    a set of 5-grams is the column-wise minimum of their rows (repeats change no minimum)."""
    a, b = _permutations()
    values = np.multiply.outer(_fmix32(_hash32(keys)), a)
    values += b
    return values


def _signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """MinHash signatures, shape (len(shingle_sets), NUM_PERM), uint32.

    Each row equals the ``hashvalues`` of a ``datasketch.MinHash(NUM_PERM, seed=SEED, hashfunc=_hash)``
    updated with the UTF-8 5-grams (its "affine32" scheme: MurmurHash3 finalizer, then seeded affine
    permutations modulo 2**32), computed in one numpy pass per set. An empty set gives the all-ones row
    datasketch starts from.
    """
    out = np.full((len(shingle_sets), NUM_PERM), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    for k, keys in enumerate(shingle_sets):
        if keys.size:
            out[k] = _permuted(keys).min(axis=0)
    return out


_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_BAND_SALT = (np.arange(LSH_BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xD6E8FEB86659FD93)


def _band_keys(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit key per (signature, band): shape (n, LSH_BANDS); equal bands give equal keys.

    A band's key is the dot product of its rows with ``_BAND_MIX``, plus the band's salt, modulo 2**64 (integer
    arithmetic wraps), then mixed.
    """
    bands = signatures[:, : LSH_BANDS * LSH_ROWS].astype(np.uint64).reshape(len(signatures), LSH_BANDS, LSH_ROWS)
    keys = bands @ _BAND_MIX[:LSH_ROWS]
    keys += _BAND_SALT
    keys ^= keys >> np.uint64(29)
    return keys


def _variants(sentences: tuple[str, ...]) -> list[str]:
    """The normalised message, then (for 2-8 sentences) the message with each sentence left out."""
    out = [" ".join(sentences)] if sentences else []
    if 2 <= len(sentences) <= MAX_SENTENCES_LEFT_OUT:
        out += [" ".join(sentences[:i] + sentences[i + 1 :]) for i in range(len(sentences))]
    return out


def _cuts(sentences: tuple[str, ...]) -> list[tuple[int, int]]:
    """Each sentence left out in turn, as (cut, resume): ``" ".join`` of the other sentences is
    ``text[:cut] + text[resume:]`` of the text of all of them."""
    starts = list(itertools.accumulate((len(s) + 1 for s in sentences), initial=0))
    last = len(sentences) - 1
    # The space after a sentence goes with it; the last sentence takes the space before it.
    return [(starts[i], starts[i + 1]) for i in range(last)] + [(starts[last] - 1, starts[last + 1] - 1)]


class _HashedMessage:
    """A message's 5-grams hashed once, for the whole message and for each variant with one sentence left out.

    A variant (2-8 sentences) is the message's text with one sentence, and a space next to it, cut out:
    ``text[:cut] + text[resume:]``. Its 5-grams are the message's that end before the cut or start at ``resume``,
    and at most four across the gap, which are the 5-grams of its gap, ``text[cut - 4 : cut] + text[resume :
    resume + 4]``. So its 5-gram keys, and its MinHash signature (the column-wise minimum of the 5-grams' permuted
    values, which repeats do not change), are taken from rows of the message's, instead of hashing every variant
    from scratch: the same keys and the same signature, for a fraction of the work. The gaps are hashed with the
    message (a few rows more), the variants' signatures worked out only when asked. A variant shorter than a
    5-gram is hashed on its own (one key of its whole text).

    Attributes
    ----------
    signature : ndarray, shape (1, NUM_PERM)
        The whole message's MinHash signature.
    """

    def __init__(self, sentences: tuple[str, ...]) -> None:
        self.text = text = " ".join(sentences)
        self.cuts = _cuts(sentences) if 2 <= len(sentences) <= MAX_SENTENCES_LEFT_OUT else []
        # The text, then each gap of 5 characters or more (a shorter one has no 5-gram): the rows of the 5-grams
        # that straddle two of these are never read.
        hashed, self.gap_rows = text, []
        for cut, resume in self.cuts:
            gap = text[max(0, cut - (SHINGLE - 1)) : cut] + text[resume : resume + SHINGLE - 1]
            self.gap_rows.append(slice(len(hashed), len(hashed) + max(0, len(gap) - (SHINGLE - 1))))
            hashed += gap if len(gap) >= SHINGLE else ""
        self.keys = _window_keys(hashed)  # a row per position of ``hashed``
        self.permuted = _permuted(self.keys)
        self.whole = slice(0, max(1, len(text) - (SHINGLE - 1)))  # the message's own 5-grams
        self.signature = self.permuted[self.whole].min(axis=0, keepdims=True)

    def whole_keys(self) -> list[np.ndarray]:
        """The whole message's 5-gram keys (:func:`_window_keys` of its text), as a list of one."""
        return [self.keys[self.whole]]

    def left_out(self) -> tuple[np.ndarray, Callable[[], list[np.ndarray]]]:
        """The signatures of the message with each sentence left out in turn (one row each, in the order of
        :func:`_variants`), and what gives their 5-gram keys (:func:`_window_keys` of each variant's text)."""
        text = self.text
        signatures = np.empty((len(self.cuts), NUM_PERM), dtype=np.uint32)
        keys: list[np.ndarray | list[slice]] = []  # each variant's keys, or the rows they are in
        for row, ((cut, resume), across) in enumerate(zip(self.cuts, self.gap_rows, strict=True)):
            if cut + len(text) - resume < SHINGLE:  # shorter than a 5-gram: one key of its own
                own = _window_keys(text[:cut] + text[resume:])
                keys.append(own)
                signatures[row] = _permuted(own).min(axis=0)
                continue
            before = slice(0, max(0, cut - (SHINGLE - 1)))  # the 5-grams that end before the cut
            after = slice(resume, self.whole.stop)  # those that start after it (none past the message's last)
            rows = [r for r in (before, after, across) if r.stop > r.start]  # one at least: 5 characters or more
            keys.append(rows)
            self.permuted[rows[0]].min(axis=0, out=signatures[row])
            for more in rows[1:]:
                np.minimum(signatures[row], self.permuted[more].min(axis=0), out=signatures[row])
        return signatures, lambda: [k if isinstance(k, np.ndarray) else np.concatenate([self.keys[r] for r in k])
                                    for k in keys]


#: Searches kept per index (each key a message's normalised sentences).
SEARCH_CACHE_SIZE = 16_384


class TemplateIndex:
    """Exact and near-duplicate search over a corpus of templates.

    Parameters
    ----------
    entries : iterable of TemplateEntry or (id, category, text) tuples, optional
        The first templates (more with :meth:`add`).
    threshold : float, default ``MATCH_THRESHOLD``
        The least exact Jaccard similarity that counts as a match.

    Notes
    -----
    The signatures are datasketch's MinHash (same seed, permutations and hash values; see
    :func:`_signatures`), computed in one numpy pass per message for the message and every variant of it
    (:class:`_HashedMessage`). The banding is done here rather than
    with ``datasketch.MinHashLSH``, whose ``query`` adds every bucket member to a Python set one at a
    time: with 42 bands and a corpus holding hundreds of near-copies of a template (the benchmark's
    100,000) that alone costs milliseconds. Here the (band, key) pairs of all templates are one sorted
    ``uint64`` array, a query is one ``searchsorted`` for all its bands, and the candidates are ranked
    by their MinHash estimate in one vectorised comparison. Same candidates, same probabilities.

    Examples
    --------
    >>> index = TemplateIndex([("demo-01", "sales-pitch", "Hi {name}, want 10x more leads? Reply YES.")])
    >>> index.match("Hi Bob, want 10x more leads?? Reply YES", names=["Bob"]).id
    'demo-01'
    """

    def __init__(self, entries: Iterable[Sequence[str]] = (), *, threshold: float = MATCH_THRESHOLD) -> None:
        self.threshold = threshold
        self._entries: list[TemplateEntry] = []
        self._norms: list[str] = []
        self._exact: dict[str, int] = {}
        self._ids: set[str] = set()
        self._digests = np.empty((0, NUM_PERM), dtype=np.uint32)
        self._shingle_keys: list[np.ndarray] = []  # each template's sorted 5-gram keys
        self._keys = np.empty(0, dtype=np.uint64)  # sorted (band, key) hashes of every template
        self._owners = np.empty(0, dtype=np.int32)  # the template of each key
        self._searched = functools.lru_cache(maxsize=SEARCH_CACHE_SIZE)(self._search_uncached)
        self.add(entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> tuple[TemplateEntry, ...]:
        """The templates, in the order they were added."""
        return tuple(self._entries)

    def add(self, entries: Iterable[Sequence[str]]) -> int:
        """Validate and index more templates.

        Parameters
        ----------
        entries : iterable of TemplateEntry or (id, category, text) tuples

        Returns
        -------
        int
            The number added.

        Raises
        ------
        ValueError
            A malformed entry or a duplicate id (nothing is added then).
        """
        batch: list[TemplateEntry] = []
        seen: set[str] = set()
        for i, raw in enumerate(entries):
            e = _validate(tuple(raw), f"entry {i}")
            if e.id in self._ids or e.id in seen:
                raise ValueError(f"entry {i}: duplicate template id {e.id!r}")
            seen.add(e.id)
            batch.append(e)
        if not batch:
            return 0
        start = len(self._entries)
        norms = [_normalized_template(e.text) for e in batch]
        shingles = [_shingles(n) for n in norms]
        digests = _signatures(shingles)
        keys = _band_keys(digests).ravel()
        owners = np.repeat(np.arange(start, start + len(batch), dtype=np.int32), LSH_BANDS)
        all_keys = np.concatenate([self._keys, keys])
        all_owners = np.concatenate([self._owners, owners])
        order = np.argsort(all_keys, kind="stable")
        self._keys, self._owners = all_keys[order], all_owners[order]
        self._digests = np.vstack([self._digests, digests])
        self._shingle_keys.extend(shingles)
        for j, n in enumerate(norms):
            self._exact.setdefault(n, start + j)
        self._entries.extend(batch)
        self._norms.extend(norms)
        self._ids.update(seen)
        self._searched.cache_clear()  # a search found among fewer templates
        return len(batch)

    def _result(self, i: int, similarity: float) -> Match:
        e = self._entries[i]
        return Match(e.id, e.category, round(similarity, 6), e.text)

    def _sentences(self, text: str, names: Sequence[str]) -> tuple[str, ...]:
        """The message's normalised sentences (at most ``MAX_INPUT_CHARS`` characters in all)."""
        sentences: list[str] = []
        budget = MAX_INPUT_CHARS
        name_keys = _name_keys(names)
        for raw in _SENTENCE_END.split(text[:MAX_INPUT_CHARS]):
            if budget <= 0:
                break
            if raw and (norm := _normalized(raw, name_keys)[:budget]):
                sentences.append(norm)
                budget -= len(norm) + 1
        return tuple(sentences)

    def _search_uncached(self, sentences: tuple[str, ...], threshold: float) -> tuple[int, float]:
        """The best (template, exact Jaccard) for a message of these sentences, by the two paths of :meth:`match`."""
        if not sentences:
            return -1, 0.0
        message = _HashedMessage(sentences)
        best = self._search(message.signature, message.whole_keys)
        if best[1] < threshold and 2 <= len(sentences) <= MAX_SENTENCES_LEFT_OUT:
            best = max(best, self._search(*message.left_out()), key=lambda f: f[1])
        return best

    def _band_owners(self, signatures: np.ndarray) -> np.ndarray:
        """The templates sharing a band with any of the signatures, sorted: each as many times as it has distinct
        band keys among theirs (a cheap estimate of similarity to rank many candidates by)."""
        # Each signature's keys in order (which band a key is of matters no more): the searches of successive keys
        # then read nearby parts of the templates' keys, a little faster than in band order.
        wanted = np.sort(_band_keys(signatures), axis=1)
        at = np.searchsorted(self._keys, wanted)
        positions = at[self._keys[np.minimum(at, self._keys.size - 1)] == wanted]
        if not positions.size:
            return np.empty(0, dtype=self._owners.dtype)
        # Each band key found counts once, however many signatures have it: equal keys, equal positions.
        first = _sorted_unique(positions)
        runs = np.searchsorted(self._keys, self._keys[first], side="right") - first  # the templates having each
        if (runs == 1).all():  # each key of one template only
            return np.sort(self._owners[first])
        # Every position of each run: its first, repeated, plus 0, 1, ... within the run.
        within = np.arange(runs.sum()) - np.repeat(np.cumsum(runs) - runs, runs)
        return np.sort(self._owners[np.repeat(first, runs) + within])

    def digest(self) -> str:
        """sha256 of the entries (id, category, text), in order: which corpus a model was trained with."""
        return _digest(self._entries)

    def match(self, text: str, *, names: Sequence[str] = ()) -> Match | None:
        """The template ``text`` is a copy or near-copy of, or ``None``.

        Parameters
        ----------
        text : str
            An invitation note (anything; never raises, reads at most ``MAX_INPUT_CHARS`` characters).
        names : sequence of str, optional
            The recipient's and sender's names, replaced by ``<name>`` before matching.

        Returns
        -------
        Match or None
            The most similar template whose exact 5-gram Jaccard similarity is at least
            ``threshold`` (ties go to the earlier template). The similarity is the whole message's;
            when that finds nothing and the message has 2-8 sentences, the best of the message with
            one sentence left out.
        """
        if not isinstance(text, str) or not self._entries:
            return None
        sentences = self._sentences(text, names if isinstance(names, (list, tuple)) else ())
        for norm in _variants(sentences):
            if (i := self._exact.get(norm)) is not None:
                return self._result(i, 1.0)
        if not sentences:
            return None
        # First path: the whole message. Second path, only when the first finds nothing: the message
        # with one sentence left out (a pleasantry added to a short template). Searched once per text as
        # normalised: a campaign sends one text to many recipients, whose names normalise away.
        best, best_sim = self._searched(sentences, self.threshold)
        return self._result(best, best_sim) if best_sim >= self.threshold else None

    def _search(self, signatures: np.ndarray, window_keys: Callable[[], list[np.ndarray]]) -> tuple[int, float]:
        """The best (template, exact Jaccard) over the LSH candidates of variants of a message, given their
        signatures and what gives their 5-gram keys (:func:`_window_keys`), asked only when there is a candidate;
        (-1, 0.0) for none."""
        owners = self._band_owners(signatures)
        if not owners.size:  # most messages: their 5-gram sets are never needed
            return -1, 0.0
        starts = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))  # each template's first
        candidates = owners[starts]
        if candidates.size > RESCORE_TOP_K:
            # Shortlist by shared bands (free from the lookup), then by the full signature agreement.
            shared_bands = np.diff(starts, append=owners.size)
            shortlist = np.argsort(-shared_bands, kind="stable")[: 8 * RESCORE_TOP_K]
            candidates = candidates[np.sort(shortlist)]
            rows = self._digests[candidates]
            estimates = (rows[:, None, :] == signatures).sum(axis=2).max(axis=1)  # the best of the signatures'
            order = np.argsort(-estimates, kind="stable")[:RESCORE_TOP_K]
            candidates = np.sort(candidates[order])
        return self._rescored(candidates.tolist(), [_sorted_unique(keys) for keys in window_keys()])

    def _rescored(self, candidates: list[int], shingle_sets: list[np.ndarray]) -> tuple[int, float]:
        """The candidate (in increasing order) with the highest exact Jaccard similarity to any of the 5-gram sets
        (sorted, distinct keys), the first of equals, and that similarity. Each set is compared with all the
        candidates at once: their keys one after the other, each looked up among the set's, the keys found counted
        per candidate."""
        templates = [self._shingle_keys[i] for i in candidates]
        joined = np.concatenate(templates) if len(templates) > 1 else templates[0]
        starts = list(itertools.accumulate((t.size for t in templates[:-1]), initial=0))
        best_per_candidate = [0.0] * len(candidates)
        for keys in shingle_sets:
            at = np.minimum(np.searchsorted(keys, joined), keys.size - 1)
            shared = np.add.reduceat(keys[at] == joined, starts, dtype=np.intp).tolist()
            for j, (inter, template) in enumerate(zip(shared, templates, strict=True)):
                sim = inter / (keys.size + template.size - inter)
                if sim > best_per_candidate[j]:
                    best_per_candidate[j] = sim
        best, best_sim = -1, 0.0
        for i, sim in zip(candidates, best_per_candidate, strict=True):
            if sim > best_sim:
                best, best_sim = i, sim
        return best, best_sim


@functools.cache
def default_index(include_user: bool = True) -> TemplateIndex:
    """The index of the shipped corpus (and of the user corpus, unless ``include_user`` is False).

    Built once per process and cached; :func:`add_templates_file` and :func:`remove_template` clear the
    cache. The entries are :func:`corpus_entries`'.
    """
    return TemplateIndex(e for e, _ in corpus_entries(include_user))

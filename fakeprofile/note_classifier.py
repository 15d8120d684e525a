"""Template likeness of an invitation note: a small character n-gram classifier, shipped as data.

What it measures
----------------
:meth:`NoteClassifier.score` answers *how much a note reads like template, pitch or scam text rather
than a note written to one person*, as a probability in [0, 1]. The template corpus
(:mod:`fakeprofile.templates`) finds copies and near-copies of known texts; this classifier is meant to
generalise to wordings the corpus does not hold ("a unique crypto trading opportunity with guaranteed
returns" shares no 5-gram run long enough with any template, but shares many short n-grams with the
corpus' investment scams).

The model
---------
TF-IDF of character 3- to 5-grams within word boundaries (scikit-learn's ``char_wb`` analyzer,
sublinear tf, l2 norm, n-grams seen in at least ``MIN_DF`` training texts) and a logistic regression
(``C = C_VALUE``, balanced class weights, lbfgs). The text is first put through :func:`prepare`
(invisible characters removed, NFKC, casefold, e-mails, URLs and phone numbers replaced by a word, digits
by ``0``) so that the classifier sees what was written, not which numbers or links were merged in.

Training data (``python -m fakeprofile.note_classifier --train``)
--------------------------------------------------------------------
* Template, pitch and scam texts (label 1): every entry of the shipped corpus
  ``data/templates/templates.tsv``, its placeholders filled with invented names, companies and links,
  plus ``VARIANTS`` paraphrases of each (typos, a pleasantry added, a sentence dropped or swapped).
* Personal notes (label 0): ``data/notes/personal.tsv``, hand-written for this project (names, employers
  and events invented), with the same number of paraphrases made the same way, so that typos and
  pleasantries are no sign of either class. The synthetic generator's notes (:mod:`fakeprofile.synth`)
  are deliberately left out: a classifier that had seen them would recognise the generator's layout,
  and a model trained on synthetic profiles would credit it with a skill it does not have.
* ``data/notes/heldout.tsv`` is never trained on: its wordings measure how the classifier generalises.

Training is deterministic (fixed seeds, the vocabulary sorted, lbfgs): retraining with the same data and
scikit-learn gives the same file byte for byte (``tests/test_note_classifier.py``).

The shipped file
----------------
``data/notes/classifier.json`` (``fakeprofile/data/notes/classifier.json`` in a wheel): the n-grams in
column order, their idf, the coefficients and the intercept, with the parameters, the scikit-learn
version and the sha256 of the training texts. It is plain JSON, read with :func:`json.loads` and
validated; nothing in it is executed. Scoring is reimplemented here (no scikit-learn at scoring time):
``char_wb`` n-grams never cross a word, so each word's vocabulary columns are looked up once, by string,
and remembered for the next note that uses the word (:meth:`NoteClassifier._columns`; :func:`_ngrams` is
the plain reference, identical to scikit-learn's ``char_wb`` analyzer); the tf-idf and the dot product are
numpy's; :meth:`NoteClassifier.read` keeps what they found (:class:`NoteReading`), so that a note's score and
its strongest n-grams come from one reading. The scores equal scikit-learn's ``predict_proba`` to 1e-9
(``tests/test_note_classifier.py``).

Cross-validation (``python -m fakeprofile.note_classifier --evaluate``)
------------------------------------------------------------------------
Group 5-fold: texts whose character 5-gram sets overlap by ``GROUP_JACCARD`` or more (near-duplicates,
variants of one template) are one group, and a text's paraphrases stay with it, so no fold is scored on
a near-copy of a text it was trained on. With 502 templates and 227 personal notes: 99.4% of templates
flagged, 95.2% of personal notes kept personal; on the 120 held-out wordings, 97.1% of the spam flagged
and none of the personal notes. The full figures are in ``data/notes/README.md``.

Known false positives
---------------------
* Genuine salespeople and recruiters write pitches; the score says "reads like a campaign's text", not
  "fake".
* Very short notes ("Great meeting you today, Sam!") carry few n-grams and score near the middle more
  often than long ones.
* Notes in languages the training data barely covers score less reliably: the platform's default text is
  in the corpus in about 30 languages, personal notes in 8, and 4 of the 10 non-English personal notes
  read as template text in cross-validation.

Cost
----
About 0.03 ms of CPU per note of typical length (``benchmarks/bench_notes.py``), a little more for a
note of words not seen before; a note is read to ``MAX_CHARS`` characters at most. Loading the file takes
about 25 ms, once per process.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import math
import random
import re
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "FORMAT",
    "NoteClassifier",
    "NoteReading",
    "TrainingSet",
    "cross_validated_scores",
    "default_classifier",
    "evaluate",
    "fit",
    "heldout_rows",
    "load_classifier",
    "main",
    "notes_dir",
    "personal_notes",
    "prepare",
    "sklearn_scores",
    "to_json",
    "train",
    "training_set",
]

FORMAT = "fakeprofile-note-classifier/1"
NGRAM_RANGE = (3, 5)
#: Paraphrases made of every training text, besides the text itself.
VARIANTS = 2
#: An n-gram is kept when at least this many training texts have it: with ``VARIANTS`` paraphrases of each,
#: that is at least two different source texts (one text's names and typos are not learned).
MIN_DF = VARIANTS + 2
C_VALUE = 4.0
#: Texts whose character 5-gram sets overlap at least this much are one cross-validation group.
GROUP_JACCARD = 0.3
#: Only this many characters of a prepared note are scored (a LinkedIn note has at most 300).
MAX_CHARS = 1000
SEED = 20240605
CLASSIFIER_FILE = "classifier.json"
#: Words whose vocabulary columns are remembered: words recur from note to note far more than whole notes do. Only
#: words this long at most are (a longer one, rare, would hold hundreds of columns).
WORD_CACHE = 8192
MAX_CACHED_WORD = 24

_DATA_DIRS = (
    Path(__file__).resolve().parent / "data" / "notes",  # installed wheel (force-included)
    Path(__file__).resolve().parent.parent / "data" / "notes",  # source checkout
)

# --------------------------------------------------------------------------------------------------
# Reading a note

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ud800-\udfff\ue000-\uf8ff\U000e0000-\U000e0fff\U000f0000-\U0010ffff]"
)
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_URL = re.compile(r"(?:https?://|www\.)\S{1,500}|\b[a-z0-9-]{1,63}\.(?:com|net|org|io|co|me|ly|gl|app|xyz|ai|link)\b"
                  r"(?:/\S{0,500})?")
_URL_HINT = re.compile(r"://|www\.|\.(?:com|net|org|io|co|me|ly|gl|app|xyz|ai|link)\b")
_PHONE = re.compile(r"\+?\d[\d ().\-]{6,25}\d")
_DIGIT = re.compile(r"\d")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"'})


def prepare(text: str) -> str:
    """A note as the classifier reads it.

    The first 5,000 characters; invisible and format characters removed; NFKC; casefolded; typographic
    quotes made plain; e-mails, URLs and phone numbers replaced by ``email``, ``url``, ``phone``; every
    digit by ``0``; whitespace collapsed; at most ``MAX_CHARS`` characters. Anything that is not a string
    gives ``""``.

    Examples
    --------
    >>> prepare("Call me on +1 (415) 555-0134, or see WWW.Example.com/x I’ve 2 offers")
    "call me on phone , or see url i've 0 offers"
    """
    if not isinstance(text, str):
        return ""
    s = text[:5000]
    # Every invisible character, and every quote but the backtick, is beyond ASCII, and most notes are ASCII: the
    # substitution and the translation (a few µs each) run only when they may change something.
    if not s.isascii():
        s = _INVISIBLE.sub("", s)
    s = unicodedata.normalize("NFKC", s)[:5000].casefold()
    if not s.isascii() or "`" in s:
        s = s.translate(_QUOTES)
    # Each substitution only when its cheap hint is there (most notes have no address, link or digit).
    if "@" in s:
        s = _EMAIL.sub(" email ", s)
    if _URL_HINT.search(s):
        s = _URL.sub(" url ", s)
    if _DIGIT.search(s):
        s = _DIGIT.sub("0", _PHONE.sub(" phone ", s))
    return " ".join(s.split())[:MAX_CHARS]


def _ngrams(text: str) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams (3-5) of a prepared text, in its order, duplicates kept.

    Each whitespace-separated word is padded with one space on each side; a padded word no longer than
    ``n`` gives itself once and ends the loop over ``n`` (what ``_char_wb_ngrams`` does).
    """
    lo, hi = NGRAM_RANGE
    grams: list[str] = []
    for word in text.split():
        w = f" {word} "
        size = len(w)
        for n in range(lo, hi + 1):
            if size <= n:
                grams.append(w)
                break
            grams.extend(w[i : i + n] for i in range(size - n + 1))
    return grams


# --------------------------------------------------------------------------------------------------
# The fitted classifier


class NoteReading(NamedTuple):
    """A note as a classifier reads it (:meth:`NoteClassifier.read`): everything its score and its strongest n-grams
    are computed from. Keep it to ask both of one note without reading it twice."""

    #: The note after :func:`prepare`.
    text: str
    #: The vocabulary columns of its n-grams, sorted, each once.
    columns: np.ndarray
    #: Their sublinear tf (1 + log count).
    tf: np.ndarray


@dataclass(frozen=True, eq=False)
class NoteClassifier:
    """The shipped classifier: vocabulary, idf, coefficients and intercept, scored without scikit-learn.

    Build it with :func:`load_classifier` (a file) or :func:`default_classifier` (the shipped one). Two
    classifiers are equal only if they are the same object, and it hashes by identity, so that what is
    remembered of a note's reading can be keyed on the classifier that read it (a retrained one reads anew).

    Attributes
    ----------
    ngrams : tuple of str
        The vocabulary in column order.
    idf, coef : numpy.ndarray
        Per column: inverse document frequency, and the logistic regression's coefficient.
    intercept : float
    meta : dict
        Everything else the file records (parameters, versions, training data digest).
    """

    ngrams: tuple[str, ...]
    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    meta: dict[str, Any] = field(default_factory=dict)
    _column_of: dict[str, int] = field(init=False, repr=False, compare=False)
    _word_cache: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _weight: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if any(not 3 <= len(g) <= 5 for g in self.ngrams):
            raise ValueError("every n-gram must have 3 to 5 characters")
        column_of = {g: i for i, g in enumerate(self.ngrams)}
        if len(column_of) != len(self.ngrams):
            raise ValueError("the vocabulary holds an n-gram twice")
        object.__setattr__(self, "_column_of", column_of)
        object.__setattr__(self, "_word_cache", {})
        # idf * coef per column: the numerator of the decision needs only this product.
        object.__setattr__(self, "_weight", self.idf * self.coef)

    def _find_word_columns(self, word: str) -> tuple[int, ...]:
        """The columns of the vocabulary n-grams of one word, repeats kept: the n-grams :func:`_ngrams` makes of it
        (padded with a space on each side; a padded word no longer than ``n`` is itself the last one)."""
        w = f" {word} "
        size = len(w)
        column_of = self._column_of.get
        found = []
        for n in range(NGRAM_RANGE[0], NGRAM_RANGE[1] + 1):
            if size <= n:
                column = column_of(w)
                if column is not None:
                    found.append(column)
                break
            for i in range(size - n + 1):
                column = column_of(w[i : i + n])
                if column is not None:
                    found.append(column)
        return tuple(found)

    def _remember_word_columns(self, word: str) -> tuple[int, ...]:
        """:meth:`_find_word_columns`, remembered in ``_word_cache`` for a word of at most ``MAX_CACHED_WORD``
        characters (the cache is emptied when it holds ``WORD_CACHE`` words: a plain dict is the cheapest to read)."""
        columns = self._find_word_columns(word)
        if len(word) <= MAX_CACHED_WORD:
            if len(self._word_cache) >= WORD_CACHE:
                self._word_cache.clear()
            self._word_cache[word] = columns
        return columns

    def _columns(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Columns present in the prepared ``text`` (sorted) and their sublinear tf (1 + log count)."""
        # A char_wb n-gram never crosses a word: the note's columns are its words' columns, each word looked up once
        # and remembered (most words of any note have been seen in earlier notes).
        found: list[int] = []
        remembered = self._word_cache.get
        for word in text.split():
            columns = remembered(word)
            found += self._remember_word_columns(word) if columns is None else columns
        if not found:
            return np.empty(0, dtype=np.intp), np.empty(0)
        cols = np.array(found, dtype=np.intp)
        cols.sort()
        # Each column's repeats are one run of the sorted array: its count is the run's length.
        first = np.empty(cols.size, dtype=bool)
        first[0] = True
        np.not_equal(cols[1:], cols[:-1], out=first[1:])
        starts = first.nonzero()[0]
        ends = np.empty_like(starts)
        ends[:-1] = starts[1:]
        ends[-1] = cols.size
        return cols[starts], 1.0 + np.log(ends - starts)

    def read(self, note: str) -> NoteReading:
        """The raw ``note`` as the classifier reads it: prepared, and its n-grams looked up."""
        text = prepare(note)
        return NoteReading(text, *self._columns(text))

    def decision(self, note: str) -> float:
        """The logistic regression's decision value (log-odds of template text) for a raw note."""
        return self.decision_of(self.read(note))

    def decision_of(self, reading: NoteReading) -> float:
        """:meth:`decision` of a note already read (:meth:`read`)."""
        cols, tf = reading.columns, reading.tf
        if not cols.size:
            return self.intercept
        x = tf * self.idf[cols]
        norm = math.sqrt(float(x @ x))
        return float(tf @ self._weight[cols]) / norm + self.intercept

    def score(self, note: str) -> float:
        """Probability that ``note`` is template, pitch or scam text rather than a personal note."""
        return self.score_of(self.read(note))

    def score_of(self, reading: NoteReading) -> float:
        """:meth:`score` of a note already read (:meth:`read`)."""
        z = self.decision_of(reading)
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def strongest(self, note: str, k: int = 3, *, towards: int = 1) -> list[tuple[str, float]]:
        """The ``k`` n-grams of ``note`` that move its score most towards template text (``towards=1``)
        or towards a personal note (``towards=-1``), each with its share of the decision value."""
        return self.strongest_of(self.read(note), k, towards=towards)

    def strongest_of(self, reading: NoteReading, k: int = 3, *, towards: int = 1) -> list[tuple[str, float]]:
        """:meth:`strongest` of a note already read (:meth:`read`). Ties keep the vocabulary's order.

        The n-grams are picked out with numpy, on the whole array: picking them one by one, as numpy scalars,
        cost more than the scoring.
        """
        cols, tf = reading.columns, reading.tf
        if not cols.size:
            return []
        x = tf * self.idf[cols]
        contribution = x * self.coef[cols] / math.sqrt(float(x @ x))
        order = np.argsort(-towards * contribution, kind="stable")[:k]
        order = order[towards * contribution[order] > 0]
        shares = contribution[order].tolist()
        return [(self.ngrams[col], share) for col, share in zip(cols[order].tolist(), shares, strict=True)]


def _check(payload: Any, source: str) -> NoteClassifier:
    """Validate a parsed classifier file; the error names the file and the field."""
    if not isinstance(payload, dict):
        raise ValueError(f"{source}: expected a JSON object")
    if payload.get("format") != FORMAT:
        raise ValueError(f"{source}: format {payload.get('format')!r} is not {FORMAT!r}")
    ngrams, idf, coef = payload.get("ngrams"), payload.get("idf"), payload.get("coef")
    if not isinstance(ngrams, list) or not all(isinstance(g, str) and g for g in ngrams):
        raise ValueError(f"{source}: 'ngrams' must be a list of non-empty strings")
    if len(set(ngrams)) != len(ngrams):
        raise ValueError(f"{source}: 'ngrams' holds a duplicate")
    for name, values in (("idf", idf), ("coef", coef)):
        if not isinstance(values, list) or len(values) != len(ngrams):
            raise ValueError(f"{source}: '{name}' must be a list as long as 'ngrams' ({len(ngrams)})")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values):
            raise ValueError(f"{source}: '{name}' must hold finite numbers")
    intercept = payload.get("intercept")
    if not isinstance(intercept, (int, float)) or isinstance(intercept, bool) or not math.isfinite(intercept):
        raise ValueError(f"{source}: 'intercept' must be a finite number")
    if payload.get("params", {}).get("ngram_range") != list(NGRAM_RANGE) or payload["params"].get("analyzer") != \
            "char_wb":
        raise ValueError(f"{source}: the classifier was fitted with other n-grams than this code scores "
                         f"(char_wb {NGRAM_RANGE})")
    meta = {k: v for k, v in payload.items() if k not in ("ngrams", "idf", "coef", "intercept")}
    return NoteClassifier(tuple(ngrams), np.asarray(idf, dtype=np.float64), np.asarray(coef, dtype=np.float64),
                          float(intercept), meta)


def load_classifier(path: str | Path) -> NoteClassifier:
    """Read and validate a classifier file written by :func:`to_json` (plain JSON: nothing is executed).

    Raises
    ------
    ValueError
        The file is not such a classifier; the message names the file and what is wrong.
    """
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a JSON text ({exc})") from None
    return _check(payload, str(path))


def notes_dir() -> Path:
    """Folder of the note data (``data/notes``; ``fakeprofile/data/notes`` in a wheel)."""
    for d in _DATA_DIRS:
        if (d / "personal.tsv").is_file() or (d / CLASSIFIER_FILE).is_file():
            return d
    raise FileNotFoundError(f"note data not found in any of {[str(d) for d in _DATA_DIRS]}")


@functools.cache
def default_classifier() -> NoteClassifier:
    """The shipped classifier, read once per process."""
    return load_classifier(notes_dir() / CLASSIFIER_FILE)


# --------------------------------------------------------------------------------------------------
# Training data


def _rows(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file with a header; ``#`` lines and blank lines skipped."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]


def personal_notes() -> list[tuple[str, str]]:
    """The hand-written personal notes, ``(id, text)``."""
    return [(r[0], r[1]) for r in _rows(notes_dir() / "personal.tsv")]


def heldout_rows() -> list[tuple[str, str, int, str]]:
    """The held-out wordings, ``(id, family, label, text)``: never trained on."""
    return [(r[0], r[1], int(r[2]), r[3]) for r in _rows(notes_dir() / "heldout.tsv")]


_FIRST = ("Maria", "Sipho", "Chloé", "Mateus", "Ivana", "Kenji", "Aaliyah", "Bartosz", "Nkechi", "Henrik", "Leilani",
          "Dmitri", "Farah", "Quentin", "Tomasz", "Ifeoma", "Rafael", "Astrid", "Jun", "Priya", "Owen", "Lucía")
_LAST = ("Okonkwo", "Lindqvist", "Moreau", "Tanaka", "Kowalczyk", "Haddad", "Fernandes", "Novak", "Castillo", "Ivanova")
_FILL = {
    "company": ("Brightwave Ltd", "Nordic Freight AS", "Quantix Labs", "Helios Energy", "Pinebrook Partners",
                "Atlas Foods", "Meridian Health"),
    "title": ("data engineer", "HR director", "product designer", "CFO", "nurse manager", "operations lead"),
    "industry": ("logistics", "healthcare", "fintech", "retail", "construction", "education"),
    "city": ("Toronto", "Lagos", "Munich", "Austin", "Manila", "Lyon", "Pune"),
    "url": ("https://bit.ly/3xYz9Q", "www.growfast-leads.com/free", "http://claim-now.io/a?b=1"),
    "phone": ("+1 415 555 0134", "+44 7700 900123", "+234 803 555 0199"),
    "email": ("jane.doe@gmail.com", "offers@fastgrowth.io"),
}
_PLEASANTRIES = ("Hope you are doing well.", "Have a great day!", "Thanks in advance.", "Best regards.", "Cheers!",
                 "Hope your week is going well.", "Thank you for your time.", "Looking forward to hearing from you.",
                 "Take care.", "All the best.")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _fill(text: str, rng: random.Random) -> str:
    """A corpus text with its placeholders filled (names invented, the rest from small lists)."""

    def one(m: re.Match[str]) -> str:
        kind = m[1]
        if kind in ("name", "first_name", "firstname", "recipient"):
            return rng.choice(_FIRST)
        if kind in ("sender", "full_name", "last_name"):
            return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        return rng.choice(_FILL.get(kind, (kind,)))

    return _PLACEHOLDER.sub(one, text)


def _paraphrase(text: str, rng: random.Random) -> str:
    """One to two typos (outside the placeholders), then a pleasantry added, two sentences swapped or a short
    one dropped (:func:`fakeprofile.templates.reworded`)."""
    from fakeprofile.templates import reworded

    return reworded(text, rng, typos=rng.randint(1, 2), pleasantries=_PLEASANTRIES)[0]


def _shingles(text: str) -> frozenset[str]:
    s = " ".join(prepare(_PLACEHOLDER.sub(r"\1", text)).split())
    return frozenset(s[i : i + 5] for i in range(max(1, len(s) - 4)))


def _groups(texts: Sequence[str]) -> list[int]:
    """Group number of each text: connected components of 5-gram Jaccard >= ``GROUP_JACCARD``."""
    shingles = [_shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = shingles[i], shingles[j]
            inter = len(a & b)
            if inter and inter / (len(a) + len(b) - inter) >= GROUP_JACCARD:
                parent[root(j)] = root(i)
    roots: dict[int, int] = {}
    return [roots.setdefault(root(i), len(roots)) for i in range(len(texts))]


@dataclass(frozen=True)
class TrainingSet:
    """The texts a classifier is trained on, one row each.

    ``source`` is the template id or personal-note id a row was made from, ``original`` whether the row
    is that text itself (else a paraphrase), ``category`` the template category (``"personal"`` for
    notes) and ``group`` its cross-validation group.
    """

    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray
    source: list[str]
    category: list[str]
    original: np.ndarray

    def digest(self) -> str:
        """sha256 of the texts and labels, in order."""
        h = hashlib.sha256()
        for text, label in zip(self.texts, self.labels.tolist(), strict=True):
            h.update(json.dumps([text, label], ensure_ascii=False).encode() + b"\n")
        return h.hexdigest()


def training_set(variants: int = VARIANTS) -> TrainingSet:
    """The shipped corpus (label 1) and the hand-written personal notes (label 0), each with ``variants``
    paraphrases; deterministic (every text's randomness is seeded by its id)."""
    from fakeprofile.templates import data_dir, load_entries

    originals = [(e.id, e.category, e.text, 1) for e in load_entries(data_dir() / "templates.tsv")]
    originals += [(pid, "personal", text, 0) for pid, text in personal_notes()]
    group_of = _groups([text for _, _, text, _ in originals])
    texts, labels, groups, source, category, original = [], [], [], [], [], []
    for (sid, cat, text, label), group in zip(originals, group_of, strict=True):
        rng = random.Random(zlib.crc32(f"{SEED}:{sid}".encode()))
        made = [_fill(text, rng)] + [_fill(_paraphrase(text, rng), rng) for _ in range(variants)]
        for k, t in enumerate(made):
            texts.append(t)
            labels.append(label)
            groups.append(group)
            source.append(sid)
            category.append(cat)
            original.append(k == 0)
    return TrainingSet(texts, np.array(labels), np.array(groups), source, category, np.array(original))


# --------------------------------------------------------------------------------------------------
# Fitting (scikit-learn is needed here only)


def fit(texts: Sequence[str], labels: np.ndarray, *, c: float | None = None) -> tuple[Any, Any]:
    """Fit the vectorizer and the logistic regression on prepared texts; returns both (fitted)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, lowercase=False, min_df=MIN_DF,
                                 sublinear_tf=True, norm="l2", smooth_idf=True, dtype=np.float64)
    x = vectorizer.fit_transform([prepare(t) for t in texts])
    model = LogisticRegression(C=C_VALUE if c is None else c, class_weight="balanced", solver="lbfgs", max_iter=5000)
    model.fit(x, labels)
    return vectorizer, model


def sklearn_scores(vectorizer: Any, model: Any, notes: Iterable[str]) -> np.ndarray:
    """scikit-learn's probability of template text for raw notes (the reference the shipped file matches)."""
    return model.predict_proba(vectorizer.transform([prepare(n) for n in notes]))[:, 1]


def to_json(vectorizer: Any, model: Any, data: TrainingSet) -> str:
    """The classifier file's text: deterministic for the same fit (keys and vocabulary in a fixed order)."""
    import sklearn

    ngrams = vectorizer.get_feature_names_out().tolist()
    payload = {
        "format": FORMAT,
        "what": "probability that an invitation note is template, pitch or scam text rather than a personal note",
        "made_by": "python -m fakeprofile.note_classifier --train",
        "params": {"analyzer": "char_wb", "ngram_range": list(NGRAM_RANGE), "min_df": MIN_DF, "sublinear_tf": True,
                   "norm": "l2", "smooth_idf": True, "C": model.C, "class_weight": "balanced", "solver": "lbfgs",
                   "variants": VARIANTS, "seed": SEED, "max_chars": MAX_CHARS},
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "training_data": {"sha256": data.digest(), "texts": len(data.texts),
                          "templates": int(sum(data.original & (data.labels == 1))),
                          "personal_notes": int(sum(data.original & (data.labels == 0)))},
        "intercept": float(model.intercept_[0]),
        "ngrams": ngrams,
        "idf": vectorizer.idf_.tolist(),
        "coef": model.coef_[0].tolist(),
    }
    lines = ["{"]
    items = list(payload.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def train(path: str | Path | None = None) -> Path:
    """Fit on :func:`training_set` and write the classifier file (default: the shipped one)."""
    target = Path(path) if path is not None else notes_dir() / CLASSIFIER_FILE
    data = training_set()
    vectorizer, model = fit(data.texts, data.labels)
    target.write_text(to_json(vectorizer, model, data), encoding="utf-8")
    default_classifier.cache_clear()
    return target


# --------------------------------------------------------------------------------------------------
# Evaluation


def _rates(scores: np.ndarray, labels: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    flagged = scores >= threshold
    tp = int(np.sum(flagged & (labels == 1)))
    fp = int(np.sum(flagged & (labels == 0)))
    tn = int(np.sum(~flagged & (labels == 0)))
    fn = int(np.sum(~flagged & (labels == 1)))
    out = {"templates": int(np.sum(labels == 1)), "personal": int(np.sum(labels == 0)),
           "recall_templates": tp / (tp + fn) if tp + fn else math.nan,
           "personal_kept_personal": tn / (tn + fp) if tn + fp else math.nan,
           "precision_flagged": tp / (tp + fp) if tp + fp else math.nan,
           "precision_personal": tn / (tn + fn) if tn + fn else math.nan}
    return out


def cross_validated_scores(data: TrainingSet, folds: int = 5) -> np.ndarray:
    """Each original text's score from a model trained on the other groups (GroupKFold); NaN for paraphrases."""
    from sklearn.model_selection import GroupKFold

    texts = np.array(data.texts, dtype=object)
    scores = np.full(len(texts), np.nan)
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(texts, data.labels, data.groups):
        vectorizer, model = fit(texts[train_idx].tolist(), data.labels[train_idx])
        keep = test_idx[data.original[test_idx]]
        scores[keep] = sklearn_scores(vectorizer, model, texts[keep].tolist())
    return scores


def evaluate(folds: int = 5) -> dict[str, Any]:
    """Group cross-validation, leave-one-category-out and held-out figures (threshold 0.5).

    Cross-validated figures are computed on the original texts of each test fold (paraphrases are
    trained on, never scored), so each template and each personal note is scored once, by a model that
    saw neither it nor any text of its group.
    """
    data = training_set()
    texts = np.array(data.texts, dtype=object)
    scores = cross_validated_scores(data, folds)
    orig = data.original
    report: dict[str, Any] = {"group_cv": _rates(scores[orig], data.labels[orig]),
                              "groups": int(len(set(data.groups.tolist())))}
    cats = np.array(data.category)
    report["group_cv_recall_by_category"] = {
        c: float(np.mean(scores[orig & (cats == c)] >= 0.5)) for c in sorted(set(data.category) - {"personal"})}
    loco = {}
    for c in sorted(set(data.category) - {"personal"}):
        train_mask = cats != c
        vectorizer, model = fit(texts[train_mask].tolist(), data.labels[train_mask])
        held = orig & (cats == c)
        loco[c] = float(np.mean(sklearn_scores(vectorizer, model, texts[held].tolist()) >= 0.5))
    report["leave_one_category_out_recall"] = loco
    vectorizer, model = fit(data.texts, data.labels)
    rows = heldout_rows()
    # A held-out wording is template text when it is a family's positive, or a shared_context negative.
    spam = np.array([int(label == 1) if fam != "shared_context" else 1 - label for _, fam, label, _ in rows])
    held_scores = sklearn_scores(vectorizer, model, [text for *_, text in rows])
    report["heldout"] = _rates(held_scores, spam)
    flagged = scores >= 0.5
    report["group_cv_personal_flagged"] = [data.source[i] for i in np.flatnonzero(orig & (data.labels == 0) & flagged)]
    report["group_cv_templates_missed"] = [data.source[i] for i in np.flatnonzero(orig & (data.labels == 1) & ~flagged)]
    report["heldout_missed"] = [rows[i][0] for i in np.flatnonzero((held_scores < 0.5) & (spam == 1))]
    report["heldout_false_alarms"] = [rows[i][0] for i in np.flatnonzero((held_scores >= 0.5) & (spam == 0))]
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m fakeprofile.note_classifier --train [--out PATH] | --evaluate``."""
    parser = argparse.ArgumentParser(prog="python -m fakeprofile.note_classifier", description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--train", action="store_true", help="fit and write the classifier file")
    mode.add_argument("--evaluate", action="store_true", help="print cross-validated and held-out figures (JSON)")
    parser.add_argument("--out", help="where --train writes (default: the shipped data/notes/classifier.json)")
    args = parser.parse_args(argv)
    if args.train:
        print(f"wrote {train(args.out)}")
    else:
        json.dump(evaluate(), sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

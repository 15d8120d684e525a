"""The extractor contract and the registry that holds every clue family.

An extractor measures one family of clues. It declares its features up front, returns a float (or NaN
when the clue cannot be measured) for each, and, only when asked, says in words what it saw. Evidence
is produced on demand rather than with every value because batch scoring needs the numbers for
millions of profiles but the words only for the handful of features that end up as reasons.

The text helpers several families share live here too, so that no family imports another's module:
:func:`clip` (a quote cut to length), :func:`fold_case` (lower case that a case-sensitive pattern reads as ``re``
ignoring case would), :func:`ascii_words` (the words ``\\w+`` finds, fast on mostly-ASCII text) and
:func:`first_letter_alternation` (a phrase list as a pattern ``re`` searches quickly).
"""

from __future__ import annotations

import codecs
import math
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

import numpy as np

from fakeprofile.dates import month_span
from fakeprofile.hamming import HammingIndex
from fakeprofile.schema import Profile

if TYPE_CHECKING:
    from fakeprofile.photos import KnownImageIndex

NAN = math.nan
#: Longest piece of a profile's own text quoted in evidence.
MAX_QUOTE = 60


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    """A profile's text as evidence quotes it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


#: The characters beyond ASCII that ``re``, ignoring case, matches with an ASCII letter, mapped to that letter.
ASCII_TWINS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def fold_case(text: str) -> str:
    """``text`` in lower case, such that a pattern of lower-case ASCII letters matched case-sensitively finds in it
    what the same pattern ignoring case finds in ``text``, at the same places, about twice as fast.

    ``lower`` alone is not quite that: ``re`` ignoring case also matches "ſ" with "s", the Kelvin sign with "k",
    and "İ" and "ı" with "i" (and "İ" lower-cased is two characters). ``tests/extractors/test_base.py`` checks it
    on every code point: one character in, one out, with the same word, digit and space classes.
    """
    if not text.isascii() and any(twin in text for twin in "İıſ\u212a"):
        text = text.translate(ASCII_TWINS)
    return text.lower()


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
        if _has_top_level_bar(phrase):  # "ab|cd" would become "a(?:b|cd)"
            raise ValueError(f"phrase {phrase!r} has an alternative outside brackets: give each as a phrase")
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _has_top_level_bar(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group and character class (escapes skipped)."""
    depth, at, in_class = 0, 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            at += pattern.startswith("^", at + 1)
            at += pattern.startswith("]", at + 1)  # a "]" right after "[" or "[^" is a literal
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        at += 1
    return False


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


class CampaignCounts(Protocol):
    """What campaign features read: how many profiles of the batch being scored share a key.

    :class:`BatchCounts` counts in memory; :class:`fakeprofile.tally.SpilledCounts` on disk, for inputs
    of any size.
    """

    size: int

    def others(self, extractor: str, key: Hashable | None) -> float:
        """How many other profiles of the batch share ``key``; NaN without a key or a batch to compare.

        Asked only for the keys of profiles that were counted (a key from elsewhere may count as shared
        by none, though near photos of the batch would count for it)."""


@dataclass(frozen=True)
class BatchCounts:
    """How many profiles of a whole input share each campaign key (same photo, same message).

    Campaign clues are properties of a batch, not of one profile: counting them over the whole input
    before scoring any chunk makes a profile's value independent of how the input was chunked.
    """

    counts: dict[str, Counter[Hashable]] = field(default_factory=dict)
    size: int = 0
    #: Extractors whose keys are 64-bit hashes matched within a radius rather than exactly.
    radii: dict[str, int] = field(default_factory=dict)
    _near: dict[str, tuple[HammingIndex, np.ndarray]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def collect(cls, profiles: Iterable[Profile], extractors: Sequence[Extractor], ctx: Context) -> BatchCounts:
        """Count every batch-aware extractor's keys over ``profiles`` (each profile id counted once per key)."""
        aware = [ex for ex in extractors if ex.batch_aware]
        counts: dict[str, Counter[Hashable]] = {ex.name: Counter() for ex in aware}
        seen: dict[str, set[tuple[Hashable, str]]] = {ex.name: set() for ex in aware}
        size = 0
        for profile in profiles:
            size += 1
            for ex in aware:
                key = ex.batch_key(profile, ctx)
                if key is not None and (key, profile.id) not in seen[ex.name]:
                    seen[ex.name].add((key, profile.id))
                    counts[ex.name][key] += 1
        radii = {ex.name: ex.batch_radius for ex in aware if ex.batch_radius is not None}
        return cls(counts, size, radii)

    def others(self, extractor: str, key: Hashable | None) -> float:
        """How many other profiles of the batch share ``key`` (within the extractor's radius, for hashes);
        NaN without a key or a batch to compare."""
        if key is None or self.size < 2 or extractor not in self.counts:
            return NAN
        counts = self.counts[extractor]
        if extractor not in self.radii:
            return float(max(counts[key] - 1, 0))
        if extractor not in self._near:
            keys = np.fromiter(counts, dtype=np.uint64, count=len(counts))
            multiplicity = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
            self._near[extractor] = (HammingIndex(keys, np.arange(len(keys))), multiplicity)
        near, multiplicity = self._near[extractor]
        positions, _ = near.query(key, self.radii[extractor])
        total = int(multiplicity[positions].sum())
        # A key scored but not counted (a profile outside the batch) is not among the counts itself.
        return float(max(total - (1 if counts.get(key) else 0), 0))


@dataclass(frozen=True)
class Context:
    """What extractors need besides the profile.

    ``as_of`` is the month that "present" and account age are measured to when a profile has no
    ``observed_at`` of its own; fixing it keeps scores reproducible. ``known_images`` is the index
    photos are checked against (None: :func:`fakeprofile.photos.default_known_index`). ``batch``
    holds the campaign counts of the input being scored (None: a profile scored on its own).
    """

    as_of: str
    known_images: KnownImageIndex | None = None
    batch: CampaignCounts | None = None

    def as_of_month(self, profile: Profile) -> int:
        """Month number that 'now' means for this profile (the last month of a year-only date)."""
        # month_span, not month_number(..., is_end=True): a cached call with a keyword argument costs a
        # microsecond more, and every dated family asks for every profile.
        return month_span(profile.observed_at or self.as_of)[1]


#: More of the feature makes a fake more likely (+1), less likely (-1), or either (0, with a reason).
RAISES, LOWERS, EITHER = 1, -1, 0


@dataclass(frozen=True)
class Feature:
    """One declared feature: its name, the direction the seeds give it, and why when there is none.

    ``direction`` is what training passes to the classifier as a monotonic constraint: with +1 a larger
    value can never lower the probability of fake, with -1 never raise it. 0 leaves the feature free and
    needs ``why``: a clue whose both extremes are suspicious (very few connections, and tens of thousands)
    or that only matters together with another.
    """

    name: str
    direction: int
    why: str = ""

    def __post_init__(self) -> None:
        if self.direction not in (RAISES, LOWERS, EITHER):
            raise ValueError(f"feature {self.name!r}: direction must be +1, -1 or 0, got {self.direction!r}")
        if self.direction == EITHER and not self.why.strip():
            raise ValueError(f"feature {self.name!r} has no direction (0) and does not say why")
        if self.direction != EITHER and self.why:
            raise ValueError(f"feature {self.name!r} has a direction, so 'why' (for direction 0) is not used")


class Extractor(ABC):
    """One clue family: declared features, values per profile, evidence in words on demand.

    A subclass declares ``features`` (name and direction of each); ``feature_names`` and ``directions``
    are derived from it when the class is registered.

    Attributes
    ----------
    name, version, description
        What the family is called (its columns are ``"{name}__{feature}"``), the version a model artifact
        records (change it whenever a value could change), and what it measures, in a phrase.
    features
        The declared features, in column order.
    known_false_positives
        Required: the genuine people these clues can make look fake, and how the family keeps them down, in
        plain sentences (docstring markup such as double-backquoted literals is allowed; a list is lines
        starting with ``"- "``). The model card lists it for every extractor.
    clues
        Optional: clue name -> the features measured from one thing a person checks (the invitation's note,
        the photo), when there are several. Reasons are reported per clue, not per column. A clue name is
        an identifier, or ``"extractor.clue"`` to join another extractor's clue measured from the same thing;
        a feature belongs to at most one listed clue, and a feature not listed is a clue of its own, named as
        the feature. ``clue_of`` (feature -> clue name, in ``feature_names`` order) is
        derived from it when the class is registered.
    """

    name: ClassVar[str]
    version: ClassVar[str]
    description: ClassVar[str]
    features: ClassVar[tuple[Feature, ...]]
    known_false_positives: ClassVar[str]
    clues: ClassVar[dict[str, tuple[str, ...]]] = {}
    feature_names: ClassVar[tuple[str, ...]]
    #: Feature name -> +1, -1 or 0, in ``feature_names`` order.
    directions: ClassVar[dict[str, int]]
    #: Feature name -> the name of the clue it belongs to, in ``feature_names`` order.
    clue_of: ClassVar[dict[str, str]]

    @abstractmethod
    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        """Values for every declared feature (NaN where the clue cannot be measured)."""

    @abstractmethod
    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        """A sentence a person can check for each declared feature, given the values ``extract`` gave."""

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        """The sentences of the ``wanted`` features (it may give others too). What a reason asks for: one or two of
        an extractor's features. This default computes them all (:meth:`evidence`); an extractor whose words cost
        more than its features (a classifier run again, a text searched again) skips what is not wanted. A wanted
        feature's sentence is the same either way (``tests/extractors/test_evidence_for.py``)."""
        return self.evidence(profile, values, ctx)

    #: Set by extractors with a campaign feature: one counted over the whole batch by :meth:`batch_key`.
    batch_feature: ClassVar[str | None] = None
    #: For keys that are 64-bit hashes: keys within this many bits count as the same (None: exact keys).
    batch_radius: ClassVar[int | None] = None

    @property
    def batch_aware(self) -> bool:
        return self.batch_feature is not None

    def batch_key(self, profile: Profile, ctx: Context) -> Hashable | None:
        """What identifies this profile's campaign (its photo's hash, its message's text), or None."""
        return None

    def shares_nothing(self, profile: Profile) -> bool:
        """Whether a profile without a campaign key, scored in a batch, is known to share nothing (it shows
        no photo, or sent a note too common to count): then its batch feature is 0, not unknown."""
        return False

    def extract_batch(self, profiles: Sequence[Profile], ctx: Context) -> np.ndarray:
        """Feature matrix (profiles x declared features); the batch feature comes from ``ctx.batch``."""
        names = self.feature_names
        # Filled from one stream of values: assigning row by row cost more than some extractors' own work, and a
        # list of every row, kept until the array is made, made the interpreter's full collections more frequent.
        rows = (self.extract(profile, ctx) for profile in profiles)
        out = np.fromiter((values[n] for values in rows for n in names), dtype=np.float64,
                          count=len(profiles) * len(names)).reshape(len(profiles), len(names))
        if self.batch_feature is not None:
            column = names.index(self.batch_feature)
            batch = ctx.batch or BatchCounts()
            in_batch = batch.size >= 2
            for row, profile in enumerate(profiles):
                key = self.batch_key(profile, ctx)
                if key is not None:
                    out[row, column] = batch.others(self.name, key)
                else:
                    out[row, column] = 0.0 if in_batch and self.shares_nothing(profile) else NAN
        return out

    @classmethod
    def qualified(cls, feature: str) -> str:
        """The model's column name for one of this extractor's features."""
        return f"{cls.name}__{feature}"


REGISTRY: dict[str, type[Extractor]] = {}


def _clue_of(name: str, feature_names: tuple[str, ...], clues: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Feature -> clue name for an extractor's declared ``clues``; refuses groups that do not fit its features."""
    listed: dict[str, str] = {}
    for clue, members in clues.items():
        # "other.clue" joins a clue of another extractor measured from the same thing (a count's roundness
        # belongs with the count): reasons and the insufficient rule then count that thing once.
        if not isinstance(clue, str) or not all(part.isidentifier() for part in clue.split(".", 1)):
            raise ValueError(f"extractor {name!r}: clue name {clue!r} is not an identifier (or extractor.clue)")
        if isinstance(members, str) or not members:
            raise ValueError(f"extractor {name!r}: clue {clue!r} must be a non-empty tuple of feature names")
        for feature in members:
            if feature not in feature_names:
                raise ValueError(f"extractor {name!r}: clue {clue!r} lists {feature!r}, which is not one of its "
                                 "features")
            if feature in listed:
                raise ValueError(f"extractor {name!r}: feature {feature!r} is in two clues, {listed[feature]!r} "
                                 f"and {clue!r}")
            listed[feature] = clue
    clashing = [feature for feature in feature_names if feature not in listed and feature in clues]
    if clashing:
        raise ValueError(f"extractor {name!r}: clue {clashing[0]!r} does not list the feature of that name, which "
                         "is a clue of its own under the same name")
    return {feature: listed.get(feature, feature) for feature in feature_names}


def register(cls: type[Extractor]) -> type[Extractor]:
    """Class decorator adding an extractor to the registry under its ``name``.

    Checks the declarations (see :class:`Extractor`) and derives ``feature_names``, ``directions`` and
    ``clue_of``; an extractor that declares something wrong is refused with what is wrong.
    """
    for attr in ("name", "version", "description", "features", "known_false_positives"):
        if not hasattr(cls, attr):
            raise TypeError(f"extractor {cls.__name__} does not declare {attr!r}")
    if not isinstance(cls.known_false_positives, str) or not cls.known_false_positives.strip():
        raise TypeError(f"extractor {cls.name!r}: 'known_false_positives' must say, in words, which genuine "
                        "people its clues can make look fake")
    if not all(isinstance(f, Feature) for f in cls.features):
        raise TypeError(f"extractor {cls.name!r}: every entry of 'features' must be a Feature")
    feature_names = tuple(f.name for f in cls.features)
    if len(set(feature_names)) != len(feature_names):
        raise ValueError(f"extractor {cls.name!r} declares a feature twice")
    if cls.batch_feature is not None and cls.batch_feature not in feature_names:
        raise ValueError(f"extractor {cls.name!r}: batch feature {cls.batch_feature!r} is not one of its features")
    clue_of = _clue_of(cls.name, feature_names, cls.clues)
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"two extractors are named {cls.name!r}")
    cls.feature_names = feature_names
    cls.directions = {f.name: f.direction for f in cls.features}
    cls.clue_of = clue_of
    REGISTRY[cls.name] = cls
    return cls

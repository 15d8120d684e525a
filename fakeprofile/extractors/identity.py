"""Identity: the handle (profile URL slug or username), the linked website, and whether the profile is private.

Public fake-account tables (InstaFake, the Kaggle Instagram table) measure the username's length and digits,
whether the name is the username, an external URL and a private account; issue 19 adds the handle's
random-looking parts, and website oddities: a link shortener or free host instead of a domain of one's own,
or a domain that has nothing to do with the current employer.

The handle: the platform gives every profile a default slug, the name plus a hex-like suffix
('jane-doe-4b1a2c'). That suffix is normal and is set aside before anything is counted. What is left is
compared with the name: the name's words explain their letters; digits, long digit runs, letter-digit mixes
and letter runs without vowels are what a generator (or a person inventing throwaway accounts) leaves.
Where a source gives only measurements of the handle (``measured.handle_length``, ``handle_digits``,
``handle_digit_share``, ``name_is_handle``), they are read and nothing else is invented.

Digits, read from the text and from a measurement: from the text, ``handle_digits`` counts the digits outside
the platform's default suffix, and ``handle_digit_share`` divides them by the characters of the handle without
that suffix and its hyphen, so 'maria-souza-1987-4b1a2c' has 4 digits in 16 characters ('maria-souza-1987').
A measurement (the Kaggle Instagram table's "nums/length username") counts every digit of the whole handle, as
the schema checks it: the source's text is not there to set a suffix aside. The sources that give only
measurements are usernames without such a suffix, where the two agree; the evidence of a measured count says it
is of all digits.

Whether there is a website at all (``website_given``) is read from the link, or from a source's word that there
is one without the address (``has_website``, the Kaggle table's "external URL"). The website is never fetched:
only its domain is read. It is compared with the current employer and the person's name by whole words: the
label must be made of the employer's words, its initials ('ibm', 'ge') and generic words ('careers', 'group'),
not merely contain three letters of them ('art' in 'smartprofits', 'ge' at the start of 'geocities'). A job
at 'Self-employed', 'Freelance', 'Retired' or the like names no employer, so a website is not compared with it.
An employer without Latin words ('トヨタ自動車') is not compared either. The lists of link shorteners and free
website hosts ship in ``data/domains/`` (each entry with its source) and are read once per process.

Its known false positives are ``IdentityExtractor.known_false_positives``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.extractors.name import ORGANISATION_WORDS
from fakeprofile.schema import Measured, Profile, website_host

_DATA_DIRS = (
    Path(__file__).resolve().parents[1] / "data" / "domains",  # installed wheel (force-included)
    Path(__file__).resolve().parents[2] / "data" / "domains",  # source checkout
)

#: The platform's default slug suffix: 5 to 10 hex characters after the last hyphen, mixing digits and letters.
#: An all-digit tail is not taken for one (a person appending digits is far likelier; see the false positives).
_PLATFORM_SUFFIX = re.compile(r"-(?=[0-9a-f]{5,10}\Z)(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])([0-9a-f]{5,10})\Z")
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
_DIGIT_OR_NOT_RUNS = re.compile(r"\d+|\D+")
_ALNUM_WORDS = re.compile(r"[a-z0-9]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SCHEME = re.compile(r"\A[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_PATH_MARK = re.compile(r"[/?#]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_VOWELS = frozenset("aeiouy")
#: A run of at least this many digits (outside the platform's suffix) is random-looking.
LONG_DIGIT_RUN = 5
#: A stretch of letters not from the name this long, with no more than VOWELLESS_SHARE vowels, or a run of
#: CONSONANT_RUN consonants, is random-looking ("xkqzt", "bcdfgh"); English words have about 40% vowels.
LETTER_STRETCH = 6
VOWELLESS_SHARE = 0.2
CONSONANT_RUN = 5
#: Letter-digit alternations within one leftover chunk that make it random-looking ("x7kq9zt" has 4).
MIXED_SWITCHES = 3
#: Legal forms and generic words dropped from a company name before comparing it with a domain.
_COMPANY_STOPWORDS = frozenset(ORGANISATION_WORDS) | {"the", "and", "of", "de", "la", "le", "et", "y", "und", "der",
                                                     "sa", "nv", "oy", "ab", "as", "spa", "kk", "llp", "lp"}

#: Words a site's name may add to an employer's or a person's words without naming anyone else: "valeglobal",
#: "ibm-careers", "gegroup", "thejanedoe".
_SITE_GENERIC = _COMPANY_STOPWORDS | {
    "careers", "career", "jobs", "job", "hiring", "work", "hq", "online", "web", "site", "home", "world",
    "worldwide", "intl", "inter", "my", "me", "get", "go", "hello", "hi", "blog", "news", "info", "us", "usa",
    "uk", "eu", "www", "app", "net", "io"}
_LONGEST_SITE_GENERIC = max(map(len, _SITE_GENERIC))
#: A word of the person's name this long may begin or end a site's name followed by anything
#: ("mariasouzaphotography"); a shorter one must be a whole part of it.
NAME_AT_EDGE = 4
#: A site's name is read up to this many characters (a DNS label is at most 63).
_LABEL_CAP = 100

#: Company words that, anywhere in a job's company, say the job has no employer: the person works for
#: themself or for no one ("Self-employed", "Freelance designer", "Retired", "Open to work").
_NO_EMPLOYER_PHRASES = re.compile(
    r"\b(self ?employed|freelanc\w*|unemployed|retired|open to work|career break|between jobs|sabbatical|"
    r"job ?seek\w*|looking for (work|opportunities|a job)|stay at home \w+|homemaker)\b")
#: Words that name no employer when the company is made of nothing else ("Independent Consultant", "Student",
#: "N/A"); beside another word they may be part of a real name ("Independent Bank", "Student Loan Company").
_NO_EMPLOYER_WORDS = frozenset({
    "self", "independent", "independently", "consultant", "consultants", "consulting", "contractor", "contract",
    "student", "students", "none", "n", "a", "na", "various", "confidential", "undisclosed", "private", "stealth",
    "startup", "own", "my", "business", "personal", "projects", "sole", "trader", "proprietor", "owner",
    "entrepreneur", "autonomo", "autonoma", "independiente", "freiberuflich", "selbststandig", "selbstandig",
    "independant", "the", "and", "of", "for", "at"})

_NOT_IN_INITIALS = frozenset({"inc", "llc", "ltd", "limited", "corp", "co", "gmbh", "ag", "sa", "srl", "bv", "pvt",
                              "plc", "pty", "llp", "lp", "nv", "oy", "ab", "spa", "kk", "the", "and", "of"})


def data_dir() -> Path:
    """The folder of the domain lists (installed or in the source checkout)."""
    for d in _DATA_DIRS:
        if d.is_dir():
            return d
    raise FileNotFoundError(f"domain lists not found in any of {[str(d) for d in _DATA_DIRS]}")


def _entries(path: Path) -> frozenset[str]:
    """The first column of a list file, lower-cased, without comments or blank lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t", 1)[0].strip().lower() for line in lines
                     if line.strip() and not line.lstrip().startswith("#"))


@dataclass(frozen=True)
class DomainLists:
    shorteners: frozenset[str]
    free_hosts: frozenset[str]
    second_level: frozenset[str]


@functools.lru_cache(maxsize=1)
def domain_lists() -> DomainLists:
    """The shipped lists, read once per process."""
    folder = data_dir()
    return DomainLists(_entries(folder / "shorteners.tsv"), _entries(folder / "free_hosts.tsv"),
                       _entries(folder / "second_level_suffixes.txt"))


def fold(text: str) -> str:
    """Case-folded, accents removed ("Itaú" -> "itau"), compatibility forms unified (full-width letters)."""
    if text.isascii():  # most handles and names: no ASCII character decomposes or is a combining mark
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _ascii_words(text: str, min_len: int = 2) -> list[str]:
    """The ASCII words (after folding) of a name, at least ``min_len`` letters: what a Latin handle can contain."""
    folded = fold(text)
    if folded.isascii():  # in ASCII the word characters that are neither digits nor '_' are the letters A-Z, a-z
        return [w for w in _ASCII_LETTERS.findall(folded) if len(w) >= min_len]
    return [w for w in _WORD.findall(folded) if w.isascii() and len(w) >= min_len]


def _quote(text: str, limit: int = 60) -> str:
    """A profile's text as evidence quotes it: invisible control and format characters (direction overrides,
    zero-width spaces) left out, as a reader's screen shows it, clipped, in quotes."""
    visible = text[: limit * 4]
    # Control and format characters are among those str.isprintable rejects: a printable text has none to leave out
    # (the test a character at a time is the cost of quoting).
    if not visible.isprintable():
        visible = "".join(ch for ch in visible if unicodedata.category(ch) not in ("Cc", "Cf"))
    return repr(clip(visible, limit))


# ---------------------------------------------------------------------------------------------------- handle


@dataclass(frozen=True)
class HandleReading:
    """What the handle shows, once the platform's suffix and the name's words are set aside."""

    suffix: str | None  # the platform's default suffix, without its hyphen
    digits: int  # digits outside the suffix
    length: int  # characters outside the suffix and its hyphen, after folding
    name_share: float  # share of the name's words found in the handle (NaN: no comparable name)
    leftover: list[str]  # chunks not explained by the name, in order
    random_parts: list[str]  # the leftover chunks that look random


@functools.lru_cache(maxsize=8192)  # extraction and then the evidence behind a reason read the same handle
def read_handle(handle: str, name: str | None) -> HandleReading:
    folded = fold(handle[:200])
    match = _PLATFORM_SUFFIX.search(folded)
    suffix = match.group(1) if match else None
    body = folded[: match.start()] if match else folded
    digits = sum(map(str.isdigit, body))
    words = sorted(set(_ascii_words(name or "")), key=len, reverse=True)
    joined = _SEPARATORS.sub("", body)
    found = [w for w in words if w in joined]
    name_share = len(found) / len(words) if words else NAN
    rest = _SEPARATORS.sub(" ", body)
    for word in found:  # longest first, so "ann" does not eat the middle of "annabel"
        rest = rest.replace(word, " ")
    leftover = rest.split()
    return HandleReading(suffix, digits, len(body), name_share, leftover,
                         [c for c in leftover if _random_looking(c)])


def _runs(chunk: str) -> list[str]:
    """Maximal runs of digits and of non-digits ("ab12c" -> ["ab", "12", "c"])."""
    return _DIGIT_OR_NOT_RUNS.findall(chunk)


def _random_looking(chunk: str) -> bool:
    runs = _runs(chunk)
    if any(r.isdigit() and len(r) >= LONG_DIGIT_RUN for r in runs):
        return True
    if len(runs) - 1 >= MIXED_SWITCHES:
        return True
    for run in runs:
        if run.isdigit() or not run.isascii():
            continue
        if _longest_consonant_run(run) >= CONSONANT_RUN:
            return True
        if len(run) >= LETTER_STRETCH and sum(ch in _VOWELS for ch in run) / len(run) <= VOWELLESS_SHARE:
            return True
    return False


def _longest_consonant_run(letters: str) -> int:
    longest = current = 0
    for ch in letters:
        current = 0 if (ch in _VOWELS or not ch.isalpha()) else current + 1
        longest = max(longest, current)
    return longest


# --------------------------------------------------------------------------------------------------- website


@dataclass(frozen=True)
class Site:
    host: str  # lower-case, without "www."
    kind: str  # "shortener", "free host" or "own domain"
    platform: str | None  # the shortener's or host's listed domain
    label: str  # the name the site goes by: the registrable label, or the user's part on a free host
    punycode: bool


@functools.lru_cache(maxsize=8192)  # as read_handle: once for the features, again for the evidence
def read_website(website: str) -> Site:
    text = website.strip()[:2_000]
    text = _SCHEME.sub("", text)
    cut = _PATH_MARK.search(text)
    path = text[cut.start():] if cut else ""
    # The host as the schema reads it (user info, port, "www." and a trailing dot set aside): one parser for
    # the validator and this extractor, so they never disagree on what the site is.
    host = website_host(website) or ""
    parts = [part for part in _PATH_MARK.split(path) if part]
    first_path = parts[0] if parts else ""
    lists = domain_lists()
    labels = host.split(".")
    punycode = any(label.startswith("xn--") for label in labels)
    shortener = _listed(host, lists.shorteners)
    if shortener:
        return Site(host, "shortener", shortener, "", punycode)
    free = _listed(host, lists.free_hosts)
    if free:
        user = host[: -len(free)].rstrip(".").rsplit(".", 1)[-1] if host != free else first_path.lstrip("@~")
        if free == "sites.google.com" and first_path in ("view", "site"):
            user = parts[1] if len(parts) > 1 else ""
        return Site(host, "free host", free, user, punycode)
    return Site(host, "own domain", None, _registrable_label(labels, lists.second_level), punycode)


def _listed(host: str, entries: frozenset[str]) -> str | None:
    """The entry ``host`` is, or is a subdomain of; None if none."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in entries:
            return candidate
    return None


def _registrable_label(labels: list[str], second_level: frozenset[str]) -> str:
    """The name a domain is registered under: "itau" for itau.com.br, "vale" for careers.vale.com."""
    if len(labels) >= 3 and ".".join(labels[-2:]) in second_level:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def names_no_employer(company: str) -> bool:
    """Whether a job's company names no employer: 'Self-employed', 'Freelance', 'Retired', 'Open to work', or a
    company made only of such words ('Independent Consultant', 'Student', 'N/A')."""
    words = _ALNUM_WORDS.findall(fold(company[:200]))
    if _NO_EMPLOYER_PHRASES.search(" ".join(words)):
        return True
    return bool(words) and all(w in _NO_EMPLOYER_WORDS for w in words)


def _current_companies(profile: Profile) -> list[str]:
    """The companies of current jobs, in order: started and with no end date (a bare job without dates says
    nothing about when it was)."""
    return [job.company.strip() for job in profile.experience or ()
            if job.end is None and job.start is not None and (job.company or "").strip()]


def current_employer(profile: Profile) -> str | None:
    """The company of the first current job that names an employer (not 'Self-employed', 'Freelance', ...)."""
    return next((company for company in _current_companies(profile) if not names_no_employer(company)), None)


def _alnum_words(text: str) -> list[str]:
    """The runs of ASCII letters and digits of a company or person name, after folding."""
    return _ALNUM_WORDS.findall(fold(text[:500]))


def _kept_words(alnum_words: list[str], *, company: bool) -> list[str]:
    """``_own_words`` of a name's ``_alnum_words``."""
    words = [w for w in alnum_words if w.isascii()]
    if company:
        kept = [w for w in words if w not in _COMPANY_STOPWORDS] or words
        return [w for w in kept if len(w) >= 2] or kept  # a lone letter ("A Plus Tutors") would match any 'a'
    return [w for w in words if len(w) >= 2 and not w.isdigit()]


def _own_words(text: str, *, company: bool) -> list[str]:
    """The ASCII words of a company or person name that a site's name can carry: a company's without its legal
    form and generic words (unless it has no others)."""
    return _kept_words(_alnum_words(text), company=company)


def _made_of(part: str, own: AbstractSet[str], generic: AbstractSet[str], longest: int) -> bool:
    """Whether ``part`` is a run of ``own`` and ``generic`` words end to end, with at least one of ``own``;
    ``longest`` is at least the length of the longest of those words."""
    reach = [0] * (len(part) + 1)  # 0: not reached; 1: reached by generic words only; 2: by an own word too
    reach[0] = 1
    for i in range(len(part)):
        if not reach[i]:
            continue
        # The words that start here are the slices from here that are words: each length looked up once, rather
        # than each of the hundred-odd words tried.
        for j in range(i + 1, min(i + longest, len(part)) + 1):
            word = part[i:j]
            if word in own:
                reach[j] = 2
            elif word in generic:
                reach[j] = max(reach[j], reach[i])
    return reach[-1] == 2


def relates_to(label: str, text: str, *, company: bool) -> bool:
    """Whether a site's name comes from a company or person name, by whole words: the label, or one of its
    hyphen-separated parts, is made end to end of the name's words and generic words ('valeglobal',
    'ibm-careers'); for a company its initials count as a word ('ibm', 'gegroup', never 'geocities'); an
    initial letter may fill a label but never make it ('msouza', 'ndesign' for Nexus Design); and a word of
    the person's name of NAME_AT_EDGE letters or more may begin or end a part followed by anything
    ('mariasouzaphotography'). A company's legal form does not count."""
    parts = [p for p in _NOT_ALNUM.split(fold(label[:_LABEL_CAP])) if p]
    alnum_words = _alnum_words(text)
    words = _kept_words(alnum_words, company=company)
    if not parts or not words:
        return False
    own = set(words)
    generic = set(_SITE_GENERIC)
    if company:
        # Initials of every word but the legal form and joining words: "International Business Machines" -> "ibm".
        spelled = [w for w in alnum_words if w.isascii() and w not in _NOT_IN_INITIALS]
        if len(spelled) >= 2:
            own.add("".join(w[0] for w in spelled))
    # An initial letter, or a lone-letter word, may fill a name ("msouza", "ndesign", "aplustutors"), never make one.
    generic |= {w[0] for w in words} | {w for w in alnum_words if len(w) == 1}
    longest = max(_LONGEST_SITE_GENERIC, *map(len, own))  # what generic adds to _SITE_GENERIC is one letter long
    candidates = [*parts, "".join(parts)] if len(parts) > 1 else parts
    if any(_made_of(part, own, generic, longest) for part in candidates):
        return True
    if not company:
        return any(len(w) >= NAME_AT_EDGE and (part.startswith(w) or part.endswith(w)) for w in words for part in parts)
    return False


def _site_relates_to(site: Site, profile: Profile) -> str | None:
    """"employer" or "name" when the site's name comes from the current employer or the person, "" when from
    neither, None when that cannot be told (no current employer, an employer without Latin words to compare, a
    shortened link hiding the site, or a site without a name of its own)."""
    employer = current_employer(profile)
    if not employer or site.kind == "shortener" or not site.label:
        return None
    return _label_relates_to(site.label, employer, profile.name)


@functools.lru_cache(maxsize=4096)  # as read_website: once for the feature, again for the evidence that names it
def _label_relates_to(label: str, employer: str, name: str | None) -> str | None:
    """``_site_relates_to`` for a site's name, the current employer and the person's name."""
    if not _own_words(employer, company=True):
        return None
    if relates_to(label, employer, company=True):
        return "employer"
    if name and relates_to(label, name, company=False):
        return "name"
    return ""


# ---------------------------------------------------------------------------------------------------- extractor

_HANDLE = ("handle_length", "handle_digits", "handle_digit_share", "handle_name_match", "random_looking",
           "name_is_handle")
_WEBSITE = ("website_shortener", "website_free_host", "website_punycode", "website_unrelated")


@register
class IdentityExtractor(Extractor):
    name = "identity"
    version = "1.0"
    description = ("the handle (length, digits, random-looking parts, whether it carries the name), whether a "
                   "website is linked and its domain (shortener, free host, unrelated to the employer) and a "
                   "private profile")
    known_false_positives = (
        "People whose handle does not carry their name: a nickname, a transliteration ('Zhang Wei' as 'david-z'), "
        "a maiden name, or a name in another script, which is why a name with no Latin words is not compared "
        "(NaN).\n"
        "- Birth years and lucky numbers ('maria.souza1987') are digits genuine people add; only a run of 5 or more "
        "counts as random. About 6% of the platform's 6-character default suffixes are all digits and then count "
        "as digits too.\n"
        "- Names with long consonant clusters (Mkrtchyan, Strzelczyk) are set aside as the name's own words; a "
        "surname the profile does not show is not.\n"
        "- Freelancers and small businesses on a free host or a link-in-bio page; a personal site, a side project, "
        "a GitHub or Medium page, or a former employer's site, all 'unrelated' to the current employer (a domain "
        "carrying the person's name counts as related, and a current job at 'Self-employed', 'Freelance' and the "
        "like names no employer to compare with). A company's site under a name not made of its words (a brand, a "
        "product, an abbreviation other than its initials) is 'unrelated' too.\n"
        "- Genuine domains in another script are written in punycode ('xn--').\n"
        "- Private profiles belong to privacy-minded genuine people as often as to fakes hiding an empty profile."
    )
    clues = {
        "handle": _HANDLE,
        "website": ("website_given", *_WEBSITE),
    }
    features = (
        Feature("handle_length", EITHER,
                why=("long generated usernames and short vanity handles both occur, and a default slug is as long as "
                     "the name it carries: the length matters with the digits and the random parts, not alone")),
        Feature("handle_digits", RAISES),
        Feature("handle_digit_share", RAISES),
        Feature("handle_name_match", LOWERS),
        Feature("random_looking", RAISES),
        Feature("name_is_handle", RAISES),
        Feature("website_given", EITHER,
                why=("a link is effort a throwaway fake rarely spends, and fake-account tables show fewer links among "
                     "fakes; yet spammers and scammers link to their offers, and most genuine members link nowhere: "
                     "which way it points differs by platform and must be learned")),
        Feature("website_shortener", RAISES),
        Feature("website_free_host", RAISES),
        Feature("website_punycode", RAISES),
        Feature("website_unrelated", RAISES),
        Feature("private_profile", EITHER,
                why=("hiding a profile hides what a person could check, and fake-account tables show private "
                     "accounts among fakes; but privacy-minded genuine members hide theirs too, and a scam needs to be "
                     "seen: which way it points differs by platform and must be learned")),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        values |= self._handle_values(profile)
        given = profile.has_any_website
        if given is not None:
            values["website_given"] = float(given)
        if profile.website is not None:
            site = read_website(profile.website)
            values["website_shortener"] = float(site.kind == "shortener")
            values["website_free_host"] = float(site.kind == "free host")
            values["website_punycode"] = float(site.punycode)
            related = _site_relates_to(site, profile)
            if related is not None:
                values["website_unrelated"] = float(related == "")
        if profile.visibility is not None:
            values["private_profile"] = float(profile.visibility == "private")
        return values

    def _handle_values(self, profile: Profile) -> dict[str, float]:
        measured = profile.measured
        handle = profile.handle
        values: dict[str, float] = {}
        if handle is None:
            if measured is not None:
                if measured.handle_length is not None:
                    values["handle_length"] = float(measured.handle_length)
                if measured.handle_digits is not None:
                    values["handle_digits"] = float(measured.handle_digits)
                share = _measured_digit_share(measured)
                if share is not None:
                    values["handle_digit_share"] = share
                if measured.name_is_handle is not None:
                    values["name_is_handle"] = float(measured.name_is_handle)
            return values
        reading = read_handle(handle, profile.name)
        values["handle_length"] = float(len(handle))
        values["handle_digits"] = float(reading.digits)
        values["handle_digit_share"] = reading.digits / reading.length if reading.length else 0.0
        values["handle_name_match"] = reading.name_share
        values["random_looking"] = float(bool(reading.random_parts))
        if profile.name and profile.name.strip():
            values["name_is_handle"] = float(profile.name.strip().casefold() == handle.casefold())
        elif measured is not None and measured.name_is_handle is not None:
            values["name_is_handle"] = float(measured.name_is_handle)
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        return self.evidence_for(profile, values, ctx, self.feature_names)

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        # Reading the handle and the website again is most of the cost: only for the features asked for.
        wanted = set(wanted)
        words = self._handle_words(profile, values, wanted) if not wanted.isdisjoint(_HANDLE) else {}
        if not wanted.isdisjoint(_WEBSITE):
            words |= self._website_words(profile, values, wanted)
        if "website_given" in wanted:
            words["website_given"] = _website_given_words(profile)
        if "private_profile" in wanted:
            words["private_profile"] = "visibility not given" if profile.visibility is None \
                else f"the profile is {profile.visibility}"
        return words

    def _handle_words(self, profile: Profile, values: dict[str, float], wanted: AbstractSet[str]) -> dict[str, str]:
        handle = profile.handle
        if handle is None:
            measured = profile.measured
            length, digits = values["handle_length"], values["handle_digits"]
            same = values["name_is_handle"]
            return {
                "handle_length": "handle not given" if length != length else f"the handle is {int(length)} characters "
                                                                             "long (the source gives only its length)",
                "handle_digits": "handle not given" if digits != digits else (
                    f"the handle has {int(digits)} digits (the source gives only the count, of all its digits: a "
                    "platform suffix's digits cannot be set aside)"),
                "handle_digit_share": _measured_share_words(measured),
                "handle_name_match": "handle not given, so not compared with the name",
                "random_looking": "handle not given, so not read for random parts",
                "name_is_handle": "handle not given" if same != same or measured is None
                else ("the source says the name is the handle itself" if same == 1
                      else "the source says the name differs from the handle"),
            }
        shown = _quote(handle)
        reading = read_handle(handle, profile.name)
        suffix = f" (besides the platform's default suffix '-{reading.suffix}')" if reading.suffix else ""
        same = values["name_is_handle"]
        words = {
            "handle_length": f"handle {shown} is {len(handle)} characters long",
            "handle_digits": f"handle {shown} has {reading.digits} digit(s){suffix}",
            "handle_digit_share": _share_words(shown, reading, values["handle_digit_share"]),
            "name_is_handle": "no name to compare the handle with" if same != same
            else (f"the name is the handle {shown} itself, as an account's name left as its username"
                  if same == 1 else f"the name is not the handle {shown}"),
        }
        # These two quote more of the profile (the name, the random parts): only when asked for.
        if "handle_name_match" in wanted:
            words["handle_name_match"] = _name_match_words(shown, profile.name, values["handle_name_match"])
        if "random_looking" in wanted:
            words["random_looking"] = _random_words(shown, reading)
        return words

    def _website_words(self, profile: Profile, values: dict[str, float], wanted: AbstractSet[str]) -> dict[str, str]:
        if profile.website is None:
            said = ("the profile links to a website, but its address is not given" if profile.has_website
                    else "no website given")
            return dict.fromkeys(_WEBSITE, said)
        site = read_website(profile.website)
        domain = _quote(site.host)
        if site.kind == "shortener":
            kind = f"website {domain} is a link shortener ({site.platform}), which hides where it leads"
        elif site.kind == "free host":
            kind = f"website {domain} is on {site.platform}, a free website host, not a domain of its own"
        else:
            kind = f"website {domain} is a domain of its own"
        words = {
            "website_shortener": kind,
            "website_free_host": kind,
            "website_punycode": (f"website {domain} is written in punycode ('xn--'), which can imitate another "
                                 "domain's letters" if site.punycode else f"website {domain} is not in punycode"),
        }
        if "website_unrelated" in wanted:  # the employer is looked for only here
            words["website_unrelated"] = _relation_words(site, domain, profile, values["website_unrelated"])
        return words


def _measured_digit_share(measured: Measured) -> float | None:
    """The share of digits in the handle from a source's measurements: its share, else its digits over its length."""
    if measured.handle_digit_share is not None:
        return float(measured.handle_digit_share)
    if measured.handle_digits is not None and measured.handle_length:
        return min(measured.handle_digits / measured.handle_length, 1.0)
    return None


def _measured_share_words(measured: Measured | None) -> str:
    if measured is None:
        return "handle not given"
    if measured.handle_digit_share is not None:
        return (f"{measured.handle_digit_share:.0%} of the handle's characters are digits (the source gives only "
                "the share)")
    digits, length = measured.handle_digits, measured.handle_length
    if digits is not None and length:
        return (f"{digits} of the handle's {length} characters are digits ({min(digits / length, 1.0):.0%}; the source "
                "gives only the counts)")
    if digits is not None and length == 0:
        return "handle not given (the source gives its length as 0, so no share of digits)"
    if digits is not None:
        return "handle not given (the source gives its digits but not its length)"
    return "handle not given"


def _name_match_words(shown: str, name: str | None, share: float) -> str:
    if share != share:
        return f"handle {shown}: no name in Latin letters to compare it with"
    if share == 0:
        return f"handle {shown} contains none of the words of the name {_quote(name or '')}"
    return f"handle {shown} contains {share:.0%} of the words of the name {_quote(name or '')}"


def _random_words(shown: str, reading: HandleReading) -> str:
    if reading.random_parts:
        parts = ", ".join(_quote(p, 30) for p in reading.random_parts[:3])
        return f"handle {shown} has random-looking part(s) {parts} that are not from the name"
    if reading.suffix:
        return f"handle {shown} carries only the platform's default suffix '-{reading.suffix}', which is normal"
    return f"handle {shown} has no random-looking part"


def _share_words(shown: str, reading: HandleReading, share: float) -> str:
    if reading.digits == 0:
        besides = f" (besides the platform's default suffix '-{reading.suffix}')" if reading.suffix else ""
        return f"handle {shown} has no digits{besides}"
    besides = f", besides the platform's default suffix '-{reading.suffix}'" if reading.suffix else ""
    return (f"{reading.digits} of the {reading.length} characters of handle {shown} are digits ({share:.0%})"
            f"{besides}")


def _website_given_words(profile: Profile) -> str:
    if profile.website is not None:
        host = read_website(profile.website).host
        return f"links to a website ({_quote(host or profile.website)})"
    if profile.has_website is True:
        return "links to a website (the source gives no address)"
    if profile.has_website is False:
        return "no website linked"
    return "whether the profile links to a website is not given"


def _relation_words(site: Site, domain: str, profile: Profile, unrelated: float) -> str:
    employer = current_employer(profile)
    if unrelated != unrelated:
        return _unknown_relation_words(site, profile, employer)
    if unrelated == 1:
        return f"website {domain} matches neither the current employer {_quote(employer or '')} nor the person's name"
    if _site_relates_to(site, profile) == "employer":
        return f"website {domain} matches the current employer {_quote(employer or '')}"
    return f"website {domain} carries the person's name {_quote(profile.name or '')}"


def _unknown_relation_words(site: Site, profile: Profile, employer: str | None) -> str:
    """Why a website could not be compared with the employer."""
    if site.kind == "shortener":
        return "a shortened link says nothing about where it leads"
    if employer is None:
        skipped = next(iter(_current_companies(profile)), None)
        if skipped is not None:
            return f"the current job is at {_quote(skipped)}, which names no employer to compare the website with"
        return "no current employer to compare the website with"
    if not site.label:
        return f"website {_quote(site.host)} has no name of its own to compare with the employer"
    return (f"the current employer {_quote(employer)} has no words in Latin letters to compare the website "
            "with")

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
``name_is_handle``), they are read and nothing else is invented.

The website is never fetched: only its domain is read. The lists of link shorteners and free website hosts
ship in ``data/domains/`` (each entry with its source) and are read once per process.

Its known false positives are ``IdentityExtractor.known_false_positives``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.extractors.name import ORGANISATION_WORDS
from fakeprofile.schema import Profile

_DATA_DIRS = (
    Path(__file__).resolve().parents[1] / "data" / "domains",  # installed wheel (force-included)
    Path(__file__).resolve().parents[2] / "data" / "domains",  # source checkout
)

#: The platform's default slug suffix: 5 to 10 hex characters after the last hyphen, mixing digits and letters.
#: An all-digit tail is not taken for one (a person appending digits is far likelier; see the false positives).
_PLATFORM_SUFFIX = re.compile(r"-(?=[0-9a-f]{5,10}\Z)(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])([0-9a-f]{5,10})\Z")
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
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
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _ascii_words(text: str, min_len: int = 2) -> list[str]:
    """The ASCII words (after folding) of a name, at least ``min_len`` letters: what a Latin handle can contain."""
    return [w for w in _WORD.findall(fold(text)) if w.isascii() and len(w) >= min_len]


def _quote(text: str, limit: int = 60) -> str:
    """A profile's text as evidence quotes it: invisible control and format characters (direction overrides,
    zero-width spaces) left out, as a reader's screen shows it, clipped, in quotes."""
    visible = "".join(ch for ch in text[: limit * 4] if unicodedata.category(ch) not in ("Cc", "Cf"))
    return repr(clip(visible, limit))


# ---------------------------------------------------------------------------------------------------- handle


@dataclass(frozen=True)
class HandleReading:
    """What the handle shows, once the platform's suffix and the name's words are set aside."""

    suffix: str | None  # the platform's default suffix, without its hyphen
    digits: int  # digits outside the suffix
    name_share: float  # share of the name's words found in the handle (NaN: no comparable name)
    leftover: list[str]  # chunks not explained by the name, in order
    random_parts: list[str]  # the leftover chunks that look random


def read_handle(handle: str, name: str | None) -> HandleReading:
    folded = fold(handle[:200])
    match = _PLATFORM_SUFFIX.search(folded)
    suffix = match.group(1) if match else None
    body = folded[: match.start()] if match else folded
    digits = sum(ch.isdigit() for ch in body)
    words = sorted(set(_ascii_words(name or "")), key=len, reverse=True)
    joined = _SEPARATORS.sub("", body)
    found = [w for w in words if w in joined]
    name_share = len(found) / len(words) if words else NAN
    rest = _SEPARATORS.sub(" ", body)
    for word in found:  # longest first, so "ann" does not eat the middle of "annabel"
        rest = rest.replace(word, " ")
    leftover = rest.split()
    return HandleReading(suffix, digits, name_share, leftover, [c for c in leftover if _random_looking(c)])


def _runs(chunk: str) -> list[str]:
    """Maximal runs of digits and of non-digits ("ab12c" -> ["ab", "12", "c"])."""
    return [m.group(0) for m in re.finditer(r"\d+|\D+", chunk)]


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


def read_website(website: str) -> Site:
    text = website.strip()[:2_000]
    text = re.sub(r"\A[a-z][a-z0-9+.-]*://", "", text, flags=re.IGNORECASE)
    cut = re.search(r"[/?#]", text)
    host, path = (text[: cut.start()], text[cut.start():]) if cut else (text, "")
    host = host.split(":", 1)[0].lower().rstrip(".").removeprefix("www.")
    parts = [part for part in re.split(r"[/?#]", path) if part]
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


def current_employer(profile: Profile) -> str | None:
    """The company of the first job that started and has no end date (a current job; a bare job without dates
    says nothing about when it was), if it names one."""
    for job in profile.experience or ():
        if job.end is None and job.start is not None and (job.company or "").strip():
            return job.company.strip()
    return None


def relates_to(label: str, text: str, *, company: bool) -> bool:
    """Whether a site's name comes from a company or person name: a word of it (3+ letters) in the label, the
    label in the joined words, or the words' initials ("ibm"). A company's legal form does not count."""
    label = re.sub(r"[^a-z0-9]", "", fold(label))
    if not label:
        return False
    words = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w.isascii()]
    if company:
        kept = [w for w in words if w not in _COMPANY_STOPWORDS]
        words = kept or words
    if not words:
        return False
    joined = "".join(words)
    if any(len(w) >= 3 and w in label for w in words) or (len(label) >= 3 and label in joined):
        return True
    if label in words:  # short names: "hp", "ge", "3m"
        return True
    # Initials of every word but the legal form and joining words: "International Business Machines" -> "ibm".
    spelled = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w.isascii() and w not in _NOT_IN_INITIALS]
    initials = "".join(w[0] for w in spelled)
    return len(spelled) >= 2 and label.startswith(initials)


def _site_relates_to(site: Site, profile: Profile) -> str | None:
    """"employer" or "name" when the site's name comes from the current employer or the person, "" when from
    neither, None when that cannot be told (no current employer, or a shortened link hiding the site)."""
    employer = current_employer(profile)
    if not employer or site.kind == "shortener" or not site.label:
        return None
    if relates_to(site.label, employer, company=True):
        return "employer"
    if profile.name and relates_to(site.label, profile.name, company=False):
        return "name"
    return ""


# ---------------------------------------------------------------------------------------------------- extractor

_HANDLE = ("handle_length", "handle_digits", "handle_name_match", "random_looking", "name_is_handle")
_WEBSITE = ("website_shortener", "website_free_host", "website_punycode", "website_unrelated")


@register
class IdentityExtractor(Extractor):
    name = "identity"
    version = "1.0"
    description = ("the handle (length, digits, random-looking parts, whether it carries the name), the linked "
                   "website's domain (shortener, free host, unrelated to the employer) and a private profile")
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
        "carrying the person's name counts as related).\n"
        "- Genuine domains in another script are written in punycode ('xn--').\n"
        "- Private profiles belong to privacy-minded genuine people as often as to fakes hiding an empty profile."
    )
    clues = {
        "handle": _HANDLE,
        "website": _WEBSITE,
    }
    features = (
        Feature("handle_length", EITHER,
                why=("long generated usernames and short vanity handles both occur, and a default slug is as long as "
                     "the name it carries: the length matters with the digits and the random parts, not alone")),
        Feature("handle_digits", RAISES),
        Feature("handle_name_match", LOWERS),
        Feature("random_looking", RAISES),
        Feature("name_is_handle", RAISES),
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
                if measured.name_is_handle is not None:
                    values["name_is_handle"] = float(measured.name_is_handle)
            return values
        reading = read_handle(handle, profile.name)
        values["handle_length"] = float(len(handle))
        values["handle_digits"] = float(reading.digits)
        values["handle_name_match"] = reading.name_share
        values["random_looking"] = float(bool(reading.random_parts))
        if profile.name and profile.name.strip():
            values["name_is_handle"] = float(profile.name.strip().casefold() == handle.casefold())
        elif measured is not None and measured.name_is_handle is not None:
            values["name_is_handle"] = float(measured.name_is_handle)
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        return self._handle_words(profile, values) | self._website_words(profile, values) | {
            "private_profile": "visibility not given" if profile.visibility is None
            else f"the profile is {profile.visibility}",
        }

    def _handle_words(self, profile: Profile, values: dict[str, float]) -> dict[str, str]:
        handle = profile.handle
        if handle is None:
            measured = profile.measured
            length, digits = values["handle_length"], values["handle_digits"]
            same = values["name_is_handle"]
            return {
                "handle_length": "handle not given" if length != length else f"the handle is {int(length)} characters "
                                                                             "long (the source gives only its length)",
                "handle_digits": "handle not given" if digits != digits else f"the handle has {int(digits)} digits "
                                                                             "(the source gives only the count)",
                "handle_name_match": "handle not given, so not compared with the name",
                "random_looking": "handle not given, so not read for random parts",
                "name_is_handle": "handle not given" if same != same or measured is None
                else ("the source says the name is the handle itself" if same == 1
                      else "the source says the name differs from the handle"),
            }
        shown = _quote(handle)
        reading = read_handle(handle, profile.name)
        suffix = f" (besides the platform's default suffix '-{reading.suffix}')" if reading.suffix else ""
        share = values["handle_name_match"]
        if share != share:
            name_words = f"handle {shown}: no name in Latin letters to compare it with"
        elif share == 0:
            name_words = f"handle {shown} contains none of the words of the name {_quote(profile.name or '')}"
        else:
            name_words = (f"handle {shown} contains {share:.0%} of the words of the name "
                          f"{_quote(profile.name or '')}")
        if reading.random_parts:
            parts = ", ".join(_quote(p, 30) for p in reading.random_parts[:3])
            random_words = f"handle {shown} has random-looking part(s) {parts} that are not from the name"
        elif reading.suffix:
            random_words = (f"handle {shown} carries only the platform's default suffix '-{reading.suffix}', "
                            "which is normal")
        else:
            random_words = f"handle {shown} has no random-looking part"
        same = values["name_is_handle"]
        return {
            "handle_length": f"handle {shown} is {len(handle)} characters long",
            "handle_digits": f"handle {shown} has {reading.digits} digit(s){suffix}",
            "handle_name_match": name_words,
            "random_looking": random_words,
            "name_is_handle": "no name to compare the handle with" if same != same
            else (f"the name is the handle {shown} itself, as an account's name left as its username"
                  if same == 1 else f"the name is not the handle {shown}"),
        }

    def _website_words(self, profile: Profile, values: dict[str, float]) -> dict[str, str]:
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
        unrelated = values["website_unrelated"]
        employer = current_employer(profile)
        if unrelated != unrelated:
            unrelated_words = ("a shortened link says nothing about where it leads" if site.kind == "shortener"
                               else "no current employer to compare the website with")
        elif unrelated == 1:
            unrelated_words = (f"website {domain} matches neither the current employer {_quote(employer or '')} "
                               "nor the person's name")
        elif _site_relates_to(site, profile) == "employer":
            unrelated_words = f"website {domain} matches the current employer {_quote(employer or '')}"
        else:
            unrelated_words = f"website {domain} carries the person's name {_quote(profile.name or '')}"
        return {
            "website_shortener": kind,
            "website_free_host": kind,
            "website_punycode": (f"website {domain} is written in punycode ('xn--'), which can imitate another "
                                 "domain's letters" if site.punycode else f"website {domain} is not in punycode"),
            "website_unrelated": unrelated_words,
        }

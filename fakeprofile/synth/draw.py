"""Drawing one synthetic profile: a persona's layout, the clues its plan carries, and its label.

:func:`draw_profile` draws, in order: a genuine persona (for every profile: fakes pose as one), whether the
profile is fake and as which archetype, the *plan* (the set of clues it carries, each drawn independently at
the rate :func:`clue_rates` gives, and which of them only the archetype gave it; :func:`draw_plan` returns
it alone), and then the profile itself, section by section. Every section's layout (how many jobs, how long
the texts, how precise the dates, which sections are given) comes from the persona and the hidden effort
score only; the plan changes a section only where a clue says so. A fake archetype that fills every section
in (``FakeArchetype.complete``, the language-model persona) does so as a careful person of the same persona
would: it raises the effort score, and keeps the summary, the skills and the education.

Unknown is not evidence: a section the profile shows empty is written as empty (``""``, ``[]``,
``has_photo: false``, a job's ``"description": ""``), and a section the source did not capture as ``None``,
at rates that do not depend on the class.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fakeprofile.synth.clues import CLUES, PAGE_CLUES
from fakeprofile.synth.fakes import FAKE_ARCHETYPES, FakeArchetype
from fakeprofile.synth.genuine import PERSONAS, Persona
from fakeprofile.synth.names import (
    COMPANIES,
    COUNTRY_CULTURES,
    DEGREES,
    GLOBAL_COMPANIES,
    HIGH_SCHOOLS,
    INVENTED_A,
    INVENTED_B,
    LEGAL_SUFFIX,
    LOCAL_DEGREES,
    NAME_SUFFIXES,
    NAMES,
    ONLINE_SCHOOLS,
    ORG_NAME_A,
    ORG_NAME_B,
    ORG_SUFFIX,
    SMALL_FIRM_A,
    SMALL_FIRM_B,
    UNIVERSITIES,
)
from fakeprofile.synth.photos import N_KNOWN_CELEBRITY, N_KNOWN_STOCK, PhotoSpec
from fakeprofile.synth.places import (
    CITIES,
    COUNTRY_ALIASES,
    EMIGRATION_COUNTRIES,
    FAR_AWAY_COUNTRIES,
    IMMIGRATION_COUNTRIES,
    RECIPIENT_HUBS,
    City,
)
from fakeprofile.synth.vocab import (
    CAMPAIGN_NOTES,
    CLAIMED_ROLES,
    COMPANY_SUMMARY,
    CONTACT_ASKS,
    DEFAULT_INVITE,
    DEPARTMENTS,
    EVENTS,
    FREE_HOSTS,
    FREELANCE_SUMMARY,
    GRADUATE_SUMMARY,
    GRAMMAR_SWAPS,
    HEADLINE_TOPICS,
    HOBBIES,
    LANGUAGES,
    LION_SUMMARY,
    LLM_CLOSERS,
    LLM_DESCRIPTIONS,
    LLM_OPENERS,
    LLM_SKILLED_IN,
    LLM_SUMMARY,
    LYING_NOTES,
    METRICS,
    NOTES,
    OCCUPATION_WEIGHTS,
    OCCUPATIONS,
    OWN_TLDS,
    PERSONAL_CAMPAIGN_NOTES,
    PLACEHOLDER_FOR_SLOT,
    PLAIN_DESCRIPTIONS,
    PLAIN_SUMMARY,
    POLISHED_DESCRIPTIONS,
    POLISHED_HEADLINE_TAILS,
    POLISHED_SUMMARY,
    PRODUCTS,
    RECRUITER_SUMMARY,
    REGIONS,
    SALES_SPAM_SUMMARY,
    SERVICES,
    SHORT_SUMMARY,
    SHOUTS,
    SIDE_PROJECTS,
    SOFT_SKILLS,
    UNRELATED_DOMAIN_A,
    UNRELATED_DOMAIN_B,
    URL_SHORTENERS,
    Occupation,
)

#: The month every synthetic profile is observed in: "present", account age and current jobs refer to it.
OBSERVED_AT = "2026-10"
_NOW = 2026 * 12 + 9
#: LinkedIn opened in May 2003; no account is older.
_LAUNCH = 2003 * 12 + 4

_CITY_BY_NAME: dict[str, City] = {city.name: city for city in CITIES}
_CITIES_BY_COUNTRY: dict[str, tuple[tuple[City, ...], tuple[float, ...]]] = {
    country: (cities, tuple(itertools.accumulate(city.weight for city in cities)))
    for country in dict.fromkeys(city.country for city in CITIES)
    for cities in [tuple(city for city in CITIES if city.country == country)]
}
_CITY_CUMULATIVE: tuple[float, ...] = tuple(itertools.accumulate(city.weight for city in CITIES))
_GAPS: tuple[int, ...] = (1, 1, 1, 1, 2, 2, 3, 4, 6, 10)
_PCTS: tuple[int, ...] = (12, 15, 20, 25, 30, 35, 40, 50, 60)
_STUDENT_JOBS: tuple[str, ...] = ("Barista", "Retail Associate", "Teaching Assistant", "Student Ambassador",
                                  "Tutor", "Library Assistant")
_MASTERS: tuple[str, ...] = ("Master's degree", "MBA", "Master of Science (MSc)", "Master of Arts (MA)")
_BACHELORS: tuple[str, ...] = ("Bachelor's degree", "Bachelor of Science (BSc)", "Bachelor of Arts (BA)")


@dataclass
class _Job:
    title: str | None
    company: str | None
    location: str | None
    start: int | None
    end: int | None
    employment_type: str | None
    description: str | None = None


_PICK_CACHE: dict[int, tuple[Mapping[str, float], tuple[str, ...], list[float]]] = {}


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    """One key of ``weights`` (a table that lives as long as the module), with probability ∝ its value."""
    cached = _PICK_CACHE.get(id(weights))
    if cached is None or cached[0] is not weights:
        cumulative = list(itertools.accumulate(weights.values()))
        cached = _PICK_CACHE[id(weights)] = (weights, tuple(weights), cumulative)
    _, keys, cumulative = cached
    return keys[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _one(rng: random.Random, options: Sequence[Any]) -> Any:
    """A uniformly chosen element (faster than ``Random.choice``, which matters at 100,000 profiles)."""
    return options[int(rng.random() * len(options))]


def _sample(rng: random.Random, options: Sequence[Any], k: int) -> list[Any]:
    """``k`` distinct elements in random order (a partial Fisher-Yates shuffle; ``k`` is capped)."""
    items = list(options)
    k = min(k, len(items))
    for i in range(k):
        j = i + int(rng.random() * (len(items) - i))
        items[i], items[j] = items[j], items[i]
    return items[:k]


def _int(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in ``[low, high]``."""
    return low + int(rng.random() * (high - low + 1))


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0:
        return 0
    if n < 12:
        return sum(rng.random() < p for _ in range(n))
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p)) + 1e-9))))


def _month(number: int, year_only: bool = False) -> str:
    """A month number as the schema's ``YYYY-MM`` (or ``YYYY``)."""
    return f"{number // 12:04d}" if year_only else f"{number // 12:04d}-{number % 12 + 1:02d}"


def _weighted_city(rng: random.Random, cities: tuple[City, ...], cumulative: tuple[float, ...]) -> City:
    return cities[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _city_in(rng: random.Random, country: str) -> City:
    cities, cumulative = _CITIES_BY_COUNTRY[country]
    return cities[0] if len(cities) == 1 else _weighted_city(rng, cities, cumulative)


def _any_city(rng: random.Random) -> City:
    return _weighted_city(rng, CITIES, _CITY_CUMULATIVE)


def _place(rng: random.Random, city: City) -> str:
    """How a person writes where they are: usually a variant of the city, sometimes just the country."""
    if city.country in COUNTRY_ALIASES and rng.random() < 0.05:
        return _one(rng, COUNTRY_ALIASES[city.country])
    return _one(rng, city.variants)


def _person_name(rng: random.Random, culture: str, *, native: float, decorate: float) -> str:
    given, family, natives = NAMES[culture]
    if natives and rng.random() < native:
        return _one(rng, natives)
    first, last = _one(rng, given), _one(rng, family)
    if culture in ("chinese", "korean", "vietnamese") and rng.random() < 0.3:
        name = f"{last} {first}"
    elif culture == "indonesian" and rng.random() < 0.2:
        name = first
    elif culture in ("hispanic", "lusophone") and rng.random() < 0.3:
        name = f"{first} {last} {_one(rng, family)}"
    elif culture == "anglo" and rng.random() < 0.06:
        name = f"{first} {_one(rng, 'ABCDEJKLMRST')}. {last}"
    else:
        name = f"{first} {last}"
    if rng.random() < decorate:
        name += _one(rng, NAME_SUFFIXES)
    return name


def _org_name(rng: random.Random) -> tuple[str, str]:
    """A company's name as it poses as a person, and the same without its legal suffix."""
    base = f"{_one(rng, ORG_NAME_A)} {_one(rng, ORG_NAME_B)}"
    suffix = _one(rng, ORG_SUFFIX)
    return (f"{base} {suffix}" if suffix else base), base


def _degree(rng: random.Random, level: str, country: str) -> str:
    local = LOCAL_DEGREES.get(country, {}).get(level)
    return _one(rng, local) if local and rng.random() < 0.5 else _one(rng, DEGREES[level])


def _invented_company(rng: random.Random, country: str) -> str:
    """An invented upbeat employer ("GreenTech Innovations"), sometimes with the country's legal suffix
    ("EcoSolutions Pvt. Ltd.")."""
    name = _one(rng, INVENTED_A) + _one(rng, INVENTED_B)
    return name + (LEGAL_SUFFIX.get(country, "") if rng.random() < 0.3 else "")


def _company(rng: random.Random, country: str, invented: float = 0.0) -> str:
    """An employer: a big local or global name, a small local firm, or an invented upbeat one (always with
    probability ``invented``, and now and then anyway: real small firms are named like that too)."""
    roll = rng.random()
    if roll < invented:
        return _invented_company(rng, country)
    roll = rng.random()
    if roll < 0.5 and country in COMPANIES:
        return _one(rng, COMPANIES[country])
    if roll < 0.75:
        return f"{_one(rng, SMALL_FIRM_A)} {_one(rng, SMALL_FIRM_B)}" + (
            LEGAL_SUFFIX.get(country, "") if rng.random() < 0.4 else "")
    if roll < 0.8:
        return _invented_company(rng, country)
    return _one(rng, GLOBAL_COMPANIES)


def _fill(template: str, slots: Mapping[str, Any]) -> str:
    return template.format_map(slots)


def _text_of_length(rng: random.Random, pool: Sequence[str], target: float, slots: Mapping[str, Any],
                    sep: str = " ", *, mixed: Sequence[str] = (), share: float = 0.0,
                    excess: Sequence[str] = (), excess_share: float = 0.0,
                    fallback: Sequence[str] = ()) -> str:
    """Sentences until the text is about ``target`` characters long, each from ``excess`` (the excess
    vocabulary of language models) with probability ``excess_share``, else from ``mixed`` with probability
    ``share``, and otherwise from ``pool``. The length is drawn by the caller from the person, so a register
    with longer sentences does not make a longer text; mixing registers is how people write (a genuine
    summary with one "passionate about", a machine-written one with some plain sentences)."""
    parts: list[str] = []
    length = 0
    for attempt in range(4 * (len(pool) + len(mixed) + len(excess) + len(fallback))):
        if excess_share and rng.random() < excess_share:
            source = excess
        else:
            source = mixed if mixed and rng.random() < share else pool
        if attempt >= 2 * len(pool) and fallback:
            source = fallback  # a small pool used up: go on in the plain register rather than stop short
        sentence = _fill(_one(rng, source), slots)
        if sentence in parts:
            continue
        if parts and length + len(sentence) / 2 > target:
            break
        parts.append(sentence)
        length += len(sentence) + len(sep)
    return sep.join(parts)


@dataclass
class _Draft:
    """Everything drawn so far for one profile; the helpers below read and extend it."""

    rng: random.Random
    persona: Persona
    plan: frozenset[str]
    effort: float
    occ: Occupation
    occ_key: str
    country: str
    city: City
    edu_country: str
    year_only: bool
    fills_type: bool
    desc_rate: float
    polish: float
    invented: float
    excess: float = 0.0
    complete: bool = False
    first_start: int = _NOW
    grad_month: int | None = None


def _job_location(d: _Draft, country: str, city: City) -> str | None:
    rng = d.rng
    if rng.random() < 0.1 + 0.3 * (1 - d.effort):
        return None
    if rng.random() < 0.03:
        return "Remote"
    return _place(rng, city if rng.random() < 0.65 else _city_in(rng, country))


def _employment_type(d: _Draft, default: str = "full-time") -> str | None:
    rng = d.rng
    if not d.fills_type and rng.random() > 0.1:
        return None
    roll = rng.random()
    return default if roll < 0.9 else ("contract" if roll < 0.96 else "part-time")


def _description(d: _Draft, slots: _Slots) -> str:
    """A job's description ("" when it has none); as long in the polished register as in the plain one."""
    rng = d.rng
    if rng.random() >= d.desc_rate or "no_descriptions" in d.plan:
        return ""
    skill = _one(rng, d.occ.skills)
    # Each job gets its own topic, skills and numbers (later texts may reuse the last job's: harmless).
    slots.update(topic=_one(rng, d.occ.topics), skill=skill, Skill=skill, skill2=_other(rng, d.occ.skills, skill),
                 k=_int(rng, 2, 14), pct=_one(rng, _PCTS))
    slots.pop("topic2", None)
    slots.pop("Topic", None)
    target = 85 * (1 + rng.random() * 2.5 * d.effort)
    sep = _one(rng, (" ", " ", " ", " ", " ", "• ", "\n• "))  # bullets as often in both registers
    text = _text_of_length(rng, PLAIN_DESCRIPTIONS, target, slots, sep, mixed=POLISHED_DESCRIPTIONS,
                           share=d.polish, excess=LLM_DESCRIPTIONS, excess_share=d.excess)
    return ("• " + text) if sep.endswith("• ") else text


def _title(d: _Draft, level: int) -> str:
    titles = d.occ.titles[0 if level < 0 else (3 if level > 3 else level)]
    return titles[int(d.rng.random() * len(titles))]


def _spans(rng: random.Random, first: int, tenure: float, clean: bool) -> list[tuple[int, int | None]]:
    """Consecutive (start, end) months from ``first`` to now; ``end`` None for a current job."""
    spans: list[tuple[int, int | None]] = []
    month = first
    while month < _NOW:
        duration = int(min(200, max(4, _lognormal(rng, tenure, 0.3 if clean else 0.6))))
        end = month + duration - 1
        if end >= _NOW:
            spans.append((month, None))
            break
        spans.append((month, end))
        if clean:
            gap = 1
        else:
            gap = _one(rng, _GAPS)
            if rng.random() < 0.12:
                gap = _one(rng, (0, -1))  # a month or two of overlap when changing jobs
        month = end + gap
    return spans


#: Months between the steps of a tidy career ladder (``tidy_career``): about as long as a job lasts in an
#: ordinary career (a median of 28 months plus the gap to the next), so a ladder lists as many jobs as any
#: other career of its length and only its regularity tells.
_LADDER_STEPS: tuple[int, ...] = (24, 24, 30, 36, 36, 48, 48)


def _ladder(rng: random.Random, first: int, tenure: float) -> tuple[list[tuple[int, int | None]], list[int]]:
    """A tidy career (``tidy_career``): consecutive jobs of one length, each starting the month after the
    last ended, from a round month (January, June or September), one level up at every step. ``tenure`` is
    the persona's usual tenure (28 months for most), which scales the steps."""
    step = max(12, round(_one(rng, _LADDER_STEPS) * tenure / 28))
    month = first - first % 12 + _one(rng, (0, 0, 5, 8))
    if month > first:
        month -= 12
    spans: list[tuple[int, int | None]] = []
    while month < _NOW:
        end = month + step - 1
        if end >= _NOW:
            spans.append((month, None))
            break
        spans.append((month, end))
        month = end + 1
    low = 0 if rng.random() < 0.7 else 1
    return spans, [min(3, low + i) for i in range(len(spans))]


def _n_listed(d: _Draft, n: int) -> int:
    """How many of ``n`` jobs a person lists: all of them if careful, else the most recent few."""
    keep = n if d.rng.random() < 0.25 + 0.55 * d.effort else _int(d.rng, min(1, n), n)
    return min(keep, d.persona.max_jobs)


def _standard_jobs(d: _Draft, years: float, slots: _Slots, *, tenure: float = 28.0, clean: bool = False,
                   move: tuple[int, str, City] | None = None, listed_only: bool = True) -> list[_Job]:
    """A career of consecutive jobs, most recent first.

    ``move`` = (month, old country, old city) for people who relocated. With ``listed_only`` only the
    jobs the person lists are drawn in full (see :func:`_n_listed`); the career still starts at
    ``d.first_start``.
    """
    rng = d.rng
    first = _NOW - max(3, int(years * 12))
    tidy = "tidy_career" in d.plan
    if tidy:
        spans, levels = _ladder(rng, first, tenure)
        first = spans[0][0]
    else:
        spans = _spans(rng, first, tenure, clean)
        levels, level = [], 0
        for start, _ in spans:  # seniority grows with experience, with the odd step down
            drawn = int(((start - first) / 12 + rng.uniform(0, 4)) / 6)
            level = drawn if rng.random() < 0.08 else max(level, drawn)
            levels.append(level)
    d.first_start = first
    listed = list(zip(spans, levels, strict=True))[::-1]
    if listed_only:
        listed = listed[: _n_listed(d, len(listed))]
    jobs: list[_Job] = []
    for (start, end), level in listed:
        country, city = d.country, d.city
        if move is not None and start < move[0]:
            country, city = move[1], move[2]
        # On a ladder, every other step is a promotion where they were.
        company = jobs[-1].company if tidy and jobs and rng.random() < 0.5 else _company(rng, country, d.invented)
        jobs.append(_Job(_title(d, level), company, _job_location(d, country, city), start, end,
                         _employment_type(d), _description(d, slots)))
    return jobs


def _graduate_jobs(d: _Draft, slots: _Slots) -> list[_Job]:
    rng = d.rng
    grad = _NOW - _int(rng, -10, 30)
    d.grad_month = grad
    d.first_start = grad - 30
    jobs = []
    for _ in range(_int(rng, 1, 3)):
        start = grad - _int(rng, 3, 30)
        if start >= _NOW:
            continue
        end = start + _int(rng, 2, 6) - 1
        jobs.append(_Job(d.occ.intern, _company(d.rng, d.country, d.invented), _job_location(d, d.country, d.city),
                         start, None if end >= _NOW else end, "internship" if rng.random() < 0.8 else None,
                         _description(d, slots)))
    if rng.random() < 0.3:
        start = grad - _int(rng, 12, 40)
        end = start + _int(rng, 6, 24)
        jobs.append(_Job(_one(rng, _STUDENT_JOBS), _company(rng, d.country), None, start,
                         None if end >= _NOW else end, "part-time" if rng.random() < 0.6 else None, None))
    if grad < _NOW - 2 and rng.random() < 0.6:
        start = grad + _int(rng, 0, 6)
        if start < _NOW:
            jobs.append(_Job(_title(d, 0), _company(rng, d.country, d.invented), _job_location(d, d.country, d.city),
                             start, None, _employment_type(d), _description(d, slots)))
    return jobs


_GIG_TYPES: tuple[str, ...] = ("freelance", "self-employed", "contract", "part-time")


def _freelance_jobs(d: _Draft, years: float, slots: _Slots) -> list[_Job]:
    rng = d.rng
    free_start = _NOW - int(rng.uniform(1, min(years, 10)) * 12)
    jobs = []
    for job in _standard_jobs(d, years, slots, listed_only=False):
        if job.start is not None and job.start < free_start - 2:
            if job.end is None or job.end >= free_start:
                job.end = free_start - 1 + _one(rng, (0, 0, 1, 2))
            jobs.append(job)
    for gig in range(_int(rng, 2, 4)):
        start = _int(rng, free_start, _NOW - 2)
        end = start + int(max(2, _lognormal(rng, 14, 0.7))) - 1
        current = gig == 0 or end >= _NOW or rng.random() < 0.3
        title = _one(rng, ("Freelance {t}", "{t} (Freelance)", "Independent Consultant", "{t}", "Contract {t}"))
        company = _one(rng, ("Self-employed", "Freelance", _company(rng, d.country, d.invented),
                             _company(rng, d.country, d.invented)))
        etype = _one(rng, _GIG_TYPES) if rng.random() < 0.75 else None
        jobs.append(_Job(title.format(t=_title(d, 1 + (gig % 2))), company, _job_location(d, d.country, d.city),
                         start, None if current else end, etype, _description(d, slots)))
    return jobs


def _education(d: _Draft, *, bachelor_end: int, p_master: float, present: float) -> list[dict[str, Any]]:
    """Degrees, most recent first; dates mostly year-only as LinkedIn shows them."""
    rng = d.rng
    if rng.random() >= present:
        return []
    year_only = rng.random() < 0.7
    sloppy = 0.3 * (1 - d.effort)
    country = d.edu_country
    entries: list[tuple[int, dict[str, Any]]] = []

    def add(school: str, degree: str | None, field: str | None, start: int, end: int, where: str) -> None:
        undated = rng.random() < sloppy
        entries.append((start, {
            "school": school,
            "degree": None if rng.random() < sloppy * 0.5 else degree,
            "field": None if rng.random() < sloppy else field,
            "start": None if undated else _month(start, year_only),
            "end": None if undated else _month(end, year_only),
            "location": _place(rng, _city_in(rng, where)) if rng.random() < 0.3 else None,
        }))

    bachelor_start = bachelor_end - 12 * _int(rng, 3, 5)
    add(_one(rng, UNIVERSITIES[country]), _degree(rng, "bachelor", country), _one(rng, d.occ.degree_fields),
        bachelor_start, bachelor_end, country)
    if rng.random() < p_master:
        where = d.country if (country != d.country and rng.random() < 0.5) else country
        start = bachelor_end + 1 + 12 * int(rng.random() ** 2 * 6)
        if start < _NOW - 6:
            end = start + 12 * _one(rng, (1, 2, 2)) - 1
            add(_one(rng, UNIVERSITIES[where]), _degree(rng, "master", where), _one(rng, d.occ.degree_fields),
                start, end, where)
            if rng.random() < 0.08 and end < _NOW - 48:
                add(_one(rng, UNIVERSITIES[where]), _one(rng, DEGREES["phd"]), _one(rng, d.occ.degree_fields),
                    end + 1, end + 48, where)
    if rng.random() < 0.12:
        schools = HIGH_SCHOOLS.get(country, (f"{_city_in(rng, country).name} International School",))
        add(_one(rng, schools), _degree(rng, "school", country) if rng.random() < 0.6 else None, None,
            bachelor_start - 36, bachelor_start - 1, country)
    if rng.random() < 0.15 * d.effort:
        start = bachelor_end + _int(rng, 6, 120)
        if start < _NOW:
            add(_one(rng, ONLINE_SCHOOLS), _one(rng, DEGREES["certificate"]), _one(rng, d.occ.skills),
                start, start + _int(rng, 1, 6), d.country)
    entries.sort(key=lambda item: -item[0])
    return [entry for _, entry in entries]


def _hs_masters(d: _Draft, recipient_country: str, after: int) -> dict[str, Any]:
    """The seeds' tell: a Master's degree from a secondary school (often one in the target's city)."""
    rng = d.rng
    country = recipient_country if (recipient_country in HIGH_SCHOOLS and rng.random() < 0.5) else d.country
    schools = HIGH_SCHOOLS.get(country) or HIGH_SCHOOLS["Canada"]
    start = min(_NOW - 14, after + _int(rng, 0, 24))
    return {"school": _one(rng, schools), "degree": _one(rng, _MASTERS), "field": _one(rng, d.occ.degree_fields),
            "start": _month(start, True), "end": _month(start + 23, True), "location": None}


def _summary(d: _Draft, style: str, slots: Mapping[str, Any]) -> str:
    """The summary ("" when the profile shows none). Its length follows the person's effort whatever its
    style, so that a style a fake archetype prefers does not make its summaries longer or shorter."""
    rng = d.rng
    if style == "none":
        return ""
    if style == "short":
        return _fill(_one(rng, SHORT_SUMMARY), slots)
    pools = {"plain": PLAIN_SUMMARY, "polished": POLISHED_SUMMARY, "graduate": GRADUATE_SUMMARY,
             "recruiter": RECRUITER_SUMMARY, "lion": LION_SUMMARY, "freelance": FREELANCE_SUMMARY,
             "sales_spam": SALES_SPAM_SUMMARY, "company": COMPANY_SUMMARY}
    target = 110 * (1 + rng.random() * 5 * d.effort)
    sep = "\n\n" if rng.random() < 0.2 else " "
    head: list[str] = []
    tail: list[str] = []
    if "llm_boilerplate" in d.plan:
        head, tail = _boilerplate(d, slots, target)
        target -= sum(len(part) + len(sep) for part in head + tail)
    body = _text_of_length(rng, pools[style], target, slots, sep, mixed=POLISHED_SUMMARY, share=d.polish,
                           excess=LLM_SUMMARY, excess_share=d.excess, fallback=PLAIN_SUMMARY) if target > 40 else ""
    text = sep.join(part for part in (*head, body, *tail) if part)
    if style == "plain" and rng.random() < 0.1:
        text = text.lower()
    return text


def _boilerplate(d: _Draft, slots: Mapping[str, Any], target: float) -> tuple[list[str], list[str]]:
    """The stock frame of a boilerplate About (``llm_boilerplate``): an opener and a closer, with the
    "Skilled in ..." line of LinkedIn's suggested text when the About is long enough. The caller writes the
    rest to the person's length, so the frame does not make the About longer."""
    rng = d.rng
    head = [_fill(_one(rng, LLM_OPENERS), slots)]
    tail = [_fill(_one(rng, LLM_CLOSERS), slots)]
    if target > 260:
        head.append(_fill(_one(rng, LLM_SKILLED_IN), slots))
    return head, tail


def _headline(d: _Draft, style: str, slots: Mapping[str, Any]) -> str:
    """The headline in the persona's style ("" when the profile shows none)."""
    rng = d.rng
    if rng.random() < 0.03:
        return ""
    title, company = slots["listed_title"], slots["current_company"]
    if style == "graduate":
        options = ("Aspiring {title} | {degree_field} Graduate", "{degree_field} student at {school}",
                   "{intern} at {current_company}", "Recent Graduate | Open to Work", "{title} at {current_company}")
    elif style == "lion":
        options = ("{title} | LION | Open Networker | {k}K+ connections", "Open Networker (LION) 🦁 {k}K+ | {title}",
                   "{title} at {current_company} | LION")
    elif style == "recruiter":
        options = ("{title} at {current_company} | We're hiring!",
                   "Tech Recruiter | Connecting talent with opportunity",
                   "{title} | {region}", "{title} at {current_company}")
    elif style == "sales":
        options = ("{title} at {current_company}", "{title} | Helping {field} teams grow revenue",
                   "{title} | SaaS | {region}")
    elif style == "freelance":
        options = ("Freelance {role} | Available for projects", "{role} (Freelance) | {skill} | {skill2}",
                   "Independent {role}", "{title} at {current_company}")
    elif style == "polished":
        options = ("{title} at {current_company} | {tail}", "{title} | {tail} | {tail2}",
                   "{title} at {current_company}")
    elif style == "sales_spam":
        options = ("Helping {field} companies get more clients 🚀 | Lead Generation | Growth",
                   "B2B Lead Generation Expert | 10x your pipeline | DM me", "{title} | Growth Hacker | {product}")
    elif style == "company":
        options = ("{service} | {service2} | Call us today", "Leading {service} company in {city}",
                   "{org} - {service} experts")
    elif style == "thin":
        if title is None:
            return ""
        options = ("{title} at {current_company}", "{title}", "{title}")
    else:
        options = ("{title} at {current_company}", "{title} at {current_company}", "{title} @ {current_company}",
                   "{title} | {Topic} | {motto}", "{title}")
    template = _one(rng, options)
    if (title is None and "{title}" in template) or (company is None and "{current_company}" in template):
        return title or ""
    return _fill(template, slots)


def _note_kind(kind: str, occ_key: str) -> str:
    if kind == "pitch":
        return "recruiter" if occ_key == "hr" else "sales"
    return kind


def _other(rng: random.Random, options: Sequence[Any], taken: Any) -> Any:
    """A uniformly chosen element different from ``taken`` (``options`` has at least two)."""
    index = int(rng.random() * (len(options) - 1))
    return options[index + 1] if options[index] == taken else options[index]


def _email(name: str) -> str:
    local = name.split(",")[0].split("(")[0].split("|")[0].strip().lower()
    user = ".".join(part for part in local.split() if part.isascii() and part.isalpha())
    return f"{user or 'networker'}@gmail.com"


#: How each ``{slot}`` of the text templates is drawn, on first use.
_SLOT_MAKERS: dict[str, Any] = {
    "topic": lambda d, s: _one(d.rng, d.occ.topics),
    "topic2": lambda d, s: _other(d.rng, d.occ.topics, s["topic"]),
    "Topic": lambda d, s: s["topic"][:1].upper() + s["topic"][1:],
    "skill": lambda d, s: _one(d.rng, d.occ.skills),
    "skill2": lambda d, s: _other(d.rng, d.occ.skills, s["skill"]),
    "skill3": lambda d, s: _one(d.rng, [k for k in d.occ.skills if k not in (s["skill"], s["skill2"])]),
    "Skill": lambda d, s: s["skill"],
    "k": lambda d, s: _int(d.rng, 2, 30),
    "pct": lambda d, s: _one(d.rng, _PCTS),
    "metric": lambda d, s: _one(d.rng, METRICS),
    "dept": lambda d, s: _one(d.rng, DEPARTMENTS),
    "region": lambda d, s: _one(d.rng, REGIONS),
    "title": lambda d, s: _title(d, 1),
    "prev_title": lambda d, s: _title(d, 0),
    "role": lambda d, s: _title(d, _int(d.rng, 1, 2)),
    "opening": lambda d, s: _one(d.rng, OCCUPATIONS[_pick(d.rng, OCCUPATION_WEIGHTS)].titles[_int(d.rng, 1, 2)]),
    "few": lambda d, s: _int(d.rng, 2, 4),
    "field": lambda d, s: d.occ.label,
    "intern": lambda d, s: d.occ.intern,
    "degree_field": lambda d, s: _one(d.rng, d.occ.degree_fields),
    "city": lambda d, s: d.city.name,
    "other_city": lambda d, s: _any_city(d.rng).name,
    "event": lambda d, s: _one(d.rng, EVENTS),
    "mutual": lambda d, s: _one(d.rng, NAMES["anglo"][0]),
    "client": lambda d, s: _company(d.rng, s["rcountry"]),
    "product": lambda d, s: _one(d.rng, PRODUCTS),
    "service": lambda d, s: _one(d.rng, SERVICES),
    "service2": lambda d, s: _other(d.rng, SERVICES, s["service"]),
    "handle": lambda d, s: "".join(ch for ch in s.get("org_base", s["org"]).lower() if ch.isalnum()) or "contact",
    "email": lambda d, s: _email(s["name"]),
    "phone": lambda d, s: f"{_int(d.rng, 10, 99)} {_int(d.rng, 100, 999)} {_int(d.rng, 1000, 9999)}",
    "year": lambda d, s: _int(d.rng, 1995, 2022),
    "hobby": lambda d, s: _one(d.rng, HOBBIES),
    "languages": lambda d, s: _one(d.rng, LANGUAGES),
    "tail": lambda d, s: _one(d.rng, POLISHED_HEADLINE_TAILS),
    "tail2": lambda d, s: _other(d.rng, POLISHED_HEADLINE_TAILS, s["tail"]),
    "motto": lambda d, s: _one(d.rng, HEADLINE_TOPICS),
}


class _Slots(dict):
    """Values for the ``{slot}`` fields of the text templates, each drawn on first use and then kept.

    Drawing lazily keeps generation fast (a profile pays only for the slots its texts use) and stays
    deterministic, because the order of use is itself determined by the seed.
    """

    def __init__(self, draft: _Draft, **fixed: Any) -> None:
        super().__init__(fixed)
        self.draft = draft

    def __missing__(self, key: str) -> Any:
        value = _SLOT_MAKERS[key](self.draft, self)
        self[key] = value
        return value


def _slots(d: _Draft, name: str, org: str, recipient: dict[str, Any], rcity: City) -> _Slots:
    """The profile's template values: who the recipient is, and everything else drawn lazily."""
    rname = recipient["name"] or "there"
    latin = rname.isascii() or all(ord(ch) < 0x0370 for ch in rname)
    return _Slots(
        d, first=rname.split()[0].rstrip(",") if latin else rname, rcompany=recipient["company"] or "your company",
        rcity=rcity.name, rcountry=rcity.country, name=name, org=org, current_company=None, employer="my team",
        prev_company="a startup", years=5, school="university", degree="Bachelor's", shared=None,
    )


def _recipient(rng: random.Random) -> tuple[dict[str, Any], City]:
    city = _CITY_BY_NAME[_pick(rng, RECIPIENT_HUBS)]
    culture = _pick(rng, COUNTRY_CULTURES[city.country])
    occ = OCCUPATIONS[_pick(rng, OCCUPATION_WEIGHTS)]
    company = _company(rng, city.country)
    title = _one(rng, occ.titles[_int(rng, 1, 3)])
    recipient = {
        "name": _person_name(rng, culture, native=0.15, decorate=0.03),
        "headline": f"{title} at {company}" if rng.random() < 0.8 else title,
        "location": _one(rng, city.variants),
        "company": company,
    }
    for key in recipient:
        if rng.random() < 0.03:
            recipient[key] = None
    return recipient, city


def _keyword_headline(d: _Draft, slots: Mapping[str, Any]) -> str:
    """A headline stacked with keywords, as some genuine people and many machine-written personas write it."""
    parts = [slots["listed_title"] or _title(d, 1), _one(d.rng, d.occ.skills), _other(d.rng, d.occ.skills, "")]
    parts += _sample(d.rng, POLISHED_HEADLINE_TAILS + HEADLINE_TOPICS, _int(d.rng, 1, 3))
    return _one(d.rng, (" | ", " • ", " | ")).join(dict.fromkeys(parts))


#: A photo's longer side in pixels: most photos are ordinary, a few large or huge, whatever the class; tiny
#: photos are the ``tiny_photo`` clue's.
_PHOTO_SIZES: dict[str, float] = {"normal": 0.925, "large": 0.06, "huge": 0.015}
_SIZE_RANGES: dict[str, tuple[int, int]] = {"tiny": (16, 48), "normal": (96, 400), "large": (401, 800),
                                            "huge": (1000, 1600)}
#: How many campaigns share a note or a photo across accounts (``campaign_note``, ``shared_photo``). Which
#: one an account joins is skewed (:func:`_campaign`), so campaigns of every size occur, from a handful of
#: accounts to hundreds, as in a batch of any size.
N_CAMPAIGNS = 150


def _campaign(rng: random.Random) -> int:
    """A campaign number, small numbers far more often: campaign sizes spread over two orders of magnitude."""
    return int(N_CAMPAIGNS * rng.random() ** 2.5)


def _campaign_note(rng: random.Random, first: str) -> str:
    """The fixed text one campaign sends from all its accounts. Half the campaigns (odd numbers) send a note
    made to look personal, addressed to the recipient (``first``) and otherwise the same from every account;
    the others a stock opener signed by the campaign. Without the first kind, every campaign note was also
    recognisable by its wording, and a model learned next to nothing from the number of senders."""
    k = _campaign(rng)
    if k % 2:
        fixed = random.Random(0xCA4A19 + k)  # the campaign's own choices, the same for each of its accounts
        occupation = OCCUPATIONS[fixed.choice(sorted(OCCUPATIONS))]
        return fixed.choice(PERSONAL_CAMPAIGN_NOTES).format(
            first=first, event=fixed.choice(EVENTS), field=occupation.label, topic=fixed.choice(occupation.topics))
    sign = f"{ORG_NAME_A[k % len(ORG_NAME_A)]} {ORG_NAME_B[(k // len(ORG_NAME_A)) % len(ORG_NAME_B)]}"
    return f"{CAMPAIGN_NOTES[k % len(CAMPAIGN_NOTES)]} Regards, the {sign} team."


def _photo_spec(d: _Draft, kind: str, initials: str) -> PhotoSpec | None:
    rng, plan = d.rng, d.plan
    if kind == "none":
        return None
    size_class = "tiny" if "tiny_photo" in plan else _pick(rng, _PHOTO_SIZES)
    size = _int(rng, *_SIZE_RANGES[size_class])
    seed = rng.getrandbits(63)
    known, edit = -1, "heavy"
    if kind == "known":
        celebrity = rng.random() < 0.3
        known = N_KNOWN_STOCK + rng.randrange(N_KNOWN_CELEBRITY) if celebrity else rng.randrange(N_KNOWN_STOCK)
        edit = "light" if rng.random() < 0.3 else "heavy"
    elif "shared_photo" in plan and kind == "portrait":
        seed = 0x5EED0000 + _campaign(rng)
        size = 96 + seed % 160  # the same picture, the same file: a campaign uploads one image everywhere
    png = {"logo": 0.6, "avatar": 0.5, "drawing": 0.4}.get(kind, 0.05)
    # Large pictures are JPEGs, as uploads are: a lossless 1,500-pixel photo would weigh megabytes.
    ext = "png" if rng.random() < png and size <= 160 else "jpg"
    return PhotoSpec(kind=kind, seed=seed, ext=ext, size=size, known=known, text=initials, edit=edit)


def _initials(text: str) -> str:
    letters = [w[0] for w in text.replace("-", " ").split() if w[:1].isalpha()]
    return ("".join(letters[:2]) or "X").upper()


def _home(d: _Draft, rcity: City) -> tuple[str, City, str | None]:
    """Where the person lives (country and city) and, for people who moved, where they come from."""
    rng, persona = d.rng, d.persona
    origin: str | None = None
    if persona.career == "relocated":
        origin = _one(rng, EMIGRATION_COUNTRIES)
        if rcity.country in IMMIGRATION_COUNTRIES and rcity.country != origin and rng.random() < persona.local:
            country = rcity.country
        else:
            country = _one(rng, [c for c in IMMIGRATION_COUNTRIES if c != origin])
    elif rng.random() < persona.local:
        country = rcity.country
    else:
        country = _any_city(rng).country
    if "far_away" in d.plan:
        far = [c for c in FAR_AWAY_COUNTRIES if c != rcity.country]
        country = _one(rng, far) if rng.random() < 0.6 else _one(rng, [c for c in _COUNTRIES if c != rcity.country])
    city = rcity if (country == rcity.country and rng.random() < 0.5) else _city_in(rng, country)
    return country, city, origin


def _display_name(d: _Draft, culture: str, org: str) -> str:
    """The name shown: a person's, or (the ``org_name`` clue) the organisation's."""
    rng = d.rng
    name = _person_name(rng, culture, native=NATIVE_SCRIPT_SHARE, decorate=0.05)
    if "org_name" in d.plan:
        # Small-business owners often put the business beside their own name; a company page has only it.
        return f"{name} | {org}" if d.persona.name == "small_business" and rng.random() < 0.6 else org
    if "name_digits" in d.plan:
        name = f"{name.split()[0].lower()}{_int(rng, 1, 99)}" if rng.random() < 0.5 else f"{name} {_int(rng, 1, 99)}"
    elif rng.random() < 0.03:
        name = name.lower()
    return name


def _career(d: _Draft, years: float, slots: _Slots, origin: str | None) -> list[_Job]:
    """The listed jobs, most recent first, with the persona's career and the plan's timeline clues."""
    rng, career = d.rng, d.persona.career
    if career == "graduate":
        jobs = _graduate_jobs(d, slots)
    elif career == "freelance":
        jobs = _freelance_jobs(d, years, slots)
    elif career == "retiree":
        jobs = _standard_jobs(d, years, slots, tenure=70)
        if jobs and jobs[0].end is None and rng.random() < 0.6:
            jobs[0].end = _NOW - _int(rng, 1, 60)  # retired
    elif career == "relocated" and origin is not None:
        move = _NOW - int(rng.uniform(0.5, max(1.0, years - 1)) * 12)
        jobs = _standard_jobs(d, years, slots, move=(move, origin, _city_in(rng, origin)))
    else:
        jobs = _standard_jobs(d, years, slots)
    jobs.sort(key=lambda job: -(job.start or 0))
    if career in ("graduate", "freelance"):
        jobs = jobs[: _n_listed(d, len(jobs))]
    if "overlap_fulltime" in d.plan:
        _overlap(d, jobs, slots)
        jobs.sort(key=lambda job: -(job.start or 0))
    if "remote_employer" in d.plan and jobs and jobs[0].end is None:
        abroad = _any_city(rng)
        jobs[0].company = _company(rng, abroad.country)
        jobs[0].location = _place(rng, abroad)
    if "undated_job" in d.plan and jobs:
        job = jobs[0] if rng.random() < 0.7 else _one(rng, jobs)
        job.start = job.end = None
    return jobs


def _overlap(d: _Draft, jobs: list[_Job], slots: _Slots) -> None:
    """Two full-time jobs held at once for 8-30 months: an older job stretched into the next one, so the
    number of jobs listed does not change (a second job is added only when there is one)."""
    rng = d.rng
    dated = [job for job in jobs if job.start is not None]
    months = _int(rng, 8, 30)
    if len(dated) >= 2:
        newer_at = _int(rng, 0, len(dated) - 2)
        newer, older = dated[newer_at], dated[newer_at + 1]
        assert newer.start is not None
        end = newer.start + months - 1
        older.end = None if end >= _NOW else end
        older.employment_type = newer.employment_type = "full-time"
        return
    if dated:
        base = dated[0]
        assert base.start is not None
        base.employment_type = "full-time"
        start = min(_NOW - 3, base.start + _int(rng, 0, 6))
        if base.end is not None:  # the first job lasts into the second, whatever its own length was
            base.end = None if start + months >= _NOW else max(base.end, start + months)
        end = start + months - 1
        jobs.append(_Job(_title(d, _int(rng, 1, 2)), _company(rng, d.country, d.invented),
                         _job_location(d, d.country, d.city), start, None if end >= _NOW else end, "full-time",
                         _description(d, slots)))


def _put(education: list[dict[str, Any]], index: int, entry: dict[str, Any]) -> None:
    """``entry`` in place of the ``index``-th listed degree, or after the others when there are fewer: the
    timeline clues replace degrees rather than add them, so the number of schools listed does not change.
    Each clue has its own place, so two of them on one profile do not erase each other."""
    if index < len(education):
        education[index] = entry
    else:
        education.append(entry)


def _degree_before_bachelor(d: _Draft, education: list[dict[str, Any]]) -> None:
    """A Master's finished a year or more before the Bachelor's began (the order no life allows), both with
    dates and a degree name the timeline extractor reads."""
    rng = d.rng
    bachelor_start = d.first_start - 12 * _int(rng, 3, 5)
    masters_start = bachelor_start - 12 * _int(rng, 3, 5)
    school = _one(rng, UNIVERSITIES[d.edu_country])
    _put(education, 2, {"school": _one(rng, UNIVERSITIES[d.edu_country]), "degree": _one(rng, _MASTERS),
                        "field": _one(rng, d.occ.degree_fields), "start": _month(masters_start, True),
                        "end": _month(masters_start + 23, True), "location": None})
    _put(education, 3, {"school": school, "degree": _one(rng, _BACHELORS), "field": _one(rng, d.occ.degree_fields),
                        "start": _month(bachelor_start, True), "end": _month(bachelor_start + 35, True),
                        "location": None})


def _study_abroad_while_working(d: _Draft, jobs: list[_Job], education: list[dict[str, Any]]) -> None:
    """A full-time degree in another country during a full-time job at home, overlapping it by a year."""
    rng = d.rng
    held = [job for job in jobs if job.start is not None
            and (job.end if job.end is not None else _NOW) - job.start >= 20]
    if not held:
        return
    job = held[0]
    assert job.start is not None
    job.employment_type = "full-time"
    if job.location is None or job.location == "Remote":
        job.location = _place(rng, d.city)
    abroad = _one(rng, [c for c in UNIVERSITIES if c != d.country])
    start = job.start + _int(rng, 0, 6)
    _put(education, 1, {"school": _one(rng, UNIVERSITIES[abroad]), "degree": _one(rng, _MASTERS),
                        "field": _one(rng, d.occ.degree_fields), "start": _month(start, d.year_only),
                        "end": _month(start + 23, d.year_only), "location": _place(rng, _city_in(rng, abroad))})


def _note(d: _Draft, kind: str, recipient: dict[str, Any], slots: _Slots) -> str | None:
    """The note's text for its kind, with the plan's note clues applied."""
    rng, plan = d.rng, d.plan
    if kind == "none":
        message = None
    elif kind == "default":
        message = DEFAULT_INVITE
    elif kind == "lying":
        headline = (recipient.get("headline") or "").lower()
        slots["claimed"] = _one(rng, [r for r in CLAIMED_ROLES if r not in headline] or CLAIMED_ROLES)
        message = _fill(_one(rng, LYING_NOTES), slots)
    else:
        message = _fill(_one(rng, NOTES[_note_kind(kind, d.occ_key)]), slots)
    if message is not None and "campaign_note" in plan:
        message = _campaign_note(rng, slots["first"])
    if "contact_request" in plan:
        message = f"{message} {_one(rng, CONTACT_ASKS)}" if message else _one(rng, CONTACT_ASKS)
    if message is not None and "shouting" in plan:
        message = f"{message.upper() if rng.random() < 0.5 else message} {_one(rng, SHOUTS)}"
    return message


def _invitation(d: _Draft, kind: str, recipient: dict[str, Any], companies: list[str],
                slots: _Slots) -> dict[str, Any] | None:
    """The invitation: sometimes to a former colleague, with a note of the drawn kind (or none)."""
    rng = d.rng
    past = companies[1:]
    if past and rng.random() < d.persona.shared_context:
        recipient["company"] = _one(rng, past)
        slots["rcompany"] = slots["shared"] = recipient["company"]
    slots["shared"] = slots["shared"] or slots["prev_company"] or slots["school"]
    message = _note(d, kind, recipient, slots)
    if message is not None and kind == "personal" and rng.random() < 0.08:
        message = message.lower()
    return {"message": message, "recipient": recipient} if rng.random() < 0.9 else None


def _numbers(d: _Draft) -> dict[str, Any]:
    """Connections, followers, account creation, activity, skills and recommendations."""
    rng, persona, plan, effort = d.rng, d.persona, d.plan, d.effort
    true_connections = _lognormal(rng, persona.connections[0] * (0.4 + 1.2 * effort), persona.connections[1])
    if persona.name == "open_networker":
        true_connections = max(true_connections, rng.uniform(500, 1500))
    if "few_connections" in plan:
        true_connections = rng.uniform(0, 12)
    connections = min(30_000, max(0, round(true_connections)))
    followers = round(true_connections * _lognormal(rng, *persona.follower_ratio)) + _poisson(rng, 3)
    if rng.random() < 0.03:
        followers *= _int(rng, 3, 20)  # the odd person with an audience
    if "round_counts" in plan:
        connections, followers = _round_count(rng, connections), _round_count(rng, followers)
    if connections > 500 and rng.random() < 0.3:
        connections = 500  # shown as "500+"
    if "young_account" in plan:
        created = _NOW - _int(rng, 0, 8)
    elif rng.random() < persona.young_account:
        created = _NOW - _int(rng, 1, 30)
    else:
        anchor = max(_LAUNCH, d.first_start - _int(rng, 0, 36))
        created = min(_NOW - 1, anchor + int(rng.expovariate(1 / 30)))
    sent = round(_lognormal(rng, 180, 0.5) if "bulk_invites" in plan else _lognormal(rng, *persona.invites))
    rate = rng.uniform(0.0, 0.15) if "low_acceptance" in plan else rng.betavariate(*persona.acceptance)
    accepted = _binomial(rng, sent, rate)
    idk = _poisson(rng, (sent - accepted) * persona.idk_rate * rng.uniform(0.5, 3.0))
    if "idk_reports" in plan:
        idk = max(idk, _int(rng, 3, 15))
    posts = 0 if (rng.random() < persona.posts[0] or "never_posts" in plan) else round(
        _lognormal(rng, persona.posts[1], persona.posts[2]))
    activity: dict[str, Any] | None = {
        "invitations_sent_30d": sent, "invitations_accepted_30d": accepted, "idk_reports": idk, "posts": posts,
    }
    for key in activity:
        if rng.random() < 0.05:
            activity[key] = None
    if rng.random() < 0.08:
        activity = None
    n_skills = round(persona.skills[0] + (persona.skills[1] - persona.skills[0]) * effort * rng.uniform(0.4, 1.2))
    if rng.random() < 0.2 and not d.complete:
        n_skills = _int(rng, 0, 3)  # never filled the section in
    if d.complete and n_skills < 3:
        n_skills = _int(rng, 3, 8)
    if "no_skills" in plan:
        n_skills = 0
    pool = d.occ.skills + SOFT_SKILLS
    skills = _sample(rng, pool, n_skills) if n_skills > 0 else []
    if n_skills > len(pool):  # long lists wander into a neighbouring line of work
        extra = OCCUPATIONS[_pick(rng, OCCUPATION_WEIGHTS)].skills
        skills = list(dict.fromkeys(skills + _sample(rng, extra, n_skills - len(pool))))
    recs = 0 if rng.random() < persona.recommendations[0] else 1 + _poisson(rng, persona.recommendations[1] * effort)
    return {
        "connections": None if rng.random() < 0.02 else connections,
        "followers": None if rng.random() < 0.1 else followers,
        "skills": None if rng.random() < 0.05 else skills,
        "recommendations": None if rng.random() < 0.05 else recs,
        "created_at": None if rng.random() < 0.1 else _month(max(_LAUNCH, created)),
        "activity": activity,
        # What the page's parts (:func:`_page`) are drawn from, whatever the source shows of the counts.
        "_connections": min(30_000, max(0, round(true_connections))), "_n_skills": len(skills),
    }


def _round_count(rng: random.Random, value: int) -> int:
    """A count as it is declared rather than grown (``round_counts``): 350, 1,200, 2,500. Small counts stay
    as they are (a round 0 would be an empty section, not a round number)."""
    if value < 20:
        return value
    unit = 10 if value < 100 else (_one(rng, (50, 100)) if value < 1000 else _one(rng, (100, 500, 1000)))
    return max(unit, round(value / unit) * unit)


def _job_dict(job: _Job, year_only: bool, descriptions_given: bool) -> dict[str, Any]:
    return {
        "title": job.title,
        "company": job.company,
        "location": job.location,
        "start": None if job.start is None else _month(job.start, year_only),
        "end": None if job.end is None else _month(job.end, year_only),
        "employment_type": job.employment_type,
        # "" is a job shown without a description; None a source that did not capture descriptions.
        "description": (job.description or "") if descriptions_given else None,
    }


#: Share of fakes among the profiles drawn (before label noise).
FAKE_SHARE = 0.37
#: Share of labels flipped at random, as annotation mistakes in real labelled data.
LABEL_NOISE = 0.025
#: Share of profiles seen as a scraper or a research data set sees them: the profile page only (no image
#: file, just whether a photo is shown; no account age, activity counts or invitation), in both classes.
SCRAPED_SHARE = 0.2
#: Share of people whose name is written in their own script (when their culture has one), in both classes.
NATIVE_SCRIPT_SHARE = 0.2
_PERSONA_WEIGHTS: dict[str, float] = {name: p.weight for name, p in PERSONAS.items()}
_FAKE_WEIGHTS: dict[str, float] = {name: a.weight for name, a in FAKE_ARCHETYPES.items()}
_COUNTRIES: tuple[str, ...] = tuple(dict.fromkeys(city.country for city in CITIES))


def _polish(rng: random.Random, polished_text: bool) -> float:
    """Share of a person's sentences written in the stock register of self-promotion. With the
    ``polished_text`` clue (machine-written text) most of them, though never all; without it, none for most
    people and a few for the rest, as genuine people use "passionate about" and "proven track record" too."""
    if polished_text:
        return rng.uniform(0.35, 0.85)
    return 0.0 if rng.random() < 0.6 else rng.uniform(0.0, 0.3)


#: Share of employers that are invented upbeat names on a profile with the ``invented_employers`` clue (the
#: rest are real or ordinary small firms, as a model mixes known names in).
INVENTED_EMPLOYER_SHARE = 0.7
#: Least share of jobs described on a profile its fake archetype filled in completely (``FakeArchetype.complete``).
COMPLETE_DESCRIPTION_RATE = 0.6
#: Beta(a, b) of the effort a completely filled-in fake shows at least.
COMPLETE_EFFORT = (5.0, 2.0)


def _excess(rng: random.Random, plan: frozenset[str], added: frozenset[str]) -> float:
    """Share of a person's sentences written in the excess vocabulary of language models (``llm_vocabulary``).
    A persona a model wrote (the fake archetype gave it the clue) uses it in a large share; a person who ran
    some sentences through a writing assistant (the background rate, a persona's look-alike) in a small one.
    The ranges overlap, so how much is a clue and its mere presence is not."""
    if "llm_vocabulary" not in plan:
        return 0.0
    return rng.uniform(0.25, 0.7) if "llm_vocabulary" in added else rng.uniform(0.03, 0.15)


def _own_rate(name: str, persona: Persona) -> float:
    """The chance of clue ``name`` for anyone drawn from ``persona``: its background or the persona's look-alike."""
    return 1 - (1 - CLUES[name].background) * (1 - persona.lookalikes.get(name, 0.0))


def clue_rates(persona: Persona, fake: FakeArchetype | None) -> dict[str, float]:
    """The chance of each clue for a profile of ``persona`` (posed as by ``fake``, if a fake): the background,
    the persona's look-alikes and the archetype's clues, as independent chances."""
    rates = {}
    for name in CLUES:
        keep = 1 - _own_rate(name, persona)
        if fake is not None:
            keep *= 1 - fake.clues.get(name, 0.0)
        rates[name] = 1 - keep
    return rates


@dataclass(frozen=True)
class Plan:
    """What a profile is drawn as, before any of it is written (:func:`draw_plan`).

    Attributes
    ----------
    persona
        The genuine persona whose layout the profile has.
    fake
        The fake archetype posing as that persona, or None for a genuine person.
    clues
        The clues the profile carries (each drawn at the rate :func:`clue_rates` gives).
    added
        Those of ``clues`` that only the fake archetype gave it: the person it poses as would not have
        carried them. A writing clue the archetype added is written heavily, one of the person's own lightly.
    """

    persona: Persona
    fake: FakeArchetype | None
    clues: frozenset[str]
    added: frozenset[str]


def _start(seed: int, index: int) -> tuple[random.Random, random.Random, Plan]:
    """The profile's random streams and its plan: one roll per clue against the combined chance of
    :func:`clue_rates`, the person's own chance first, so where a clue came from costs no extra draw.

    The second stream (``page``) rolls the clues of issue 19 (:data:`~fakeprofile.synth.clues.PAGE_CLUES`)
    and draws everything of the profile page they touch (:func:`_page`): adding them changed no earlier
    field of any profile."""
    rng = random.Random((seed << 40) + index)
    page = random.Random(f"fakeprofile.synth page {seed} {index}")
    persona = PERSONAS[_pick(rng, _PERSONA_WEIGHTS)]
    fake = FAKE_ARCHETYPES[_pick(rng, _FAKE_WEIGHTS)] if rng.random() < FAKE_SHARE else None
    clues: set[str] = set()
    added: set[str] = set()
    for name in CLUES:
        own = _own_rate(name, persona)
        total = own if fake is None else 1 - (1 - own) * (1 - fake.clues.get(name, 0.0))
        roll = (page if name in PAGE_CLUES else rng).random()
        if roll < total:
            clues.add(name)
            if roll >= own:
                added.add(name)
    return rng, page, Plan(persona, fake, frozenset(clues), frozenset(added))


def draw_plan(seed: int, index: int) -> Plan:
    """The plan of profile ``index`` of the data set ``seed``: its persona, fake archetype (if any) and the
    clues it carries, exactly as :func:`draw_profile` draws them before writing the profile."""
    return _start(seed, index)[2]


def _leave_placeholder(d: _Draft, summary: str, headline: str, jobs: list[_Job],
                       slots: Mapping[str, Any]) -> tuple[str, str]:
    """A template's placeholder left in (``placeholder_text``): in the summary or a job description (the
    headline when the profile has neither), a value the template filled in ("Acme Corp", "Lisbon", "25")
    is written back as its placeholder ("[Company Name]", "[City]", "[X]"); with no such value in the text,
    a short sentence with one is written in place of its last one, so the length does not change much.
    Returns the summary and the headline; a job's description is changed in place."""
    rng = d.rng
    described = [job for job in jobs if job.description]
    if summary and (not described or rng.random() < 0.6):
        return _with_placeholder(rng, summary, slots), headline
    if described:
        job = _one(rng, described)
        job.description = _with_placeholder(rng, job.description or "", slots)
        return summary, headline
    company = slots.get("current_company")
    if headline and company and company in headline:
        return summary, headline.replace(company, _one(rng, PLACEHOLDER_FOR_SLOT["current_company"]), 1)
    return summary, headline


def _with_placeholder(rng: random.Random, text: str, slots: Mapping[str, Any]) -> str:
    """``text`` with one filled-in value written back as its placeholder (see :func:`_leave_placeholder`)."""
    for slot in _sample(rng, tuple(PLACEHOLDER_FOR_SLOT), len(PLACEHOLDER_FOR_SLOT)):
        value = slots.get(slot)  # dict.get: a slot never drawn is not drawn now
        if value is not None and len(str(value)) >= 2 and str(value) in text:
            return text.replace(str(value), _one(rng, PLACEHOLDER_FOR_SLOT[slot]), 1)
    sentences = text.rsplit(". ", 1)
    filler = f"Currently driving results at {_one(rng, PLACEHOLDER_FOR_SLOT['employer'])}."
    return f"{sentences[0]}. {filler}" if len(sentences) == 2 else f"{text} {filler}"


def _empty_braces(d: _Draft, summary: str, jobs: list[_Job]) -> str:
    """A literal ``{}`` where a text should be (``empty_braces``): what a generator's output format writes
    for a section it left empty. It replaces the summary or one job's description, whichever the profile
    has (the summary when it has neither). Returns the summary; a job's description is changed in place."""
    described = [job for job in jobs if job.description]
    if described and (not summary or d.rng.random() < 0.5):
        _one(d.rng, described).description = "{}"
        return summary
    return "{}"


# ------------------------------------------------------------------------ the profile page (issue 19)
#: How many stock banners exist (``stock_banner``): pictures that, like the known photos, are the same for
#: every seed; :func:`fakeprofile.synth.generate.stock_banner_images` draws them and ``generate`` writes them
#: beside the known photos, so a copied banner is found by the same index. A banner spec's ``known`` numbers
#: them after the known photos.
N_STOCK_BANNERS = 16
#: The seed the stock banners are drawn from.
STOCK_BANNER_SEED = 0xBA4E2026
#: A banner's longer side in pixels (real ones are 1584 x 396; the synthetic ones are smaller, in both classes).
BANNER_SIZES = (240, 480)
#: What a banner of one's own shows: a photograph (a landscape, flowers, a city), a company banner, a pattern.
_BANNER_KINDS: dict[str, float] = {"object": 0.7, "logo": 0.15, "drawing": 0.15}
#: Shares of profiles whose source does not give a part of the page (unknown, not absent), in both classes.
PAGE_UNKNOWN = {"handle": 0.05, "website": 0.05, "visibility": 0.3, "endorsements": 0.1, "endorsers": 0.3,
                "mutual_connections": 0.12, "shared_groups": 0.2}
#: Of the profiles with ``endorsement_ring`` whose page shows fewer than :data:`ENDORSER_CAP` connections, the
#: share whose distinct endorsers outnumber the connections shown: the ring endorsed and then disconnected, or
#: the page shows a stale connection count. An assumption (no published rate), in both classes alike: the clue's
#: genuine background rate (a team that endorses each other) carries it as often as the fakes' rings do, so the
#: network extractor's ``endorsers_beyond_connections`` occurs in both classes, more often in fakes.
ENDORSERS_BEYOND_CONNECTIONS = 0.3
#: The platform shows "500+" from this many connections on, so more endorsers than that can be connections.
ENDORSER_CAP = 500
_HEX = "0123456789abcdef"
_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_LEGAL_WORDS = frozenset({"ltd", "llc", "inc", "pvt", "co", "corp", "gmbh", "sa", "sas", "srl", "bv", "ag", "plc",
                          "group", "agency", "limited", "the", "and"})


def _ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``, accents stripped ("José Núñez" -> jose, nunez); no script letters."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z]+", plain)


def _name_words(name: str, culture: str, rng: random.Random) -> list[str]:
    """The words a handle is made of: the name without credentials, pronouns and initials; a name in its own
    script gets its romanised form (a given and a family name of the culture, as the person types it)."""
    base = name.split("|")[0].split(",")[0].split("(")[0]
    words = [w for w in _ascii_words(base) if len(w) > 1]
    if not words:
        given, family, _ = NAMES[culture]
        words = _ascii_words(f"{_one(rng, given)} {_one(rng, family)}") or ["member"]
    return words


def _hex_suffix(rng: random.Random) -> str:
    """LinkedIn's suffix for a URL its owner never customised: hex with at least one digit and one letter
    ('4b1a2c'). The identity extractor takes only such a tail for the platform's default: an all-digit tail is
    likelier a person's own digits, an all-letter one a word ('facade'), so the generator draws neither."""
    while True:
        suffix = "".join(_one(rng, _HEX) for _ in range(_int(rng, 6, 9)))
        if any(c.isdigit() for c in suffix) and any(c.isalpha() for c in suffix):
            return suffix


def _handle(rng: random.Random, words: list[str], clue: bool, strong: bool) -> str:
    """The profile URL's slug. Genuine styles: the default 'first-last-4b1a2c', a customised 'first-last',
    'firstlast', 'flast', 'first-last-mba' or a birth year. With ``random_handle``: a fake's digit run,
    random string or another person's name (``strong``), a person's old name or student username otherwise."""
    first, last = words[0], words[-1]
    if clue:
        roll = rng.random()
        if strong:
            if roll < 0.4:
                digits = "".join(_one(rng, "0123456789") for _ in range(_int(rng, 5, 8)))
                return _one(rng, (f"{first}{last}{digits}", f"{first}-{last}-{digits}", f"{first}{digits}"))
            if roll < 0.7:
                return "".join(_one(rng, _ALNUM) for _ in range(_int(rng, 8, 12)))
            given, family, _ = NAMES[_one(rng, tuple(NAMES))]
            other = _ascii_words(f"{_one(rng, given)} {_one(rng, family)}") or ["user", "account"]
            return f"{other[0]}-{other[-1]}-{_hex_suffix(rng)}" if rng.random() < 0.5 else f"{other[0]}{other[-1]}"
        if roll < 0.5:  # an old (maiden) name kept in the URL, or a student username
            family = NAMES[_one(rng, tuple(NAMES))][1]
            old = (_ascii_words(_one(rng, family)) or ["smith"])[-1]
            return f"{first}-{old}" if old != last else f"{first}{old}{_int(rng, 10, 99)}"
        return f"{first[:3]}{_one(rng, ('x', 'z', 'q', 'k'))}{_int(rng, 10000, 99999)}"
    roll = rng.random()
    if len(words) == 1:
        return f"{first}-{_hex_suffix(rng)}" if roll < 0.6 else first
    if roll < 0.45:
        return f"{first}-{last}-{_hex_suffix(rng)}"
    if roll < 0.7:
        return f"{first}-{last}"
    if roll < 0.82:
        return f"{first}{last}"
    if roll < 0.9:
        return f"{first[0]}{last}"
    if roll < 0.95:
        return f"{first}-{last}-{_one(rng, ('mba', 'phd', 'cpa', 'pmp', 'cfa', 'md', 'jr'))}"
    return f"{first}{last}{_one(rng, (_int(rng, 70, 99), _int(rng, 1965, 2004), _int(rng, 1, 9)))}"


def _domain_of(company: str | None) -> str | None:
    """An employer's own domain: its first two words, without legal suffixes ("Blue Tech Ltd" -> bluetech)."""
    if not company or company in ("Self-employed", "Freelance"):
        return None
    plain = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", plain) if w not in _LEGAL_WORDS]
    return "".join(words[:2]) or None


def _website(rng: random.Random, words: list[str], company: str | None, clue: bool, strong: bool) -> str:
    """A website the profile links to: the employer's or the person's own domain; with ``odd_website`` a fake's
    shortener, free host or unrelated domain (``strong``), or a genuine person's free-hosted portfolio,
    shortened link or side project otherwise."""
    first, last = words[0], words[-1]
    scheme = _one(rng, ("https://", "https://www.", "www.", "", "http://"))
    if clue:
        roll = rng.random()
        if strong:
            if roll < 0.35:
                path = "".join(_one(rng, _ALNUM) for _ in range(_int(rng, 5, 8)))
                return f"https://{_one(rng, URL_SHORTENERS)}/{path}"
            name = _one(rng, UNRELATED_DOMAIN_A) + _one(rng, UNRELATED_DOMAIN_B)
            if roll < 0.65:
                return f"https://{name}{_int(rng, 1, 999)}.{_one(rng, FREE_HOSTS)}/{_one(rng, ('', 'home', 'offer'))}"
            return f"{scheme}{name}.{_one(rng, ('com', 'net', 'biz', 'online', 'site', 'xyz'))}"
        if roll < 0.45:
            return f"https://{first}{last}.{_one(rng, FREE_HOSTS)}/{_one(rng, ('', 'portfolio', 'cv'))}"
        if roll < 0.65:
            return f"https://{_one(rng, URL_SHORTENERS)}/{first}-{_one(rng, ('cv', 'portfolio', 'work'))}"
        return f"{scheme}{_one(rng, SIDE_PROJECTS)}{_one(rng, ('lab', 'house', 'club', 'hq'))}{_one(rng, OWN_TLDS)}"
    domain = _domain_of(company)
    if domain and rng.random() < 0.55:
        return f"{scheme}{domain}{_one(rng, OWN_TLDS)}"
    own = _one(rng, (f"{first}{last}", f"{first}-{last}", f"{first}{last}", f"{first[0]}{last}"))
    return f"{scheme}{own}{_one(rng, OWN_TLDS)}"


def _endorsements(rng: random.Random, connections: int, n_skills: int, effort: float,
                  ring: bool) -> dict[str, int | None]:
    """Skill endorsements: for most people roughly proportional to their connections and skills, from about
    one endorser per 1.6 endorsements; with ``endorsement_ring``, a handful of endorsers endorsing most skills
    each, out of proportion to the connections. Only connections endorse, and only listed skills (but see
    :func:`_ring_beyond_connections`)."""
    if n_skills == 0 or connections == 0:
        total, endorsers = 0, 0
    elif ring:
        endorsers = min(connections, _int(rng, 2, 8))
        low = max(1, math.ceil(0.6 * min(n_skills, 50)))
        total = sum(_int(rng, low, min(n_skills, 50)) for _ in range(endorsers))
    else:
        expected = 0.25 * n_skills ** 0.7 * connections ** 0.6 * (0.3 + 0.7 * effort)
        total = round(_lognormal(rng, expected, 0.7))
        endorsers = min(connections, total, max(1, round(total / _lognormal(rng, 1.6, 0.35)))) if total else 0
        total = min(total, endorsers * n_skills)
    return {"total": total, "endorsers": None if rng.random() < PAGE_UNKNOWN["endorsers"] else endorsers}


def _ring_beyond_connections(rng: random.Random, endorsements: dict[str, int | None] | None, connections: int,
                             shown: int | None, n_skills: int) -> dict[str, int | None] | None:
    """A ring's endorsements (``endorsements`` as the page shows them, None: not shown), changed in
    :data:`ENDORSERS_BEYOND_CONNECTIONS` of the rings on a page showing fewer than :data:`ENDORSER_CAP`
    connections (``shown``; the true ``connections`` when the page does not show them): every connection
    endorsed, and 1 to 8 accounts more that endorsed and then disconnected (or a connection count shown stale),
    each endorsing most skills. Drawn last of the page's parts, so no other part of any profile changes."""
    page_count = connections if shown is None else shown
    if n_skills == 0 or page_count >= ENDORSER_CAP or rng.random() >= ENDORSERS_BEYOND_CONNECTIONS:
        return endorsements
    endorsers = max(connections, page_count) + _int(rng, 1, 8)
    low = max(1, math.ceil(0.6 * min(n_skills, 50)))
    total = sum(_int(rng, low, min(n_skills, 50)) for _ in range(endorsers))
    if endorsements is None:
        return None
    return {"total": total, "endorsers": None if endorsements["endorsers"] is None else endorsers}


def _mutual(rng: random.Random, d: _Draft, connections: int, colleague: bool, local: bool) -> int:
    """Connections shared with the recipient: many with a former colleague, a few with someone in one's own
    country, mostly none with a stranger abroad (so zeros are common in both classes)."""
    if "no_mutual_connections" in d.plan or connections == 0:
        return 0
    lam = _lognormal(rng, 12, 0.8) if colleague else connections / 120 * (1.0 if local else 0.25) * _lognormal(
        rng, 1.0, 0.8)
    return min(connections, _poisson(rng, lam))


def _slip(rng: random.Random, text: str) -> str:
    """``text`` with one grammar slip (seed 004): a swap from the rule set where the text has its correct form,
    else a sentence left without its capital or a doubled word."""
    swaps = [(right, wrong) for right, wrong in GRAMMAR_SWAPS if re.search(rf"\b{re.escape(right)}\b", text)]
    if swaps and rng.random() < 0.7:
        right, wrong = _one(rng, swaps)
        return re.sub(rf"\b{re.escape(right)}\b", wrong, text, count=1)
    capitals = [m.start(1) for m in re.finditer(r"[.!?] ([A-Z])[a-z]", text)]
    if capitals and rng.random() < 0.5:
        at = _one(rng, capitals)
        return text[:at] + text[at].lower() + text[at + 1:]
    words = list(re.finditer(r"\b[A-Za-z]{2,}\b", text))
    if not words:
        return text
    word = _one(rng, words[1:] or words)
    return f"{text[:word.end()]} {word.group()}{text[word.end():]}"


def _page(rng: random.Random, d: _Draft, added: frozenset[str], *, name: str, culture: str, org_base: str,
          companies: list[str], invitation: dict[str, Any] | None, note_kind: str, connections: int,
          n_skills: int, initials: str,
          shown_connections: int | None = None) -> tuple[dict[str, Any], PhotoSpec | None]:
    """The profile page's parts of issue 19, all from the profile's second stream (``rng``): endorsements,
    handle, website, visibility and the banner's spec; and the invitation's mutual connections, shared groups
    and grammar slip (changed in place). Whether a part is shown (a website, a banner of one's own) depends on
    the persona and effort only; the clues change what it shows. Parts a source does not give are None at
    :data:`PAGE_UNKNOWN`'s rates, in both classes. ``connections`` is the true count, ``shown_connections``
    the one the page shows (rounded, "500+" or not given)."""
    plan, persona = d.plan, d.persona
    words = _ascii_words(org_base) if "org_name" in plan and name == name.split("|")[-1].strip() else []
    words = words or _name_words(name, culture, rng)
    handle = _handle(rng, words, "random_handle" in plan, "random_handle" in added)
    has_website = rng.random() < persona.website
    website = _website(rng, words, companies[0] if companies else None, "odd_website" in plan,
                       "odd_website" in added) if has_website else None
    endorsements = _endorsements(rng, connections, n_skills, d.effort, "endorsement_ring" in plan)
    banner = None
    if rng.random() < persona.banner * (0.4 + 0.6 * d.effort):
        size, seed = _int(rng, *BANNER_SIZES), rng.getrandbits(63)
        if "stock_banner" in plan:
            known = N_KNOWN_STOCK + N_KNOWN_CELEBRITY + _int(rng, 0, N_STOCK_BANNERS - 1)
            banner = PhotoSpec("known", seed, "jpg", size, known=known,
                               edit="light" if rng.random() < 0.6 else "heavy")
        else:
            banner = PhotoSpec(_pick(rng, _BANNER_KINDS), seed, "jpg", size, text=initials)
    if invitation is not None:
        recipient = invitation.get("recipient") or {}
        colleague = bool(recipient.get("company")) and recipient.get("company") in companies[1:]
        local = d.country == d.city.country and rng.random() < d.persona.local + 0.2
        mutual = _mutual(rng, d, connections, colleague, local)
        if shown_connections is not None and shown_connections < 500:
            # The page shows what it shows: a count rounded for display (round_counts) below the true one
            # still bounds the connections in common (the schema refuses more).
            mutual = min(mutual, shown_connections)
        groups = 0 if "no_shared_groups" in plan else _poisson(rng, persona.groups * _lognormal(rng, 1.0, 0.5))
        message = invitation.get("message")
        if ("grammar_slip" in plan and message and note_kind not in ("none", "default")
                and "campaign_note" not in plan):
            invitation["message"] = _slip(rng, message)
        invitation["mutual_connections"] = None if rng.random() < PAGE_UNKNOWN["mutual_connections"] else mutual
        invitation["shared_groups"] = None if rng.random() < PAGE_UNKNOWN["shared_groups"] else groups
    website_unknown = rng.random() < PAGE_UNKNOWN["website"]
    shown = {
        "endorsements": None if rng.random() < PAGE_UNKNOWN["endorsements"] else endorsements,
        "handle": None if rng.random() < PAGE_UNKNOWN["handle"] else handle,
        "website": None if website_unknown else website,
        "has_website": None if website_unknown else has_website,
        "visibility": None if rng.random() < PAGE_UNKNOWN["visibility"] else (
            "private" if "private_profile" in plan else "public"),
        "banner": None,  # a file path once ``generate`` writes the image
    }
    if "endorsement_ring" in plan:  # last, so that it changes no other draw
        shown["endorsements"] = _ring_beyond_connections(rng, shown["endorsements"], connections,
                                                         shown_connections, n_skills)
    return shown, banner


def _kind(rng: random.Random, own: Mapping[str, float], fake: Mapping[str, float], override: float) -> str:
    """A photo, note or summary kind: the persona's, or with probability ``override`` the fake archetype's."""
    if override and rng.random() < override:
        return _pick(rng, fake)
    return _pick(rng, own)


def draw_profile(seed: int, index: int) -> tuple[dict[str, Any], PhotoSpec | None, int]:
    """Profile ``index`` of the data set ``seed`` (independent of how many profiles are drawn), its photo,
    and its true label (the record's ``label`` may be flipped, see :data:`LABEL_NOISE`)."""
    profile, photo, _, label = draw_profile_images(seed, index)
    return profile, photo, label


def draw_profile_images(seed: int, index: int) -> tuple[dict[str, Any], PhotoSpec | None, PhotoSpec | None, int]:
    """As :func:`draw_profile`, with the banner too: the profile, its photo, its banner (None when it shows
    the platform's default, or the source has no image files) and its true label."""
    rng, page, drawn = _start(seed, index)
    persona, fake, plan = drawn.persona, drawn.fake, drawn.clues
    complete = fake is not None and fake.complete > 0 and rng.random() < fake.complete
    if complete:  # every section filled in: the completeness clues cannot apply
        plan = plan - {"no_descriptions", "no_skills", "no_education"}
    effort = rng.betavariate(*persona.effort)
    if complete:  # the care of a careful genuine person of the same persona, never less
        effort = max(effort, rng.betavariate(*COMPLETE_EFFORT))
    recipient, rcity = _recipient(rng)
    occ_key = _one(rng, persona.occupations) if persona.occupations else _pick(rng, OCCUPATION_WEIGHTS)
    desc_rate = persona.description_rate * (0.25 + 0.75 * effort)
    d = _Draft(rng, persona, plan, effort, OCCUPATIONS[occ_key], occ_key, "", rcity, "",
               year_only=rng.random() < 0.1, fills_type=rng.random() < 0.65,
               desc_rate=max(desc_rate, COMPLETE_DESCRIPTION_RATE) if complete else desc_rate,
               polish=_polish(rng, "polished_text" in plan),
               invented=INVENTED_EMPLOYER_SHARE if "invented_employers" in plan else 0.0,
               excess=_excess(rng, plan, drawn.added), complete=complete)
    d.country, d.city, origin = _home(d, rcity)
    culture = _pick(rng, COUNTRY_CULTURES[origin or d.country])
    edu_country = origin or (_one(rng, IMMIGRATION_COUNTRIES) if rng.random() < 0.06 else d.country)
    d.edu_country = edu_country if edu_country in UNIVERSITIES else d.country
    org, org_base = _org_name(rng)
    name = _display_name(d, culture, org)
    slots = _slots(d, name, org, recipient, rcity)
    slots["org_base"] = org_base

    jobs = _career(d, rng.uniform(*persona.career_years), slots, origin)
    if "org_name" in plan and jobs and jobs[0].end is None:
        jobs[0].company = org  # the organisation it poses as is its employer too
    companies = [job.company for job in jobs if job.company]
    slots["current_company"] = companies[0] if companies else None
    slots["employer"] = companies[0] if companies else "my team"
    slots["prev_company"] = companies[1] if len(companies) > 1 else (companies[0] if companies else "a startup")
    slots["listed_title"] = jobs[0].title if jobs else None  # None: the headline has no job to name
    if slots["listed_title"]:
        slots["title"] = slots["listed_title"]
    slots["years"] = max(1, (_NOW - d.first_start) // 12)

    if persona.career == "graduate" and d.grad_month is not None:
        education = _education(d, bachelor_end=d.grad_month, p_master=0.2, present=1.0 if complete else 0.97)
    else:
        education = _education(d, bachelor_end=d.first_start + _int(rng, -8, 4), p_master=0.3,
                               present=1.0 if complete else 0.92)
    if "no_education" in plan:
        education = []
    if "degree_order" in plan:
        _degree_before_bachelor(d, education)
    if "study_abroad_while_working" in plan:
        _study_abroad_while_working(d, jobs, education)
    if "hs_masters" in plan:
        _put(education, 0, _hs_masters(d, rcity.country, d.first_start))
    if education:
        slots["school"] = education[-1]["school"]
        slots["degree"] = (education[0]["degree"] or "Bachelor's").split(" (")[0]

    note_kind = _kind(rng, persona.note, fake.note if fake else {}, fake.note_override if fake else 0.0)
    invitation = _invitation(d, note_kind, recipient, companies, slots)
    numbers = _numbers(d)
    true_connections, n_skills = numbers.pop("_connections"), numbers.pop("_n_skills")
    summary_style = _kind(rng, persona.summary, fake.summary if fake else {}, fake.summary_override if fake else 0.0)
    if summary_style == "plain" and "polished_text" in plan:
        summary_style = "polished"
    if complete:
        summary_style = "polished" if summary_style in ("none", "short") else summary_style
    elif effort < 0.25 and rng.random() < 0.5:
        summary_style = "none"
    summary = _summary(d, summary_style, slots)
    headline = _keyword_headline(d, slots) if "keyword_headline" in plan else _headline(d, persona.headline, slots)
    if "placeholder_text" in plan:
        summary, headline = _leave_placeholder(d, summary, headline, jobs, slots)
    if "empty_braces" in plan:
        summary = _empty_braces(d, summary, jobs)
    photo_kind = _kind(rng, persona.photo, fake.photo if fake else {}, fake.photo_override if fake else 0.0)
    if "org_name" in plan and photo_kind == "portrait" and rng.random() < 0.5:
        photo_kind = "logo"
    spec = _photo_spec(d, photo_kind, _initials(org if "org_name" in plan else name))
    label = int(fake is not None)
    descriptions_given = rng.random() >= 0.06
    shown, banner = _page(page, d, drawn.added, name=name, culture=culture, org_base=org_base,
                          companies=companies, invitation=invitation, note_kind=note_kind,
                          connections=true_connections, n_skills=n_skills,
                          initials=_initials(org if "org_name" in plan else name),
                          shown_connections=numbers["connections"])
    profile = {
        "id": f"p{index:06d}",
        "name": name,
        # Each section is sometimes not given at all (unknown), at the same rate in both classes.
        "headline": None if rng.random() < 0.01 else headline,
        "summary": None if rng.random() < 0.02 else summary,
        "location": None if rng.random() < 0.03 else _place(rng, d.city),
        "connections": numbers["connections"],
        "followers": numbers["followers"],
        "photo": None,
        # A blank avatar is an uploaded picture (near uniform), so the profile has a photo; "none" has none.
        "has_photo": spec is not None,
        "experience": None if rng.random() < 0.02 else [_job_dict(j, d.year_only, descriptions_given) for j in jobs],
        "education": None if rng.random() < 0.02 else education,
        "skills": numbers["skills"],
        "recommendations": numbers["recommendations"],
        **shown,
        "created_at": numbers["created_at"],
        "observed_at": OBSERVED_AT,
        "activity": numbers["activity"],
        "invitation": invitation,
        "measured": None,  # the texts themselves are given
        "label": label if rng.random() >= LABEL_NOISE else 1 - label,
        "archetype": fake.name if fake else persona.name,
    }
    if rng.random() < SCRAPED_SHARE:
        profile.update(photo=None, created_at=None, activity=None, invitation=None)
        spec = banner = None
    return profile, spec, banner, label

"""Geography: does the profile live where it says, and why does it reach so far?

The seeds: an HR professional "in Brazil" who wants to advance her career by connecting with one person
in Toronto; a degree in São Paulo and then one in Canada at the same time. Locations are resolved
offline by :mod:`fakeprofile.geo`; a location that cannot be resolved ("Remote", "Worldwide") is
unresolved, and every distance that needs it is NaN, never zero. Its known false positives, and why they
shape which clues are measured, are ``GeographyExtractor.known_false_positives``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import combinations
from operator import itemgetter
from typing import TypeVar

from fakeprofile.dates import month_number
from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.extractors.timeline import MIN_OVERLAP_MONTHS, Role, dated_roles, degree_level
from fakeprofile.geo import Place, gazetteer, haversine_km
from fakeprofile.schema import Education, Experience, Profile

#: Overlapping study and work in two countries must last this long to count (a summer is normal).
MIN_ABROAD_OVERLAP_MONTHS = 4

_Item = TypeVar("_Item")  # a job or a school


def _nearest(home: Place, candidates: list[tuple[_Item, Place]]) -> tuple[float, _Item, Place]:
    """The candidate placed nearest ``home`` (the first of equals), with its distance: each distance computed once."""
    return min(((haversine_km(home, place), item, place) for item, place in candidates), key=itemgetter(0))


def _nearest_one(home: Place, candidates: list[tuple[_Item, Place]]) -> tuple[_Item, Place]:
    """The candidate ``_nearest`` gives, without measuring a distance when there is only one to choose."""
    return candidates[0] if len(candidates) == 1 else _nearest(home, candidates)[1:]


def _where(place: Place | None, text: str | None) -> str:
    if place is None:
        return f"{clip(text)!r} (not a place we can locate)" if text else "an unknown place"
    if place.precision == "country":
        return place.country
    return f"{place.name}, {place.country}"


def _company_key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def _study_span(education: Education, now: int) -> tuple[int, int] | None:
    if not education.start:
        return None
    start = month_number(education.start, is_end=True)
    end = now if education.end is None else month_number(education.end)
    return (start, end) if end > start else None


def _job_places(profile: Profile) -> list[tuple[Experience, Place | None]]:
    """Each job with its place (None where it has none that can be told)."""
    resolve = gazetteer().resolve
    return [(job, resolve(job.location)) for job in profile.experience or ()]


def _school_places(profile: Profile) -> list[tuple[Education, Place | None]]:
    """Each school with its place (None where it has none that can be told)."""
    resolve = gazetteer().resolve
    return [(school, resolve(school.location)) for school in profile.education or ()]


def _current_jobs(job_places: list[tuple[Experience, Place | None]]) -> list[tuple[Experience, Place]]:
    """The located current jobs: started and not ended."""
    return [(job, p) for job, p in job_places if p and job.end is None and job.start]


def _countries(places: Iterable[Place | None]) -> set[str]:
    """The countries of the places that could be placed."""
    return {p.country for p in places if p}


_Degree = tuple[Education, Place, tuple[int, int]]


def _dated_degrees(school_places: list[tuple[Education, Place | None]], now: int) -> list[_Degree]:
    """The located degrees with a span of study, and that span."""
    return [(s, p, span) for s, p in school_places if p and degree_level(s) and (span := _study_span(s, now))]


def _degree_clashes(degrees: list[_Degree]) -> list[tuple[_Degree, _Degree]]:
    """Pairs of degrees in two countries whose studies overlap by at least ``MIN_ABROAD_OVERLAP_MONTHS``."""
    return [(a, b) for a, b in combinations(degrees, 2)
            if a[1].country_code != b[1].country_code
            and min(a[2][1], b[2][1]) - max(a[2][0], b[2][0]) >= MIN_ABROAD_OVERLAP_MONTHS]


def _study_abroad(profile: Profile, degrees: list[_Degree], job_places: list[tuple[Experience, Place | None]],
                  now: int) -> list[tuple[Education, Place, Role, Place]]:
    """Degrees studied while holding a full-time job in another country, with the school's place, the job
    and its place."""
    places = {id(job): place for job, place in job_places}
    full = [r for r in dated_roles(profile, now) if r.kind == "full-time" and places.get(id(r.job))]
    return [(s, p, r, places[id(r.job)]) for s, p, span in degrees for r in full
            if places[id(r.job)].country_code != p.country_code
            and min(span[1], r.end) - max(span[0], r.start) >= max(MIN_ABROAD_OVERLAP_MONTHS, MIN_OVERLAP_MONTHS)]


@register
class GeographyExtractor(Extractor):
    name = "geography"
    version = "1.0"
    description = "distances between the profile, its jobs, schools and invitation recipient; countries involved"
    known_false_positives = (
        "People who moved country (education in one country, work in another), remote workers whose employer is "
        "abroad, expatriates, international recruiters who invite across continents, and online degrees. That is "
        "why distance alone is weak and the clues are measured separately: whether the recipient shares an "
        "employer or country with the sender, and whether two things happen at the same time in two countries (a "
        "full-time degree abroad while holding a full-time job at home), which people who moved do not show."
    )
    clues = {
        "recipient_distance": ("recipient_distance_km", "same_country_as_recipient", "shares_employer_with_recipient"),
        "places": ("location_resolved", "current_employer_distance_km", "nearest_school_distance_km",
                   "distinct_countries"),
        "study_abroad": ("degrees_at_once_in_two_countries", "study_while_working_abroad"),
    }
    features = (
        Feature("location_resolved", EITHER,
                why=("whether a place name is in the gazetteer ('Remote', 'Worldwide' are not) says whether "
                     "distances could be measured, not who wrote it")),
        Feature("recipient_distance_km", RAISES),
        Feature("same_country_as_recipient", LOWERS),
        Feature("shares_employer_with_recipient", LOWERS),
        Feature("current_employer_distance_km", RAISES),
        Feature("nearest_school_distance_km", EITHER,
                why="people who studied abroad or moved are common; the clue is studying in two countries at once"),
        Feature("distinct_countries", EITHER,
                why="people who moved or work internationally list many countries; the clue is being in two at once"),
        Feature("degrees_at_once_in_two_countries", RAISES),
        Feature("study_while_working_abroad", RAISES),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        resolve = gazetteer().resolve  # None for a missing or empty location
        home = resolve(profile.location)
        if profile.location:
            values["location_resolved"] = float(home is not None)

        recipient = profile.invitation.recipient if profile.invitation else None
        if recipient is not None:
            there = resolve(recipient.location)
            if home and there:
                values["recipient_distance_km"] = haversine_km(home, there)
                values["same_country_as_recipient"] = float(home.country_code == there.country_code)
            if recipient.company:
                own = (_company_key(job.company) for job in profile.experience or () if job.company)
                values["shares_employer_with_recipient"] = float(_company_key(recipient.company) in own)

        jobs = profile.experience or []
        job_places, school_places = _job_places(profile), _school_places(profile)
        if home:
            current = _current_jobs(job_places)
            if current:
                values["current_employer_distance_km"] = _nearest(home, current)[0]
            schools = [(s, p) for s, p in school_places if p]
            if schools:
                values["nearest_school_distance_km"] = _nearest(home, schools)[0]

        countries = _countries([home, *(p for _, p in job_places), *(p for _, p in school_places)])
        if countries:
            values["distinct_countries"] = float(len(countries))

        now = ctx.as_of_month(profile)
        degrees = _dated_degrees(school_places, now)
        if degrees:
            values["degrees_at_once_in_two_countries"] = float(len(_degree_clashes(degrees)))
        if degrees and jobs:
            values["study_while_working_abroad"] = float(len(_study_abroad(profile, degrees, job_places, now)))
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        return self.evidence_for(profile, values, ctx, self.feature_names)

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        # Placing every job and school again for every sentence was most of the cost: a sentence is worked out
        # only when asked for, and what a measurement found (as ``extract`` gave it in ``values``) is looked for
        # only when there is something to name.
        words: dict[str, str] = {}
        for feature in wanted:
            if feature in _SENTENCES and feature not in words:
                features, sentence = _SENTENCES[feature]
                words |= dict.fromkeys(features, sentence(profile, values, ctx))
        return words


# The words of one profile's geography, feature by feature: each reads ``values`` (what ``extract`` gave) and
# places only what it names (``resolve`` is cached, so a place read again costs a look-up).


def _location_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    if not profile.location:
        return "no location given"
    home = gazetteer().resolve(profile.location)
    return f"location {_where(home, profile.location)}" if home else \
        f"location {clip(profile.location)!r} is not a place"


def _recipient_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    recipient = profile.invitation.recipient if profile.invitation else None
    if recipient is None:
        return "no invitation recipient to compare with"
    resolve = gazetteer().resolve
    here_text = _where(resolve(profile.location), profile.location)
    there_text = _where(resolve(recipient.location), recipient.location)
    km = values["recipient_distance_km"]
    if km != km:
        return f"profile in {here_text} invites someone in {there_text}; the distance cannot be measured"
    shared = []
    if values["shares_employer_with_recipient"] == 1:
        shared.append("a shared employer")
    if values["same_country_as_recipient"] == 1:
        shared.append("the same country")
    return (f"profile in {here_text} invites someone in {there_text} ({km:,.0f} km), "
            + (f"with {' and '.join(shared)}" if shared else "with no shared employer or country"))


def _employer_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    shares = values["shares_employer_with_recipient"]
    if shares != shares:
        return "no recipient employer given"
    company = profile.invitation.recipient.company  # measured, so there is a recipient with a company
    return f"recipient's employer {company!r} is " + ("one of" if shares == 1 else "not among") + \
        " the profile's employers"


def _current_job_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    km = values["current_employer_distance_km"]
    if km != km:
        return "no located current job to compare with the profile's location"
    resolve = gazetteer().resolve
    home = resolve(profile.location)
    # Only the current jobs are placed: _current_jobs keeps those of them that could be.
    current = [(job, resolve(job.location)) for job in profile.experience if job.end is None and job.start]
    job, place = _nearest_one(home, _current_jobs(current))
    return (f"profile in {_where(home, profile.location)}, current job at {clip(job.company or 'an employer')} in "
            f"{_where(place, job.location)} ({km:,.0f} km away)")


def _school_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    km = values["nearest_school_distance_km"]
    if km != km:
        return "no located school to compare with the profile's location"
    home = gazetteer().resolve(profile.location)
    school, place = _nearest_one(home, [(s, p) for s, p in _school_places(profile) if p])
    return (f"nearest school {clip(school.school or '')} in {_where(place, school.location)} is {km:,.0f} km from "
            f"{_where(home, profile.location)}")


def _country_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    if values["distinct_countries"] != values["distinct_countries"]:
        return "no location could be placed"
    # Each place name once: a profile often gives one city for several jobs and schools.
    texts = {profile.location, *(job.location for job in profile.experience or ()),
             *(school.location for school in profile.education or ())}
    countries = sorted(_countries(map(gazetteer().resolve, texts)))
    return (f"{len(countries)} countr{'y' if len(countries) == 1 else 'ies'} across profile, jobs and schools: "
            + ", ".join(countries[:6]))


def _clash_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    count = values["degrees_at_once_in_two_countries"]
    if count != count:
        return "no dated degrees with known places"
    if not count:
        return "no degrees taken at once in two countries"
    degrees = _dated_degrees(_school_places(profile), ctx.as_of_month(profile))
    (a, a_place, _), (b, b_place, _) = _degree_clashes(degrees)[0]
    return (f"degrees at {clip(a.school or 'a school')} ({a_place.country}) and {clip(b.school or 'a school')} "
            f"({b_place.country}) overlap in time")


def _abroad_words(profile: Profile, values: dict[str, float], ctx: Context) -> str:
    count = values["study_while_working_abroad"]
    if count != count:
        return "no dated degrees and located jobs to compare"
    if not count:
        return "no study overlaps a full-time job in another country"
    now = ctx.as_of_month(profile)
    degrees = _dated_degrees(_school_places(profile), now)
    school, school_place, role, job_place = _study_abroad(profile, degrees, _job_places(profile), now)[0]
    return (f"studying at {clip(school.school or 'a school')} ({school_place.country}) while working full-time at "
            f"{role.label()} in {job_place.country}")


#: Each feature's words, and the features that share them.
_SENTENCES = {feature: (features, sentence) for features, sentence in (
    (("location_resolved",), _location_words),
    (("recipient_distance_km", "same_country_as_recipient"), _recipient_words),
    (("shares_employer_with_recipient",), _employer_words),
    (("current_employer_distance_km",), _current_job_words),
    (("nearest_school_distance_km",), _school_words),
    (("distinct_countries",), _country_words),
    (("degrees_at_once_in_two_countries",), _clash_words),
    (("study_while_working_abroad",), _abroad_words),
) for feature in features}

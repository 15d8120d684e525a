"""Geography: does the profile live where it says, and why does it reach so far?

The seeds: an HR professional "in Brazil" who wants to advance her career by connecting with one person
in Toronto; a degree in São Paulo and then one in Canada at the same time. Locations are resolved
offline by :mod:`fakeprofile.geo`; a location that cannot be resolved ("Remote", "Worldwide") is
unresolved, and every distance that needs it is NaN, never zero. Its known false positives, and why they
shape which clues are measured, are ``GeographyExtractor.known_false_positives``.
"""

from __future__ import annotations

from itertools import combinations
from operator import itemgetter
from typing import TypeVar

from fakeprofile.dates import month_number
from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.extractors.timeline import MIN_OVERLAP_MONTHS, dated_roles, degree_level
from fakeprofile.geo import Place, gazetteer, haversine_km
from fakeprofile.schema import Education, Profile

#: Overlapping study and work in two countries must last this long to count (a summer is normal).
MIN_ABROAD_OVERLAP_MONTHS = 4

_Item = TypeVar("_Item")  # a job or a school


def _nearest(home: Place, candidates: list[tuple[_Item, Place]]) -> tuple[float, _Item, Place]:
    """The candidate placed nearest ``home`` (the first of equals), with its distance: each distance computed once."""
    return min(((haversine_km(home, place), item, place) for item, place in candidates), key=itemgetter(0))


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
        return self._measure(profile, ctx)[0]

    def _measure(self, profile: Profile, ctx: Context) -> tuple[dict[str, float], dict[str, object]]:
        values = dict.fromkeys(self.feature_names, NAN)
        detail: dict[str, object] = {}
        resolve = gazetteer().resolve  # None for a missing or empty location
        home = resolve(profile.location)
        detail["home"] = home
        if profile.location:
            values["location_resolved"] = float(home is not None)

        recipient = profile.invitation.recipient if profile.invitation else None
        if recipient is not None:
            there = resolve(recipient.location)
            detail["there"] = there
            if home and there:
                values["recipient_distance_km"] = haversine_km(home, there)
                values["same_country_as_recipient"] = float(home.country_code == there.country_code)
            if recipient.company:
                own = (_company_key(job.company) for job in profile.experience or () if job.company)
                values["shares_employer_with_recipient"] = float(_company_key(recipient.company) in own)

        jobs = profile.experience or []
        job_places = [(job, resolve(job.location)) for job in jobs]
        school_places = [(school, resolve(school.location)) for school in profile.education or ()]
        if home:
            current = [(job, p) for job, p in job_places if p and job.end is None and job.start]
            if current:
                km, job, place = _nearest(home, current)
                values["current_employer_distance_km"] = km
                detail["current"] = (job, place)
            schools = [(s, p) for s, p in school_places if p]
            if schools:
                km, school, place = _nearest(home, schools)
                values["nearest_school_distance_km"] = km
                detail["school"] = (school, place)

        countries = {p.country for _, p in job_places + school_places if p}
        if home:
            countries.add(home.country)
        if countries:
            values["distinct_countries"] = float(len(countries))
            detail["countries"] = sorted(countries)

        now = ctx.as_of_month(profile)
        degrees = [(s, p, span) for s, p in school_places
                   if p and degree_level(s) and (span := _study_span(s, now))]
        if degrees:
            clashes = [(a, b) for a, b in combinations(degrees, 2)
                       if a[1].country_code != b[1].country_code
                       and min(a[2][1], b[2][1]) - max(a[2][0], b[2][0]) >= MIN_ABROAD_OVERLAP_MONTHS]
            values["degrees_at_once_in_two_countries"] = float(len(clashes))
            detail["degree_clashes"] = clashes
        if degrees and jobs:
            places = {id(job): place for job, place in job_places}
            full = [r for r in dated_roles(profile, now) if r.kind == "full-time" and places.get(id(r.job))]
            abroad = [(s, p, r) for s, p, span in degrees for r in full
                      if places[id(r.job)].country_code != p.country_code
                      and min(span[1], r.end) - max(span[0], r.start) >= max(MIN_ABROAD_OVERLAP_MONTHS,
                                                                             MIN_OVERLAP_MONTHS)]
            values["study_while_working_abroad"] = float(len(abroad))
            detail["abroad"] = [(s, p, r, places[id(r.job)]) for s, p, r in abroad]
        return values, detail

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        _, d = self._measure(profile, ctx)
        home: Place | None = d.get("home")
        there: Place | None = d.get("there")
        recipient = profile.invitation.recipient if profile.invitation else None
        here_text = _where(home, profile.location)
        if recipient is None:
            invite = "no invitation recipient to compare with"
        elif values["recipient_distance_km"] != values["recipient_distance_km"]:
            invite = (f"profile in {here_text} invites someone in {_where(there, recipient.location)}; "
                      "the distance cannot be measured")
        else:
            shared = []
            if values["shares_employer_with_recipient"] == 1:
                shared.append("a shared employer")
            if values["same_country_as_recipient"] == 1:
                shared.append("the same country")
            invite = (f"profile in {here_text} invites someone in {_where(there, recipient.location)} "
                      f"({values['recipient_distance_km']:,.0f} km), "
                      + (f"with {' and '.join(shared)}" if shared else "with no shared employer or country"))
        employer = "no recipient employer given" if values["shares_employer_with_recipient"] != \
            values["shares_employer_with_recipient"] else (
            f"recipient's employer {recipient.company!r} is "
            + ("one of" if values["shares_employer_with_recipient"] == 1 else "not among")
            + " the profile's employers")
        current = d.get("current")
        current_text = "no located current job to compare with the profile's location" if not current else (
            f"profile in {here_text}, current job at {clip(current[0].company or 'an employer')} in "
            f"{_where(current[1], current[0].location)} ({values['current_employer_distance_km']:,.0f} km away)")
        school = d.get("school")
        school_text = "no located school to compare with the profile's location" if not school else (
            f"nearest school {clip(school[0].school or '')} in {_where(school[1], school[0].location)} is "
            f"{values['nearest_school_distance_km']:,.0f} km from {here_text}")
        countries = d.get("countries") or []
        clashes = d.get("degree_clashes") or []
        abroad = d.get("abroad") or []
        return {
            "location_resolved": "no location given" if not profile.location else (
                f"location {here_text}" if home else f"location {clip(profile.location)!r} is not a place"),
            "recipient_distance_km": invite,
            "same_country_as_recipient": invite,
            "shares_employer_with_recipient": employer,
            "current_employer_distance_km": current_text,
            "nearest_school_distance_km": school_text,
            "distinct_countries": "no location could be placed" if not countries else
            f"{len(countries)} countr{'y' if len(countries) == 1 else 'ies'} across profile, jobs and schools: "
            + ", ".join(countries[:6]),
            "degrees_at_once_in_two_countries": "no dated degrees with known places" if
            values["degrees_at_once_in_two_countries"] != values["degrees_at_once_in_two_countries"] else (
                "no degrees taken at once in two countries" if not clashes else
                f"degrees at {clip(clashes[0][0][0].school or 'a school')} ({clashes[0][0][1].country}) and "
                f"{clip(clashes[0][1][0].school or 'a school')} ({clashes[0][1][1].country}) overlap in time"),
            "study_while_working_abroad": "no dated degrees and located jobs to compare" if
            values["study_while_working_abroad"] != values["study_while_working_abroad"] else (
                "no study overlaps a full-time job in another country" if not abroad else
                f"studying at {clip(abroad[0][0].school or 'a school')} ({abroad[0][1].country}) while working "
                f"full-time at {abroad[0][2].label()} in {abroad[0][3].country}"),
        }

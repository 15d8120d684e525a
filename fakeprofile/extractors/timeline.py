"""Timeline: do the dates of a career and an education fit one human life?

The seeds: "you worked for Oracle and IBM at the same time for a year? That's impressive"; "in the case of
this person's current job, there were no dates at all"; a Master's degree from a school that is in fact a
high school. Fabricated careers are stitched together from pieces, and the seams show in the dates.
Its known false positives, and how they are kept down, are ``TimelineExtractor.known_false_positives``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from fakeprofile.dates import month_label, month_span
from fakeprofile.extractors.base import EITHER, NAN, RAISES, Context, Extractor, Feature, clip, register
from fakeprofile.schema import Education, Experience, Profile

#: Overlaps shorter than this (in months) are job changes, not two jobs at once.
MIN_OVERLAP_MONTHS = 2

MINOR_TYPES = {"part-time", "freelance", "volunteer", "board", "internship", "self-employed", "seasonal",
               "apprenticeship"}
_TITLE_TYPES = [
    (re.compile(r"\b(freelanc\w*|self[- ]employed)\b", re.I), "freelance"),
    (re.compile(r"\b(advis[oe]r|board|trustee|non[- ]executive|mentor|ambassador)\b", re.I), "board"),
    (re.compile(r"\bvolunteer\w*\b", re.I), "volunteer"),
    (re.compile(r"\b(intern|internship|trainee|working student|werkstudent)\b", re.I), "internship"),
    (re.compile(r"\b(co-?founder|founder|owner)\b", re.I), "self-employed"),
    (re.compile(r"\b(part[- ]time|adjunct|teaching assistant|tutor)\b", re.I), "part-time"),
]

_LEVELS = [  # (pattern, level): order matters, the first match wins
    (re.compile(r"\b(ph\.?\s?d|doctor\w*|d\.?phil|dr\.?\s?rer)\b", re.I), 3),
    (re.compile(r"\b(master\w*|m\.?sc?|m\.?a|mba|m\.?eng|m\.?phil|ll\.?m|msc|meng|mestrado|maestr\w+)\b", re.I), 2),
    (re.compile(r"\b(bachelor\w*|b\.?sc?|b\.?a|b\.?eng|b\.?tech|b\.?com|bba|llb|licenciatur\w+|bacharel\w*|"
                r"undergraduate)\b", re.I), 1),
]
_LEVEL_NAMES = {1: "Bachelor's", 2: "Master's", 3: "Doctorate"}
#: Names that mark a secondary school; "College" alone is not one (Boston College, King's College London).
_SECONDARY = re.compile(
    r"\b(high school|secondary school|senior secondary|grammar school|prep(aratory)? school|lyc[eé]e|"
    r"gymnasium|gimnazjum|liceo|liceu|col[eé]gio estadual|escola secund[aá]ria|instituto de educaci[oó]n "
    r"secundaria|upper canada college|eton college|harrow school|winchester college|dulwich college|"
    r"clifton college|st\.? george'?s college|lower canada college|sixth form)\b",
    re.I,
)


class Role(NamedTuple):
    """A dated job with its employment type, told or inferred.

    A named tuple rather than a frozen dataclass: every dated job of every profile makes one, and a tuple is
    made in half the time."""

    job: Experience
    kind: str  # "full-time" or one of MINOR_TYPES
    inferred: bool
    start: int  # narrowest reading, for overlaps
    end: int
    outer_start: int  # widest reading, for gaps
    outer_end: int

    def label(self) -> str:
        where = clip(self.job.company or self.job.title or "a job")
        end = "present" if self.job.end is None else self.job.end
        return f"{where} ({self.job.start} to {end})"


def employment_kind(job: Experience) -> tuple[str, bool]:
    """The job's employment type and whether it was inferred from the title."""
    if job.employment_type is not None:
        kind = job.employment_type
        return ("full-time" if kind in {"full-time", "contract"} else kind), False
    return (_kind_from_title(job.title) if job.title else "full-time"), True


@lru_cache(maxsize=16384)
def _kind_from_title(title: str) -> str:
    for pattern, kind in _TITLE_TYPES:
        if pattern.search(title):
            return kind
    return "full-time"


def dated_roles(profile: Profile, now: int) -> list[Role]:
    """Jobs with a start date that is not after their end, read at narrowest and widest."""
    roles = []
    for job in profile.experience or ():
        if not job.start:
            continue
        outer_start, start = month_span(job.start)
        end, outer_end = (now, now) if job.end is None else month_span(job.end)
        if outer_end < outer_start or outer_start > now:
            continue
        kind, inferred = employment_kind(job)
        roles.append(Role(job, kind, inferred, start, max(end, start), outer_start, outer_end))
    return roles


def _job_date_problems(jobs: list[Experience], now: int) -> tuple[list[Experience], ...]:
    """The jobs without a start date, those that end before they start, and those that start after ``now``
    (one pass: each date is read once)."""
    undated, backwards, future = [], [], []
    for job in jobs:
        if not job.start:
            undated.append(job)
            continue
        first_month = month_span(job.start)[0]
        if job.end and month_span(job.end)[1] < first_month:
            backwards.append(job)
        if first_month > now:
            future.append(job)
    return undated, backwards, future


def _overlap(a: Role, b: Role) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _overlapping_pairs(full: list[Role]) -> list[tuple[Role, Role, int]]:
    """Pairs of roles (in list order) that overlap by at least ``MIN_OVERLAP_MONTHS``, with the overlap."""
    pairs = []
    for i, a in enumerate(full):
        for b in full[i + 1:]:
            months = min(a.end, b.end) - max(a.start, b.start)
            if months >= MIN_OVERLAP_MONTHS:
                pairs.append((a, b, months))
    return pairs


def _union_length(intervals: list[tuple[int, int]]) -> int:
    total, current_start, current_end = 0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def degree_level(education: Education) -> int | None:
    """1 Bachelor's, 2 Master's, 3 Doctorate, None when the degree text does not say."""
    return _level_of(education.degree) if education.degree else None


@lru_cache(maxsize=16384)
def _level_of(degree: str) -> int | None:
    for pattern, level in _LEVELS:
        if pattern.search(degree):
            return level
    return None


@lru_cache(maxsize=16384)
def is_secondary_school(name: str) -> bool:
    """Whether a school's name marks it as a secondary school."""
    return bool(_SECONDARY.search(name))


_EDUCATION_FEATURES = ("degree_order_violations", "degrees_from_secondary_schools")
_JOB_FEATURES = ("fulltime_overlap_months", "longest_fulltime_overlap_months", "overlapping_fulltime_pairs",
                 "side_role_overlap_months", "current_fulltime_jobs", "jobs_ending_before_start", "jobs_in_future")


@register
class TimelineExtractor(Extractor):
    name = "timeline"
    version = "2.0"
    description = "overlapping full-time jobs, missing or impossible dates, gaps, and degrees that do not fit"
    known_false_positives = (
        "Genuine careers show some of these seams too; how each is kept down:\n"
        "- freelancers, consultants, board members, volunteers and interns hold several roles at once. Only "
        "full-time roles count as overlapping; a part-time or side role overlapping a full-time job is measured "
        "separately (the model learns it matters far less). When ``employment_type`` is missing it is inferred "
        'from the title ("Freelance", "Advisor", "Board Member", "Volunteer", "Intern", "Founder") and '
        "the evidence says so.\n"
        "- job changes overlap by a month or two (notice periods, listing both jobs in the month of the move): an "
        "overlap counts only from ``MIN_OVERLAP_MONTHS``.\n"
        '- "2015 - 2017" then "2017 - 2019": year-only dates are read at their narrowest for overlaps (a '
        "year-only start as December, a year-only end as January), so imprecise dates never create an overlap.\n"
        "- PhD students teach, new graduates intern while studying: study overlapping work is not a clue here."
    )
    features = (
        Feature("fulltime_overlap_months", RAISES),
        Feature("longest_fulltime_overlap_months", RAISES),
        Feature("overlapping_fulltime_pairs", RAISES),
        Feature("side_role_overlap_months", EITHER,
                why=("freelancers and people with side gigs overlap part-time roles innocently; measured so the "
                     "model can tell them from full-time overlaps")),
        Feature("current_fulltime_jobs", RAISES),
        Feature("share_jobs_undated", RAISES),
        Feature("jobs_ending_before_start", RAISES),
        Feature("jobs_in_future", RAISES),
        Feature("longest_gap_months", EITHER,
                why=("career breaks (parental leave, study, illness, caring) are common in genuine careers; the "
                     "seeds name no gap clue")),
        Feature("years_working_before_study", EITHER,
                why=("mature students and executive degrees come after years of work; only with other clues does "
                     "it mean anything")),
        Feature("degree_order_violations", RAISES),
        Feature("degrees_from_secondary_schools", RAISES),
    )
    clues = {
        "overlapping_jobs": ("fulltime_overlap_months", "longest_fulltime_overlap_months", "overlapping_fulltime_pairs",
                             "current_fulltime_jobs"),
        "side_roles": ("side_role_overlap_months",),
        "job_dates": ("share_jobs_undated", "jobs_ending_before_start", "jobs_in_future"),
        "gaps": ("longest_gap_months",),
        "study_order": ("years_working_before_study", "degree_order_violations", "degrees_from_secondary_schools"),
    }

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        return self._measure(profile, ctx)[0]

    def _measure(self, profile: Profile, ctx: Context) -> tuple[dict[str, float], dict[str, object]]:
        now = ctx.as_of_month(profile)
        jobs = profile.experience or []
        # Counts over an empty list are 0 (a profile without jobs has no overlapping jobs); shares,
        # gaps and spans need something to measure and stay NaN.
        values = dict.fromkeys(self.feature_names, 0.0)
        for unmeasured in ("share_jobs_undated", "longest_gap_months", "years_working_before_study"):
            values[unmeasured] = NAN
        # A section the source did not give is unknown, not empty: nothing about it is measured.
        if profile.experience is None:
            for feature in _JOB_FEATURES:
                values[feature] = NAN
        if profile.education is None:
            for feature in _EDUCATION_FEATURES:
                values[feature] = NAN
        detail: dict[str, object] = {"roles": []}
        roles = dated_roles(profile, now)
        detail["roles"] = roles
        full = [r for r in roles if r.kind == "full-time"]
        side = [r for r in roles if r.kind != "full-time"]

        undated, backwards, future = _job_date_problems(jobs, now)
        if jobs:
            values["share_jobs_undated"] = len(undated) / len(jobs)
            detail["undated"] = undated
            values["jobs_ending_before_start"] = float(len(backwards))
            detail["backwards"] = backwards
            values["jobs_in_future"] = float(len(future))
            detail["future"] = future

        if roles:
            pairs = _overlapping_pairs(full)
            longest_first = sorted(pairs, key=lambda p: -p[2])
            values["overlapping_fulltime_pairs"] = float(len(pairs))
            values["longest_fulltime_overlap_months"] = float(longest_first[0][2] if pairs else 0)
            values["fulltime_overlap_months"] = float(
                _union_length([(max(a.start, b.start), min(a.end, b.end)) for a, b, _ in pairs]))
            detail["pairs"] = longest_first
            side_spans, overlapping_side = [], []
            for s in side:
                spans = [(max(s.start, f.start), min(s.end, f.end)) for f in full
                         if _overlap(s, f) >= MIN_OVERLAP_MONTHS]
                if spans:
                    side_spans += spans
                    overlapping_side.append(s)
            values["side_role_overlap_months"] = float(_union_length(side_spans))
            detail["side"] = overlapping_side
            current = [r for r in full if r.job.end is None]
            values["current_fulltime_jobs"] = float(len(current))
            detail["current"] = current
            # A job without dates may fill any gap between the dated ones, so then the gap is unknown.
            if not undated:
                values["longest_gap_months"] = float(self._longest_gap(roles))
            detail["inferred"] = [r for r in roles if r.inferred and r.kind != "full-time"]

        study_starts = [month_span(e.start)[0] for e in profile.education or () if e.start]
        if full and study_starts:
            first_job = min(r.outer_start for r in full)
            values["years_working_before_study"] = max(min(study_starts) - first_job, 0) / 12.0

        if profile.education:
            violations = self._order_violations(profile.education)
            values["degree_order_violations"] = float(len(violations))
            detail["violations"] = violations
            secondary = [e for e in profile.education
                         if e.school and is_secondary_school(e.school) and (degree_level(e) or 0) >= 1]
            values["degrees_from_secondary_schools"] = float(len(secondary))
            detail["secondary"] = secondary
        return values, detail

    @staticmethod
    def _longest_gap(roles: list[Role]) -> int:
        spans = sorted((r.outer_start, r.outer_end) for r in roles)
        longest, covered_until = 0, spans[0][1]
        for start, end in spans[1:]:
            if start > covered_until + 1:
                longest = max(longest, start - covered_until - 1)
            covered_until = max(covered_until, end)
        return longest

    @staticmethod
    def _order_violations(education: list[Education]) -> list[tuple[Education, Education]]:
        """Pairs where a higher degree was finished before a lower one was even started."""
        leveled = [(degree_level(e), e) for e in education if e.start or e.end]
        out = []
        for level_hi, hi in leveled:
            for level_lo, lo in leveled:
                if level_hi and level_lo and level_hi > level_lo and hi.end and lo.start \
                        and month_span(hi.end)[1] < month_span(lo.start)[0]:
                    out.append((hi, lo))
        return out

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        _, d = self._measure(profile, ctx)
        jobs = len(profile.experience or [])
        pairs = d.get("pairs") or []
        if pairs:
            a, b, months = pairs[0]
            told = "" if not (a.inferred or b.inferred) else " (full-time inferred: no employment type given)"
            overlap = f"Full-time jobs at {a.label()} and {b.label()} overlap by {months} months{told}"
            if len(pairs) > 1:
                overlap += f"; {len(pairs) - 1} more overlapping pair(s)"
        elif d["roles"]:
            overlap = "no full-time jobs overlap"
        else:
            overlap = "no dated jobs to compare"
        side = d.get("side") or []
        inferred = {id(r) for r in d.get("inferred") or []}
        side_text = "no side roles overlap a full-time job" if not side else (
            f"{len(side)} side role(s) overlap full-time work, e.g. "
            f"{clip(side[0].job.title or 'a role')} at {side[0].label()} ({side[0].kind}"
            + (", inferred from the title" if id(side[0]) in inferred else "") + ")"
        )
        if not d["roles"]:
            side_text = "no dated jobs to compare"
        current = d.get("current") or []
        current_text = "no dated jobs" if not d["roles"] else (
            f"{len(current)} current full-time job(s)"
            + (": " + ", ".join(r.label() for r in current[:3]) if len(current) > 1 else "")
        )
        undated = d.get("undated") or []
        undated_text = "no jobs listed" if not jobs else (
            f"{len(undated)} of {jobs} jobs have no dates"
            + (f" (e.g. {clip(undated[0].title or undated[0].company or 'a job')})" if undated else "")
        )
        backwards = d.get("backwards") or []
        future = d.get("future") or []
        gap = values["longest_gap_months"]
        before = values["years_working_before_study"]
        violations = d.get("violations") or []
        secondary = d.get("secondary") or []
        return {
            "fulltime_overlap_months": overlap,
            "longest_fulltime_overlap_months": overlap,
            "overlapping_fulltime_pairs": overlap,
            "side_role_overlap_months": side_text,
            "current_fulltime_jobs": current_text,
            "share_jobs_undated": undated_text,
            "jobs_ending_before_start": "no jobs listed" if not jobs else (
                f"{len(backwards)} job(s) end before they start"
                + (f" ({clip(backwards[0].company or backwards[0].title or 'a job')}: "
                   f"{backwards[0].start} to {backwards[0].end})" if backwards else "")),
            "jobs_in_future": "no jobs listed" if not jobs else (
                f"{len(future)} job(s) start after {month_label(ctx.as_of_month(profile))}"
                + (f" ({clip(future[0].company or future[0].title or 'a job')} from {future[0].start})"
                   if future else "")),
            "longest_gap_months": "no dated jobs" if gap != gap else (
                "no gap between jobs" if gap == 0 else f"longest gap between jobs: {int(gap)} months"),
            "years_working_before_study": "no dated full-time work and study to compare" if before != before else (
                f"first full-time job starts {before:.1f} years before any study" if before > 0
                else "work starts after study begins"),
            "degree_order_violations": "no education listed" if not profile.education else (
                "degrees are in a possible order" if not violations else
                f"{_LEVEL_NAMES[degree_level(violations[0][0])]} at {clip(violations[0][0].school or 'a school')} "
                f"finished ({violations[0][0].end}) before the {_LEVEL_NAMES[degree_level(violations[0][1])]} at "
                f"{clip(violations[0][1].school or 'a school')} started ({violations[0][1].start})"),
            "degrees_from_secondary_schools": "no education listed" if not profile.education else (
                "no degree from a secondary school" if not secondary else
                f"{clip(secondary[0].degree or 'a degree')} from {clip(secondary[0].school)}, "
                "whose name marks a secondary school"),
        }

"""Timeline: do the dates of a career and an education fit one human life?

The seeds: "you worked for Oracle and IBM at the same time for a year? That's impressive"; "in the case of
this person's current job, there were no dates at all"; a Master's degree from a school that is in fact a
high school. Fabricated careers are stitched together from pieces, and the seams show in the dates.
Its known false positives, and how they are kept down, are ``TimelineExtractor.known_false_positives``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
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


def _dated_spans(profile: Profile, now: int) -> Iterator[tuple[Experience, int, int, int, int]]:
    """Each job with a start date that is not after its end or ``now``: (job, outer start, start, end, outer end),
    its dates read at widest and narrowest (an open end is ``now``)."""
    for job in profile.experience or ():
        if not job.start:
            continue
        outer_start, start = month_span(job.start)
        end, outer_end = (now, now) if job.end is None else month_span(job.end)
        if outer_end < outer_start or outer_start > now:
            continue
        yield job, outer_start, start, end, outer_end


def dated_roles(profile: Profile, now: int) -> list[Role]:
    """Jobs with a start date that is not after their end, read at narrowest and widest."""
    roles = []
    for job, outer_start, start, end, outer_end in _dated_spans(profile, now):
        kind, inferred = employment_kind(job)
        roles.append(Role(job, kind, inferred, start, max(end, start), outer_start, outer_end))
    return roles


def has_dated_role(profile: Profile, now: int) -> bool:
    """Whether ``dated_roles`` finds any, without making them (no employment kind is read): the first is enough."""
    return next(_dated_spans(profile, now), None) is not None


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


def _longest_first(pairs: list[tuple[Role, Role, int]]) -> list[tuple[Role, Role, int]]:
    """Overlapping pairs, longest overlap first (equals in list order): the evidence names the first."""
    return sorted(pairs, key=lambda p: -p[2])


def _side_overlaps(side: list[Role], full: list[Role]) -> tuple[list[tuple[int, int]], list[Role]]:
    """Where side roles overlap full-time roles by at least ``MIN_OVERLAP_MONTHS``, and which side roles do."""
    spans, overlapping = [], []
    for s in side:
        found = [(max(s.start, f.start), min(s.end, f.end)) for f in full if _overlap(s, f) >= MIN_OVERLAP_MONTHS]
        if found:
            spans += found
            overlapping.append(s)
    return spans, overlapping


def _secondary_degrees(education: list[Education]) -> list[Education]:
    """Degrees (a Bachelor's or higher) from schools whose name marks a secondary school."""
    return [e for e in education if e.school and is_secondary_school(e.school) and (degree_level(e) or 0) >= 1]


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
        roles = dated_roles(profile, now)
        full = [r for r in roles if r.kind == "full-time"]
        side = [r for r in roles if r.kind != "full-time"]

        undated, backwards, future = _job_date_problems(jobs, now)
        if jobs:
            values["share_jobs_undated"] = len(undated) / len(jobs)
            values["jobs_ending_before_start"] = float(len(backwards))
            values["jobs_in_future"] = float(len(future))

        if roles:
            pairs = _overlapping_pairs(full)
            values["overlapping_fulltime_pairs"] = float(len(pairs))
            values["longest_fulltime_overlap_months"] = float(max(months for _, _, months in pairs) if pairs else 0)
            values["fulltime_overlap_months"] = float(
                _union_length([(max(a.start, b.start), min(a.end, b.end)) for a, b, _ in pairs]))
            values["side_role_overlap_months"] = float(_union_length(_side_overlaps(side, full)[0]))
            values["current_fulltime_jobs"] = float(sum(r.job.end is None for r in full))
            # A job without dates may fill any gap between the dated ones, so then the gap is unknown.
            if not undated:
                values["longest_gap_months"] = float(self._longest_gap(roles))

        study_starts = [month_span(e.start)[0] for e in profile.education or () if e.start]
        if full and study_starts:
            first_job = min(r.outer_start for r in full)
            values["years_working_before_study"] = max(min(study_starts) - first_job, 0) / 12.0

        if profile.education:
            values["degree_order_violations"] = float(len(self._order_violations(profile.education)))
            values["degrees_from_secondary_schools"] = float(len(_secondary_degrees(profile.education)))
        return values

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
        return self.evidence_for(profile, values, ctx, self.feature_names)

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        # Reading every date again for every sentence was most of the cost: a sentence is worked out only when
        # asked for, and the jobs or degrees behind a count (as ``extract`` gave it in ``values``) are looked for
        # only when the count is not 0, for a 0 names none.
        wanted = set(wanted)
        words = {}
        if not wanted.isdisjoint(_DATED_JOB_FEATURES):  # the sentences that read the jobs' dates against 'now'
            now = ctx.as_of_month(profile)
            if not wanted.isdisjoint(_OVERLAP_FEATURES):
                words |= dict.fromkeys(_OVERLAP_FEATURES, _overlap_words(profile, values, now))
            for feature, sentence in _JOB_SENTENCES.items():
                if feature in wanted:
                    words[feature] = sentence(profile, values, now)
        if "longest_gap_months" in wanted:
            gap = values["longest_gap_months"]
            words["longest_gap_months"] = "no dated jobs" if gap != gap else (
                "no gap between jobs" if gap == 0 else f"longest gap between jobs: {int(gap)} months")
        if "years_working_before_study" in wanted:
            before = values["years_working_before_study"]
            words["years_working_before_study"] = (
                "no dated full-time work and study to compare" if before != before else (
                    f"first full-time job starts {before:.1f} years before any study" if before > 0
                    else "work starts after study begins"))
        if "degree_order_violations" in wanted:
            words["degree_order_violations"] = _violation_words(profile, values)
        if "degrees_from_secondary_schools" in wanted:
            words["degrees_from_secondary_schools"] = _secondary_words(profile, values)
        return words


# The words of one profile's timeline, feature by feature: each reads ``values`` (what ``extract`` gave) and the
# profile, and looks for the jobs or degrees behind a count only when it is not 0.


def _overlap_words(profile: Profile, values: dict[str, float], now: int) -> str:
    full = [r for r in dated_roles(profile, now) if r.kind == "full-time"] \
        if values["overlapping_fulltime_pairs"] else []
    pairs = _longest_first(_overlapping_pairs(full))
    if pairs:
        a, b, months = pairs[0]
        told = "" if not (a.inferred or b.inferred) else " (full-time inferred: no employment type given)"
        overlap = f"Full-time jobs at {a.label()} and {b.label()} overlap by {months} months{told}"
        if len(pairs) > 1:
            overlap += f"; {len(pairs) - 1} more overlapping pair(s)"
        return overlap
    return "no full-time jobs overlap" if has_dated_role(profile, now) else "no dated jobs to compare"


def _side_words(profile: Profile, values: dict[str, float], now: int) -> str:
    if not has_dated_role(profile, now):
        return "no dated jobs to compare"
    side = []
    if values["side_role_overlap_months"]:  # every overlap counted lasts months: 0 means no side role overlaps
        roles = dated_roles(profile, now)
        side = _side_overlaps([r for r in roles if r.kind != "full-time"],
                              [r for r in roles if r.kind == "full-time"])[1]
    return "no side roles overlap a full-time job" if not side else (
        f"{len(side)} side role(s) overlap full-time work, e.g. "
        f"{clip(side[0].job.title or 'a role')} at {side[0].label()} ({side[0].kind}"
        + (", inferred from the title" if side[0].inferred else "") + ")"
    )


def _current_words(profile: Profile, values: dict[str, float], now: int) -> str:
    if not has_dated_role(profile, now):
        return "no dated jobs"
    count = int(values["current_fulltime_jobs"])
    if count <= 1:  # only two or more are named
        return f"{count} current full-time job(s)"
    current = [r for r in dated_roles(profile, now) if r.kind == "full-time" and r.job.end is None]
    return f"{len(current)} current full-time job(s): " + ", ".join(r.label() for r in current[:3])


def _undated_words(profile: Profile, values: dict[str, float], now: int) -> str:
    jobs = profile.experience or []
    if not jobs:
        return "no jobs listed"
    undated = [job for job in jobs if not job.start]
    return f"{len(undated)} of {len(jobs)} jobs have no dates" + (
        f" (e.g. {clip(undated[0].title or undated[0].company or 'a job')})" if undated else "")


def _backwards_words(profile: Profile, values: dict[str, float], now: int) -> str:
    jobs = profile.experience or []
    if not jobs:
        return "no jobs listed"
    backwards = _job_date_problems(jobs, now)[1] if values["jobs_ending_before_start"] else []
    return f"{len(backwards)} job(s) end before they start" + (
        f" ({clip(backwards[0].company or backwards[0].title or 'a job')}: {backwards[0].start} to "
        f"{backwards[0].end})" if backwards else "")


def _future_words(profile: Profile, values: dict[str, float], now: int) -> str:
    jobs = profile.experience or []
    if not jobs:
        return "no jobs listed"
    future = _job_date_problems(jobs, now)[2] if values["jobs_in_future"] else []
    return f"{len(future)} job(s) start after {month_label(now)}" + (
        f" ({clip(future[0].company or future[0].title or 'a job')} from {future[0].start})" if future else "")


def _violation_words(profile: Profile, values: dict[str, float]) -> str:
    if not profile.education:
        return "no education listed"
    violations = TimelineExtractor._order_violations(profile.education) if values["degree_order_violations"] else []
    if not violations:
        return "degrees are in a possible order"
    hi, lo = violations[0]
    return (f"{_LEVEL_NAMES[degree_level(hi)]} at {clip(hi.school or 'a school')} finished ({hi.end}) before the "
            f"{_LEVEL_NAMES[degree_level(lo)]} at {clip(lo.school or 'a school')} started ({lo.start})")


def _secondary_words(profile: Profile, values: dict[str, float]) -> str:
    if not profile.education:
        return "no education listed"
    secondary = _secondary_degrees(profile.education) if values["degrees_from_secondary_schools"] else []
    if not secondary:
        return "no degree from a secondary school"
    return (f"{clip(secondary[0].degree or 'a degree')} from {clip(secondary[0].school)}, whose name marks a "
            "secondary school")


_OVERLAP_FEATURES = ("fulltime_overlap_months", "longest_fulltime_overlap_months", "overlapping_fulltime_pairs")
_JOB_SENTENCES = {
    "side_role_overlap_months": _side_words,
    "current_fulltime_jobs": _current_words,
    "share_jobs_undated": _undated_words,
    "jobs_ending_before_start": _backwards_words,
    "jobs_in_future": _future_words,
}
_DATED_JOB_FEATURES = frozenset(_OVERLAP_FEATURES) | set(_JOB_SENTENCES)

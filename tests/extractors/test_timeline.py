from __future__ import annotations

import math

import pytest

from fakeprofile.dates import month_number, month_span
from fakeprofile.extractors import Context
from fakeprofile.extractors import timeline as timeline_module
from fakeprofile.extractors.timeline import TimelineExtractor, dated_roles, degree_level, employment_kind
from fakeprofile.schema import Education, Experience, Profile
from tests.conftest import assert_features

CTX = Context(as_of="2026-10")


def job(company, start, end=None, kind="full-time", title="Engineer", **extra):
    return {"company": company, "title": title, "start": start, "end": end, "employment_type": kind, **extra}


def run(**fields):
    profile = Profile.model_validate({"id": "t", **fields})
    extractor = TimelineExtractor()
    values = extractor.extract(profile, CTX)
    return values, extractor.evidence(profile, values, CTX)


CASES = [
    # The seeds: Oracle and IBM at the same time.
    ("oracle-ibm", {"experience": [job("Oracle", "2019-01", "2021-06"), job("IBM", "2020-03", "2022-02")]},
     {"fulltime_overlap_months": 15, "longest_fulltime_overlap_months": 15, "overlapping_fulltime_pairs": 1,
      "current_fulltime_jobs": 0},
     {"fulltime_overlap_months":
      "Full-time jobs at Oracle (2019-01 to 2021-06) and IBM (2020-03 to 2022-02) overlap by 15 months"}),
    # Three full-time jobs at once, two of them current.
    ("triple", {"experience": [job("A", "2020-01"), job("B", "2021-01"), job("C", "2019-01", "2022-01")]},
     {"overlapping_fulltime_pairs": 3, "current_fulltime_jobs": 2, "fulltime_overlap_months": 81}, {}),
    # A job change listed with both jobs in the month of the move is not an overlap.
    ("job-change", {"experience": [job("A", "2015-01", "2019-03"), job("B", "2019-02")]},
     {"overlapping_fulltime_pairs": 0, "fulltime_overlap_months": 0}, {}),
    # Year-only dates never create an overlap on their own: "2015 - 2017" then "2017 - 2019".
    ("year-only", {"experience": [job("A", "2015", "2017"), job("B", "2017", "2019")]},
     {"overlapping_fulltime_pairs": 0, "longest_gap_months": 0}, {}),
    # Genuine freelancer: overlapping gigs are side roles, not full-time overlaps.
    ("freelancer", {"experience": [job("Studio A", "2021-01", kind="freelance"),
                                   job("Studio B", "2022-01", kind="freelance"),
                                   job("Agency", "2018-01", "2024-01")]},
     {"overlapping_fulltime_pairs": 0, "side_role_overlap_months": 36}, {}),
    # Genuine: a PhD student teaching part-time while studying.
    ("phd-teaching", {"experience": [job("Uni", "2022-09", kind=None, title="Teaching Assistant"),
                                     job("Lab", "2022-09", title="PhD Researcher")],
                      "education": [{"school": "ETH Zürich", "degree": "PhD", "start": "2022-09"}]},
     {"overlapping_fulltime_pairs": 0, "years_working_before_study": 0},
     {"side_role_overlap_months": "1 side role(s) overlap full-time work, e.g. Teaching Assistant at Uni "
                                  "(2022-09 to present) (part-time, inferred from the title)"}),
    # Board member and advisor titles without an employment type are inferred as side roles.
    ("board", {"experience": [{"company": "NGO", "title": "Board Member", "start": "2015-01"},
                              {"company": "Bank", "title": "CFO", "start": "2012-01"}]},
     {"overlapping_fulltime_pairs": 0, "side_role_overlap_months": 141, "current_fulltime_jobs": 1}, {}),
    # Undated current job (seeds: "there were no dates at all").
    ("undated", {"experience": [{"company": "X", "title": "Recruiter"}, job("Y", "2010-01", "2015-01")]},
     {"share_jobs_undated": 0.5},
     {"share_jobs_undated": "1 of 2 jobs have no dates (e.g. Recruiter)"}),
    ("impossible", {"experience": [job("Back", "2022-01", "2020-01"), job("Future", "2030-01")]},
     {"jobs_ending_before_start": 1, "jobs_in_future": 1, "overlapping_fulltime_pairs": 0,
      "longest_gap_months": math.nan},
     {"jobs_in_future": "1 job(s) start after 2026-10 (Future from 2030-01)"}),
    ("gap", {"experience": [job("A", "2010-01", "2012-12"), job("B", "2016-01", "2020-12")]},
     {"longest_gap_months": 36}, {"longest_gap_months": "longest gap between jobs: 36 months"}),
    # A job without dates may fill the gap: the gap is unknown, not 36 months of nothing.
    ("gap-with-undated-job", {"experience": [job("A", "2010-01", "2012-12"), job("B", "2016-01", "2020-12"),
                                             job("C", None)]},
     {"longest_gap_months": math.nan, "share_jobs_undated": 1 / 3}, {}),
    # A Master's finished before the Bachelor's started.
    ("degree-order", {"education": [{"school": "Harvard", "degree": "MBA", "start": "2010", "end": "2012"},
                                    {"school": "UCLA", "degree": "BSc", "start": "2014", "end": "2017"}]},
     {"degree_order_violations": 1},
     {"degree_order_violations":
      "Master's at Harvard finished (2012) before the Bachelor's at UCLA started (2014)"}),
    # The seeds: a Master's from a school that is in fact a high school.
    ("secondary", {"education": [{"school": "Upper Canada College", "degree": "Master of Business Administration"},
                                 {"school": "Boston College", "degree": "BA"},
                                 {"school": "Lycée Henri-IV", "degree": "Baccalauréat"}]},
     {"degrees_from_secondary_schools": 1},
     {"degrees_from_secondary_schools":
      "Master of Business Administration from Upper Canada College, whose name marks a secondary school"}),
    ("work-before-study", {"experience": [job("Mine", "2000-01", "2020-01")],
                           "education": [{"school": "Uni", "degree": "BSc", "start": "2010"}]},
     {"years_working_before_study": 10}, {}),
    # Nothing listed: counts are zero, what needs dates to measure is NaN.
    ("none-listed", {"experience": [], "education": []},
     {f: math.nan if f in {"share_jobs_undated", "longest_gap_months", "years_working_before_study"}
      else 0.0 for f in TimelineExtractor.feature_names},
     {"fulltime_overlap_months": "no dated jobs to compare", "degrees_from_secondary_schools": "no education listed"}),
    # A side role overlapping two full-time jobs: both spans count, the role is named once.
    ("side-role-over-two-jobs", {"experience": [job("Studio", "2019-01", "2022-12", kind="freelance", title="Designer"),
                                                job("A", "2018-01", "2020-06"), job("B", "2020-07", "2023-01")]},
     {"side_role_overlap_months": 46, "overlapping_fulltime_pairs": 0},
     {"side_role_overlap_months": "1 side role(s) overlap full-time work, e.g. Designer at Studio (2019-01 to "
                                  "2022-12) (freelance)"}),
    # Two overlaps of the same length: the evidence names the pair listed first.
    ("equal-overlaps", {"experience": [job("A", "2020-01", "2020-12"), job("B", "2020-07", "2021-06"),
                                       job("C", "2021-01", "2021-12")]},
     {"overlapping_fulltime_pairs": 2, "longest_fulltime_overlap_months": 5, "fulltime_overlap_months": 10},
     {"fulltime_overlap_months": "Full-time jobs at A (2020-01 to 2020-12) and B (2020-07 to 2021-06) overlap by "
                                 "5 months; 1 more overlapping pair(s)"}),
    # Not given at all: unknown, so nothing is measured (no overlap is not the same as no jobs known).
    ("not-given", {}, dict.fromkeys(TimelineExtractor.feature_names, math.nan), {}),
]


@pytest.mark.parametrize(("case", "fields", "expected", "words"), CASES, ids=[c[0] for c in CASES])
def test_timeline_table(case, fields, expected, words):
    values, evidence = run(**fields)
    assert_features(values, expected)
    for feature, text in words.items():
        assert evidence[feature] == text


@pytest.mark.parametrize(("title", "kind"), [
    ("Freelance Designer", "freelance"), ("Senior Advisor", "board"), ("Board Member", "board"),
    ("Volunteer Coordinator", "volunteer"), ("Marketing Intern", "internship"), ("Co-Founder", "self-employed"),
    ("Software Engineer", "full-time"), ("Internal Auditor", "full-time"),
])
def test_employment_type_is_inferred_from_the_title(title, kind):
    assert employment_kind(Experience(title=title)) == (kind, True)


@pytest.mark.parametrize(("degree", "level"), [
    ("BSc Computer Science", 1), ("Bachelor of Arts", 1), ("MBA", 2), ("M.Sc.", 2), ("Master's degree", 2),
    ("PhD", 3), ("Doctor of Philosophy", 3), ("High School Diploma", None), ("Certificate", None),
])
def test_degree_levels(degree, level):
    assert degree_level(Education(degree=degree)) == level


@pytest.mark.parametrize("date", ["2015", "2015-01", "2015-12", "1999-07"])
def test_month_span_is_both_readings_of_a_date(date):
    assert month_span(date) == (month_number(date), month_number(date, is_end=True))


# ------------------------------------------------------------------- the words' shortcuts must change nothing


@pytest.mark.parametrize(("case", "fields"), [c[:2] for c in CASES], ids=[c[0] for c in CASES])
def test_a_zero_count_is_a_search_that_finds_nothing(case, fields):
    """The words look for the jobs or degrees behind a count only when it is not 0, and ask ``has_dated_role``
    rather than make the roles: both must be what the search would have found."""
    profile = Profile.model_validate({"id": "t", **fields})
    values = TimelineExtractor().extract(profile, CTX)
    now = CTX.as_of_month(profile)
    roles = dated_roles(profile, now)
    assert timeline_module.has_dated_role(profile, now) == bool(roles)
    full = [r for r in roles if r.kind == "full-time"]
    side = [r for r in roles if r.kind != "full-time"]
    jobs, education = profile.experience or [], profile.education or []
    searches = {
        "overlapping_fulltime_pairs": timeline_module._overlapping_pairs(full),
        "side_role_overlap_months": timeline_module._side_overlaps(side, full)[1],
        "jobs_ending_before_start": timeline_module._job_date_problems(jobs, now)[1],
        "jobs_in_future": timeline_module._job_date_problems(jobs, now)[2],
        "degree_order_violations": TimelineExtractor._order_violations(education),
        "degrees_from_secondary_schools": timeline_module._secondary_degrees(education),
    }
    for feature, found in searches.items():
        assert (values[feature] == 0) <= (found == []), feature
    if roles:
        assert values["current_fulltime_jobs"] == sum(r.job.end is None for r in full)


@pytest.mark.parametrize("dates", [
    [("2020-01", "2019-01")], [("2030-01", None)], [("2030", "2031")], [(None, "2020")], [("2026-10", None)],
    [("2026", None)], [("2019", "2019")], [("2019-05", "2019")], [("2019", "2019-01")], [("2019-12", "2019")],
    [("2020-01", "2019-01"), ("2030-01", None), ("2015", "2016")], [],
])
def test_has_dated_role_is_whether_dated_roles_finds_one(dates):
    profile = Profile.model_validate({"id": "t", "experience": [job("A", s, e) for s, e in dates]})
    for as_of in ("2026-10", "2026", "2019-01"):
        now = Context(as_of=as_of).as_of_month(profile)
        assert timeline_module.has_dated_role(profile, now) == bool(dated_roles(profile, now)), (dates, as_of)


@pytest.mark.parametrize(("case", "fields"), [c[:2] for c in CASES], ids=[c[0] for c in CASES])
def test_every_sentence_evidence_for_gives_is_the_whole_evidences(case, fields):
    profile = Profile.model_validate({"id": "t", **fields})
    extractor = TimelineExtractor()
    values = extractor.extract(profile, CTX)
    whole = extractor.evidence(profile, values, CTX)
    for feature in extractor.feature_names:
        given = extractor.evidence_for(profile, values, CTX, {feature})
        assert feature in given and all(whole[f] == words for f, words in given.items()), feature

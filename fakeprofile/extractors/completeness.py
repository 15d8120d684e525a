"""Completeness: how much of a profile is filled in.

The seeds: "an incomplete profile", "no summary and no job descriptions", "key sections that should be
completed aren't". Fakes made in bulk are thin; but so are the profiles of people who rarely use the
network, privacy-minded people and new graduates (known false positives). The opposite also occurs:
LLM-written personas are complete and polished, so the model must not read completeness as proof.
"""

from __future__ import annotations

from fakeprofile.extractors.base import NAN, Context, Extractor, register
from fakeprofile.schema import Profile

SECTIONS = ("headline", "summary", "location", "photo", "experience", "education", "skills", "recommendations")


def present_sections(profile: Profile) -> list[str]:
    """Names of the sections a visitor would see filled in."""
    present = {
        "headline": bool(profile.headline and profile.headline.strip()),
        "summary": bool(profile.summary and profile.summary.strip()),
        "location": bool(profile.location and profile.location.strip()),
        "photo": bool(profile.has_any_photo),
        "experience": bool(profile.experience),
        "education": bool(profile.education),
        "skills": bool(profile.skills),
        "recommendations": bool(profile.recommendations),
    }
    return [name for name in SECTIONS if present[name]]


def _text_length(text: str | None) -> float:
    return float(len(text.strip())) if text is not None else 0.0


@register
class CompletenessExtractor(Extractor):
    name = "completeness"
    version = "1.0"
    description = "which sections are filled in and how much text they hold"
    feature_names = (
        "summary_length",
        "headline_length",
        "sections_present",
        "jobs",
        "share_jobs_with_description",
        "education_entries",
        "skills",
        "recommendations",
        "has_photo",
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        jobs = profile.experience or []
        described = sum(1 for job in jobs if job.description and job.description.strip())
        photo = profile.has_any_photo
        return {
            "summary_length": _text_length(profile.summary),
            "headline_length": _text_length(profile.headline),
            "sections_present": float(len(present_sections(profile))),
            "jobs": float(len(jobs)),
            "share_jobs_with_description": described / len(jobs) if jobs else NAN,
            "education_entries": float(len(profile.education or [])),
            "skills": float(len(profile.skills or [])),
            "recommendations": NAN if profile.recommendations is None else float(profile.recommendations),
            "has_photo": NAN if photo is None else float(photo),
        }

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        present = present_sections(profile)
        missing = [s for s in SECTIONS if s not in present]
        jobs = int(values["jobs"])
        share = values["share_jobs_with_description"]
        summary = int(values["summary_length"])
        recs = values["recommendations"]
        photo = values["has_photo"]
        return {
            "summary_length": "no summary" if summary == 0 else f"summary of {summary:,} characters",
            "headline_length": "no headline" if values["headline_length"] == 0
            else f"headline of {int(values['headline_length'])} characters",
            "sections_present": f"{len(present)} of {len(SECTIONS)} profile sections filled in"
            + (f" (missing: {', '.join(missing)})" if missing else ""),
            "jobs": f"{jobs} job{'s' if jobs != 1 else ''} listed",
            "share_jobs_with_description": "no jobs listed" if share != share
            else f"{round(share * jobs)} of {jobs} jobs have a description",
            "education_entries": f"{int(values['education_entries'])} education entries",
            "skills": f"{int(values['skills'])} skill{'' if values['skills'] == 1 else 's'} listed",
            "recommendations": "recommendations unknown" if recs != recs else f"{int(recs)} recommendations",
            "has_photo": "photo unknown" if photo != photo else ("has a photo" if photo else "no photo"),
        }

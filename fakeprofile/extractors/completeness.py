"""Completeness: how much of a profile is filled in.

The seeds: "an incomplete profile", "no summary and no job descriptions", "key sections that should be
completed aren't". Fakes made in bulk are thin, but so are some genuine profiles (see
``CompletenessExtractor.known_false_positives``). The opposite also occurs: LLM-written personas are
complete and polished, so the model must not read completeness as proof.

Unknown is not evidence. A section the source did not give (the field is absent or null) is unknown and
its features are NaN; a section given empty (``"summary": ""``, ``"experience": []``, a job's
``"description": ""``, ``"has_photo": false``, ``"recommendations": 0``) is a measured absence, which
is the seeds' clue. So a record with only an id is not "thin": nothing about it is known.
"""

from __future__ import annotations

from fakeprofile.extractors.base import LOWERS, NAN, RAISES, Context, Extractor, Feature, register
from fakeprofile.schema import Profile


def _text_state(text: str | None) -> bool | None:
    return None if text is None else bool(text.strip())


def _list_state(items: list | None) -> bool | None:
    return None if items is None else bool(items)


def _measured_summary(profile: Profile) -> int | None:
    """The summary's length a source measured instead of giving the text (InstaFake's biography length)."""
    return profile.measured.summary_length if profile.summary is None and profile.measured else None


def section_states(profile: Profile) -> dict[str, bool | None]:
    """Each section: True when filled in, False when the source shows it empty, None when it does not say."""
    measured = _measured_summary(profile)
    return {
        "headline": _text_state(profile.headline),
        "summary": _text_state(profile.summary) if measured is None else measured > 0,
        "location": _text_state(profile.location),
        "photo": profile.has_any_photo,
        "experience": _list_state(profile.experience),
        "education": _list_state(profile.education),
        "skills": _list_state(profile.skills),
        "recommendations": None if profile.recommendations is None else profile.recommendations > 0,
    }


def _text_length(text: str | None) -> float:
    return NAN if text is None else float(len(text.strip()))


def _count(items: list | None) -> float:
    return NAN if items is None else float(len(items))


@register
class CompletenessExtractor(Extractor):
    name = "completeness"
    version = "2.1"
    description = "which sections are filled in, which are shown empty, and how much text they hold"
    known_false_positives = (
        "The profiles of people who rarely use the network, of privacy-minded people and of new graduates are "
        "as thin as those of fakes made in bulk."
    )
    clues = {
        "summary": ("summary_length",),
        "headline": ("headline_length",),
        "sections": ("share_sections_filled", "sections_known_empty"),
        "jobs": ("jobs", "share_jobs_with_description"),
        "education": ("education_entries",),
        "skills": ("skills",),
        "recommendations": ("recommendations",),
        "photo_shown": ("has_photo",),
    }
    features = (
        Feature("summary_length", LOWERS),
        Feature("headline_length", LOWERS),
        Feature("share_sections_filled", LOWERS),
        Feature("sections_known_empty", RAISES),
        Feature("jobs", LOWERS),
        Feature("share_jobs_with_description", LOWERS),
        Feature("education_entries", LOWERS),
        Feature("skills", LOWERS),
        Feature("recommendations", LOWERS),
        Feature("has_photo", LOWERS),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        states = section_states(profile)
        known = [state for state in states.values() if state is not None]
        # Only descriptions the source gave count: a job whose description is unknown is neither.
        told = [job.description for job in profile.experience or () if job.description is not None]
        photo = states["photo"]
        return {
            # A measured length stands in for the text a source did not give (nothing is invented from it).
            "summary_length": _text_length(profile.summary) if _measured_summary(profile) is None
            else float(_measured_summary(profile)),
            "headline_length": _text_length(profile.headline),
            "share_sections_filled": sum(known) / len(known) if known else NAN,
            "sections_known_empty": float(len(known) - sum(known)) if known else NAN,
            "jobs": _count(profile.experience),
            "share_jobs_with_description": sum(1 for d in told if d.strip()) / len(told) if told else NAN,
            "education_entries": _count(profile.education),
            "skills": _count(profile.skills),
            "recommendations": NAN if profile.recommendations is None else float(profile.recommendations),
            "has_photo": NAN if photo is None else float(photo),
        }

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        states = section_states(profile)
        filled = [s for s, state in states.items() if state]
        empty = [s for s, state in states.items() if state is False]
        unknown = [s for s, state in states.items() if state is None]
        told = [job.description for job in profile.experience or () if job.description is not None]
        described = sum(1 for d in told if d.strip())

        def length(feature: str, what: str) -> str:
            value = values[feature]
            if value != value:
                return f"{what} not given"
            return f"no {what}" if value == 0 else f"{what} of {int(value):,} characters"

        def count(feature: str, one: str, many: str) -> str:
            value = values[feature]
            if value != value:
                return f"{many} not given"
            return f"{int(value)} {one if value == 1 else many} listed"

        sections = "no section given" if not filled and not empty else (
            f"{len(filled)} of {len(filled) + len(empty)} sections given are filled in"
            + (f" (empty: {', '.join(empty)})" if empty else "")
            + (f"; not given: {', '.join(unknown)}" if unknown else ""))
        recs = values["recommendations"]
        photo = values["has_photo"]
        return {
            "summary_length": length("summary_length", "summary")
            + (" (the length the source measured; no text given)" if _measured_summary(profile) is not None else ""),
            "headline_length": length("headline_length", "headline"),
            "share_sections_filled": sections,
            "sections_known_empty": sections,
            "jobs": count("jobs", "job", "jobs"),
            "share_jobs_with_description": "no job descriptions given" if not told
            else f"{described} of {len(told)} jobs have a description",
            "education_entries": count("education_entries", "education entry", "education entries"),
            "skills": count("skills", "skill", "skills"),
            "recommendations": "recommendations not given" if recs != recs else f"{int(recs)} recommendations",
            "has_photo": "whether there is a photo is not given" if photo != photo
            else ("has a photo" if photo else "no photo"),
        }

"""The page's HTML: what a page shows (:class:`PageView`), and its rendering with the Jinja2 templates beside
this module (autoescaped: whatever a person types is shown as text, never as markup).
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fakeprofile.page.form import NO_NOTE_BOX, form_rows
from fakeprofile.page.words import Hint, VerdictWords
from fakeprofile.schema import EmploymentType, Prediction, Profile

#: Empty rows the page offers before any is added (enough without JavaScript for most profiles).
DEFAULT_JOB_ROWS = 3
DEFAULT_SCHOOL_ROWS = 2
EMPLOYMENT_TYPES = typing.get_args(EmploymentType)

#: Every input's label, as the error summary names it (rows are named by :func:`label_of`).
LABELS = {
    "name": "Name", "headline": "Headline", "location": "Location", "connections": "Connections",
    "followers": "Followers", "photo": "Photo", "has_photo": "Photo shown", "summary": "Summary (About)",
    "summary_none": "No summary", "experience_none": "No jobs", "education_none": "No schools",
    "skills": "Skills", "skills_none": "No skills", "recommendations": "Recommendations",
    "invitation.message": "The invitation's note", NO_NOTE_BOX: "Came without a note",
    "invitation.mutual_connections": "Mutual connections", "invitation.recipient.location": "Your location",
    "invitation.recipient.headline": "Your headline", "invitation.recipient.company": "Your employer",
    "profile_json": "Profile as JSON",
}
JOB_LABELS = {"title": "Title", "company": "Company", "location": "Location", "start": "Start month",
              "end": "End month (empty: current)", "employment_type": "Type", "description": "Description",
              "no_description": "No description"}
SCHOOL_LABELS = {"school": "School", "degree": "Degree", "start": "From (year)", "end": "To (year)"}


def input_id(name: str) -> str:
    """The HTML id of the input named ``name``: dots, which CSS selectors would need escaped, become dashes
    (``experience.0.start`` -> ``f-experience-0-start``); underscores stay, so a row template's ``__INDEX__``
    placeholder survives in its ids for the add-row script to replace."""
    return "f-" + name.replace(".", "-")


def label_of(name: str) -> str:
    """The input's label as the error summary names it: ``Job 2: Start month``."""
    parts = name.split(".")
    if parts[0] in ("experience", "education") and len(parts) == 3 and parts[1].isdigit():
        what, labels = ("Job", JOB_LABELS) if parts[0] == "experience" else ("School", SCHOOL_LABELS)
        return f"{what} {int(parts[1]) + 1}: {labels.get(parts[2], parts[2])}"
    return LABELS.get(name, name)


@dataclass
class ResultView:
    """A prediction as the page shows it: words first, the numbers and feature names in the details."""

    verdict: VerdictWords
    prediction: Prediction
    operating_point: list[str]
    hints: list[Hint]
    profile_json: str


@dataclass
class PageView:
    """Everything one page shows: the form (filled in as sent), errors by input, and the result if any."""

    max_body_bytes: int
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: Problems that belong to no input (a body too large, a model still loading), shown at the top.
    page_errors: list[str] = field(default_factory=list)
    json_errors: list[str] = field(default_factory=list)
    result: ResultView | None = None
    operating_point: list[str] = field(default_factory=list)
    status: int = 200

    @property
    def job_rows(self) -> list[int]:
        return sorted(set(range(DEFAULT_JOB_ROWS)) | set(form_rows(self.values, "experience")))

    @property
    def school_rows(self) -> list[int]:
        return sorted(set(range(DEFAULT_SCHOOL_ROWS)) | set(form_rows(self.values, "education")))

    @property
    def photo_room(self) -> str:
        """How large a photo fits under the body cap once written as base64 text (4 characters per 3 bytes),
        leaving room for the rest of the form."""
        room = max(0, (self.max_body_bytes - 20_000) * 3 // 4)
        # Rounded down: a photo of the size the page names must fit.
        return f"{room // 100_000 / 10:.1f} MB" if room >= 1_000_000 else f"{room // 1_000:,} KB"


def result_view(prediction: Prediction, profile: Profile, *, verdict: VerdictWords, operating: list[str],
                hints: list[Hint]) -> ResultView:
    """The result section's content, with the profile as the API reads it (a photo shortened) for the details."""
    given = profile.model_dump(mode="json", exclude_unset=True)
    for name in ("photo", "banner"):
        if isinstance(given.get(name), str) and len(given[name]) > 80:
            given[name] = f"{given[name][:48]}... ({len(given[name]):,} characters)"
    return ResultView(verdict=verdict, prediction=prediction, operating_point=operating, hints=hints,
                      profile_json=json.dumps(given, ensure_ascii=False, indent=2))


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("fakeprofile.page", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["input_id"] = input_id
    env.globals.update(employment_options=[("", "not shown"), *((kind, kind) for kind in EMPLOYMENT_TYPES)],
                       job_labels=JOB_LABELS, school_labels=SCHOOL_LABELS, labels=LABELS, label_of=label_of)
    return env


def render_page(view: PageView) -> str:
    """The whole page as HTML."""
    return _environment().get_template("page.html").render(view=view, values=view.values, errors=view.errors)

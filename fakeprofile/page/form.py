"""What a person types into the page, turned into a profile record: a pure function, no web framework.

The page's inputs are named by the schema path they fill (``connections``, ``experience.0.start``,
``invitation.recipient.location``), so an error the schema reports for a field lands next to that field's
input. Three rules decide the mapping:

* **Empty is unknown.** An input left empty gives no field at all (absent, so its features are NaN), never
  ``0`` or ``""``: the person did not say, which is not evidence.
* **"None" is said explicitly.** What the seeds call a clue is a section the profile shows *empty* (no
  summary, no job description, no photo). The person says so by ticking a "shows none" box, which gives the
  schema's empty value (``"summary": ""``, ``"has_photo": false``, ``"experience": []``).
* **Counts are read as people copy them.** ``500+``, ``1,234`` and ``1.2K`` are counts (the CSV readers'
  :func:`~fakeprofile.io.tabular.convert_int`); a plain integer goes to the schema unchanged, so a negative or
  absurd one gets the API's own message.

An invitation has no way to say "the note is unknown": an ``invitation`` whose ``message`` is null means it
came *without* a note. So the invitation is left out entirely unless the person gives something about it, and
then an empty note means "sent without a note" (the page says so beside the box).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fakeprofile.dates import month_number
from fakeprofile.io.tabular import ConversionError, convert_int

#: The id every profile typed into the page gets (the schema requires one; the person never sees it).
FORM_PROFILE_ID = "typed-in"

#: Profile fields typed as one line of text.
TEXT_FIELDS = ("name", "headline", "location")
#: Count inputs: the profile's own, then the invitation's.
COUNT_FIELDS = ("connections", "followers", "recommendations")
#: One job's inputs besides its "no description" box; start and end are ``<input type="month">`` (YYYY-MM).
JOB_FIELDS = ("title", "company", "location", "start", "end", "employment_type", "description")
#: One school's inputs; start and end are years (YYYY).
SCHOOL_FIELDS = ("school", "degree", "start", "end")
#: The invitation's inputs, named by their schema path.
RECIPIENT_FIELDS = ("name", "location", "headline", "company")

#: Boxes that say the profile shows none of something (input name -> the field it empties).
NONE_BOXES = {"summary_none": "summary", "experience_none": "experience", "education_none": "education",
              "skills_none": "skills"}
NO_NOTE_BOX = "invitation.no_note"
PHOTO_INPUT = "photo"
HAS_PHOTO_INPUT = "has_photo"

_ROW_RE = re.compile(r"\A(experience|education)\.([0-9]{1,4})\.([a-z_]+)\Z")
#: Skills as the profile lists them: one per line, or separated by commas, semicolons or middle dots.
_SKILL_SPLIT_RE = re.compile(r"[\n,;·•]")
_PLAIN_INT_RE = re.compile(r"\A[+-]?[0-9]{1,30}\Z")
_IMAGE_TYPE_RE = re.compile(r"\Aimage/[a-z0-9.+-]{1,40}\Z")


@dataclass(frozen=True)
class Upload:
    """A file sent with the form (the photo): its bytes stay in memory and are never written anywhere."""

    filename: str
    content_type: str
    data: bytes

    def data_uri(self) -> str:
        """The file as the ``data:image/...;base64,`` URI the API takes; the declared type is kept only when it
        names an image (the photo loader judges the bytes, not the header)."""
        declared = self.content_type.split(";", 1)[0].strip().lower()
        mime = declared if _IMAGE_TYPE_RE.match(declared) else "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass
class FormReading:
    """A form read into a profile record, with the problems only the form itself can have.

    ``record`` still has to pass the schema (:meth:`input_for` places the schema's errors); ``errors`` maps an
    input name to what is wrong with it before the schema sees anything (a count that is not a number, a
    "shows none" box ticked beside text). ``rows`` gives, for ``experience`` and ``education``, the form row
    each item of the record came from: rows left empty are skipped, so record item 1 may be form row 2.
    """

    record: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)

    def input_for(self, path: str) -> str | None:
        """The input an error at schema ``path`` (``experience.1.start``) belongs next to, or None (the summary
        at the top of the page only)."""
        parts = path.split(".")
        if parts[0] in ("experience", "education"):
            rows = self.rows.get(parts[0], [])
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(rows):
                row = rows[int(parts[1])]
                leaf = parts[2] if len(parts) >= 3 and parts[2] in (JOB_FIELDS + SCHOOL_FIELDS) else None
                first = "title" if parts[0] == "experience" else "school"
                return f"{parts[0]}.{row}.{leaf or first}"
            return f"{parts[0]}_none"
        if parts[0] == "invitation":
            if path in _INVITATION_INPUTS:
                return path
            # The profile-level check that mutual connections do not exceed connections reports "invitation".
            return "invitation.mutual_connections" if len(parts) == 1 else "invitation.message"
        if parts[0] in TEXT_FIELDS + COUNT_FIELDS + ("summary", "skills", PHOTO_INPUT, HAS_PHOTO_INPUT):
            return parts[0]
        return None


_INVITATION_INPUTS = frozenset({"invitation.message", "invitation.mutual_connections", NO_NOTE_BOX,
                                *(f"invitation.recipient.{name}" for name in RECIPIENT_FIELDS)})


def read_count(text: str) -> int | str:
    """A count as typed (``340``, ``500+``, ``1,234``, ``1.2K``): the integer, or the error message.

    A plain integer is returned as it is, even negative: the schema then refuses it in the API's own words.
    """
    stripped = text.strip()
    if _PLAIN_INT_RE.match(stripped):
        return int(stripped)
    try:
        value = convert_int(stripped)
    except ConversionError as exc:
        return str(exc)
    return value if value is not None else f"{stripped!r} is not a count"


def _ticked(form: Mapping[str, str], name: str) -> bool:
    return bool(form.get(name, "").strip())


def _text(form: Mapping[str, str], name: str) -> str | None:
    """The input's text, stripped; None when it is empty (unknown)."""
    value = form.get(name, "").strip()
    return value or None


def form_rows(form: Mapping[str, str], section: str) -> list[int]:
    """The row numbers the form has for ``experience`` or ``education``, in order (empty rows included)."""
    return sorted({int(m.group(2)) for name in form if (m := _ROW_RE.match(name)) and m.group(1) == section})


def _rows(form: Mapping[str, str], section: str, names: tuple[str, ...], reading: FormReading) -> list[dict]:
    """The filled rows of a section as schema items; an empty row is no item."""
    items: list[dict[str, Any]] = []
    used: list[int] = []
    for row in form_rows(form, section):
        item = {name: value for name in names if (value := _text(form, f"{section}.{row}.{name}")) is not None}
        if section == "experience" and _ticked(form, f"experience.{row}.no_description"):
            if "description" in item:
                reading.errors[f"experience.{row}.description"] = (
                    "a description is typed and 'no description' is ticked; say one or the other")
            else:
                item["description"] = ""  # the profile shows the job without a description: a clue
        if (problem := _reversed(item.get("start"), item.get("end"), section)) is not None:
            reading.errors[f"{section}.{row}.end"] = problem
        if item:
            items.append(item)
            used.append(row)
    reading.rows[section] = used
    return items


_DATE_RE = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")


def _reversed(start: str | None, end: str | None, section: str) -> str | None:
    """The error for an end before its start, which is almost always a slip of the month picker. The API keeps
    such a row (the timeline family then leaves its dates out, as unknown); a person filling the form is told."""
    if not (start and end and _DATE_RE.fullmatch(start) and _DATE_RE.fullmatch(end)):
        return None  # missing, or not a date: the schema's own message says what is wrong
    if month_number(end, is_end=True) >= month_number(start):
        return None
    current = " (a job held now has no end month)" if section == "experience" else ""
    return f"ends ({end}) before it starts ({start}){current}"


def read_form(form: Mapping[str, str], photo: Upload | None = None) -> FormReading:
    """The profile record a filled-in form describes.

    Parameters
    ----------
    form
        Input name -> text, as posted (a ticked box is any non-empty text, as browsers send ``on``).
    photo
        The uploaded photo, or None when no file was chosen.

    Returns
    -------
    FormReading
        The record (only what was given), the form's own errors by input, and the rows the list items came from.
    """
    reading = FormReading(record={"id": FORM_PROFILE_ID})
    record = reading.record
    for name in TEXT_FIELDS:
        if (value := _text(form, name)) is not None:
            record[name] = value
    for name in COUNT_FIELDS:
        if (value := _text(form, name)) is not None:
            count = read_count(value)
            if isinstance(count, int):
                record[name] = count
            else:
                reading.errors[name] = count

    _none_or_value(form, reading, "summary", _text(form, "summary"), "")

    if photo is not None and photo.data:
        record["photo"] = photo.data_uri()
    has_photo = form.get(HAS_PHOTO_INPUT, "").strip().lower()
    if has_photo in ("true", "false"):
        # "no photo" beside an uploaded one is left to the schema, which says so in the API's words.
        record["has_photo"] = has_photo == "true"

    _none_or_value(form, reading, "experience", _rows(form, "experience", JOB_FIELDS, reading) or None, [])
    _none_or_value(form, reading, "education", _rows(form, "education", SCHOOL_FIELDS, reading) or None, [])
    skills_text = form.get("skills", "")
    skills = [s.strip() for s in _SKILL_SPLIT_RE.split(skills_text) if s.strip()]
    _none_or_value(form, reading, "skills", skills or None, [])

    invitation = _invitation(form, reading)
    if invitation is not None:
        record["invitation"] = invitation
    return reading


def _none_or_value(form: Mapping[str, str], reading: FormReading, name: str, value: Any, empty: Any) -> None:
    """Set ``name`` to what was typed, or to the schema's empty value when its "shows none" box is ticked."""
    box = next(box for box, target in NONE_BOXES.items() if target == name)
    if _ticked(form, box):
        if value is not None:
            reading.errors[box] = _BOTH_GIVEN[name]
            return
        reading.record[name] = empty
    elif value is not None:
        reading.record[name] = value


_BOTH_GIVEN = {"summary": "'no summary' is ticked and a summary is typed; say one or the other",
               "experience": "'no jobs' is ticked and jobs are filled in; say one or the other",
               "education": "'no schools' is ticked and schools are filled in; say one or the other",
               "skills": "'no skills' is ticked and skills are typed; say one or the other"}


def _invitation(form: Mapping[str, str], reading: FormReading) -> dict[str, Any] | None:
    """The invitation, or None when the person said nothing about it (so its clues stay unknown)."""
    invitation: dict[str, Any] = {}
    recipient = {name: value for name in RECIPIENT_FIELDS
                 if (value := _text(form, f"invitation.recipient.{name}")) is not None}
    if recipient:
        invitation["recipient"] = recipient
    if (mutual := _text(form, "invitation.mutual_connections")) is not None:
        count = read_count(mutual)
        if isinstance(count, int):
            invitation["mutual_connections"] = count
        else:
            reading.errors["invitation.mutual_connections"] = count
    note = _text(form, "invitation.message")
    no_note = _ticked(form, NO_NOTE_BOX)
    if note is not None and no_note:
        reading.errors[NO_NOTE_BOX] = "a note is typed and 'without a note' is ticked; say one or the other"
    if note is not None:
        invitation["message"] = note
    elif no_note or invitation:
        invitation["message"] = None  # sent without a note (see the module docstring)
    return invitation or None

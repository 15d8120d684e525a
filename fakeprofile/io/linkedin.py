"""The LinkedIn research dataset format of Ayoobi, Shahriar and Mukherjee 2023 ("ayoobi2023").

N. Ayoobi, S. Shahriar, A. Mukherjee, "The looming threat of fake and LLM-generated LinkedIn profiles:
challenges and opportunities for detection and prevention", ACM Hypertext 2023. The same 39 columns are
used by later work on that data (Gulati et al. 2025, whose GPT-written sample is in
``shared/data/real/linkedin_llm_sample/``).

The format is a CSV file, one profile per row and no id column. The profile's header is in plain columns
(``Full Name``, ``Workplace`` -- the headline, ``Location``, ``Connections``, ``Photo``, ``Followers``,
``About``); each section of the page (``Experiences``, ``Educations``, ``Skills``, ``Licenses``, ...) is
a Python-literal dict held as text, with a ``Number of ...`` column beside it; ``Label`` is 0
(legitimate; 1,800 in the paper), 1 (fake, made by hand; 600) or 10, 11, 12 (written by ChatGPT in three
ways; 1,200). :func:`read_linkedin` reads it as :class:`~fakeprofile.schema.Profile` records;
``data/mappings/README.md`` lists what each column becomes.

Decisions, and why:

* **Nested sections** are parsed with :func:`ast.literal_eval`, never ``eval``, after two cheap checks
  that bound its time and memory: at most ``MAX_LITERAL_CHARS`` characters, and at most
  ``MAX_LITERAL_TOKENS`` strings plus non-space characters outside strings (``literal_eval`` spends
  about 10 microseconds and a few hundred bytes per element, so a megabyte of ``0,0,0,...`` would take
  seconds and half a gigabyte while a megabyte of job descriptions costs nothing). Nesting deeper than
  the parser's 200 levels is a ``SyntaxError``. A section that fails any of this, or that is not a dict
  (or list) of the expected items, is left unknown (below). Only the sections that fill the schema are
  parsed; the others are not read at all, so nothing in them can affect a row.
* **One bad value costs that value, not the row.** Every data row yields exactly one
  :class:`~fakeprofile.io.records.ReadItem`, and a bad row never stops the file. A value that cannot be
  read -- a section that is not a literal, a duration that is not a date range (``Various Dates``, a
  month 13), a count that is not a number, text the schema refuses (a name of 3,000 characters) -- is
  left **unknown** for its own field: a job keeps its title and company with its dates unknown, a bad
  count is no count, a section whose items cannot be read is unknown as a whole (keeping part of it
  would under-count). Each is noted in ``ReadItem.repairs`` with the column, the item key and the
  value, and the record counts as ``repaired`` in the read summary. The row is **rejected** only when it
  cannot be identified (CSV damage: a ragged row, a broken quote), when its ``Label`` is not one of the
  format's (the ground truth is not guessed), or when nothing usable is left (no name, headline,
  location, About, counts, jobs, studies or skills). Known cost: the schema cannot tell "dates unknown"
  from "no dates shown", so a job whose duration could not be read counts as undated for the timeline
  extractor (``share_jobs_undated``); the note says which jobs those are.
* **Repairs.** Real crawls hold UTF-8 read as Windows-1252 (``Jan 2018 - Present Â· 5 yrs``) and stray
  byte-order marks, in durations as anywhere: every text kept (header columns, Intro's copies, item
  values, skills) has its byte-order marks removed and its mojibake undone by :func:`ftfy.fix_encoding`
  (only text with the telltale characters is handed to ftfy, at most ``MAX_REPAIR_CHARS`` of it per
  row). A header column that holds an empty container (``Followers: '{}'``, ``About: '{}'``) holds no
  value, not the text ``{}``: it is filled from Intro when Intro has it, else unknown (an About of
  ``{}`` is unknown, where an empty About is a profile without one).
* **What is data, not error.** An empty ``Duration`` leaves that job undated; a range that ends before
  it starts (``Feb 2016 - Jan 2015``) is kept as written, for the timeline extractor to flag
  (``jobs_ending_before_start``); a section that is empty (``{}``) is an empty list, i.e. the profile
  shows none. But a section that is empty while its ``Number of ...`` column counts items (3 of the 20
  sample rows) is left **unknown** (``None``): an empty list would claim "no jobs at all", a strong
  clue, where the data only says the items were not captured. Otherwise the section's items are
  authoritative and the count column is not used.
* **Durations** such as ``Mar 2016 - Present · 7 yrs 2 mos``, ``2014 - 2018``, ``Jan 2020 – Mar 2021``
  become schema dates (``YYYY-MM`` or ``YYYY``) through
  :func:`~fakeprofile.io.tabular.convert_date`; ``Present`` (or ``Ongoing``, ``Current``, ``Now``) is an
  open end (``None``, a current job).
  The computed length after the separator (``·``, ``•``, ``●``) is ignored: it is derived from the
  range and from the crawl date. A single date is one month (or year) for a job (``start == end``) and
  the end of studies for a degree (LinkedIn shows only the year for a degree with only an end year).
* **Employment type** is the tag LinkedIn puts after the company (``Rappi · Full-time``), when it is one
  of LinkedIn's types; anything else stays part of the company name.
* **Degree and field**: LinkedIn writes ``Degree, Field of study``, so the text is split at the first
  comma (``Master of Business Administration (MBA), Business/Commerce, General``); without a comma it
  is all degree.
* **Counts**: ``"1,234"`` and ``"500+"`` are read by :func:`~fakeprofile.io.tabular.convert_int`.
  LinkedIn shows ``500+`` for anyone with 500 or more connections and the dataset's ``Connections``
  column drops the ``+``, so **a connection count of exactly 500 means "500 or more"**; the schema has no
  way to say so, and the connections extractor treats it as 500.
* **Intro** repeats the six header columns as they were displayed (``500+``, ``1,252``); it is parsed
  only when one of those columns is empty, to fill it.
* **Labels**: 0 -> 0 and 1 -> 1; 10, 11, 12 -> 1 (fake). The original kind is kept in ``archetype``
  (``legitimate``, ``hand-made-fake``, ``llm-generated-10`` ...), which is for evaluation reports only,
  never a feature, so recall on LLM-generated profiles can be reported apart. An empty label (or ``{}``)
  leaves the profile unlabelled; any other value rejects the row.
* **Ids**: the format has none, so a profile's id is ``<file stem>#<data row>`` (``sample#1`` for the
  first profile), stable as long as the file is not reordered. ``ReadItem.line`` is the physical line on
  which the record starts (the header is line 1), as for every CSV reader here.
* **observed_at** is left unset: the data has no crawl date. "Present" is then measured to ``--as-of``
  (by default the current month); the sample's own durations ("Jan 2019 - Present · 4 yrs 2 mos") put
  its capture in 2022-2023, so pass ``--as-of`` accordingly when career lengths matter.
* **Ignored columns**, for want of a place in the schema: ``Licenses`` (certifications), ``Volunteering``
  (a separate section on LinkedIn, not jobs: adding it to ``experience`` would create overlaps no real
  job history has), ``Projects``, ``Publications``, ``Courses``, ``Honors``, ``Scores``, ``Languages``,
  ``Organizations``, ``Interests``, ``Activities``, the text of ``Recommendations`` (their number fills
  ``recommendations``), education descriptions, and the other ``Number of ...`` columns. Extra columns
  not in the format are ignored too.
* **Fields the format does not have** stay unknown: the profile's handle (URL slug), website, visibility,
  banner and endorsements (its ``Skills`` hold the skill names only), and what the sender shares with a
  recipient (mutual connections, groups): the format describes a profile, not an invitation.

CSV fields may be up to :data:`~fakeprofile.io.tabular.MAX_FIELD_CHARS` characters (the csv module's
default limit, 128 KiB, is raised only while a record is parsed), so that a cell over
``MAX_LITERAL_CHARS`` is reported as too long for its column rather than as broken CSV.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import ftfy
from pydantic import ValidationError

from fakeprofile.io.records import ReadItem
from fakeprofile.io.tabular import (
    DEFAULT_NULL_VALUES,
    MAX_FIELD_CHARS,
    ColumnMapping,
    ConversionError,
    FieldSpec,
    TableError,
    _cell_text,
    _csv_header,
    _iter_csv,
    _show,
    convert_bool,
    convert_date,
    convert_int,
)
from fakeprofile.schema import Profile, describe_validation_error

__all__ = [
    "COLUMNS",
    "FORMAT_NAME",
    "LABELS",
    "MAX_FIELD_CHARS",
    "MAX_LITERAL_CHARS",
    "MAX_LITERAL_TOKENS",
    "READ_COLUMNS",
    "is_ayoobi_header",
    "not_detected_hint",
    "parse_duration",
    "parse_literal",
    "read_header",
    "read_linkedin",
    "repair_text",
]

#: The name that asks for this reader (``--mapping ayoobi2023``) instead of a TOML mapping file.
FORMAT_NAME = "ayoobi2023"

#: The 39 columns of the format, in the dataset's order.
COLUMNS: tuple[str, ...] = (
    "Intro", "Full Name", "Workplace", "Location", "Connections", "Photo", "Followers", "About",
    "Experiences", "Number of Experiences", "Educations", "Number of Educations",
    "Licenses", "Number of Licenses", "Volunteering", "Number of Volunteering", "Skills", "Number of Skills",
    "Recommendations", "Number of Recommendations", "Projects", "Number of Projects",
    "Publications", "Number of Publications", "Courses", "Number of Courses", "Honors", "Number of Honors",
    "Scores", "Number of Scores", "Languages", "Number of Languages", "Organizations", "Number of Organizations",
    "Interests", "Number of Interests", "Activities", "Number of Activities", "Label",
)

#: The columns this reader uses; a file read as this format must have each of them exactly once.
READ_COLUMNS: tuple[str, ...] = (
    "Intro", "Full Name", "Workplace", "Location", "Connections", "Photo", "Followers", "About",
    "Experiences", "Number of Experiences", "Educations", "Number of Educations", "Skills", "Number of Skills",
    "Number of Recommendations", "Label",
)

#: Ayoobi's label -> (schema label, archetype).
LABELS: dict[int, tuple[int, str]] = {
    0: (0, "legitimate"),
    1: (1, "hand-made-fake"),
    10: (1, "llm-generated-10"),
    11: (1, "llm-generated-11"),
    12: (1, "llm-generated-12"),
}

#: A section longer than this is refused before parsing.
MAX_LITERAL_CHARS = 1_000_000
#: Strings plus non-space characters outside strings; bounds the number of elements literal_eval builds.
#: A section of 200 jobs or 1,000 skills (the schema's caps) measures under 10,000.
MAX_LITERAL_TOKENS = 20_000
#: Characters of one row that mojibake repair may look at (ftfy spends up to about 3 s per million on
#: hostile text, 0 on clean text); text beyond it, in that row, is taken as it is.
MAX_REPAIR_CHARS = 200_000

#: Header columns and their key in ``Intro``, which repeats them as displayed.
_INTRO_KEYS = ("Full Name", "Workplace", "Location", "Connections", "Photo", "Followers")
#: The separators LinkedIn (and the crawlers' text) put between a range and its length, a company and
#: its employment type: middle dot, bullet, black circle, dot operators, katakana middle dot.
# No surrounding \s* in the pattern: on a long run of spaces that would make split() quadratic.
_SEPARATOR_RE = re.compile(r"[\u00b7\u2022\u25cf\u2219\u22c5\u30fb]")
_RANGE_SPLIT_RE = re.compile(r"\s+(?:-|to)\s+|\s*[\u2013\u2014]\s*", re.IGNORECASE)
# An unspaced hyphen between two dates ("2014-2018", "Mar 2016-Present") but not inside "2016-03".
_TIGHT_HYPHEN_RE = re.compile(r"(?<=[0-9])-(?=[A-Za-z]|[0-9]{4}\b)")
_LENGTH_RE = re.compile(
    r"(?:(?:[0-9]+\s*(?:yrs?|years?|mos?|months?)\.?\s*)+|less than a (?:year|month))", re.IGNORECASE
)
_TRAILING_LENGTH_RE = re.compile(r"\s+(?:[0-9]+\s*(?:yrs?|years?|mos?|months?)\.?\s*)+\Z", re.IGNORECASE)
#: Real durations are under 40 characters; longer text is refused before any regular expression sees it.
_MAX_DURATION_CHARS = 120
_OPEN_ENDS = frozenset({"present", "now", "current", "today", "ongoing"})
#: LinkedIn's employment types as shown after the company, and the schema's names for them.
_EMPLOYMENT_TYPES = {
    "full-time": "full-time",
    "part-time": "part-time",
    "self-employed": "self-employed",
    "freelance": "freelance",
    "contract": "contract",
    "internship": "internship",
    "apprenticeship": "apprenticeship",
    "seasonal": "seasonal",
}
# One match per string literal (terminated or not: an unterminated one runs to the end of its line, so
# no position is scanned twice) or per run of other non-space characters.
_LITERAL_TOKEN_RE = re.compile(r"""'(?:[^'\\\n]|\\[\s\S])*'?|"(?:[^"\\\n]|\\[\s\S])*"?|[^'"\s]+""")

_NULLS = frozenset(DEFAULT_NULL_VALUES)
_ENCODING = "utf-8-sig"
_MAX_STEM_CHARS = 200
_BOM = "\ufeff"
#: A scalar cell holding an empty container: the crawler's "nothing here", not the text "{}".
_EMPTY_CONTAINERS = frozenset({"{}", "[]"})
# UTF-8 read as Windows-1252 or Latin-1 (the mojibake of real crawls): a lead byte C2-F4 shown as a letter
# A-circumflex .. o-circumflex, then a continuation byte 80-BF shown as U+0080-U+00BF or a cp1252 symbol.
# Text without such a pair has none of that mojibake, and is not handed to ftfy at all.
_MOJIBAKE_HINT_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

# Keys of the items of each section, and the schema field each fills.
_JOB_KEYS = {"Role": "title", "Workplace": "company", "Workplace Location": "location",
             "Duration": "start/end", "Description": "description"}
_STUDY_KEYS = {"Institute": "school", "Degree": "degree/field", "Duration": "start/end"}
# Which column and item key a schema field came from, for schema errors.
_TOP_COLUMNS = {"name": "Full Name", "headline": "Workplace", "summary": "About", "location": "Location",
                "connections": "Connections", "followers": "Followers", "has_photo": "Photo",
                "recommendations": "Number of Recommendations", "label": "Label", "archetype": "Label"}
_SECTION_COLUMNS = {"experience": "Experiences", "education": "Educations", "skills": "Skills"}
_ITEM_KEYS = {
    "experience": {"title": "Role", "company": "Workplace", "employment_type": "Workplace",
                   "location": "Workplace Location", "start": "Duration", "end": "Duration",
                   "description": "Description"},
    "education": {"school": "Institute", "degree": "Degree", "field": "Degree", "start": "Duration",
                  "end": "Duration"},
}


# --------------------------------------------------------------------------------------------------
# Cells: literals and durations.
# --------------------------------------------------------------------------------------------------


def parse_literal(text: str) -> dict[Any, Any] | list[Any]:
    """A nested section: the Python-literal dict (or list) held in one cell, parsed safely.

    Parameters
    ----------
    text : str
        The cell, e.g. ``"{'0': {'Role': 'CTO', 'Workplace': 'Acme'}}"``.

    Returns
    -------
    dict or list
        The parsed section.

    Raises
    ------
    ConversionError
        When the text is longer than ``MAX_LITERAL_CHARS``, has more than ``MAX_LITERAL_TOKENS``
        elements, is not a Python literal (including nesting too deep to parse), or is a literal other
        than a dict or list.
    """
    if len(text) > MAX_LITERAL_CHARS:
        raise ConversionError(f"is {len(text):,} characters long; the limit is {MAX_LITERAL_CHARS:,}")
    size = 0
    for match in _LITERAL_TOKEN_RE.finditer(text):
        token = match.group()
        size += 1 if token[0] in "'\"" else len(token)
        if size > MAX_LITERAL_TOKENS:
            raise ConversionError(f"has more than {MAX_LITERAL_TOKENS:,} elements; refused before parsing")
    try:
        value = ast.literal_eval(text.strip())
    except SyntaxError as exc:
        raise ConversionError(f"{_show(text.strip())} is not a Python literal ({exc.msg})") from None
    except (ValueError, TypeError) as exc:  # a name, a call, an operator: not a plain literal
        raise ConversionError(f"{_show(text.strip())} is not a plain Python literal ({str(exc)[:80]})") from None
    except (MemoryError, RecursionError):
        raise ConversionError(f"{_show(text.strip())} is nested too deeply to parse") from None
    if not isinstance(value, (dict, list)):
        raise ConversionError(f"{_show(text.strip())} is {_a(value)}, not a dict or list")
    return value


def _split_range(head: str) -> list[str]:
    parts = _RANGE_SPLIT_RE.split(head)
    if len(parts) == 1:
        parts = _TIGHT_HYPHEN_RE.split(head)
    return [part.strip() for part in parts]


def parse_duration(text: str, *, one_date: Literal["both", "end"] = "both") -> tuple[str | None, str | None]:
    """Start and end of a LinkedIn duration, as schema dates.

    Parameters
    ----------
    text : str
        E.g. ``"Mar 2016 - Present · 7 yrs"``, ``"2014 - 2018"``, ``"Jun 2019 – Aug 2021 · 2 yrs 3 mos"``.
        Ranges are split at a spaced hyphen, an en or em dash, ``to``, or an unspaced hyphen between a
        date and a year or word (``2014-2018``); the length after ``·``, ``•`` or ``●`` is ignored.
    one_date : {"both", "end"}
        What a single date means: a job held within that month or year (``"both"``: start and end), or
        the end of studies (``"end"``).

    Returns
    -------
    (start, end)
        ``YYYY-MM`` or ``YYYY`` each; ``end`` is ``None`` for ``Present``. ``(None, None)`` for an empty
        text or a length alone (``"7 yrs"``), which does not place the period in time. A range that ends
        before it starts is returned as it is.

    Raises
    ------
    ConversionError
        For anything that is not a date range (a month 13 included).
    """
    stripped = text.strip()
    if len(stripped) > _MAX_DURATION_CHARS:
        raise ConversionError(f"{_show(stripped)} is too long to be a duration")
    head = _SEPARATOR_RE.split(stripped, maxsplit=1)[0].strip() if stripped else ""
    head = _TRAILING_LENGTH_RE.sub("", head)
    if not head or _LENGTH_RE.fullmatch(head):
        return None, None
    parts = _split_range(head)
    if len(parts) > 2:
        raise ConversionError(f"{_show(stripped)} has {len(parts)} dates; expected 'start - end'")
    if parts[0].casefold() in _OPEN_ENDS:
        raise ConversionError(f"{_show(stripped)} starts with {parts[0]!r}; expected a date")
    try:
        start = convert_date(parts[0])
        if len(parts) == 1:
            return (start, start) if one_date == "both" else (None, start)
        if not parts[1]:
            raise ConversionError(f"{_show(stripped)} has no end after the dash")
        end = None if parts[1].casefold() in _OPEN_ENDS else convert_date(parts[1])
    except ConversionError as exc:
        if str(exc).startswith(_show(stripped)):
            raise
        raise ConversionError(f"{_show(stripped)}: {exc}") from None
    if start is None:
        raise ConversionError(f"{_show(stripped)} has no start date")
    return start, end


def _company_and_type(text: str) -> tuple[str | None, str | None]:
    """``"Rappi · Full-time"`` -> ``("Rappi", "full-time")``; other tags stay in the company name."""
    stripped = text.strip()
    last = None
    for last in _SEPARATOR_RE.finditer(stripped):  # noqa: B007  (the last separator is wanted)
        pass
    if last is not None:
        kind = _EMPLOYMENT_TYPES.get(stripped[last.end():].strip().casefold())
        if kind is not None:
            return stripped[: last.start()].strip() or None, kind
    return stripped or None, None


def _degree_and_field(text: str) -> tuple[str | None, str | None]:
    degree, _, field = text.partition(",")
    return degree.strip() or None, field.strip() or None


def _may_be_mojibake(text: str) -> bool:
    return not text.isascii() and _MOJIBAKE_HINT_RE.search(text) is not None


def repair_text(text: str, *, budget: int | None = None) -> tuple[str, list[str]]:
    """Undo what a crawl or a spreadsheet did to a text: byte-order marks, and UTF-8 mojibake.

    Mojibake (UTF-8 bytes decoded as Windows-1252 or Latin-1, ``Present Â· 5 yrs`` for ``Present · 5 yrs``)
    is repaired by :func:`ftfy.fix_encoding`, which changes a text only when the result is far more
    plausible; only text with the telltale pair of characters is handed to it.

    Parameters
    ----------
    text : str
        One value.
    budget : int, optional
        The most characters to hand to ftfy; a longer text is not checked for mojibake.

    Returns
    -------
    (str, list of str)
        The repaired text, and what was done to it (empty when nothing was).
    """
    done = []
    if (budget is None or len(text) <= budget) and _may_be_mojibake(text):
        fixed = ftfy.fix_encoding(text)
        if fixed.replace(_BOM, "") != text.replace(_BOM, ""):
            done.append(f"mojibake repaired ({_show(text.strip())} read as {_show(fixed.replace(_BOM, '').strip())})")
        if _BOM in fixed and _BOM not in text:  # the mark itself was mojibake (the bytes EF BB BF as 'ï»¿')
            text = fixed.replace(_BOM, "")
            done.append("byte-order mark removed")
            return text, done
        text = fixed
    if _BOM in text:
        text = text.replace(_BOM, "")
        done.append("byte-order mark removed")
    return text, done


# --------------------------------------------------------------------------------------------------
# The file.
# --------------------------------------------------------------------------------------------------


def read_header(path: str | os.PathLike[str]) -> list[str] | None:
    """The stripped header of a CSV file, or ``None`` when it has none that can be read."""
    try:
        return _csv_header(Path(path), _csv_mapping(("Label",)))
    except (TableError, OSError, UnicodeError):
        return None


def is_ayoobi_header(header: list[str]) -> bool:
    """Whether a header has all 39 columns of the format (others may be there too): auto-detection."""
    return set(COLUMNS) <= set(header)


def not_detected_hint(header: list[str] | None) -> str:
    """A sentence for the 'needs a mapping' error, saying why the file was not read as this format."""
    general = (
        f"a CSV with the 39 columns of the LinkedIn dataset of Ayoobi et al. 2023 is recognised by its header "
        f"and read without a mapping (or with --mapping {FORMAT_NAME})"
    )
    if header is None:
        return general
    present = set(header)
    missing = [c for c in COLUMNS if c not in present]
    if len(missing) < len(COLUMNS) // 2:
        return f"{general}; this file has {len(COLUMNS) - len(missing)} of them but lacks {_names(missing)}"
    return general


def _a(value: Any) -> str:
    """``"a dict"``, ``"an int"``: the type of a value, for messages."""
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _names(columns: list[str]) -> str:
    return ", ".join(repr(c) for c in columns)


def _csv_mapping(columns: tuple[str, ...]) -> ColumnMapping:
    # The generic CSV walker (line numbers, ragged rows, broken quotes, blank lines) takes a mapping only
    # to know which columns to keep and how the file is encoded; this one names the columns we read.
    first, *rest = columns
    return ColumnMapping(
        id_column=first,
        fields=tuple(FieldSpec(field=c, column=c, convert="str") for c in rest),
        encoding=_ENCODING,
        source=FORMAT_NAME,
    )


def read_linkedin(path: str | os.PathLike[str], *, source: str | None = None) -> Iterator[ReadItem]:
    """Yield one ReadItem per data row of a CSV in the Ayoobi et al. 2023 LinkedIn format.

    The header is checked when this function is called; the rows are then read one at a time.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (``.gz`` is read compressed).
    source : str, optional
        The name of the file in every ReadItem and message (default: ``path`` as given).

    Returns
    -------
    Iterator of ReadItem
        One per data row, good or bad; ``line`` is the physical line on which the row starts (the
        header is line 1), ``id`` is ``<file stem>#<data row>``.

    Raises
    ------
    TableError
        When the file has no header, or lacks (or repeats) a column this reader uses; the message names
        every such column.
    FileNotFoundError
        When there is no such file.
    """
    path = Path(path)
    mapping = _csv_mapping(READ_COLUMNS)
    header = _csv_header(path, mapping)
    missing = [c for c in READ_COLUMNS if c not in header]
    if missing:
        raise TableError(
            f"{path}: not in the {FORMAT_NAME} format (Ayoobi et al. 2023): it lacks the column(s) "
            f"{_names(missing)}. Its columns are: {_names(header[:60])}{' ...' if len(header) > 60 else ''}"
        )
    repeated = [c for c in READ_COLUMNS if header.count(c) > 1]
    if repeated:
        raise TableError(f"{path}: the column(s) {_names(repeated)} appear more than once, so it is not clear "
                         "which one to read")
    return _read(path, mapping, source if source is not None else str(path))


def _read(path: Path, mapping: ColumnMapping, source: str) -> Iterator[ReadItem]:
    stem = path.name.removesuffix(".gz").rsplit(".", 1)[0][:_MAX_STEM_CHARS] or "row"
    # _iter_csv raises the csv module's field size limit (to MAX_FIELD_CHARS) only while it parses a record.
    rows = _iter_csv(path, mapping)
    try:
        for number, (line, row, error) in enumerate(rows, start=1):
            ident = f"{stem}#{number}"
            if row is None:
                yield ReadItem(source, line, ident, error=error)
            else:
                yield _Row(row).item(source=source, line=line, ident=ident)
    finally:
        rows.close()  # the file, as soon as the caller stops reading


#: The fields that make a row worth scoring: a row with none of them known (and not empty) is rejected.
_CONTENT_FIELDS = ("name", "headline", "location", "summary", "connections", "followers", "experience",
                   "education", "skills")


class _Row:
    """One CSV record on its way to a Profile.

    A value that cannot be read is left unknown, for its field alone, and noted in ``repairs``; so is a
    repair (mojibake, a byte-order mark). ``errors`` are what still rejects the row: an unknown label, or
    no usable content at all.
    """

    def __init__(self, cells: dict[str, Any]) -> None:
        self.cells = cells
        self.errors: list[str] = []
        self.repairs: list[str] = []
        self.unknown_columns: set[str] = set()
        self._budget = MAX_REPAIR_CHARS
        self._intro: dict[Any, Any] | None = None
        # Item keys of each section in order, to name the item behind a schema error.
        self.item_keys: dict[str, list[Any]] = {}

    # ------------------------------------------------------------------ notes
    def unknown(self, where: str, why: str, what: str = "left unknown") -> None:
        self.repairs.append(f"{where}: {why}; {what}")

    def repaired(self, where: str, text: str) -> str:
        """``text`` with byte-order marks removed and mojibake undone, each repair noted."""
        fixed, done = repair_text(text, budget=self._budget)
        if len(text) <= self._budget and _may_be_mojibake(text):  # what ftfy was given
            self._budget -= len(text)
        if done:
            self.repairs.extend(f"{where}: {note}" for note in done)
        return fixed

    # ------------------------------------------------------------------ cells
    def text(self, column: str) -> str | None:
        """A cell as stripped text (byte-order marks removed), or None when empty or unreadable."""
        where = f"column {column!r}"
        try:
            value = _cell_text(self.cells.get(column), _NULLS, "utf-8")
        except ConversionError as exc:
            self.unknown_columns.add(column)
            self.unknown(where, str(exc))
            return None
        if not isinstance(value, str):
            return None
        if _BOM in value:
            value = value.replace(_BOM, "")
            self.repairs.append(f"{where}: byte-order mark removed")
        value = value.strip()
        return value if value and value not in _NULLS else None

    def scalar(self, column: str) -> str | None:
        """A column that holds one value (not a section): mojibake repaired, ``{}`` read as no value."""
        value = self.text(column)
        if value is None:
            return None
        if value in _EMPTY_CONTAINERS:
            self.unknown_columns.add(column)
            self.unknown(f"column {column!r}", f"{value!r} (an empty container) holds no value", "read as empty")
            return None
        return self.repaired(f"column {column!r}", value).strip() or None

    def header_text(self, column: str) -> str | None:
        """A header column, or its copy in Intro when the column itself is empty."""
        value = self.scalar(column)
        if value is not None:
            return value
        if self._intro is None:
            intro_text = self.text("Intro")
            self._intro = {}
            if intro_text is not None:
                section = self.section("Intro", intro_text, what="not used")
                if isinstance(section, dict):
                    self._intro = section
        fallback = self._intro.get(column)
        if not isinstance(fallback, str) or not fallback.strip() or fallback.strip() in _EMPTY_CONTAINERS:
            return None
        return self.repaired(f"column 'Intro' key {column!r}", fallback.replace(_BOM, "")).strip() or None

    def convert(self, column: str, text: str | None, convert: Any) -> Any:
        if text is None:
            return None
        try:
            return convert(text)
        except ConversionError as exc:
            self.unknown_columns.add(column)
            self.unknown(f"column {column!r}", str(exc))
            return None

    def section(self, column: str, text: str, *, what: str = "left unknown") -> dict[Any, Any] | list[Any] | None:
        try:
            return parse_literal(text)
        except ConversionError as exc:
            self.unknown_columns.add(column)
            self.unknown(f"column {column!r}", str(exc), what)
            return None

    def items(self, column: str, count_column: str) -> list[tuple[Any, Any]] | None:
        """``(key, item)`` pairs of a section, or None when it is unknown (empty cell, or {} but counted)."""
        text = self.text(column)
        count = self.convert(count_column, self.scalar(count_column), convert_int)
        if text is None:
            return None
        section = self.section(column, text)
        if section is None:
            return None
        pairs = list(section.items()) if isinstance(section, dict) else list(enumerate(section))
        if not pairs and count:
            return None  # the items were not captured; [] would say the profile shows none
        return pairs

    def item_text(self, column: str, key: Any, item: dict[Any, Any], name: str) -> str | None:
        value = item.get(name)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        where = f"column {column!r} item {key!r} {name!r}"
        if not isinstance(value, str):
            self.unknown(where, f"{_a(value)}, not text")
            return None
        value = self.repaired(where, value).strip()
        if value in _NULLS:
            return None
        return value or None

    def readable_items(self, column: str, pairs: list[tuple[Any, Any]], known: dict[str, str]) -> bool:
        """Whether every item of a section is a dict with at least one of the ``known`` keys. An item that is
        not cannot be kept in part: the whole section is then left unknown (a list without it would
        under-count, which is a clue too)."""
        for key, item in pairs:
            if not isinstance(item, dict):
                why = f"item {key!r} is {_a(item)}, not a dict"
            elif item and not any(name in item for name in known):
                why = (f"item {key!r} has none of the keys {_names(list(known))} "
                       f"(it has {_names([str(k) for k in list(item)[:10]])})")
            else:
                continue
            self.unknown_columns.add(column)
            self.unknown(f"column {column!r}", why, "the section is left unknown")
            return False
        return True

    def duration(self, column: str, key: Any, item: dict[Any, Any], one_date: Literal["both", "end"]
                 ) -> tuple[str | None, str | None]:
        text = self.item_text(column, key, item, "Duration")
        if text is None:
            return None, None
        try:
            return parse_duration(text, one_date=one_date)
        except ConversionError as exc:
            self.unknown(f"column {column!r} item {key!r} 'Duration'", str(exc), "dates left unknown")
            return None, None

    # ------------------------------------------------------------------ sections
    def experience(self) -> list[dict[str, Any]] | None:
        column = "Experiences"
        pairs = self.items(column, "Number of Experiences")
        if pairs is None or not self.readable_items(column, pairs, _JOB_KEYS):
            return None
        jobs = []
        for key, item in pairs:
            company, kind = _company_and_type(self.item_text(column, key, item, "Workplace") or "")
            start, end = self.duration(column, key, item, "both")
            jobs.append({
                "title": self.item_text(column, key, item, "Role"),
                "company": company,
                "location": self.item_text(column, key, item, "Workplace Location"),
                "start": start,
                "end": end,
                "employment_type": kind,
                # A captured job whose Description is there but empty shows none ("", the seeds' "no job
                # descriptions, just a listing"); a job captured without the key says nothing about it.
                "description": self.item_text(column, key, item, "Description")
                or ("" if "Description" in item else None),
            })
        self.item_keys["experience"] = [key for key, _ in pairs]
        return jobs

    def education(self) -> list[dict[str, Any]] | None:
        column = "Educations"
        pairs = self.items(column, "Number of Educations")
        if pairs is None or not self.readable_items(column, pairs, _STUDY_KEYS):
            return None
        studies = []
        for key, item in pairs:
            degree, field = _degree_and_field(self.item_text(column, key, item, "Degree") or "")
            start, end = self.duration(column, key, item, "end")
            # 'Description' (a thesis, honours) has no place in the schema.
            studies.append({"school": self.item_text(column, key, item, "Institute"), "degree": degree,
                            "field": field, "start": start, "end": end})
        self.item_keys["education"] = [key for key, _ in pairs]
        return studies

    def skills(self) -> list[str] | None:
        column = "Skills"
        pairs = self.items(column, "Number of Skills")
        if pairs is None:
            return None
        skills = []
        keys = []
        for key, value in pairs:
            if isinstance(value, dict):  # {'Skill': ..., 'Endorsements': ...} in some crawls
                value = value.get("Skill")
            if not isinstance(value, str):
                self.unknown_columns.add(column)
                self.unknown(f"column {column!r}", f"item {key!r} is {_a(value)}, not a skill name",
                             "the section is left unknown")
                return None
            value = self.repaired(f"column {column!r} item {key!r}", value).strip()
            if value and value not in _NULLS:
                skills.append(value)
                keys.append(key)
        self.item_keys["skills"] = keys
        return skills

    def label(self) -> tuple[int | None, str | None]:
        text = self.scalar("Label")
        if text is None:
            return None, None
        try:
            number = convert_int(text)
        except ConversionError as exc:
            self.errors.append(f"column 'Label': {exc}")
            return None, None
        if number not in LABELS:
            self.errors.append(f"column 'Label': {number} is not one of {', '.join(map(str, LABELS))}")
            return None, None
        return LABELS[number]

    # ------------------------------------------------------------------ the record
    def item(self, *, source: str, line: int, ident: str) -> ReadItem:
        raw: dict[str, Any] = {"id": ident}
        raw["name"] = self.header_text("Full Name")
        raw["headline"] = self.header_text("Workplace")
        raw["location"] = self.header_text("Location")
        about = self.scalar("About")
        # The format captures the whole page: an empty About is a profile without one (""), not an unknown.
        raw["summary"] = "" if about is None and "About" not in self.unknown_columns else about
        raw["connections"] = self.convert("Connections", self.header_text("Connections"), convert_int)
        raw["followers"] = self.convert("Followers", self.header_text("Followers"), convert_int)
        raw["has_photo"] = self.convert("Photo", self.header_text("Photo"), convert_bool)
        raw["experience"] = self.experience()
        raw["education"] = self.education()
        raw["skills"] = self.skills()
        raw["recommendations"] = self.convert(
            "Number of Recommendations", self.scalar("Number of Recommendations"), convert_int)
        raw["label"], raw["archetype"] = self.label()
        raw = {name: value for name, value in raw.items() if value is not None}
        profile = self._validate(raw)
        if all(raw.get(name) in (None, "", []) for name in _CONTENT_FIELDS):
            self.errors.append("no usable content: no name, headline, location, About, counts, jobs, studies or "
                               "skills could be read" + (f" ({'; '.join(self.repairs)})" if self.repairs else ""))
        if self.errors or profile is None:
            return ReadItem(source, line, ident, error="; ".join(self.errors))
        return ReadItem(source, line, ident, profile=profile, repairs=tuple(self.repairs))

    def _validate(self, raw: dict[str, Any]) -> Profile | None:
        """The profile; a value the schema refuses is left unknown (noted) and the rest validated again."""
        rounds = 3  # a value dropped cannot fail again: a second round is the most that real rows need
        for round_ in range(1, rounds + 1):
            try:
                return Profile.model_validate(raw)
            except ValidationError as exc:
                if round_ == rounds:
                    self.errors.append(describe_validation_error(exc))
                    return None
                if not all(self._leave_unknown(raw, problem) for problem in exc.errors(include_url=False)):
                    return None
        return None

    def _leave_unknown(self, raw: dict[str, Any], problem: Any) -> bool:
        """Drop the value behind one schema error from ``raw``, noting it; False when it cannot be dropped."""
        loc = problem["loc"]
        message = problem["msg"].removeprefix("Value error, ")
        where = self._where(loc)
        path = ".".join(str(p) for p in loc) or "<record>"
        head = str(loc[0]) if loc else ""
        note = f"{path} ({where}): {message}" if where else f"{path}: {message}"
        if head in ("id", "label", "archetype") or not loc:
            self.errors.append(note)
            return False
        if len(loc) == 1 or head == "skills":
            if head in raw:  # a second error in the same list is already accounted for
                del raw[head]
                self.repairs.append(f"{note}; left unknown")
        elif len(loc) >= 3 and isinstance(loc[1], int) and head in ("experience", "education"):
            entry = raw[head][loc[1]]
            if loc[2] in ("start", "end"):  # both come from one Duration
                if entry["start"] is not None or entry["end"] is not None:
                    entry["start"] = entry["end"] = None
                    self.repairs.append(f"{note}; dates left unknown")
            else:
                entry[loc[2]] = None
                self.repairs.append(f"{note}; left unknown")
        else:
            self.errors.append(note)
            return False
        return True

    def _where(self, loc: tuple[Any, ...]) -> str:
        """The column (and section item) a schema error's value came from."""
        head = str(loc[0]) if loc else ""
        if head in _TOP_COLUMNS:
            return f"column {_TOP_COLUMNS[head]!r}"
        if head not in _SECTION_COLUMNS:
            return ""
        where = f"column {_SECTION_COLUMNS[head]!r}"
        keys = self.item_keys.get(head, [])
        if len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(keys):
            where += f" item {keys[loc[1]]!r}"
            sub = _ITEM_KEYS.get(head, {}).get(str(loc[2])) if len(loc) >= 3 else None
            if sub:
                where += f" {sub!r}"
        return where

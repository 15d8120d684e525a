"""CSV and Parquet tables read through a column mapping (a small TOML file).

A mapping says which column holds the id, which columns fill which schema fields and how each cell is
converted (``int`` understands ``"1,234"``, ``"1.2K"`` and ``"500+"``; ``date`` turns ``"Mar 2016"`` or
a ``strptime`` format into the schema's ``YYYY-MM``), where the label comes from, and which fields are
fixed for the whole file. ``data/mappings/README.md`` documents the format; ``load_mapping`` checks it
before any row is read, so a typo fails at once with the key named.

Like every fakeprofile reader, :func:`read_table` yields one :class:`~fakeprofile.io.records.ReadItem`
per input record, good or bad: a cell that cannot be converted rejects that record (naming the schema
field, the column and the value), never the whole file, and converted values then go through
:func:`~fakeprofile.io.records.validate_record` so schema errors are reported the same way as for JSONL.

Positions: for CSV, ``ReadItem.line`` is the physical line on which the record starts, counting the
header as line 1, exact even when quoted fields span several lines. For Parquet, which has no lines, it
is the 1-based row number (the first data row is 1).

CSV is read with the standard :mod:`csv` module rather than ``pandas.read_csv``: it streams one record
at a time, keeps every cell a string, knows the physical line of each record, and lets a ragged row
(too many or too few fields) or a broken quote be reported as that record's error, whereas pandas' C
parser silently pads short rows and aborts the whole file on a long one.

Cell sizes: a CSV cell may hold up to ``MAX_FIELD_CHARS`` characters (the csv module's own limit, 128 KiB,
is raised to it only while a record is parsed), so a long cell in a column the mapping does not read
costs nothing; a longer one rejects its record as malformed. A mapped cell longer than its schema field
allows (2,000 characters for a name or a headline, 50,000 for a summary) is refused before it is
converted, naming the field and the column.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import csv
import datetime as _dt
import difflib
import gzip
import math
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ValidationError

from fakeprofile.io.jsonl import resolve_photo_path
from fakeprofile.io.records import ReadItem, decode_json, json_kind, validate_record
from fakeprofile.schema import DateStr, Profile, describe_validation_error

__all__ = [
    "CONVERTERS",
    "DEFAULT_FALSE",
    "DEFAULT_NULL_VALUES",
    "DEFAULT_TRUE",
    "MAX_FIELD_CHARS",
    "ColumnMapping",
    "ConversionError",
    "FieldSpec",
    "LabelSpec",
    "MappingError",
    "TableError",
    "convert_bool",
    "convert_date",
    "convert_float",
    "convert_int",
    "convert_list",
    "convert_str",
    "load_mapping",
    "parse_mapping",
    "read_labelled_files",
    "read_table",
]

#: Cell values (after stripping) that mean "no value", besides the empty cell, which always does.
#: ``NA`` is not among them (it is a real value too often); add it with ``null_values`` for R output.
DEFAULT_NULL_VALUES: tuple[str, ...] = ("NULL", "null", "Null", "NaN", "nan", "N/A", "n/a", "None")
#: Default tokens of the ``bool`` conversion, compared case-insensitively.
DEFAULT_TRUE: tuple[str, ...] = ("true", "t", "yes", "y", "1")
DEFAULT_FALSE: tuple[str, ...] = ("false", "f", "no", "n", "0")
#: Bad values are quoted in error messages up to this many characters.
MAX_SHOWN_CHARS = 60
#: Parquet rows decoded per batch.
DEFAULT_BATCH_ROWS = 10_000
#: The longest CSV cell read (the csv module's limit while a record is parsed; its default is 131,072).
#: An inline photo (a data: URI) is the longest thing a profile holds, and the schema caps it at 20 million
#: characters; 16 MiB of it is about 12 MB of image, far beyond any profile photo.
MAX_FIELD_CHARS = 16 * 1024 * 1024

_CSV_SUFFIXES = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_MAX_COUNT_CHARS = 40
_MAX_FLOAT_CHARS = 100
_MAX_DATE_CHARS = 100


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and the offending key."""


class ConversionError(ValueError):
    """A cell that a conversion cannot turn into a value; the message quotes the value."""


class TableError(ValueError):
    """A table that cannot be read at all (no header, not a Parquet file)."""


# --------------------------------------------------------------------------------------------------
# Conversions: text in, a value (or None for "missing") out, ConversionError for anything else.
# --------------------------------------------------------------------------------------------------


def _show(text: str) -> str:
    """The value quoted for an error message, cut to ``MAX_SHOWN_CHARS``."""
    if len(text) > MAX_SHOWN_CHARS:
        text = text[: MAX_SHOWN_CHARS - 3] + "..."
    return repr(text)


def convert_str(text: str) -> str | None:
    """Strip surrounding whitespace; an empty result is missing.

    Parameters
    ----------
    text : str
        The cell.

    Returns
    -------
    str or None
        The stripped text, or ``None`` when nothing is left.
    """
    stripped = text.strip()
    return stripped or None


_SUFFIX_FACTORS = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_COUNT_RE = re.compile(
    r"(?P<num>[0-9]{1,3}(?P<sep>[, \u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?"
    r"|[0-9]+(?:\.[0-9]+)?)"
    r"\s*(?P<suffix>[kKmMbB])?"
)
_GROUP_SEPARATORS_RE = re.compile(r"[, \u00a0\u202f]")


def convert_int(text: str) -> int | None:
    """A non-negative count as people and platforms write it.

    Accepts ``"1234"``, ``"1,234"`` (also grouped with spaces), ``"12.0"``, ``"1.2K"`` / ``"3M"`` /
    ``"1B"`` (read as the lower bound the display stands for, so ``"1.25K"`` is 1250 and ``"1.2345K"``
    is 1234) and a trailing ``"+"`` as in ``"500+"`` (also a lower bound: 500).

    Parameters
    ----------
    text : str
        The cell.

    Returns
    -------
    int or None
        The count, or ``None`` for an empty cell.

    Raises
    ------
    ConversionError
        For negative numbers, fractions without a K/M/B suffix and anything that is not a count.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) <= 18 and stripped.isascii() and stripped.isdigit():
        return int(stripped)  # the common case, without the regular expressions
    if len(stripped) > _MAX_COUNT_CHARS:
        raise ConversionError(f"{_show(stripped)} is too long to be a count")
    if stripped[0] in "-\u2212" and stripped[1:2].isdigit():
        raise ConversionError(f"{_show(stripped)} is negative; a count cannot be")
    body = stripped[:-1].rstrip() if stripped.endswith("+") else stripped
    match = _COUNT_RE.fullmatch(body)
    if match is None:
        raise ConversionError(f"{_show(stripped)} is not a count (expected e.g. 1234, 1,234, 1.2K or 500+)")
    digits = _GROUP_SEPARATORS_RE.sub("", match.group("num"))
    number = Decimal(digits)
    suffix = match.group("suffix")
    if suffix:
        return int(number * _SUFFIX_FACTORS[suffix.lower()])
    if number != number.to_integral_value():
        raise ConversionError(f"{_show(stripped)} is not a whole number")
    return int(number)


_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")


def convert_float(text: str) -> float | None:
    """A finite decimal number such as ``"0.5"``, ``"-3"`` or ``"1e-3"`` (no ``nan``, no ``inf``).

    Parameters
    ----------
    text : str
        The cell.

    Returns
    -------
    float or None
        The number, or ``None`` for an empty cell.

    Raises
    ------
    ConversionError
        For anything that is not a plain finite number (thousands separators included: ``"1,5"`` is
        ambiguous between locales).
    """
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) > _MAX_FLOAT_CHARS or _FLOAT_RE.fullmatch(stripped) is None:
        raise ConversionError(f"{_show(stripped)} is not a number")
    value = float(stripped)
    if not math.isfinite(value):
        raise ConversionError(f"{_show(stripped)} is too large")
    return value


def convert_bool(
    text: str,
    true: Iterable[str] = DEFAULT_TRUE,
    false: Iterable[str] = DEFAULT_FALSE,
) -> bool | None:
    """``True`` or ``False`` from the listed tokens, compared case-insensitively after stripping.

    Parameters
    ----------
    text : str
        The cell.
    true, false : iterable of str
        The tokens that mean true and false (defaults: yes/no, true/false, y/n, t/f, 1/0).

    Returns
    -------
    bool or None
        The truth value, or ``None`` for an empty cell.

    Raises
    ------
    ConversionError
        For a value in neither list.
    """
    stripped = text.strip()
    if not stripped:
        return None
    folded = stripped.casefold()
    true_set = {token.strip().casefold() for token in true}
    false_set = {token.strip().casefold() for token in false}
    if folded in true_set:
        return True
    if folded in false_set:
        return False
    raise ConversionError(f"{_show(stripped)} is neither true ({_tokens(true_set)}) nor false ({_tokens(false_set)})")


def _tokens(tokens: Iterable[str]) -> str:
    shown = ", ".join(repr(t) for t in sorted(tokens))
    return shown or "no values"


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_YEAR_RE = re.compile(r"([0-9]{4})")
_YEAR_MONTH_RE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})")
_ISO_RE = re.compile(
    r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"
    r"(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_MONTH_YEAR_RE = re.compile(r"([0-9]{1,2})[-/.]([0-9]{4})")
_NUMERIC_DMY_RE = re.compile(r"[0-9]{1,2}([-/.])[0-9]{1,2}\1[0-9]{4}")
_NAMED_RE = re.compile(
    r"(?:(?P<day1>[0-9]{1,2})\s+)?(?P<mon>[A-Za-z]+)\.?\s+(?:(?P<day2>[0-9]{1,2}),?\s+)?(?P<year>[0-9]{4})"
)
_STRPTIME_DIRECTIVES = set("aAwdbBmyYHIpMSfzZjUWGuVcxX%")
_FORMAT_DIRECTIVE_RE = re.compile(r"%(.?)")
_MONTH_DIRECTIVES = set("bBmjUWVcx")


def _year_month(year: int, month: int, text: str, day: int | None = None) -> str:
    if not 1 <= month <= 12:
        raise ConversionError(f"{_show(text)} has month {month}, not between 1 and 12")
    if day is not None:
        try:
            _dt.date(max(year, 1), month, day)
        except ValueError:
            raise ConversionError(f"{_show(text)} is not a real date") from None
    return f"{year:04d}-{month:02d}"


def _check_date_format(date_format: str) -> None:
    """Raise ``ValueError`` unless ``date_format`` is a usable ``strptime`` format with a year."""
    for directive in _FORMAT_DIRECTIVE_RE.findall(date_format):
        if directive not in _STRPTIME_DIRECTIVES:
            raise ValueError(f"'%{directive}' is not a strptime directive")
    directives = set(_FORMAT_DIRECTIVE_RE.findall(date_format))
    if not directives & set("yYGcx"):
        raise ValueError("it has no year (%Y or %y)")


def convert_date(text: str, format: str | None = None) -> str | None:
    """A date as the schema writes it: ``YYYY-MM``, or ``YYYY`` when the source gives only a year.

    With ``format`` the cell is read with :meth:`datetime.datetime.strptime` (English month names, the
    C locale); the result is ``YYYY-MM`` if the format holds a month, else ``YYYY``. Without it these
    forms are accepted: ``2016``, ``2016-03``, ``2016/03``, ISO dates and date-times (``2016-03-05``,
    ``2016-03-05T10:00:00Z``; the month is taken as written, not moved to UTC), ``03/2016``,
    ``Mar 2016``, ``March 2016``, ``5 Mar 2016`` and ``Mar 5, 2016``. All-numeric day/month/year forms
    such as ``05/03/2016`` are refused because their order is ambiguous: give a ``format``.

    Parameters
    ----------
    text : str
        The cell.
    format : str, optional
        A ``strptime`` format.

    Returns
    -------
    str or None
        ``YYYY-MM`` or ``YYYY``, or ``None`` for an empty cell.

    Raises
    ------
    ConversionError
        For text that is not a date in the accepted forms (or not in ``format``).
    """
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) > _MAX_DATE_CHARS:
        raise ConversionError(f"{_show(stripped)} is too long to be a date")
    if format is not None:
        try:
            parsed = _dt.datetime.strptime(stripped, format)
        except (ValueError, OverflowError, TypeError, UnicodeError):
            raise ConversionError(f"{_show(stripped)} does not match the date format {format!r}") from None
        has_month = bool(set(_FORMAT_DIRECTIVE_RE.findall(format)) & _MONTH_DIRECTIVES)
        return f"{parsed.year:04d}-{parsed.month:02d}" if has_month else f"{parsed.year:04d}"
    if _YEAR_RE.fullmatch(stripped):
        return stripped
    if match := _YEAR_MONTH_RE.fullmatch(stripped):
        return _year_month(int(match.group(1)), int(match.group(3)), stripped)
    if match := _ISO_RE.fullmatch(stripped):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        return _year_month(year, month, stripped, day)
    if match := _MONTH_YEAR_RE.fullmatch(stripped):
        return _year_month(int(match.group(2)), int(match.group(1)), stripped)
    if _NUMERIC_DMY_RE.fullmatch(stripped):
        raise ConversionError(
            f"{_show(stripped)} is ambiguous (day/month order); give the field a format such as '%d/%m/%Y'"
        )
    if (match := _NAMED_RE.fullmatch(stripped)) and match.group("mon").lower() in _MONTHS:
        if match.group("day1") and match.group("day2"):
            raise ConversionError(f"{_show(stripped)} is not a date")
        day_text = match.group("day1") or match.group("day2")
        day = int(day_text) if day_text else None
        return _year_month(int(match.group("year")), _MONTHS[match.group("mon").lower()], stripped, day)
    raise ConversionError(
        f"{_show(stripped)} is not a date (expected e.g. 2016-03, 2016-03-05, Mar 2016, 03/2016 or 2016; "
        "give a format for others)"
    )


def convert_list(text: str, separator: str = ",") -> list[str] | None:
    """Split on ``separator``, strip each item and drop empty ones; no items at all is missing.

    Parameters
    ----------
    text : str
        The cell.
    separator : str, default ","
        What separates the items; must not be empty.

    Returns
    -------
    list of str or None
        The items, or ``None`` when there are none.
    """
    if not separator:
        raise ValueError("the list separator must not be empty")
    items = [item.strip() for item in text.split(separator)]
    kept = [item for item in items if item]
    return kept or None


def convert_choice(text: str, values: Iterable[tuple[str, Iterable[str]]] = ()) -> str | None:
    """One of a field's fixed values (``visibility``: public or private) from the cell.

    Parameters
    ----------
    text : str
        The cell.
    values : iterable of (value, tokens)
        Each schema value and the cell tokens that mean it, compared case-insensitively after stripping.
        Empty: the cell must be the value itself, in any case.

    Raises
    ------
    ConversionError
        For a cell that means none of the values.
    """
    stripped = text.strip()
    if not stripped:
        return None
    folded = stripped.casefold()
    for value, tokens in values:
        if folded in {token.strip().casefold() for token in tokens}:
            return value
    if not values:
        return folded  # the schema's fixed values are lower case ("private", "full-time"): "Private" is one
    accepted = ", ".join(f"{token!r} ({value})" for value, tokens in values for token in tokens)
    raise ConversionError(f"{_show(stripped)} is none of the values the mapping lists: {accepted}")


def convert_present(text: str) -> bool | None:
    """``True`` when the cell holds anything (a link, a name), missing when it is empty: a column whose
    presence is the value (with ``missing = false``, an empty cell reads as "none")."""
    return True if text.strip() else None


#: The conversions a mapping can name, and the options each takes besides ``column``, ``convert``
#: and ``missing``.
CONVERTERS: dict[str, Callable[..., Any]] = {
    "str": convert_str,
    "int": convert_int,
    "float": convert_float,
    "bool": convert_bool,
    "date": convert_date,
    "list": convert_list,
    "choice": convert_choice,
    "present": convert_present,
}
_OPTIONS: dict[str, frozenset[str]] = {
    "str": frozenset(),
    "int": frozenset(),
    "float": frozenset(),
    "bool": frozenset({"true", "false"}),
    "date": frozenset({"format"}),
    "list": frozenset({"separator"}),
    "choice": frozenset({"values"}),
    "present": frozenset(),
}
#: What a conversion produces, to check it against the schema field it fills.
_OUTPUT: dict[str, str] = {
    "str": "str",
    "date": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "list": "list",
    "choice": "label",
    "present": "bool",
}

# --------------------------------------------------------------------------------------------------
# The schema, as a mapping sees it: dotted paths to the leaves a table column can fill.
# --------------------------------------------------------------------------------------------------

_Kind = Literal["str", "date", "int", "float", "bool", "list", "objects", "group", "label", "other"]


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _kind_of(annotation: Any) -> tuple[_Kind, type[BaseModel] | None]:
    annotation = _strip_optional(annotation)
    if annotation == DateStr:
        return "date", None
    annotation = _strip_annotated(annotation)
    if typing.get_origin(annotation) is Literal:
        return "label", None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "group", annotation
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return ("list", None) if _strip_annotated(item) is str else ("objects", None)
    simple: dict[Any, _Kind] = {str: "str", int: "int", float: "float", bool: "bool"}
    if annotation in simple:
        return simple[annotation], None
    return "other", None


def _schema_paths(model: type[BaseModel] = Profile, prefix: str = "") -> dict[str, _Kind]:
    paths: dict[str, _Kind] = {}
    for name, info in model.model_fields.items():
        kind, sub = _kind_of(info.annotation)
        paths[prefix + name] = kind
        if sub is not None:
            paths.update(_schema_paths(sub, prefix + name + "."))
    return paths


_PATHS: dict[str, _Kind] = _schema_paths()
_PATHS["id"] = "str"


def _max_length(annotation: Any, metadata: Iterable[Any] = ()) -> int | None:
    """The most characters a text annotation allows (its StringConstraints or MaxLen), or None."""
    annotation = _strip_optional(annotation)
    found = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        found.extend(extra)
    if annotation is not str:
        return None
    limits = [m.max_length for m in found if isinstance(getattr(m, "max_length", None), int)]
    return min(limits) if limits else None


def _text_limits(model: type[BaseModel] = Profile, prefix: str = "") -> tuple[dict[str, int], dict[str, int]]:
    """``(text, items)``: the longest text each text field holds, and each item of each list-of-text field."""
    text: dict[str, int] = {}
    items: dict[str, int] = {}
    for name, info in model.model_fields.items():
        kind, sub = _kind_of(info.annotation)
        if kind == "str" and (limit := _max_length(info.annotation, info.metadata)) is not None:
            text[prefix + name] = limit
        elif kind == "list":
            (item,) = typing.get_args(_strip_annotated(_strip_optional(info.annotation)))
            if (limit := _max_length(item)) is not None:
                items[prefix + name] = limit
        if sub is not None:
            nested_text, nested_items = _text_limits(sub, prefix + name + ".")
            text.update(nested_text)
            items.update(nested_items)
    return text, items


#: The schema's own length limits, checked on a mapped cell before it is converted (so that the message
#: names the column) and on each item of a list.
_TEXT_LIMITS, _ITEM_LIMITS = _text_limits()


def _check_field_path(path: str, where: str, *, for_what: str) -> _Kind:
    """The kind of schema field ``path``, or a MappingError saying why a mapping cannot fill it."""
    if path == "id":
        raise MappingError(f"{where}: the id is not a field here; name its column in [mapping] id")
    if path == "label":
        raise MappingError(f"{where}: the label is set in the [label] table, not in {for_what}")
    kind = _PATHS.get(path)
    if kind is None:
        close = difflib.get_close_matches(path, [p for p in _PATHS if p not in ("id", "label")], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise MappingError(f"{where}: {path!r} is not a field of the profile schema{hint}")
    if kind == "group":
        raise MappingError(f"{where}: {path!r} is an object; name one of its fields, e.g. '{path}.<field>'")
    if kind == "objects":
        raise MappingError(f"{where}: {path!r} is a list of objects, which a table column cannot fill")
    if kind == "other":
        raise MappingError(f"{where}: {path!r} has a type that a table column cannot fill")
    return kind


# --------------------------------------------------------------------------------------------------
# The mapping.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """How one schema field is filled from one column.

    Attributes
    ----------
    field : str
        Dotted path of the schema field, e.g. ``"connections"`` or ``"activity.posts"``.
    column : str
        The column read.
    convert : str
        A key of :data:`CONVERTERS`.
    options : dict
        Keyword options of the conversion (``format``, ``true``/``false``, ``separator``).
    missing : object
        The value given to the field when the cell is missing; ``None`` leaves the field missing.
    """

    field: str
    column: str
    convert: str
    options: dict[str, Any] = field(default_factory=dict)
    missing: Any = None

    def convert_text(self, text: str) -> Any:
        """Convert one cell's text; raises :class:`ConversionError`."""
        return CONVERTERS[self.convert](text, **self.options)


@dataclass(frozen=True)
class LabelSpec:
    """Where the label comes from: a constant for the whole file, or a column and its values.

    Attributes
    ----------
    constant : {0, 1} or None
        The label of every row, when set.
    column : str or None
        The column holding the label, when ``constant`` is not set.
    fake, genuine : frozenset of str
        Case-folded cell values meaning fake (1) and genuine (0).
    """

    constant: int | None = None
    column: str | None = None
    fake: frozenset[str] = frozenset()
    genuine: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ColumnMapping:
    """A validated mapping from a table's columns to the profile schema; see :func:`load_mapping`.

    Attributes
    ----------
    id_column : str or None
        The column holding each profile's id; ``None`` numbers the rows instead (``id = { row_number =
        true }``): the id is ``<file stem>#<n>``, n counting the file's records from 1.
    fields : tuple of FieldSpec
        The fields filled from columns, in mapping order.
    label : LabelSpec or None
        Where the label comes from; ``None`` for unlabelled data.
    constants : dict
        Fixed values by dotted schema path, the same for every row.
    null_values : frozenset of str
        Stripped cell values read as missing (the empty cell always is).
    delimiter : str or None
        The CSV field separator; ``None`` means ``","`` (tab for ``.tsv`` files).
    encoding : str
        The CSV text encoding.
    source : str
        Where the mapping came from, for messages.
    description : str or None
        Free text from the mapping file.
    """

    id_column: str | None
    fields: tuple[FieldSpec, ...] = ()
    label: LabelSpec | None = None
    constants: dict[str, Any] = field(default_factory=dict)
    null_values: frozenset[str] = frozenset(DEFAULT_NULL_VALUES)
    delimiter: str | None = None
    encoding: str = "utf-8-sig"
    source: str = "<mapping>"
    description: str | None = None

    def columns(self, *, with_label: bool = True) -> list[str]:
        """The columns this mapping reads, each once, in mapping order."""
        wanted = [self.id_column, *(spec.column for spec in self.fields)]
        if with_label and self.label is not None and self.label.column is not None:
            wanted.append(self.label.column)
        return [column for column in dict.fromkeys(wanted) if column is not None]

    def column_roles(self) -> dict[str, str]:
        """Which mapping key reads each column, for messages."""
        roles: dict[str, str] = {}
        if self.id_column is not None:
            roles.setdefault(self.id_column, "[mapping] id")
        for spec in self.fields:
            roles.setdefault(spec.column, f"[fields] {spec.field}")
        if self.label is not None and self.label.column is not None:
            roles.setdefault(self.label.column, "[label] column")
        return roles


def load_mapping(path: str | os.PathLike[str]) -> ColumnMapping:
    """Read and check a TOML mapping file.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.toml`` file; ``data/mappings/README.md`` documents its format.

    Returns
    -------
    ColumnMapping
        The checked mapping.

    Raises
    ------
    MappingError
        When the file is not TOML or any key is wrong; the message names the key.
    OSError
        When the file cannot be opened.
    """
    source = str(path)
    with open(path, "rb") as handle:
        try:
            document = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(f"{source}: not valid TOML: {exc}") from None
        except UnicodeDecodeError as exc:
            raise MappingError(f"{source}: not valid UTF-8 text: {exc}") from None
    return parse_mapping(document, source=source)


def parse_mapping(document: dict[str, Any], *, source: str = "<mapping>") -> ColumnMapping:
    """Check a mapping given as the dictionary a TOML file decodes to.

    Parameters
    ----------
    document : dict
        Tables ``mapping`` (required), ``fields``, ``label`` and ``constants``.
    source : str
        Named at the start of every error message.

    Returns
    -------
    ColumnMapping
        The checked mapping.

    Raises
    ------
    MappingError
        Naming the first key that is wrong and why.
    """
    _only_keys(document, {"mapping", "fields", "label", "constants"}, f"{source}: top level")
    head = _table(document, "mapping", source, required=True)
    _only_keys(head, {"id", "null_values", "delimiter", "encoding", "description"}, f"{source}: [mapping]")
    if "id" not in head:
        raise MappingError(f"{source}: [mapping] id is missing: name the column that holds the profile id "
                           "(or write id = { row_number = true } to number the rows)")
    id_column = _parse_id(head["id"], f"{source}: [mapping] id")
    null_values = frozenset(DEFAULT_NULL_VALUES)
    if "null_values" in head:
        null_values = frozenset(v.strip() for v in _str_list(head["null_values"], f"{source}: [mapping] null_values"))
    delimiter = None
    if "delimiter" in head:
        delimiter = head["delimiter"]
        if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '\r\n"':
            raise MappingError(f"{source}: [mapping] delimiter must be one character, got {delimiter!r}")
    encoding = "utf-8-sig"
    if "encoding" in head:
        encoding = _nonempty_str(head["encoding"], f"{source}: [mapping] encoding")
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise MappingError(f"{source}: [mapping] encoding {encoding!r} is not a known encoding") from None
        if encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
            encoding = "utf-8-sig"  # the same, and a byte-order mark is not taken for part of the header
    description = None
    if "description" in head:
        description = _nonempty_str(head["description"], f"{source}: [mapping] description")

    fields = tuple(
        _parse_field(path, spec, source)
        for path, spec in _flatten(_table(document, "fields", source), "", f"{source}: [fields]")
    )
    constants = dict(_flatten(_table(document, "constants", source), "", f"{source}: [constants]"))
    for path, value in constants.items():
        where = f"{source}: [constants] {path}"
        _check_field_path(path, where, for_what="[constants]")
        if isinstance(value, (_dt.date, _dt.time)):
            raise MappingError(f'{where}: write dates as strings such as "2015-02", not TOML dates')
        _probe_schema({path: value}, where)
    for spec in fields:
        if spec.field in constants:
            raise MappingError(f"{source}: {spec.field!r} is set both in [fields] and in [constants]")
    label = _parse_label(document["label"], source) if "label" in document else None
    return ColumnMapping(
        id_column=id_column,
        fields=fields,
        label=label,
        constants=constants,
        null_values=null_values,
        delimiter=delimiter,
        encoding=encoding,
        source=source,
        description=description,
    )


def _parse_id(spec: Any, where: str) -> str | None:
    """The id column, or None for ``{ row_number = true }`` (ids made from the row number)."""
    if not isinstance(spec, dict):
        return _nonempty_str(spec, where)
    _only_keys(spec, {"row_number"}, where)
    if spec.get("row_number") is not True:
        raise MappingError(f"{where}: give the id column's name, or {{ row_number = true }} for a table without "
                           f"one, got {spec!r}")
    return None


def _table(document: dict[str, Any], key: str, source: str, *, required: bool = False) -> dict[str, Any]:
    if key not in document:
        if required:
            raise MappingError(f"{source}: the [{key}] table is missing")
        return {}
    value = document[key]
    if not isinstance(value, dict):
        raise MappingError(f"{source}: {key} must be a table ([{key}]), got {type(value).__name__}")
    return value


def _only_keys(table: dict[str, Any], allowed: set[str] | frozenset[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise MappingError(f"{where}: unknown key {key!r}{hint}; allowed: {', '.join(sorted(allowed))}")


def _nonempty_str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MappingError(f"{where} must be a non-empty string, got {value!r}")
    return value.strip()


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        raise MappingError(f"{where} must be a list of strings, got {value!r}")
    return [str(v) for v in value]


def _flatten(table: dict[str, Any], prefix: str, where: str) -> Iterator[tuple[str, Any]]:
    """``(dotted path, value)`` pairs; tables under a nested schema object (``[fields.activity]``) recurse."""
    for key, value in table.items():
        path = prefix + key
        if isinstance(value, dict) and _PATHS.get(path) == "group" and "column" not in value:
            yield from _flatten(value, path + ".", where)
        else:
            yield path, value


def _parse_field(path: str, spec: Any, source: str) -> FieldSpec:
    where = f"{source}: [fields] {path}"
    kind = _check_field_path(path, where, for_what="[fields]")
    if isinstance(spec, str):
        spec = {"column": spec}
    if not isinstance(spec, dict):
        raise MappingError(f"{where}: give a column name or a table {{ column = ..., convert = ... }}, got {spec!r}")
    if "column" not in spec:
        raise MappingError(f"{where}: 'column' is missing")
    column = _nonempty_str(spec["column"], f"{where}: column")
    convert = spec.get("convert", "choice" if kind == "label" else kind)
    if not isinstance(convert, str) or convert not in CONVERTERS:
        raise MappingError(f"{where}: unknown conversion {convert!r}; choose from {', '.join(sorted(CONVERTERS))}")
    expected = "str" if kind == "date" else kind
    if _OUTPUT[convert] != expected:
        fitting = sorted(name for name, out in _OUTPUT.items() if out == expected)
        raise MappingError(
            f"{where}: conversion {convert!r} gives a {_OUTPUT[convert]}, but {path!r} holds a {expected}; "
            f"use {' or '.join(repr(f) for f in fitting) or 'no conversion: the field cannot be mapped'}"
        )
    _only_keys(spec, {"column", "convert", "missing"} | _OPTIONS[convert], f"{where} (convert = {convert!r})")
    options: dict[str, Any] = {}
    if convert == "date" and "format" in spec:
        date_format = spec["format"]
        if not isinstance(date_format, str) or not date_format:
            raise MappingError(f"{where}: format must be a strptime format string, got {date_format!r}")
        try:
            _check_date_format(date_format)
        except ValueError as exc:
            raise MappingError(f"{where}: format {date_format!r} is not usable: {exc}") from None
        options["format"] = date_format
    if convert == "bool" and ("true" in spec or "false" in spec):
        true = _str_list(spec.get("true", []), f"{where}: true")
        false = _str_list(spec.get("false", []), f"{where}: false")
        both = {t.strip().casefold() for t in true} & {f.strip().casefold() for f in false}
        if both:
            raise MappingError(f"{where}: {sorted(both)} listed both as true and as false")
        if not true and not false:
            raise MappingError(f"{where}: true and false are both empty, so no value could be read")
        options["true"] = tuple(true)
        options["false"] = tuple(false)
    if convert == "choice" and "values" in spec:
        table = spec["values"]
        if not isinstance(table, dict) or not table:
            raise MappingError(f"{where}: values must be a table of field value = [cell values], e.g. "
                               f"{{ private = [\"1\"], public = [\"0\"] }}, got {table!r}")
        seen: dict[str, str] = {}
        pairs = []
        for value, tokens in table.items():
            _probe_schema({path: value}, f"{where}: values")
            listed = _str_list(tokens, f"{where}: values.{value}")
            for token in listed:
                folded = token.strip().casefold()
                if folded in seen and seen[folded] != value:
                    raise MappingError(f"{where}: {token!r} is listed for both {seen[folded]!r} and {value!r}")
                seen[folded] = value
            pairs.append((value, tuple(listed)))
        options["values"] = tuple(pairs)
    if convert == "list" and "separator" in spec:
        separator = spec["separator"]
        if not isinstance(separator, str) or not separator:
            raise MappingError(f"{where}: separator must be a non-empty string, got {separator!r}")
        options["separator"] = separator
    missing = spec.get("missing")
    if missing is not None:
        _probe_schema({path: missing}, f"{where}: missing")
    return FieldSpec(field=path, column=column, convert=convert, options=options, missing=missing)


def _probe_schema(values: dict[str, Any], where: str) -> None:
    """Raise MappingError if these fixed values would fail the schema in every record."""
    raw: dict[str, Any] = {"id": "probe"}
    for path, value in values.items():
        _put(raw, path, copy.deepcopy(value))
    try:
        Profile.model_validate(raw)
    except ValidationError as exc:
        raise MappingError(f"{where}: {describe_validation_error(exc)}") from None


def _parse_label(spec: Any, source: str) -> LabelSpec:
    where = f"{source}: [label]"
    if not isinstance(spec, dict):
        raise MappingError(f"{where} must be a table, got {spec!r}")
    _only_keys(spec, {"column", "fake", "genuine", "constant"}, where)
    if "constant" in spec:
        if set(spec) != {"constant"}:
            raise MappingError(f"{where}: give either constant or column with fake/genuine, not both")
        return LabelSpec(constant=_label_value(spec["constant"], f"{where} constant"))
    if "column" not in spec:
        raise MappingError(f"{where}: give column (with fake and genuine values) or constant = 0 / 1")
    column = _nonempty_str(spec["column"], f"{where} column")
    for key in ("fake", "genuine"):
        if key not in spec:
            raise MappingError(f"{where}: {key} is missing: list the {key} values of column {column!r}")
    fake = frozenset(v.strip().casefold() for v in _str_list(spec["fake"], f"{where} fake"))
    genuine = frozenset(v.strip().casefold() for v in _str_list(spec["genuine"], f"{where} genuine"))
    if not fake or not genuine:
        raise MappingError(f"{where}: fake and genuine must each list at least one value")
    if fake & genuine:
        raise MappingError(f"{where}: {sorted(fake & genuine)} listed both as fake and as genuine")
    return LabelSpec(column=column, fake=fake, genuine=genuine)


def _label_value(value: Any, where: str) -> int:
    if isinstance(value, bool) or value not in (0, 1):
        raise MappingError(f"{where} must be 1 (fake) or 0 (genuine), got {value!r}")
    return int(value)


# --------------------------------------------------------------------------------------------------
# Reading.
# --------------------------------------------------------------------------------------------------

_Row = dict[str, Any]


def read_table(
    path: str | os.PathLike[str],
    mapping: ColumnMapping | str | os.PathLike[str],
    *,
    label: int | None = None,
    file_format: Literal["csv", "parquet", "json"] | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> Iterator[ReadItem]:
    """Yield one ReadItem per data row of a CSV or Parquet file, or per flat JSON record, read through ``mapping``.

    The header is checked against the mapping when this function is called, so a missing column
    raises at once; the rows are then read lazily, one at a time (CSV) or in batches (Parquet).

    Parameters
    ----------
    path : str or os.PathLike
        ``.csv``, ``.tsv``, ``.txt`` (optionally ``.gz``), ``.parquet`` or ``.pq``.
    mapping : ColumnMapping or path
        A mapping, or the TOML file to load it from.
    label : {0, 1}, optional
        The label of every row of this file, overriding the mapping's ``[label]``; for datasets whose
        label is the file a row came from (see :func:`read_labelled_files`).
    file_format : {"csv", "parquet", "json"}, optional
        Overrides the guess from the file name. ``"json"`` reads flat JSON objects (a ``.json`` list of them,
        or one per line) whose keys are the columns: every key of every record makes the header the mapping is
        checked against, and a key a record leaves out is an empty cell in it.
    batch_rows : int
        Parquet rows decoded at a time.

    Returns
    -------
    Iterator of ReadItem
        One per record, good or bad. ``line`` is the CSV line on which the record starts (the header is
        line 1) or the 1-based Parquet row.

    Raises
    ------
    MappingError
        When the mapping is bad or names a column the file does not have.
    TableError
        When the file has no header or is not a readable Parquet file.
    """
    if not isinstance(mapping, ColumnMapping):
        mapping = load_mapping(mapping)
    if label is not None and (isinstance(label, bool) or label not in (0, 1)):
        raise ValueError(f"label must be 1 (fake), 0 (genuine) or None, got {label!r}")
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be at least 1, got {batch_rows}")
    path = Path(path)
    kind = file_format or _guess_format(path)
    if kind not in ("csv", "parquet", "json"):
        raise ValueError(f"file_format must be 'csv', 'parquet' or 'json', got {kind!r}")
    if kind == "json":
        header, records = _json_records(path, mapping)
        reader: Iterator[tuple[int, _Row | None, str | None]] = iter(records)
    else:
        header = _csv_header(path, mapping) if kind == "csv" else _parquet_header(path)
        reader = _iter_csv(path, mapping) if kind == "csv" else _iter_parquet(path, mapping, batch_rows)
    _check_columns(header, mapping, path, with_label=label is None)
    return _items(reader, mapping, label, path)


def read_labelled_files(
    files: Iterable[tuple[str | os.PathLike[str], int]],
    mapping: ColumnMapping | str | os.PathLike[str],
    **options: Any,
) -> Iterator[ReadItem]:
    """Read several files through one mapping, each with the label of its whole file.

    Every file's header is checked before the first row is read.

    Parameters
    ----------
    files : iterable of (path, label)
        Each file and its label, 1 (fake) or 0 (genuine).
    mapping : ColumnMapping or path
        The mapping shared by all files.
    **options
        Passed on to :func:`read_table` (``file_format``, ``batch_rows``).

    Returns
    -------
    Iterator of ReadItem
        The items of each file in turn.

    Examples
    --------
    >>> items = read_labelled_files(  # doctest: +SKIP
    ...     [("cresci2015/fake_INT.csv", 1), ("cresci2015/genuine_E13.csv", 0)],
    ...     "data/mappings/cresci2015.toml",
    ... )
    """
    if not isinstance(mapping, ColumnMapping):
        mapping = load_mapping(mapping)
    readers = [read_table(path, mapping, label=file_label, **options) for path, file_label in files]
    return (item for reader in readers for item in reader)


def _guess_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(_PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(_CSV_SUFFIXES):
        return "csv"
    raise ValueError(
        f"{path}: cannot tell the format from the name; use one of "
        f"{', '.join(_CSV_SUFFIXES + _PARQUET_SUFFIXES)} or pass file_format='csv' / 'parquet'"
    )


def _open_text(path: Path, encoding: str) -> TextIO:
    # surrogateescape: an undecodable byte spoils the cell it is in (reported with that record), not the file
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding=encoding, errors="surrogateescape", newline="")
    return open(path, encoding=encoding, errors="surrogateescape", newline="")


def _delimiter(path: Path, mapping: ColumnMapping) -> str:
    if mapping.delimiter is not None:
        return mapping.delimiter
    return "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","


@contextlib.contextmanager
def _csv_field_limit() -> Iterator[None]:
    """Raise the csv module's field size limit (a global) to ``MAX_FIELD_CHARS`` for a while."""
    previous = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_message(exc: csv.Error) -> str:
    if str(exc).startswith("field larger than field limit"):
        return f"a cell is longer than {MAX_FIELD_CHARS:,} characters, the most a CSV cell may hold"
    return str(exc)


def _csv_header(path: Path, mapping: ColumnMapping) -> list[str]:
    with _open_text(path, mapping.encoding) as handle:
        reader = csv.reader(handle, delimiter=_delimiter(path, mapping), strict=True)
        try:
            with _csv_field_limit():
                header = next(reader, None)
        except csv.Error as exc:
            raise TableError(f"{path}: the header line is not valid CSV: {exc}") from None
    if not header or not any(name.strip() for name in header):
        raise TableError(f"{path}: the file is empty or its first line is blank; the header must come first")
    return [name.strip() for name in header]


def _parquet_header(path: Path) -> list[str]:
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(path) as parquet:
            return list(parquet.schema_arrow.names)
    except (OSError, ValueError) as exc:  # pyarrow.ArrowInvalid is a ValueError
        if isinstance(exc, FileNotFoundError):
            raise
        raise TableError(f"{path}: not a readable Parquet file ({exc})") from None


def _check_columns(header: list[str], mapping: ColumnMapping, path: Path, *, with_label: bool) -> None:
    roles = mapping.column_roles()
    for column in mapping.columns(with_label=with_label):
        count = header.count(column)
        if count == 1:
            continue
        role = roles.get(column, "the mapping")
        if count > 1:
            raise MappingError(
                f"{mapping.source}: column {column!r} ({role}) appears {count} times in the header of "
                f"{path}, so it is not clear which one to read"
            )
        close = _suggest(column, header)
        hint = f" Did you mean {close!r}?" if close else ""
        shown = ", ".join(repr(name) for name in header[:100])
        more = f", ... and {len(header) - 100} more" if len(header) > 100 else ""
        raise MappingError(
            f"{mapping.source}: column {column!r} ({role}) is not in {path}.{hint} Its columns are: {shown}{more}"
        )


def _suggest(name: str, choices: list[str]) -> str | None:
    """The header name the user probably meant: same but for case, similar, or containing it."""
    folded = name.casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    containing = [c for c in choices if folded in c.casefold() or (c and c.casefold() in folded)]
    return containing[0] if len(containing) == 1 else None


def _iter_csv(path: Path, mapping: ColumnMapping) -> Iterator[tuple[int, _Row | None, str | None]]:
    """``(line, row, error)`` per CSV record; ``row`` holds only the mapped columns."""
    wanted = mapping.columns()
    with _open_text(path, mapping.encoding) as handle:
        reader = csv.reader(handle, delimiter=_delimiter(path, mapping), strict=True)
        with _csv_field_limit():
            header = [name.strip() for name in next(reader)]
        index = {name: header.index(name) for name in wanted if name in header}
        width = len(header)
        while True:
            start = reader.line_num + 1
            try:
                with _csv_field_limit():  # raised only while our own record is parsed: it is the module's
                    row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                end = reader.line_num
                span = f" (the record runs to line {end})" if end > start else ""
                yield start, None, f"malformed CSV: {_csv_message(exc)}{span}"
                continue
            if not row or (len(row) == 1 and width > 1 and not row[0].strip()):
                continue  # a blank line is not a record
            if len(row) != width:
                yield start, None, f"the row has {len(row)} fields but the header has {width}"
                continue
            yield start, {name: row[i] for name, i in index.items()}, None


def _json_records(path: Path, mapping: ColumnMapping) -> tuple[list[str], list[tuple[int, _Row | None, str | None]]]:
    """The columns (every key of every record, first seen first) and ``(position, row, error)`` per flat JSON
    record of a ``.json`` list or of one object per line.

    A record that is not an object, or whose value for a column the mapping reads is itself a list or an
    object, is reported, not guessed at; keys the mapping does not read may hold anything."""
    from fakeprofile.io.readers import MAX_JSON_FILE_BYTES, _starts_a_list, load_json_list

    # Read whole, as a .json list is: such tables (InstaFake: about 1,200 records) are small; the cap applies
    # to one record per line too, since every record is held until the mapping has converted it.
    if path.suffix.lower() == ".json" and _starts_a_list(path):
        raws: list[tuple[int, Any, str | None]] = [(n, raw, None) for n, raw in
                                                    enumerate(load_json_list(path), start=1)]
    else:
        if path.stat().st_size > MAX_JSON_FILE_BYTES:
            raise TableError(f"{path}: JSON records read through a mapping are read whole, up to "
                             f"{MAX_JSON_FILE_BYTES:,} bytes; convert a larger file to CSV or Parquet")
        raws = []
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    raws.append((number, *decode_json(line)))
    wanted = set(mapping.columns())
    header: dict[str, None] = {}
    out: list[tuple[int, _Row | None, str | None]] = []
    for position, raw, error in raws:
        if error is not None:
            out.append((position, None, error))
        elif not isinstance(raw, dict):
            out.append((position, None, f"a record must be a JSON object, got {json_kind(raw)}"))
        else:
            row = {str(key): value for key, value in raw.items()}
            header.update(dict.fromkeys(row))
            nested = next((key for key in row if key in wanted and isinstance(row[key], (list, dict))), None)
            if nested is not None:
                out.append((position, None, f"key {nested!r} holds {json_kind(row[nested])}, not a value a column "
                                            "mapping can read"))
            else:
                out.append((position, row, None))
    if not header:
        raise TableError(f"{path}: no JSON object to read" + (f" ({out[0][2]} at record {out[0][0]})" if out else ""))
    return list(header), out


def _iter_parquet(path: Path, mapping: ColumnMapping, batch_rows: int) -> Iterator[tuple[int, _Row | None, str | None]]:
    import pyarrow.parquet as pq

    header = _parquet_header(path)
    wanted = [name for name in mapping.columns() if name in header]
    row_no = 0
    with pq.ParquetFile(path) as parquet:
        for batch in parquet.iter_batches(batch_size=batch_rows, columns=wanted):
            for row in batch.to_pylist():
                row_no += 1
                yield row_no, row, None


def _items(
    rows: Iterator[tuple[int, _Row | None, str | None]],
    mapping: ColumnMapping,
    label: int | None,
    path: Path,
) -> Iterator[ReadItem]:
    source = str(path)
    base_dir = path.resolve().parent
    stem = path.name.removesuffix(".gz").rsplit(".", 1)[0][:200] or "row"
    for number, (line, row, error) in enumerate(rows, start=1):
        row_id = f"{stem}#{number}" if mapping.id_column is None else None
        if row is None:
            yield ReadItem(source, line, row_id, error=error)
        else:
            yield _record(row, mapping, label, source=source, line=line, base_dir=base_dir, row_id=row_id)


def _record(
    row: _Row, mapping: ColumnMapping, label: int | None, *, source: str, line: int, base_dir: Path,
    row_id: str | None = None,
) -> ReadItem:
    """Convert one row, then validate it; every conversion and schema error is reported together."""
    errors: list[str] = []
    nulls = mapping.null_values
    ident: str | None = row_id
    if mapping.id_column is not None:
        ident = _read_id(row, mapping, errors)
    # An id that is too long is already an error above; cut here, the schema does not report it twice.
    raw: dict[str, Any] = {"id": ident[: _TEXT_LIMITS["id"]] if ident else "<no id>"}

    for spec in mapping.fields:
        try:
            value = _convert_cell(spec, row.get(spec.column), nulls, mapping.encoding)
        except ConversionError as exc:
            errors.append(f"{spec.field}: column {spec.column!r}: {exc}")
            continue
        if value is None and spec.missing is not None:
            value = copy.deepcopy(spec.missing)
        if value is not None:
            _put(raw, spec.field, value)
    for path, value in mapping.constants.items():
        _put(raw, path, copy.deepcopy(value))

    if label is not None:
        raw["label"] = label
    elif mapping.label is not None and mapping.label.constant is not None:
        raw["label"] = mapping.label.constant
    elif mapping.label is not None and mapping.label.column is not None:
        try:
            cell = row.get(mapping.label.column)
            label_value = _label_from_cell(mapping.label, cell, nulls, mapping.encoding)
        except ConversionError as exc:
            errors.append(f"label: column {mapping.label.column!r}: {exc}")
        else:
            if label_value is not None:
                raw["label"] = label_value

    resolve_photo_path(raw, base_dir)
    item = validate_record(raw, source=source, line=line)
    if not errors:
        return item
    if item.error:
        errors.append(item.error)
    return ReadItem(source, line, None if ident is None else ident[:256], error="; ".join(errors))


def _read_id(row: _Row, mapping: ColumnMapping, errors: list[str]) -> str | None:
    """The id cell, stripped; a problem with it goes into ``errors``."""
    column = mapping.id_column
    try:
        id_text = _cell_text(row.get(column), mapping.null_values, mapping.encoding)
    except ConversionError as exc:
        errors.append(f"id: column {column!r}: {exc}")
        return None
    if id_text is None:
        errors.append(f"id: column {column!r} is empty")
        return None
    if not isinstance(id_text, str):
        errors.append(f"id: column {column!r} holds a list")
        return None
    ident = id_text.strip()
    limit = _TEXT_LIMITS["id"]
    if len(ident) > limit:  # named here with its column; messages show its first 256 characters
        errors.append(f"id: column {column!r}: {len(ident):,} characters, more than the {limit:,} the schema allows")
    return ident


def _cell_text(value: Any, nulls: frozenset[str], encoding: str) -> str | list[str] | None:
    """A cell as text (a list of texts for a Parquet list), or None when it is missing."""
    if value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped or stripped in nulls:
            return None
        if _has_bad_bytes(value):
            raise ConversionError(f"{_show(_readable(value))} holds bytes that are not valid {encoding}")
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))  # integer columns with gaps come back from pandas as floats
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return _cell_text(value.decode("utf-8"), nulls, encoding)
        except UnicodeDecodeError:
            raise ConversionError("the cell holds binary data, not text") from None
    if isinstance(value, (list, tuple)):
        texts = [_cell_text(item, nulls, encoding) for item in value]
        if any(isinstance(t, list) for t in texts):
            raise ConversionError("the cell holds nested lists")
        return [t for t in texts if isinstance(t, str)]
    raise ConversionError(f"the cell holds a {type(value).__name__}, not text or a number")


def _has_bad_bytes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _readable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _convert_cell(spec: FieldSpec, value: Any, nulls: frozenset[str], encoding: str) -> Any:
    text = _cell_text(value, nulls, encoding)
    if text is None:
        return None
    if isinstance(text, list):
        if spec.convert != "list":
            raise ConversionError(f"the cell holds a list; {spec.field!r} needs convert = 'list'")
        items = [t.strip() for t in text if t.strip()]
        return _check_items(spec, items) or None
    limit = _TEXT_LIMITS.get(spec.field)
    if limit is not None and len(text) > limit and len(stripped := text.strip()) > limit:
        raise ConversionError(f"{len(stripped):,} characters, more than the {limit:,} the schema allows")
    try:
        converted = spec.convert_text(text)
    except ConversionError:
        raise
    except (ValueError, ArithmeticError) as exc:  # a conversion's own bug must not stop the file
        raise ConversionError(f"{_show(text.strip())} could not be converted ({exc})") from None
    return _check_items(spec, converted) if isinstance(converted, list) else converted


def _check_items(spec: FieldSpec, items: list[str]) -> list[str]:
    """Refuse a list item longer than the schema allows, naming it (the column is named by the caller)."""
    limit = _ITEM_LIMITS.get(spec.field)
    if limit is not None:
        for position, item in enumerate(items, start=1):
            if len(item) > limit:
                raise ConversionError(f"item {position} has {len(item):,} characters, more than the {limit:,} "
                                      "the schema allows")
    return items


def _label_from_cell(spec: LabelSpec, value: Any, nulls: frozenset[str], encoding: str) -> int | None:
    text = _cell_text(value, nulls, encoding)
    if text is None:
        return None
    if isinstance(text, list):
        raise ConversionError("the cell holds a list, not a label")
    folded = text.strip().casefold()
    if folded in spec.fake:
        return 1
    if folded in spec.genuine:
        return 0
    raise ConversionError(
        f"{_show(text.strip())} is neither fake ({_tokens(spec.fake)}) nor genuine ({_tokens(spec.genuine)})"
    )


def _put(raw: dict[str, Any], path: str, value: Any) -> None:
    """Set ``raw['a']['b'] = value`` for the path ``a.b``, creating the nested objects."""
    *parents, leaf = path.split(".")
    target = raw
    for name in parents:
        target = target.setdefault(name, {})
    target[leaf] = value

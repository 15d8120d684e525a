"""What every reader yields: one item per input record, good or bad, so nothing is dropped silently."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from fakeprofile.schema import Profile, describe_validation_error


class RecordError(ValueError):
    """A record that cannot be read; the message names the source, line, record and field."""


@dataclass(frozen=True)
class ReadItem:
    """One input record: its position, its id if one could be read, and a profile or an error."""

    source: str
    line: int
    id: str | None
    profile: Profile | None = None
    error: str | None = None
    #: What the reader repaired, or left unknown, to keep the record (one note each, naming the column or
    #: field): a record with any is counted as ``repaired`` in :class:`ReadSummary`.
    repairs: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.profile is not None

    def where(self) -> str:
        """``file:line (id X)``, the prefix of every message about this record."""
        ident = f" (id {self.id})" if self.id is not None else ""
        return f"{self.source}:{self.line}{ident}"


@dataclass
class ReadSummary:
    """Counts that must add up: every record read is either scored or rejected.

    ``repaired`` counts the records kept after a repair (mojibake undone, a byte-order mark removed) or
    with a field left unknown because it could not be read; it overlaps ``scored``, it is not a third way.
    """

    read: int = 0
    scored: int = 0
    rejected: int = 0
    repaired: int = 0
    errors: list[str] = field(default_factory=list)
    max_listed_errors: int = 1000

    def add(self, item: ReadItem) -> None:
        """Count one record read: scored (and repaired, if it was) or rejected."""
        self.read += 1
        if item.ok:
            self.scored += 1
            self.repaired += bool(item.repairs)
        else:
            self.add_rejection(item)

    def add_rejection(self, item: ReadItem) -> None:
        self.rejected += 1
        if len(self.errors) < self.max_listed_errors:
            self.errors.append(f"{item.where()}: {item.error}")

    def consistent(self) -> bool:
        return self.read == self.scored + self.rejected and self.repaired <= self.scored

    def describe(self) -> str:
        return (f"read {self.read:,}, scored {self.scored:,}, rejected {self.rejected:,}, "
                f"repaired {self.repaired:,}")


def id_of(raw: Any) -> str | None:
    """The record's id when it has a usable one, so errors can name it even if the rest is bad."""
    if isinstance(raw, dict):
        value = raw.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value)
            return text[:256] if text else None
    return None


def json_kind(value: Any) -> str:
    """What a decoded JSON value is, in JSON's words: ``JSON null``, ``a JSON list``, ``a JSON number`` ..."""
    if value is None:
        return "JSON null"
    if isinstance(value, bool):
        return f"JSON {'true' if value else 'false'}"
    if isinstance(value, (int, float, HugeInteger)):
        return "a JSON number"
    kinds = {str: "a JSON string", list: "a JSON list", dict: "a JSON object"}
    for kind, words in kinds.items():
        if isinstance(value, kind):
            return words
    return f"a Python {type(value).__name__}"  # the Python API is given objects JSON does not have


def validate_record(raw: Any, *, source: str, line: int) -> ReadItem:
    """Validate one decoded record against the schema, turning every failure into a ReadItem error."""
    ident = id_of(raw)
    if not isinstance(raw, dict):
        return ReadItem(source, line, None, error=f"record is {json_kind(raw)}, not an object")
    try:
        return ReadItem(source, line, ident, profile=Profile.model_validate(raw))
    except ValidationError as exc:
        return ReadItem(source, line, ident, error=describe_record_error(exc))


def describe_record_error(error: ValidationError) -> str:
    """:func:`~fakeprofile.schema.describe_validation_error`, with what a :class:`HugeInteger` stands for.

    The schema sees a huge integer as a value of the wrong type ("Input should be a valid integer");
    the message says what it is instead, under its field: ``connections: integer of 5,000 digits is too
    large``.
    """
    details = error.errors(include_url=False)
    if not any(isinstance(detail["input"], HugeInteger) for detail in details):
        return describe_validation_error(error)
    rebuilt: list[Any] = []
    for detail in details:
        value = detail["input"]
        if isinstance(value, HugeInteger) and detail["type"] != "extra_forbidden":
            rebuilt.append({"type": PydanticCustomError("huge_integer", "{what}", {"what": value.describe()}),
                            "loc": detail["loc"], "input": None})
            continue
        entry = {"type": detail["type"], "loc": detail["loc"], "input": value}
        if "ctx" in detail:
            entry["ctx"] = detail["ctx"]
        rebuilt.append(entry)
    try:
        return describe_validation_error(ValidationError.from_exception_data(error.title, rebuilt))
    except (TypeError, ValueError, KeyError):  # an error type pydantic cannot rebuild: say it plainly
        return describe_validation_error(error)


# ------------------------------------------------------------------------------------------ JSON text
class HugeInteger:
    """A JSON integer with more digits than Python parses (4,300 by default), kept in the decoded record
    in its place so that validation names its field instead of the whole record failing to decode.

    No schema field accepts one (it is neither an int nor a str), so it always becomes that field's error.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def describe(self) -> str:
        return f"integer of {self.digits:,} digits is too large"

    def __repr__(self) -> str:
        return f"HugeInteger(digits={self.digits})"


def _parse_int(text: str) -> int | HugeInteger:
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        return HugeInteger(len(text.lstrip("-")))


#: Decodes JSON as the standard decoder does, but keeps a huge integer as a :class:`HugeInteger`.
JSON_DECODER = json.JSONDecoder(parse_int=_parse_int)


def decode_json(text: str | bytes) -> tuple[Any, str | None]:
    """Decode the JSON text of one record (a JSONL line, a record-frame cell).

    Integers too long for Python become :class:`HugeInteger` (an error of their field when validated).

    Returns
    -------
    tuple
        ``(value, None)``, or ``(None, what is wrong)``. A column in the message counts within ``text``
        alone (the decoder's own "line 1" would be confused with a file's line).
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")  # JSON text is UTF-8; a byte-order mark is tolerated
        except UnicodeDecodeError as exc:
            return None, f"not UTF-8 text: byte {exc.start + 1} is invalid"
    try:
        return JSON_DECODER.decode(text.removeprefix("\ufeff")), None
    except json.JSONDecodeError as exc:
        return None, f"malformed JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, "malformed JSON: nested too deeply"
    except ValueError as exc:  # not expected any more (huge integers are kept), but never the end of a file
        return None, f"malformed JSON: {str(exc)[:120]}"

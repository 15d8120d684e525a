"""What every reader yields: one item per input record, good or bad, so nothing is dropped silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

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

    @property
    def ok(self) -> bool:
        return self.profile is not None

    def where(self) -> str:
        """``file:line (id X)``, the prefix of every message about this record."""
        ident = f" (id {self.id})" if self.id is not None else ""
        return f"{self.source}:{self.line}{ident}"


@dataclass
class ReadSummary:
    """Counts that must add up: every record read is either scored or rejected."""

    read: int = 0
    scored: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    max_listed_errors: int = 1000

    def add_rejection(self, item: ReadItem) -> None:
        self.rejected += 1
        if len(self.errors) < self.max_listed_errors:
            self.errors.append(f"{item.where()}: {item.error}")

    def consistent(self) -> bool:
        return self.read == self.scored + self.rejected

    def describe(self) -> str:
        return f"read {self.read:,}, scored {self.scored:,}, rejected {self.rejected:,}"


def id_of(raw: Any) -> str | None:
    """The record's id when it has a usable one, so errors can name it even if the rest is bad."""
    if isinstance(raw, dict):
        value = raw.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value)
            return text[:256] if text else None
    return None


def validate_record(raw: Any, *, source: str, line: int) -> ReadItem:
    """Validate one decoded record against the schema, turning every failure into a ReadItem error."""
    ident = id_of(raw)
    if not isinstance(raw, dict):
        return ReadItem(source, line, None, error=f"record is a JSON {type(raw).__name__}, not an object")
    try:
        return ReadItem(source, line, ident, profile=Profile.model_validate(raw))
    except ValidationError as exc:
        return ReadItem(source, line, ident, error=describe_validation_error(exc))

"""Month arithmetic on the schema's ``YYYY-MM`` / ``YYYY`` dates.

Dates become month numbers (``year * 12 + month - 1``) so that durations are plain subtraction.
A year-only date is read as its first month when it starts something and its last when it ends it,
which is how people mean "2015 - 2017".
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache


@lru_cache(maxsize=8192)
def month_number(date: str, *, is_end: bool = False) -> int:
    """Month number of a validated schema date; year-only dates take January (start) or December (end)."""
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 else 12 if is_end else 1
    return year * 12 + month - 1


@lru_cache(maxsize=8192)
def month_span(date: str) -> tuple[int, int]:
    """The first and last month a validated schema date can mean: ``(month_number(date),
    month_number(date, is_end=True))``, the same month twice for ``YYYY-MM``, January and December for ``YYYY``.
    One cached call where a job or a degree needs both readings of a date."""
    return month_number(date), month_number(date, is_end=True)


def month_label(number: int) -> str:
    """The ``YYYY-MM`` form of a month number."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def current_month() -> str:
    """This month as ``YYYY-MM`` (UTC), the default reference date when scoring live profiles."""
    today = _dt.datetime.now(_dt.UTC).date()
    return f"{today.year:04d}-{today.month:02d}"

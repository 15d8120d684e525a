"""Progress bars for long work, shown on a terminal only (a log file gets no carriage-return noise)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

from tqdm import tqdm  # not tqdm.auto: bars go to stderr, never to notebook widgets

T = TypeVar("T")


def progress(iterable: Iterable[T], *, desc: str, enabled: bool = True, unit: str = "it",
             total: int | None = None, leave: bool = True) -> Iterable[T]:
    """Wrap ``iterable`` in a progress bar on standard error when ``enabled`` and it is a terminal."""
    return tqdm(iterable, desc=desc, unit=unit, total=total, leave=leave, file=sys.stderr,
                disable=None if enabled else True)

"""Progress bars for long work, shown on a terminal only (a log file gets no carriage-return noise)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class _Hidden(Generic[T]):
    """A bar that is not shown: the iterable itself, with a bar's ``update`` and ``close`` doing nothing
    (tqdm is imported only for a bar that shows: its import costs a one-profile run 0.03 s)."""

    def __init__(self, iterable: Iterable[T]) -> None:
        self._iterable = iterable

    def __iter__(self) -> Iterator[T]:
        return iter(self._iterable)

    def update(self, n: float = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _on_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def progress(iterable: Iterable[T], *, desc: str, enabled: bool = True, unit: str = "it",
             total: int | None = None, leave: bool = True) -> Iterable[T]:
    """Wrap ``iterable`` in a progress bar on standard error when ``enabled`` and it is a terminal."""
    if not enabled or not _on_terminal(sys.stderr):
        return _Hidden(iterable)
    from tqdm import tqdm  # not tqdm.auto: bars go to stderr, never to notebook widgets

    return tqdm(iterable, desc=desc, unit=unit, total=total, leave=leave, file=sys.stderr)

"""Analyses kept on disk for one run, so that a batch analyses each photo and each note once however large it is.

``fakeprofile predict`` reads its input twice (:mod:`fakeprofile.parallel`): the first pass analyses every photo
to key it (its pHash, for the shared-photo clue) and matches every invitation note to the template corpus to key
it (its campaign text, for the same-note clue); the second needs the same analyses for the photo, face and
invitation features. Memory holds only the most recent analyses (a few thousand photos:
:class:`fakeprofile.extractors.photo.PhotoAnalyses`; 65,536 notes: :mod:`fakeprofile.extractors.invitation`),
worker processes hold their own, and a pass reads the input from its start. So with ``--jobs`` above 1, or past
that many photos or notes, the second pass found none of the first pass's analyses: it decoded, hashed, looked up
and searched every photo for faces again (about 6 ms of CPU a photo) and matched every note again (about 0.3 ms,
a tenth of a ``--jobs 2`` run without photos). The first pass's analyses are written to this file instead
(SQLite, in the run's spill folder, about 200 bytes a photo or a note), and the second pass reads each one back in
a few microseconds.

The file is the run's own, written by the process that runs it and deleted with the spill folder; the text it
holds is JSON, read back into plain dataclasses (nothing in it is ever executed). Keys are namespaced by what
they analyse (``faces:``/``plain:`` for pictures, ``note:`` for notes).
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fakeprofile.photos import PhotoAnalysis, PhotoMatch

if TYPE_CHECKING:  # imported when a run first keeps or reads an analysis: a run without photos or notes never does
    import sqlite3

FILE_NAME = "analyses.sqlite"


def analysis_text(found: PhotoAnalysis) -> str:
    """One analysis as JSON text (floats written as their shortest repr, so read back bit for bit)."""
    return json.dumps(dataclasses.asdict(found), separators=(",", ":"))


def analysis_from_text(text: str) -> PhotoAnalysis:
    """The analysis :func:`analysis_text` wrote."""
    fields = json.loads(text)
    fields["matches"] = tuple(PhotoMatch(**match) for match in fields["matches"])
    return PhotoAnalysis(**fields)


class AnalysisSpill:
    """Analyses as text by key (:meth:`PhotoAnalyses.spill_key`, :meth:`NoteReadings.spill_key`) in ``directory``:
    written by a run's first pass, read by its second. The file is created by the first :meth:`add` (an input
    without photos or notes makes none).

    Pickled into worker processes as its path only; each process opens its own connection when it first reads.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = str(directory)
        self._connection: sqlite3.Connection | None = None

    @property
    def path(self) -> Path:
        return Path(self.directory) / FILE_NAME

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            import sqlite3

            self._connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            # Write-ahead logging: the first pass's workers read while this process adds each chunk's analyses.
            # A run's scratch file: losing it to a crash loses nothing, so nothing is synced to disk.
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=OFF")
            self._connection.execute("CREATE TABLE IF NOT EXISTS analyses (key TEXT PRIMARY KEY, analysis TEXT)")
        return self._connection

    def add(self, analyses: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Keep analyses, ``(key, analysis_text)`` pairs; a key already kept keeps its first analysis.

        Raises OSError when the file cannot be written (a full disk, say), as any other spill does."""
        import sqlite3

        rows = list(analyses.items() if isinstance(analyses, Mapping) else analyses)
        if not rows:
            return
        try:
            connection = self._connect()
            connection.execute("BEGIN")
            connection.executemany("INSERT OR IGNORE INTO analyses VALUES (?, ?)", rows)
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            number = errno.ENOSPC if "full" in str(exc) else errno.EIO  # SQLite says "database or disk is full"
            raise OSError(number, f"analyses could not be written to {self.path}: {exc}") from exc

    def text(self, key: str) -> str | None:
        """The text kept under ``key``, or None."""
        import sqlite3

        if self._connection is None and not self.path.is_file():  # nothing kept yet
            return None
        try:
            row = self._connect().execute("SELECT analysis FROM analyses WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:  # unreadable: the photo or note is analysed again, which costs time, not answers
            return None
        return None if row is None else row[0]

    def get(self, key: str) -> PhotoAnalysis | None:
        """The photo analysis kept under ``key``, or None."""
        text = self.text(key)
        return None if text is None else analysis_from_text(text)

    def __len__(self) -> int:
        if self._connection is None and not self.path.is_file():
            return 0
        return self._connect().execute("SELECT COUNT(*) FROM analyses").fetchone()[0]

    def close(self) -> None:
        """Close this process's connection (a later read opens it again)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["directory"])

"""Streaming JSON Lines: one profile per line in, one result per line out."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from fakeprofile.io.records import ReadItem, validate_record

#: A line longer than this is rejected without being held in memory: no profile needs that much.
MAX_LINE_BYTES = 32 * 1024 * 1024


def resolve_photo_path(raw: dict[str, Any], base_dir: Path) -> None:
    """Make a relative photo path relative to the input file's folder, as the schema documents."""
    photo = raw.get("photo")
    is_local = isinstance(photo, str) and photo and not photo[:5].lower().startswith("data:")
    if is_local and "://" not in photo[:16] and not os.path.isabs(photo):
        raw["photo"] = str(base_dir / photo)


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[ReadItem]:
    """Yield one ReadItem per non-blank line of ``path``; bad lines become items with an error."""
    path = Path(path)
    base_dir = path.resolve().parent
    source = str(path)
    with open(path, "rb") as handle:
        line_no = 0
        while raw_line := handle.readline(MAX_LINE_BYTES + 1):
            line_no += 1
            if len(raw_line) > MAX_LINE_BYTES and not raw_line.endswith(b"\n"):
                _skip_rest_of_line(handle)
                yield ReadItem(source, line_no, None, error=f"line is longer than {MAX_LINE_BYTES:,} bytes")
                continue
            if not raw_line.strip():
                continue
            try:
                raw = json.loads(raw_line.decode("utf-8-sig"))  # JSON Lines is UTF-8 (a BOM is tolerated)
            except json.JSONDecodeError as exc:
                # The decoder's own "line 1" would be confused with the file's line: give the column only.
                yield ReadItem(source, line_no, None, error=f"malformed JSON: {exc.msg} at column {exc.colno}")
                continue
            except UnicodeDecodeError as exc:
                yield ReadItem(source, line_no, None, error=f"not UTF-8 text: byte {exc.start + 1} is invalid")
                continue
            except RecursionError:
                yield ReadItem(source, line_no, None, error="malformed JSON: nested too deeply")
                continue
            except ValueError as exc:  # e.g. an integer of more than 4,300 digits
                yield ReadItem(source, line_no, None, error=f"malformed JSON: {str(exc)[:120]}")
                continue
            if isinstance(raw, dict):
                resolve_photo_path(raw, base_dir)
            yield validate_record(raw, source=source, line=line_no)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    """Move past the end of an overlong line without holding it in memory."""
    while block := handle.readline(1 << 20):
        if block.endswith(b"\n"):
            return


def write_jsonl_line(handle: TextIO, obj: dict[str, Any]) -> None:
    """One compact JSON object per line, non-ASCII kept readable."""
    handle.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")

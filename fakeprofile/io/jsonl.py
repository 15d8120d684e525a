"""Streaming JSON Lines: one profile per line in, one result per line out."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from fakeprofile.io.records import ReadItem, RecordError, decode_json, validate_record

#: A line longer than this (32 MiB) is rejected as one bad record, naming its line, and skipped to the
#: next newline without being held in memory: no profile needs that much.
MAX_LINE_BYTES = 32 * 1024 * 1024


def input_kind(path: str | os.PathLike[str]) -> str:
    """What kind of input ``path`` is: ``"file"`` (a regular file, which can be read twice), ``"pipe"``
    (a pipe, FIFO or socket, such as ``/dev/stdin`` or a shell's ``<(...)``: readable once), or
    ``"missing"``.

    Raises
    ------
    RecordError
        Naming ``path``, for a folder, or a device (``/dev/zero`` never ends; a terminal waits for typing;
        a disk is not a file of profiles).
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "pipe"
    if stat.S_ISDIR(mode):
        raise RecordError(f"{path}: is a folder, not a file of profiles")
    # Not opened to tell a terminal from /dev/zero: opening some devices has effects of its own.
    raise RecordError(f"{path}: is a device, not a file of profiles (a device such as /dev/zero never ends); "
                      "give a file, or pipe the profiles in with --data -")


#: The image fields of a profile: each may be a path relative to the input file.
IMAGE_FIELDS = ("photo", "banner")


def resolve_photo_path(raw: dict[str, Any], base_dir: Path) -> None:
    """Make relative image paths (``photo``, ``banner``) relative to the input file's folder, as the schema
    documents."""
    for name in IMAGE_FIELDS:
        image = raw.get(name)
        is_local = isinstance(image, str) and image and not image[:5].lower().startswith("data:")
        if is_local and "://" not in image[:16] and not os.path.isabs(image):
            raw[name] = str(base_dir / image)


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[ReadItem]:
    """Yield one ReadItem per non-blank line of ``path``; bad lines become items with an error.

    A pipe is read once, as it comes; a device or a folder is refused (:func:`input_kind`).
    """
    path = Path(path)
    input_kind(path)
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
            raw, problem = decode_json(raw_line)  # the one decoder every reader and frame uses
            if problem is not None:
                yield ReadItem(source, line_no, None, error=problem)
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

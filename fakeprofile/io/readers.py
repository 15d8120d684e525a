"""One entry point for every input format: JSONL natively, CSV and Parquet through a column mapping.

A CSV in the LinkedIn dataset format of Ayoobi et al. 2023 (:mod:`fakeprofile.io.linkedin`) needs no
mapping: it is recognised by its header (all 39 columns), or asked for with the built-in mapping name
``ayoobi2023``.

A ``.json`` file whose top level is a list (``[{...}, {...}]``, as many research datasets ship) is read
as records, one per element, by :func:`read_json_list`; any other ``.json`` file is read as JSON Lines.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fakeprofile.io.jsonl import read_jsonl, resolve_photo_path
from fakeprofile.io.records import JSON_DECODER, ReadItem, RecordError, decode_json, validate_record

#: Tables: read through a column mapping (or as the ayoobi2023 format).
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".parquet", ".pq"})
#: Files that may hold one JSON document (a list of records) rather than JSON Lines.
JSON_DOCUMENT_SUFFIXES = frozenset({".json"})
#: Files that :func:`read_source` reads with a reader of their own, never as JSON Lines split by line:
#: tables and ``.json`` files. (The name is older than ``.json`` support; :func:`fakeprofile.parallel.reads_lines`
#: reads every other file as lines in its workers.)
TABULAR_SUFFIXES = TABLE_SUFFIXES | JSON_DOCUMENT_SUFFIXES
#: A ``.json`` list is decoded whole, in memory (several times its size on disk); a larger file is
#: refused with a message saying to write it as JSON Lines, which is read as a stream.
MAX_JSON_FILE_BYTES = 256 * 1024 * 1024

_LABEL_SUFFIX_RE = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class DataSource:
    """A file to read, how to map its columns, and optionally the label of every record in it."""

    path: Path
    mapping: Path | None = None
    label: int | None = None

    @classmethod
    def parse(cls, spec: str, *, mapping: str | None = None) -> DataSource:
        """``PATH`` or ``PATH@0`` / ``PATH@1`` (every record genuine / fake).

        Raises
        ------
        ValueError
            When ``spec`` ends in ``@`` and a number other than 0 or 1 (``five.jsonl@7``): that is a
            label, and a wrong one. (A file whose name itself ends so is given with a label,
            ``name@7@1``.)
        """
        label = None
        path, sep, tail = spec.rpartition("@")
        if sep and tail in {"0", "1"}:
            label = int(tail)
        elif sep and path and _LABEL_SUFFIX_RE.fullmatch(tail):
            raise ValueError(f"{spec}: the label after '@' must be 0 (genuine) or 1 (fake), got {tail}")
        else:
            path = spec
        return cls(Path(path), Path(mapping) if mapping else None, label)


def _with_label(item: ReadItem, label: int) -> ReadItem:
    if not item.ok:
        return item
    if item.profile.label is not None and item.profile.label != label:
        return dataclasses.replace(
            item, profile=None,
            error=f"label: the record says {item.profile.label} but its file is labelled {label}",
        )
    return dataclasses.replace(item, profile=item.profile.model_copy(update={"label": label}))


def _reads_as_ayoobi(source: DataSource, suffix: str) -> bool:
    """Asked for by name (``--mapping ayoobi2023``), or a CSV without a mapping whose header is the format's."""
    from fakeprofile.io import linkedin

    if source.mapping is not None:
        if str(source.mapping).casefold() != linkedin.FORMAT_NAME:
            return False
        if suffix != ".csv":
            raise RecordError(f"{source.path}: the {linkedin.FORMAT_NAME} format is read from CSV files (.csv)")
        return True
    if suffix != ".csv":
        return False
    header = linkedin.read_header(source.path)
    return header is not None and linkedin.is_ayoobi_header(header)


def _starts_a_list(path: Path) -> bool:
    """Whether the first character of a file, after white space and a byte-order mark, is ``[``."""
    with open(path, "rb") as handle:
        head = handle.read(4096).removeprefix(b"\xef\xbb\xbf")
        while head and not head.strip():
            head = handle.read(1 << 16)
    return head.lstrip()[:1] == b"["


def read_json_list(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Iterator[ReadItem]:
    """Yield one ReadItem per element of a ``.json`` file whose top level is a list of records.

    Each element is validated as a JSONL line is (same errors, a relative ``photo`` read from the file's
    folder); ``ReadItem.line`` is the element's position in the list, the first being 1 (``jq '.[0]'``).

    Parameters
    ----------
    path : str or os.PathLike
        The file; UTF-8, a byte-order mark tolerated.
    max_bytes : int, optional
        The largest file read (default :data:`MAX_JSON_FILE_BYTES`): the list is decoded whole.

    Raises
    ------
    RecordError
        When the file is larger than ``max_bytes``, is not UTF-8, is not valid JSON (with the line and
        column), or its top level is not a list. Such a file has no records to report one by one.
    """
    path = Path(path)
    return _json_list_items(load_json_list(path, max_bytes=max_bytes), path)


def load_json_list(path: Path, *, max_bytes: int | None = None) -> list:
    """The decoded top-level list of a ``.json`` file, with the checks :func:`read_json_list` documents."""
    limit = MAX_JSON_FILE_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    with open(path, "rb") as handle:
        data = handle.read(limit + 1) if size <= limit else b""  # a file that grows meanwhile is cut at the cap
    if size > limit or len(data) > limit:
        raise RecordError(
            f"{path}: a .json file of records is read whole, up to {limit:,} bytes, and this one has "
            f"{max(size, len(data)):,}{'' if size > limit else ' or more'}; write it as JSON Lines (one record per "
            f"line, e.g. jq -c '.[]' {path.name} > records.jsonl), which is read as a stream")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(f"{path}: not UTF-8 text: byte {exc.start + 1} is invalid") from None
    try:
        document = JSON_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{path}: malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise RecordError(f"{path}: malformed JSON: nested too deeply") from None
    del data, text
    if not isinstance(document, list):
        raise RecordError(f"{path}: the top level is not a list of records")
    return document


def _json_list_items(document: list, path: Path) -> Iterator[ReadItem]:
    source = str(path)
    base_dir = path.resolve().parent
    for position in range(len(document)):
        raw, document[position] = document[position], None  # each record's memory goes once it is read
        if isinstance(raw, dict):
            resolve_photo_path(raw, base_dir)
        yield validate_record(raw, source=source, line=position + 1)


#: JSON files that a column mapping may read as flat records (``--mapping``), when they are in its shape.
JSON_RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})


def _reads_through_mapping(source: DataSource, suffix: str) -> bool:
    """A ``.json``/``.jsonl`` source read as flat records through its mapping: only when its first record holds
    every column the mapping reads. ``--mapping`` applies to every ``--data``, so a file of profiles in the
    schema given beside a table keeps being read as profiles (and a typo in the mapping shows as that file's
    schema errors, record by record, not as silence)."""
    if source.mapping is None or suffix not in JSON_RECORD_SUFFIXES:
        return False
    from fakeprofile.io.linkedin import FORMAT_NAME
    from fakeprofile.io.tabular import load_mapping

    if str(source.mapping).casefold() == FORMAT_NAME:
        return False
    keys = _first_record_keys(source.path)
    return keys is not None and set(load_mapping(source.mapping).columns(with_label=source.label is None)) <= keys


def _first_record_keys(path: Path) -> set[str] | None:
    """The keys of the first JSON object of a ``.json`` list or of a JSON Lines file; None if there is none."""
    if path.suffix.lower() == ".json" and _starts_a_list(path):
        try:
            first = next((r for r in load_json_list(path) if isinstance(r, dict)), None)
        except RecordError:
            return None
    else:
        first = None
        with open(path, "rb") as handle:
            for line in itertools.islice(handle, 1000):  # the first object among the first lines
                if line.strip():
                    raw, _ = decode_json(line[: 16 * 1024 * 1024])
                    if isinstance(raw, dict):
                        first = raw
                        break
    return set(map(str, first)) if first is not None else None


def read_source(source: DataSource) -> Iterator[ReadItem]:
    """Yield one ReadItem per record of one source."""
    if not source.path.exists():
        raise RecordError(f"{source.path}: no such file")
    suffix = source.path.suffix.lower()
    if _reads_through_mapping(source, suffix):
        # Flat JSON records in another dataset's shape (InstaFake's, say): their keys are columns for the mapping.
        from fakeprofile.io.tabular import load_mapping, read_table

        yield from read_table(source.path, load_mapping(source.mapping), label=source.label, file_format="json")
        return
    if suffix in JSON_DOCUMENT_SUFFIXES and _starts_a_list(source.path):
        items = read_json_list(source.path)
    elif suffix not in TABLE_SUFFIXES:
        items = read_jsonl(source.path)
    elif _reads_as_ayoobi(source, suffix):
        from fakeprofile.io.linkedin import read_linkedin

        items = read_linkedin(source.path)
    else:
        from fakeprofile.io.linkedin import not_detected_hint, read_header
        from fakeprofile.io.tabular import load_mapping, read_table

        if source.mapping is None:
            header = read_header(source.path) if suffix == ".csv" else None
            raise RecordError(
                f"{source.path}: CSV and Parquet input needs a column mapping (--mapping FILE.toml); "
                f"{not_detected_hint(header)}"
            )
        yield from read_table(source.path, load_mapping(source.mapping), label=source.label)
        return
    if source.label is None:
        yield from items
    else:
        for item in items:
            yield _with_label(item, source.label)


def read_sources(sources: Iterable[DataSource]) -> Iterator[ReadItem]:
    """Every record of every source, in order."""
    for source in sources:
        yield from read_source(source)

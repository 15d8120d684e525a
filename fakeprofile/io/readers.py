"""One entry point for every input format: JSONL natively, CSV and Parquet through a column mapping.

A CSV in the LinkedIn dataset format of Ayoobi et al. 2023 (:mod:`fakeprofile.io.linkedin`) needs no
mapping: it is recognised by its header (all 39 columns), or asked for with the built-in mapping name
``ayoobi2023``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fakeprofile.io.jsonl import read_jsonl
from fakeprofile.io.records import ReadItem, RecordError

TABULAR_SUFFIXES = {".csv", ".tsv", ".parquet", ".pq"}


@dataclass(frozen=True)
class DataSource:
    """A file to read, how to map its columns, and optionally the label of every record in it."""

    path: Path
    mapping: Path | None = None
    label: int | None = None

    @classmethod
    def parse(cls, spec: str, *, mapping: str | None = None) -> DataSource:
        """``PATH`` or ``PATH@0`` / ``PATH@1`` (every record genuine / fake)."""
        label = None
        path, sep, tail = spec.rpartition("@")
        if sep and tail in {"0", "1"}:
            label = int(tail)
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


def read_source(source: DataSource) -> Iterator[ReadItem]:
    """Yield one ReadItem per record of one source."""
    if not source.path.exists():
        raise RecordError(f"{source.path}: no such file")
    suffix = source.path.suffix.lower()
    if suffix not in TABULAR_SUFFIXES:
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

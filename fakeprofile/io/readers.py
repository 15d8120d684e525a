"""One entry point for every input format: JSONL natively, CSV and Parquet through a column mapping."""

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


def read_source(source: DataSource) -> Iterator[ReadItem]:
    """Yield one ReadItem per record of one source."""
    if not source.path.exists():
        raise RecordError(f"{source.path}: no such file")
    suffix = source.path.suffix.lower()
    if suffix in TABULAR_SUFFIXES:
        from fakeprofile.io.tabular import load_mapping, read_table

        if source.mapping is None:
            raise RecordError(f"{source.path}: CSV and Parquet input needs a column mapping (--mapping FILE.toml)")
        yield from read_table(source.path, load_mapping(source.mapping), label=source.label)
        return
    items = read_jsonl(source.path)
    if source.label is None:
        yield from items
    else:
        for item in items:
            yield _with_label(item, source.label)


def read_sources(sources: Iterable[DataSource]) -> Iterator[ReadItem]:
    """Every record of every source, in order."""
    for source in sources:
        yield from read_source(source)

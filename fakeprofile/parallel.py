"""Scoring a whole input on one machine: in chunks, in bounded memory, on every core.

``fakeprofile predict`` and :func:`score_jsonl` read their input twice:

1. **Campaigns.** The workers compute each chunk's campaign keys (the photo's pHash, the normalised
   invitation note, :func:`item_keys`); :class:`CampaignTally` counts them over the whole input, so
   that a profile's score does not depend on the chunk it lands in. The photo analyses and note readings
   behind the keys are kept (:mod:`fakeprofile.analysis_spill`), so that no photo or note is analysed twice.
2. **Scoring.** The workers score each chunk as :func:`fakeprofile.scoring.score_frame` does; the results
   come back in input order and are written as JSONL or, for an output named ``.parquet``, Parquet.

Chunks are lists of rows ``(source, line, record, id, error)``, a record frame's rows without pandas, which
is imported only for Parquet output (scoring one profile from the command line never loads it).

Workers are processes. Each receives the model (with its known-image index) and, for the second pass,
the campaign counts once, through the pool's initializer: a chunk carries only its records' JSON text
one way and the results the other. A plain JSONL file is only split into lines here; decoding and
validation happen in the workers. Other sources (CSV or Parquet through a mapping, the LinkedIn research
format, files labelled with ``PATH@1``) are read and validated here by :mod:`fakeprofile.io.readers` and
passed on as their validated profiles' JSON. An input of one chunk is scored in this process.

Memory: at most ``2 x jobs`` chunks are in flight, and nothing else grows with the input. The first
pass's (key, profile id) pairs spill to a temporary folder (``spill_dir``, :data:`SPILL_NEEDS`) and are
counted by sorting them there (:mod:`fakeprofile.tally`); in the second pass the workers look each key up
in the sorted result files, a page at a time, and each photo's analysis and note's reading up in the first
pass's.

Inputs: being read twice, a pipe (``--data -`` for standard input, ``/dev/stdin``, a shell's ``<(...)``,
a FIFO) is first copied into the spill folder; a device (``/dev/zero``) or a folder is refused, naming it.

Output (:class:`Output`): a file ``OUT`` is written as ``OUT.partial`` beside it and renamed to ``OUT``
(:func:`os.replace`) once complete, with ``OUT.done``, a manifest of the run (counts, inputs, model,
the output's sha256). Until then an earlier ``OUT`` is untouched; an error deletes the partial file. For
JSONL, ``OUT.progress`` records each complete chunk (records, bytes, counts) as it is written: a run
interrupted (SIGTERM, SIGINT, or killed outright) keeps both, and ``resume`` continues after the last
complete chunk, to the bytes an uninterrupted run writes. Standard output (``-``) is streamed.

Worker processes exit when the process that started them dies (:func:`_init_worker`), and the spill
folders of runs killed outright are deleted by the next run (:func:`fakeprofile.tally.spill_folder`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import shutil
import signal
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from fakeprofile._version import __version__
from fakeprofile.analysis_spill import AnalysisSpill, analysis_text
from fakeprofile.explain import N_REASONS
from fakeprofile.extractors import BatchCounts, CampaignCounts, Extractor
from fakeprofile.extractors.invitation import NOTES
from fakeprofile.extractors.photo import ANALYSES
from fakeprofile.frames import (
    RecordRow,
    error_rows,
    frame_items,
    output_dtypes,
    output_record,
    output_records,
    prediction_record,
    row_items,
    tally,
)
from fakeprofile.gcpolicy import batch_collections, use_batch_collections
from fakeprofile.io import jsonl
from fakeprofile.io.readers import TABULAR_SUFFIXES, DataSource, _reads_through_mapping, read_source
from fakeprofile.io.records import ReadItem, ReadSummary, RecordError
from fakeprofile.progress import progress as progress_bar
from fakeprofile.schema import Prediction
from fakeprofile.scoring import Model, score_frame, scoring_failure
from fakeprofile.tally import DEFAULT_MEMORY_ROWS, SpilledCounts, SpilledTally, key_text, spill_folder

if TYPE_CHECKING:  # the JSONL path moves chunks as lists of rows: scoring one profile never imports pandas
    import pandas as pd

#: What the spill folder must have room for, in words.
SPILL_NEEDS = "about 300 bytes per note and 400 per photo"
#: Records per chunk: large enough that a chunk's overhead (a task, a classifier call) is small against
#: its scoring, small enough for a steady progress bar and little memory in flight.
DEFAULT_CHUNK_ROWS = 1000
PARQUET_SUFFIXES = (".parquet", ".pq")
#: The record frame's columns and dtypes (what :func:`record_frames` and ``fakeprofile.dask`` give).
RECORD_DTYPES = {"source": "object", "line": "int64", "record": "object", "id": "object", "error": "object"}

T = TypeVar("T")
#: A chunk of records as the local pipeline moves them (a record frame's rows, without pandas).
Chunk = list[RecordRow]
Task = Callable[["_Job", Chunk], T]


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


# ------------------------------------------------------------------------------------------- reading
def _to_line_start(handle: IO[bytes], start: int) -> None:
    """Move to the first line that starts at or after byte ``start``."""
    if start > 0:
        handle.seek(start - 1)
        while block := handle.readline(1 << 20):
            if block.endswith(b"\n"):
                return


def _lines(handle: IO[bytes], end: int | None) -> Iterator[bytes | None]:
    """Each line from here on, up to the first that starts at or after byte ``end``; None for one longer
    than ``MAX_LINE_BYTES``, which is skipped without being held in memory."""
    limit = jsonl.MAX_LINE_BYTES
    while end is None or handle.tell() < end:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while block := handle.readline(1 << 20):
                if block.endswith(b"\n"):
                    break
            yield None
        else:
            yield raw


def jsonl_records(path: str | os.PathLike[str], *, start: int = 0, end: int | None = None,
                  first_line: int = 1) -> Iterator[tuple[int, str | None, str | None]]:
    """``(line, text, error)`` for each non-blank line of a JSONL file, the text not yet decoded as JSON.

    ``start`` and ``end`` (bytes) select the lines that start in that range, ``first_line`` being the
    number of the first, so that a file can be read in blocks (:func:`count_lines` gives each block's
    count). Lines are numbered, and overlong or non-UTF-8 ones reported, as by
    :func:`fakeprofile.io.jsonl.read_jsonl`, whose decoding and validation :func:`fakeprofile.scoring.score_frame`
    then does.
    """
    with open(path, "rb") as handle:
        _to_line_start(handle, start)
        for line_no, raw in enumerate(_lines(handle, end), start=first_line):
            if raw is None:
                yield line_no, None, f"line is longer than {jsonl.MAX_LINE_BYTES:,} bytes"
            elif raw.strip():
                try:
                    yield line_no, raw.decode("utf-8-sig").rstrip("\r\n"), None
                except UnicodeDecodeError as exc:
                    yield line_no, None, f"not UTF-8 text: byte {exc.start + 1} is invalid"


def count_lines(path: str | os.PathLike[str], start: int = 0, end: int | None = None) -> int:
    """How many lines (blank ones too) start in bytes [start, end) of a file."""
    with open(path, "rb") as handle:
        _to_line_start(handle, start)
        return sum(1 for _ in _lines(handle, end))


def reads_lines(source: DataSource) -> bool:
    """A JSONL source read as lines of text, decoded by the workers (not a table, not relabelled)."""
    suffix = source.path.suffix.lower()
    return suffix not in TABULAR_SUFFIXES and source.label is None and not _reads_through_mapping(source, suffix)


def _source_rows(source: DataSource, name: str | None = None, repaired: list[int] | None = None
                 ) -> Iterator[tuple[str, int, str | None, str | None, str | None]]:
    """``(source, line, record, id, error)`` per record of one source, named ``name`` (default: its path);
    ``repaired[0]`` counts the records a reader repaired to keep them (a JSONL line is never repaired)."""
    if not reads_lines(source):
        for item in read_source(source):
            if repaired is not None and item.ok and item.repairs:
                repaired[0] += 1
            yield (name or item.source, item.line, item.profile.model_dump_json() if item.ok else None, item.id,
                   item.error)
        return
    if not source.path.exists():
        raise RecordError(f"{source.path}: no such file")
    name = name or str(source.path)
    for line, text, error in jsonl_records(source.path):
        yield name, line, text, None, error


def record_frame(rows: Sequence[RecordRow]) -> pd.DataFrame:
    """``(source, line, record, id, error)`` tuples as a record frame (see :func:`fakeprofile.scoring.score_frame`)."""
    import pandas as pd

    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in RECORD_DTYPES]
    return pd.DataFrame({name: pd.Series(values, dtype=dtype)
                         for (name, dtype), values in zip(RECORD_DTYPES.items(), columns, strict=True)})


def record_chunks(sources: Iterable[DataSource], chunk_rows: int = DEFAULT_CHUNK_ROWS, *,
                  names: Mapping[Path, str] | None = None, skip: int = 0,
                  repaired: list[int] | None = None) -> Iterator[Chunk]:
    """Every record of every source, in order, in chunks of ``chunk_rows`` rows ``(source, line, record, id,
    error)``.

    ``names`` gives the name that messages (and relative photo paths) use for a source read from another
    path (a pipe's copy, :func:`read_inputs`); ``skip`` leaves out the first records (those a resumed run
    has written already); ``repaired[0]`` counts the records a reader repaired (:func:`_source_rows`).
    """
    names = names or {}
    rows = itertools.islice((row for source in sources
                             for row in _source_rows(source, names.get(source.path), repaired)), skip, None)
    while chunk := list(itertools.islice(rows, chunk_rows)):
        yield chunk


def record_frames(sources: Iterable[DataSource], chunk_rows: int = DEFAULT_CHUNK_ROWS, *,
                  names: Mapping[Path, str] | None = None, skip: int = 0,
                  repaired: list[int] | None = None) -> Iterator[pd.DataFrame]:
    """:func:`record_chunks` as record frames."""
    for chunk in record_chunks(sources, chunk_rows, names=names, skip=skip, repaired=repaired):
        yield record_frame(chunk)


# -------------------------------------------------------------------------------------------- inputs
#: ``--data -``: standard input, named so in messages (a relative photo path in it is read from the
#: current folder).
STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Input:
    """One input as it is read: its source (a pipe's copy in the spill folder), the name messages give it,
    and what identifies its content (a file's path, size and modification time; a pipe's size and sha256)."""

    source: DataSource
    name: str
    identity: dict[str, Any]


def check_sources(sources: Iterable[DataSource]) -> None:
    """Refuse, naming it, an input that cannot be read to its end: a device (``/dev/zero`` never ends), a
    folder, standard input on a terminal. A missing file is reported where it is read."""
    for source in sources:
        if str(source.path) != STDIN:
            jsonl.input_kind(source.path)
        elif sys.stdin is None or sys.stdin.isatty():
            raise RecordError("--data -: standard input is a terminal, not profiles: pipe them in "
                              "(cat in.jsonl | fakeprofile predict --data - ...)")


def input_identity(source: DataSource, *, file: bool = True) -> dict[str, Any]:
    """What identifies a source: its path as given, its mapping (with the mapping file's sha256) and
    label, and for a ``file`` read where it is its resolved path, size and modification time."""
    identity: dict[str, Any] = {"path": str(source.path), "mapping": None if source.mapping is None else
                                str(source.mapping), "label": source.label}
    if source.mapping is not None and source.mapping.is_file():
        identity["mapping_sha256"] = hashlib.sha256(source.mapping.read_bytes()).hexdigest()
    if file and source.path.is_file():
        info = source.path.stat()
        identity |= {"resolved": str(source.path.resolve()), "bytes": info.st_size, "mtime_ns": info.st_mtime_ns}
    return identity


def read_inputs(sources: Iterable[DataSource], folder: str | os.PathLike[str]) -> list[Input]:
    """The sources, ready to be read twice: a pipe, FIFO or standard input (``-``) is copied into
    ``folder`` first (its bytes can be read only once); a file is read where it is.

    Raises
    ------
    RecordError
        For a device or a folder (:func:`check_sources`).
    OSError
        When the copy does not fit in ``folder``, naming it.
    """
    inputs = []
    for number, source in enumerate(sources):
        given = str(source.path)
        if given != STDIN and jsonl.input_kind(source.path) != "pipe":
            inputs.append(Input(source, given, input_identity(source)))
            continue
        suffix = "" if given == STDIN else source.path.suffix
        copy = Path(folder) / f"input-{number}{suffix or '.jsonl'}"
        size, digest = _copy_pipe(given, copy)
        inputs.append(Input(dataclasses.replace(source, path=copy), STDIN_NAME if given == STDIN else given,
                            input_identity(source, file=False) | {"bytes": size, "sha256": digest}))
    return inputs


def _copy_pipe(given: str, copy: Path) -> tuple[int, str]:
    """Copy a pipe (``-``: standard input) to ``copy``: its size and sha256."""
    digest, size = hashlib.sha256(), 0
    with contextlib.ExitStack() as stack:
        source = sys.stdin.buffer if given == STDIN else stack.enter_context(open(given, "rb"))
        try:
            with open(copy, "wb") as target:
                while block := source.read(1 << 20):
                    digest.update(block)
                    size += len(block)
                    target.write(block)
        except OSError as exc:
            raise OSError(exc.errno, f"{STDIN_NAME if given == STDIN else given}: piped input could not be copied "
                                     f"to {copy.parent} ({exc.strerror or exc}) after {size:,} bytes; it is read "
                                     "twice: give --spill-dir a folder on a disk with room for all of it") from exc
    return size, digest.hexdigest()


def _names(inputs: Iterable[Input]) -> dict[Path, str]:
    return {item.source.path: item.name for item in inputs}


# ----------------------------------------------------------------------------------------- campaigns
def _aware(model: Model) -> list[Extractor]:
    return [ex for ex in model.scoring_builder().extractors if ex.batch_aware]


def key_column(extractor: str) -> str:
    """The column of :func:`campaign_keys` that holds one extractor's keys."""
    return f"key__{extractor}"


def key_value(text: str) -> Any:
    """The key :func:`key_text` wrote (a JSON array comes back as the tuple it was)."""

    def hashable(value: Any) -> Any:
        return tuple(hashable(v) for v in value) if isinstance(value, list) else value

    return hashable(json.loads(text))


def keys_meta(model: Model) -> pd.DataFrame:
    """An empty frame shaped like :func:`campaign_keys`' output."""
    import pandas as pd

    columns = {"id": "object", "valid": "bool"} | {key_column(ex.name): "object" for ex in _aware(model)}
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})


def item_keys(items: Sequence[ReadItem], model: Model) -> dict[str, list[Any]]:
    """The first pass over read items: per item, its ``id``, whether it is ``valid`` and, for each extractor
    with a campaign feature, ``key__<extractor>``, the :func:`key_text` of its campaign key (None without
    one). Merge chunks with :class:`CampaignTally`."""
    builder = model.scoring_builder()
    columns: dict[str, list[Any]] = {"id": [item.id if item.ok else None for item in items],
                                     "valid": [item.ok for item in items]}
    for ex in _aware(model):
        keys = (ex.batch_key(item.profile, builder.context) if item.ok else None for item in items)
        columns[key_column(ex.name)] = [None if key is None else key_text(key) for key in keys]
    return columns


def campaign_keys(frame: pd.DataFrame, model: Model) -> pd.DataFrame:
    """:func:`item_keys` of a record frame's rows, as a frame with the same index (Dask's first pass)."""
    import pandas as pd

    columns = item_keys(frame_items(frame), model)
    dtypes = keys_meta(model).dtypes
    return pd.DataFrame({name: pd.Series(values, dtype=dtypes[name], index=frame.index)
                         for name, values in columns.items()}, index=frame.index)


def batch_counts_from(model: Model, counts: Mapping[str, Mapping[str, int]], size: int) -> BatchCounts:
    """The :class:`BatchCounts` of a whole input from its merged key counts (keys as :func:`key_text`).

    Only keys shared by two or more profiles are kept for an extractor with exact keys: a profile's
    feature is its key's count minus one, and a key that is absent counts as zero, so a key seen once
    changes nothing and dropping it keeps the counts sent to every worker small. Keys matched within a
    radius (photo hashes) are all kept: a near copy's count includes them.
    """
    aware = _aware(model)
    merged: dict[str, Counter] = {}
    for ex in aware:
        every = ex.batch_radius is not None
        merged[ex.name] = Counter({key_value(key): int(n) for key, n in counts.get(ex.name, {}).items()
                                   if every or n > 1})
    radii = {ex.name: ex.batch_radius for ex in aware if ex.batch_radius is not None}
    return BatchCounts(merged, int(size), radii)


class CampaignTally:
    """Campaign keys of chunks (:func:`campaign_keys`) merged into the counts of the whole input, in
    memory that does not grow with the input: the pairs spill into ``directory``
    (:class:`fakeprofile.tally.SpilledTally`).

    Like :meth:`BatchCounts.collect`, a profile id counts once per key however often it recurs, in one
    chunk or across several.
    """

    def __init__(self, model: Model, directory: str | os.PathLike[str], *,
                 memory_rows: int = DEFAULT_MEMORY_ROWS) -> None:
        aware = _aware(model)
        self._names = [ex.name for ex in aware]
        self._tally = SpilledTally(directory, {ex.name: ex.batch_radius for ex in aware}, memory_rows=memory_rows)

    def add(self, keys: Mapping[str, Sequence[Any]] | pd.DataFrame) -> None:
        """Count one chunk's keys (:func:`item_keys`, or :func:`campaign_keys`' frame)."""
        self._tally.add({name: list(keys[key_column(name)]) for name in self._names}, list(keys["id"]),
                        int(sum(keys["valid"])))

    def batch(self) -> SpilledCounts:
        """The counts to score every chunk with (files in ``directory``, which must outlive the scoring)."""
        return self._tally.counts()


# ------------------------------------------------------------------------------------------- writing
def output_format(out: str | os.PathLike[str]) -> str:
    """``"parquet"`` for a file named ``.parquet`` or ``.pq``, else ``"jsonl"``."""
    return "parquet" if str(out).lower().endswith(PARQUET_SUFFIXES) else "jsonl"


def refuse_to_overwrite(out: str | os.PathLike[str], sources: Iterable[DataSource]) -> None:
    """Raise :class:`RecordError` if ``out`` is one of the input files."""
    if str(out) == "-" or not Path(out).exists():
        return
    for source in sources:
        if source.path.exists() and Path(out).samefile(source.path):
            raise RecordError(f"{out}: the output would overwrite the input; choose another output file")


def jsonl_text(frame: pd.DataFrame) -> str:
    """:func:`score_frame`'s output as JSONL, one line per row (:func:`fakeprofile.frames.output_records`)."""
    buffer = io.StringIO()
    for record in output_records(frame):
        jsonl.write_jsonl_line(buffer, record)
    return buffer.getvalue()


def _head(payload: str | pd.DataFrame, rows: int) -> str | pd.DataFrame:
    """The first ``rows`` rows of a chunk's output (JSON text has no raw newline inside a line)."""
    if not isinstance(payload, str):
        return payload.iloc[:rows]
    return "".join(line + "\n" for line in payload.split("\n")[:rows])


def parquet_schema(n_reasons: int):
    """The Arrow schema of :func:`score_frame`'s output, fixed so that every chunk writes the same types."""
    import pyarrow as pa

    arrow = {"float64": pa.float64(), "Int64": pa.int64(), "boolean": pa.bool_(), "object": pa.string()}
    return pa.schema([(name, arrow[dtype]) for name, dtype in output_dtypes(n_reasons).items()])


#: Beside an output file ``OUT``: the file being written, the record of its complete chunks, and the
#: manifest of a complete output.
PARTIAL_SUFFIX, PROGRESS_SUFFIX, DONE_SUFFIX = ".partial", ".progress", ".done"
PROGRESS_FORMAT = "fakeprofile-predict-progress/1"
DONE_FORMAT = "fakeprofile-predict-done/1"


def output_files(out: str | os.PathLike[str]) -> tuple[Path, Path, Path]:
    """``OUT.partial``, ``OUT.progress`` and ``OUT.done`` of an output file ``OUT``."""
    return tuple(Path(f"{os.fspath(out)}{suffix}") for suffix in (PARTIAL_SUFFIX, PROGRESS_SUFFIX, DONE_SUFFIX))


def run_identity(model: Model, inputs: Iterable[Input], *, n_reasons: int, strict: bool,
                 out_format: str) -> dict[str, Any]:
    """What makes two runs write the same bytes: the inputs (:class:`Input`), the model (its manifest's
    checksum), the known-image index, the month 'now' is (``model`` is pinned) and the options."""
    known = model.builder.context.known_images
    return {"fakeprofile": __version__, "model_manifest_sha256": (model.manifest or {}).get("manifest_sha256"),
            "known_images": known.digest() if known is not None else
            {"default": os.environ.get("FAKEPROFILE_KNOWN_IMAGES")},
            "as_of": model.scoring_as_of, "reasons": n_reasons, "strict": strict, "format": out_format,
            "inputs": [item.identity for item in inputs]}


def _differences(then: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """What differs between two :func:`run_identity`, in words."""
    found = []
    before, after = then.get("inputs") or [], now["inputs"]
    if len(before) != len(after) or [b.get("path") for b in before] != [a["path"] for a in after]:
        found.append(f"the inputs were {', '.join(str(b.get('path')) for b in before)}")
    else:
        for b, a in zip(before, after, strict=True):
            changed = [f"{key} {b.get(key)} then, {a[key]} now" for key in a if b.get(key) != a[key]]
            if changed:
                found.append(f"{a['path']} changed ({'; '.join(changed)})")
    found += [f"{key}: {then.get(key)!r} then, {value!r} now" for key, value in now.items()
              if key != "inputs" and then.get(key) != value]
    return found


@dataclass
class ResumePoint:
    """The end of the last complete chunk of an interrupted run: records and output bytes written before
    it, where its line ends in ``OUT.progress``, and the counts so far."""

    records: int
    output_bytes: int
    progress_bytes: int
    summary: ReadSummary


def read_progress(out: str | os.PathLike[str]) -> tuple[dict[str, Any], ResumePoint] | None:
    """The identity an interrupted run recorded in ``OUT.progress`` and its last complete chunk that
    ``OUT.partial`` holds whole; None when there is no interrupted run to resume.

    A line torn by the interruption, or a chunk the partial file does not hold whole, ends the record.
    """
    partial, progress, _ = output_files(out)
    if not partial.is_file() or not progress.is_file():
        return None
    size = partial.stat().st_size
    with open(progress, "rb") as handle:
        header = handle.readline()
        try:
            head = json.loads(header)
            identity = head["identity"] if head.get("format") == PROGRESS_FORMAT else None
        except (ValueError, KeyError, AttributeError):
            identity = None
        if not isinstance(identity, dict):
            raise RecordError(f"{progress}: not the progress record of a fakeprofile predict run; run without "
                              "--resume to start over")
        offset, point, errors = len(header), {}, []
        for line in handle:
            try:
                entry = json.loads(line) if line.endswith(b"\n") else None
                these = {key: int(entry.get(key, 0)) for key in ("records", "bytes", *_counts())}
            except (ValueError, TypeError, AttributeError):
                break
            if these["bytes"] > size:
                break
            offset += len(line)
            errors += [str(message) for message in entry.get("errors") or []]
            point = these
    records, written = point.pop("records", 0), point.pop("bytes", 0)
    return identity, ResumePoint(records, written, offset, ReadSummary(**point, errors=errors))


def _counts() -> list[str]:
    """The counts a :class:`ReadSummary` keeps (read, scored, rejected, ...)."""
    return [f.name for f in dataclasses.fields(ReadSummary) if f.type in ("int", int) and f.name != "max_listed_errors"]


def _ends_a_line(path: Path, offset: int) -> bool:
    if offset == 0:
        return True
    with open(path, "rb") as handle:
        handle.seek(offset - 1)
        return handle.read(1) == b"\n"


def check_resumable(out: str | os.PathLike[str]) -> None:
    """Raise :class:`ValueError` if ``out`` is an output ``--resume`` cannot continue: standard output,
    or Parquet (its footer is written last: a file cut short holds no readable rows to continue)."""
    if str(out) == "-":
        raise ValueError("--resume continues an output file: standard output (--out -) cannot be resumed")
    if output_format(out) == "parquet":
        raise ValueError(f"{out}: --resume continues JSONL output only (a Parquet file cut short cannot be "
                         "continued); run without --resume")


def resume_point(out: str | os.PathLike[str], identity: Mapping[str, Any]) -> ResumePoint | None:
    """Where to continue ``out``: after the last complete chunk of the interrupted run that wrote
    ``OUT.partial``, which must have read the same inputs with the same model and options; None when
    there is nothing to resume.

    Raises
    ------
    RecordError
        Saying what differs, when the interrupted run is not this run.
    """
    check_resumable(out)
    if identity.get("model_manifest_sha256") is None:
        raise ValueError("--resume needs a model loaded from a folder: its manifest's checksum tells that the "
                         "interrupted run used the same one")
    found = read_progress(out)
    if found is None:
        return None
    then, point = found
    partial, progress, _ = output_files(out)
    if differences := _differences(then, identity):
        raise RecordError(f"cannot resume {out}: {partial} was written by another run: {'; '.join(differences)}; "
                          "run without --resume to start over")
    if not _ends_a_line(partial, point.output_bytes):
        raise RecordError(f"cannot resume {out}: {partial} does not match {progress} (edited?); run without "
                          "--resume to start over")
    return point


def finished_summary(out: str | os.PathLike[str], identity: Mapping[str, Any]) -> ReadSummary | None:
    """The counts of ``out`` if it is complete already: its ``OUT.done`` records this run, and the file
    still has the sha256 recorded there."""
    done = output_files(out)[2]
    try:
        manifest = json.loads(done.read_text(encoding="utf-8"))
        if manifest.get("format") != DONE_FORMAT or _differences(manifest["identity"], identity):
            return None
        if _sha256(Path(out)) != manifest["output_sha256"]:
            return None
        return ReadSummary(**{key: int(manifest[key]) for key in _counts()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _recorded_as_of(out: str | os.PathLike[str]) -> str | None:
    """The 'now' month that the run which left ``OUT.progress`` (or else ``OUT.done``) measured to."""
    found = read_progress(out)
    if found is not None:
        return found[0].get("as_of")
    with contextlib.suppress(OSError, ValueError, KeyError, AttributeError, TypeError):
        return json.loads(output_files(out)[2].read_text(encoding="utf-8"))["identity"].get("as_of")
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _lock(handle: IO[bytes], out: str) -> None:
    """Hold ``OUT.progress`` for this run (released when it is closed, or the process ends)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; two runs on one output are the user's to avoid
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise RecordError(f"{out}: another fakeprofile predict is writing it now") from None


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1000
    raise AssertionError


class Output:
    """Where results go, in input order: standard output (``-``), or a JSONL or Parquet file.

    A file ``OUT`` is written as ``OUT.partial`` beside it (same folder, so the rename is atomic) and
    renamed to ``OUT`` by :meth:`commit`, which writes ``OUT.done`` too; an earlier ``OUT`` is
    untouched until then. ``OUT.progress`` is held (locked) for the run and, for JSONL, records every
    chunk once it is written (:meth:`write`); ``resume`` continues after a :func:`resume_point`.

    Left without :meth:`commit`: after an interruption (``KeyboardInterrupt``, :class:`Interrupted`) a
    JSONL run that wrote a chunk keeps ``OUT.partial`` and ``OUT.progress`` for ``--resume``; otherwise
    both are deleted. An error writing raises :class:`OSError` naming ``OUT``.
    """

    def __init__(self, out: str | os.PathLike[str], n_reasons: int, *, identity: Mapping[str, Any] | None = None,
                 resume: ResumePoint | None = None, total: int | None = None) -> None:
        self.out = os.fspath(out)
        self.format = output_format(out)
        self.records = resume.records if resume else 0
        self.bytes = resume.output_bytes if resume else 0
        self._identity = dict(identity or {})
        self._total = total
        self._parquet = None
        self._file: IO[bytes] | None = None
        self._progress: IO[bytes] | None = None
        self._closed = False
        if self.out == "-":
            if resume is not None:
                check_resumable(self.out)
            return
        self.partial, self.progress, self.done = output_files(out)
        if resume is not None:
            check_resumable(self.out)
        try:
            self._progress = open(self.progress, "r+b" if self.progress.exists() else "w+b")  # noqa: SIM115
        except OSError as exc:
            raise self._error(exc) from exc
        _lock(self._progress, self.out)
        try:
            if resume is None:
                self._progress.truncate(0)
                header = {"format": PROGRESS_FORMAT, "identity": self._identity}
                self._progress.write(json.dumps(header).encode() + b"\n")
                self._progress.flush()
                if self.format == "parquet":
                    import pyarrow.parquet as pq

                    self._schema = parquet_schema(n_reasons)
                    self._parquet = pq.ParquetWriter(str(self.partial), self._schema)
                else:
                    self._file = open(self.partial, "wb")  # noqa: SIM115  (closed by commit or __exit__)
            else:
                self._progress.truncate(resume.progress_bytes)
                self._progress.seek(resume.progress_bytes)
                self._file = open(self.partial, "r+b")  # noqa: SIM115
                self._file.truncate(resume.output_bytes)
                self._file.seek(resume.output_bytes)
        except OSError as exc:
            self._discard()
            raise self._error(exc) from exc

    def write(self, payload: str | pd.DataFrame, rows: int, summary: ReadSummary | None = None,
              errors: Sequence[str] = ()) -> None:
        """Append one chunk's output: :func:`score_frame`'s frame, or for JSONL also its :func:`jsonl_text`;
        ``rows`` records; ``summary`` the counts after it and ``errors`` its newly listed messages, which
        ``OUT.progress`` records."""
        if self.out == "-":
            sys.stdout.write(payload if isinstance(payload, str) else jsonl_text(payload))
            return
        try:
            if self._parquet is not None:
                import pyarrow as pa

                self._parquet.write_table(pa.Table.from_pandas(payload, schema=self._schema, preserve_index=False))
                self.records += rows
                return
            assert self._file is not None and self._progress is not None
            data = (payload if isinstance(payload, str) else jsonl_text(payload)).encode("utf-8")
            self._file.write(data)
            self._file.flush()  # the bytes reach the system before the progress record says they did
            self.records += rows
            self.bytes += len(data)
            summary = summary or ReadSummary()
            entry = {"records": self.records, "bytes": self.bytes,
                     **{key: getattr(summary, key) for key in _counts()}, "errors": list(errors)}
            self._progress.write(json.dumps(entry).encode() + b"\n")
            self._progress.flush()
        except OSError as exc:
            raise self._error(exc) from exc

    def _close_files(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._file is not None:
            self._file.close()
        with open(self.partial, "r+b") as handle:
            os.fsync(handle.fileno())  # the data is on disk before the name points at it

    def commit(self, summary: ReadSummary, *, complete: bool = True) -> None:
        """Finish: rename ``OUT.partial`` to ``OUT`` and, for a ``complete`` run, write ``OUT.done`` (a
        ``--strict`` run that stopped keeps the rows before its bad record, without one)."""
        self._closed = True
        if self.out == "-":
            sys.stdout.flush()
            return
        try:
            self._close_files()
            digest = _sha256(self.partial)
            self.done.unlink(missing_ok=True)  # it described the file about to be replaced
            os.replace(self.partial, self.out)
            _sync_folder(self.partial.parent)
        except OSError as exc:
            self._discard()
            raise self._error(exc) from exc
        try:
            if complete:
                manifest = {"format": DONE_FORMAT, "output": self.out, "output_bytes": os.path.getsize(self.out),
                            "output_sha256": digest, **{key: getattr(summary, key) for key in _counts()},
                            "identity": self._identity}
                _write_atomically(self.done, json.dumps(manifest, indent=2) + "\n")
        except OSError as exc:
            raise OSError(exc.errno, f"{self.done}: could not be written ({exc.strerror or exc}); {self.out} is "
                                     "complete, but nothing marks it so") from exc
        finally:
            self._release()

    def _release(self) -> None:
        """Delete ``OUT.progress`` and let go of it (the lock goes with it)."""
        if self._progress is not None:
            self.progress.unlink(missing_ok=True)
            self._progress.close()
            self._progress = None

    def _discard(self) -> None:
        """Close and delete what this run wrote; ``OUT`` and ``OUT.done`` stay as they were."""
        with contextlib.suppress(OSError):
            if self._parquet is not None:
                self._parquet.close()
        with contextlib.suppress(OSError):
            if self._file is not None:
                self._file.close()
        if self.out != "-":
            self.partial.unlink(missing_ok=True)
            self._release()

    def _error(self, exc: OSError) -> OSError:
        """The error of a failed write, naming the output and the room it needed."""
        needed = ""
        if self._total and self.records and self.format == "jsonl":
            needed = (f"; the whole output needs about {_size(self.bytes / self.records * self._total)} "
                      f"for {self._total:,} records")
        with contextlib.suppress(OSError):
            needed += f", and {_size(shutil.disk_usage(Path(self.out).resolve().parent).free)} are free there"
        return OSError(exc.errno, f"{self.out}: the output could not be written ({exc.strerror or exc}) after "
                                  f"{_size(self.bytes)}{needed}; its partial file is deleted and an earlier "
                                  f"{Path(self.out).name}, if any, is untouched")

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self._closed or self.out == "-":
            return
        self._closed = True
        interrupted = kind is not None and issubclass(kind, KeyboardInterrupt)
        if interrupted and self.format == "jsonl" and self.records > 0:
            with contextlib.suppress(OSError):
                assert self._file is not None and self._progress is not None
                self._file.close()
                self._progress.close()  # kept for --resume
            return
        self._discard()


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where folders can be opened: not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ------------------------------------------------------------------------------------------- workers
@dataclass(frozen=True)
class _Job:
    """What every chunk of one pass needs: sent to each worker process once, by its initializer."""

    model: Model
    batch: CampaignCounts | None = None
    n_reasons: int = N_REASONS
    out_format: str = "jsonl"
    #: The first pass's photo analyses and note readings, for the second to read rather than analyse again.
    kept: AnalysisSpill | None = None


#: In a worker process: the job its initializer received.
_JOB: _Job | None = None


def _init_worker(job: _Job, lifeline: Any = None) -> None:
    """Set up a worker process: its job, one thread for the classifier, SIGINT left to the parent (a
    terminal's Ctrl-C reaches the whole process group), and an exit as soon as ``lifeline``, the reading
    end of a pipe whose writing end only the parent holds, reports the parent gone."""
    global _JOB
    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if lifeline is not None:
        threading.Thread(target=_exit_with_parent, args=(lifeline,), name="fakeprofile-lifeline", daemon=True).start()
    # One process per core already: the classifier's OpenMP threads on top would only compete.
    threadpool_limits(1)
    use_batch_collections()  # a worker only scores: see fakeprofile.gcpolicy
    _JOB = job


def _exit_with_parent(lifeline: Any) -> None:
    """Wait for the end of the parent's pipe, then end this process at once: the parent is gone (killed
    with SIGKILL, say), and nothing it asked for is wanted any more. A worker otherwise waits forever for
    the next chunk: the pool's queues are pipes that the workers hold open themselves."""
    with contextlib.suppress(EOFError, OSError):
        while True:
            lifeline.recv_bytes()
    os._exit(1)


def _in_worker(task: Task[T], chunk: Chunk) -> T:
    assert _JOB is not None, "the pool's initializer has not run"
    return task(_JOB, chunk)


def _process_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: workers start without the parent's threads (a forked OpenMP runtime
    can hang) and, the package being imported once by the server, faster than spawned ones."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["fakeprofile.parallel"])
        return context
    return multiprocessing.get_context("spawn")


def ordered(pool: Executor, task: Task[T], chunks: Iterable[Chunk], ahead: int) -> Iterator[T]:
    """``task`` over ``chunks`` on ``pool``, results in input order, at most ``ahead`` chunks in flight
    (``Executor.map`` would read the whole input first)."""
    pending: deque = deque()
    try:
        for chunk in chunks:
            with held_signals():  # submitting may start a worker: cut short, it would get half its job
                pending.append(pool.submit(_in_worker, task, chunk))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


@contextmanager
def _workers(job: _Job, jobs: int) -> Iterator[Callable[[Task[T], Iterable[Chunk]], Iterator[T]]]:
    """A function mapping a task over chunks in order: on ``jobs`` processes, or here for one."""
    if jobs <= 1:
        yield lambda task, chunks: (task(job, chunk) for chunk in chunks)
        return
    from concurrent.futures import ProcessPoolExecutor

    # The workers' lifeline: they get the reading end; the writing end stays here, closing when this
    # process ends however it ends, which tells them to exit (see _init_worker).
    lifeline, held = multiprocessing.Pipe(duplex=False)
    try:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_process_context(), initializer=_init_worker,
                                   initargs=(job, lifeline))
        try:
            yield lambda task, chunks: ordered(pool, task, chunks, ahead=2 * jobs)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        held.close()
        lifeline.close()


@dataclass(frozen=True)
class CountedChunk:
    """What a worker sends back from the first pass for one chunk: its campaign keys (:func:`item_keys`) and
    the photo analyses and note readings they took, as text by key (:mod:`fakeprofile.analysis_spill`)."""

    keys: dict[str, list[Any]]
    analyses: dict[str, str]


def _count_chunk(job: _Job, chunk: Chunk) -> CountedChunk:
    with _reading_kept(job), ANALYSES.records() as analysed, NOTES.records() as read:
        keys = item_keys(row_items(chunk), job.model)
    kept = {key: analysis_text(found) for key, found in analysed.items()}
    kept |= {key: reading.to_text() for key, reading in read.items()}
    return CountedChunk(keys, kept)


@contextmanager
def _reading_kept(job: _Job) -> Iterator[None]:
    """Within the block, photos and notes are read from the analyses the first pass kept (those of earlier
    chunks, in the first pass itself) before being analysed again."""
    if job.kept is None:
        yield
        return
    with ANALYSES.reads(job.kept, job.model.scoring_builder().context.known_images), NOTES.reads(job.kept):
        yield


@dataclass(frozen=True)
class ScoredChunk:
    """What a worker sends back for one chunk: its row count, its errors and the output to write."""

    rows: int
    errors: list[tuple[int, str]]
    payload: str | pd.DataFrame

    @staticmethod
    def joined(parts: Sequence[ScoredChunk]) -> ScoredChunk:
        """Consecutive chunks' JSONL output as one chunk's."""
        errors, rows = [], 0
        for part in parts:
            errors += [(rows + position, message) for position, message in part.errors]
            rows += part.rows
        return ScoredChunk(rows, errors, "".join(part.payload for part in parts))


def scored_chunk(out: pd.DataFrame, out_format: str) -> ScoredChunk:
    """Package :func:`score_frame`'s output for :func:`write_results`; JSONL is formatted by the worker."""
    return ScoredChunk(len(out), error_rows(out), out if out_format == "parquet" else jsonl_text(out))


def _score_chunk(job: _Job, chunk: Chunk) -> ScoredChunk:
    with _reading_kept(job):
        return _score_rows(job, chunk)


def score_chunk(model: Model, chunk: Chunk, *, batch: CampaignCounts | None, n_reasons: int,
                out_format: str) -> ScoredChunk:
    """One chunk scored and formatted for :func:`write_results`, as ``fakeprofile predict``'s workers do it
    (JSONL straight from the scored records, without a frame)."""
    return _score_chunk(_Job(model, batch, n_reasons, out_format), chunk)


def _score_rows(job: _Job, chunk: Chunk) -> ScoredChunk:
    if job.out_format == "parquet":
        out = score_frame(record_frame(chunk), job.model, batch=job.batch, n_reasons=job.n_reasons)
        return scored_chunk(out, "parquet")
    # JSONL straight from the predictions: the same lines as through score_frame's output frame.
    rows = job.model.scored_items(row_items(chunk), n_reasons=job.n_reasons, batch=job.batch)
    buffer = io.StringIO()
    errors = []
    for position, row in enumerate(rows):
        record = prediction_record(row) if isinstance(row, Prediction) else output_record(row)
        if "error" in record:
            errors.append((position, record["error"]))
        jsonl.write_jsonl_line(buffer, record)
    return ScoredChunk(len(rows), errors, buffer.getvalue())


def _with_jobs(chunks: Iterator[Chunk], jobs: int) -> tuple[Iterator[Chunk], int]:
    """The chunks again, and ``jobs``, or 1 if there is only one chunk (not worth starting processes for)."""
    first = list(itertools.islice(chunks, 2))
    return itertools.chain(first, chunks), jobs if len(first) > 1 else 1


# -------------------------------------------------------------------------------------------- signals
class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGINT, raised where the main thread is (:func:`signals_raise`), so that ``finally``
    blocks and context managers run: temporary folders are deleted, a partial output kept for ``--resume``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.name = signal.Signals(signum).name


@contextmanager
def signals_raise(signums: Sequence[int] = (signal.SIGTERM, signal.SIGINT)) -> Iterator[None]:
    """Within the block, the first of these signals raises :class:`Interrupted` (later ones are ignored:
    they would cut short the clean-up the first started; SIGKILL is always there). The handlers before
    are restored on leaving. Outside the main thread, where handlers cannot be set, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    state = _SignalState()

    def handler(signum: int, frame: object) -> None:
        if state.received is None:
            state.received = signum
            if not state.holding:
                state.raised = True
                raise Interrupted(signum)

    previous = {signum: signal.signal(signum, handler) for signum in signums}
    outer, _SIGNALS[:] = _SIGNALS[:], [state]
    try:
        yield
    except Interrupted:
        raise
    except BaseException as exc:
        if state.received is not None:  # e.g. the pool broke first: its workers got the signal too (`timeout`
            raise Interrupted(state.received) from exc  # signals the whole process group)
        raise
    finally:
        _SIGNALS[:] = outer
        for signum, before in previous.items():
            signal.signal(signum, before)


@dataclass
class _SignalState:
    """The signal :func:`signals_raise` received (None: none yet), whether it was raised, and how deep in
    :func:`held_signals` the main thread is."""

    received: int | None = None
    raised: bool = False
    holding: int = 0


#: The state of the innermost :func:`signals_raise` (none: signals are not turned into exceptions).
_SIGNALS: list[_SignalState] = []


@contextmanager
def held_signals() -> Iterator[None]:
    """Within :func:`signals_raise`, hold a signal's :class:`Interrupted` back to the end of a step that it
    must not cut in two; it is raised there."""
    state = _SIGNALS[-1] if _SIGNALS and threading.current_thread() is threading.main_thread() else None
    if state is None:
        yield
        return
    state.holding += 1
    try:
        yield
    finally:
        state.holding -= 1
    if not state.holding and state.received is not None and not state.raised:
        state.raised = True
        raise Interrupted(state.received)


# --------------------------------------------------------------------------------------------- runs
def count_campaigns(model: Model, sources: Sequence[DataSource], directory: str | os.PathLike[str], *,
                    jobs: int = 1, progress: bool = False, chunk_rows: int = DEFAULT_CHUNK_ROWS,
                    memory_rows: int = DEFAULT_MEMORY_ROWS,
                    names: Mapping[Path, str] | None = None, repaired: list[int] | None = None,
                    kept: AnalysisSpill | None = None) -> tuple[SpilledCounts, int]:
    """The first pass: campaign counts over every record of ``sources`` (their files in ``directory``),
    and how many records there are (``names`` and ``repaired``: as for :func:`record_frames`). It reads
    every record, so it is where the records a reader repaired are counted. The photo analyses and note
    readings it takes are kept in ``kept``, when given, for the second pass."""
    tally_ = CampaignTally(model, directory, memory_rows=memory_rows)
    n_records = 0
    chunks, jobs = _with_jobs(record_chunks(sources, chunk_rows, names=names, repaired=repaired), jobs)
    bar = progress_bar(iter(()), desc="counting campaigns", unit=" profiles", enabled=progress)
    try:
        with _workers(_Job(model, kept=kept), jobs) as run:
            for counted in run(_count_chunk, chunks):
                with _spilling(directory):
                    tally_.add(counted.keys)
                    if kept is not None:
                        kept.add(counted.analyses)
                n_records += len(counted.keys["id"])
                bar.update(len(counted.keys["id"]))
    finally:
        bar.close()
    with _spilling(directory):
        return tally_.batch(), n_records


@contextmanager
def _spilling(directory: str | os.PathLike[str]) -> Iterator[None]:
    """Name the spill folder in a failure to write there (a full disk, say): the input is not at fault."""
    try:
        yield
    except OSError as exc:
        raise OSError(exc.errno, f"campaign counts could not be written to {directory} ({exc.strerror or exc}); "
                                 f"give --spill-dir a folder on a disk with room for {SPILL_NEEDS}") from exc


def score_sources(model: Model, sources: Iterable[DataSource], out: str | os.PathLike[str], *, jobs: int = 1,
                  n_reasons: int = N_REASONS, strict: bool = False, progress: bool = False,
                  chunk_rows: int = DEFAULT_CHUNK_ROWS, spill_dir: str | os.PathLike[str] | None = None,
                  resume: bool = False) -> ReadSummary:
    """Score every record of ``sources`` into ``out``: what ``fakeprofile predict`` does.

    Parameters
    ----------
    model : Model
        The model; its 'now' is fixed for the run (:meth:`Model.pinned`).
    sources : iterable of DataSource
        The input files, read in order; ``-`` is standard input. A pipe is copied to ``spill_dir`` first
        (it is read twice); a device or a folder is refused.
    out : path or ``"-"``
        JSONL (``-``: standard output), or Parquet for a name ending ``.parquet`` or ``.pq``. A file is
        written as ``OUT.partial``, created after the first pass (an input that cannot be read leaves
        nothing behind), renamed to ``out`` when complete and marked by ``OUT.done`` (see :class:`Output`).
    jobs : int
        Worker processes (1: all in this process). The output does not depend on it.
    n_reasons : int
        Reasons per prediction.
    strict : bool
        Stop at the first record that is not scored, raising :class:`RecordError` after writing the
        results of those before it.
    progress : bool
        Progress bars on standard error (on a terminal).
    chunk_rows : int
        Records per chunk.
    spill_dir : path, optional
        Where the first pass's campaign counts spill, and piped input is copied (default: a temporary
        folder in the system's, or ``$TMPDIR``), deleted at the end: :data:`SPILL_NEEDS`.
    resume : bool
        Continue the JSONL ``out`` that an interrupted run with the same inputs, model and options left
        (``OUT.partial``) after its last complete chunk; without one, start from the beginning (or, if
        ``OUT.done`` says ``out`` is this run's complete output, return its counts). The campaign counts
        are counted again; 'now' is the interrupted run's unless the model fixes it.

    Returns
    -------
    ReadSummary
        Records read, scored and rejected (a record that could not be scored is rejected), and the
        first rejections' messages.
    """
    sources = list(sources)
    check_sources(sources)
    refuse_to_overwrite(out, sources)
    if spill_dir is not None and not Path(spill_dir).is_dir():
        raise ValueError(f"spill folder {spill_dir}: not a folder (give an existing one, on a disk with room "
                         f"for {SPILL_NEEDS})")
    out_format = output_format(out)
    given_as_of = model.scoring_as_of
    model = model.pinned()
    if resume:
        check_resumable(out)
        if given_as_of is None and (recorded := _recorded_as_of(out)):
            model.scoring_as_of = recorded  # the month the interrupted (or finished) run measured to
    with batch_collections(), spill_folder(spill_dir) as spill:
        inputs = read_inputs(sources, spill)
        identity = run_identity(model, inputs, n_reasons=n_reasons, strict=strict, out_format=out_format)
        point = resume_point(out, identity) if resume else None
        if resume and point is None and (summary := finished_summary(out, identity)) is not None:
            return summary
        readable, names = [item.source for item in inputs], _names(inputs)
        repaired, kept = [0], AnalysisSpill(spill)
        try:
            batch, n_records = count_campaigns(model, readable, spill, jobs=jobs, progress=progress,
                                               chunk_rows=chunk_rows, names=names, repaired=repaired, kept=kept)
            job = _Job(model, batch, n_reasons, out_format, kept)
            chunks, jobs = _with_jobs(record_chunks(readable, chunk_rows, names=names,
                                                    skip=point.records if point else 0), jobs)
            try:
                with _workers(job, jobs) as run:
                    return write_results(run(_score_chunk, chunks), out, n_reasons=n_reasons, strict=strict,
                                         progress=progress, total=n_records, identity=identity, resume=point,
                                         repaired=repaired[0])
            finally:
                batch.release()  # an open file cannot be deleted everywhere (Windows)
        finally:
            kept.close()


def write_results(results: Iterable[ScoredChunk], out: str | os.PathLike[str], *, n_reasons: int,
                  strict: bool = False, progress: bool = False, total: int | None = None,
                  identity: Mapping[str, Any] | None = None, resume: ResumePoint | None = None,
                  repaired: int | None = None) -> ReadSummary:
    """Write scored chunks, in the order given, to ``out`` (:class:`Output`), counting them; ``strict``
    stops at the first record that was not scored, after writing those before it (:class:`RecordError`).

    ``identity`` (:func:`run_identity`) goes into ``OUT.progress`` and ``OUT.done``; ``resume`` continues
    an interrupted run's output after its last complete chunk, the ``results`` starting there. ``repaired``
    (counted over the whole input by the first pass) is the summary's, once every record is written.
    """
    summary = resume.summary if resume is not None else ReadSummary()
    bar = progress_bar(iter(()), desc="scoring", unit=" profiles", total=total, enabled=progress)
    if resume is not None:
        bar.update(resume.records)
    try:
        with Output(out, n_reasons, identity=identity, resume=resume, total=total) as output:
            for scored in results:
                listed = len(summary.errors)
                keep = tally(summary, scored.rows, scored.errors, strict=strict)
                output.write(scored.payload if keep == scored.rows else _head(scored.payload, keep), keep, summary,
                             summary.errors[listed:])
                bar.update(scored.rows)
                if keep < scored.rows:
                    output.commit(summary, complete=False)
                    raise RecordError(scored.errors[0][1])
            if repaired is not None:
                summary.repaired = repaired
            output.commit(summary)
    finally:
        bar.close()
    return summary


def score_jsonl(model: Model, src: str | os.PathLike[str], dst: str | os.PathLike[str], *, strict: bool = False,
                progress: bool = False, n_reasons: int = N_REASONS, jobs: int = 1) -> ReadSummary:
    """Stream a JSONL file of any size to a JSONL (or, named ``.parquet``, a Parquet) file of results.

    One output row per input record, in order, as ``fakeprofile predict`` writes them (it is the same code:
    :func:`score_sources`); ``jobs`` processes share the work.
    """
    return score_sources(model, [DataSource(Path(src))], dst, jobs=jobs, strict=strict, progress=progress,
                         n_reasons=n_reasons)


def explain_sources(model: Model, sources: Iterable[DataSource], *, ids: Collection[str] | None = None,
                    n_reasons: int = N_REASONS, progress: bool = False,
                    spill_dir: str | os.PathLike[str] | None = None) -> Iterator[tuple[ReadItem, Prediction | None]]:
    """Each record of ``sources`` (only those with an id in ``ids``, when given) with its prediction, or
    None for a record that is rejected (the item says why): what ``fakeprofile explain`` prints.

    The predictions are :func:`score_sources`' exactly: campaign clues count over every record of the
    input in a first pass, as there, so the profiles a reviewer explains score as they did in the run
    that flagged them.
    """
    sources = list(sources)
    check_sources(sources)
    model = model.pinned()
    with spill_folder(spill_dir) as spill:
        inputs = read_inputs(sources, spill)
        readable, names = [item.source for item in inputs], _names(inputs)
        kept = AnalysisSpill(spill)
        try:
            batch, _ = count_campaigns(model, readable, spill, progress=progress, names=names, kept=kept)
        except BaseException:
            kept.close()  # before the spill folder goes
            raise
        job = _Job(model, batch, kept=kept)
        try:
            for chunk in record_chunks(readable, names=names):
                items = [item for item in row_items(chunk) if ids is None or item.id in ids]
                with _reading_kept(job):
                    predictions = iter(model.predictions_or_errors([item.profile for item in items if item.ok],
                                                                   n_reasons=n_reasons, batch=batch))
                for item in items:
                    prediction = next(predictions) if item.ok else None
                    if isinstance(prediction, Exception):  # as predict reports it: that record, not the run
                        yield dataclasses.replace(item, profile=None, error=scoring_failure(prediction)), None
                    else:
                        yield item, prediction
        finally:
            batch.release()
            kept.close()

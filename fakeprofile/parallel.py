"""Scoring a whole input on one machine: in chunks, in bounded memory, on every core.

``fakeprofile predict`` and :func:`score_jsonl` read their input twice:

1. **Campaigns.** The workers compute each chunk's campaign keys (the photo's pHash, the normalised
   invitation note, :func:`campaign_keys`); :class:`CampaignTally` counts them over the whole input, so
   that a profile's score does not depend on the chunk it lands in.
2. **Scoring.** The workers score each chunk with :func:`fakeprofile.scoring.score_frame`; the results
   come back in input order and are written as JSONL or, for an output named ``.parquet``, Parquet.

Workers are processes. Each receives the model (with its known-image index) and, for the second pass,
the campaign counts once, through the pool's initializer: a chunk carries only its records' JSON text
one way and the results the other. A plain JSONL file is only split into lines here; decoding and
validation happen in the workers. Other sources (CSV or Parquet through a mapping, the LinkedIn research
format, files labelled with ``PATH@1``) are read and validated here by :mod:`fakeprofile.io.readers` and
passed on as their validated profiles' JSON. An input of one chunk is scored in this process.

Memory: at most ``2 x jobs`` chunks are in flight, and nothing else grows with the input. The first
pass's (key, profile id) pairs spill to a temporary folder (``spill_dir``, 16 bytes per note and per
photo) and are counted by sorting them there (:mod:`fakeprofile.tally`); in the second pass the workers
look each key up in the sorted result files, a page at a time.
"""

from __future__ import annotations

import io
import itertools
import json
import multiprocessing
import os
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import pandas as pd

from fakeprofile.explain import N_REASONS
from fakeprofile.extractors import BatchCounts, CampaignCounts, Extractor
from fakeprofile.frames import error_rows, frame_items, output_dtypes, output_records, tally
from fakeprofile.io import jsonl
from fakeprofile.io.readers import TABULAR_SUFFIXES, DataSource, read_source
from fakeprofile.io.records import ReadItem, ReadSummary, RecordError
from fakeprofile.progress import progress as progress_bar
from fakeprofile.schema import Prediction
from fakeprofile.scoring import Model, score_frame
from fakeprofile.tally import DEFAULT_MEMORY_ROWS, SpilledCounts, SpilledTally, key_text

#: Records per chunk: large enough that a chunk's overhead (a task, a classifier call) is small against
#: its scoring, small enough for a steady progress bar and little memory in flight.
DEFAULT_CHUNK_ROWS = 1000
PARQUET_SUFFIXES = (".parquet", ".pq")
#: The record frame's columns and dtypes (what :func:`record_frames` and ``fakeprofile.dask`` give).
RECORD_DTYPES = {"source": "object", "line": "int64", "record": "object", "id": "object", "error": "object"}

T = TypeVar("T")
Task = Callable[["_Job", pd.DataFrame], T]


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
    return source.path.suffix.lower() not in TABULAR_SUFFIXES and source.label is None


def _source_rows(source: DataSource) -> Iterator[tuple[str, int, str | None, str | None, str | None]]:
    """``(source, line, record, id, error)`` per record of one source."""
    if not reads_lines(source):
        for item in read_source(source):
            yield item.source, item.line, item.profile.model_dump_json() if item.ok else None, item.id, item.error
        return
    if not source.path.exists():
        raise RecordError(f"{source.path}: no such file")
    name = str(source.path)
    for line, text, error in jsonl_records(source.path):
        yield name, line, text, None, error


def record_frame(rows: Sequence[tuple[str, int, str | None, str | None, str | None]]) -> pd.DataFrame:
    """``(source, line, record, id, error)`` tuples as a record frame (see :func:`fakeprofile.scoring.score_frame`)."""
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in RECORD_DTYPES]
    return pd.DataFrame({name: pd.Series(values, dtype=dtype)
                         for (name, dtype), values in zip(RECORD_DTYPES.items(), columns, strict=True)})


def record_frames(sources: Iterable[DataSource], chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """Every record of every source, in order, as record frames of ``chunk_rows`` rows."""
    rows = (row for source in sources for row in _source_rows(source))
    while chunk := list(itertools.islice(rows, chunk_rows)):
        yield record_frame(chunk)


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
    columns = {"id": "object", "valid": "bool"} | {key_column(ex.name): "object" for ex in _aware(model)}
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})


def campaign_keys(frame: pd.DataFrame, model: Model) -> pd.DataFrame:
    """The first pass over one record frame: per row, its ``id``, whether it is ``valid`` and, for each
    extractor with a campaign feature, ``key__<extractor>``, the :func:`key_text` of its campaign key
    (None without one). Merge chunks with :class:`CampaignTally`."""
    builder = model.scoring_builder()
    aware = _aware(model)
    items = frame_items(frame)
    columns: dict[str, list[Any]] = {"id": [item.id if item.ok else None for item in items],
                                     "valid": [item.ok for item in items]}
    for ex in aware:
        keys = (ex.batch_key(item.profile, builder.context) if item.ok else None for item in items)
        columns[key_column(ex.name)] = [None if key is None else key_text(key) for key in keys]
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

    def add(self, keys: pd.DataFrame) -> None:
        """Count one chunk's keys."""
        self._tally.add({name: keys[key_column(name)].tolist() for name in self._names}, keys["id"].tolist(),
                        int(keys["valid"].sum()))

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
    if isinstance(payload, pd.DataFrame):
        return payload.iloc[:rows]
    return "".join(line + "\n" for line in payload.split("\n")[:rows])


def parquet_schema(n_reasons: int):
    """The Arrow schema of :func:`score_frame`'s output, fixed so that every chunk writes the same types."""
    import pyarrow as pa

    arrow = {"float64": pa.float64(), "Int64": pa.int64(), "boolean": pa.bool_(), "object": pa.string()}
    return pa.schema([(name, arrow[dtype]) for name, dtype in output_dtypes(n_reasons).items()])


class Output:
    """Where results go: a JSONL file (or standard output for ``-``) or a Parquet file, in input order."""

    def __init__(self, out: str | os.PathLike[str], n_reasons: int) -> None:
        self.format = output_format(out)
        self._parquet = None
        self._text: IO[str] | None = None
        if self.format == "parquet":
            import pyarrow.parquet as pq

            self._schema = parquet_schema(n_reasons)
            self._parquet = pq.ParquetWriter(str(out), self._schema)
        else:
            self._text = open(out, "w", encoding="utf-8") if str(out) != "-" else None  # noqa: SIM115

    def write(self, payload: str | pd.DataFrame) -> None:
        """Append one chunk's output: :func:`score_frame`'s frame, or for JSONL also its :func:`jsonl_text`."""
        if self._parquet is not None:
            import pyarrow as pa

            self._parquet.write_table(pa.Table.from_pandas(payload, schema=self._schema, preserve_index=False))
        else:
            (self._text or sys.stdout).write(payload if isinstance(payload, str) else jsonl_text(payload))

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._text is not None:
            self._text.close()

    def __enter__(self) -> Output:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ------------------------------------------------------------------------------------------- workers
@dataclass(frozen=True)
class _Job:
    """What every chunk of one pass needs: sent to each worker process once, by its initializer."""

    model: Model
    batch: CampaignCounts | None = None
    n_reasons: int = N_REASONS
    out_format: str = "jsonl"


#: In a worker process: the job its initializer received.
_JOB: _Job | None = None


def _init_worker(job: _Job) -> None:
    global _JOB
    from threadpoolctl import threadpool_limits

    # One process per core already: the classifier's OpenMP threads on top would only compete.
    threadpool_limits(1)
    _JOB = job


def _in_worker(task: Task[T], chunk: pd.DataFrame) -> T:
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


def ordered(pool: Executor, task: Task[T], chunks: Iterable[pd.DataFrame], ahead: int) -> Iterator[T]:
    """``task`` over ``chunks`` on ``pool``, results in input order, at most ``ahead`` chunks in flight
    (``Executor.map`` would read the whole input first)."""
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(_in_worker, task, chunk))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


@contextmanager
def _workers(job: _Job, jobs: int) -> Iterator[Callable[[Task[T], Iterable[pd.DataFrame]], Iterator[T]]]:
    """A function mapping a task over chunks in order: on ``jobs`` processes, or here for one."""
    if jobs <= 1:
        yield lambda task, chunks: (task(job, chunk) for chunk in chunks)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_process_context(), initializer=_init_worker,
                               initargs=(job,))
    try:
        yield lambda task, chunks: ordered(pool, task, chunks, ahead=2 * jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _count_chunk(job: _Job, chunk: pd.DataFrame) -> pd.DataFrame:
    return campaign_keys(chunk, job.model)


@dataclass(frozen=True)
class ScoredChunk:
    """What a worker sends back for one chunk: its row count, its errors and the output to write."""

    rows: int
    errors: list[tuple[int, str]]
    payload: str | pd.DataFrame


def scored_chunk(out: pd.DataFrame, out_format: str) -> ScoredChunk:
    """Package :func:`score_frame`'s output for :func:`write_results`; JSONL is formatted by the worker."""
    return ScoredChunk(len(out), error_rows(out), out if out_format == "parquet" else jsonl_text(out))


def _score_chunk(job: _Job, chunk: pd.DataFrame) -> ScoredChunk:
    return scored_chunk(score_frame(chunk, job.model, batch=job.batch, n_reasons=job.n_reasons), job.out_format)


def _with_jobs(chunks: Iterator[pd.DataFrame], jobs: int) -> tuple[Iterator[pd.DataFrame], int]:
    """The chunks again, and ``jobs``, or 1 if there is only one chunk (not worth starting processes for)."""
    first = list(itertools.islice(chunks, 2))
    return itertools.chain(first, chunks), jobs if len(first) > 1 else 1


# --------------------------------------------------------------------------------------------- runs
def count_campaigns(model: Model, sources: Sequence[DataSource], directory: str | os.PathLike[str], *,
                    jobs: int = 1, progress: bool = False, chunk_rows: int = DEFAULT_CHUNK_ROWS,
                    memory_rows: int = DEFAULT_MEMORY_ROWS) -> tuple[SpilledCounts, int]:
    """The first pass: campaign counts over every record of ``sources`` (their files in ``directory``),
    and how many records there are."""
    tally_ = CampaignTally(model, directory, memory_rows=memory_rows)
    n_records = 0
    chunks, jobs = _with_jobs(record_frames(sources, chunk_rows), jobs)
    bar = progress_bar(iter(()), desc="counting campaigns", unit=" profiles", enabled=progress)
    try:
        with _workers(_Job(model), jobs) as run:
            for keys in run(_count_chunk, chunks):
                with _spilling(directory):
                    tally_.add(keys)
                n_records += len(keys)
                bar.update(len(keys))
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
                                 "give --spill-dir a folder on a disk with room for 16 bytes per note and per "
                                 "photo") from exc


def score_sources(model: Model, sources: Iterable[DataSource], out: str | os.PathLike[str], *, jobs: int = 1,
                  n_reasons: int = N_REASONS, strict: bool = False, progress: bool = False,
                  chunk_rows: int = DEFAULT_CHUNK_ROWS, spill_dir: str | os.PathLike[str] | None = None
                  ) -> ReadSummary:
    """Score every record of ``sources`` into ``out``: what ``fakeprofile predict`` does.

    Parameters
    ----------
    model : Model
        The model; its 'now' is fixed for the run (:meth:`Model.pinned`).
    sources : iterable of DataSource
        The input files, read in order.
    out : path or ``"-"``
        JSONL (``-``: standard output), or Parquet for a name ending ``.parquet`` or ``.pq``; created
        after the first pass, so that an input that cannot be read leaves no output behind.
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
        Where the first pass's campaign counts spill (default: a temporary folder in the system's, or
        ``$TMPDIR``), deleted at the end: 16 bytes per note and per photo.

    Returns
    -------
    ReadSummary
        Records read, scored and rejected (a record that could not be scored is rejected), and the
        first rejections' messages.
    """
    sources = list(sources)
    refuse_to_overwrite(out, sources)
    if spill_dir is not None and not Path(spill_dir).is_dir():
        raise ValueError(f"spill folder {spill_dir}: not a folder (give an existing one, on a disk with room "
                         "for 16 bytes per note and per photo)")
    model = model.pinned()
    with tempfile.TemporaryDirectory(prefix="fakeprofile-campaigns-", dir=spill_dir) as spill:
        batch, n_records = count_campaigns(model, sources, spill, jobs=jobs, progress=progress,
                                           chunk_rows=chunk_rows)
        job = _Job(model, batch, n_reasons, output_format(out))
        chunks, jobs = _with_jobs(record_frames(sources, chunk_rows), jobs)
        try:
            with _workers(job, jobs) as run:
                return write_results(run(_score_chunk, chunks), out, n_reasons=n_reasons, strict=strict,
                                     progress=progress, total=n_records)
        finally:
            batch.release()  # an open file cannot be deleted everywhere (Windows)


def write_results(results: Iterable[ScoredChunk], out: str | os.PathLike[str], *, n_reasons: int,
                  strict: bool = False, progress: bool = False, total: int | None = None) -> ReadSummary:
    """Write scored chunks, in the order given, to ``out``, counting them; ``strict`` stops at the first
    record that was not scored, after writing those before it (:class:`RecordError`)."""
    summary = ReadSummary()
    bar = progress_bar(iter(()), desc="scoring", unit=" profiles", total=total, enabled=progress)
    try:
        with Output(out, n_reasons) as output:
            for scored in results:
                keep = tally(summary, scored.rows, scored.errors, strict=strict)
                output.write(scored.payload if keep == scored.rows else _head(scored.payload, keep))
                bar.update(scored.rows)
                if keep < scored.rows:
                    raise RecordError(scored.errors[0][1])
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
    model = model.pinned()
    with tempfile.TemporaryDirectory(prefix="fakeprofile-campaigns-", dir=spill_dir) as spill:
        batch, _ = count_campaigns(model, sources, spill, progress=progress)
        try:
            for chunk in record_frames(sources):
                items = [item for item in frame_items(chunk) if ids is None or item.id in ids]
                good = [item.profile for item in items if item.ok]
                predictions = iter(model.predict_profiles(good, n_reasons=n_reasons, batch=batch) if good else [])
                for item in items:
                    yield item, next(predictions) if item.ok else None
        finally:
            batch.release()

"""Scoring on a Dask cluster (the optional extra: ``pip install 'fakeprofile[dask]'``).

::

    from distributed import Client
    import fakeprofile.dask as fpd
    from fakeprofile import load_model

    client = Client("tcp://scheduler:8786")
    records = fpd.read_jsonl(["/shared/profiles-1.jsonl", "/shared/profiles-2.jsonl"])
    scored = fpd.score(records, load_model("models/default"))   # a dask DataFrame, one row per record
    scored.to_parquet("/shared/scored/")
    fpd.release(client)                                          # the model and counts off the workers

or ``fakeprofile predict --dask tcp://scheduler:8786 --data in.jsonl --out out.jsonl``.

The input is a record frame, the representation :func:`fakeprofile.scoring.score_frame` reads: a
``record`` column of each record's JSON text, with ``source`` and ``line`` naming it in errors (and
``error`` / ``id`` for records a reader already rejected). :func:`read_jsonl` makes one from JSONL files,
read by the workers in blocks, lines numbered as in the file.

As on one machine, there are two passes. The first computes every partition's campaign keys and
reduces them on the cluster (each profile id once per key, then a count per key, :func:`campaign_counts`)
into one :class:`~fakeprofile.extractors.BatchCounts`; the second scores every partition with those
counts, so a profile's score is the one ``fakeprofile predict`` gives on one machine, whatever the
partitioning. The model (with its known-image index) and the counts are each sent to every worker once,
in a worker plugin (:func:`ship`), never with a partition; :func:`release` removes them afterwards.

Partitions: :func:`read_jsonl` cuts the input into about :data:`PARTITIONS_PER_THREAD` partitions per
worker thread (2 to 32 MB of JSONL each), so that the workers finish each pass together, and keeps their
text as Python strings (Dask would convert it to Arrow strings, which :func:`score_frame` turns back). A
partition is keyed and scored :data:`~fakeprofile.parallel.DEFAULT_CHUNK_ROWS` rows at a time, as
``fakeprofile predict`` chunks its input: a larger batch costs more per profile. ``fakeprofile predict
--dask`` (:func:`score_sources`) also scores and formats a partition in one task, on the worker that read and
keyed it in the first pass, which keeps its records and its notes' template matches.

Workers must see the input files at the paths the client gives, and the relative photo paths in them. The
scheduler unpickles the tasks, so it imports fakeprofile too, as the workers do: once, on the first run (a
second of CPU each), or when started with ``--preload fakeprofile.dask``.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:
    import dask
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("fakeprofile.dask needs Dask: pip install 'fakeprofile[dask]'") from exc
try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - Dask's local schedulers still work
    WorkerPlugin = object

from fakeprofile.explain import N_REASONS
from fakeprofile.extractors import BatchCounts
from fakeprofile.frames import RecordRow, output_meta, row_items
from fakeprofile.gcpolicy import batch_collections
from fakeprofile.io.readers import DataSource
from fakeprofile.io.records import ReadItem, ReadSummary, RecordError
from fakeprofile.parallel import (
    DEFAULT_CHUNK_ROWS,
    Input,
    ScoredChunk,
    batch_counts_from,
    campaign_keys,
    count_lines,
    input_identity,
    item_keys,
    jsonl_records,
    key_column,
    keys_meta,
    output_format,
    reads_lines,
    record_frame,
    refuse_to_overwrite,
    run_identity,
    score_chunk,
    scored_chunk,
    write_results,
)
from fakeprofile.scoring import Model, score_frame

if TYPE_CHECKING:  # imported where used: fakeprofile predict --dask needs neither (a second of CPU to import)
    import dask.dataframe as dd
    import pandas as pd

#: Partitions per worker thread that :func:`read_jsonl` aims at: the workers finish a pass together, the
#: last partitions leaving none idle for long (two 32 MB partitions of a 50 MB file kept one of two
#: workers waiting for a third of each pass).
PARTITIONS_PER_THREAD = 8
#: Bounds of the bytes of JSONL per partition: 2 MB is about 800 profiles, a second of scoring on one core
#: (a task's overhead, some milliseconds, is small against it); 32 MB about 13,000.
MIN_BLOCKSIZE = 2 * 2**20
MAX_BLOCKSIZE = 32 * 2**20
#: Names of the worker plugins that carry models and campaign counts to the workers.
SHIPMENT_PREFIX = "fakeprofile-"


# ------------------------------------------------------------------------------------------- reading
def record_meta() -> Any:
    """An empty record frame (what Dask calls ``meta``)."""
    return record_frame([])


#: A partition of a JSONL file: its path, the bytes [start, end) its lines start in, and the number of its
#: first line.
Block = tuple[str, int, int, int]


def _block_rows(block: Block) -> list[RecordRow]:
    path, start, end, first_line = block
    return [(path, line, text, None, error)
            for line, text, error in jsonl_records(path, start=start, end=end, first_line=first_line)]


def _read_block(block: Block) -> Any:
    return record_frame(_block_rows(block))


def blocksize_for(total_bytes: int, threads: int) -> int:
    """Bytes per partition for ``total_bytes`` of JSONL scored by ``threads`` worker threads:
    :data:`PARTITIONS_PER_THREAD` partitions each, within :data:`MIN_BLOCKSIZE` and :data:`MAX_BLOCKSIZE`."""
    wanted = -(-total_bytes // (PARTITIONS_PER_THREAD * max(threads, 1)))
    return max(1, min(MAX_BLOCKSIZE, max(MIN_BLOCKSIZE, wanted)))


def _threads(client: Any) -> int:
    """Worker threads of the cluster (Dask's local schedulers: the cores this process may use)."""
    if client is None:
        from dask.system import CPU_COUNT

        return CPU_COUNT
    return sum(client.nthreads().values())


def read_jsonl(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
               blocksize: int | None = None, client: Any = None) -> dd.DataFrame:
    """JSONL files as a Dask record frame: one partition per ``blocksize`` bytes, read by the workers.

    Each line's number is its line in its file, as the local reader numbers it; counting the lines of
    each block for that is computed at once (a fast scan, on the cluster), the records are read lazily.

    Parameters
    ----------
    paths : path or list of paths
        JSONL files, seen by the client (for their sizes) and the workers at the same paths.
    blocksize : int, optional
        Bytes per partition. By default :func:`blocksize_for` the files' total size and the cluster's
        worker threads: several partitions per thread, so that no worker waits long for the others.
    client : distributed.Client, optional
        The cluster to count lines on (default: the current client, else Dask's local scheduler).

    Returns
    -------
    dask.dataframe.DataFrame
        Columns ``source``, ``line``, ``record`` (the line's text), ``id`` and ``error`` (an overlong or
        non-UTF-8 line), one row per non-blank line.
    """
    import dask.dataframe as dd

    layout = _layout(paths, blocksize, _client(client))
    with _object_strings():
        return dd.from_map(_read_block, layout, meta=record_meta(), enforce_metadata=False)


def _object_strings() -> Any:
    """A context in which Dask keeps text columns as Python strings (``object``), as :func:`score_frame` reads
    and writes them, rather than converting every partition to Arrow strings on the way (its default)."""
    return dask.config.set({"dataframe.convert-string": False})


def _layout(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], blocksize: int | None,
            client: Any) -> list[Block]:
    """The blocks :func:`read_jsonl` reads, in order, their lines counted on ``client``'s cluster."""
    spans = _spans(paths, blocksize, client)
    counts = _compute(client, *[dask.delayed(count_lines)(*span) for span in spans])
    return _numbered(spans, counts)


#: A partition of a JSONL file before its lines are counted: its path and the bytes [start, end) its lines
#: start in.
Span = tuple[str, int, int]


def _spans(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], blocksize: int | None,
           client: Any) -> list[Span]:
    """The files cut into spans of ``blocksize`` bytes (default: :func:`blocksize_for` the cluster), in order."""
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    sizes = []
    for path in map(str, paths):
        if not Path(path).is_file():
            raise RecordError(f"{path}: no such file")
        sizes.append((path, os.path.getsize(path)))
    blocksize = blocksize or blocksize_for(sum(size for _, size in sizes), _threads(client))
    return [(path, start, min(start + blocksize, size))
            for path, size in sizes for start in range(0, max(size, 1), blocksize)]


def _numbered(spans: Sequence[Span], counts: Sequence[int]) -> list[Block]:
    """The spans as blocks, given how many lines (:func:`count_lines`) each holds: the number of each first
    line follows from those of the spans before it in its file."""
    layout: list[Block] = []
    seen: dict[str, int] = {}
    for (path, start, end), n_lines in zip(spans, counts, strict=True):
        layout.append((path, start, end, seen.get(path, 0) + 1))
        seen[path] = seen.get(path, 0) + n_lines
    return layout


# -------------------------------------------------------------------------------------------- scoring
def _client(client: Any) -> Any:
    """The client given, else the current one, else None (Dask's local schedulers)."""
    if client is not None:
        return client
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def _compute(client: Any, *collections: Any) -> tuple:
    # On the given client: with several clients in one process, futures one scattered must be used by it.
    return dask.compute(*collections, scheduler=client.get) if client is not None else dask.compute(*collections)


class Shipment(WorkerPlugin):
    """Objects that every worker receives once, when this plugin is registered (or when the worker joins),
    and keeps until the plugin is removed.

    Not ``client.scatter(..., broadcast=True)``: the active memory manager drops the replicas no queued
    task needs at that moment, and a worker then fetches the object again for a later partition.
    """

    def __init__(self, name: str, objects: dict[str, Any]) -> None:
        self.name = name
        self.objects = objects
        #: On a worker: what the first pass keeps for the second (:func:`_kept`), made there, and whether the
        #: malloc thresholds were raised for the run (:class:`_MallocThresholds`).
        self.kept: _Kept | None = None
        self.malloc_tuned = False

    def teardown(self, worker: Any) -> None:
        self.kept = None
        if self.malloc_tuned:
            self.malloc_tuned = False
            MALLOC.restore()


def ship(client: Any, **objects: Any) -> Any:
    """Send ``objects`` to every worker once; returns what partitions pass to :func:`unpack` to get them.

    With a distributed client they travel in a worker plugin named ``fakeprofile-...`` (remove it with
    :func:`release`); without one, the local schedulers share this process and nothing is sent.
    """
    if client is None:
        return dask.delayed(objects)
    name = f"{SHIPMENT_PREFIX}{uuid.uuid4().hex}"
    client.register_plugin(Shipment(name, objects), name=name)
    return name


def unpack(shipment: Any) -> dict[str, Any]:
    """On a worker: the objects :func:`ship` sent."""
    if not isinstance(shipment, str):
        return shipment
    from distributed import get_worker

    return get_worker().plugins[shipment].objects


def release(client: Any = None, shipments: Iterable[Any] | None = None) -> None:
    """Remove from the workers the given :func:`ship` shipments, or every model and set of campaign counts
    that :func:`score` left there."""
    client = _client(client)
    if client is None:
        return
    if shipments is None:
        shipments = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.worker_plugins))
    for name in shipments:
        if isinstance(name, str) and name.startswith(SHIPMENT_PREFIX):
            client.unregister_worker_plugin(name)


def _in_chunks(frame: pd.DataFrame, function: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """``function`` of a partition, computed on slices of at most ``DEFAULT_CHUNK_ROWS`` rows (as
    ``fakeprofile predict`` chunks its input) and concatenated: the cost per profile does not grow with the
    partition (scoring 2,000 rows at once costs 15% more per profile than 1,000: the explainer's arrays and
    the profiles held at once outgrow the processor's caches)."""
    pieces = _slices(len(frame))
    if len(pieces) <= 1:
        return function(frame)
    import pandas as pd

    return pd.concat([function(frame.iloc[piece]) for piece in pieces])


def _slices(rows: int) -> list[slice]:
    """``rows`` rows cut into even slices of at most ``DEFAULT_CHUNK_ROWS``."""
    size = max(-(-rows // max(-(-rows // DEFAULT_CHUNK_ROWS), 1)), 1)
    return [slice(start, start + size) for start in range(0, rows, size)]


def _keys_of(frame: Any, shipment: Any) -> Any:
    model = unpack(shipment)["model"]
    with batch_collections():  # as fakeprofile predict's workers collect garbage: see fakeprofile.gcpolicy
        return _in_chunks(frame, lambda chunk: campaign_keys(chunk, model))


def _score_partition(frame: Any, model: Any, batch: Any, n_reasons: int) -> Any:
    model, batch = unpack(model)["model"], unpack(batch)["batch"]
    with batch_collections():
        return _in_chunks(frame, lambda chunk: score_frame(chunk, model, batch=batch, n_reasons=n_reasons))


def campaign_counts(ddf: dd.DataFrame, model: Model, *, client: Any = None, shipped_model: Any = None) -> BatchCounts:
    """The first pass: campaign counts over the whole of ``ddf``, computed now.

    Each partition's keys (:func:`fakeprofile.parallel.campaign_keys`) are reduced on the cluster: the
    (key, id) pairs without repeats, merged eight partitions at a time, then a count per key; only keys two
    or more profiles share come back for an extractor with exact keys (see
    :func:`fakeprofile.parallel.batch_counts_from`). ``client`` defaults to the current one;
    ``shipped_model`` is the model already sent (:func:`ship`).
    """
    client = _client(client)
    shipment = shipped_model if shipped_model is not None else ship(client, model=model)
    names, exact = _campaigns(model)
    keys = ddf.map_partitions(_keys_of, shipment, meta=keys_meta(model))
    pairs = [dask.delayed(_pairs)(part, names) for part in keys.to_delayed()]
    size, counts, _ = _compute(client, dask.delayed(_counts)(_tree(pairs, dask.delayed(_merged)), exact))[0]
    return batch_counts_from(model, counts, size)


#: Partitions' (key, id) pairs merged in one task of the first pass's reduction.
FAN_IN = 8


def _campaigns(model: Model) -> tuple[list[str], set[str]]:
    """The extractors with a campaign feature, and those of them whose keys match exactly (not in a radius)."""
    aware = [ex for ex in model.scoring_builder().extractors if ex.batch_aware]
    return [ex.name for ex in aware], {ex.name for ex in aware if ex.batch_radius is None}


#: A share of the first pass (:func:`_pairs`, several merged by :func:`_merged`): the valid profiles; per
#: extractor its (key, id) pairs, each once; and, for ``fakeprofile predict --dask``, per partition (by
#: its number) the worker that keyed it and the lines it holds.
Keyed = tuple[int, dict[str, set[tuple[Any, Any]]], dict[int, tuple[str | None, int]]]


def _pairs(keys: Mapping[str, Any], names: Sequence[str], where: dict[int, tuple[str | None, int]] | None = None
           ) -> Keyed:
    """A partition's share of the first pass from its keys (:func:`fakeprofile.parallel.item_keys`, or
    :func:`fakeprofile.parallel.campaign_keys`' frame): its valid profiles, and per extractor its (key, id)
    pairs, each once (a profile without a key has none)."""
    ids = list(keys["id"])
    return (int(sum(keys["valid"])),
            {name: {(key, ident) for key, ident in zip(keys[key_column(name)], ids, strict=True) if _present(key)}
             for name in names},
            where or {})


def _present(key: Any) -> bool:
    return key is not None and key == key  # not None, nor NaN (a frame's missing value)


def _merged(*parts: Keyed) -> Keyed:
    """Several :func:`_pairs` as one: a profile sharing a key in two partitions counts once."""
    return (sum(part[0] for part in parts),
            {name: set().union(*(part[1][name] for part in parts)) for name in parts[0][1]},
            {number: found for part in parts for number, found in part[2].items()})


def _counts(part: Keyed, exact: set[str]) -> tuple[int, dict[str, dict[Any, int]], dict[int, tuple[str | None, int]]]:
    """Profiles per key of the whole input; for an extractor with exact keys only the keys two or more share,
    what the client needs (a key counted once changes no score). The partitions' workers and lines pass
    through."""
    size, pairs, where = part
    counts = {}
    for name, found in pairs.items():
        per_key = Counter(key for key, _ in found)
        counts[name] = {key: n for key, n in per_key.items() if n > 1} if name in exact else dict(per_key)
    return size, counts, where


def _tree(parts: list[Any], merge: Callable[..., Any]) -> Any:
    """``merge`` over ``parts``, :data:`FAN_IN` at a time, level by level, to one."""
    while len(parts) > 1:
        parts = [merge(*parts[start:start + FAN_IN]) for start in range(0, len(parts), FAN_IN)]
    return parts[0]


def score(ddf: dd.DataFrame, model: Model, *, n_reasons: int = N_REASONS, batch: BatchCounts | None = None,
          client: Any = None) -> dd.DataFrame:
    """Score a Dask record frame: :func:`fakeprofile.scoring.score_frame` on every partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        A record frame (:func:`read_jsonl`, or any frame with a ``record`` column of JSON text; give it
        ``source`` and ``line`` columns so that errors name their rows).
    model : Model
        The model; its 'now' is fixed for the run (:meth:`Model.pinned`).
    n_reasons : int
        Reasons per prediction.
    batch : BatchCounts, optional
        Campaign counts over the whole input; by default :func:`campaign_counts` computes them now.
    client : distributed.Client, optional
        The cluster (default: the current client; without one, Dask's local schedulers).

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy; one row per input row, same partitions and index, the columns of
        :func:`fakeprofile.frames.output_dtypes`.

    Notes
    -----
    The model (with its known-image index) and the campaign counts are each sent to every worker once, in
    worker plugins that stay until :func:`release` removes them.
    """
    return _score(ddf, model, n_reasons=n_reasons, batch=batch, client=_client(client))[0]


def _score(ddf: dd.DataFrame, model: Model, *, n_reasons: int, batch: BatchCounts | None,
           client: Any) -> tuple[dd.DataFrame, list[Any]]:
    """:func:`score`, and the shipments it sent (for :func:`release`)."""
    model = model.pinned()
    shipments = [ship(client, model=model)]
    if batch is None:
        batch = campaign_counts(ddf, model, client=client, shipped_model=shipments[0])
    shipments.append(ship(client, batch=batch))
    scored = ddf.map_partitions(_score_partition, *shipments, n_reasons, meta=output_meta(n_reasons))
    return scored, shipments


# ----------------------------------------------------------------------------------------- the CLI
def _slots(client: Any) -> list[str]:
    """The workers, each once per thread: :func:`score_sources` deals its partitions out over them in turn."""
    return [address for address, threads in sorted(client.nthreads().items()) for _ in range(threads)]


#: Bytes of JSONL whose read profiles a worker keeps from the first pass for the second (see
#: :func:`score_sources`): about 8 times as many bytes of memory. Less when the worker has a memory limit:
#: at most :data:`KEEP_SHARE` of it.
KEEP_BYTES = 128 * 2**20
KEEP_SHARE = 0.25
#: Bytes of memory that read profiles take per byte of their JSONL (7.6 measured on synthetic profiles).
PROFILE_BYTES_PER_BYTE = 8


class _Kept:
    """The read items of the spans a worker keyed in the first pass, kept for the second, up to ``budget``
    bytes of their JSONL: past it, the spans kept first go first (the second pass takes the last first)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._items: OrderedDict[Span, list[ReadItem]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def put(self, span: Span, items: list[ReadItem]) -> None:
        with self._lock:
            self._items[span] = items
            self._bytes += span[2] - span[1]
            while self._bytes > self.budget and self._items:
                dropped, _ = self._items.popitem(last=False)
                self._bytes -= dropped[2] - dropped[1]

    def take(self, span: Span) -> list[ReadItem] | None:
        with self._lock:
            items = self._items.pop(span, None)
            if items is not None:
                self._bytes -= span[2] - span[1]
            return items


_KEPT_LOCK = threading.Lock()


def _kept(shipment: Any) -> _Kept | None:
    """On a worker: where the items of this run (that of the model's ``shipment``) are kept; None outside a
    distributed worker."""
    if not isinstance(shipment, str):
        return None
    from distributed import get_worker

    worker = get_worker()
    plugin = worker.plugins[shipment]
    with _KEPT_LOCK:
        if getattr(plugin, "kept", None) is None:
            limit = getattr(getattr(worker, "memory_manager", None), "memory_limit", None)
            budget = KEEP_BYTES if not limit else min(KEEP_BYTES, int(limit * KEEP_SHARE / PROFILE_BYTES_PER_BYTE))
            plugin.kept = _Kept(budget)
            plugin.malloc_tuned = MALLOC.tune()  # for this run: given back by Shipment.teardown
    return plugin.kept


#: glibc's ``mallopt`` parameters.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
#: glibc's trim and mmap thresholds when the environment fixes only the other (its ``DEFAULT_TRIM_THRESHOLD``
#: and ``DEFAULT_MMAP_THRESHOLD_MIN``).
GLIBC_THRESHOLD = 128 * 2**10
#: The thresholds while ``fakeprofile predict --dask`` runs on a worker: those glibc adjusts its own up to
#: (its ``DEFAULT_MMAP_THRESHOLD_MAX`` on 64 bits, and twice that to trim).
RUN_MMAP_THRESHOLD = 32 * 2**20
RUN_TRIM_THRESHOLD = 2 * RUN_MMAP_THRESHOLD


class _MallocThresholds:
    """glibc's malloc thresholds on a Dask worker, raised while ``fakeprofile predict --dask`` runs there.

    Dask's nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (``distributed.nanny.pre-spawn-environ``),
    so that freed memory goes back to the system at once. Setting it also stops glibc from adjusting its thresholds
    as a program runs, which leaves the mmap threshold at 128 KiB: the arrays and strings of some hundred KiB that
    scoring a chunk allocates are then mapped and unmapped afresh, and the top of the heap is given back and taken
    again, each page faulting in anew. A worker scoring 20,000 profiles (keeping the first pass's) took 1.6 to 4
    million page faults, against 130,000 in a plain process, and 13% more CPU. While a run is on the worker (from
    its first task to the end, even with several runs at once) the thresholds are those glibc would reach on its
    own; then the worker's own come back, and what is free goes back to the system (``malloc_trim``). Only a
    worker whose environment fixes them is changed (glibc, Linux); elsewhere nothing is.
    """

    def __init__(self) -> None:
        self._runs = 0
        self._lock = threading.Lock()

    @staticmethod
    def _fixed() -> tuple[int, int] | None:
        """The thresholds this process's environment fixed (trim, mmap), or None if it fixed neither."""
        trim, mmap = os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("MALLOC_MMAP_THRESHOLD_")
        if trim is None and mmap is None:
            return None
        try:
            return (int(trim) if trim is not None else GLIBC_THRESHOLD,
                    int(mmap) if mmap is not None else GLIBC_THRESHOLD)
        except ValueError:
            return None

    @staticmethod
    def _libc() -> Any:
        import ctypes

        try:
            libc = ctypes.CDLL(None)
            return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
        except (OSError, AttributeError):  # pragma: no cover - not a glibc system
            return None

    def tune(self) -> bool:
        """Raise the thresholds for one more run; whether :meth:`restore` must be called when it ends."""
        fixed, libc = self._fixed(), self._libc()
        if fixed is None or libc is None:
            return False
        with self._lock:
            if self._runs == 0:
                libc.mallopt(M_TRIM_THRESHOLD, max(fixed[0], RUN_TRIM_THRESHOLD))
                libc.mallopt(M_MMAP_THRESHOLD, max(fixed[1], RUN_MMAP_THRESHOLD))
            self._runs += 1
        return True

    def restore(self) -> None:
        """One run fewer: after the last, the environment's thresholds again, and the free memory given back."""
        fixed, libc = self._fixed(), self._libc()
        with self._lock:
            self._runs -= 1
            if self._runs == 0 and fixed is not None and libc is not None:
                libc.mallopt(M_TRIM_THRESHOLD, fixed[0])
                libc.mallopt(M_MMAP_THRESHOLD, fixed[1])
                libc.malloc_trim(0)


#: This process's (on a worker).
MALLOC = _MallocThresholds()


def _address() -> str | None:
    """The address of the worker running this task (None: not a distributed worker)."""
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return None


def _block_pairs(span: Span, number: int, model: Any, names: Sequence[str]) -> Keyed:
    """The first pass over partition ``number``: its keys from its rows, as fakeprofile predict's first pass
    reads them, with its worker and its lines (for the second pass); its read items stay on this worker for
    the second pass (:func:`_kept`). Its lines are numbered from 1 here: their numbers in the file follow
    from the partitions before it, which this pass counts."""
    path, start, end = span
    with batch_collections():  # as fakeprofile predict's workers collect garbage: see fakeprofile.gcpolicy
        items = row_items(_block_rows((path, start, end, 1)))
        keyed = _pairs(item_keys(items, unpack(model)["model"]), names,
                       {number: (_address(), count_lines(path, start, end))})
    kept = _kept(model)
    if kept is not None:
        kept.put(span, items)
    return keyed


def _as_rows(items: Sequence[ReadItem], shift: int) -> list[RecordRow]:
    """Read items as the rows they were read from (a profile for its text, read already), their lines moved
    on by ``shift``: :func:`fakeprofile.frames.row_items` reads them as they are."""
    return [(item.source, item.line + shift, item.profile, item.id, item.error) for item in items]


def _score_block(span: Span, first_line: int, model: Any, batch: Any, n_reasons: int, out_format: str) -> ScoredChunk:
    """The second pass over a partition whose first line is ``first_line``: its items from the first pass if
    this worker kept them, else read again."""
    kept = _kept(model)
    items = kept.take(span) if kept is not None else None
    with batch_collections():
        rows = _block_rows((*span, first_line)) if items is None else _as_rows(items, first_line - 1)
        if out_format == "parquet":
            return scored_chunk(_score_partition(record_frame(rows), model, batch, n_reasons), out_format)
        # JSONL as fakeprofile predict's workers write it, from the rows: no record frame, no output frame.
        model, batch = unpack(model)["model"], unpack(batch)["batch"]
        return ScoredChunk.joined([score_chunk(model, rows[piece], batch=batch, n_reasons=n_reasons,
                                               out_format=out_format) for piece in _slices(len(rows))])


def _in_order(client: Any, futures: Iterable[Any], ahead: int) -> Iterator[ScoredChunk]:
    """The results of ``futures`` in order, submitting (iterating) at most ``ahead`` at a time."""
    pending: deque = deque()
    try:
        for future in futures:
            pending.append(future)
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        if pending:
            client.cancel(list(pending))


def score_sources(model: Model, sources: Iterable[DataSource], out: str | os.PathLike[str], *, scheduler: str,
                  n_reasons: int = N_REASONS, strict: bool = False, progress: bool = False,
                  blocksize: int | None = None) -> ReadSummary:
    """``fakeprofile predict --dask``: score JSONL files on the cluster at ``scheduler`` into ``out``.

    ``out`` is written here, in input order, exactly as :func:`fakeprofile.parallel.score_sources`
    writes it (JSONL, or Parquet for a ``.parquet`` name); at most two partitions per worker thread are
    in flight.

    The first pass reads each partition, computes its campaign keys and counts its lines (the numbers of
    every partition's lines follow from those before it: no pass of its own to count them). A partition is
    then scored and formatted in one task, on the worker that keyed it in the first pass (the partitions are
    dealt out to the worker threads in turn; a worker that is gone, or idle while another has partitions
    queued, takes over): that worker has read its records already, and keeps them (:data:`KEEP_BYTES` of
    JSONL at most, a quarter of its memory limit at most), so the second pass neither reads nor validates
    them again; and it has matched its invitation notes against the templates (the last
    :data:`fakeprofile.extractors.invitation.MATCH_CACHE_SIZE` readings are kept in memory), which
    ``fakeprofile predict --jobs`` reads back from disk in the second pass, in other processes. The first
    pass goes through the partitions backwards, so that each worker's first partitions in the second are
    those it read last, still kept when a worker's share of the input is larger than what it keeps.

    While the run is on a worker, its tasks collect garbage as ``fakeprofile predict``'s workers do
    (:mod:`fakeprofile.gcpolicy`) and glibc's malloc thresholds that Dask's nanny fixed are raised
    (:class:`_MallocThresholds`); both come back afterwards.
    """
    from distributed import Client

    sources = list(sources)
    for source in sources:
        if not reads_lines(source):
            raise ValueError(f"{source.path}: --dask reads JSONL files without a @LABEL; read CSV and Parquet "
                             "through a mapping without --dask")
    refuse_to_overwrite(out, sources)
    out_format = output_format(out)
    model = model.pinned()
    identity = run_identity(model, [Input(source, str(source.path), input_identity(source)) for source in sources],
                            n_reasons=n_reasons, strict=strict, out_format=out_format)
    with batch_collections(), Client(scheduler) as client:
        spans = _spans([source.path for source in sources], blocksize, client)
        slots = _slots(client) or [None]

        def placed(worker: str | None) -> dict[str, Any]:
            return {} if worker is None else {"workers": worker, "allow_other_workers": True}

        shipments = [ship(client, model=model)]
        try:
            names, exact = _campaigns(model)
            pairs = [client.submit(_block_pairs, span, i, shipments[0], names, priority=i,
                                   **placed(slots[i % len(slots)])) for i, span in enumerate(spans)]
            root = _tree(pairs, lambda *parts: client.submit(_merged, *parts))
            size, counts, where = client.submit(_counts, root, exact).result()
            del pairs, root  # their results leave the workers
            batch = batch_counts_from(model, counts, size)
            shipments.append(ship(client, batch=batch))
            layout = _numbered(spans, [where[i][1] for i in range(len(spans))])
            scored = (client.submit(_score_block, (path, start, end), first, *shipments, n_reasons, out_format,
                                    **placed(where[i][0])) for i, (path, start, end, first) in enumerate(layout))
            return write_results(_in_order(client, scored, ahead=2 * len(slots)), out, n_reasons=n_reasons,
                                 strict=strict, progress=progress, identity=identity)
        finally:
            release(client, shipments)

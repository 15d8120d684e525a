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

Workers must see the input files at the paths the client gives, and the relative photo paths in them.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

try:
    import dask
    import dask.dataframe as dd
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("fakeprofile.dask needs Dask: pip install 'fakeprofile[dask]'") from exc
try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - Dask's local schedulers still work
    WorkerPlugin = object

from fakeprofile.explain import N_REASONS
from fakeprofile.extractors import BatchCounts
from fakeprofile.frames import output_meta
from fakeprofile.io.readers import DataSource
from fakeprofile.io.records import ReadSummary, RecordError
from fakeprofile.parallel import (
    Input,
    ScoredChunk,
    batch_counts_from,
    campaign_keys,
    count_lines,
    input_identity,
    jsonl_records,
    key_column,
    keys_meta,
    output_format,
    reads_lines,
    record_frame,
    refuse_to_overwrite,
    run_identity,
    scored_chunk,
    write_results,
)
from fakeprofile.scoring import Model, score_frame

#: Bytes of JSONL per partition: about 15,000 profiles, some seconds of scoring on one core.
DEFAULT_BLOCKSIZE = 32 * 2**20
#: Names of the worker plugins that carry models and campaign counts to the workers.
SHIPMENT_PREFIX = "fakeprofile-"


# ------------------------------------------------------------------------------------------- reading
def record_meta() -> Any:
    """An empty record frame (what Dask calls ``meta``)."""
    return record_frame([])


def _read_block(block: tuple[str, int, int, int]) -> Any:
    path, start, end, first_line = block
    return record_frame([(path, line, text, None, error)
                         for line, text, error in jsonl_records(path, start=start, end=end, first_line=first_line)])


def read_jsonl(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
               blocksize: int = DEFAULT_BLOCKSIZE, client: Any = None) -> dd.DataFrame:
    """JSONL files as a Dask record frame: one partition per ``blocksize`` bytes, read by the workers.

    Each line's number is its line in its file, as the local reader numbers it; counting the lines of
    each block for that is computed at once (a fast scan, on the cluster), the records are read lazily.

    Parameters
    ----------
    paths : path or list of paths
        JSONL files, seen by the client (for their sizes) and the workers at the same paths.
    blocksize : int
        Bytes per partition.
    client : distributed.Client, optional
        The cluster to count lines on (default: the current client, else Dask's local scheduler).

    Returns
    -------
    dask.dataframe.DataFrame
        Columns ``source``, ``line``, ``record`` (the line's text), ``id`` and ``error`` (an overlong or
        non-UTF-8 line), one row per non-blank line.
    """
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    blocks = []
    for path in map(str, paths):
        if not Path(path).is_file():
            raise RecordError(f"{path}: no such file")
        size = os.path.getsize(path)
        blocks += [(path, start, min(start + blocksize, size)) for start in range(0, max(size, 1), blocksize)]
    counts = _compute(_client(client), *[dask.delayed(count_lines)(path, start, end) for path, start, end in blocks])
    layout, seen = [], dict.fromkeys(map(str, paths), 0)
    for (path, start, end), n_lines in zip(blocks, counts, strict=True):
        layout.append((path, start, end, seen[path] + 1))
        seen[path] += n_lines
    return dd.from_map(_read_block, layout, meta=record_meta(), enforce_metadata=False)


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


def _keys_of(frame: Any, shipment: Any) -> Any:
    return campaign_keys(frame, unpack(shipment)["model"])


def _score_partition(frame: Any, model: Any, batch: Any, n_reasons: int) -> Any:
    return score_frame(frame, unpack(model)["model"], batch=unpack(batch)["batch"], n_reasons=n_reasons)


def campaign_counts(ddf: dd.DataFrame, model: Model, *, client: Any = None, shipped_model: Any = None) -> BatchCounts:
    """The first pass: campaign counts over the whole of ``ddf``, computed now.

    Each partition's keys (:func:`fakeprofile.parallel.campaign_keys`) are reduced on the cluster: the
    (key, id) pairs without repeats, then a count per key; only keys two or more profiles share come
    back for an extractor with exact keys (see :func:`fakeprofile.parallel.batch_counts_from`).
    ``client`` defaults to the current one; ``shipped_model`` is the model already sent (:func:`ship`).
    """
    client = _client(client)
    shipment = shipped_model if shipped_model is not None else ship(client, model=model)
    keys = ddf.map_partitions(_keys_of, shipment, meta=keys_meta(model))
    wanted: dict[str, Any] = {}
    for ex in model.scoring_builder().extractors:
        if not ex.batch_aware:
            continue
        column = key_column(ex.name)
        pairs = keys[[column, "id"]].dropna(subset=[column])
        counts = pairs.drop_duplicates(split_out=1)[column].value_counts()
        wanted[ex.name] = counts if ex.batch_radius is not None else counts[counts > 1]
    size, *counted = _compute(client, keys["valid"].sum(), *wanted.values())
    return batch_counts_from(model, {name: series.to_dict() for name, series in zip(wanted, counted, strict=True)},
                             int(size))


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
def _in_order(client: Any, parts: Iterable[Any], ahead: int) -> Iterator[ScoredChunk]:
    """Compute partitions on the cluster, at most ``ahead`` at a time, and give their results in order."""
    pending: deque = deque()
    try:
        for part in parts:
            pending.append(client.compute(part))
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
    writes it (JSONL, or Parquet for a ``.parquet`` name); at most two partitions per worker are in
    flight.
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
    with Client(scheduler) as client:
        records = read_jsonl([source.path for source in sources], blocksize=blocksize or DEFAULT_BLOCKSIZE,
                             client=client)
        scored, shipments = _score(records, model, n_reasons=n_reasons, batch=None, client=client)
        try:
            parts = [dask.delayed(scored_chunk)(part, out_format) for part in scored.to_delayed()]
            ahead = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            return write_results(_in_order(client, parts, ahead), out, n_reasons=n_reasons, strict=strict,
                                 progress=progress, identity=identity)
        finally:
            release(client, shipments)


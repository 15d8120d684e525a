"""Record frames: profiles in (JSON text, dicts or validated profiles, one row each, with where they came from)
and scores out (one row per input row, in order, with the reasons as columns).

Every front end (Python, the CLI's worker processes, Dask partitions, HTTP) moves records through these
frames, so that a record that fails anywhere keeps its row and its error.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from fakeprofile.explain import N_REASONS
from fakeprofile.io.jsonl import IMAGE_FIELDS, resolve_photo_path
from fakeprofile.io.records import ReadItem, ReadSummary, RecordError, decode_json, validate_record
from fakeprofile.schema import INTEGER_FIELDS, Prediction, Profile, Reason

if TYPE_CHECKING:  # pandas is imported where a frame is built: the command line's JSONL path scores without it
    import pandas as pd

#: One record as a reader gives it: ``(source, line, record, id, error)`` (a row of a record frame).
RecordRow = tuple[str, int, Any, "str | None", "str | None"]


def coerce_record(record: Any, *, top: bool = True) -> Any:
    """A DataFrame row as the schema expects it: NaN means missing, integral floats in count fields are
    counts (pandas turns an int column with a gap into floats), and a numeric id is an id."""
    if isinstance(record, list):
        return [coerce_record(v, top=False) for v in record]
    if not isinstance(record, dict):
        return record
    cleaned = {}
    for key, value in record.items():
        if isinstance(value, np.generic):
            value = value.item()
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, float) and value.is_integer() and key in INTEGER_FIELDS:
            value = int(value)
        elif top and key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif isinstance(value, (dict, list)):
            value = coerce_record(value, top=False)
        cleaned[key] = value
    return cleaned



# ------------------------------------------------------------------------------------- record frames
def is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA: a cell with nothing in it (Dask and Arrow give NA where pandas gives None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pandas = sys.modules.get("pandas")  # a value can only be pandas' NA once pandas is loaded
    return pandas is not None and value is pandas.NA


def frame_items(frame: pd.DataFrame) -> list[ReadItem]:
    """Decode and validate the rows of a record frame: one :class:`ReadItem` per row, in order.

    See :func:`score_frame` for the columns; each row is read as :func:`row_items` reads it.
    """
    if "record" not in frame.columns:
        raise KeyError(f"a record frame needs a 'record' column (optional: source, line, id, error); "
                       f"got {list(frame.columns)[:20]}")
    n = len(frame)
    records = frame["record"].tolist()
    sources = frame["source"].tolist() if "source" in frame.columns else ["frame"] * n
    lines = frame["line"].tolist() if "line" in frame.columns else frame.index.tolist()
    ids = frame["id"].tolist() if "id" in frame.columns else [None] * n
    errors = frame["error"].tolist() if "error" in frame.columns else [None] * n
    return row_items(zip(sources, lines, records, ids, errors, strict=True))


def row_items(rows: Iterable[RecordRow]) -> list[ReadItem]:
    """Decode and validate records given as rows ``(source, line, record, id, error)``: one
    :class:`ReadItem` per row, in order.

    A row with an ``error`` is that error; a ``record`` that is JSON text is decoded (a relative ``photo``
    or ``banner`` path in it is read from the folder of ``source``, as the JSONL reader reads it); a dict is
    validated as it is; a :class:`Profile` is taken as valid. A missing ``source`` reads ``"frame"``.
    """
    folders: dict[str, Path] = {}
    items = []
    for source, line, record, ident, error in rows:
        source = "frame" if is_missing(source) else str(source)
        if not is_missing(error):
            items.append(ReadItem(source, line, None if is_missing(ident) else str(ident), error=str(error)))
            continue
        if isinstance(record, Profile):
            items.append(ReadItem(source, line, record.id, profile=record))
            continue
        if isinstance(record, (str, bytes)):
            raw, problem = decode_json(record)
            if problem is not None:
                items.append(ReadItem(source, line, None, error=problem))
                continue
            if isinstance(raw, dict) and any(raw.get(name) for name in IMAGE_FIELDS):
                if source not in folders:
                    folders[source] = Path(source).resolve().parent
                resolve_photo_path(raw, folders[source])
        elif is_missing(record):
            items.append(ReadItem(source, line, None, error="the record is empty"))
            continue
        else:
            raw = record
        items.append(validate_record(raw, source=source, line=line))
    return items


def items_frame(items: Sequence[ReadItem]) -> pd.DataFrame:
    """A record frame holding read items as they are (profiles and errors), for :func:`score_frame`."""
    import pandas as pd

    return pd.DataFrame({
        "record": pd.Series([item.profile for item in items], dtype=object),
        "source": pd.Series([item.source for item in items], dtype=object),
        "line": pd.Series([item.line for item in items], dtype=object),
        "id": pd.Series([item.id for item in items], dtype=object),
        "error": pd.Series([item.error for item in items], dtype=object),
    })


#: The two sides of a prediction's reasons, as :class:`Prediction` names them and as output columns do.
SIDES = (("reasons", "reason"), ("reassurances", "reassurance"))
#: A scored row's columns besides the reasons, with their dtypes.
_PREDICTION_DTYPES = {"probability": "float64", "verdict": "object", "threshold": "float64",
                      "log_odds": "float64", "baseline_log_odds": "float64", "clues_observed": "Int64",
                      "clues_total": "Int64", "batch_size": "Int64", "missing": "object"}
#: Column suffix -> Reason field and dtype; the evidence in words is the bare ``reason_k`` column.
_REASON_COLUMNS = (("", "evidence", "object"), ("_clue", "clue", "object"), ("_feature", "feature", "object"),
                   ("_extractor", "extractor", "object"), ("_value", "value", "float64"),
                   ("_features", "features", "object"), ("_contribution", "contribution", "float64"),
                   ("_given", "given", "boolean"))


def output_dtypes(n_reasons: int = N_REASONS) -> dict[str, str]:
    """The columns of :func:`score_frame`'s output, in order, with their dtypes (its Dask ``meta``).

    ``id``, the prediction's fields (``probability``, ``verdict``, ``threshold``, ``log_odds``,
    ``baseline_log_odds``, ``clues_observed``, ``clues_total``, ``batch_size``, ``missing``) and ``error``;
    then for each reason k = 1..n its evidence in words (``reason_k``), ``reason_k_clue``,
    ``reason_k_feature``, ``reason_k_extractor``, ``reason_k_value``, ``reason_k_features`` (comma-separated),
    ``reason_k_contribution`` and ``reason_k_given``; then the same for ``reassurance_k``. Text columns hold
    str or None; floats are NaN and the nullable integers and booleans NA when absent.
    """
    dtypes = {"id": "object", **_PREDICTION_DTYPES, "error": "object"}
    for _, prefix in SIDES:
        for k in range(1, n_reasons + 1):
            dtypes |= {f"{prefix}_{k}{suffix}": dtype for suffix, _, dtype in _REASON_COLUMNS}
    return dtypes


def output_meta(n_reasons: int = N_REASONS) -> pd.DataFrame:
    """An empty frame shaped like :func:`score_frame`'s output (what Dask calls ``meta``)."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in output_dtypes(n_reasons).items()})


def _cell(value: Any, dtype: str) -> Any:
    if value is None:
        return math.nan if dtype == "float64" else None
    return ",".join(value) if isinstance(value, list) else value


def output_frame(rows: Sequence[dict[str, Any]], index: pd.Index, n_reasons: int) -> pd.DataFrame:
    """:meth:`Model.score_items`' output records as the columns of :func:`output_dtypes`."""
    import pandas as pd

    dtypes = output_dtypes(n_reasons)
    columns: dict[str, list[Any]] = {name: [] for name in dtypes}
    for row in rows:
        for name in ("id", *_PREDICTION_DTYPES, "error"):
            columns[name].append(_cell(row.get(name), dtypes[name]))
        for side, prefix in SIDES:
            reasons = row.get(side) or []
            for k in range(1, n_reasons + 1):
                reason = reasons[k - 1] if k <= len(reasons) else {}
                for suffix, key, dtype in _REASON_COLUMNS:
                    columns[f"{prefix}_{k}{suffix}"].append(_cell(reason.get(key), dtype))
    return pd.DataFrame({name: pd.Series(values, dtype=dtypes[name], index=index)
                         for name, values in columns.items()}, index=index)


def _plain(value: Any) -> Any:
    """A cell as JSON has it: None for an empty cell, Python numbers and booleans for numpy's."""
    if is_missing(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def output_records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """The rows of :func:`score_frame`'s output as ``fakeprofile predict`` writes them to JSONL.

    A scored row is the :class:`Prediction` (its fields, ``reasons`` and ``reassurances``); a row that was
    not scored is ``{"id": ..., "error": ...}``.
    """
    n_reasons = sum(1 for name in frame.columns if name.startswith("reason_") and name.endswith("_clue"))
    cells = {name: frame[name].tolist() for name in frame.columns}
    for i in range(len(frame)):
        ident = None if is_missing(cells["id"][i]) else cells["id"][i]
        if not is_missing(cells["error"][i]):
            yield {"id": ident, "error": cells["error"][i]}
            continue
        record: dict[str, Any] = {"id": ident}
        record |= {name: _plain(cells[name][i]) for name in _PREDICTION_DTYPES}
        for side, prefix in SIDES:
            reasons = []
            for k in range(1, n_reasons + 1):
                if is_missing(cells[f"{prefix}_{k}_clue"][i]):
                    break
                reason = {key: _plain(cells[f"{prefix}_{k}{suffix}"][i]) for suffix, key, _ in _REASON_COLUMNS}
                reason["features"] = reason["features"].split(",") if reason["features"] else []
                reasons.append({key: reason[key] for key in _REASON_ORDER})
            record[side] = reasons
        yield record


def output_record(row: dict[str, Any]) -> dict[str, Any]:
    """One of :meth:`Model.score_items`' records as ``fakeprofile predict`` writes it to JSONL: what
    :func:`output_records` gives for its row of :func:`output_frame`, without building the frame (a sixth of a
    batch's CPU for JSONL output went to that round trip). ``tests/test_score_frame.py`` holds the two equal."""
    ident = None if is_missing(row.get("id")) else row.get("id")
    if not is_missing(row.get("error")):
        return {"id": ident, "error": row["error"]}
    record: dict[str, Any] = {"id": ident}
    record |= {name: _plain(row.get(name)) for name in _PREDICTION_DTYPES}
    for side, _ in SIDES:
        reasons = []
        for reason in row.get(side) or []:
            if is_missing(reason.get("clue")):
                break
            plain = {key: _plain(reason.get(key)) for _, key, _ in _REASON_COLUMNS}
            joined = ",".join(plain["features"]) if isinstance(plain["features"], list) else plain["features"]
            plain["features"] = joined.split(",") if joined else []
            reasons.append({key: plain[key] for key in _REASON_ORDER})
        record[side] = reasons
    return record


#: A reason's keys in the order :class:`Reason` declares them (as ``model_dump`` gives them).
_REASON_ORDER = [name for name in Reason.model_fields if name in {key for _, key, _ in _REASON_COLUMNS}]


def prediction_record(prediction: Prediction) -> dict[str, Any]:
    """``output_record(prediction.model_dump())``, read from the model's attributes: a batch with reasons spent about
    75 µs a profile in ``model_dump`` and the cell-by-cell normalising of :func:`output_record` for the same record
    (``tests/test_score_frame.py`` holds the two equal). A prediction's fields are plain Python values already (it is
    validated); what :func:`output_record` would still change, NaN to None and the features joined and split at
    commas, is done here the same way."""
    record: dict[str, Any] = {"id": prediction.id}
    for name in _PREDICTION_DTYPES:
        value = getattr(prediction, name)
        record[name] = None if value != value else value  # NaN (the only value unequal to itself) is empty
    for side, _ in SIDES:
        reasons = []
        for reason in getattr(prediction, side):
            plain = {key: getattr(reason, key) for key in _REASON_ORDER}
            for key in ("value", "contribution"):
                if plain[key] != plain[key]:
                    plain[key] = None
            features = plain["features"]
            if any("," in feature for feature in features):  # never for declared names: as output_record splits
                joined = ",".join(features)
                features = joined.split(",") if joined else []
            plain["features"] = list(features)
            reasons.append(plain)
        record[side] = reasons
    return record


def error_rows(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """``(position, error)`` of each row of :func:`score_frame`'s output that was not scored."""
    return [(i, error) for i, error in enumerate(frame["error"].tolist()) if not is_missing(error)]


def tally(summary: ReadSummary, n_rows: int, errors: Sequence[tuple[int, str]], *, strict: bool = False) -> int:
    """Count ``n_rows`` output rows, ``errors`` among them (:func:`error_rows`), into ``summary``.

    Returns how many leading rows to write: all of them; or, with ``strict``, those before the first
    error, which is counted as read and rejected; the caller then raises :class:`RecordError` with it.
    """
    if strict and errors:
        position, message = errors[0]
        n_rows, errors = position + 1, [errors[0]]
    summary.read += n_rows
    summary.rejected += len(errors)
    summary.scored += n_rows - len(errors)
    room = max(summary.max_listed_errors - len(summary.errors), 0)
    summary.errors.extend(message for _, message in errors[:room])
    return n_rows - 1 if strict and errors else n_rows



def to_profile(item: Profile | dict, *, position: int = 0) -> Profile:
    """Validate a dict (or pass a Profile through), raising a RecordError that names record and field."""
    if isinstance(item, Profile):
        return item
    if not isinstance(item, dict):
        got = "None" if item is None else f"{type(item).__name__} {item!r:.60}"
        raise RecordError(f"record {position}: expected a profile (a dict or a Profile), got {got}")
    result = validate_record(item, source="input", line=position)
    if not result.ok:
        raise RecordError(f"record {position}{f' (id {result.id})' if result.id else ''}: {result.error}")
    return result.profile

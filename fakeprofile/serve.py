"""Serve a model over HTTP: ``fakeprofile serve`` (needs ``pip install 'fakeprofile[serve]'``).

Endpoints (JSON in, JSON out; the OpenAPI document is at ``/openapi.json``):

``POST /v1/predict[?reasons=3]``
    One profile (a JSON object) gives one :class:`~fakeprofile.schema.Prediction`; a list of up to
    ``max_batch`` profiles gives a list of predictions in the same order. A list is one batch: its
    campaign features (the same photo or the same note across profiles) count over the request, while a
    single profile has no batch and those features are unknown, as with ``Model.predict``.
    ``reasons=3`` gives the 3 clues that raised the log-odds of fake most (``reasons``) and the 3 that
    lowered it most (``reassurances``); ``reasons=0`` skips both and is several times faster. ``verdict`` is
    ``fake``, ``genuine`` or ``insufficient`` (too little given to judge; ``missing`` says what).
``POST /v1/explain[?reasons=3]``
    One profile: its prediction with both sides of its reasons in words, and ``text``, the prediction's
    ``describe()``.
``GET /v1/health``
    ``ok`` with the model loaded and the versions running; 503 while the model is not loaded yet.
``GET /v1/model``
    The model's manifest (feature names, extractors, threshold, metrics, versions, hashes) as strict JSON.
``GET /`` and ``POST /``
    A page for a person checking one invitation (:mod:`fakeprofile.page`), served through this service's
    validation, body cap and scoring; it is not part of the JSON API or its OpenAPI document.

Errors are 4xx with a body ``{"detail": "...", "errors": [{"record", "id", "fields", "message"}]}`` whose
wording is that of the file readers (``record 0 (id p1): connections: Input should be ...``):

* 413 when the body is larger than ``max_body_bytes``, judged from ``Content-Length`` before anything is
  read and, for a chunked body, by counting while it streams in; or when a list holds more than
  ``max_batch`` profiles (counted before any is validated).
* 415 for a content type other than JSON; 400 for a body that is not JSON (or not UTF-8, or nested too deep).
* 422 for JSON that is not a profile or a list of them, for a profile that does not fit the schema, and
  for a local photo path (below). **A list with one bad profile is refused whole**, naming every bad record
  by its index and id: a client then fixes and resends one request instead of piecing partial answers
  together, and no profile is scored as part of a batch it was not really sent with.

Scoring is isolated per record, like ``Model.score_items``: should the model fail on one profile (a bug),
the batch is scored again one profile at a time and that profile's place in the list holds
``{"id": ..., "error": ...}``; a single profile (or ``/v1/explain``) gets a 422 naming it. No input is
meant to cause a 5xx: the tests drive the app with schemathesis to hold it to that.

**Photos.** Over HTTP, ``photo`` must be an inline ``data:image/...;base64,`` URI. A local path is refused
with a 422 naming the field, because the server would otherwise open any file its client names: the
features and the evidence in words ("could not be read: no such file", "not an image", its size, whether
it matches a known image) would tell a stranger which files exist on the server and what they hold, and
a path to a huge file or a device would tie up a worker. ``create_app(..., allow_local_photos=True)``
turns the check off for a server whose clients are trusted and share its disk; paths are then read
relative to the server's working directory.

**Threads and throughput.** Endpoints are ``async``; scoring runs in worker threads, so the event loop keeps
accepting connections meanwhile. Model calls hold one process-wide lock: the photo extractor keeps an LRU
cache in an ``OrderedDict`` (concurrent ``move_to_end`` and ``popitem`` can raise or corrupt it), and the
model's objects were not written for concurrent use. Scoring is CPU-bound Python under the GIL, so threads
could not score in parallel anyway; what the lock costs in queueing, coalescing wins back: single profiles
that arrive while one call is scoring are scored together in one call when it ends (per profile, a call for
eight costs about a quarter of eight calls), each with empty campaign counts, so every answer is exactly the
profile's answer alone. A single profile does not get a worker thread of its own: it waits on the event loop
for one thread that scores whatever is waiting, group after group, until nothing is (handing each request to
a thread, and eight threads taking turns at the lock, cost about a third of a request's CPU besides
scoring). A body of a few kilobytes is parsed and validated on the event loop, which costs less than a trip
to a thread; a larger one in a worker thread, as is a list of profiles with its scoring.
A single profile with a plain query (none, or ``reasons=N``) is answered by a middleware in front of FastAPI
(:class:`_FastPredict`) with the same calls and the same bytes, without FastAPI's routing, dependencies and
request objects (about a tenth of the server's CPU per request); anything else, errors included, goes through the
endpoints. ``benchmarks/bench_serve.py`` measures it. To use more cores, run more processes behind a load balancer.

The app has no ``/docs`` page: FastAPI's pages load their scripts from a CDN, and fakeprofile downloads
nothing at run time; ``/openapi.json`` is served for tools.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import gc
import json
import logging
import os
import platform
import sys
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from fakeprofile._version import __version__
from fakeprofile.artifact import jsonable, load_model, load_scoring_model
from fakeprofile.explain import N_REASONS
from fakeprofile.extractors import BatchCounts
from fakeprofile.gcpolicy import batch_collections
from fakeprofile.io.jsonl import IMAGE_FIELDS
from fakeprofile.io.records import id_of, validate_record
from fakeprofile.page import mount_page
from fakeprofile.schema import Prediction, Profile, describe_validation_error

if TYPE_CHECKING:
    from fakeprofile.scoring import Model

log = logging.getLogger(__name__)

#: The most reasons a client may ask for per prediction.
MAX_REASONS = 20
#: JSON media types accepted besides application/json (``application/<something>+json``).
_JSON_SUFFIX = "+json"
#: Problems worded per bad record (``fields`` and the message); the rest are counted.
MAX_PROBLEMS = 20
#: How many bad records the ``detail`` line lists before "and N more" (``errors`` lists them all).
_DETAIL_RECORDS = 5
#: Bodies up to this size are parsed and validated on the event loop (a profile without an inline photo is a
#: few kilobytes: well under a millisecond), larger ones in a worker thread so that they do not hold the loop up.
INLINE_BODY_BYTES = 32_768

# One lock for every app in the process: the extractors' caches and the default known-image index are
# shared by every model loaded here, not only by one app's model.
_SCORING_LOCK = threading.Lock()


# ------------------------------------------------------------------------------------------ schemas
class RecordProblem(BaseModel):
    """What is wrong with one record of a request, or with the request as a whole."""

    record: int | None = Field(description="index of the record in the request (0 for a single profile); "
                                           "null when the problem is the request as a whole")
    id: str | None = Field(default=None, description="the record's id, when it has a usable one")
    fields: list[str] = Field(default_factory=list, description="the fields at fault, dotted "
                                                                "(experience.0.start)")
    message: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    detail: str = Field(description="the problem in one line")
    errors: list[RecordProblem] = Field(default_factory=list)


class RecordFailure(BaseModel):
    """A valid profile the model failed to score (a bug, reported in that profile's place in the list)."""

    id: str
    error: str


class Explanation(Prediction):
    """A prediction with both sides of its reasons, and the same as readable lines."""

    text: str = Field(description="the prediction as Prediction.describe() writes it")


class Health(BaseModel):
    """Whether the server can answer, and with what."""

    status: Literal["ok", "loading"]
    model_loaded: bool
    versions: dict[str, str | None] = Field(description="versions running in this process")
    model: dict[str, Any] | None = Field(description="the model's threshold, as_of, creation date and the "
                                                     "versions it was trained with")


#: The ``?reasons=`` query parameter (module level: FastAPI resolves the annotation by name).
Reasons = Annotated[int, Query(ge=0, le=MAX_REASONS, description="clues per side (raising and lowering "
                                                                 "suspicion) per prediction; 0 for none, several "
                                                                 "times faster")]
_RESULTS = TypeAdapter(list[Prediction | RecordFailure])
_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "the body is not JSON"},
    413: {"model": ErrorBody, "description": "the body, or the number of profiles, is over the limit"},
    415: {"model": ErrorBody, "description": "the content type is not JSON"},
    422: {"model": ErrorBody, "description": "not a profile (or list of profiles) as the schema says; "
                                             "every bad record is named by index and field"},
    503: {"model": ErrorBody, "description": "the model is not loaded yet"},
}


class ApiError(Exception):
    """An error answered as ``status`` with an :class:`ErrorBody`."""

    def __init__(self, status: int, detail: str, errors: Sequence[RecordProblem] = ()) -> None:
        super().__init__(detail)
        self.status = status
        self.body = ErrorBody(detail=detail, errors=list(errors))


# ------------------------------------------------------------------------------------------ service
def _record_name(index: int, ident: str | None) -> str:
    """``record 3 (id p1)``: the same prefix ``Model.predict`` uses in its errors."""
    return f"record {index}{f' (id {ident})' if ident else ''}"


def _check_record(raw: Any, index: int) -> Profile | RecordProblem:
    """The profile, or what is wrong with the record: the file readers' wording, for at most a few problems.

    ``validate_record`` words every problem of a record, with a spelling suggestion for each unknown field;
    a 2 MB body of unknown fields would cost seconds of CPU and a larger answer than its question. So the
    record is validated here, and only the first :data:`MAX_PROBLEMS` problems are passed on to the same
    ``describe_validation_error``.
    """
    if not isinstance(raw, dict):
        item = validate_record(raw, source="request", line=index)
        return RecordProblem(record=index, id=item.id, message=item.error or "not a profile")
    try:
        return Profile.model_validate(raw)
    except ValidationError as exc:
        problems = exc.errors(include_url=False)
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            exc = ValidationError.from_exception_data(
                exc.title, [{k: e[k] for k in ("type", "loc", "input", "ctx") if k in e} for e in shown])
        more = f"; and {len(problems) - MAX_PROBLEMS:,} more problems" if len(problems) > MAX_PROBLEMS else ""
        fields = list(dict.fromkeys(".".join(str(p) for p in e["loc"]) or "<record>" for e in shown))
        return RecordProblem(record=index, id=id_of(raw), fields=fields, message=describe_validation_error(exc) + more)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class _Service:
    """What the endpoints share: the model, the limits, and the work done for a request off the event loop."""

    def __init__(self, model: Model | None, *, max_batch: int, max_body_bytes: int,
                 allow_local_photos: bool) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, not {max_batch}")
        if max_body_bytes < 1:
            raise ValueError(f"max_body_bytes must be at least 1, not {max_body_bytes}")
        self.model = model
        self.max_batch = max_batch
        self.max_body_bytes = max_body_bytes
        self.allow_local_photos = allow_local_photos
        self.versions = _running_versions()
        #: Single profiles waiting to be scored (see :meth:`score_one`), and whether a thread is draining them.
        self._pending: list[_Slot] = []
        self._pending_lock = threading.Lock()
        self._draining = False
        self._drain_future: asyncio.Future[None] | None = None  # referenced while it runs

    def require_model(self) -> Model:
        if self.model is None:
            raise ApiError(503, "the model is not loaded yet")
        return self.model

    # ---- reading
    async def read_body(self, request: Request) -> bytes:
        """The request body, refused with 413 as soon as it is known to be over the limit."""
        content_type = request.headers.get("content-type")
        if content_type is not None:
            media = content_type.split(";", 1)[0].strip().lower()
            if media != "application/json" and not (media.startswith("application/") and media.endswith(_JSON_SUFFIX)):
                raise ApiError(415, f"content type {media[:80]!r} is not JSON; send application/json")
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise ApiError(400, "Content-Length is not a number")
            if int(declared) > self.max_body_bytes:
                raise ApiError(413, f"the body ({int(declared):,} bytes) is larger than the limit of "
                                    f"{self.max_body_bytes:,} bytes")
        body = bytearray()
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > self.max_body_bytes:
                    raise ApiError(413, f"the body is larger than the limit of {self.max_body_bytes:,} bytes")
        except ClientDisconnect:
            raise ApiError(400, "the client disconnected before sending the whole body") from None
        return bytes(body)

    def parse(self, body: bytes) -> Any:
        if not body.strip():
            raise ApiError(400, "the body is empty; send a profile or a list of profiles as JSON")
        try:
            return json.loads(body, parse_constant=_refuse_constant)
        except RecursionError:
            raise ApiError(400, "the body is not JSON this server reads: nested too deeply") from None
        except UnicodeDecodeError:
            raise ApiError(400, "the body is not UTF-8 text") from None
        except ValueError as exc:  # JSONDecodeError, NaN/Infinity, integers with too many digits
            raise ApiError(400, f"the body is not valid JSON: {exc}") from None

    def validate(self, records: Sequence[Any]) -> list[Profile]:
        """Profiles for every record, or a 422 naming every bad one (the request is refused whole)."""
        profiles: list[Profile] = []
        problems: list[RecordProblem] = []
        for index, raw in enumerate(records):
            checked = _check_record(raw, index)
            if isinstance(checked, RecordProblem):
                problems.append(checked)
                continue
            # Every image field: a path in a request would make the server read its own files.
            local = [name for name in IMAGE_FIELDS if (ref := getattr(checked, name)) is not None
                     and not self.allow_local_photos and ref[:5].lower() != "data:"]
            if local:
                problems.append(RecordProblem(
                    record=index, id=checked.id, fields=local,
                    message="; ".join(f"{name}: a local file path is not read over HTTP; send the image inline as a "
                                      "data:image/...;base64, URI" for name in local)))
            else:
                profiles.append(checked)
        if problems:
            listed = "; ".join(f"{_record_name(p.record, p.id)}: {p.message}" for p in problems[:_DETAIL_RECORDS])
            more = f"; and {len(problems) - _DETAIL_RECORDS} more" if len(problems) > _DETAIL_RECORDS else ""
            whole = "" if len(records) == 1 else f"{len(problems)} of {len(records)} profiles are invalid and " \
                                                 f"none was scored: "
            raise ApiError(422, f"{whole}{listed}{more}", problems)
        return profiles

    def profiles_of(self, body: bytes, *, single_only: bool) -> tuple[list[Profile], bool]:
        """The validated profiles of a request body, and whether it was a single profile."""
        payload = self.parse(body)
        if isinstance(payload, dict):
            return self.validate([payload]), True
        if single_only:
            raise ApiError(422, f"the body must be one profile (a JSON object), not a JSON "
                                f"{_json_type(payload)}")
        if not isinstance(payload, list):
            raise ApiError(422, f"the body must be a profile (a JSON object) or a list of profiles, not a JSON "
                                f"{_json_type(payload)}")
        if len(payload) > self.max_batch:
            raise ApiError(413, f"{len(payload):,} profiles in one request; at most {self.max_batch:,} "
                                "(split the list into several requests)")
        return self.validate(payload), False

    # ---- scoring
    def score(self, profiles: list[Profile], n_reasons: int) -> list[Prediction | RecordFailure]:
        """Predictions for the profiles of one request, scored as one batch (campaign counts over the request)."""
        model = self.require_model()
        if not profiles:
            return []
        with _SCORING_LOCK:
            return _score_isolated(model, profiles, n_reasons, batch=None)

    def score_one(self, profile: Profile, n_reasons: int) -> Prediction | RecordFailure:
        """The prediction for a profile sent on its own, scored together with the others waiting (from a worker
        thread: the page; the API's endpoints use :meth:`score_one_async`).

        Whichever thread holds the scoring lock scores every single profile pending at that moment in one
        call (a fraction of the cost of one call each) with empty campaign counts, so each answer is exactly
        what the profile scored alone gets and no request learns anything from another's profiles. A lone
        request is scored at once; batches form only while requests queue behind the lock.
        """
        self.require_model()
        slot = _Slot(profile, n_reasons)
        with self._pending_lock:
            self._pending.append(slot)
        while not slot.done:
            with _SCORING_LOCK:
                if not slot.done:
                    self._score_pending()
        return slot.outcome()

    async def score_one_async(self, profile: Profile, n_reasons: int) -> Prediction | RecordFailure:
        """:meth:`score_one` for the event loop: the profile waits on the loop, not in a thread of its own.

        The first profile to arrive while none is being scored starts a drain in a worker thread, which scores
        the pending profiles group after group (as :meth:`score_one` does) until none is left; the others only
        join the queue. Each group's answers reach the loop in one call.
        """
        self.require_model()
        loop = asyncio.get_running_loop()
        slot = _Slot(profile, n_reasons, answered=loop.create_future())
        with self._pending_lock:
            self._pending.append(slot)
            start, self._draining = not self._draining, True
        if start:
            self._drain_future = loop.run_in_executor(None, self._drain_pending)
        await slot.answered
        return slot.outcome()

    def _drain_pending(self) -> None:
        """Score pending single profiles until none is left (in a worker thread).

        Scoring failures are each group's answers (:func:`_score_slots`). Should the drain itself fail, it starts
        over once (a failure of the moment, memory say); failing again, it answers every profile still waiting
        with that failure: left queued, they would wait for the next request to start another drain, for ever
        on an idle server."""
        for attempt in (1, 2):
            try:
                self._drain()
                return
            except Exception:
                if attempt == 1:
                    continue
                self._fail_pending()
                raise
            except BaseException:
                self._fail_pending()
                raise

    def _drain(self) -> None:
        while True:
            with _SCORING_LOCK:
                with self._pending_lock:
                    if not self._pending:  # decided under the lock the event loop appends under: none is missed
                        self._draining = False
                        return
                self._score_pending()

    def _fail_pending(self) -> None:
        """Answer every profile still waiting with the exception being handled; the next request starts a drain."""
        failure = sys.exc_info()[1]
        with self._pending_lock:
            self._draining = False
            left, self._pending = self._pending, []
        for slot in left:
            slot.error = failure
        _answer_on_their_loops(left)

    def _score_pending(self) -> None:
        """Score up to ``max_batch`` pending single profiles in one call; the scoring lock is held."""
        model = self.require_model()  # before the group leaves the queue: a failure here leaves it to be answered
        with self._pending_lock:
            group, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
        _score_slots(model, group)

    async def _profiles_of(self, body: bytes, *, single_only: bool) -> tuple[list[Profile], bool]:
        """:meth:`profiles_of`, on the event loop for a body of at most :data:`INLINE_BODY_BYTES`."""
        if len(body) <= INLINE_BODY_BYTES:
            return self.profiles_of(body, single_only=single_only)
        return await run_in_threadpool(self.profiles_of, body, single_only=single_only)

    async def predict(self, body: bytes, n_reasons: int) -> bytes:
        self.require_model()  # before parsing: a 503 says more than a 422 about a body it never read
        profiles, single = await self._profiles_of(body, single_only=False)
        if single:
            return _answer(_only_prediction(await self.score_one_async(profiles[0], n_reasons)), explain=False)
        return await run_in_threadpool(lambda: _RESULTS.dump_json(self.score(profiles, n_reasons)))

    async def explain(self, body: bytes, n_reasons: int) -> bytes:
        self.require_model()
        profiles, _ = await self._profiles_of(body, single_only=True)
        return _answer(_only_prediction(await self.score_one_async(profiles[0], n_reasons)), explain=True)

    # ---- describing
    def health(self) -> Health:
        model = self.model
        summary = None
        if model is not None:
            manifest = model.manifest or {}
            summary = jsonable({"threshold": model.threshold, "as_of": model.info.get("as_of"),
                                "n_features": len(model.feature_names), "created_at": manifest.get("created_at"),
                                "trained_with": manifest.get("versions")})
        return Health(status="ok" if model is not None else "loading", model_loaded=model is not None,
                      versions=self.versions, model=summary)

    def manifest(self) -> dict[str, Any]:
        model = self.require_model()
        if model.manifest is not None:
            return jsonable(model.manifest)
        # A model trained in this process and never saved has no manifest: the parts it does have.
        return jsonable({
            "format_version": None,
            "saved": False,
            "extractors": [{"name": ex.name, "version": ex.version} for ex in model.builder.extractors],
            "feature_names": model.feature_names,
            "threshold": model.threshold,
            **model.info,
        })


@dataclass
class _Slot:
    """One single-profile request waiting for a thread holding the scoring lock to score it; ``answered`` is
    the future its coroutine awaits on the event loop (None for a caller in a thread)."""

    profile: Profile
    n_reasons: int
    answered: asyncio.Future[None] | None = None
    result: Prediction | RecordFailure | None = None
    error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.result is not None or self.error is not None

    def outcome(self) -> Prediction | RecordFailure:
        if self.error is not None:
            raise RuntimeError(f"scoring failed ({type(self.error).__name__}: {self.error})") from self.error
        assert self.result is not None
        return self.result


def _prepare_explainer(model: Model) -> None:
    """Build the tables behind the reasons (about half a second of CPU) in a thread, holding the scoring lock,
    so the server answers ``/v1/health`` at once and the first request with reasons does not pay for them
    alone: a request that comes first waits on the lock, as behind any other. The server then explains every
    request from the tables (0.2 ms a profile rather than 7 leaf by leaf)."""

    def build() -> None:
        with _SCORING_LOCK:
            model.explainer  # noqa: B018  (building it is the point)

    threading.Thread(target=build, name="fakeprofile-explainer", daemon=True).start()


def _score_slots(model: Model, group: list[_Slot]) -> None:
    """Score pending single profiles, one call per number of reasons; the scoring lock is held."""
    try:
        by_reasons: dict[int, list[_Slot]] = {}
        for slot in group:
            by_reasons.setdefault(slot.n_reasons, []).append(slot)
        for n_reasons, slots in by_reasons.items():
            # Empty counts: profiles sent separately are not one batch (no campaign counted across clients).
            results = _score_isolated(model, [s.profile for s in slots], n_reasons, batch=BatchCounts())
            for slot, result in zip(slots, results, strict=True):
                slot.result = result
    finally:
        # Whatever went wrong, no waiting request may be left without an answer.
        for slot in group:
            if not slot.done:
                slot.error = RuntimeError("the scoring of this profile's group failed")
        _answer_on_their_loops(group)


def _answer_on_their_loops(group: list[_Slot]) -> None:
    """Wake the coroutines awaiting scored slots: one call into each event loop for the whole group."""
    waiting: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for slot in group:
        if slot.answered is not None:
            waiting.setdefault(slot.answered.get_loop(), []).append(slot.answered)
    for loop, futures in waiting.items():
        with contextlib.suppress(RuntimeError):  # the loop has closed (the server stopped): nobody waits any more
            loop.call_soon_threadsafe(_set_answered, futures)


def _set_answered(futures: list[asyncio.Future[None]]) -> None:
    for future in futures:
        if not future.done():  # a request cancelled meanwhile
            future.set_result(None)


def _score_isolated(model: Model, profiles: list[Profile], n_reasons: int,
                    batch: BatchCounts | None) -> list[Prediction | RecordFailure]:
    """Predictions in order; a profile the model fails on gets a :class:`RecordFailure` in its place.

    As in ``Model.score_items``: the profiles are scored together, and only if that fails one by one, with
    the counts of the whole batch so the profiles that do score keep their campaign features.
    """
    try:
        return list(model.predict_profiles(profiles, n_reasons=n_reasons, batch=batch))
    except Exception:  # noqa: BLE001  (a bug in some extractor: isolate the profile just below)
        log.exception("scoring a batch of %d failed; scoring its profiles one by one", len(profiles))
    if batch is None:
        try:
            batch = model.batch_counts(profiles)
        except Exception:  # noqa: BLE001  (then each profile is its own batch)
            batch = BatchCounts()
    out: list[Prediction | RecordFailure] = []
    for profile in profiles:
        try:
            out.append(model.predict_profiles([profile], n_reasons=n_reasons, batch=batch)[0])
        except Exception as exc:  # noqa: BLE001  (reported in that profile's place)
            log.exception("scoring profile %r failed", profile.id)
            out.append(RecordFailure(id=profile.id, error=f"could not be scored ({type(exc).__name__}: {exc}); "
                                                          "this is a bug, please report it"))
    return out


def _only_prediction(result: Prediction | RecordFailure) -> Prediction:
    if isinstance(result, RecordFailure):
        raise ApiError(422, f"{_record_name(0, result.id)}: {result.error}",
                       [RecordProblem(record=0, id=result.id, message=result.error)])
    return result


def _json_type(value: Any) -> str:
    return {str: "string", bool: "boolean", int: "number", float: "number", type(None): "null",
            list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _running_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"fakeprofile": __version__, "python": platform.python_version()}
    for dist in ("scikit-learn", "numpy", "pydantic", "fastapi", "uvicorn"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return versions


# ------------------------------------------------------------------------------------------ the fast path
_FAST_PATHS = {"/v1/predict": False, "/v1/explain": True}  # path: whether only a single profile is accepted


def _plain_reasons(query: bytes) -> int | None:
    """``reasons`` of a query string that is empty or exactly ``reasons=N`` with N a number FastAPI would accept
    (0 to MAX_REASONS, a few plain digits); None for anything else, which FastAPI then parses and words."""
    if not query:
        return N_REASONS
    if not query.startswith(b"reasons=") or not (digits := query[8:]).isdigit() or len(digits) > 3:
        return None
    value = int(digits)
    return value if value <= MAX_REASONS else None


def _media_is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith(_JSON_SUFFIX))


class _FastPredict:
    """ASGI middleware answering the plain case of ``POST /v1/predict`` and ``POST /v1/explain`` (one profile of at
    most :data:`INLINE_BODY_BYTES` with a ``Content-Length``, a JSON content type or none, no query or a plain
    ``reasons=N``, the model loaded) without FastAPI's routing, dependencies and request objects: the same calls
    (:meth:`_Service.profiles_of`, :meth:`_Service.score_one_async`) and the same response, for about a tenth of
    the server's CPU per request less (``benchmarks/bench_serve.py``).

    Anything else, and any request whose body turns out not to be a valid single profile, goes to the app with the
    messages read so far replayed, so that every error is worded and answered by the endpoints themselves. An
    unexpected error propagates to the app's outermost middleware, which answers it as it would from an endpoint.
    """

    def __init__(self, app: Any, service: _Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        single_only = _FAST_PATHS.get(scope.get("path")) if scope["type"] == "http" else None
        n_reasons = _plain_reasons(scope.get("query_string", b"")) if single_only is not None else None
        if n_reasons is None or scope["method"] != "POST" or self.service.model is None:
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"content-type" and not _media_is_json(value.decode("latin-1")):
                declared = None
                break
        limit = min(INLINE_BODY_BYTES, self.service.max_body_bytes)
        if declared is None or not declared.isdigit() or int(declared) > limit:
            await self.app(scope, receive, send)
            return
        messages, body = [], b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False) or len(body) > limit:
                break
        replay = _replaying(messages, receive)
        if messages[-1]["type"] != "http.request" or messages[-1].get("more_body", False):
            await self.app(scope, replay, send)
            return
        try:
            profiles, single = self.service.profiles_of(body, single_only=single_only)
        except ApiError:
            await self.app(scope, replay, send)  # the endpoint words the error
            return
        if not single:
            await self.app(scope, replay, send)
            return
        result = await self.service.score_one_async(profiles[0], n_reasons)
        try:
            prediction = _only_prediction(result)
        except ApiError as exc:  # as the app's handler for ApiError answers it
            await JSONResponse(exc.body.model_dump(), status_code=exc.status)(scope, replay, send)
            return
        await Response(_answer(prediction, single_only), media_type="application/json")(scope, replay, send)


def _replaying(messages: list[Any], receive: Any) -> Any:
    """A ``receive`` that gives ``messages`` again, then what ``receive`` gives."""
    pending = list(messages)

    async def replay() -> Any:
        return pending.pop(0) if pending else await receive()

    return replay


def _answer(prediction: Prediction, explain: bool) -> bytes:
    """The body of a prediction, or of its explanation (``/v1/explain``)."""
    if explain:
        return Explanation(**dict(prediction), text=prediction.describe()).model_dump_json().encode()
    return prediction.model_dump_json().encode()


# ------------------------------------------------------------------------------------------ the app
def _profile_components() -> dict[str, Any]:
    """The profile schema and its parts, as OpenAPI components."""
    schema = Profile.model_json_schema(ref_template="#/components/schemas/{model}")
    parts = schema.pop("$defs", {})
    return {"Profile": schema, **parts}


def _request_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}


def create_app(model: Model | None = None, *, max_batch: int = 100, max_body_bytes: int = 2_000_000,
               allow_local_photos: bool = False) -> FastAPI:
    """The HTTP app serving ``model``.

    Parameters
    ----------
    model
        The model to serve; None loads the shipped default model (:func:`fakeprofile.artifact.load_model`)
        once, when the app starts (its lifespan), not per request.
    max_batch
        The most profiles one ``POST /v1/predict`` may hold; more is a 413.
    max_body_bytes
        The largest request body accepted; a larger one is refused with 413 before it is parsed.
    allow_local_photos
        Read ``photo`` values that are local file paths. Off by default: over HTTP, a client could
        otherwise make the server open any file (see the module docstring). Only ``data:`` URIs are read.

    Returns
    -------
    FastAPI
        Serve it with uvicorn: ``uvicorn.run(create_app(model), host="127.0.0.1", port=8000)``.
    """
    service = _Service(model, max_batch=max_batch, max_body_bytes=max_body_bytes,
                       allow_local_photos=allow_local_photos)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if service.model is None:
            service.model = await run_in_threadpool(load_model)
        # The server's own copy (sharing everything) explains from the tables, whatever the command line set; the
        # caller's model keeps its setting.
        service.model = copy.copy(service.model)
        service.model.direct_for_few_rows = False
        _prepare_explainer(service.model)
        # What is loaded now lives as long as the server: frozen, the collector no longer walks it, and collecting
        # at the batch thresholds keeps its full collections (tens of milliseconds, every request waiting) rare.
        gc.collect()
        gc.freeze()
        try:
            with batch_collections():
                yield
        finally:
            gc.unfreeze()

    app = FastAPI(title="fakeprofile", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Tell fake profiles on professional networks from real ones, and say why.")
    app.state.service = service

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(_: Request, exc: RequestValidationError) -> JSONResponse:
        # Only query parameters reach here (the body is read by hand); answer in the same shape as the rest.
        problems = [RecordProblem(record=None, fields=[".".join(str(p) for p in e["loc"])],
                                  message=f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}") for e in exc.errors()]
        return JSONResponse(ErrorBody(detail="; ".join(p.message for p in problems), errors=problems).model_dump(),
                            status_code=422)

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=exc)
        body = ErrorBody(detail=f"unexpected error ({type(exc).__name__}); this is a bug, please report it")
        return JSONResponse(body.model_dump(), status_code=500)

    profile_ref = {"$ref": "#/components/schemas/Profile"}

    @app.post(
        "/v1/predict", response_model=Prediction | list[Prediction | RecordFailure], responses=_ERROR_RESPONSES,
        summary="Score one profile, or a list of profiles",
        openapi_extra=_request_body(
            {"anyOf": [profile_ref, {"type": "array", "items": profile_ref, "maxItems": max_batch}]},
            f"one profile, or a list of at most {max_batch} (one batch: campaign clues count across it)"),
    )
    async def predict(request: Request, reasons: Reasons = N_REASONS) -> Response:
        """One prediction for one profile; for a list, one prediction per profile in the same order."""
        body = await service.read_body(request)
        return Response(await service.predict(body, reasons), media_type="application/json")

    @app.post(
        "/v1/explain", response_model=Explanation, responses=_ERROR_RESPONSES,
        summary="Explain the prediction for one profile",
        openapi_extra=_request_body(profile_ref, "one profile"),
    )
    async def explain(request: Request, reasons: Reasons = N_REASONS) -> Response:
        """The prediction with its reasons in words, and the same as readable lines in ``text``."""
        body = await service.read_body(request)
        return Response(await service.explain(body, reasons), media_type="application/json")

    @app.get("/v1/health", response_model=Health, responses={503: {"model": Health, "description": "loading"}},
             summary="Whether the model is loaded, and the versions running")
    async def health() -> JSONResponse:
        state = service.health()
        return JSONResponse(state.model_dump(), status_code=200 if state.model_loaded else 503)

    @app.get("/v1/model", response_model=dict[str, Any], responses={503: _ERROR_RESPONSES[503]},
             summary="The model's manifest")
    async def manifest() -> JSONResponse:
        return JSONResponse(service.manifest())

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(_profile_components())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    mount_page(app, service)  # the page for a person checking one invitation, at /
    app.add_middleware(_FastPredict, service=service)  # type: ignore[arg-type]
    return app


#: Environment variable through which ``fakeprofile serve --workers N`` hands its settings to each worker.
WORKER_SETTINGS_ENV = "FAKEPROFILE_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app as ``fakeprofile serve --workers N`` configured it: uvicorn's factory in every worker process.

    uvicorn starts each worker by importing an app, so the settings travel in ``$FAKEPROFILE_SERVE_SETTINGS``
    (JSON: ``model``, ``known_images``, ``as_of``, ``max_batch``, ``max_body_bytes``,
    ``allow_local_photos``), and every worker loads the model and the known-image index itself, once.
    """
    raw = os.environ.get(WORKER_SETTINGS_ENV)
    if not raw:
        raise RuntimeError(f"${WORKER_SETTINGS_ENV} is not set: start workers with `fakeprofile serve --workers N`")
    settings = json.loads(raw)
    model = load_scoring_model(settings.get("model"), known_images=settings.get("known_images"),
                               as_of=settings.get("as_of"))
    return create_app(model, max_batch=settings.get("max_batch", 100),
                      max_body_bytes=settings.get("max_body_bytes", 2_000_000),
                      allow_local_photos=bool(settings.get("allow_local_photos", False)))

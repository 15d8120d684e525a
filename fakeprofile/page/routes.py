"""The page's routes: ``GET /`` shows the form, ``POST /`` checks what was typed (or pasted) and shows the result.

The page goes through the JSON API's own service (``fakeprofile.serve``): the same body cap, the same
validation (so the same error messages, the refusal of local photo paths included), and the same scoring
lock and coalescing. Nothing a person sends is written anywhere or logged: the body is parsed in memory
(:mod:`fakeprofile.page.body`), no handler here logs, and uvicorn's access log shows only the method and
the path. Responses say ``Cache-Control: no-store`` so that a browser does not keep a result on disk either.

The routes are left out of the OpenAPI document: they are a page, not part of the JSON API.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from fakeprofile.page.body import BodyRefused, parse_form, read_capped_body
from fakeprofile.page.form import PHOTO_INPUT, Upload, read_form
from fakeprofile.page.render import PageView, render_page, result_view
from fakeprofile.page.words import operating_point, verdict_words, would_help
from fakeprofile.schema import Profile, describe_validation_error

if TYPE_CHECKING:
    from fastapi import FastAPI

    from fakeprofile.serve import _Service

#: Clues shown on each side (raising and lowering suspicion).
REASONS_SHOWN = 3

#: Only this app's own files; images only from it or inline (an uploaded photo is never shown, but a data:
#: image is the one kind of image a page could need). No frames, no plugins, forms post only here.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def mount_page(app: FastAPI, service: _Service) -> None:
    """Add the page's routes (``/`` and its stylesheet and script) to the JSON API's ``app``.

    ``service`` is the API's :class:`fakeprofile.serve._Service`: its model (loaded at start-up), its body
    cap and its validation and scoring.
    """
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response

    static = resources.files("fakeprofile.page") / "static"
    assets = {name: (static / name).read_bytes() for name in ("page.css", "page.js")}
    media_types = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}

    def html(view: PageView) -> HTMLResponse:
        return HTMLResponse(render_page(view), status_code=view.status, headers=SECURITY_HEADERS)

    # Plain Starlette routes: the page reads its own body, so FastAPI has no parameters to parse or document.
    async def page(_: Request) -> HTMLResponse:
        return html(PageView(max_body_bytes=service.max_body_bytes, operating_point=_operating_point(service)))

    async def check(request: Request) -> HTMLResponse:
        try:
            body = await read_capped_body(request, service.max_body_bytes)
            fields, files = parse_form(body, request.headers.get("content-type", ""))
        except BodyRefused as exc:
            return html(PageView(max_body_bytes=service.max_body_bytes, page_errors=[str(exc)], status=exc.status))
        return html(await run_in_threadpool(judge, service, fields, files))

    app.add_route("/", page, methods=["GET"], include_in_schema=False)
    app.add_route("/", check, methods=["POST"], include_in_schema=False)
    for name, content in assets.items():
        async def asset(_: Request, content: bytes = content, media_type: str = media_types[name]) -> Response:
            return Response(content, media_type=media_type,
                            headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})

        app.add_route(f"/static/{name}", asset, methods=["GET"], include_in_schema=False)


def _operating_point(service: _Service) -> list[str]:
    return operating_point(service.model.info) if service.model is not None else []


def judge(service: _Service, fields: Mapping[str, str], files: Mapping[str, Upload]) -> PageView:
    """The page for a posted form: the result, or the errors next to the inputs they concern."""
    if fields.get("profile_json", "").strip():
        return _judge_json(service, fields)
    view = PageView(max_body_bytes=service.max_body_bytes, values=dict(fields),
                    operating_point=_operating_point(service))
    photo = files.get(PHOTO_INPUT)
    if photo is not None and photo.data:
        view.values["photo_chosen"] = "yes"  # so the page can ask for it again: browsers do not keep a file
    reading = read_form(fields, photo)
    view.errors.update(reading.errors)
    size = len(json.dumps(reading.record).encode())
    if size > service.max_body_bytes:
        # The API would refuse the same profile sent as JSON; the photo (as base64 text) is nearly all of it.
        message = (f"as the API receives it, with the photo written as text, the profile is {size:,} bytes, larger "
                   f"than the limit of {service.max_body_bytes:,}; choose a smaller photo")
        if "photo" in reading.record:
            view.errors[PHOTO_INPUT] = message
        else:
            view.page_errors.append(message)
        view.status = 413
        return view
    problems = _schema_problems(reading.record)
    for path, message in problems:
        name = reading.input_for(path)
        if name is None:
            view.page_errors.append(f"{path}: {message}")
        else:
            view.errors.setdefault(name, message)
    if view.errors or view.page_errors:
        # Listed at the top in the page's order: a browser posts the inputs in the order they appear.
        order = {name: position for position, name in enumerate(fields)}
        view.errors = dict(sorted(view.errors.items(), key=lambda item: order.get(item[0], len(order))))
        view.status = 422
        return view
    return _score(service, lambda: service.validate([reading.record])[0], view, view.page_errors)


def _judge_json(service: _Service, fields: Mapping[str, str]) -> PageView:
    """A pasted profile, read exactly as ``POST /v1/explain`` reads its body (so with the API's messages)."""
    text = fields["profile_json"]
    view = PageView(max_body_bytes=service.max_body_bytes, values={"profile_json": text},
                    operating_point=_operating_point(service))
    return _score(service, lambda: service.profiles_of(text.encode("utf-8"), single_only=True)[0][0], view,
                  view.json_errors)


def _score(service: _Service, validated: Callable[[], Profile], view: PageView, problems: list[str]) -> PageView:
    """Score the profile ``validated`` returns (it raises the API's error for a bad one) into ``view``; what
    goes wrong is added to ``problems``, the messages shown at the top and next to the input concerned."""
    from fakeprofile.serve import ApiError, RecordFailure

    try:
        profile = validated()
        result = service.score_one(profile, REASONS_SHOWN)
    except ApiError as exc:
        view.status = exc.status
        if exc.status == 503:
            problems.append("the model is still loading; try again in a moment")
        else:
            # The API's words; "the body" is, on the page, what was pasted.
            problems.append(exc.body.detail.replace("the body", "the pasted text"))
        return view
    if isinstance(result, RecordFailure):
        problems.append(f"this profile could not be scored: {result.error}")
        view.status = 422
        return view
    view.result = result_view(result, profile, verdict=verdict_words(result),
                              operating=operating_point(service.require_model().info), hints=would_help(profile))
    return view


def _schema_problems(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, message) for each problem the schema finds in ``record``, worded as the API words it.

    The API joins a record's problems into one line (``describe_validation_error``); here each problem is
    described on its own by the same function, so that each can go next to its own input.
    """
    try:
        Profile.model_validate(record)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            path = ".".join(str(p) for p in error["loc"]) or "<record>"
            try:
                single = ValidationError.from_exception_data(
                    exc.title, [{k: error[k] for k in ("type", "loc", "input", "ctx") if k in error}])
                message = describe_validation_error(single).removeprefix(f"{path}: ")
            except (KeyError, TypeError, ValueError):  # an error type pydantic cannot rebuild
                message = error["msg"].removeprefix("Value error, ")
            problems.append((path, message))
        return problems
    return []

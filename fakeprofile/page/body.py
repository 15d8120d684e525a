"""The page's POST body: read under the API's size cap, then parsed as a form entirely in memory.

Starlette's own ``request.form()`` spools an uploaded file larger than 1 MB to a temporary file on disk; the
page promises that nothing a person sends is stored, so the multipart body is parsed here with
python-multipart's streaming parser into memory instead. The body was capped before parsing, so memory is
bounded by ``max_body_bytes`` (plus the decoded copy).

Third-party modules are imported inside the functions: this package is imported by ``fakeprofile.serve``
only, and ``import fakeprofile`` must not need the serve extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from fakeprofile.page.form import Upload

if TYPE_CHECKING:
    from starlette.requests import Request

#: Most inputs one form may post (a form with 40 jobs and 20 schools has about 400).
MAX_FIELDS = 2_000
#: Most files one form may post: the photo.
MAX_FILES = 1


class BodyRefused(ValueError):
    """A body the page does not read: ``status`` is the HTTP status, the message is shown on the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def read_capped_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused as soon as it is known to be larger than ``max_bytes`` (the API's cap).

    As the API reads its bodies (``fakeprofile.serve``), judged from ``Content-Length`` first and then by
    counting while a chunked body streams in, but without its JSON content-type check and with the refusal
    worded for a person filling in a form.
    """
    from starlette.requests import ClientDisconnect

    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise BodyRefused(400, "Content-Length is not a number")
        if int(declared) > max_bytes:
            raise BodyRefused(413, _too_large(max_bytes, int(declared)))
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                raise BodyRefused(413, _too_large(max_bytes))
    except ClientDisconnect:
        raise BodyRefused(400, "the browser disconnected before sending the whole form") from None
    return bytes(body)


def _too_large(max_bytes: int, size: int | None = None) -> str:
    sent = f" ({size:,} bytes)" if size is not None else ""
    return (f"what you sent{sent} is larger than the limit of {max_bytes:,} bytes; a large photo is the usual "
            "cause: choose a smaller one")


def parse_form(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, Upload]]:
    """Input name -> text, and input name -> uploaded file, from a urlencoded or multipart form body.

    A name posted twice keeps its first value (the page never posts one twice). Raises :class:`BodyRefused`
    for another content type, a malformed body, or more than :data:`MAX_FIELDS` inputs.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True,
                              max_num_fields=MAX_FIELDS)
        except ValueError:
            raise BodyRefused(413, f"the form has more than {MAX_FIELDS:,} inputs") from None
        fields: dict[str, str] = {}
        for name, value in pairs:
            fields.setdefault(name, value)
        return fields, {}
    if media == "multipart/form-data":
        return _parse_multipart(body, content_type)
    raise BodyRefused(415, f"content type {media[:80]!r} is not a form; send the page's form")


def _parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, Upload]]:
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import MultipartParser, parse_options_header

    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise BodyRefused(400, "the form has no multipart boundary")
    parts: list[dict] = []
    header: dict[str, bytes] = {"name": b"", "value": b""}

    def on_part_begin() -> None:
        if len(parts) >= MAX_FIELDS:
            raise BodyRefused(413, f"the form has more than {MAX_FIELDS:,} inputs")
        parts.append({"headers": {}, "data": bytearray()})

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1]["data"] += data[start:end]

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["name"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        parts[-1]["headers"][header["name"].lower()] = header["value"]
        header["name"], header["value"] = b"", b""

    parser = MultipartParser(boundary, {"on_part_begin": on_part_begin, "on_part_data": on_part_data,
                                        "on_header_field": on_header_field, "on_header_value": on_header_value,
                                        "on_header_end": on_header_end})
    try:
        parser.write(body)
        parser.finalize()
    except FormParserError:
        raise BodyRefused(400, "the form could not be read (a malformed multipart body)") from None

    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in parts:
        _, disposition = parse_options_header(part["headers"].get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", errors="replace")
        if not name:
            continue
        if b"filename" in disposition:
            if len(files) >= MAX_FILES and name not in files:
                raise BodyRefused(413, f"the form sends more than {MAX_FILES} file")
            files.setdefault(name, Upload(filename=disposition[b"filename"].decode("utf-8", errors="replace"),
                                          content_type=part["headers"].get(b"content-type", b"").decode(
                                              "latin-1"),
                                          data=bytes(part["data"])))
        else:
            fields.setdefault(name, bytes(part["data"]).decode("utf-8", errors="replace"))
    return fields, files

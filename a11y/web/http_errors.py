"""Every error answer, built here: domain errors (a11y.errors), storage failures and refusals become
a status, `{"detail": …}` in Korean, `Cache-Control: no-store` and, for "ask again later", one
Retry-After. A browser asking for a page that is not there, or while the database or the disk is
away, gets the HTML error page instead.

Never cacheable: an article or audio key unknown now may be ingested a minute later, and audio
that is not ready exists a moment later (a CDN once kept a 404 for hours).
"""

import json
import logging
import sqlite3
from http import HTTPStatus

import psycopg
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import Send

from a11y.audio.synthesis import SynthesisUnavailable
from a11y.errors import (
    FetchFailed,
    IngestError,
    InvalidArticle,
    NotFound,
    NotReady,
    RefusedUrl,
    TooLarge,
    Unavailable,
    UnsupportedFormat,
)
from a11y.web.pages import error_page

log = logging.getLogger(__name__)

# Ask again after this long, whatever is not there yet: audio being made (usually there by then; the
# player waits this long), a voice or the database away. Rate-limit refusals say their own wait.
RETRY_AFTER_S = 2
NO_STORE = "no-store"
# A write to the store or the audio folder failed (a full or read-only disk, a database that dropped
# the connection): nothing is half-written (each write is one transaction or a whole-file rename).
STORAGE_ERRORS = (sqlite3.Error, psycopg.OperationalError, OSError)

NOT_READY_MESSAGE = "음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요."
UNAVAILABLE_MESSAGE = "데이터베이스나 음성 저장소가 지금 응답하지 않습니다. 잠시 후 다시 시도해 주세요."
# Starlette's own refusals (no such route, a method the route does not take), said in Korean; its
# English phrase follows, as clients and logs know it.
# Input that cannot become an article: its kind says what the caller should do; the rest are 422.
INGEST_STATUS = {TooLarge: 413, UnsupportedFormat: 415, RefusedUrl: 400, FetchFailed: 502}
STATUS_MESSAGES = {
    404: "찾으시는 주소가 없습니다. 주소를 확인해 주세요",
    405: "이 주소는 그 요청 방식을 받지 않습니다",
}


def json_error(
    status: int, detail: str | list, retry_after_s: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one JSON error answer: `{"detail": detail}`, never cached, with Retry-After when given."""
    return JSONResponse({"detail": detail}, status_code=status, headers=_headers(retry_after_s, headers))


async def send_json_error(
    send: Send, status: int, detail: str, retry_after_s: int | None = None, headers: dict[str, str] | None = None
) -> None:
    """json_error for plain ASGI middleware that answers before any route (the request limits)."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(name.lower().encode(), value.encode()) for name, value in _headers(retry_after_s, headers).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def install(app: FastAPI) -> None:
    """Register the translations on the app."""
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(NotReady, not_ready)
    app.add_exception_handler(Unavailable, unavailable)
    for storage_error in STORAGE_ERRORS:
        app.add_exception_handler(storage_error, storage_failed)
    app.add_exception_handler(IngestError, bad_input)
    app.add_exception_handler(HTTPException, refused)
    app.add_exception_handler(RequestValidationError, invalid)


async def not_found(request: Request, error: NotFound) -> Response:
    return _missing(request, str(error))


async def not_ready(_request: Request, error: NotReady) -> JSONResponse:
    return json_error(503, str(error) or NOT_READY_MESSAGE, RETRY_AFTER_S)


async def unavailable(request: Request, error: Unavailable) -> Response:
    request.app.state.health.forget()  # perhaps the cache cannot be written: the next probe looks again
    if isinstance(error, SynthesisUnavailable):  # its message gathers each voice's reason
        return json_error(503, f"지금은 음성을 만들 수 없습니다. 잠시 후 다시 시도해 주세요. ({error})", RETRY_AFTER_S)
    log.error("unavailable on %s %s: %s", request.method, request.url.path, error)
    return _retry_later(request, UNAVAILABLE_MESSAGE)


async def storage_failed(request: Request, error: Exception) -> Response:
    """A full or read-only disk, or a store that cannot be written: a clear 503. Reads go on."""
    log.error("storage failed on %s %s: %s", request.method, request.url.path, error)
    request.app.state.health.forget()  # the next probe checks again instead of trusting the last pass
    reason = getattr(error, "strerror", None) or str(error)
    message = f"저장소에 쓸 수 없어 지금은 이 요청을 처리할 수 없습니다 ({reason}). 이미 있는 기사와 음성은 계속 제공됩니다."
    return _retry_later(request, message)


async def bad_input(_request: Request, error: IngestError) -> JSONResponse:
    """An upload or a fetched page that cannot become an article, in a sentence the publisher can act on;
    publisher JSON that breaks the schema lists each field, as FastAPI's own 422 does."""
    if isinstance(error, InvalidArticle):
        return json_error(422, jsonable_encoder([{**problem, "loc": ("body", *problem["loc"])} for problem in error.errors]))
    return json_error(INGEST_STATUS.get(type(error), 422), str(error))


async def refused(request: Request, error: HTTPException) -> Response:
    """A route's own refusal (401, 413, 422 with its reason) or the router's (no such path or method)."""
    detail = error.detail
    if detail == HTTPStatus(error.status_code).phrase and error.status_code in STATUS_MESSAGES:
        detail = f"{STATUS_MESSAGES[error.status_code]} ({error.status_code} {detail})."
    if error.status_code == 404:
        return _missing(request, detail)
    return json_error(error.status_code, detail, headers=error.headers)


async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
    """422 naming each field that is wrong (`loc`) and how (`msg`, pydantic's own words)."""
    return json_error(422, jsonable_encoder(error.errors()))


def _missing(request: Request, message: str) -> Response:
    if _wants_html(request):
        answer = error_page(request, 404, message)
        answer.headers["Cache-Control"] = NO_STORE
        return answer
    return json_error(404, message)


def _retry_later(request: Request, message: str) -> Response:
    """503 with Retry-After: the error page for a browser reading a page (a listener's screen reader
    says the message, not raw JSON), `{"detail"}` for everyone else."""
    if _wants_html(request):
        answer = error_page(request, 503, message)
        answer.headers.update(_headers(RETRY_AFTER_S, None))
        return answer
    return json_error(503, message, RETRY_AFTER_S)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(("/api/", "/audio/")) and "text/html" in request.headers.get("accept", "")


def _headers(retry_after_s: int | None, headers: dict[str, str] | None) -> dict[str, str]:
    extra = {"Retry-After": str(retry_after_s)} if retry_after_s is not None else {}
    return {**(headers or {}), **extra, "Cache-Control": NO_STORE}

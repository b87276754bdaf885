"""Audio routes: each segment's MP3 by its content key, and the whole article as one MP3.

From the file store, a file (FileResponse: Range, HEAD, pathsend). From the S3 store (audio/s3.py),
a redirect to settings.audio_public_url (a CDN in front of the bucket) when it is set, else the
object streamed through from S3 (Range passed on to it). Audio not made yet is a 503 either way.
"""

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import formatdate
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response, StreamingResponse

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from a11y.audio.files import CachedAudio
from a11y.script import Segment
from a11y.errors import NotFound, NotReady
from a11y.service import Service
from a11y.store import StoredArticle
from a11y.web.conditional import not_modified
from a11y.web.deps import ServiceDep
from a11y.web.http_errors import NOT_READY_MESSAGE, RETRY_AFTER_S, UNAVAILABLE_MESSAGE, json_error

router = APIRouter(tags=["audio"])

# `<key>.mp3` never changes. A fallback voice's audio will be replaced by the preferred voice's under
# the same URL, so it is revalidated; so is the whole article, which changes when its article does.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
REDIRECT_CACHE = "public, max-age=300"  # a redirect to immutable audio in the CDN (S3 store)
WHOLE_HEADERS = {"Cache-Control": IMMUTABLE, "X-A11y-Audio": "complete"}
ARTICLE_HEADERS = {"Cache-Control": REVALIDATE, "X-A11y-Audio": "complete"}


# HEAD too: players (Safari, iOS) and podcast apps ask for the length before they fetch.
@router.head("/audio/{key}.mp3", include_in_schema=False)
@router.get("/audio/{key}.mp3", name="read_audio")
async def read_audio(key: str, request: Request, service: ServiceDep):
    """One segment's audio, synthesized on first request (once, however many ask)."""
    # A file already checked whole is answered by CachedAudioLane before routing; here a first check
    # (it reads the file) or a miss (the store and the voices), both in a thread.
    try:
        future = await run_in_threadpool(service.audio_future, key)
    except ValueError as error:
        raise NotFound(str(error)) from error
    try:
        # shield: a request that stops waiting leaves the synthesis running for the next one
        audio = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), service.settings.audio_wait_s)
    except TimeoutError:
        raise NotReady("이 문단의 음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요.") from None
    return _send(request.headers, service, audio.path, _segment_headers(service, audio))


@router.head("/audio/articles/{digest}.mp3", include_in_schema=False)
@router.get("/audio/articles/{digest}.mp3", name="read_whole_audio")
async def read_whole_audio(digest: str, request: Request, service: ServiceDep):
    """A whole-article file by its content hash: it never changes, so it is cached for good (the feed's
    enclosures point here, and nginx may serve it straight from the cache folder)."""
    path = await run_in_threadpool(service.whole_audio, digest)  # a first check reads the file
    return _send(request.headers, service, path, dict(WHOLE_HEADERS))


@router.head("/articles/{article_id}/audio.mp3", include_in_schema=False)
@router.get("/articles/{article_id}/audio.mp3", name="read_article_audio")
async def read_article_audio(article_id: str, request: Request, service: ServiceDep):
    """The whole article as one MP3 with chapters; streamed as it is made while some audio is missing."""
    job = await run_in_threadpool(service.article_audio, article_id)
    if job is None:
        if service.workers_make_audio:  # its jobs are queued, nothing is made here
            raise NotReady("기사 전체 음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요.")
        headers = {"Cache-Control": "no-store", "X-A11y-Audio": "streaming"}
        if request.method == "HEAD":  # no length to tell yet, and asking is no reason to synthesize
            return Response(media_type="audio/mpeg", headers=headers)
        stored, segments = await run_in_threadpool(_scripted, service, article_id)
        stream = service.article_audio_stream(stored.article, segments)
        return StreamingResponse(stream, media_type="audio/mpeg", headers=headers)
    path = await asyncio.shield(asyncio.wrap_future(job))
    # This URL's file changes with the article; a new one can have the same size and second as the
    # old, so the ETag is its content hash (nginx never serves this URL).
    return _send(request.headers, service, path, dict(ARTICLE_HEADERS), etag=f'"{path.stem}"')


def _scripted(service: Service, article_id: str) -> tuple[StoredArticle, list[Segment]]:
    stored = service.article(article_id)
    return stored, service.script(stored.article)


def _segment_headers(service: Service, audio: CachedAudio) -> dict[str, str]:
    return {
        "Cache-Control": IMMUTABLE if audio.preferred else REVALIDATE,
        "X-A11y-Voice": audio.engine or service.preferred_voice,
        "X-A11y-Fallback": "false" if audio.preferred else "true",
    }


def _send(
    request_headers: Headers, service: Service, path, headers: dict[str, str], etag: str | None = None, status=None
) -> Response:
    """Audio from whichever store holds it: a file (`path` a Path), or an S3 object (a StoredObject)."""
    if isinstance(path, Path):
        return _file(request_headers, service, path, headers, etag, status)
    return _object(request_headers, service, path, headers, etag)


def _file(
    request_headers: Headers,
    service: Service,
    path: Path,
    headers: dict[str, str],
    etag: str | None = None,
    status: os.stat_result | None = None,
) -> Response:
    """The file (FileResponse does Range, If-Range, HEAD, 206 and 416; a whole-file GET is sent by the
    server itself where it offers pathsend), or 304 when the client's copy is current. ETag and
    Last-Modified are nginx's, so a client's validators hold whichever serves it."""
    status = status or path.stat()
    service.touch_audio(path, status)
    etag = etag or file_etag(status)
    headers = {**headers, "ETag": etag, "Last-Modified": formatdate(status.st_mtime, usegmt=True)}
    if not_modified(request_headers, headers["ETag"], status.st_mtime):
        return Response(status_code=304, headers=headers)
    return AudioFile(path, media_type="audio/mpeg", headers=headers, stat_result=status)


class CachedAudioLane:
    """Pure ASGI, in front of the router: a GET or HEAD for a segment or whole-article file that was
    already checked whole is answered here, with the route's own headers and validators, at the cost
    of a stat: no routing, no dependencies, no thread. Anything else goes on to the routes.

    Added as the innermost middleware, so the request log, the security headers and the limits apply
    as to any request; the route is named in the scope, so the request is counted under it."""

    SEGMENT = re.compile(r"/audio/([0-9a-f]{64})\.mp3")
    WHOLE = re.compile(r"/audio/articles/([0-9a-f]{64})\.mp3")
    ARTICLE = re.compile(r"/articles/([^/]+)/audio\.mp3")

    def __init__(self, app: ASGIApp, service: Service):
        self.app, self.service = app, service
        named = {route.name: route for route in router.routes if "GET" in getattr(route, "methods", ())}
        self.segment_route, self.whole_route = named["read_audio"], named["read_whole_audio"]
        self.article_route = named["read_article_audio"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            answer = self._answer(scope)
            if answer is not None:
                return await answer(scope, receive, send)
        await self.app(scope, receive, send)

    def _answer(self, scope: Scope) -> Response | None:
        path = scope["path"]
        if (segment := self.SEGMENT.fullmatch(path)) is not None:
            known = self.service.known_audio(segment[1])
            if known is None:
                return None
            audio, status = known
            self.service.metrics.cache_hits.inc()
            scope["route"] = self.segment_route
            return _send(Headers(scope=scope), self.service, audio.path, _segment_headers(self.service, audio), status=status)
        if (whole := self.WHOLE.fullmatch(path)) is not None:
            known = self.service.known_whole_audio(whole[1])
            if known is None:
                return None
            scope["route"] = self.whole_route
            return _send(Headers(scope=scope), self.service, known[0], dict(WHOLE_HEADERS), status=known[1])
        if (article := self.ARTICLE.fullmatch(path)) is not None:
            known = self.service.known_article_audio(article[1])
            if known is None:
                return None
            scope["route"] = self.article_route
            path, status = known
            return _send(Headers(scope=scope), self.service, path, dict(ARTICLE_HEADERS), etag=f'"{path.stem}"', status=status)
        return None


class AudioFile(FileResponse):
    # Where the server cannot send the file itself (a Range, or a server without pathsend), Starlette
    # reads it 64 KiB at a time, each read a trip to a worker thread; a whole article is about 1 MB.
    chunk_size = 256 * 1024

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        # ETag and Last-Modified are ours (_file); Starlette's would cost an md5 and a date per request.
        self.headers.setdefault("content-length", str(stat_result.st_size))


def _object(request_headers: Headers, service: Service, stored, headers: dict[str, str], etag: str | None) -> Response:
    """An S3 object: a redirect to the CDN when there is one, else the object through this app."""
    public = service.settings.audio_public_url
    if public:
        # The object never changes under its name (its own Cache-Control says so to the CDN); the
        # redirect lasts only minutes: this URL may point at another object later (an upgraded
        # voice, a changed article, a pruned store).
        cached = REDIRECT_CACHE if headers["Cache-Control"] == IMMUTABLE else REVALIDATE
        location = f"{public.rstrip('/')}/{quote(stored.name)}"
        return Response(status_code=307, headers={**headers, "Cache-Control": cached, "Location": location})
    headers = {
        **headers,
        "ETag": etag or stored.etag,
        "Last-Modified": formatdate(stored.modified, usegmt=True),
        "Accept-Ranges": "bytes",
    }
    if not_modified(request_headers, headers["ETag"], stored.modified):
        return Response(status_code=304, headers=headers)
    return StoredAudio(service, stored, headers)


class StoredAudio(Response):
    """An S3 object sent through: HEAD from what is known of it, GET with any Range passed on to S3
    (206 and Content-Range as S3 answers them; 416 for a range past the end)."""

    media_type = "audio/mpeg"

    def __init__(self, service: Service, stored, headers: dict[str, str]):
        super().__init__(headers={**headers, "Content-Length": str(stored.size)})
        self.service, self.stored, self.answer_headers = service, stored, headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "HEAD":
            return await super().__call__(scope, receive, send)
        from a11y.audio.s3 import RangeNotSatisfiable

        request = Headers(scope=scope)
        byte_range = request.get("range")
        if_range = request.get("if-range")
        if if_range is not None and if_range != self.answer_headers["ETag"]:
            byte_range = None  # the client's part is of another version: the whole object
        try:
            part = await run_in_threadpool(self.service.audio_part, self.stored, byte_range)
        except RangeNotSatisfiable:
            answer = Response(status_code=416, headers={"Content-Range": f"bytes */{self.stored.size}"})
            return await answer(scope, receive, send)
        except FileNotFoundError:  # removed from the store since it was known: made again when asked
            return await json_error(503, NOT_READY_MESSAGE, RETRY_AFTER_S)(scope, receive, send)
        except OSError:  # the bucket does not answer (StoreUnavailable); the lane is outside the translator
            return await json_error(503, UNAVAILABLE_MESSAGE, RETRY_AFTER_S)(scope, receive, send)
        headers = {**self.answer_headers, "Content-Length": str(part.length)}
        if part.content_range:
            headers["Content-Range"] = part.content_range
        status = 206 if part.content_range else 200
        stream = StreamingResponse(part.chunks, status_code=status, headers=headers, media_type="audio/mpeg")
        await stream(scope, receive, send)


def file_etag(status: os.stat_result) -> str:
    """nginx's ETag for a static file: its mtime (whole seconds) and size, in hex."""
    return f'"{int(status.st_mtime):x}-{status.st_size:x}"'


@asynccontextmanager
async def pregeneration(app: FastAPI) -> AsyncIterator[None]:
    """While the app runs, make queued articles' audio in the background (unless A11Y_PREGENERATE=false,
    or workers make it: A11Y_JOBS=queue)."""
    service = app.state.service
    service.start_background_work()
    try:
        yield
    finally:
        await run_in_threadpool(service.stop_background_work)

"""Audio routes: each segment's MP3 by its content key, and the whole article as one MP3."""

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import formatdate
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from a11y.audio.files import CachedAudio
from a11y.script import Segment
from a11y.errors import NotFound, NotReady
from a11y.service import Service
from a11y.store import StoredArticle
from a11y.web.conditional import not_modified
from a11y.web.deps import ServiceDep
from a11y.audio.whole import ArticleAudio

router = APIRouter(tags=["audio"])

RETRY_AFTER_S = 2  # a segment still being made is usually there by then
# `<key>.mp3` never changes. A fallback voice's audio will be replaced by the preferred voice's under
# the same URL, so it is revalidated; so is the whole article, which changes when its article does.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
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
        return _not_ready("이 문단의 음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요.")
    return _file(request.headers, service, audio.path, _segment_headers(service, audio))


@router.head("/audio/articles/{digest}.mp3", include_in_schema=False)
@router.get("/audio/articles/{digest}.mp3", name="read_whole_audio")
async def read_whole_audio(digest: str, request: Request, service: ServiceDep):
    """A whole-article file by its content hash: it never changes, so it is cached for good (the feed's
    enclosures point here, and nginx may serve it straight from the cache folder)."""
    path = await run_in_threadpool(service.whole_audio, digest)  # a first check reads the file
    return _file(request.headers, service, path, dict(WHOLE_HEADERS))


@router.head("/articles/{article_id}/audio.mp3", include_in_schema=False)
@router.get("/articles/{article_id}/audio.mp3", name="read_article_audio")
async def read_article_audio(article_id: str, request: Request, service: ServiceDep):
    """The whole article as one MP3 with chapters; streamed as it is made while some audio is missing."""
    job = await run_in_threadpool(service.article_audio, article_id)
    if job is None:
        if service.queue is not None:  # workers make the audio: its jobs are queued, nothing is made here
            raise NotReady("기사 전체 음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요.")
        headers = {"Cache-Control": "no-store", "X-A11y-Audio": "streaming"}
        if request.method == "HEAD":  # no length to tell yet, and asking is no reason to synthesize
            return Response(media_type="audio/mpeg", headers=headers)
        stored, segments = await run_in_threadpool(_scripted, service, article_id)
        whole = ArticleAudio(service.synthesizer)
        return StreamingResponse(whole.stream(stored.article, segments), media_type="audio/mpeg", headers=headers)
    path = await asyncio.shield(asyncio.wrap_future(job))
    # This URL's file changes with the article; a new one can have the same size and second as the
    # old, so the ETag is its content hash (nginx never serves this URL).
    return _file(request.headers, service, path, dict(ARTICLE_HEADERS), etag=f'"{path.stem}"')


def _scripted(service: Service, article_id: str) -> tuple[StoredArticle, list[Segment]]:
    stored = service.article(article_id)
    return stored, service.script(stored.article)


def _segment_headers(service: Service, audio: CachedAudio) -> dict[str, str]:
    return {
        "Cache-Control": IMMUTABLE if audio.preferred else REVALIDATE,
        "X-A11y-Voice": audio.engine or service.synthesizer.preferred_voice,
        "X-A11y-Fallback": "false" if audio.preferred else "true",
    }


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
    service.synthesizer.cache.touch(path, status)
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
        cache = self.service.synthesizer.cache
        path = scope["path"]
        if (segment := self.SEGMENT.fullmatch(path)) is not None:
            known = cache.known(segment[1])
            if known is None:
                return None
            audio, status = known
            self.service.metrics.cache_hits.inc()
            scope["route"] = self.segment_route
            return _file(Headers(scope=scope), self.service, audio.path, _segment_headers(self.service, audio), status=status)
        if (whole := self.WHOLE.fullmatch(path)) is not None:
            known = cache.known_whole(whole[1])
            if known is None:
                return None
            scope["route"] = self.whole_route
            return _file(Headers(scope=scope), self.service, known[0], dict(WHOLE_HEADERS), status=known[1])
        if (article := self.ARTICLE.fullmatch(path)) is not None:
            known = self.service.known_article_audio(article[1])
            if known is None:
                return None
            scope["route"] = self.article_route
            path, status = known
            return _file(Headers(scope=scope), self.service, path, dict(ARTICLE_HEADERS), etag=f'"{path.stem}"', status=status)
        return None


class AudioFile(FileResponse):
    # Where the server cannot send the file itself (a Range, or a server without pathsend), Starlette
    # reads it 64 KiB at a time, each read a trip to a worker thread; a whole article is about 1 MB.
    chunk_size = 256 * 1024

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        # ETag and Last-Modified are ours (_file); Starlette's would cost an md5 and a date per request.
        self.headers.setdefault("content-length", str(stat_result.st_size))


def file_etag(status: os.stat_result) -> str:
    """nginx's ETag for a static file: its mtime (whole seconds) and size, in hex."""
    return f'"{int(status.st_mtime):x}-{status.st_size:x}"'


def _not_ready(message: str) -> JSONResponse:
    # Never a cacheable error: the audio exists a moment later (a CDN once cached a 404 for hours).
    return JSONResponse(
        {"detail": message},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"},
    )


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

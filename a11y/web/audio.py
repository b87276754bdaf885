"""Audio routes: each segment's MP3 by its content key, and the whole article as one MP3."""

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import formatdate
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse

from a11y.narration import Segment
from a11y.service import NotFound, Service
from a11y.store import StoredArticle
from a11y.web.conditional import not_modified
from a11y.web.deps import ServiceDep
from a11y.whole_audio import ArticleAudio

router = APIRouter(tags=["audio"])

RETRY_AFTER_S = 2  # a segment still being made is usually there by then
# `<key>.mp3` never changes. A fallback voice's audio will be replaced by the preferred voice's under
# the same URL, so it is revalidated; so is the whole article, which changes when its article does.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


# HEAD too: players (Safari, iOS) and podcast apps ask for the length before they fetch.
@router.head("/audio/{key}.mp3", include_in_schema=False)
@router.get("/audio/{key}.mp3", name="read_audio")
async def read_audio(key: str, request: Request, service: ServiceDep):
    """One segment's audio, synthesized on first request (once, however many ask)."""
    cache = service.narrator.cache
    try:
        # A file checked before costs a stat here; anything else (a first check reads the file,
        # a miss asks the store and the voices) is done in a thread.
        known = cache.known(key)
    except ValueError as error:
        raise NotFound(str(error)) from error
    if known is not None:
        audio, status = known
        service.metrics.cache_hits.inc()
    else:
        future = await run_in_threadpool(service.audio_future, key)
        try:
            # shield: a request that stops waiting leaves the synthesis running for the next one
            audio = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), service.settings.audio_wait_s)
        except TimeoutError:
            return _not_ready("이 문단의 음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요.")
        status = None
    voice = audio.engine or service.narrator.preferred_voice
    headers = {
        "Cache-Control": IMMUTABLE if audio.preferred else REVALIDATE,
        "X-A11y-Voice": voice,
        "X-A11y-Fallback": "false" if audio.preferred else "true",
    }
    return _file(request, service, audio.path, headers, status=status)


@router.head("/audio/articles/{digest}.mp3", include_in_schema=False)
@router.get("/audio/articles/{digest}.mp3", name="read_whole_audio")
async def read_whole_audio(digest: str, request: Request, service: ServiceDep):
    """A whole-article file by its content hash: it never changes, so it is cached for good (the feed's
    enclosures point here, and nginx may serve it straight from the cache folder)."""
    try:
        known = service.narrator.cache.known_whole(digest)
    except ValueError as error:
        raise NotFound(str(error)) from error
    path, status = known if known is not None else (await run_in_threadpool(service.whole_audio, digest), None)
    return _file(request, service, path, {"Cache-Control": IMMUTABLE, "X-A11y-Audio": "complete"}, status=status)


@router.head("/articles/{article_id}/audio.mp3", include_in_schema=False)
@router.get("/articles/{article_id}/audio.mp3", name="read_article_audio")
async def read_article_audio(article_id: str, request: Request, service: ServiceDep):
    """The whole article as one MP3 with chapters; streamed as it is made while some audio is missing."""
    job = await run_in_threadpool(service.article_audio, article_id)
    if job is None:
        headers = {"Cache-Control": "no-store", "X-A11y-Audio": "streaming"}
        if request.method == "HEAD":  # no length to tell yet, and asking is no reason to synthesize
            return Response(media_type="audio/mpeg", headers=headers)
        stored, segments = await run_in_threadpool(_scripted, service, article_id)
        whole = ArticleAudio(service.narrator)
        return StreamingResponse(whole.stream(stored.article, segments), media_type="audio/mpeg", headers=headers)
    path = await asyncio.shield(asyncio.wrap_future(job))
    headers = {"Cache-Control": REVALIDATE, "X-A11y-Audio": "complete"}
    # This URL's file changes with the article; a new one can have the same size and second as the
    # old, so the ETag is its content hash (nginx never serves this URL).
    return _file(request, service, path, headers, etag=f'"{path.stem}"')


def _scripted(service: Service, article_id: str) -> tuple[StoredArticle, list[Segment]]:
    stored = service.article(article_id)
    return stored, service.script(stored.article)


def _file(
    request: Request,
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
    service.narrator.cache.touch(path, status)
    etag = etag or file_etag(status)
    headers = {**headers, "ETag": etag, "Last-Modified": formatdate(status.st_mtime, usegmt=True)}
    if not_modified(request.headers, headers["ETag"], status.st_mtime):
        return Response(status_code=304, headers=headers)
    return AudioFile(path, media_type="audio/mpeg", headers=headers, stat_result=status)


class AudioFile(FileResponse):
    # Where the server cannot send the file itself (a Range, or a server without pathsend), Starlette
    # reads it 64 KiB at a time, each read a trip to a worker thread; a whole article is about 1 MB.
    chunk_size = 256 * 1024


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
    """While the app runs, make queued articles' audio in the background (unless A11Y_PREGENERATE=false)."""
    service = app.state.service
    if not app.state.settings.pregenerate:
        yield
        return
    service.pregen.start()
    try:
        yield
    finally:
        await run_in_threadpool(service.pregen.stop)

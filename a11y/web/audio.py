"""Audio routes: each segment's MP3 by its content key, and the whole article as one MP3."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse

from a11y.service import NotFound
from a11y.web.deps import ServiceDep
from a11y.whole_audio import ArticleAudio

router = APIRouter(tags=["audio"])

RETRY_AFTER_S = 2  # a segment still being made is usually there by then
# `<key>.mp3` never changes. A fallback voice's audio will be replaced by the preferred voice's under
# the same URL, so it is revalidated; so is the whole article, which changes when its article does.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@router.get("/audio/{key}.mp3", name="read_audio")
async def read_audio(key: str, request: Request, service: ServiceDep):
    """One segment's audio, synthesized on first request (once, however many ask)."""
    try:
        future = await run_in_threadpool(service.audio_future, key)
    except ValueError as error:
        raise NotFound(str(error)) from error
    try:
        # shield: a request that stops waiting leaves the synthesis running for the next one
        audio = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), service.settings.audio_wait_s)
    except TimeoutError:
        return _not_ready("이 문단의 음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요.")
    service.narrator.cache.touch(audio.path)
    voice = audio.engine or service.narrator.preferred_voice
    headers = {
        "Cache-Control": IMMUTABLE if audio.preferred else REVALIDATE,
        "ETag": f'"{audio.path.stem}"',
        "X-A11y-Voice": voice,
        "X-A11y-Fallback": "false" if audio.preferred else "true",
    }
    return _file(request, audio.path, headers)


@router.get("/articles/{article_id}/audio.mp3", name="read_article_audio")
async def read_article_audio(article_id: str, request: Request, service: ServiceDep):
    """The whole article as one MP3 with chapters; streamed as it is made while some audio is missing."""
    stored = await run_in_threadpool(service.article, article_id)
    segments = service.script(stored.article)
    whole = ArticleAudio(service.narrator)
    job = await run_in_threadpool(whole.complete_file, stored.article, segments)
    if job is None:
        return StreamingResponse(
            whole.stream(stored.article, segments),
            media_type="audio/mpeg",
            headers={"Cache-Control": "no-store", "X-A11y-Audio": "streaming"},
        )
    path = await asyncio.shield(asyncio.wrap_future(job))
    service.narrator.cache.touch(path)
    headers = {"Cache-Control": REVALIDATE, "ETag": f'"{path.stem}"', "X-A11y-Audio": "complete"}
    return _file(request, path, headers)


def _file(request: Request, path, headers: dict[str, str]) -> Response:
    """The file (with Range support), or 304 when the client already holds this ETag."""
    if headers["ETag"] in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type="audio/mpeg", headers=headers)


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

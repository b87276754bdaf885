"""Listeners' apps: the podcast feed, each episode's JSON chapters, and each article's playlist.

An article is an episode once its whole-article file exists, because the enclosure must state the
file's exact size. Asking for the feed starts building that file for articles whose every segment
has audio (in the background, once); an article still missing audio is left out until it is whole.
Enclosures point at the content-addressed file (`/audio/articles/<hash>.mp3`), which never changes,
so the size a podcast app was told stays true and nginx can serve it straight from the cache.
"""

import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from mutagen.id3 import ID3

from a11y.audio import mp3
from a11y.article import KST, Article
from a11y.script import Segment
from a11y.podcast import (
    CHAPTERS_TYPE,
    M3U_TYPE,
    RSS_TYPE,
    Channel,
    Episode,
    PlaylistEntry,
    chapters_json,
    m3u,
    rss,
)
from a11y.errors import NotFound
from a11y.service import Service
from a11y.store import StoredArticle
from a11y.web.conditional import not_modified
from a11y.web.deps import ServiceDep

router = APIRouter(tags=["feeds"])

FEED_EPISODES = 50  # newest articles offered; apps keep older episodes they already have
FEED_MAX_AGE_S = 300  # a new article reaches apps within five minutes, and they poll far less often
FEED_FORMAT = 1  # part of the feed's ETag: bump when the feed's markup changes
FEED_BODIES_KEPT = 4
PLAYLIST_MAX_AGE_S = 60  # durations fill in as the audio is made
IMMUTABLE = "public, max-age=31536000, immutable"
TITLE_CHARS = 60
DESCRIPTION_CHARS = 400
CHANNEL_TITLE = "귀로 읽는 뉴스"
CHANNEL_DESCRIPTION = "화면을 보기 어려운 분들을 위해 한국어 뉴스 기사를 문단마다 읽어 드립니다."
CHANNEL_AUTHOR = "a11y"
ARTWORK_PATH = "/static/podcast.png"  # 1400 x 1400 PNG, the smallest square Apple Podcasts accepts


@router.head("/feed.xml", include_in_schema=False)
@router.get("/feed.xml", name="read_feed")
async def read_feed(request: Request, service: ServiceDep):
    """The podcast feed: one episode per article whose whole audio is made, newest first."""
    base = _base(request)
    ready = await run_in_threadpool(_ready_files, service)
    # The ETag is worked out from what the feed shows, not from its bytes, so a poll that has the
    # feed already is answered 304 without building it.
    etag = _feed_etag(base, ready)
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={FEED_MAX_AGE_S}"}
    if not_modified(request.headers, etag):
        return Response(status_code=304, headers=headers)
    bodies = feed_bodies(request)
    body = bodies.get(etag)
    if body is None:
        body = await run_in_threadpool(_build_feed, request, service, ready)
        bodies.put(etag, body)
    return Response(body, media_type=f"{RSS_TYPE}; charset=utf-8", headers=headers)


def _ready_files(service: Service) -> list[tuple[str, str, Path | None]]:
    """(id, version, whole-article file or None) of the newest articles. Asking starts building, on the
    background pool, the file of an article whose every segment has audio."""
    ready = []
    for article_id, version in service.newest_versions(FEED_EPISODES):
        try:
            job = service.article_audio(article_id, background=True)
        except NotFound:  # removed meanwhile
            continue
        done = job is not None and job.done() and job.exception() is None
        ready.append((article_id, version, job.result() if done else None))
    return ready


def _feed_etag(base: str, ready: list[tuple[str, str, Path | None]]) -> str:
    shown = [FEED_FORMAT, base, [(article_id, version, path.name if path else None) for article_id, version, path in ready]]
    return '"' + hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:32] + '"'


def _build_feed(request: Request, service: Service, ready: list[tuple[str, str, Path | None]]) -> bytes:
    base = _base(request)
    channel = Channel(
        title=CHANNEL_TITLE,
        link=base + "/",
        feed_url=base + request.app.url_path_for("read_feed"),
        description=CHANNEL_DESCRIPTION,
        image_url=base + ARTWORK_PATH,
        author=CHANNEL_AUTHOR,
    )
    episodes = []
    for article_id, _version, path in ready:
        if path is None:
            continue
        try:
            stored = service.article(article_id)
        except NotFound:  # removed meanwhile
            continue
        episodes.append(_episode(request, stored, path))
    # The feed changes only when an article does, so the same articles give the same bytes and ETag.
    versions = [datetime.fromisoformat(version) for _id, version, _path in ready]
    built = max(versions, default=datetime(2024, 1, 1, tzinfo=timezone.utc))
    return rss(channel, episodes, built)


class FeedBodies:
    """The last few feeds built, by ETag (one per address the feed is asked by)."""

    def __init__(self, size: int = FEED_BODIES_KEPT):
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self.builds = 0  # how many feeds were built (tests read it)

    def get(self, etag: str) -> bytes | None:
        with self._lock:
            return self._bodies.get(etag)

    def put(self, etag: str, body: bytes) -> None:
        with self._lock:
            self.builds += 1
            self._bodies[etag] = body
            while len(self._bodies) > self._size:
                self._bodies.popitem(last=False)


def feed_bodies(request: Request) -> FeedBodies:
    state = request.app.state
    with _CREATE_LOCK:
        if getattr(state, "feed_bodies", None) is None:
            state.feed_bodies = FeedBodies()
    return state.feed_bodies


_CREATE_LOCK = threading.Lock()


@router.head("/audio/articles/{digest}/chapters.json", include_in_schema=False)
@router.get("/audio/articles/{digest}/chapters.json", name="read_whole_audio_chapters")
async def read_chapters(digest: str, service: ServiceDep):
    """The chapters of one whole-article file (Podcasting 2.0 JSON), read from its own ID3 tags."""
    path = await run_in_threadpool(service.whole_audio, digest)
    info = await run_in_threadpool(_audio_info, service, path)  # reads the file and its tags
    return JSONResponse(
        chapters_json(info.title, info.chapters), media_type=CHAPTERS_TYPE, headers={"Cache-Control": IMMUTABLE}
    )


@router.head("/articles/{article_id}/playlist.m3u8", include_in_schema=False)
@router.get("/articles/{article_id}/playlist.m3u8", name="read_playlist")
async def read_playlist(article_id: str, request: Request, service: ServiceDep):
    """The article's segments as an extended M3U playlist, for players that prefer one."""
    stored = await run_in_threadpool(service.article, article_id)
    segments = await run_in_threadpool(service.script, stored.article)  # the normalizer is CPU work
    entries = await run_in_threadpool(_playlist_entries, request, service, segments)
    text = m3u(stored.article.title, entries)
    return _answer(request, text.encode(), f"{M3U_TYPE}; charset=utf-8", PLAYLIST_MAX_AGE_S)


def _answer(request: Request, body: bytes, media_type: str, max_age_s: int) -> Response:
    headers = {
        "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "Cache-Control": f"public, max-age={max_age_s}",
    }
    if not_modified(request.headers, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _episode(request: Request, item: StoredArticle, path: Path) -> Episode:
    base = _base(request)
    info = _audio_info(request.app.state.service, path)
    digest = path.stem
    return Episode(
        guid=f"a11y-article-{item.id}",
        title=item.article.title,
        link=base + request.app.url_path_for("read_article", article_id=item.id),
        description=_description(item.article),
        published=_aware(item.article.published or item.created_at),
        audio_url=base + request.app.url_path_for("read_whole_audio", digest=digest),
        audio_bytes=info.bytes,
        duration_s=info.duration_s,
        chapters_url=base + request.app.url_path_for("read_whole_audio_chapters", digest=digest),
        image_url=_artwork(item.article, base),
    )


def _playlist_entries(request: Request, service: Service, segments: list[Segment]) -> list[PlaylistEntry]:
    base = _base(request)
    entries = []
    for number, segment in enumerate(segments, start=1):
        found = service.find_audio(segment.key)
        duration = _audio_info(service, found.path).duration_s if found else None
        url = base + request.app.url_path_for("read_audio", key=segment.key)
        entries.append(PlaylistEntry(url, f"{number}. {_shorten(segment.display, TITLE_CHARS)}", duration))
    return entries


class _AudioInfo:
    def __init__(self, data: bytes):
        self.bytes = len(data)
        self.duration_s = mp3.parse(data).duration_ms / 1000
        tags = ID3(io.BytesIO(data))
        self.title = str(tags["TIT2"].text[0]) if "TIT2" in tags else ""
        self.chapters = [
            (chap.start_time / 1000, chap.end_time / 1000, str(chap.sub_frames["TIT2"].text[0]))
            for chap in sorted(tags.getall("CHAP"), key=lambda chap: chap.start_time)
            if "TIT2" in chap.sub_frames
        ]


def _audio_info(service: Service, path: Path) -> _AudioInfo:
    """What an audio file (or S3 object) says of itself, read once per version of it."""
    return _audio_info_of(_Audio(path, service.audio_version(path), service.read_audio))


@dataclass(frozen=True)
class _Audio:
    path: Path  # or the S3 store's StoredObject
    version: tuple  # a file replaced under the same name is read afresh
    read: Callable[[Path], bytes] = field(compare=False, hash=False)


@lru_cache(maxsize=4096)
def _audio_info_of(audio: _Audio) -> _AudioInfo:
    return _AudioInfo(audio.read(audio.path))


def _base(request: Request) -> str:
    """Absolute URLs start here: A11Y_PUBLIC_URL when set (behind a proxy), else what the client asked."""
    configured = request.app.state.settings.public_url
    return (configured or str(request.base_url)).rstrip("/")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=KST)


def _description(article: Article) -> str:
    lead = list(article.subtitles) or [
        block.text for block in article.blocks if getattr(block, "type", "") == "paragraph" and block.text
    ][:1]
    return _shorten(" ".join(lead) or article.title, DESCRIPTION_CHARS)


def _artwork(article: Article, base: str) -> str | None:
    """The first photo, as an absolute URL (a photo may be a path on this site)."""
    src = next((str(block.src) for block in article.blocks if getattr(block, "src", None)), None)
    return base + src if src and src.startswith("/") else src


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

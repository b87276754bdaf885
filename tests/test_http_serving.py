"""What keeps each request cheap, asserted by structure rather than by timing: no folder is listed on
a request path, a feed poll that has the feed gets 304 without the feed being built, a passing health
check is trusted for a few seconds (an injected clock), and the middleware passes the server's
`http.response.pathsend` through, so the server sends whole files itself."""

import glob
import os
import pathlib
import sqlite3
import time

import pytest
from fastapi.testclient import TestClient
from starlette.middleware.base import BaseHTTPMiddleware

from a11y.article import Article
from a11y.service import Service
from a11y.web import ops
from a11y.web.app import create_app
from harness import AUTH, FakeClock, make_settings, run_async

ARTICLE = {
    "title": "요청 경로 시험",
    "published": "2024-11-05T16:19:00",
    "publisher": "이투데이",
    "source_url": "https://example.com/news/serving",
    "blocks": [
        {"type": "paragraph", "text": "청취자가 몰려도 요청 하나의 비용은 같다."},
        {"type": "paragraph", "text": "폴더를 훑지 않고 이름으로 찾는다."},
    ],
}
PENDING = {
    "title": "음성이 아직 없는 기사",
    "source_url": "https://example.com/news/serving-pending",
    "blocks": [{"type": "paragraph", "text": "이 문단의 음성은 누군가 들으려 할 때 만들어진다."}],
}
CACHED_FILES = 20_000


class FolderListed(AssertionError):
    pass


@pytest.fixture
def no_listing(monkeypatch):
    """While on, listing any folder (glob, scandir, listdir, iterdir) fails the test."""

    def refuse(*_args, **_kwargs):
        raise FolderListed("a folder was listed on a request path")

    def on():
        for owner, name in ((pathlib.Path, "glob"), (pathlib.Path, "rglob"), (pathlib.Path, "iterdir"),
                            (os, "scandir"), (os, "listdir"), (glob, "glob"), (glob, "iglob")):  # fmt: skip
            monkeypatch.setattr(owner, name, refuse)

    return on


def test_no_request_lists_the_audio_folder_even_with_20000_files(tmp_path, no_listing):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    made, _ = service.ingest(Article.model_validate(ARTICLE))
    pending, _ = service.ingest(Article.model_validate(PENDING))
    for segment in service.script(made.article):
        service.synthesizer.audio_for(segment)
    settings.audio_cache_dir.mkdir(exist_ok=True)
    for number in range(CACHED_FILES):  # other articles' audio: a listing would have to walk them all
        (settings.audio_cache_dir / f"{number:064x}.mp3").touch()
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        no_listing()
        made_page = client.get(f"/articles/{made.id}")
        pending_page = client.get(f"/articles/{pending.id}")
        assert made_page.status_code == pending_page.status_code == 200
        assert "음성 준비 중" in pending_page.text
        for segment in service.script(made.article):
            assert client.get(f"/audio/{segment.key}.mp3").status_code == 200
        assert client.get(f"/articles/{made.id}/audio.mp3").headers["x-a11y-audio"] == "complete"
        assert client.get("/feed.xml").status_code == 200
        assert client.get(f"/articles/{pending.id}/playlist.m3u8").status_code == 200
        assert client.get("/healthz").status_code == 200
        missing = service.script(pending.article)[1]
        assert client.get(f"/audio/{missing.key}.mp3").status_code == 200  # made on demand, by name
        service.pregen.enqueue(pending.id)
        service.pregen.drain()


def test_a_feed_poll_holding_the_feed_gets_304_without_the_feed_being_built(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    made, _ = service.ingest(Article.model_validate(ARTICLE))
    for segment in service.script(made.article):
        service.synthesizer.audio_for(segment)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        deadline = time.monotonic() + 60
        while b"<item>" not in (first := client.get("/feed.xml")).content:  # the whole file is built meanwhile
            assert time.monotonic() < deadline, "the episode never appeared"
            time.sleep(0.1)
        assert client.app.state.feed_bodies.builds == 2  # without the episode, then with it
    # A new process (a restart, another worker) knows nothing yet, and still needs no feed to answer.
    with TestClient(create_app(settings, Service.from_settings(settings)), headers=AUTH) as fresh:
        again = fresh.get("/feed.xml", headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.headers["etag"] == first.headers["etag"]
        assert getattr(fresh.app.state, "feed_bodies", None) is None, "the feed was built to answer a 304"
        assert fresh.get("/feed.xml").content == first.content


def test_a_passing_health_check_is_trusted_for_a_few_seconds_and_a_failing_one_never(tmp_path):
    settings = make_settings(tmp_path)
    clock = FakeClock()
    with TestClient(create_app(settings, clock=clock), headers=AUTH) as client:
        assert client.get("/healthz").json()["cache"] == "ok"
        cache = settings.audio_cache_dir
        cache.rmdir()
        cache.write_bytes(b"not a folder")  # no file can be written in it now
        clock.now += ops.WRITE_CHECK_KEPT_S - 0.5
        assert client.get("/healthz").status_code == 200, "checked again before its time"
        clock.now += 1
        failing = client.get("/healthz")
        assert failing.status_code == 503 and failing.json()["cache"].startswith("error:")
        cache.unlink()
        cache.mkdir()
        assert client.get("/healthz").status_code == 200, "a failure is checked again at the next probe"


def test_no_middleware_wraps_the_answer_in_a_body_stream(client):
    # BaseHTTPMiddleware turns every answer into a body stream, which hides pathsend from the server.
    for middleware in client.app.user_middleware:
        assert not issubclass(middleware.cls, BaseHTTPMiddleware), middleware.cls


def test_pathsend_passes_through_the_middleware_for_a_whole_file_and_not_for_a_range(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    audio = service.synthesizer.audio_for(service.script(stored.article)[1])
    app = create_app(settings, service)

    whole = run_async(_call(app, f"/audio/{audio.key}.mp3"))
    assert [message["type"] for message in whole] == ["http.response.start", "http.response.pathsend"]
    assert whole[1] == {"type": "http.response.pathsend", "path": str(audio.path)}
    assert os.path.isabs(whole[1]["path"])
    headers = dict(whole[0]["headers"])
    assert headers[b"content-length"] == str(audio.path.stat().st_size).encode()
    assert headers[b"x-content-type-options"] == b"nosniff" and b"x-request-id" in headers  # our middleware ran

    ranged = run_async(_call(app, f"/audio/{audio.key}.mp3", [(b"range", b"bytes=0-99")]))
    assert ranged[0]["status"] == 206
    assert b"".join(message.get("body", b"") for message in ranged[1:]) == audio.path.read_bytes()[:100]


async def _call(app, path: str, headers: list[tuple[bytes, bytes]] = ()) -> list[dict]:
    """One GET through the whole ASGI stack, as a server that offers pathsend makes it."""
    scope = {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
        "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"host", b"testserver"), *headers], "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80), "extensions": {"http.response.pathsend": {}},
    }  # fmt: skip
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent


def test_the_article_audio_url_reads_no_article_while_nothing_changed(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    for segment in service.script(stored.article):
        service.synthesizer.audio_for(segment)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        first = client.get(f"/articles/{stored.id}/audio.mp3")
        assert first.headers["x-a11y-audio"] == "complete"
        # The stored body becomes unreadable, its version unchanged: an answer that read the article
        # (to script it and look at every segment's file) would fail now.
        with sqlite3.connect(settings.database_path) as db:
            db.execute("""UPDATE articles SET body = '{"not": "an article"}' WHERE id = ?""", (stored.id,))
        for _ in range(3):
            again = client.get(f"/articles/{stored.id}/audio.mp3")
            assert again.status_code == 200 and again.headers["etag"] == first.headers["etag"]
            assert again.content == first.content
        assert client.get(f"/articles/{stored.id}/audio.mp3", headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_behind_nginx_each_listener_is_their_own_client(tmp_path):
    # nginx on this machine names the client in X-Forwarded-For: the per-client write limit counts
    # each reader apart, not everyone as 127.0.0.1.
    app = create_app(make_settings(tmp_path, write_burst=1, writes_per_minute=1))
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        first, second = ({"X-Forwarded-For": "203.0.113.7"}, {"X-Forwarded-For": "198.51.100.9"})
        assert client.post("/api/articles", headers=first, json={}).status_code == 401  # its one write: no token
        assert client.post("/api/articles", headers=first, json={}).status_code == 429
        assert client.post("/api/articles", headers=second, json={}).status_code == 401  # another reader

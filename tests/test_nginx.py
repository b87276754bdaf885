"""The shipped deploy/nginx.conf in front of the real app, both on loopback: finished audio is sent
by nginx alone, with the app's headers; anything not made yet, and everything else, reaches the app."""

import json
import os
import shutil
import time

import httpx
import pytest

from harness import TOKEN
from loopback import NGINX, app_server, free_port, nginx_config, nginx_server, requests_in_log

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") or os.path.exists(NGINX)), reason="nginx is not installed (Debian: nginx-light)"
)

ARTICLE = {
    "title": "엔진엑스 앞에서",
    "published": "2024-11-05T16:19:00",
    "source_url": "https://example.com/news/nginx",
    "blocks": [{"type": "paragraph", "text": "이미 만든 음성은 엔진엑스가 바로 보낸다."}],
}
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    """(client through nginx, client straight to the app, the app's access log, the cache folder)."""
    root = tmp_path_factory.mktemp("nginx")
    cache_dir = root / "audio_cache"
    cache_dir.mkdir()
    env = {
        "A11Y_DATA_DIR": str(root / "data"),
        "A11Y_AUDIO_CACHE_DIR": str(cache_dir),
        "A11Y_ENGINES": "espeak",
        "A11Y_PREGENERATE": "false",
        "A11Y_PUBLISHER_TOKEN": TOKEN,
    }
    app_port, nginx_port = free_port(), free_port()
    log = root / "app.log"
    with app_server(env, app_port, log):
        with nginx_server(nginx_config(nginx_port, app_port, cache_dir, root / "nginx"), root / "nginx", nginx_port):
            headers = {"Authorization": f"Bearer {TOKEN}"}
            with (
                httpx.Client(base_url=f"http://127.0.0.1:{nginx_port}", headers=headers, timeout=60) as via_nginx,
                httpx.Client(base_url=f"http://127.0.0.1:{app_port}", timeout=60) as direct,
            ):
                yield via_nginx, direct, log, cache_dir


@pytest.fixture(scope="module")
def article(front):
    via_nginx = front[0]
    created = via_nginx.post("/api/articles", content=json.dumps(ARTICLE), headers={"Content-Type": "application/json"})
    assert created.status_code == 201, created.text
    return via_nginx.get(f"/api/articles/{created.json()['id']}").json()


def test_a_miss_reaches_the_app_and_a_hit_never_does(front, article):
    via_nginx, direct, log, cache_dir = front
    path = f"/audio/{article['segments'][1]['key']}.mp3"
    assert requests_in_log(log, path) == 0
    made = via_nginx.get(path)  # not made yet: nginx finds no file and asks the app, which makes it
    assert made.status_code == 200 and made.headers["content-type"] == "audio/mpeg"
    assert _logged(log, path) == 1
    for _ in range(5):
        hit = via_nginx.get(path)
        assert hit.status_code == 200 and hit.content == made.content
    ranged = via_nginx.get(path, headers={"Range": "bytes=-100"})
    assert ranged.status_code == 206 and ranged.content == made.content[-100:]
    assert via_nginx.head(path).status_code == 200
    assert requests_in_log(log, path) == 1, "nginx sent the file without asking the app"


def test_nginx_sends_the_same_headers_as_the_app(front, article):
    via_nginx, direct, log, _ = front
    path = f"/audio/{article['segments'][0]['key']}.mp3"
    from_app = direct.get(path)  # made and answered by the app
    from_nginx = via_nginx.get(path)
    assert from_nginx.content == from_app.content
    for name in ("cache-control", "etag", "last-modified", "accept-ranges", "content-type", "content-length"):
        assert from_nginx.headers[name] == from_app.headers[name], name
    assert from_nginx.headers["cache-control"] == IMMUTABLE
    assert from_nginx.headers["x-a11y-fallback"] == "false"
    for validator in ({"If-None-Match": from_app.headers["etag"]}, {"If-Modified-Since": from_app.headers["last-modified"]}):
        assert via_nginx.get(path, headers=validator).status_code == 304
        assert direct.get(path, headers=validator).status_code == 304
    stale = via_nginx.get(path, headers={"Range": "bytes=0-9", "If-Range": '"0-0"'})
    assert stale.status_code == 200 and len(stale.content) == len(from_app.content)
    unsatisfiable = via_nginx.get(path, headers={"Range": f"bytes={len(from_app.content)}-"})
    assert unsatisfiable.status_code == 416
    assert unsatisfiable.headers["content-range"] == f"bytes */{len(from_app.content)}"


def test_whole_article_files_by_hash_are_sent_by_nginx(front, article):
    via_nginx, direct, log, cache_dir = front
    for segment in article["segments"]:
        assert via_nginx.get(f"/audio/{segment['key']}.mp3").status_code == 200
    by_id = via_nginx.get(f"/articles/{article['id']}/audio.mp3")  # built by the app
    assert by_id.status_code == 200 and by_id.headers["x-a11y-audio"] == "complete"
    [whole] = (cache_dir / "articles").glob("*.mp3")
    path = f"/audio/articles/{whole.stem}.mp3"
    for _ in range(3):
        hit = via_nginx.get(path)
        assert hit.status_code == 200 and hit.content == by_id.content
        assert hit.headers["cache-control"] == IMMUTABLE
    assert requests_in_log(log, path) == 0
    assert hit.headers["etag"] == direct.get(path).headers["etag"]


def test_everything_else_is_the_apps(front, article):
    via_nginx, _, log, _ = front
    page = via_nginx.get(f"/articles/{article['id']}")
    assert page.status_code == 200 and "엔진엑스 앞에서" in page.text
    assert _logged(log, f"/articles/{article['id']}") >= 1
    missing = via_nginx.get(f"/audio/{'0' * 64}.mp3")  # no file, and no article says it: the app's 404
    assert missing.status_code == 404 and "찾을 수 없습니다" in missing.json()["detail"]
    assert _logged(log, f"/audio/{'0' * 64}.mp3") == 1
    for hidden in ("/audio/.locks/pregen.lock", "/audio/articles/", "/audio/x.mp3.part"):
        assert via_nginx.get(hidden).status_code == 404, hidden


def _logged(log, path: str, wait_s: float = 10.0) -> int:
    """Requests for path in the app's log, once there is one: the app writes a request's line just
    after its answer has gone out, so the client may read the answer a moment before the line exists."""
    deadline = time.monotonic() + wait_s
    while (count := requests_in_log(log, path)) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    return count

"""The process: killed with SIGKILL mid-work 20 times, two of them writing at once, and stopped with
SIGTERM while a segment is being made. Real processes (tests/fault_worker.py, `a11y serve`)."""

import json
import logging
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from fault_worker import ARTICLES, TOPICS, service_for, version
from harness import AUTH, SAMPLE_JSON

from a11y.audio.encoding import decode_mp3
from a11y.audio.files import TEMP_SUFFIX
from a11y.logs import JsonFormatter
from a11y.store import Store

WORKER = Path(__file__).resolve().parent / "fault_worker.py"
KILLS = 20
TITLE = re.compile(r"(?P<topic>\S+) 소식 (?P<number>\d+)판")


def _start(tmp_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(tmp_path / "data"), str(tmp_path / "cache"), *args],
        stdout=subprocess.PIPE, text=True,
    )


def _assert_whole(tmp_path: Path) -> int:
    """Every stored article is one whole version (body and segments agree); every cached file is a
    whole MP3. Returns how many audio files there are."""
    service = service_for(tmp_path / "data", tmp_path / "cache")
    store = Store(tmp_path / "data" / "a11y.sqlite3")  # opens: no recovery needed beyond SQLite's own
    for article_id in store.ids():
        article = store.get(article_id).article
        match = TITLE.fullmatch(article.title)
        expected = version(match["topic"], int(match["number"])) if match else article
        assert article == expected, "an article mixes two versions"
        keys = [key for _position, key, _spoken in store.segment_rows(article_id)]
        assert keys == [segment.key for segment in service.script(expected)], "segments of another version"
    files = [path for path in (tmp_path / "cache").glob("*.mp3")]
    for path in files:
        assert decode_mp3(path.read_bytes()).duration_seconds > 0.3, f"{path.name} is not whole"
    return len(files)


def test_killed_20_times_mid_ingest_and_synthesis_nothing_is_half_and_pregeneration_resumes(tmp_path):
    chance = random.Random(8)
    for _kill in range(KILLS):
        worker = _start(tmp_path, "churn")
        assert worker.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0.05, 0.6))
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(10) == -signal.SIGKILL
        _assert_whole(tmp_path)
    syntheses = (tmp_path / "syntheses.log").read_text(encoding="utf-8").splitlines()
    assert len(syntheses) >= KILLS  # the kills did land during synthesis, not only between

    # Restarted: the queue the killed workers left is worked off, and every segment has its audio.
    service = service_for(tmp_path / "data", tmp_path / "cache")
    assert {article_id for _place, article_id in service.store.pregen_queue()} <= set(service.store.ids())
    service.pregen.drain()
    assert service.store.pregen_queue() == []
    for article_id in service.store.ids():
        for _position, key, _spoken in service.store.segment_rows(article_id):
            assert service.synthesizer.cache.find(key) is not None
    # Each stored article (title and three paragraphs) has its four files; how many topics the kills
    # let the workers reach depends on the machine's speed (every restart begins at the first topic).
    stored = service.store.ids()
    assert stored, "no article was ever stored"
    assert _assert_whole(tmp_path) >= 4 * len(stored)
    # What a killed writer left is a temporary file, never served, and prune removes it.
    leftovers = list((tmp_path / "cache").glob(f"*{TEMP_SUFFIX}"))
    assert all(not path.name.endswith(".mp3") for path in leftovers)


def test_two_processes_ingesting_and_synthesizing_at_once_lose_nothing_and_make_nothing_twice(tmp_path):
    workers = [_start(tmp_path, "share", name) for name in ("a", "b")]
    for worker in workers:
        assert worker.stdout.readline().strip() == "done"
        assert worker.wait(60) == 0
    store = Store(tmp_path / "data" / "a11y.sqlite3")
    titles = sorted(stored.article.title for stored in map(store.get, store.ids()))
    own = [f"{name}의 기사 {n}" for name in "ab" for n in range(1, 4)]
    assert [title for title in titles if "의 기사" in title] == own  # no lost update
    assert len(titles) == len(own) + len(TOPICS)
    _assert_whole(tmp_path)
    said = Counter((tmp_path / "syntheses.log").read_text(encoding="utf-8").splitlines())
    assert said and max(said.values()) == 1, [text for text, times in said.items() if times > 1]
    service = service_for(tmp_path / "data", tmp_path / "cache")
    for article_id in store.ids():
        for _position, key, _spoken in store.segment_rows(article_id):
            assert service.synthesizer.cache.find(key) is not None
    assert len(ARTICLES) == len(TOPICS)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# What `a11y serve` runs (Granian, one worker), with a voice that takes 2 s a segment.
SLOW_SERVER = """
import sys
sys.path.insert(0, {tests!r})
from harness import make_settings
from voices import SlowVoice
from a11y.service import Service
from a11y.web.app import create_app
from a11y.web.server import serve
from pathlib import Path
root = Path({root!r})
settings = make_settings(root, pregenerate=False, port={port})

def slow_app():
    service = Service.from_settings(settings, engines=[SlowVoice("espeak", delay_s=2.0, log=root / "syntheses.log")])
    return create_app(settings, service)

serve(settings, app_factory=slow_app)
"""


@pytest.fixture
def slow_server(tmp_path):
    """A real server process whose voice takes 2 s a segment; yields (process, base URL)."""
    port = _free_port()
    code = SLOW_SERVER.format(tests=str(Path(__file__).parent), root=str(tmp_path), port=port)
    process = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline and process.poll() is None, "the server did not start"
            time.sleep(0.1)
    yield process, base
    if process.poll() is None:
        process.kill()
        process.wait()


def test_sigterm_during_a_slow_synthesis_finishes_the_segment_then_exits(slow_server, tmp_path):
    process, base = slow_server
    stored = httpx.post(f"{base}/api/articles", content=SAMPLE_JSON.read_bytes(),
                        headers={**AUTH, "content-type": "application/json"}).json()
    key = stored["segments"][1]["key"]
    answers = []
    listener = threading.Thread(target=lambda: answers.append(httpx.get(f"{base}/audio/{key}.mp3", timeout=30)))
    listener.start()
    deadline = time.monotonic() + 10
    while not (tmp_path / "syntheses.log").exists():  # the voice has started on it
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0  # the server finishes what it has in hand, then exits cleanly
    listener.join(10)
    assert answers[0].status_code == 200  # the listener who was waiting got the segment
    audio = decode_mp3((tmp_path / "audio_cache" / f"{key}.mp3").read_bytes())
    assert audio.duration_seconds > 1.0
    assert not list((tmp_path / "audio_cache").glob(f"*{TEMP_SUFFIX}"))
    logs = [json.loads(line) for line in process.stderr.read().splitlines() if line.startswith("{")]
    assert any(line.get("path") == f"/audio/{key}.mp3" and line.get("status") == 200 and line.get("request_id")
               for line in logs)


def test_requests_carry_an_id_into_the_json_log_line(slow_server):
    process, base = slow_server
    answer = httpx.get(f"{base}/healthz", headers={"X-Request-ID": "trace-42"})
    assert answer.headers["x-request-id"] == "trace-42"
    made_up = httpx.get(f"{base}/healthz", headers={"X-Request-ID": "bad id\twith\"quotes"})
    assert re.fullmatch(r"[0-9a-f]{32}", made_up.headers["x-request-id"])  # a new one, not the caller's text
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    lines = [json.loads(line) for line in process.stderr.read().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "a11y.access"]
    assert {"request_id": "trace-42", "method": "GET", "path": "/healthz", "status": 200}.items() <= access[-2].items()
    assert access[-1]["request_id"] == made_up.headers["x-request-id"]
    assert all("time" in line and "level" in line for line in lines)


def test_oversized_headers_are_refused_by_the_server_itself(slow_server):
    _process, base = slow_server
    answer = httpx.get(f"{base}/", headers={"X-Padding": "a" * 100_000}, timeout=10)
    assert answer.status_code == 431  # A11Y_MAX_HEADER_BYTES, 16 KiB
    assert "요청 헤더가 너무 큽니다" in answer.json()["detail"]
    try:  # far larger: refused by us, or the server gives up first (a 400 or a closed connection)
        assert httpx.get(f"{base}/", headers={"X-Padding": "a" * 10_000_000}, timeout=30).status_code in (400, 431)
    except httpx.TransportError:
        pass
    assert httpx.get(f"{base}/healthz").status_code == 200  # and it goes on serving


def test_json_formatter_puts_extra_fields_and_the_request_id_in_one_line():
    record = logging.makeLogRecord({"name": "a11y.test", "levelname": "WARNING", "msg": "voice %s failed",
                                    "args": ("gtts",), "request_id": "abc", "segment": "k1"})
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "voice gtts failed" and line["request_id"] == "abc" and line["segment"] == "k1"
    assert line["level"] == "warning" and line["logger"] == "a11y.test"


OPENER = """
import sys, time
from pathlib import Path
from a11y.store import Store
go = float(sys.argv[2])
while time.time() < go:
    pass
Store(Path(sys.argv[1]))
print("opened")
"""


def test_processes_opening_one_new_store_at_the_same_instant_all_open_it(tmp_path):
    """Workers starting together on a fresh machine each create the file, switch it to WAL and create
    its tables; SQLite refuses the losers of that race without waiting, and each must try again."""
    path, go = tmp_path / "data" / "a11y.sqlite3", time.time() + 2.0
    openers = [subprocess.Popen([sys.executable, "-c", OPENER, str(path), str(go)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [opener.communicate(timeout=60) for opener in openers]
    assert [out.strip() for out, _ in results] == ["opened"] * 6, [err for _, err in results if err]
    assert Store(path).ids() == []

"""The job queue (Procrastinate on a real PostgreSQL) and `a11y worker`: one job per segment key however
many ask, retries with backoff, priorities, web nodes that answer 503 until a worker made the audio,
and a worker killed mid-job whose job another worker finishes."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from a11y.article import Article
from a11y.audio.encoding import AudioSegment
from a11y.engines import SynthesisError
from a11y.errors import NotReady
from a11y.jobs.queue import BUILD_ARTICLE_AUDIO, MAKE_SEGMENT
from a11y.jobs.worker import work
from a11y.service import Service
from a11y.store import upgrade
from a11y.web.app import create_app
from harness import AUTH, make_settings
from queue_worker import FAST_CHECKS, CountingVoice, counted

HERE = Path(__file__).resolve().parent


def article(name: str, paragraphs: int = 2) -> Article:
    """An article whose title and paragraphs are one sentence each, all different."""
    return Article.model_validate(
        {
            "title": f"{name} 소식",
            "source_url": f"https://example.com/news/{name}",
            "blocks": [{"type": "paragraph", "text": f"{name}의 {place}번째 문단입니다."} for place in range(1, paragraphs + 1)],
        }
    )


@pytest.fixture
def queue_settings(tmp_path, postgres_url):
    settings = make_settings(tmp_path, database_url=postgres_url, jobs="queue", pregenerate=True)
    upgrade(settings)  # `a11y db upgrade`: the store's schema, then the queue's
    return settings


@pytest.fixture
def voice_log(tmp_path) -> Path:
    return tmp_path / "syntheses.log"


def service_for(settings, voice) -> Service:
    return Service.from_settings(settings, engines=[voice])


def jobs(url: str) -> list[dict]:
    """Every job in the queue, oldest first."""
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as db:
        return db.execute(
            "SELECT id, task_name, args, status, priority, attempts FROM procrastinate_jobs ORDER BY id"
        ).fetchall()


def started_order(url: str) -> list[dict]:
    """Jobs in the order workers started them (first start of each)."""
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as db:
        return db.execute(
            "SELECT j.task_name, j.args, j.priority, min(e.at) AS started FROM procrastinate_jobs j "
            "JOIN procrastinate_events e ON e.job_id = j.id AND e.type = 'started' "
            "GROUP BY j.id ORDER BY started, j.id"
        ).fetchall()


def drain(service: Service, concurrency: int = 1) -> None:
    """Run a worker in this process until no job is ready."""
    run_in_thread(work(service, concurrency, wait=False, install_signal_handlers=False, **FAST_CHECKS))


def run_in_thread(coroutine):
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result(timeout=120)


@contextmanager
def worker_running(service: Service, **options):
    """A worker in a thread of this process while the block runs (waiting for jobs), then stopped."""
    loop = asyncio.new_event_loop()
    task = loop.create_task(work(service, install_signal_handlers=False, **{**FAST_CHECKS, **options}))

    def main():
        with suppress(asyncio.CancelledError):
            loop.run_until_complete(task)
        loop.close()

    thread = threading.Thread(target=main)
    thread.start()
    try:
        yield
    finally:
        loop.call_soon_threadsafe(task.cancel)
        thread.join(60)


def wait_for(condition, timeout_s: float = 60.0, what: str = "the condition"):
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_db_upgrade_installs_the_queue_once(tmp_path, postgres_url):
    local = make_settings(tmp_path, database_url=postgres_url)  # no queue: nothing of it applied
    assert "job queue (Procrastinate)" not in upgrade(local)
    settings = make_settings(tmp_path, database_url=postgres_url, jobs="queue")
    assert upgrade(settings) == ["job queue (Procrastinate)"]  # the store's schema was there already
    assert upgrade(settings) == []  # again: nothing to do
    assert jobs(postgres_url) == []


def test_a11y_db_upgrade_then_a11y_worker_stops_on_sigterm(tmp_path, postgres_url):
    env = {**os.environ, "A11Y_DATABASE_URL": postgres_url, "A11Y_JOBS": "queue", "A11Y_DATA_DIR": str(tmp_path / "data"),
           "A11Y_AUDIO_CACHE_DIR": str(tmp_path / "audio_cache"), "A11Y_ENGINES": "espeak"}
    upgraded = subprocess.run([sys.executable, "-m", "a11y", "db", "upgrade"], env=env, capture_output=True, text=True, timeout=60)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "applied job queue (Procrastinate)" in upgraded.stdout
    worker = subprocess.Popen([sys.executable, "-m", "a11y", "worker"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: workers_registered(postgres_url) == 1, 30, "the worker to register")
    finally:
        worker.send_signal(signal.SIGTERM)
        _out, logged = worker.communicate(timeout=30)
    assert worker.returncode == 0, logged
    assert workers_registered(postgres_url) == 0  # it said goodbye


def workers_registered(url: str) -> int:
    with psycopg.connect(url) as db:
        return db.execute("SELECT count(*) FROM procrastinate_workers").fetchone()[0]


def test_one_job_per_key_however_many_ask(queue_settings, voice_log):
    web = service_for(queue_settings.model_copy(update={"pregenerate": False}), CountingVoice(voice_log))
    stored, _created = web.ingest(article("폭설", paragraphs=1))
    _place, key, spoken = web.store.segment_rows(stored.id)[1]
    asked = threading.Barrier(12)

    def listener(_):
        asked.wait()
        with pytest.raises(NotReady):
            web.audio_future(key)

    with ThreadPoolExecutor(12) as pool:
        list(pool.map(listener, range(12)))
    queued = jobs(queue_settings.database_url)
    assert [(job["task_name"], job["args"], job["status"]) for job in queued] == [(MAKE_SEGMENT, {"key": key, "upgrade": False}, "todo")]

    drain(service_for(queue_settings, CountingVoice(voice_log)))
    assert counted(voice_log)["done"] == {spoken: 1}
    assert web.audio_future(key).result().path.exists()
    assert web.synthesizer.cache.find(key) is not None


def test_resynthesis_in_queue_mode_queues_exactly_the_missing_segments_for_the_workers(queue_settings, voice_log):
    """POST /api/articles/{id}/synthesis on a web node: the segments no voice has made are queued, in
    listening order, and the answer counts them; the web node makes nothing itself."""
    web = service_for(queue_settings.model_copy(update={"pregenerate": False}), CountingVoice(voice_log))
    stored, _created = web.ingest(article("한파", paragraphs=2))
    rows = web.store.segment_rows(stored.id)
    web.synthesizer.make_now(web.script(stored.article)[0])  # the title's audio exists already
    assert web.resynthesize(stored.id) == 2
    queued = [(job["task_name"], job["args"]["key"]) for job in jobs(queue_settings.database_url)]
    assert queued == [(MAKE_SEGMENT, rows[1][1]), (MAKE_SEGMENT, rows[2][1])]
    assert counted(voice_log)["done"] == {rows[0][2]: 1}  # only the one made on purpose above


class FlakyVoice(CountingVoice):
    """Fails its first `failures` syntheses (Google's voice away for a moment), noting when each came."""

    def __init__(self, log: Path, failures: int):
        super().__init__(log)
        self.failures, self.calls = failures, []

    def synthesize(self, text: str) -> AudioSegment:
        self.calls.append(time.monotonic())
        if len(self.calls) <= self.failures:
            raise SynthesisError("the voice is away for a moment")
        return super().synthesize(text)


def test_a_failing_job_is_retried_with_backoff_then_succeeds(queue_settings, voice_log):
    web = service_for(queue_settings.model_copy(update={"pregenerate": False}), CountingVoice(voice_log))
    stored, _created = web.ingest(article("지진", paragraphs=1))
    key = web.store.segment_rows(stored.id)[0][1]
    with pytest.raises(NotReady):
        web.audio_future(key)
    voice = FlakyVoice(voice_log, failures=2)
    with worker_running(service_for(queue_settings, voice)):
        wait_for(lambda: web.synthesizer.cache.find(key) is not None, 60, "the audio after two failures")
    first, second, third = voice.calls
    assert second - first >= 1.9  # 2 s, then 4 s: exponential backoff
    assert third - second >= 3.9
    [job] = jobs(queue_settings.database_url)
    assert (job["status"], job["attempts"]) == ("succeeded", 3)  # three runs: two failures, then the audio
    assert web.audio_states([key])[key]["state"] == "ready"


def test_first_segments_of_every_article_come_before_second_ones_and_whole_files_last(queue_settings, voice_log):
    web = service_for(queue_settings, CountingVoice(voice_log))
    first, _ = web.ingest(article("선거", paragraphs=2))
    second, _ = web.ingest(article("태풍", paragraphs=2))
    assert web.article_audio(first.id) is None  # queues the whole-article file too
    assert web.article_audio(second.id) is None
    drain(service_for(queue_settings, CountingVoice(voice_log)))

    order = started_order(queue_settings.database_url)
    positions = {key: place for stored in (first, second) for place, key, _ in web.store.segment_rows(stored.id)}
    segments = [positions[job["args"]["key"]] for job in order if job["task_name"] == MAKE_SEGMENT]
    assert segments == [1, 1, 2, 2, 3, 3]
    assert [job["task_name"] for job in order[-2:]] == [BUILD_ARTICLE_AUDIO, BUILD_ARTICLE_AUDIO]
    assert [job["priority"] for job in order] == sorted((job["priority"] for job in order), reverse=True)
    assert web.article_audio(first.id).result().exists()
    assert sum(counted(voice_log)["done"].values()) == 6


def test_queue_mode_web_answers_503_until_a_worker_made_the_audio(queue_settings, voice_log):
    web_voice = CountingVoice(voice_log.with_name("web.log"))
    web = service_for(queue_settings, web_voice)
    with TestClient(create_app(queue_settings, service=web), headers=AUTH) as client:
        assert web.pregen._thread is None  # no pre-generation thread on a web node
        stored, _ = web.ingest(article("한파", paragraphs=1))
        key = web.store.segment_rows(stored.id)[1][1]
        for url in (f"/audio/{key}.mp3", f"/articles/{stored.id}/audio.mp3"):
            answer = client.get(url)
            assert answer.status_code == 503, url
            assert answer.headers["Retry-After"].isdigit()
            assert answer.headers["Cache-Control"] == "no-store"

        drain(service_for(queue_settings, CountingVoice(voice_log)))

        segment = client.get(f"/audio/{key}.mp3")
        assert segment.status_code == 200
        assert segment.headers["content-type"] == "audio/mpeg"
        whole = client.get(f"/articles/{stored.id}/audio.mp3")
        assert whole.status_code == 200
        assert whole.headers["X-A11y-Audio"] == "complete"
    assert not web_voice.log.exists()  # the web node never synthesized
    assert sum(counted(voice_log)["done"].values()) == 2


def start_worker(root: Path, url: str, delay_s: float, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HERE / "queue_worker.py"), str(root), url, str(delay_s), str(log)],
        stdout=subprocess.DEVNULL,
        stderr=open(root / f"worker-{time.monotonic_ns()}.log", "w"),
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
    )


def test_a_worker_killed_mid_job_is_replaced_and_nothing_is_made_twice(queue_settings, voice_log, tmp_path):
    web = service_for(queue_settings, CountingVoice(voice_log))
    stored, _ = web.ingest(article("홍수", paragraphs=2))
    rows = web.store.segment_rows(stored.id)
    keys, first_text = [key for _place, key, _spoken in rows], rows[0][2]

    doomed = start_worker(tmp_path, queue_settings.database_url, 30.0, voice_log)
    try:
        wait_for(lambda: counted(voice_log)["start"].get(first_text), 60, "the first worker to start a job")
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    assert counted(voice_log)["done"] == {}

    rescuer = start_worker(tmp_path, queue_settings.database_url, 0.0, voice_log)
    try:
        wait_for(lambda: all(web.synthesizer.cache.find(key) for key in keys), 90, "the second worker to finish")
    finally:
        rescuer.send_signal(signal.SIGTERM)
        assert rescuer.wait(30) == 0  # stops cleanly
    counts = counted(voice_log)
    assert set(counts["done"].values()) == {1} and len(counts["done"]) == 3
    assert counts["start"][first_text] == 2  # begun by the killed worker, made by the other
    assert {job["status"] for job in jobs(queue_settings.database_url)} == {"succeeded"}


def test_sigterm_lets_the_job_in_hand_finish(queue_settings, voice_log, tmp_path):
    web = service_for(queue_settings, CountingVoice(voice_log))
    stored, _ = web.ingest(article("가뭄", paragraphs=1))
    title = web.store.segment_rows(stored.id)[0][2]
    worker = start_worker(tmp_path, queue_settings.database_url, 2.0, voice_log)
    try:
        wait_for(lambda: counted(voice_log)["start"], 60, "the worker to start a job")
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(30) == 0
    counts = counted(voice_log)
    assert counts["done"] == counts["start"] == {title: 1}  # finished, and took no other job
    statuses = sorted(job["status"] for job in jobs(queue_settings.database_url))
    assert statuses == ["succeeded", "todo"]

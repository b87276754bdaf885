"""`a11y worker` processes on a real PostgreSQL (started here, as the tests start it): 20 new articles
ingested at once in queue mode, made by 1, 2 and 4 worker processes with the offline voice (espeak).

    .venv/bin/python bench/workers.py [ARTICLES]      # default 20

Prints, per worker count: syntheses per segment (each text's finished syntheses, counted by the
workers' voice in a log file; target 1.00), throughput (segments made per second, from the first
ingest to the last segment's audio) and time from an article's ingest to its first segment's audio
(p50 and max). The workers are started and registered before the first ingest, so their start-up
is not counted.
"""

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))

import psycopg  # noqa: E402

from a11y.article import Article  # noqa: E402
from a11y.service import Service  # noqa: E402
from a11y.store import upgrade  # noqa: E402
from harness import make_settings  # noqa: E402
from postgres import postgres_server  # noqa: E402
from queue_worker import CountingVoice, counted  # noqa: E402

WORKER_COUNTS = (1, 2, 4)
PARAGRAPHS = 3  # and the title: four segments an article
TOPICS = ("폭설", "지진", "선거", "태풍", "한파", "가뭄", "홍수", "산불", "폭염", "황사")
POLL_S = 0.02


def article(run: int, number: int) -> Article:
    """Every sentence of every article and run different, so no audio is shared."""
    topic = TOPICS[number % len(TOPICS)]
    return Article.model_validate(
        {
            "title": f"{topic} 속보 {run}회차 {number}호",
            "source_url": f"https://news.example.kr/workers/{run}/{number}",
            "blocks": [
                {"type": "paragraph", "text": f"{topic} {number}호 기사 {run}회차의 {place}번째 문단은 피해 상황을 전합니다."}
                for place in range(1, PARAGRAPHS + 1)
            ],
        }
    )


def measure(server, workers: int, articles: int, run: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"a11y-workers-{workers}-"))
    url = server.fresh_database()
    log = root / "syntheses.log"
    settings = make_settings(root, database_url=url, jobs="queue", pregenerate=True)
    upgrade(settings)
    web = Service.from_settings(settings, engines=[CountingVoice(root / "web.log")])
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    errors = open(root / "workers.log", "w")
    processes = [
        subprocess.Popen([sys.executable, str(PROJECT / "tests" / "queue_worker.py"), str(root), url, "0", str(log)],
                         stdout=subprocess.DEVNULL, stderr=errors, env=env)
        for _ in range(workers)
    ]
    try:
        _wait(lambda: _registered(url) == workers, 60)
        started = time.monotonic()
        ingested: dict[str, tuple[float, list[str]]] = {}
        for number in range(articles):
            stored, _ = web.ingest(article(run, number))
            keys = [key for _place, key, _spoken in web.store.segment_rows(stored.id)]
            ingested[stored.id] = (time.monotonic(), keys)
        ingest_s = time.monotonic() - started
        first_audio: dict[str, float] = {}
        waiting = {key for _at, keys in ingested.values() for key in keys}
        total = len(waiting)
        while waiting:
            now = time.monotonic()
            for article_id, (at, keys) in ingested.items():
                if article_id not in first_audio and web.synthesizer.cache.find(keys[0]) is not None:
                    first_audio[article_id] = now - at
            waiting = {key for key in waiting if web.synthesizer.cache.find(key) is None}
            if now - started > 600:
                raise RuntimeError(f"{len(waiting)} segments still without audio after 10 minutes")
            time.sleep(POLL_S)
        elapsed = time.monotonic() - started
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(60)
    done = counted(log)["done"]
    assert not (root / "web.log").exists(), "the web node synthesized"
    return {
        "segments": total,
        "syntheses_per_segment": sum(done.values()) / total,
        "most_per_text": max(done.values()),
        "throughput": total / elapsed,
        "elapsed": elapsed,
        "ingest_s": ingest_s,
        "first_p50": statistics.median(first_audio.values()),
        "first_max": max(first_audio.values()),
    }


def _registered(url: str) -> int:
    with psycopg.connect(url) as db:
        return db.execute("SELECT count(*) FROM procrastinate_workers").fetchone()[0]


def _wait(condition, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the workers did not start")
        time.sleep(0.1)


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"{articles} new articles, {PARAGRAPHS + 1} segments each; espeak; {os.cpu_count()} CPUs")
    with postgres_server() as server:
        for run, workers in enumerate(WORKER_COUNTS, start=1):
            figures = measure(server, workers, articles, run)
            print(
                f"{workers} worker{'s' if workers > 1 else ' '}: {figures['segments']} segments, "
                f"syntheses per segment {figures['syntheses_per_segment']:.2f} (most for one text {figures['most_per_text']}), "
                f"{figures['throughput']:.2f} segments/s ({figures['elapsed']:.1f} s; ingest took {figures['ingest_s']:.1f} s), "
                f"ingest to first audio p50 {figures['first_p50']:.2f} s, max {figures['first_max']:.2f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()

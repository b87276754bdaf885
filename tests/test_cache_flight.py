"""Single flight: however many ask for a missing segment at once, in one process or in several,
it is synthesized once and everyone gets the same bytes."""

import asyncio
import multiprocessing
import time

import httpx

from a11y.audio.files import AudioCache
from a11y.script import Segment
from a11y.audio.synthesis import Synthesizer
from a11y.service import Service
from a11y.web.app import create_app
from audio_checks import assert_spoken_mp3
from harness import AUTH, make_settings, run_async
from voices import SlowVoice

ARTICLE = {
    "title": "동시에 몰린 청취자",
    "source_url": "https://example.com/news/flight",
    "blocks": [{"type": "paragraph", "text": "이백 명이 같은 문단을 동시에 요청했습니다."}],
}


async def _ask_at_once(app, count: int, path_of) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://a11y.test", headers=AUTH) as client:
        created = await client.post("/api/articles", json=ARTICLE)
        path = path_of(created.json())
        return await asyncio.gather(*(client.get(path) for _ in range(count)))


def test_200_concurrent_requests_for_a_missing_segment_make_it_once(tmp_path):
    settings = make_settings(tmp_path)
    voice = SlowVoice(delay_s=0.5)
    app = create_app(settings, Service.from_settings(settings, engines=[voice]))
    paragraph = lambda created: httpx.URL(created["segments"][1]["audio_url"]).path  # noqa: E731
    answers = run_async(_ask_at_once(app, 200, paragraph))
    assert [answer.status_code for answer in answers] == [200] * 200
    assert len(voice.calls) == 1, "one synthesis"
    bodies = {answer.content for answer in answers}
    assert len(bodies) == 1, "200 identical answers"
    assert_spoken_mp3(bodies.pop())


def test_a_slow_segment_is_not_ready_without_a_cacheable_error(tmp_path):
    settings = make_settings(tmp_path, audio_wait_s=0.2)
    voice = SlowVoice(delay_s=1.0)
    app = create_app(settings, Service.from_settings(settings, engines=[voice]))
    paragraph = lambda created: httpx.URL(created["segments"][1]["audio_url"]).path  # noqa: E731
    early = run_async(_ask_at_once(app, 3, paragraph))
    assert [answer.status_code for answer in early] == [503] * 3
    assert early[0].headers["cache-control"] == "no-store"
    assert int(early[0].headers["retry-after"]) >= 1
    assert "만드는 중" in early[0].json()["detail"]
    # The synthesis goes on after the listeners stopped waiting; a client that honours Retry-After gets it.
    deadline = time.monotonic() + 30
    while (later := run_async(_ask_at_once(app, 1, paragraph))[0]).status_code == 503:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert later.status_code == 200
    assert_spoken_mp3(later.content)
    assert len(voice.calls) == 1


def _worker(cache_dir, log, start, results, text, key):
    synthesizer = Synthesizer([SlowVoice(delay_s=0.5, log=log)], AudioCache(cache_dir))
    start.wait()
    results.put(synthesizer.audio_for(Segment(1, "paragraph", text, text, key)).path.read_bytes())


def test_two_worker_processes_asking_for_the_same_segment_make_it_once(tmp_path):
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(2), spawn.Queue()
    log = tmp_path / "syntheses.log"
    text = "두 작업 프로세스가 같은 문단을 요청했습니다."
    key = "ab" * 32
    workers = [
        spawn.Process(target=_worker, args=(tmp_path / "cache", log, start, results, text, key)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    answers = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert log.read_text(encoding="utf-8").splitlines() == [text], "one synthesis across both processes"
    assert answers[0] == answers[1] == (tmp_path / "cache" / f"{key}.mp3").read_bytes()
    assert not list((tmp_path / "cache" / ".locks").glob("*.lock")), "lock files are removed after use"

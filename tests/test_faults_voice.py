"""When the voice fails: exceptions, hangs past the timeout, 429 storms, empty, silent or corrupt
audio. The next voice speaks (or the page says the audio is unavailable); the page is always 200;
nothing but whole, spoken MP3s lands in the cache; /healthz and /metrics tell what happened."""

import re

import pytest
from fastapi.testclient import TestClient

from a11y.audio.encoding import AudioSegment
from a11y.engines import build_engines
from a11y.engines.espeak import EspeakEngine
from a11y.service import Service
from a11y.web.app import create_app
from audio_checks import assert_spoken_mp3
from harness import AUTH, make_settings
from voices import DownVoice

ARTICLE = {
    "title": "목소리가 고장 난 날",
    "source_url": "https://example.com/news/voice-faults",
    "blocks": [
        {"type": "paragraph", "text": "첫 문단은 구글 목소리로 읽힐 예정이었습니다."},
        {"type": "paragraph", "text": "두 번째 문단도 마찬가지였습니다."},
        {"type": "paragraph", "text": "세 번째 문단은 끝내 다른 목소리로 읽혔습니다."},
    ],
}


class BrokenVoice:
    """A voice whose own code breaks, or that answers with no speech: `how` says which."""

    def __init__(self, how: str):
        self.name, self.voice_id, self.how = "gtts", f"broken-{how}:ko", how
        self.calls = 0

    def synthesize(self, text: str) -> AudioSegment:
        self.calls += 1
        if self.how == "exception":
            raise RuntimeError("unexpected answer shape")
        if self.how == "empty":
            return AudioSegment.empty()
        return AudioSegment.silent(duration=1500)


def _client(settings, engines) -> TestClient:
    return TestClient(create_app(settings, Service.from_settings(settings, engines=engines)), headers=AUTH)


def _google_then_espeak(settings) -> list:
    return build_engines(settings)


def _listen_to_every_segment(client) -> tuple[dict, list]:
    stored = client.post("/api/articles", json=ARTICLE).json()
    answers = [client.get(segment["audio_url"]) for segment in stored["segments"]]
    return stored, answers


def _cache_holds_only_spoken_audio(settings) -> list[str]:
    names = []
    for path in sorted(settings.audio_cache_dir.glob("*.mp3")):
        assert_spoken_mp3(path.read_bytes(), min_s=0.5)
        names.append(path.name)
    assert not list(settings.audio_cache_dir.glob("*.part"))
    return names


@pytest.mark.parametrize("how", ["exception", "empty", "silence"])
def test_a_voice_that_breaks_or_says_nothing_gives_way_to_the_next(tmp_path, how):
    settings = make_settings(tmp_path)
    broken = BrokenVoice(how)
    with _client(settings, [broken, EspeakEngine()]) as client:
        stored, answers = _listen_to_every_segment(client)
        assert [answer.status_code for answer in answers] == [200] * len(answers)
        assert {answer.headers["x-a11y-voice"] for answer in answers} == {"espeak"}
        assert {answer.headers["x-a11y-fallback"] for answer in answers} == {"true"}
        assert client.get(stored["url"]).status_code == 200
        states = client.get(stored["api_url"]).json()["segments"]
        assert {(state["state"], state["voice"], state["fallback"]) for state in states} == {("ready", "espeak", True)}
    assert broken.calls == len(answers)
    names = _cache_holds_only_spoken_audio(settings)
    assert len(names) == len(answers) and all(name.endswith(".espeak.mp3") for name in names)


@pytest.mark.parametrize("answer", ["garbage", "html", 403])
def test_corrupt_or_refused_answers_from_google_never_reach_the_cache(tmp_path, google, answer):
    google.otherwise = answer
    settings = make_settings(tmp_path, engines=("gtts", "espeak"), gtts_url=google.url, gtts_retries=0,
                             gtts_breaker_failures=100, gtts_requests_per_second=1000)
    with _client(settings, _google_then_espeak(settings)) as client:
        stored, answers = _listen_to_every_segment(client)
        assert [(a.status_code, a.headers["x-a11y-voice"]) for a in answers] == [(200, "espeak")] * len(answers)
        assert client.get(stored["url"]).status_code == 200
    assert len(google.requests) >= len(answers)
    assert all(name.endswith(".espeak.mp3") for name in _cache_holds_only_spoken_audio(settings))


def test_a_google_that_hangs_is_given_up_on_after_the_timeout(tmp_path, google):
    google.otherwise = "hang"
    settings = make_settings(tmp_path, engines=("gtts", "espeak"), gtts_url=google.url, gtts_retries=0,
                             gtts_timeout_s=0.5, gtts_breaker_failures=2, gtts_breaker_cooldown_s=600)
    with _client(settings, _google_then_espeak(settings)) as client:
        stored, answers = _listen_to_every_segment(client)
        assert [(a.status_code, a.headers["x-a11y-voice"]) for a in answers] == [(200, "espeak")] * len(answers)
        # Two timeouts open the breaker: later segments do not wait for Google at all.
        assert len(google.requests) == 2
        assert client.get(stored["url"]).status_code == 200
        assert {"name": "gtts", "state": "skipped"} in client.get("/healthz").json()["voices"]
    _cache_holds_only_spoken_audio(settings)


def test_a_429_storm_opens_the_breaker_and_the_service_says_so(tmp_path, google):
    google.otherwise = 429
    settings = make_settings(tmp_path, engines=("gtts", "espeak"), gtts_url=google.url, gtts_retries=2,
                             gtts_backoff_s=0.01, gtts_breaker_failures=3, gtts_breaker_cooldown_s=600,
                             gtts_requests_per_second=1000)
    with _client(settings, _google_then_espeak(settings)) as client:
        stored, answers = _listen_to_every_segment(client)
        assert [(a.status_code, a.headers["x-a11y-voice"]) for a in answers] == [(200, "espeak")] * len(answers)
        assert len(google.requests) == 3  # one segment's tries, then the breaker: not a storm of our own
        health = client.get("/healthz")
        assert health.status_code == 200  # a voice down is not the service down
        assert health.json()["voices"] == [{"name": "gtts", "state": "skipped"}, {"name": "espeak", "state": "ok"}]
        metrics = client.get("/metrics").text
        assert 'a11y_voice_breaker_open{voice="gtts"} 1.0' in metrics
        assert _sample(metrics, "a11y_syntheses_total", voice="gtts", outcome="failed") == len(answers)
        assert _sample(metrics, "a11y_syntheses_total", voice="espeak", outcome="ok") == len(answers)
        assert client.get(stored["url"]).status_code == 200
    _cache_holds_only_spoken_audio(settings)


def test_with_no_voice_at_all_the_page_says_audio_is_unavailable(tmp_path):
    settings = make_settings(tmp_path)
    with _client(settings, [DownVoice("gtts")]) as client:
        stored, answers = _listen_to_every_segment(client)
        assert {answer.status_code for answer in answers} == {503}
        assert {answer.headers["cache-control"] for answer in answers} == {"no-store"}
        assert "지금은 음성을 만들 수 없습니다" in answers[0].json()["detail"]
        page = client.get(stored["url"])
        assert page.status_code == 200
        for number in (1, 2, 3):
            assert f"{number}번째 문단: 음성을 만들지 못했습니다." in page.text
    assert not list(settings.audio_cache_dir.glob("*.mp3"))


def _sample(metrics: str, name: str, **labels) -> float:
    wanted = ",".join(f'{label}="{value}"' for label, value in labels.items())
    for line in metrics.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and set(match[1].split(",")) == set(wanted.split(",")):
            return float(match[2])
    raise AssertionError(f"{name}{{{wanted}}} not in metrics")

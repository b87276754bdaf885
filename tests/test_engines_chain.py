"""The chain of voices: the first that answers speaks; a fallback voice's audio is recorded and
served as such, and `a11y synth --upgrade` re-makes it once the preferred voice is back."""

import threading

from click.testing import CliRunner
from fastapi.testclient import TestClient

from a11y.article import Article
from a11y.cli import main
from a11y.engines.espeak import EspeakEngine
from a11y.service import Service
from a11y.web.app import create_app
from audio_checks import assert_spoken_mp3
from harness import AUTH, make_settings
from voices import DownVoice

ARTICLE = {
    "title": "엑스 타운홀 미팅 취소",
    "source_url": "https://example.com/news/chain",
    "publisher": "이투데이",
    "blocks": [
        {"type": "paragraph", "text": "일론 머스크가 주최하려던 타운홀 미팅이 취소됐다."},
        {"type": "paragraph", "text": "기술적인 문제가 원인으로 꼽혔다."},
    ],
}


def _environment(settings, google) -> dict[str, str]:
    return {
        "A11Y_DATA_DIR": str(settings.data_dir),
        "A11Y_AUDIO_CACHE_DIR": str(settings.audio_cache_dir),
        "A11Y_ENGINES": "gtts,espeak",
        "A11Y_GTTS_URL": google.url,
        "A11Y_GTTS_RETRIES": "0",
        "A11Y_GTTS_TIMEOUT_S": "10",
        "A11Y_GTTS_REQUESTS_PER_SECOND": "1000",
        "A11Y_PREGENERATE": "false",
    }


def test_fallback_audio_is_recorded_served_as_such_and_upgraded(tmp_path, google):
    settings = make_settings(tmp_path, engines=("gtts", "espeak"), gtts_url=google.url, gtts_retries=0)
    environment = _environment(settings, google)
    service = Service.from_settings(settings)
    stored, _created = service.ingest(Article.model_validate(ARTICLE))
    keys = [segment.key for segment in service.script(stored.article)]
    cache = settings.audio_cache_dir
    runner = CliRunner()

    google.otherwise = 503  # Google is down: the offline voice speaks
    done = runner.invoke(main, ["synth"], env=environment)
    assert done.exit_code == 0, done.output
    assert "all 3 segments have audio, 3 by a fallback voice" in done.output
    assert "3 made (espeak 3)" in done.output
    assert all((cache / f"{key}.espeak.mp3").is_file() for key in keys)
    assert not any((cache / f"{key}.mp3").exists() for key in keys), "never stored as the preferred voice's"

    with TestClient(create_app(settings), headers=AUTH) as client:
        segments = client.get(f"/api/articles/{stored.id}").json()["segments"]
        assert {(s["state"], s["voice"], s["fallback"]) for s in segments} == {("ready", "espeak", True)}
        heard = client.get(segments[1]["audio_url"])
        assert heard.status_code == 200
        assert heard.headers["x-a11y-voice"] == "espeak" and heard.headers["x-a11y-fallback"] == "true"
        assert heard.headers["cache-control"] == "no-cache", "a fallback answer must not be cached for good"
        assert_spoken_mp3(heard.content)

    done = runner.invoke(main, ["synth", "--upgrade", stored.id], env=environment)
    assert done.exit_code == 1
    assert "Error: 3 of 3 segments still have only a fallback voice's audio" in done.output

    google.otherwise = "ok"  # Google is back
    asked_before = len(google.requests)
    done = runner.invoke(main, ["synth", "--upgrade", stored.id], env=environment)
    assert done.exit_code == 0, done.output
    assert "3 made (gtts 3)" in done.output and done.output.rstrip().endswith("all 3 segments have audio")
    assert len(google.requests) == asked_before + 3
    assert all((cache / f"{key}.mp3").is_file() for key in keys)
    assert not any(cache.glob("*.espeak.mp3")), "the fallback files are gone"

    with TestClient(create_app(settings), headers=AUTH) as client:
        segments = client.get(f"/api/articles/{stored.id}").json()["segments"]
        assert {(s["state"], s["voice"], s["fallback"]) for s in segments} == {("ready", "gtts", False)}
        heard = client.get(segments[1]["audio_url"])
        assert heard.headers["x-a11y-voice"] == "gtts"
        assert heard.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert heard.headers["etag"] and heard.headers["last-modified"]
    records = service.store.audio_records(keys)
    assert {(record.voice, record.fallback) for record in records.values()} == {("gtts", False)}

    done = runner.invoke(main, ["synth"], env=environment)
    assert "3 had audio, 0 made" in done.output, "nothing is made twice"


def test_preferred_voice_answering_means_no_fallback(tmp_path):
    preferred = DownVoice("gtts")
    preferred.up = True
    service = Service.from_settings(make_settings(tmp_path), engines=[preferred, EspeakEngine()])
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    title = service.script(stored.article)[0]
    audio = service.synthesizer.audio_for(title)
    assert audio.preferred and audio.path.name == f"{title.key}.mp3"
    assert preferred.calls == [title.spoken]


def test_no_voice_at_all_is_a_503_that_is_not_cached_and_a_failed_state(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings, engines=[DownVoice("gtts"), DownVoice("spare", "spare:ko")])
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        article_id = client.post("/api/articles", json=ARTICLE).json()["id"]
        segment = client.get(f"/api/articles/{article_id}").json()["segments"][1]
        assert segment["state"] == "pending" and segment["voice"] is None
        answer = client.get(segment["audio_url"])
        assert answer.status_code == 503
        assert answer.headers["retry-after"] and answer.headers["cache-control"] == "no-store"
        assert "지금은 음성을 만들 수 없습니다" in answer.json()["detail"]
        segment = client.get(f"/api/articles/{article_id}").json()["segments"][1]
        assert segment["state"] == "failed"
        assert "gtts is away" in segment["reason"] and "spare is away" in segment["reason"]


def test_cli_synth_failure_is_one_line_and_a_nonzero_exit(tmp_path, google):
    settings = make_settings(tmp_path, engines=("gtts",), gtts_url=google.url, gtts_retries=0)
    environment = {**_environment(settings, google), "A11Y_ENGINES": "gtts"}
    service = Service.from_settings(settings)
    service.ingest(Article.model_validate(ARTICLE))
    google.otherwise = 503
    done = CliRunner().invoke(main, ["synth"], env=environment)
    assert done.exit_code == 1
    assert done.output.strip().splitlines()[-1] == "Error: 3 of 3 segments have no audio"
    assert "failed: " in done.output and "503" in done.output


def test_cli_synth_unknown_article_is_one_line(tmp_path, google):
    settings = make_settings(tmp_path)
    done = CliRunner().invoke(main, ["synth", "nope"], env=_environment(settings, google))
    assert done.exit_code == 1
    assert done.output.strip() == "Error: 기사를 찾을 수 없습니다: nope"


def test_espeak_is_safe_under_concurrency():
    # Texts of clearly different lengths: audio that mixed or cut another text's would show in its length.
    texts = [" ".join([f"{number}번째 문단입니다."] * number) for number in range(1, 7)]
    voice = EspeakEngine()
    alone = {text: len(voice.synthesize(text)) for text in texts}
    together: dict[str, list[int]] = {text: [] for text in texts}

    def speak(text: str) -> None:
        together[text].append(len(voice.synthesize(text)))

    threads = [threading.Thread(target=speak, args=(text,)) for text in texts * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for text, lengths_ms in together.items():
        assert len(lengths_ms) == 2
        assert all(abs(length - alone[text]) <= 50 for length in lengths_ms), (text, lengths_ms, alone[text])


def test_espeak_rate_and_pitch_settings_change_the_voice():
    text = "속도와 높낮이를 바꿉니다."
    normal = EspeakEngine().synthesize(text)
    fast = EspeakEngine(rate_wpm=330).synthesize(text)
    assert fast.duration_seconds < normal.duration_seconds * 0.7
    assert EspeakEngine(pitch=90).voice_id != EspeakEngine().voice_id
    assert EspeakEngine(pitch=90).synthesize(text).raw_data != normal.raw_data

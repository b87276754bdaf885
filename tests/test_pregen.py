"""Pre-generation: on ingest, segments are made before anyone asks, first segments first, articles
taking turns; the queue survives a restart; A11Y_PREGENERATE=false turns it off."""

import time

from fastapi.testclient import TestClient

from a11y.article import Article
from a11y.service import Service
from a11y.settings import Settings
from a11y.web.app import create_app
from harness import AUTH, make_settings
from voices import SlowVoice


def _article(name: str, paragraphs: int) -> Article:
    return Article.model_validate(
        {
            "title": f"{name} 기사 제목",
            "source_url": f"https://example.com/news/{name}",
            "blocks": [{"type": "paragraph", "text": f"{name} 기사의 {n}번째 문단입니다."} for n in range(1, paragraphs + 1)],
        }
    )


def _spoken(service: Service, article: Article) -> list[str]:
    return [segment.spoken for segment in service.script(article)]


def test_first_segments_first_and_articles_take_turns(tmp_path):
    voice = SlowVoice()
    service = Service.from_settings(make_settings(tmp_path, pregenerate=True), engines=[voice])
    first, second = _article("가", 3), _article("나", 1)
    service.ingest(first)
    service.ingest(second)
    assert voice.calls == [], "ingest only queues"
    assert service.pregen.drain() == 6
    a, b = _spoken(service, first), _spoken(service, second)
    assert voice.calls == [a[0], b[0], a[1], b[1], a[2], a[3]]
    assert service.store.pregen_queue() == [], "done articles leave the queue"


def test_an_article_queued_later_joins_the_rotation(tmp_path):
    voice = SlowVoice()
    service = Service.from_settings(make_settings(tmp_path, pregenerate=True), engines=[voice])
    first, second = _article("가", 4), _article("나", 2)
    service.ingest(first)
    service.pregen.step()
    service.pregen.step()
    service.ingest(second)
    service.pregen.drain()
    a, b = _spoken(service, first), _spoken(service, second)
    assert voice.calls == [a[0], a[1], b[0], a[2], b[1], a[3], b[2], a[4]]


def test_segments_already_made_are_not_made_again(tmp_path):
    voice = SlowVoice()
    service = Service.from_settings(make_settings(tmp_path, pregenerate=True), engines=[voice])
    article = _article("가", 2)
    stored, _ = service.ingest(article)
    service.synthesizer.audio_for(service.script(article)[1])  # a listener asked first
    service.pregen.drain()
    assert sorted(voice.calls) == sorted(_spoken(service, article))


def test_the_queue_survives_a_restart(tmp_path):
    settings = make_settings(tmp_path, pregenerate=True)
    before = SlowVoice()
    service = Service.from_settings(settings, engines=[before])
    first, second = _article("가", 2), _article("나", 2)
    service.ingest(first)
    service.ingest(second)
    for _ in range(3):
        service.pregen.step()
    # The process ends here; a new one starts on the same data and cache.
    after = SlowVoice()
    restarted = Service.from_settings(settings, engines=[after])
    assert len(restarted.store.pregen_queue()) == 2
    restarted.pregen.drain()
    a, b = _spoken(restarted, first), _spoken(restarted, second)
    assert before.calls == [a[0], b[0], a[1]]
    assert after.calls == [a[2], b[1], b[2]], "what was not done, and nothing twice"


def test_the_running_service_pregenerates_in_the_background(tmp_path, sample_json):
    settings = make_settings(tmp_path, pregenerate=True)
    with TestClient(create_app(settings), headers=AUTH) as client:
        article_id = client.post("/api/articles", json=sample_json).json()["id"]
        deadline = time.monotonic() + 60
        while True:
            segments = client.get(f"/api/articles/{article_id}").json()["segments"]
            if all(segment["state"] == "ready" for segment in segments):
                break
            assert time.monotonic() < deadline, [segment["state"] for segment in segments]
            time.sleep(0.1)
        assert {segment["voice"] for segment in segments} == {"espeak"}
        assert all((settings.audio_cache_dir / f"{segment['key']}.mp3").is_file() for segment in segments)


def test_pregeneration_can_be_turned_off(tmp_path, monkeypatch, sample_json):
    monkeypatch.setenv("A11Y_PREGENERATE", "false")
    assert Settings().pregenerate is False
    settings = make_settings(tmp_path, pregenerate=False)
    voice = SlowVoice()
    with TestClient(create_app(settings, Service.from_settings(settings, engines=[voice])), headers=AUTH) as client:
        article_id = client.post("/api/articles", json=sample_json).json()["id"]
        assert client.app.state.service.store.pregen_queue() == [], "nothing was queued to be made"
        time.sleep(0.2)  # time enough for a pre-generation thread, were one started, to ask the voice
        segments = client.get(f"/api/articles/{article_id}").json()["segments"]
        assert {segment["state"] for segment in segments} == {"pending"}
        assert voice.calls == []
        assert client.app.state.service.store.pregen_queue() == []

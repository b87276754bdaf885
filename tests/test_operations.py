"""Operations and publisher writes: /healthz, /metrics, deleting an article, asking for its audio
again, and `make run` printing the demo token."""

import re
import subprocess

from fastapi.testclient import TestClient
from harness import AUTH, PROJECT, make_settings
from voices import DownVoice

from a11y.engines.espeak import EspeakEngine
from a11y.service import Service
from a11y.web.app import create_app

ARTICLE = {
    "title": "운영 점검 기사",
    "source_url": "https://example.com/news/operations",
    "blocks": [
        {"type": "paragraph", "text": "첫 문단입니다."},
        {"type": "paragraph", "text": "두 번째 문단입니다."},
    ],
}


def _value(metrics: str, sample: str) -> float:
    match = re.search(rf"^{re.escape(sample)} (\S+)$", metrics, re.MULTILINE)
    assert match, f"{sample} not in metrics"
    return float(match[1])


def test_healthz_reports_the_store_the_cache_and_each_voice(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json() == {
        "status": "ok", "store": "ok", "cache": "ok", "voices": [{"name": "espeak", "state": "ok"}], "pregen_queue": 0,
    }


def test_metrics_count_requests_syntheses_cache_hits_and_the_queue(client):
    stored = client.post("/api/articles", json=ARTICLE).json()
    audio_url = stored["segments"][1]["audio_url"]
    assert client.get(audio_url).status_code == 200  # made: a miss
    assert client.get(audio_url).status_code == 200  # then found: a hit
    client.get(stored["url"])
    client.get("/articles/nothing-here", headers={"accept": "application/json"})
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain; version=")
    text = metrics.text
    assert _value(text, 'a11y_http_requests_total{method="POST",route="/api/articles",status="201"}') == 1
    assert _value(text, 'a11y_http_requests_total{method="GET",route="/articles/{article_id}",status="200"}') == 1
    assert _value(text, 'a11y_http_requests_total{method="GET",route="/articles/{article_id}",status="404"}') == 1
    assert _value(text, 'a11y_http_requests_total{method="GET",route="/audio/{key}.mp3",status="200"}') == 2
    assert _value(text, "a11y_audio_cache_misses_total") == 1
    assert _value(text, "a11y_audio_cache_hits_total") == 1
    assert _value(text, 'a11y_syntheses_total{outcome="ok",voice="espeak"}') == 1
    assert _value(text, 'a11y_synthesis_seconds_count{voice="espeak"}') == 1
    assert 0 < _value(text, 'a11y_synthesis_seconds_sum{voice="espeak"}') < 30
    assert _value(text, "a11y_pregen_queue_length") == 0  # pre-generation is off in these tests


def test_the_queue_length_is_what_waits_for_pre_generation(tmp_path):
    settings = make_settings(tmp_path, pregenerate=True)
    service = Service.from_settings(settings)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        service.pregen.stop()  # hold the worker, so the queue is seen as it was left
        client.post("/api/articles", json=ARTICLE)
        client.post("/api/articles", json={**ARTICLE, "source_url": "https://example.com/news/second"})
        assert _value(client.get("/metrics").text, "a11y_pregen_queue_length") == 2
        assert client.get("/healthz").json()["pregen_queue"] == 2


def test_deleting_an_article_takes_away_its_page_and_api_and_needs_the_token(client):
    stored = client.post("/api/articles", json=ARTICLE).json()
    refused = client.delete(f"/api/articles/{stored['id']}", headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401 and client.get(stored["url"]).status_code == 200
    assert client.delete(f"/api/articles/{stored['id']}").status_code == 204
    assert client.get(stored["url"]).status_code == 404
    assert client.get(stored["api_url"]).status_code == 404
    again = client.delete(f"/api/articles/{stored['id']}")
    assert again.status_code == 404 and again.json()["detail"] == f"기사를 찾을 수 없습니다: {stored['id']}"


def test_resynthesis_makes_again_what_no_voice_could_make(tmp_path):
    settings = make_settings(tmp_path)
    voice = DownVoice("espeak", voice_id=EspeakEngine().voice_id)
    service = Service.from_settings(settings, engines=[voice])
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        stored = client.post("/api/articles", json=ARTICLE).json()
        for segment in stored["segments"]:
            assert client.get(segment["audio_url"]).status_code == 503
        states = client.get(stored["api_url"]).json()["segments"]
        assert {segment["state"] for segment in states} == {"failed"}
        voice.up = True
        answer = client.post(f"/api/articles/{stored['id']}/synthesis")
        assert answer.status_code == 202
        assert answer.json() == {"id": stored["id"], "queued_segments": len(states)}
        service.pregen.drain()
        assert {segment["state"] for segment in client.get(stored["api_url"]).json()["segments"]} == {"ready"}
        assert client.post("/api/articles/nothing/synthesis").status_code == 404


def test_make_run_prints_a_generated_token_kept_out_of_git():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "secrets.token_urlsafe" in makefile and 'echo "publisher token' in makefile
    assert "A11Y_PUBLISHER_TOKEN_FILE=$(TOKEN_FILE)" in makefile
    ignored = subprocess.run(["git", "check-ignore", "-q", "data/publisher-token"], cwd=PROJECT)
    assert ignored.returncode == 0


def test_every_write_route_the_api_has_needs_the_token(client):
    """Walks the API's own schema, so a write route added later without the token fails here."""
    writes = [
        (method.upper(), re.sub(r"\{[^}]+\}", "x", path))
        for path, operations in client.get("/openapi.json").json()["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    ]
    assert {"POST /api/articles", "DELETE /api/articles/x", "POST /api/articles/x/synthesis", "PUT /api/lexicon"} <= {
        f"{method} {path}" for method, path in writes
    }
    # POST /api/say stores nothing and reads nothing private: a CMS previews text with it, no token.
    open_writes = {("POST", "/api/say")}
    assert open_writes <= set(writes)
    for method, path in set(writes) - open_writes:
        answer = client.request(method, path, headers={"Authorization": ""}, content=b"{}")
        assert answer.status_code == 401, (method, path)
        assert "발행자 토큰" in answer.json()["detail"]

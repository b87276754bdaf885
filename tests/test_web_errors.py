"""Every error answer the API gives says what went wrong in Korean (`{"detail": …}`), is never kept
by a cache (an article, a key or audio missing now may be there a minute later), and every 503
says when to ask again with one Retry-After, whatever failed: the audio being made, every voice,
the store's disk, the database."""

import json
import re
import shutil

import psycopg
from fastapi.testclient import TestClient
from harness import AUTH, SAMPLE_JSON, make_settings
from voices import DownVoice, GatedVoice

from a11y.service import Service
from a11y.store import upgrade
from a11y.web.app import create_app
from a11y.web.http_errors import RETRY_AFTER_S

HANGUL = re.compile(r"[가-힣]")
ARTICLE = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
OTHER_ARTICLE = {**ARTICLE, "title": "다른 기사", "source_url": "https://www.example.co.kr/news/other"}


def assert_error(answer, status: int) -> str:
    """The answer is `status` with a Korean JSON detail, not to be stored; returns the detail."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["cache-control"] == "no-store"
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and HANGUL.search(detail), detail
    return detail


def assert_ask_again(answer) -> str:
    detail = assert_error(answer, 503)
    assert answer.headers["retry-after"] == str(RETRY_AFTER_S)
    return detail


def test_unknown_article_audio_key_and_address_are_404s_in_korean(client):
    assert "기사를 찾을 수 없습니다: nope" in assert_error(client.get("/api/articles/nope"), 404)
    assert "오디오를 찾을 수 없습니다" in assert_error(client.get("/audio/" + "0" * 64 + ".mp3"), 404)
    assert "찾으시는 주소가 없습니다" in assert_error(client.get("/api/nothing-here"), 404)
    assert "요청 방식" in assert_error(client.post("/healthz"), 405)


def test_too_large_bodies_and_headers_are_refused_in_korean(tmp_path):
    settings = make_settings(tmp_path, max_body_bytes=1024, max_header_bytes=2048)
    with TestClient(create_app(settings), headers=AUTH) as client:
        body = assert_error(client.post("/api/articles", content=b"x" * 2000, headers={"content-type": "text/plain"}), 413)
        assert "본문이 너무 큽니다" in body and "1,024바이트" in body
        headers = assert_error(client.get("/", headers={"x-padding": "x" * 3000}), 431)
        assert "요청 헤더가 너무 큽니다" in headers


def test_an_unusable_body_is_a_422_saying_what_is_wrong(client):
    assert "url: 문자열" in assert_error(client.post("/api/articles", json={"url": 3}), 422)
    assert "JSON이어야" in assert_error(client.post("/api/say", content=b"not json"), 422)
    assert "표기가 비어 있습니다" in assert_error(client.put("/api/lexicon", json={"entries": {"": "빈 표기"}}), 422)


def test_writes_beyond_the_rate_are_429_with_their_own_wait(tmp_path):
    settings = make_settings(tmp_path, write_burst=1, writes_per_minute=6)
    with TestClient(create_app(settings), headers=AUTH) as client:
        assert client.post("/api/articles", json=ARTICLE).status_code == 201
        refused = client.post("/api/articles", json=OTHER_ARTICLE)
        assert "쓰기 요청이 너무 잦습니다" in assert_error(refused, 429)
        assert refused.headers["retry-after"] == "10"  # the wait the bucket computed, not RETRY_AFTER_S


def test_audio_still_being_made_is_503_ask_again(tmp_path):
    settings = make_settings(tmp_path, audio_wait_s=0.05)
    voice = GatedVoice()
    with TestClient(create_app(settings, Service.from_settings(settings, engines=[voice])), headers=AUTH) as client:
        key = client.post("/api/articles", json=ARTICLE).json()["segments"][0]["key"]
        try:
            assert "음성을 만드는 중입니다" in assert_ask_again(client.get(f"/audio/{key}.mp3"))
        finally:
            voice.allow_all()


def test_no_voice_answering_is_503_ask_again_naming_the_voices(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings, engines=[DownVoice("gtts")])
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        key = client.post("/api/articles", json=ARTICLE).json()["segments"][0]["key"]
        detail = assert_ask_again(client.get(f"/audio/{key}.mp3"))
        assert "지금은 음성을 만들 수 없습니다" in detail and "gtts is away" in detail


def test_a_store_that_cannot_be_written_is_503_ask_again_and_reads_go_on(tmp_path):
    settings = make_settings(tmp_path)
    with TestClient(create_app(settings), headers=AUTH) as client:
        stored = client.post("/api/articles", json=ARTICLE).json()
        shutil.rmtree(settings.data_dir)  # the database file and its folder are gone
        detail = assert_ask_again(client.post("/api/articles", json=OTHER_ARTICLE))
        assert "저장소에 쓸 수 없어" in detail and "unable to open database file" in detail
        assert client.get(stored["api_url"]).status_code == 200  # the open connection still reads


def test_a_database_that_does_not_answer_is_503_ask_again(postgres, postgres_url, tmp_path):
    settings = make_settings(tmp_path, database_url=postgres_url)
    upgrade(settings)
    with TestClient(create_app(settings), headers=AUTH) as client:
        stored = client.post("/api/articles", json=ARTICLE).json()
        database = postgres_url.rsplit("/", 1)[1]
        with psycopg.connect(postgres.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        detail = assert_ask_again(client.get(stored["api_url"]))
        assert "데이터베이스" in detail and postgres_url not in detail  # no address given away

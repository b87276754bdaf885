"""POST /api/articles with each kind of body, as a publisher's system would send it, and the bad
inputs that must be refused with a readable answer while nothing stored changes."""

import json

import pytest
from fastapi.testclient import TestClient

from a11y.web.app import create_app
from harness import AUTH, PROJECT, make_settings
from page_server import PAGES, page_server

SAMPLE_TEXT = (PROJECT / "demo" / "etoday-x-townhall.txt").read_bytes()
ETODAY_HTML = (PAGES / "etoday.html").read_bytes()


def _post(client, body: bytes, content_type: str | None, path="/api/articles"):
    headers = {"Content-Type": content_type} if content_type else {}
    return client.post(path, content=body, headers=headers)


@pytest.mark.parametrize(
    "body, content_type",
    [
        (ETODAY_HTML, "text/html; charset=utf-8"),
        (SAMPLE_TEXT, "text/plain; charset=utf-8"),
        ((PAGES / "newsis-euckr.html").read_bytes(), "text/html"),
        (SAMPLE_TEXT, None),
    ],
    ids=["html", "text", "euc-kr html", "text, no content type"],
)
def test_a_page_or_its_copied_text_becomes_a_readable_article(client, body, content_type):
    created = _post(client, body, content_type)
    assert created.status_code == 201, created.text
    answer = created.json()
    assert answer["created"] is True and answer["url"].endswith(f"/articles/{answer['id']}")
    api = client.get(answer["api_url"]).json()
    page = client.get(answer["url"])
    assert page.status_code == 200 and api["title"] in page.text
    paragraphs = [segment for segment in api["segments"] if segment["kind"] == "paragraph"]
    assert len(paragraphs) >= 4 and all(segment["audio_url"] for segment in paragraphs)


def test_the_copied_text_and_the_json_of_the_sample_show_the_same_page(client, sample_json):
    from_text = _post(client, SAMPLE_TEXT, "text/plain").json()
    from_json = client.post("/api/articles", json=sample_json).json()
    assert from_text["id"] == from_json["id"], "same title and time: the same article"
    assert from_json["created"] is False


def test_a_url_body_fetches_the_page(tmp_path):
    settings = make_settings(tmp_path, allow_private_urls=True)
    with page_server() as base, TestClient(create_app(settings), headers=AUTH) as client:
        created = client.post("/api/articles", json={"url": f"{base}/etoday"})
        assert created.status_code == 201, created.text
        api = client.get(created.json()["api_url"]).json()
    assert api["source_url"] == "https://www.etoday.co.kr/news/view/2416823"
    assert api["blocks"][0]["credit"] == "펜실베이니아/로이터연합뉴스"


def test_a_url_on_a_private_address_is_refused(client):
    answer = client.post("/api/articles", json={"url": "http://169.254.169.254/latest/meta-data/"})
    assert answer.status_code == 400
    assert "내부망" in answer.json()["detail"]


def test_parse_shows_the_article_without_storing_it(client):
    index_before = client.get("/").text
    answer = _post(client, ETODAY_HTML, "text/html", path="/api/parse")
    assert answer.status_code == 200
    assert answer.json()["subtitles"] == ["계속된 청취자 연결 실패...결국 종료", "지지자 향해 “투표하면 트럼프 이긴다”"]
    assert "기술오류가 막는" not in client.get("/").text == index_before, "nothing was stored"


@pytest.fixture
def small_client(tmp_path):
    settings = make_settings(tmp_path, max_body_bytes=4096)
    with TestClient(create_app(settings), headers=AUTH) as client:
        yield client


BAD = [
    (b"", "text/plain", 422, "비어 있습니다"),
    (b"   \n", "text/html", 422, "비어 있습니다"),
    ("제목\n\n본문 첫 줄은 한국어".encode("cp949"), "text/plain", 422, "UTF-8"),
    (b'{"title": "\xb1\xe2\xbb\xe7"}', "application/json", 422, "UTF-8"),
    (b"<html><body><ul><li><a href='/1'>headline one</a></li></ul></body></html>", "text/html", 422, "기사 본문을 찾지 못했습니다"),
    (b"x" * 5000, "text/plain", 413, "너무 큽니다"),
    (b"%PDF-1.7 ...", "application/pdf", 415, "받을 수 없는 형식"),
    (b'{"title": "x",', "application/json", 422, "JSON으로 읽을 수 없습니다"),
    (b'{"url": 5}', "application/json", 422, "url:"),
    (b'{"url": "ftp://example.com/a"}', "application/json", 400, "http 또는 https"),
]


@pytest.mark.parametrize("body, content_type, status, message", BAD, ids=[case[3] for case in BAD])
def test_bad_input_is_a_readable_4xx_and_nothing_stored_changes(small_client, sample_json, body, content_type, status, message):
    small_sample = {**sample_json, "blocks": sample_json["blocks"][:2]}
    stored = small_client.post("/api/articles", json=small_sample).json()
    before = small_client.get(f"/api/articles/{stored['id']}").json()
    index_before = small_client.get("/").text

    answer = _post(small_client, body, content_type)
    assert answer.status_code == status, answer.text
    assert message in answer.json()["detail"]

    assert small_client.get(f"/api/articles/{stored['id']}").json() == before
    assert small_client.get("/").text == index_before


def test_a_field_of_the_wrong_type_is_named(client, sample_json):
    answer = client.post("/api/articles", json={**sample_json, "subtitles": "부제", "published": 20241105})
    assert answer.status_code == 422
    fields = {tuple(error["loc"]) for error in answer.json()["detail"]}
    assert {("body", "subtitles"), ("body", "published")} <= fields


def test_reingesting_changed_text_updates_in_place_and_keeps_unchanged_audio(client):
    first = _post(client, SAMPLE_TEXT, "text/plain").json()
    kept, dropped = [s for s in first["segments"] if s["kind"] == "paragraph"][:2]
    assert client.get(kept["audio_url"]).status_code == 200
    assert client.get(dropped["audio_url"]).status_code == 200

    changed = SAMPLE_TEXT.decode().replace(dropped["text"], dropped["text"].replace("CNN방송에", "미국 CNN방송에"))
    second = _post(client, changed.encode(), "text/plain").json()
    assert (second["id"], second["created"]) == (first["id"], False)
    keys = {segment["key"] for segment in second["segments"]}
    assert kept["key"] in keys and dropped["key"] not in keys
    again = client.get(kept["audio_url"])
    assert again.status_code == 200 and again.headers["content-type"] == "audio/mpeg"


def test_the_openapi_page_documents_the_three_bodies_and_the_article_schema(client):
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "text/html", "text/plain"}
    article = schema["components"]["schemas"]["Article"]
    assert {"title", "subtitles", "published", "byline", "source_url", "blocks"} <= set(article["properties"])
    assert article["properties"]["published"].get("description")
    json.dumps(schema)  # serializable as a whole

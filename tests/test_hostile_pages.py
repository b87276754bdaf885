"""Hostile articles that are still articles: stored, and shown as text. Markup in them is printed,
never obeyed; only our own scripts and styles are on the page (tests/hostile/articles/)."""

import lxml.html
import pytest
from harness import AUTH
from hostile_support import HOSTILE

ARTICLES = sorted((HOSTILE / "articles").iterdir())
MEDIA_TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
# Shown literally on the page: proof the text was kept, as text.
LITERALS = {
    "escaped-markup.json": ["<script>alert('본문')</script>", "{{ 7*7 }}", "{% for x in range(3) %}"],
    "scripted-page.html": ["첫 문단입니다.", "<script>alert('글자')</script>", "닫히지 않은 태그와"],
    "copied-text.txt": ["<img src=x onerror=alert('복사')>", "{{ config }}"],
}


def _ingest(client, path):
    answer = client.post("/api/articles", content=path.read_bytes(), headers={**AUTH, "content-type": MEDIA_TYPES[path.suffix]})
    assert answer.status_code == 201, answer.text
    return answer.json()


def _only_our_code(page: str) -> None:
    tree = lxml.html.document_fromstring(page)
    for script in tree.iter("script"):
        assert script.get("src", "").startswith("/static/") and not (script.text or "").strip()
    for tag in ("style", "iframe", "object", "embed", "base", "form", "svg", "math"):
        assert not tree.xpath(f"//{tag}"), tag
    assert not tree.xpath("//meta[@http-equiv]")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            assert name != "style", (element.tag, value)
            if name in ("href", "src", "action", "poster"):
                assert value.startswith(("/", "#", "http://", "https://")), (element.tag, name, value)


@pytest.mark.parametrize("path", ARTICLES, ids=[path.name for path in ARTICLES])
def test_a_hostile_article_is_shown_as_text_with_no_code_of_its_own(client, path):
    stored = _ingest(client, path)
    page = client.get(stored["url"])
    assert page.status_code == 200
    _only_our_code(page.text)
    text = lxml.html.document_fromstring(page.text).text_content()
    for literal in LITERALS[path.name]:
        assert literal in text
    assert "49" not in text  # {{ 7*7 }} is not a template
    _only_our_code(client.get("/").text)  # the list of articles shows its title too


def test_photos_from_a_page_keep_only_http_addresses(client):
    stored = _ingest(client, HOSTILE / "articles" / "scripted-page.html")
    article = client.get(stored["api_url"]).json()
    photos = {block["caption"]: block["src"] for block in article["blocks"] if block["type"] == "image"}
    assert photos["자바스크립트 주소의 사진 설명"] is None and photos["data 주소의 사진 설명"] is None
    assert all(src is None or src.startswith("https://news.example.com/") for src in photos.values())
    assert article["source_url"] == "https://news.example.com/article/42"  # not og:url's javascript:

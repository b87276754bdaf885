"""Article pages are cheap: rendered once while nothing changes, answered with 304 when the browser
holds them, cached only briefly, and never one reader's display choices served to another."""

import pytest
from fastapi.testclient import TestClient

from a11y.article import Article
from a11y.service import Service
from a11y.web.app import create_app
from harness import AUTH, make_settings

ARTICLE = {
    "title": "페이지 캐시 시험",
    "published": "2024-11-05T16:19:00",
    "source_url": "https://example.com/news/page-cache",
    "blocks": [{"type": "paragraph", "text": "같은 페이지를 천 번 그리지 않는다."}],
}


@pytest.fixture
def site(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        yield client, service, stored


def _renders(client: TestClient) -> int:
    return client.app.state.page_cache.renders


def test_an_unchanged_page_is_rendered_once(site):
    client, _, stored = site
    first = client.get(f"/articles/{stored.id}")
    assert first.status_code == 200 and "페이지 캐시 시험" in first.text
    for _ in range(5):
        again = client.get(f"/articles/{stored.id}")
        assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert _renders(client) == 1


def test_a_held_page_answers_304(site):
    client, _, stored = site
    first = client.get(f"/articles/{stored.id}")
    assert first.headers["cache-control"] == "public, max-age=60"
    assert first.headers["vary"] == "Cookie"
    again = client.get(f"/articles/{stored.id}", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"] and again.headers["vary"] == "Cookie"
    other = client.get(f"/articles/{stored.id}", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.content == first.content


def test_display_choices_make_a_different_page(site):
    client, _, stored = site
    plain = client.get(f"/articles/{stored.id}")
    client.cookies.set("a11y_theme", "dark")
    dark = client.get(f"/articles/{stored.id}")
    assert dark.headers["etag"] != plain.headers["etag"]
    assert 'data-theme="dark"' in dark.text or "theme-dark" in dark.text
    held_by_other_reader = client.get(f"/articles/{stored.id}", headers={"If-None-Match": plain.headers["etag"]})
    assert held_by_other_reader.status_code == 200


def test_an_updated_article_is_rendered_again(site):
    client, service, stored = site
    before = client.get(f"/articles/{stored.id}")
    service.ingest(Article.model_validate({**ARTICLE, "title": "페이지 캐시 시험: 고침"}))
    after = client.get(f"/articles/{stored.id}", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and "페이지 캐시 시험: 고침" in after.text
    assert after.headers["etag"] != before.headers["etag"]


def test_audio_made_meanwhile_shows_on_the_page(site):
    client, service, stored = site
    before = client.get(f"/articles/{stored.id}")
    assert "음성 준비 중" in before.text
    for segment in service.script(stored.article):
        service.synthesizer.audio_for(segment)
    after = client.get(f"/articles/{stored.id}", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and "음성 준비 중" not in after.text


def test_a_missing_article_is_not_cached_publicly(site):
    client = site[0]
    missing = client.get("/articles/nope", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert "public" not in missing.headers.get("cache-control", "")

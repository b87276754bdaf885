"""The podcast feed, JSON chapters and the playlist, read as podcast apps and players read them:
feedparser for the feed, the enclosure fetched and measured, every URL absolute and answering."""

import time
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from fastapi.testclient import TestClient

from a11y.audio import mp3
from a11y.article import Article
from a11y.podcast import ITUNES, PODCAST
from a11y.service import Service
from a11y.web.app import create_app
from harness import AUTH, make_settings

MADE = {
    "title": "엑스 타운홀 미팅, 접속 폭주로 취소",
    "subtitles": ["기술 오류로 행사가 무산됐다"],
    "published": "2024-11-05T16:19:00",
    "publisher": "이투데이",
    "source_url": "https://example.com/news/made",
    "blocks": [
        {"type": "paragraph", "text": "미팅은 저녁에 열릴 예정이었다."},
        {"type": "image", "caption": "무대 위의 빈 의자", "src": "https://img.example.com/chair.jpg"},
        {"type": "paragraph", "text": "주최 측은 다시 일정을 잡겠다고 밝혔다."},
    ],
}
PENDING = {
    "title": "아직 음성이 없는 기사",
    "published": "2024-11-06T09:00:00",
    "source_url": "https://example.com/news/pending",
    "blocks": [{"type": "paragraph", "text": "이 기사의 음성은 아직 만들어지지 않았다."}],
}
BUILD_WAIT_S = 60  # building a whole file takes a second or two; a loaded machine may take longer


@pytest.fixture
def app_parts(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    made, _ = service.ingest(Article.model_validate(MADE))
    pending, _ = service.ingest(Article.model_validate(PENDING))
    for segment in service.script(made.article):
        service.synthesizer.audio_for(segment)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        yield client, service, made, pending


def _feed_with(client: TestClient, count: int, url: str = "/feed.xml"):
    """The feed once it lists `count` episodes (asking for it starts building whole files)."""
    deadline = time.monotonic() + BUILD_WAIT_S
    while True:
        answer = client.get(url)
        parsed = feedparser.parse(answer.content)
        if len(parsed.entries) >= count or time.monotonic() > deadline:
            return answer, parsed
        time.sleep(0.2)


def test_the_feed_parses_cleanly_with_what_podcast_apps_read(app_parts):
    client, service, made, _ = app_parts
    answer, feed = _feed_with(client, 1)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "귀로 읽는 뉴스"
    assert feed.feed.language == "ko"
    assert feed.feed.image.href == "http://testserver/static/podcast.png"
    assert client.get("/static/podcast.png").content[:8] == b"\x89PNG\r\n\x1a\n"
    [entry] = feed.entries  # the article without audio is not an episode yet
    assert entry.title == MADE["title"]
    assert entry.id == f"a11y-article-{made.id}"
    assert entry.link == f"http://testserver/articles/{made.id}"
    assert entry.summary == "기술 오류로 행사가 무산됐다"
    assert parsedate_to_datetime(entry.published).isoformat() == "2024-11-05T16:19:00+09:00"
    assert entry.image.href == "https://img.example.com/chair.jpg"


def test_the_enclosure_is_the_whole_file_with_its_exact_size_and_duration(app_parts):
    client, _, made, _ = app_parts
    _, feed = _feed_with(client, 1)
    [enclosure] = feed.entries[0].enclosures
    assert enclosure.type == "audio/mpeg"
    assert enclosure.href.startswith("http://testserver/audio/articles/")
    audio = client.get(enclosure.href)
    assert audio.status_code == 200
    assert int(enclosure.length) == len(audio.content) == int(audio.headers["content-length"])
    assert audio.content == client.get(f"/articles/{made.id}/audio.mp3").content
    duration_s = mp3.parse(audio.content).duration_ms / 1000
    assert int(feed.entries[0].itunes_duration) == round(duration_s)
    assert audio.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_each_episode_has_json_chapters_matching_its_file(app_parts):
    client, service, made, _ = app_parts
    answer, _ = _feed_with(client, 1)
    item = ET.fromstring(answer.content).find("channel/item")
    chapters_tag = item.find(f"{{{PODCAST}}}chapters")
    assert chapters_tag.get("type") == "application/json+chapters"
    chapters = client.get(chapters_tag.get("url"))
    assert chapters.status_code == 200
    assert chapters.headers["content-type"] == "application/json+chapters"
    body = chapters.json()
    segments = service.script(made.article)
    assert body["version"] == "1.2.0" and body["title"] == MADE["title"]
    assert [chapter["title"] for chapter in body["chapters"]] == [segment.display for segment in segments]
    starts = [chapter["startTime"] for chapter in body["chapters"]]
    assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == len(starts)
    duration_s = int(item.find(f"{{{ITUNES}}}duration").text)
    assert abs(body["chapters"][-1]["endTime"] - duration_s) < 1


def test_an_article_joins_the_feed_once_its_audio_is_whole(app_parts):
    client, service, _, pending = app_parts
    _, before = _feed_with(client, 1)
    assert [entry.title for entry in before.entries] == [MADE["title"]]
    for segment in service.script(pending.article):
        service.synthesizer.audio_for(segment)
    _, after = _feed_with(client, 2)
    assert [entry.title for entry in after.entries] == [PENDING["title"], MADE["title"]]  # newest first
    for entry in after.entries:
        assert int(entry.enclosures[0].length) == len(client.get(entry.enclosures[0].href).content)


def test_an_updated_article_keeps_its_guid_and_gets_a_new_enclosure(app_parts):
    client, service, made, _ = app_parts
    _, before = _feed_with(client, 1)
    changed = {**MADE, "blocks": MADE["blocks"] + [{"type": "paragraph", "text": "행사는 다음 주로 미뤄졌다."}]}
    updated, created = service.ingest(Article.model_validate(changed))
    assert not created and updated.id == made.id
    for segment in service.script(updated.article):
        service.synthesizer.audio_for(segment)
    deadline = time.monotonic() + BUILD_WAIT_S
    while True:
        _, after = _feed_with(client, 1)
        if after.entries and after.entries[0].enclosures[0].href != before.entries[0].enclosures[0].href:
            break
        assert time.monotonic() < deadline, "the feed never offered the updated audio"
        time.sleep(0.2)
    assert after.entries[0].id == before.entries[0].id
    new = client.get(after.entries[0].enclosures[0].href)
    assert int(after.entries[0].enclosures[0].length) == len(new.content)
    assert client.get(before.entries[0].enclosures[0].href).status_code == 200  # the old file stays meanwhile


def test_links_use_the_public_url_when_set(tmp_path):
    settings = make_settings(tmp_path, public_url="https://news.example.kr/")
    service = Service.from_settings(settings)
    made, _ = service.ingest(Article.model_validate(MADE))
    for segment in service.script(made.article):
        service.synthesizer.audio_for(segment)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        answer, feed = _feed_with(client, 1)
    assert feed.feed.link == "https://news.example.kr/"
    assert feed.entries[0].enclosures[0].href.startswith("https://news.example.kr/audio/articles/")
    assert feed.entries[0].link == f"https://news.example.kr/articles/{made.id}"
    self_link = ET.fromstring(answer.content).find("channel/{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "https://news.example.kr/feed.xml" and self_link.get("rel") == "self"


def test_the_feed_is_cached_briefly_and_answers_304(app_parts):
    client = app_parts[0]
    answer, _ = _feed_with(client, 1)
    assert answer.headers["cache-control"] == "public, max-age=300"
    again = client.get("/feed.xml", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/feed.xml").content == answer.content, "the same articles give the same bytes"


def test_an_empty_service_has_a_valid_empty_feed(tmp_path):
    with TestClient(create_app(make_settings(tmp_path)), headers=AUTH) as client:
        feed = feedparser.parse(client.get("/feed.xml").content)
    assert not feed.bozo and feed.entries == [] and feed.feed.title == "귀로 읽는 뉴스"


def test_the_playlist_lists_each_segment_with_its_duration_and_title(app_parts):
    client, service, made, _ = app_parts
    answer = client.get(f"/articles/{made.id}/playlist.m3u8")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "audio/x-mpegurl; charset=utf-8"
    assert answer.headers["cache-control"] == "public, max-age=60"
    lines = answer.text.splitlines()
    assert lines[:2] == ["#EXTM3U", f"#PLAYLIST:{MADE['title']}"]
    segments = service.script(made.article)
    pairs = list(zip(lines[2::2], lines[3::2]))
    assert len(pairs) == len(segments) == len(lines[2:]) // 2
    for number, ((info, url), segment) in enumerate(zip(pairs, segments), start=1):
        duration, title = info.removeprefix("#EXTINF:").split(",", 1)
        assert title == f"{number}. {segment.display}"
        assert url == f"http://testserver/audio/{segment.key}.mp3"
        audio = client.get(url)
        assert abs(float(duration) - mp3.parse(audio.content).duration_ms / 1000) < 0.001
    again = client.get(f"/articles/{made.id}/playlist.m3u8", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304


def test_a_segment_not_made_yet_has_an_unknown_duration(app_parts):
    client, _, _, pending = app_parts
    lines = client.get(f"/articles/{pending.id}/playlist.m3u8").text.splitlines()
    assert [line.split(",")[0] for line in lines if line.startswith("#EXTINF")] == ["#EXTINF:-1"] * 2


def test_unknown_articles_and_files_are_404_with_a_readable_message(app_parts):
    client = app_parts[0]
    for url in ("/articles/nope/playlist.m3u8", f"/audio/articles/{'0' * 64}/chapters.json"):
        answer = client.get(url)
        assert answer.status_code == 404 and "찾을 수 없습니다" in answer.json()["detail"], url


def test_a_photo_on_this_site_becomes_an_absolute_episode_image(tmp_path):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    local = {**MADE, "blocks": [{"type": "image", "caption": "무대 위의 빈 의자", "src": "/photos/chair.jpg"}]}
    stored, _ = service.ingest(Article.model_validate(local))
    for segment in service.script(stored.article):
        service.synthesizer.audio_for(segment)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        _, feed = _feed_with(client, 1)
    assert feed.entries[0].image.href == "http://testserver/photos/chair.jpg"

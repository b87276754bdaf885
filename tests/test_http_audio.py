"""Audio as players, podcast apps, proxies and CDNs expect it: Range (single, suffix, open end),
416, HEAD, If-Range, ETag/Last-Modified with 304, and Cache-Control by what may change."""

from email.utils import formatdate

import pytest
from fastapi.testclient import TestClient

from a11y.article import Article
from a11y.service import Service
from a11y.web.app import create_app
from harness import AUTH, make_settings

ARTICLE = {
    "title": "레인지 요청 시험",
    "published": "2024-11-05T16:19:00",
    "publisher": "이투데이",
    "source_url": "https://example.com/news/range",
    "blocks": [{"type": "paragraph", "text": "사파리와 아이폰은 범위 요청이 없으면 오디오를 재생하지 않는다."}],
}
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One article whose every segment the offline (here: preferred) voice made, and its whole file."""
    settings = make_settings(tmp_path_factory.mktemp("http"))
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    segments = service.script(stored.article)
    for segment in segments:
        service.synthesizer.audio_for(segment)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        whole = client.get(f"/articles/{stored.id}/audio.mp3")
        assert whole.headers["x-a11y-audio"] == "complete"
        yield client, stored, segments, whole.content


@pytest.fixture(scope="module")
def segment_url(served) -> str:
    return f"/audio/{served[2][1].key}.mp3"


@pytest.fixture(scope="module")
def body(served, segment_url) -> bytes:
    return served[0].get(segment_url).content


# Range header, then the first and last byte served (inclusive); the file is longer than 2,000 bytes.
RANGES = [
    ("bytes=0-99", lambda n: (0, 99)),
    ("bytes=100-", lambda n: (100, n - 1)),  # open end
    ("bytes=-500", lambda n: (n - 500, n - 1)),  # suffix: the last 500 bytes
    ("bytes=-999999999", lambda n: (0, n - 1)),  # a suffix longer than the file is the whole file
    ("bytes=1000-999999999", lambda n: (1000, n - 1)),  # an end past the file stops at the file
    ("bytes=0-0", lambda n: (0, 0)),  # one byte: what Safari asks first
    ("bytes=1-1", lambda n: (1, 1)),
]


@pytest.mark.parametrize(("header", "span"), RANGES, ids=[header for header, _ in RANGES])
def test_a_single_range_answers_206_with_exactly_those_bytes(served, segment_url, body, header, span):
    client = served[0]
    size = len(body)
    assert size > 2000
    first, last = span(size)
    answer = client.get(segment_url, headers={"Range": header})
    assert answer.status_code == 206
    assert answer.headers["content-range"] == f"bytes {first}-{last}/{size}"
    assert answer.headers["content-length"] == str(last - first + 1)
    assert answer.content == body[first : last + 1]
    assert answer.headers["content-type"] == "audio/mpeg"


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=-0", "bytes=999999999-1000000000"])
def test_an_unsatisfiable_range_answers_416_with_the_size(served, segment_url, body, header):
    answer = served[0].get(segment_url, headers={"Range": header})
    assert answer.status_code == 416
    assert answer.headers["content-range"] == f"bytes */{len(body)}"


def test_the_whole_file_says_it_takes_ranges(served, segment_url, body):
    answer = served[0].get(segment_url)
    assert answer.status_code == 200
    assert answer.headers["accept-ranges"] == "bytes"
    assert answer.headers["content-length"] == str(len(body))
    assert body[:3] == b"ID3" or body[0] == 0xFF


def test_head_gives_the_headers_without_the_body(served, segment_url, body):
    client = served[0]
    for url, size in ((segment_url, len(body)), (f"/articles/{served[1].id}/audio.mp3", len(served[3]))):
        answer = client.head(url)
        assert answer.status_code == 200, url
        assert answer.content == b""
        assert answer.headers["content-length"] == str(size)
        assert answer.headers["accept-ranges"] == "bytes"
        assert answer.headers["etag"] == client.get(url).headers["etag"]


def test_head_with_a_range_gives_the_range_headers(served, segment_url, body):
    answer = served[0].head(segment_url, headers={"Range": "bytes=10-19"})
    assert answer.status_code == 206 and answer.content == b""
    assert answer.headers["content-range"] == f"bytes 10-19/{len(body)}"


def test_etag_and_last_modified_are_the_files(served, segment_url):
    client, _, segments, _ = served
    path = client.app.state.settings.audio_cache_dir / f"{segments[1].key}.mp3"
    status = path.stat()
    answer = client.get(segment_url)
    assert answer.headers["etag"] == f'"{int(status.st_mtime):x}-{status.st_size:x}"'
    assert answer.headers["last-modified"] == formatdate(status.st_mtime, usegmt=True)


@pytest.mark.parametrize(
    "held",
    [lambda etag: etag, lambda etag: f"W/{etag}", lambda etag: f'"other", {etag}', lambda etag: "*"],
    ids=["same", "weak", "in-a-list", "star"],
)
def test_a_held_etag_answers_304_with_the_validators(served, segment_url, held):
    client = served[0]
    first = client.get(segment_url)
    again = client.get(segment_url, headers={"If-None-Match": held(first.headers["etag"])})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == IMMUTABLE
    assert again.headers["last-modified"] == first.headers["last-modified"]


def test_another_etag_gets_the_file(served, segment_url, body):
    answer = served[0].get(segment_url, headers={"If-None-Match": '"something-else"'})
    assert answer.status_code == 200 and answer.content == body


def test_if_modified_since_answers_304_unless_the_file_is_newer(served, segment_url, body):
    client = served[0]
    modified = client.get(segment_url).headers["last-modified"]
    assert client.get(segment_url, headers={"If-Modified-Since": modified}).status_code == 304
    later = formatdate(2_000_000_000, usegmt=True)  # 2033
    assert client.get(segment_url, headers={"If-Modified-Since": later}).status_code == 304
    earlier = client.get(segment_url, headers={"If-Modified-Since": "Tue, 05 Nov 2024 07:19:00 GMT"})
    assert earlier.status_code == 200 and earlier.content == body
    unreadable = client.get(segment_url, headers={"If-Modified-Since": "yesterday"})
    assert unreadable.status_code == 200 and unreadable.content == body


def test_if_none_match_wins_over_if_modified_since(served, segment_url, body):
    client = served[0]
    modified = client.get(segment_url).headers["last-modified"]
    answer = client.get(segment_url, headers={"If-None-Match": '"changed"', "If-Modified-Since": modified})
    assert answer.status_code == 200 and answer.content == body


def test_if_range_with_the_current_validator_gives_the_range(served, segment_url, body):
    client = served[0]
    first = client.get(segment_url)
    for validator in (first.headers["etag"], first.headers["last-modified"]):
        answer = client.get(segment_url, headers={"Range": "bytes=0-9", "If-Range": validator})
        assert answer.status_code == 206 and answer.content == body[:10], validator


def test_if_range_with_a_stale_validator_gives_the_whole_file(served, segment_url, body):
    for stale in ('"5f0e-1b2c"', "Tue, 05 Nov 2024 07:19:00 GMT"):
        answer = served[0].get(segment_url, headers={"Range": "bytes=0-9", "If-Range": stale})
        assert answer.status_code == 200 and answer.content == body, stale


def test_cache_lifetimes_follow_what_may_change(served, segment_url):
    client, stored, _, whole = served
    assert client.get(segment_url).headers["cache-control"] == IMMUTABLE  # preferred voice, by content
    by_article = client.get(f"/articles/{stored.id}/audio.mp3")
    assert by_article.headers["cache-control"] == "no-cache"  # changes when the article does
    digest_files = list(client.app.state.settings.audio_cache_dir.glob("articles/*.mp3"))
    assert len(digest_files) == 1
    by_content = client.get(f"/audio/articles/{digest_files[0].stem}.mp3")
    assert by_content.status_code == 200 and by_content.content == whole
    assert by_content.headers["cache-control"] == IMMUTABLE
    ranged = client.get(f"/audio/articles/{digest_files[0].stem}.mp3", headers={"Range": "bytes=-10"})
    assert ranged.status_code == 206 and ranged.content == whole[-10:]


def test_unknown_whole_files_are_404_with_a_readable_message(served):
    client = served[0]
    missing = client.get(f"/audio/articles/{'0' * 64}.mp3")
    assert missing.status_code == 404 and "찾을 수 없습니다" in missing.json()["detail"]
    assert client.get("/audio/articles/not-a-hash.mp3").status_code == 404

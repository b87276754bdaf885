"""Fetching an article by URL: against a real server on loopback (allowed by a setting), and the
refusals that keep the service from being used to reach private networks."""

import time

import pytest

from a11y.ingest import parse
from a11y.errors import FetchFailed, RefusedUrl, TooLarge
from a11y.ingest.fetch import fetch_article
from harness import make_settings
from page_server import PAGES, SLOW_S, page_server


@pytest.fixture(scope="module")
def server():
    with page_server() as base:
        yield base


@pytest.fixture
def allowed(tmp_path):
    """Settings that may fetch from loopback, as only tests should."""
    # Time enough for a loopback server on a loaded machine: only the slow-server test waits less.
    return make_settings(tmp_path, allow_private_urls=True, fetch_timeout_s=10.0, max_body_bytes=64 * 1024)


def test_a_fetched_page_is_the_article_in_it(server, allowed):
    article = fetch_article(f"{server}/etoday", allowed)
    assert article == parse((PAGES / "etoday.html").read_bytes())
    assert article.source_url == "https://www.etoday.co.kr/news/view/2416823", "the page's canonical URL"


def test_a_redirect_is_followed(server, allowed):
    assert fetch_article(f"{server}/moved", allowed).title.startswith("기술오류가 막는 트럼프 지지?")


def test_the_charset_in_the_http_header_is_honoured(server, allowed):
    article = fetch_article(f"{server}/euckr", allowed)
    assert article.title == "서울 첫눈 117년 만에 최대 폭설…출근길 대란"
    assert article.paragraphs[0].text.startswith("27일 서울에 밤사이 많은 눈이 내려")


@pytest.mark.parametrize(
    "path, error, message",
    [
        ("/to-ftp", RefusedUrl, "http 또는 https 주소만"),
        ("/loop", FetchFailed, "리다이렉트가 5번을 넘습니다"),
        ("/missing", FetchFailed, "HTTP 404"),
        ("/big", TooLarge, "너무 큽니다"),
        ("/big-chunked", TooLarge, "너무 큽니다"),
    ],
)
def test_what_cannot_be_fetched_says_why(server, allowed, path, error, message):
    with pytest.raises(error, match=message):
        fetch_article(f"{server}{path}", allowed)


def test_a_server_that_does_not_answer_in_time_is_given_up_on(server, allowed):
    impatient = allowed.model_copy(update={"fetch_timeout_s": 1.0})
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="1초 안에 응답이 없습니다"):
        fetch_article(f"{server}/slow", impatient)
    assert time.monotonic() - started < SLOW_S - 0.5


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/article",
        "http://localhost/article",
        "http://[::1]/article",
        "http://[::ffff:127.0.0.1]/article",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/article",
        "http://10.1.2.3/article",
        "http://192.168.0.1/article",
        "http://172.16.0.1/article",
        "http://100.64.0.1/article",
        "http://0.0.0.0/article",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused_by_default(tmp_path, url):
    with pytest.raises(RefusedUrl, match="내부망·루프백·링크 로컬 주소는 가져오지 않습니다"):
        fetch_article(url, make_settings(tmp_path))


def test_the_local_test_server_itself_is_refused_without_the_setting(server, tmp_path):
    with pytest.raises(RefusedUrl):
        fetch_article(f"{server}/etoday", make_settings(tmp_path))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.html", "gopher://example.com/", "//example.com/a"])
def test_only_http_and_https_are_fetched(tmp_path, url):
    with pytest.raises(RefusedUrl, match="http 또는 https 주소만"):
        fetch_article(url, make_settings(tmp_path, allow_private_urls=True))

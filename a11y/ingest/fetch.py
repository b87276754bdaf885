"""Fetching an article page by URL, guarded.

Only http and https; only public addresses unless `allow_private_urls` is set (checked before
connecting, again against the address actually connected to, and again on every redirect); at most
`max_body_bytes` of (decompressed) body; at most `fetch_timeout_s` for the whole fetch.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from a11y.article import Article
from a11y.ingest import parse
from a11y.errors import FetchFailed, RefusedUrl
from a11y.ingest.limits import LimitedBody
from a11y.settings import Settings

MAX_REDIRECTS = 5
USER_AGENT = "Mozilla/5.0 (compatible; a11y-news-reader/0.1)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str | None


def fetch_article(url: str, settings: Settings, format: str | None = None) -> Article:
    """The article at url, parsed as the page it is (HTML, unless the server says otherwise)."""
    page = fetch(url, settings)
    content_type = page.content_type or "text/html"
    return parse(
        page.body, format=format, content_type=content_type, source_url=page.url,
        known_containers=settings.ingest_known_containers,
    )  # fmt: skip


def fetch(url: str, settings: Settings) -> Fetched:
    deadline = time.monotonic() + settings.fetch_timeout_s
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Language": "ko,en;q=0.5"}
    # trust_env=False: a proxy from the environment would hide the address really connected to.
    with httpx.Client(timeout=settings.fetch_timeout_s, headers=headers, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, settings.allow_private_urls)
            try:
                with client.stream("GET", url) as response:
                    _check_peer(response, url, settings.allow_private_urls)
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchFailed(f"페이지를 가져오지 못했습니다: HTTP {response.status_code} ({url})")
                    body = _read_limited(response, settings.max_body_bytes, deadline, url)
                    return Fetched(str(response.url), body, response.headers.get("content-type"))
            except httpx.TimeoutException as error:
                raise FetchFailed(f"{settings.fetch_timeout_s:g}초 안에 응답이 없습니다: {url}") from error
            except httpx.HTTPError as error:
                raise FetchFailed(f"페이지를 가져오지 못했습니다: {url} ({type(error).__name__}: {error})") from error
    raise FetchFailed(f"리다이렉트가 {MAX_REDIRECTS}번을 넘습니다: {url}")


def check_url(url: str, allow_private: bool) -> None:
    """Refuse what is not http(s) and, unless allowed, any host that resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise RefusedUrl(f"http 또는 https 주소만 가져올 수 있습니다: {url}")
    if not parts.hostname:
        raise RefusedUrl(f"주소에 호스트가 없습니다: {url}")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise FetchFailed(f"호스트를 찾을 수 없습니다: {parts.hostname}") from error
    for *_, address in found:
        _refuse_private(address[0], url)


def _check_peer(response: httpx.Response, url: str, allow_private: bool) -> None:
    # DNS may answer differently the second time (rebinding): check where we really are.
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and not allow_private:
        _refuse_private(peer[0], url)


def _refuse_private(address: str, url: str) -> None:
    ip = ipaddress.ip_address(address.split("%")[0])
    embedded = [ip]
    if ip.version == 6:
        embedded += [inner for inner in (ip.ipv4_mapped, ip.sixtofour, ip.teredo and ip.teredo[1]) if inner]
    if any(not inner.is_global or inner.is_multicast for inner in embedded):
        raise RefusedUrl(f"내부망·루프백·링크 로컬 주소는 가져오지 않습니다: {url} ({ip})")


def _read_limited(response: httpx.Response, limit: int, deadline: float, url: str) -> bytes:
    body = LimitedBody(limit, "페이지")
    body.declared(response.headers.get("content-length"))
    for chunk in response.iter_bytes():
        body.add(chunk)
        if time.monotonic() > deadline:
            raise FetchFailed(f"페이지를 받는 데 너무 오래 걸립니다: {url}")
    return body.bytes()

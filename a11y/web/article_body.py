"""The body of an article upload: publisher JSON, a web page, copied page text, or a URL to fetch.

Read with a byte limit before anything is parsed; ingest errors propagate and become 4xx answers with a
readable `detail` in a11y/web/http_errors.py (schema errors keep FastAPI's list of `{loc, msg, type}`).
"""

import json

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from a11y.article import Article
from a11y.ingest import parse
from a11y.ingest.detect import detect_format
from a11y.errors import IngestError
from a11y.ingest.fetch import fetch_article
from a11y.settings import Settings
from a11y.ingest.limits import LimitedBody, article_size_problem

_SAMPLE_TEXT = (
    "기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소\n\n입력 2024-11-05 16:19\n\n"
    "계속된 청취자 연결 실패...결국 종료\n\n"
    "테슬라 최고경영자(CEO) 일론 머스크는 4일(현지시간) … 몇 분 만에 끝났다.\n"
)
# OpenAPI for a body FastAPI does not parse itself (it comes in three media types).
REQUEST_BODY_OPENAPI = {
    "requestBody": {
        "required": True,
        "description": (
            "The article in one of three shapes, chosen by `Content-Type`: publisher JSON (the `Article` "
            "schema) or `{\"url\": …}` to fetch a page; an article web page (`text/html`, charset from the "
            "header or the page's `<meta>`); or a page's copied text (`text/plain`, UTF-8). At most "
            "`A11Y_MAX_BODY_BYTES` bytes."
        ),
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Article"},
                        {
                            "title": "ArticleUrl",
                            "type": "object",
                            "properties": {
                                "url": {"type": "string", "format": "uri", "description": "An http(s) article page."}
                            },
                            "required": ["url"],
                            "additionalProperties": False,
                        },
                    ]
                },
                "examples": {
                    "url": {"summary": "Fetch a page", "value": {"url": "https://www.etoday.co.kr/news/view/2416823"}},
                },
            },
            "text/html": {"schema": {"type": "string"}, "example": "<!doctype html><html>…</html>"},
            "text/plain": {"schema": {"type": "string"}, "example": _SAMPLE_TEXT},
        },
    }
}


async def article_from_request(request: Request) -> Article:
    """The article the request carries (or points to), or a 4xx that says what is wrong."""
    settings: Settings = request.app.state.settings
    data = await _read_limited(request, settings.max_body_bytes)
    content_type = request.headers.get("content-type")
    article = await run_in_threadpool(_article, data, content_type, settings)  # IngestError: a 4xx (http_errors)
    too_large = article_size_problem(article, settings.max_article_blocks, settings.max_article_chars)
    if too_large:
        raise IngestError(too_large)
    return article


def _article(data: bytes, content_type: str | None, settings: Settings) -> Article:
    if data.strip() and detect_format(data, content_type) == "json":
        url = _requested_url(data)
        if url is not None:
            return fetch_article(url, settings)
    return parse(data, content_type=content_type, known_containers=settings.ingest_known_containers)


def _requested_url(data: bytes) -> str | None:
    """The URL of a `{"url": …}` body; None for anything else (which is parsed as an article)."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):  # parse_json says what is wrong with it
        return None
    if isinstance(value, dict) and set(value) == {"url"}:
        if not isinstance(value["url"], str):
            raise IngestError("url: 문자열(http 또는 https 주소)이어야 합니다.")
        return value["url"]
    return None


async def _read_limited(request: Request, limit: int) -> bytes:
    body = LimitedBody(limit)
    body.declared(request.headers.get("content-length"))  # TooLarge: a 413 (http_errors)
    async for chunk in request.stream():
        body.add(chunk)
    return body.bytes()

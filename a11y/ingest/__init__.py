"""Ingest: publisher JSON, article web pages and copied page text, each to the same clean Article.

`parse` is the one entry point; it does no I/O. Fetching a URL is `a11y.ingest.fetch`.
"""

from pydantic import ValidationError

from a11y.article import Article
from a11y.ingest.charset import decode_html, decode_text
from a11y.ingest.detect import FORMATS, detect_format
from a11y.errors import IngestError, InvalidArticle
from a11y.ingest.html import parse_html
from a11y.ingest.publisher_json import field_path, parse_json
from a11y.ingest.copied_text import parse_text

__all__ = ["FORMATS", "IngestError", "parse"]


def parse(
    data: bytes,
    format: str | None = None,
    content_type: str | None = None,
    source_url: str | None = None,
    *,
    known_containers: bool = True,
) -> Article:
    """The article in data: `format` if given, else the one content_type names or the bytes show.

    `source_url` is where an HTML page came from, to resolve its links and give it a stable id.
    `known_containers` lets the HTML parser take a publisher's article container by its known name
    (a fast path); off, the body is found by its text alone (`A11Y_INGEST_KNOWN_CONTAINERS`).
    """
    if not data.strip():
        raise IngestError("본문이 비어 있습니다.")
    format = format or detect_format(data, content_type)
    if format == "json":
        return parse_json(decode_text(data, content_type))
    try:
        if format == "html":
            return parse_html(decode_html(data, content_type), source_url, known_containers=known_containers)
        if format == "text":
            return parse_text(decode_text(data, content_type))
    except ValidationError as error:  # e.g. a control character in copied text: named like a JSON field
        problems = error.errors(include_url=False, include_context=False, include_input=False)
        message = "; ".join(f"{field_path(problem['loc'])}: {problem['msg']}" for problem in problems)
        raise InvalidArticle(f"not a valid article: {message}", problems) from error
    raise IngestError(f"알 수 없는 형식입니다: {format} ({', '.join(FORMATS)} 중 하나)")

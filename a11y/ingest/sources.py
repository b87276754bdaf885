"""Where an article comes from on the command line: a file, standard input (`-`), or an http(s) URL.

Every source goes through the same limits as the API: at most `max_body_bytes` read, and an article
over `max_article_blocks` or `max_article_chars` refused (`ArticleTooLarge`).
"""

from pathlib import Path
from typing import BinaryIO

from a11y.article import Article
from a11y.ingest import parse
from a11y.errors import IngestError
from a11y.ingest.fetch import fetch_article
from a11y.ingest.limits import check_article_size, read_stream
from a11y.settings import Settings

_SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}


def read_source(source: str, settings: Settings, format: str | None = None, stdin: BinaryIO | None = None) -> Article:
    """The article in source; `format` wins over a file's suffix, which wins over a look at the bytes."""
    article = _read(source, settings, format, stdin)
    return check_article_size(article, settings.max_article_blocks, settings.max_article_chars)


def _read(source: str, settings: Settings, format: str | None, stdin: BinaryIO | None) -> Article:
    known = settings.ingest_known_containers
    if "://" in source:
        return fetch_article(source, settings, format)  # refuses anything but http(s)
    if source == "-":
        if stdin is None:
            raise IngestError("표준 입력이 없습니다.")
        return parse(read_stream(stdin, settings.max_body_bytes), format=format, known_containers=known)
    path = Path(source)
    if not path.is_file():
        raise IngestError(f"파일이 없습니다: {source}")
    with path.open("rb") as file:
        data = read_stream(file, settings.max_body_bytes)
    return parse(data, format=format or _SUFFIX_FORMATS.get(path.suffix.lower()), known_containers=known)

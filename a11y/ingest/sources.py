"""Where an article comes from on the command line: a file, standard input (`-`), or an http(s) URL."""

from pathlib import Path
from typing import BinaryIO

from a11y.article import Article
from a11y.ingest import parse
from a11y.ingest.errors import IngestError, TooLarge
from a11y.ingest.fetch import fetch_article
from a11y.settings import Settings

_SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}


def read_source(source: str, settings: Settings, format: str | None = None, stdin: BinaryIO | None = None) -> Article:
    """The article in source; `format` wins over a file's suffix, which wins over a look at the bytes."""
    if "://" in source:
        return fetch_article(source, settings, format)  # refuses anything but http(s)
    if source == "-":
        if stdin is None:
            raise IngestError("표준 입력이 없습니다.")
        return parse(_read_limited(stdin, settings.max_body_bytes), format=format)
    path = Path(source)
    if not path.is_file():
        raise IngestError(f"파일이 없습니다: {source}")
    with path.open("rb") as file:
        data = _read_limited(file, settings.max_body_bytes)
    return parse(data, format=format or _SUFFIX_FORMATS.get(path.suffix.lower()))


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"입력이 너무 큽니다. 최대 {limit:,}바이트까지 받습니다 (A11Y_MAX_BODY_BYTES).")
    return data

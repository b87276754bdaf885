"""How much the service takes, the same through every door (API, CLI, fetch).

The bytes of an input are read through one `LimitedBody`, which stops at the limit whatever the
source (a request stream, a file, standard input, a fetched page); the article made from them is then
measured once more (`article_size_problem`): so many blocks or characters that its narration would
take hours and its page would be unusable with a screen reader.
"""

from typing import BinaryIO

from a11y.article import Article
from a11y.errors import IngestError, TooLarge

READ_CHUNK_BYTES = 64 * 1024


class ArticleTooLarge(IngestError):
    """An article over `max_article_blocks` or `max_article_chars`."""


class LimitedBody:
    """Bytes gathered up to `limit`; a declared or actual size beyond it raises TooLarge."""

    def __init__(self, limit: int, what: str = "본문"):
        self.limit, self.what = limit, what
        self._data = bytearray()

    def declared(self, content_length: str | None) -> None:
        """Refuse before reading when the sender already says it is too large."""
        if content_length and content_length.strip().isdigit() and int(content_length) > self.limit:
            raise TooLarge(self.message(int(content_length)))

    def add(self, chunk: bytes) -> None:
        self._data += chunk
        if len(self._data) > self.limit:
            raise TooLarge(self.message())

    def bytes(self) -> bytes:
        return bytes(self._data)

    def message(self, size: int | None = None) -> str:
        told = f" ({size:,}바이트)" if size is not None else ""
        return f"{self.what}{_subject_particle(self.what)} 너무 큽니다{told}. 최대 {self.limit:,}바이트까지 받습니다 (A11Y_MAX_BODY_BYTES)."


def _subject_particle(word: str) -> str:
    """이 after a final consonant (본문이), 가 after a vowel (페이지가)."""
    last = word[-1:]
    return "이" if "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 else "가"


def read_stream(stream: BinaryIO, limit: int, what: str = "입력") -> bytes:
    """At most `limit` bytes of a file or standard input, else TooLarge."""
    body = LimitedBody(limit, what)
    while chunk := stream.read(READ_CHUNK_BYTES):
        body.add(chunk)
    return body.bytes()


def article_size_problem(article: Article, max_blocks: int, max_chars: int) -> str | None:
    """Why an article is too large to take (a sentence for the publisher), or None."""
    if len(article.blocks) > max_blocks:
        return f"기사가 너무 깁니다: 블록 {len(article.blocks):,}개 (최대 {max_blocks:,}개, A11Y_MAX_ARTICLE_BLOCKS)."
    chars = article_chars(article)
    if chars > max_chars:
        return f"기사가 너무 깁니다: {chars:,}자 (최대 {max_chars:,}자, A11Y_MAX_ARTICLE_CHARS)."
    return None


def check_article_size(article: Article, max_blocks: int, max_chars: int) -> Article:
    """The article, or ArticleTooLarge saying which limit it passes."""
    problem = article_size_problem(article, max_blocks, max_chars)
    if problem:
        raise ArticleTooLarge(problem)
    return article


def article_chars(article: Article) -> int:
    """Characters of text the article shows and reads: title, subtitles and every block's text."""
    texts = [article.title, *article.subtitles]
    for block in article.blocks:
        texts += [getattr(block, name, None) or "" for name in ("text", "caption", "credit", "cite")]
    return sum(len(text) for text in texts)

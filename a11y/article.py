"""The one model every part of a11y shares: an article and its ordered blocks."""

import hashlib
import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal, Union
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

KST = timezone(timedelta(hours=9), "KST")

# How precisely a time was stated: a day, a minute, or a second. Seconds a source did not state are
# never shown or made up; the value then holds zero seconds.
Precision = Literal["day", "minute", "second"]
_ISO_TIME = re.compile(r"[T ]\d{1,2}:\d{2}(?P<seconds>:\d{2})?")

# C0 controls but tab and line breaks, DEL, C1 controls, and the bidi embeddings, overrides and
# isolates that make text display in another order than it is read (U+202A-202E, U+2066-2069).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _readable(text: str) -> str:
    found = _CONTROL.search(text)
    if found:
        raise ValueError(f"제어 문자(U+{ord(found.group()):04X})는 받지 않습니다 ({found.start() + 1}번째 글자)")
    return text


def _web_address(url: str | None) -> str | None:
    # The page links to it or loads it: a javascript: or data: URL there would run or show as the site's own.
    if url is not None and (urlsplit(url.strip()).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc):
        raise ValueError("http:// 또는 https://로 시작하는 절대 주소여야 합니다")
    return url


def _photo_address(url: str | None) -> str | None:
    # A path on this site (one leading slash) is also a photo's address: it loads as an image, nothing more.
    if url is not None and url.startswith("/") and not url.startswith("//") and not _CONTROL.search(url):
        return url
    try:
        return _web_address(url)
    except ValueError:
        raise ValueError("http:// 또는 https://로 시작하는 절대 주소, 또는 /로 시작하는 이 사이트의 경로여야 합니다") from None


# Every text an article carries: shown on the page and read aloud, so it must be plain readable text.
Text = Annotated[str, AfterValidator(_readable)]
WebAddress = Annotated[str | None, AfterValidator(_web_address)]
PhotoAddress = Annotated[str | None, AfterValidator(_photo_address)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Paragraph(_Frozen):
    """A paragraph of body text, read aloud as it stands."""

    type: Literal["paragraph"] = "paragraph"
    text: Text = Field(min_length=1, examples=["테슬라 최고경영자(CEO) 일론 머스크는 4일(현지시간) …"])


class Subheading(_Frozen):
    """A heading inside the body (중간 제목)."""

    type: Literal["subheading"] = "subheading"
    text: Text = Field(min_length=1)


class Quote(_Frozen):
    """A quotation set apart from the body (blockquote)."""

    type: Literal["quote"] = "quote"
    text: Text = Field(min_length=1)
    cite: Text | None = Field(default=None, description="Who is quoted, if the page says.")


class Image(_Frozen):
    """A photo where it stands in the article; narrated as '사진 설명. <caption>'."""

    type: Literal["image"] = "image"
    caption: Text = Field(default="", description="What the photo shows, without credit or copyright notice.")
    credit: Text | None = Field(
        default=None, description="Who took or supplied the photo.", examples=["펜실베이니아/로이터연합뉴스", "연합뉴스"]
    )
    src: PhotoAddress = Field(default=None, description="The photo's absolute http(s) URL (or a path on this site).")


Block = Annotated[Union[Paragraph, Subheading, Quote, Image], Field(discriminator="type")]


class Article(_Frozen):
    """A news article as publishers send it (publisher JSON) and as every part of a11y shares it."""

    title: Text = Field(
        min_length=1, description="The headline.", examples=["기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소"]
    )
    subtitles: tuple[Text, ...] = Field(default=(), description="Subtitles (부제), in order.")
    published: datetime | None = Field(
        default=None,
        description="First published, ISO 8601. A time without a zone is Seoul time; it is kept as +09:00.",
        examples=["2024-11-05T16:19:00+09:00"],
    )
    published_precision: Precision | None = Field(
        default=None,
        description="How precisely `published` was stated: day, minute or second. Unset, it is read from "
        "the string given (`2024-11-05` a day, `2024-11-05T16:19` a minute, with seconds a second).",
    )
    modified: datetime | None = Field(default=None, description="Last updated (수정), ISO 8601, like `published`.")
    modified_precision: Precision | None = Field(default=None, description="How precisely `modified` was stated.")
    byline: Text | None = Field(default=None, description="The reporter(s).", examples=["홍길동 기자"])
    source_url: WebAddress = Field(
        default=None, description="The article's http(s) page; the same source again updates the article in place (same id)."
    )
    publisher: Text | None = Field(default=None, description="The newspaper or site.", examples=["이투데이"])
    source: Text | None = Field(
        default=None, description="The news agency the article came from, when it credits one.", examples=["연합뉴스"]
    )
    blocks: tuple[Block, ...] = Field(
        min_length=1, description="The body in reading order: paragraphs, subheadings, quotes and images."
    )

    @model_validator(mode="before")
    @classmethod
    def _stated_precision(cls, data: object) -> object:
        # A publisher's string says how precise it is; older JSON (and stored articles) carry no precision.
        if isinstance(data, dict):
            for name in ("published", "modified"):
                value = data.get(name)
                if isinstance(value, str) and data.get(f"{name}_precision") is None:
                    data = {**data, f"{name}_precision": precision_of(value)}
        return data

    @model_validator(mode="after")
    def _precision_with_time(self) -> "Article":
        for name in ("published", "modified"):
            value, precision = getattr(self, name), getattr(self, f"{name}_precision")
            if value is None and precision is not None:
                object.__setattr__(self, f"{name}_precision", None)
            elif value is not None and precision is None:  # a datetime given as one is exact
                object.__setattr__(self, f"{name}_precision", "second")
        return self

    @field_validator("published", "modified", mode="before")
    @classmethod
    def _not_a_number(cls, value: object) -> object:
        # pydantic would read 20241105 as seconds since 1970: a publisher's mistake, not a time.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError("an ISO 8601 date-time string, e.g. 2024-11-05T16:19:00+09:00, not a number")
        return value

    @field_validator("published", "modified")
    @classmethod
    def _in_seoul(cls, value: datetime | None) -> datetime | None:
        # Korean news times are printed without a zone; they are Seoul time.
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=KST)
        return value.astimezone(KST)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [block for block in self.blocks if isinstance(block, Paragraph)]

    @property
    def published_stated(self) -> str | None:
        """`published` in ISO 8601 to the precision stated: `2024-11-05`, `2024-11-05T16:19+09:00`, …"""
        return stated_time(self.published, self.published_precision)

    @property
    def modified_stated(self) -> str | None:
        return stated_time(self.modified, self.modified_precision)


def precision_of(iso: str) -> Precision:
    """How precise an ISO 8601 string is: `2024-11-05` a day, `…T16:19` a minute, `…T16:19:03` a second."""
    match = _ISO_TIME.search(iso.strip())
    if not match:
        return "day"
    return "second" if match["seconds"] else "minute"


def stated_time(value: datetime | None, precision: Precision | None) -> str | None:
    """A time in ISO 8601 with no more precision than was stated (valid in `<time datetime>`)."""
    if value is None:
        return None
    if precision == "day":
        return value.date().isoformat()
    if precision == "minute":
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def article_id(article: Article) -> str:
    """A stable id: the same source (or, without one, the same title and time) keeps its id."""
    if article.source_url:
        basis = article.source_url
    else:
        published = article.published.isoformat() if article.published else ""
        basis = f"{article.title}\n{published}"
    return hashlib.sha256(basis.encode()).hexdigest()[:12]

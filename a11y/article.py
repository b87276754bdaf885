"""The one model every part of a11y shares: an article and its ordered blocks."""

import hashlib
from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

KST = timezone(timedelta(hours=9), "KST")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Paragraph(_Frozen):
    type: Literal["paragraph"] = "paragraph"
    text: str = Field(min_length=1)


class Subheading(_Frozen):
    type: Literal["subheading"] = "subheading"
    text: str = Field(min_length=1)


class Quote(_Frozen):
    type: Literal["quote"] = "quote"
    text: str = Field(min_length=1)
    cite: str | None = None


class Image(_Frozen):
    type: Literal["image"] = "image"
    caption: str = ""
    credit: str | None = None
    src: str | None = None


Block = Annotated[Union[Paragraph, Subheading, Quote, Image], Field(discriminator="type")]


class Article(_Frozen):
    title: str = Field(min_length=1)
    subtitles: tuple[str, ...] = ()
    published: datetime | None = None
    byline: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    blocks: tuple[Block, ...] = Field(min_length=1)

    @field_validator("published")
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


def article_id(article: Article) -> str:
    """A stable id: the same source (or, without one, the same title and time) keeps its id."""
    if article.source_url:
        basis = article.source_url
    else:
        published = article.published.isoformat() if article.published else ""
        basis = f"{article.title}\n{published}"
    return hashlib.sha256(basis.encode()).hexdigest()[:12]

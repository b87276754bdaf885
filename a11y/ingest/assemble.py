"""Lines of visible text, in page order, become the article's blocks.

Both the copied-text parser and the HTML parser reduce a page to `Line`s; the rules for what is a
subtitle, a subheading, a caption, a byline, the agency the copy came from, or noise live here once.
Code-like text never becomes a block; each line dropped so is logged with its reason.
"""

import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from a11y.article import Image, Paragraph, Quote, Subheading
from a11y.ingest import boilerplate, bylines, captions, dates
from a11y.ingest.codelike import code_reason
from a11y.ingest.dates import Moment

log = logging.getLogger("a11y.ingest")

LineKind = Literal["text", "heading", "quote", "image", "caption"]

MAX_SUBTITLE_CHARS = 80
MAX_SUBHEADING_CHARS = 40
# A line this short right below a photo whose caption box was empty is that photo's caption.
MAX_CAPTION_BELOW_CHARS = 300
# Below a photo with no caption, a line this short that credits a photo (`…있다. 사진=뉴스1`) is its caption.
MAX_CREDITED_CAPTION_CHARS = 200
# ■ 자동차 수출은 주춤 · ◆ 전망 · ▲ 반도체 — a marked short line is a subheading. Brackets are not
# marks: `[단독]`, `[앵커]` are part of what follows and stay whole.
_HEADING_MARK = re.compile(r"^\s?[■□◆◇●○▶▷◈◎▲△◇◆★☆]\s?")
_SENTENCE_END = re.compile(r"(?:[.!?…]|다)$")
# `- 메모리 가격 회복에 수출 늘어` under the headline: the summary lines Korean papers print before the
# body. An interview's question (`- 언제부터 준비했나?`) is not one.
_LEAD_DASH = re.compile(r"^[-–—]\s")
# A broadcast script's cue on a line of its own, kept with its brackets.
_CUE = re.compile(r"[\[<【〈◀◁]\s?[가-힣A-Za-z]{1,8}(?:\s[가-힣A-Za-z]{1,8})?\s?[\]>】〉▶▷]")
_END_MARK = re.compile(r"\s?[(\[<]\s?끝\s?[)\]>]\s?$|\s?/끝/\s?$")


@dataclass(frozen=True)
class Line:
    kind: LineKind
    text: str = ""
    src: str | None = None  # images only
    alt: str = ""  # images only: used when the page prints no caption
    bold: bool = False  # every character of the line is bold: a subheading when short
    caption_below: bool = False  # images only: the page's caption box was empty; the caption follows


@dataclass
class Assembled:
    blocks: list = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    byline: str | None = None
    published: Moment | None = None
    modified: Moment | None = None
    source: str | None = None  # the agency the copy came from
    _caption_below: bool = False

    @property
    def started(self) -> bool:
        """A paragraph has been read: what follows is the body, not its lead."""
        return self._paragraphs > 0

    @property
    def photos(self) -> bool:
        return self._images > 0

    _paragraphs: int = 0
    _images: int = 0


def assemble(lines: list[Line], *, short_lines_are_headings: bool, captions_make_photos: bool = True) -> Assembled:
    """Blocks, subtitles, byline, source and printed times from lines in page order.

    `short_lines_are_headings`: copied text has no markup, so a short line that is not a sentence
    is a subtitle before the body and a subheading within it; HTML says so with tags instead.
    `captions_make_photos`: in copied text a `▲` line is where a photo was; in HTML the photos are
    known, and a `▲` line that follows none is an item headline.
    """
    out = Assembled()
    for line in lines:
        started = out.started
        text = line.text
        if line.kind != "image":
            reason = code_reason(text)
            if reason:
                log.info("ingest dropped a %s line (%s): %.80s", line.kind, reason, text)
                continue
        if line.kind == "text" and started and boilerplate.is_end_marker(text):
            break
        caption_below, out._caption_below = out._caption_below, False
        if line.kind == "image":
            _add_image(out, line.src, line.text or line.alt)
            out._caption_below = line.caption_below
        elif line.kind == "caption" or _is_caption(out, line, captions_make_photos, caption_below):
            _add_caption(out, text)
        elif line.kind == "quote":
            out.blocks.append(Quote(text=text))
        elif line.kind == "text" and _is_meta(out, text):
            out._caption_below = caption_below and not started
        elif line.kind == "text" and _CUE.fullmatch(text):
            out.blocks.append(Subheading(text=text))  # [앵커] · <기자> · [리포트]: who speaks next
        elif line.kind == "heading" or _is_heading(line, short_lines_are_headings, started):
            lead = not started and not out.photos
            heading = boilerplate.strip_bullet(_HEADING_MARK.sub("", text)).strip() or text
            if lead and len(heading) <= MAX_SUBTITLE_CHARS:
                out.subtitles.append(heading)
            else:
                out.blocks.append(Subheading(text=heading))
        else:
            _add_paragraph(out, text, first=not started)
    _strip_closing_byline(out)
    return out


def _is_caption(out: Assembled, line: Line, captions_make_photos: bool, caption_below: bool) -> bool:
    if line.kind != "text":
        return False
    previous = out.blocks[-1] if out.blocks else None
    waiting = isinstance(previous, Image) and not previous.caption
    if captions.is_caption_line(line.text):
        return captions_make_photos or waiting or _repeats_caption(out, line)
    if waiting and len(line.text) <= MAX_CAPTION_BELOW_CHARS and not bylines.is_byline_line(line.text):
        if caption_below:  # the photo's caption box was empty: the caption is the line below it
            return not is_meta_text(line.text) or captions.has_credit(line.text)
        if len(line.text) <= MAX_CREDITED_CAPTION_CHARS and captions.has_credit(line.text):
            return True  # a short line that credits a photo, right below an uncaptioned one
    return _repeats_caption(out, line) or (isinstance(previous, Image) and _is_bare_credit(line.text))


def _repeats_caption(out: Assembled, line: Line) -> bool:
    """A line right after a photo that says what its alt text said: the caption, printed below it."""
    previous = out.blocks[-1] if out.blocks else None
    return (
        line.kind == "text"
        and isinstance(previous, Image)
        and bool(previous.caption)
        and captions.same_caption(previous.caption, captions.split_caption(line.text)[0])
    )


def _is_bare_credit(text: str) -> bool:
    """`사진=연합뉴스` alone on the line under a photo: its credit, not a paragraph."""
    caption, credit = captions.split_caption(text)
    return bool(credit) and not caption and len(text) <= 40


def is_meta_text(text: str) -> bool:
    """A byline, the printed time or page furniture: never the article's text."""
    return bylines.is_byline_line(text) or dates.is_dateline(text) or boilerplate.is_noise(text)


def _is_meta(out: Assembled, text: str) -> bool:
    """Noise, the printed time, a byline, an agency credit: taken note of where useful, never a block."""
    agency = bylines.agency_line(text)
    if agency:
        out.source = out.source or agency
        return True
    if bylines.is_byline_line(text):
        out.byline = out.byline or bylines.byline_in(text)
        out.source = out.source or bylines.agency_before_byline(text)
        return True
    if dates.is_dateline(text):
        out.published = out.published or dates.first_published_in_text(text)
        out.modified = out.modified or dates.modified_in_text(text)
        if not out.published and not out.modified:
            out.published = dates.published_in_text(text)
        return True
    if boilerplate.is_noise(text):
        if boilerplate.is_copyright(text):
            out.source = out.source or bylines.agency_named_in(text)
        log.debug("ingest dropped a line (page furniture): %.80s", text)
        return True
    return False


def _is_heading(line: Line, short_lines_are_headings: bool, started: bool) -> bool:
    text = line.text.strip()
    if line.kind != "text":
        return False
    if len(text) <= MAX_SUBHEADING_CHARS and _HEADING_MARK.match(text) and not text.endswith((".", "!", "?", "…")):
        return True  # ■ 시민 반응 살펴 늘린다: a marked item headline, even one that ends like a sentence
    if not started and _LEAD_DASH.match(text) and len(text) <= MAX_SUBTITLE_CHARS and not text.endswith("?"):
        return True
    if _SENTENCE_END.search(text):
        return False
    if len(text) <= MAX_SUBHEADING_CHARS and (line.bold or _HEADING_MARK.match(text)):
        return True
    if not started and line.bold and len(text) <= MAX_SUBTITLE_CHARS:
        return True  # a bold line above the body: a subtitle
    return short_lines_are_headings and len(text) <= MAX_SUBTITLE_CHARS


def _add_paragraph(out: Assembled, text: str, first: bool) -> None:
    if first:
        text, opening = bylines.strip_opening(text)
        out.byline = out.byline or opening.byline
        out.source = out.source or opening.agency
    text = _END_MARK.sub("", text).strip() if "끝" in text else text
    if text:
        out.blocks.append(Paragraph(text=text))
        out._paragraphs += 1


def _add_image(out: Assembled, src: str | None, raw_caption: str) -> None:
    caption, credit = captions.split_caption(raw_caption)
    out.blocks.append(Image(caption=caption, credit=credit, src=src))
    out._images += 1


def _add_caption(out: Assembled, raw: str) -> None:
    """A caption line belongs to the photo just before it; printed twice, it is one caption."""
    caption, credit = captions.split_caption(raw)
    previous = out.blocks[-1] if out.blocks else None
    if isinstance(previous, Image) and not caption and credit:
        out.blocks[-1] = previous.model_copy(update={"credit": previous.credit or credit})
    elif isinstance(previous, Image) and (not previous.caption or captions.same_caption(previous.caption, caption)):
        keep = caption if len(caption) >= len(previous.caption) else previous.caption
        out.blocks[-1] = previous.model_copy(update={"caption": keep, "credit": previous.credit or credit})
    elif caption or credit:
        out.blocks.append(Image(caption=caption, credit=credit))
        out._images += 1


def _strip_closing_byline(out: Assembled) -> None:
    for position in range(len(out.blocks) - 1, -1, -1):
        block = out.blocks[position]
        if isinstance(block, Paragraph):
            text, byline = bylines.strip_trailing_byline(block.text)
            if byline:
                out.byline = out.byline or byline
                out.blocks[position] = Paragraph(text=text)
            return

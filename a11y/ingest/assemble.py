"""Lines of visible text, in page order, become the article's blocks.

Both the copied-text parser and the HTML parser reduce a page to `Line`s; the rules for what is a
subtitle, a subheading, a caption, a byline or noise live here once.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from a11y.article import Image, Paragraph, Quote, Subheading
from a11y.ingest import boilerplate, bylines, captions, dates

LineKind = Literal["text", "heading", "quote", "image", "caption"]

MAX_SUBTITLE_CHARS = 80
MAX_SUBHEADING_CHARS = 40
# ■ 자동차 수출은 주춤 · ◆ 전망 — a marked short line is a subheading.
_HEADING_MARK = re.compile(r"^\s*[■□◆◇●○▶▷◈◎【\[]\s*")
_SENTENCE_END = re.compile(r"(?:[.!?…]|다)$")


@dataclass(frozen=True)
class Line:
    kind: LineKind
    text: str = ""
    src: str | None = None  # images only
    alt: str = ""  # images only: used when the page prints no caption
    bold: bool = False  # every character of the line is bold: a subheading when short


@dataclass
class Assembled:
    blocks: list = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    byline: str | None = None
    published: datetime | None = None


def assemble(lines: list[Line], *, short_lines_are_headings: bool) -> Assembled:
    """Blocks, subtitles, byline and printed time from lines in page order.

    `short_lines_are_headings`: copied text has no markup, so a short line that is not a sentence
    is a subtitle before the body and a subheading within it; HTML says so with tags instead.
    """
    out = Assembled()
    for line in lines:
        started = any(isinstance(block, Paragraph) for block in out.blocks)
        text = line.text
        if line.kind == "text" and started and boilerplate.is_end_marker(text):
            break
        if line.kind == "image":
            _add_image(out, line.src, line.text or line.alt)
        elif line.kind == "caption" or captions.is_caption_line(text) or _repeats_caption(out, line):
            _add_caption(out, text)
        elif line.kind == "quote":
            out.blocks.append(Quote(text=text))
        elif line.kind == "text" and _is_meta(out, text):
            continue
        elif line.kind == "heading" or _is_heading(line, short_lines_are_headings):
            lead = not started and not any(isinstance(block, Image) for block in out.blocks)
            heading = _HEADING_MARK.sub("", text).strip() or text
            if lead and len(heading) <= MAX_SUBTITLE_CHARS:
                out.subtitles.append(heading)
            else:
                out.blocks.append(Subheading(text=heading))
        else:
            _add_paragraph(out, text, first=not started)
    _strip_closing_byline(out)
    return out


def _repeats_caption(out: Assembled, line: Line) -> bool:
    """A line right after a photo that says what its alt text said: the caption, printed below it."""
    previous = out.blocks[-1] if out.blocks else None
    return (
        line.kind == "text"
        and isinstance(previous, Image)
        and bool(previous.caption)
        and captions.same_caption(previous.caption, captions.split_caption(line.text)[0])
    )


def _is_meta(out: Assembled, text: str) -> bool:
    """Noise, the printed time, a byline: taken note of where useful, never a block."""
    if bylines.is_byline_line(text):
        out.byline = out.byline or bylines.byline_in(text)
        return True
    if dates.is_dateline(text):
        out.published = out.published or dates.published_in_text(text)
        return True
    return boilerplate.is_noise(text)


def _is_heading(line: Line, short_lines_are_headings: bool) -> bool:
    text = line.text.strip()
    if line.kind != "text" or _SENTENCE_END.search(text):
        return False
    if len(text) <= MAX_SUBHEADING_CHARS and (line.bold or _HEADING_MARK.match(text)):
        return True
    return short_lines_are_headings and len(text) <= MAX_SUBTITLE_CHARS


def _add_paragraph(out: Assembled, text: str, first: bool) -> None:
    if first:
        text, byline = bylines.strip_dateline(text)
        out.byline = out.byline or byline
    if text:
        out.blocks.append(Paragraph(text=text))


def _add_image(out: Assembled, src: str | None, raw_caption: str) -> None:
    caption, credit = captions.split_caption(raw_caption)
    out.blocks.append(Image(caption=caption, credit=credit, src=src))


def _add_caption(out: Assembled, raw: str) -> None:
    """A caption line belongs to the photo just before it; printed twice, it is one caption."""
    caption, credit = captions.split_caption(raw)
    previous = out.blocks[-1] if out.blocks else None
    if isinstance(previous, Image) and (not previous.caption or captions.same_caption(previous.caption, caption)):
        keep = caption if len(caption) >= len(previous.caption) else previous.caption
        out.blocks[-1] = previous.model_copy(update={"caption": keep, "credit": previous.credit or credit})
    elif caption or credit:
        out.blocks.append(Image(caption=caption, credit=credit))


def _strip_closing_byline(out: Assembled) -> None:
    for position in range(len(out.blocks) - 1, -1, -1):
        block = out.blocks[position]
        if isinstance(block, Paragraph):
            text, byline = bylines.strip_trailing_byline(block.text)
            if byline:
                out.byline = out.byline or byline
                out.blocks[position] = Paragraph(text=text)
            return

"""Copied page text: what a reader gets by selecting a news page in a browser and copying it."""

from a11y.article import Article, Paragraph
from a11y.ingest import boilerplate, dates
from a11y.ingest.assemble import Line, assemble
from a11y.errors import IngestError

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def parse_text(text: str) -> Article:
    """Title first, then the time, subtitles, captions and paragraphs; the page around them dropped."""
    lines = [" ".join(line.translate(_INVISIBLE).split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    title_at = next(
        (index for index, line in enumerate(lines) if not boilerplate.is_noise(line) and not dates.is_dateline(line)),
        None,
    )
    if title_at is None:
        raise IngestError("글에서 기사 제목을 찾지 못했습니다. 첫 줄이 제목이어야 합니다.")
    found = assemble([Line("text", line) for line in lines[title_at + 1 :]], short_lines_are_headings=True)
    if not any(isinstance(block, Paragraph) for block in found.blocks):
        raise IngestError("글에서 기사 본문을 찾지 못했습니다. 제목 아래에 문단이 있어야 합니다.")
    published = found.published or dates.published_in_text("\n".join(lines[: title_at + 1]))
    modified = found.modified if found.modified and (not published or found.modified.value > published.value) else None
    return Article(
        title=lines[title_at],
        subtitles=tuple(found.subtitles),
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        modified=modified.value if modified else None,
        modified_precision=modified.precision if modified else None,
        byline=found.byline,
        source=found.source,
        blocks=tuple(found.blocks),
    )

"""The narration script: an article in listening order, one segment per thing a listener hears."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from a11y.article import Article, Image, Paragraph, Quote, Subheading
from a11y.speech import NORMALIZER_VERSION, normalize

SegmentKind = Literal["title", "subtitle", "paragraph", "subheading", "quote", "image"]

# A photo is announced as one, so a listener knows it is not body text. Its credit is not read:
# anchors never read photo credits, it would repeat for every photo, and credits are mostly agency
# names, slashes and Latin names ('펜실베이니아/로이터연합뉴스') that cost time and tell little;
# the page still shows it to anyone who wants it.
IMAGE_PREFIX = "사진 설명. "


@dataclass(frozen=True)
class Segment:
    index: int
    kind: SegmentKind
    display: str
    spoken: str
    key: str
    block: int | None = None  # the article block this segment reads; None for title and subtitles


def narration_script(
    article: Article,
    voice: str,
    speak: Callable[[str], str] = normalize,
    version: str = NORMALIZER_VERSION,
) -> list[Segment]:
    """Title, subtitles, then every block where it stands; photos as '사진 설명. <caption>'.

    `speak` turns display text into spoken text and `version` names how (it enters every key), so
    a key changes exactly when the sound would: other words, another voice or another normalizer.
    Segments with nothing to say (a caption of symbols only) are left out.
    """
    lines: list[tuple[SegmentKind, str, str, int | None]] = [
        ("title", article.title, speak(article.title), None)
    ]
    lines += [("subtitle", text, speak(text), None) for text in article.subtitles]
    for position, block in enumerate(article.blocks):
        match block:
            case Paragraph() | Subheading() | Quote():
                lines.append((block.type, block.text, speak(block.text), position))
            case Image(caption=caption):
                spoken = speak(caption)
                if spoken.strip():
                    lines.append(("image", caption, IMAGE_PREFIX + spoken, position))
    return [
        Segment(index, kind, display, spoken, segment_key(spoken, voice, version), block)
        for index, (kind, display, spoken, block) in enumerate(
            (line for line in lines if line[2].strip()), start=1
        )
    ]


def segment_key(spoken: str, voice: str, version: str) -> str:
    """sha256 of everything that changes the sound; stable across processes and restarts."""
    basis = json.dumps({"spoken": spoken, "voice": voice, "version": version}, ensure_ascii=False)
    return hashlib.sha256(basis.encode()).hexdigest()

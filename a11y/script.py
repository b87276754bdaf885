"""The narration script: an article in listening order, one segment per thing a listener hears,
each made of sentences (split as printed, each spoken on its own) so its audio can time them."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from a11y.article import Article, Image, Paragraph, Quote, Subheading
from a11y.speech import NORMALIZER_VERSION, normalize
from a11y.speech.sentences import split_sentences

SegmentKind = Literal["title", "subtitle", "paragraph", "subheading", "quote", "image"]

# A photo is announced as one, so a listener knows it is not body text. Its credit is not read:
# anchors never read photo credits, it would repeat for every photo, and credits are mostly agency
# names, slashes and Latin names ('펜실베이니아/로이터연합뉴스') that cost time and tell little;
# the page still shows it to anyone who wants it.
IMAGE_PREFIX = "사진 설명. "
# How spoken text becomes audio; it enters every key, so bumping it re-makes all audio. 2: sentence
# by sentence, joined with pauses, with each sentence's time recorded beside the MP3.
SYNTHESIS_FORMAT = 2
# The spoken text of a segment is its sentences' spoken texts joined by this (never inside one), so
# the text stored by key alone still says where each sentence starts.
SENTENCE_BREAK = "\n"


@dataclass(frozen=True)
class Sentence:
    display: str  # as printed
    spoken: str  # as the voice says it


@dataclass(frozen=True)
class Segment:
    index: int
    kind: SegmentKind
    display: str
    spoken: str  # the spoken sentences joined by SENTENCE_BREAK
    key: str
    block: int | None = None  # the article block this segment reads; None for title and subtitles
    # Its sentences, displayed and spoken; () for a segment rebuilt from its key alone (the store keeps
    # only the spoken text, whose lines are the spoken sentences).
    sentences: tuple[Sentence, ...] = ()


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
    lines: list[tuple[SegmentKind, str, tuple[Sentence, ...], int | None]] = [
        ("title", article.title, spoken_sentences(article.title, speak), None)
    ]
    lines += [("subtitle", text, spoken_sentences(text, speak), None) for text in article.subtitles]
    for position, block in enumerate(article.blocks):
        match block:
            case Paragraph() | Subheading() | Quote():
                lines.append((block.type, block.text, spoken_sentences(block.text, speak), position))
            case Image(caption=caption):
                sentences = spoken_sentences(caption, speak)
                if sentences:
                    first = sentences[0]
                    sentences = (Sentence(first.display, IMAGE_PREFIX + first.spoken), *sentences[1:])
                    lines.append(("image", caption, sentences, position))
    segments = []
    for kind, display, sentences, block in lines:
        if not sentences:
            continue
        spoken = SENTENCE_BREAK.join(sentence.spoken for sentence in sentences)
        key = segment_key(spoken, voice, version)
        segments.append(Segment(len(segments) + 1, kind, display, spoken, key, block, sentences))
    return segments


def spoken_sentences(display: str, speak: Callable[[str], str] = normalize) -> tuple[Sentence, ...]:
    """The display text's sentences, each spoken on its own; () when nothing in it can be said.

    A sentence with nothing to say (symbols and punctuation only) joins the one before it (or, first, the one after),
    so the displayed sentences still cover the whole text and each has a voice.
    """
    sentences: list[Sentence] = []
    silent: list[str] = []  # displayed text waiting for a sentence that speaks
    for text in split_sentences(display):
        spoken = " ".join(speak(text).split())
        if not any(char.isalnum() for char in spoken):  # '.', '!!': the voice would say nothing
            if sentences:
                last = sentences[-1]
                sentences[-1] = Sentence(f"{last.display} {text}", last.spoken)
            else:
                silent.append(text)
            continue
        sentences.append(Sentence(" ".join([*silent, text]), spoken))
        silent = []
    return tuple(sentences)


def stored_sentences(spoken: str) -> list[str]:
    """The spoken sentences of a segment's spoken text (as the store keeps it)."""
    return [sentence for sentence in spoken.split(SENTENCE_BREAK) if sentence.strip()]


def segment_key(spoken: str, voice: str, version: str) -> str:
    """sha256 of everything that changes the sound; stable across processes and restarts."""
    basis = {"spoken": spoken, "voice": voice, "version": version, "format": SYNTHESIS_FORMAT}
    basis = json.dumps(basis, ensure_ascii=False)
    return hashlib.sha256(basis.encode()).hexdigest()

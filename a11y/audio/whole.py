"""Whole-article audio: every segment in listening order, with pauses, as one MP3.

Complete (every segment has audio): built once with pydub (decoded segments and silences joined,
then encoded as one file, so its Xing/Info header tells the true length), tagged with ID3 title,
publisher and date and one CHAP chapter per segment, and kept in the audio store as
`articles/<hash>.mp3` (a file, or an S3 object: Path below means either); the hash
covers every segment's key and voice, so upgrading a fallback segment makes a new file.

Not complete: streamed. Each segment's frames go out as soon as the segment exists, joined to
silent frames for the pauses. The house format is constant bit rate, every frame 24 ms, and each
segment file starts with an empty bit reservoir, so frames from separate files join cleanly. The
stream carries no Xing header (its length is not known yet) and no chapters.
"""

import asyncio
import hashlib
import io
import json
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mutagen.id3 import CHAP, CTOC, ID3, TDRC, TIT2, TPE1, TPUB, CTOCFlags

from a11y.audio import mp3
from a11y.article import Article
from a11y.audio.encoding import SAMPLE_RATE_HZ, AudioSegment, decode_mp3, encode_mp3, silence
from a11y.audio.files import CachedAudio
from a11y.audio.flight import SingleFlight
from a11y.script import Segment
from a11y.audio.synthesis import SynthesisUnavailable, Synthesizer

log = logging.getLogger(__name__)

# Sentences within a segment are SENTENCE_PAUSE_MS (0.3 s) apart; the pauses between segments are
# longer, so a listener hears where a paragraph ends, and longest after the title.
PAUSE_AFTER_TITLE_MS = 1500
PAUSE_BETWEEN_SEGMENTS_MS = 1000
LAYOUT_VERSION = 2  # bump when pauses or tags change: every whole-article file is re-made
CHAPTER_TITLE_CHARS = 60
STREAM_LOOKAHEAD = 2  # segments being made ahead of the one the stream waits for
_NO_BYTE_OFFSET = 0xFFFFFFFF  # CHAP: chapters are located by time only
_ID3_HEADER_BYTES = 10


@dataclass(frozen=True)
class Chapter:
    element_id: str
    title: str
    start_ms: int
    end_ms: int


def pause_after_ms(segment: Segment) -> int:
    return PAUSE_AFTER_TITLE_MS if segment.kind == "title" else PAUSE_BETWEEN_SEGMENTS_MS


class ArticleAudio:
    def __init__(self, synthesizer: Synthesizer):
        self.synthesizer = synthesizer
        self.cache = synthesizer.cache

    def complete_file(
        self, article: Article, segments: list[Segment], flight: SingleFlight | None = None
    ) -> Future[Path] | None:
        """The whole-article file when every segment has audio (built once, by whoever asks first, on
        `flight`'s threads: the voices' by default); None while some segment has none yet."""
        cached = [self.cache.find(segment.key) for segment in segments]
        if any(found is None for found in cached):
            return None
        digest = whole_digest(article, segments, cached)
        path = self.cache.find_whole(digest)
        if path is not None:
            done: Future[Path] = Future()
            done.set_result(path)
            return done
        flight = flight or self.synthesizer.flight
        return flight.submit(f"whole:{digest}", lambda: self._build_once(digest, article, segments))

    def _build_once(self, digest: str, article: Article, segments: list[Segment]) -> Path:
        with self.cache.lock(f"whole-{digest}"):
            path = self.cache.find_whole(digest)
            if path is not None:
                return path
            cached = [self.cache.find(segment.key) for segment in segments]
            if any(found is None for found in cached):  # pruned meanwhile: make them again, here
                cached = [self.synthesizer.make_now(segment) for segment in segments]
            data, _chapters = build(article, segments, [self.cache.read(found.path) for found in cached])
            return self.cache.put_whole(digest, data)

    async def stream(self, article: Article, segments: list[Segment]) -> AsyncIterator[bytes]:
        """The article's audio as it is made: each segment goes out as soon as it exists."""
        yield id3_tag(article)
        futures: dict[str, Future[CachedAudio]] = {}
        before: tuple[Segment, mp3.Mp3Layout] | None = None
        for index, segment in enumerate(segments):
            for ahead in segments[index : index + 1 + STREAM_LOOKAHEAD]:
                if ahead.key not in futures:
                    futures[ahead.key] = self.synthesizer.submit(ahead)
            try:
                # shield: a listener who hangs up does not cancel what others may be waiting for
                cached = await asyncio.shield(asyncio.wrap_future(futures[segment.key]))
                # a file read and a parse: not on the event loop, which serves every other listener
                frames, layout = await asyncio.to_thread(_frames_of, self.cache.read, cached.path)
            except (SynthesisUnavailable, OSError, mp3.Mp3Error) as error:
                log.warning("whole-article stream skips segment %s: %s", segment.key[:12], error)
                continue
            if before is not None:
                yield silent_frames(_stream_pause_ms(*before))
            yield frames
            before = (segment, layout)


def _frames_of(read: Callable[[Path], bytes], path: Path) -> tuple[bytes, mp3.Mp3Layout]:
    return mp3.audio_frames(read(path))


def build(article: Article, segments: list[Segment], segment_mp3s: list[bytes]) -> tuple[bytes, list[Chapter]]:
    """The whole-article MP3 and its chapters: segments decoded, pauses between, encoded once."""
    pcm: list[bytes] = []
    chapters: list[Chapter] = []
    at_samples = 0
    for index, (segment, data) in enumerate(zip(segments, segment_mp3s)):
        part = decode_mp3(data).set_frame_rate(SAMPLE_RATE_HZ).set_channels(1).set_sample_width(2)
        start_samples = at_samples
        pcm.append(part.raw_data)
        at_samples += int(part.frame_count())
        if index < len(segments) - 1:
            pause = silence(pause_after_ms(segment))
            pcm.append(pause.raw_data)
            at_samples += int(pause.frame_count())
        # A chapter runs from its segment's first sound to the next segment's: the pause is its tail.
        chapters.append(Chapter(f"chp{index + 1}", _chapter_title(segment), _ms(start_samples), _ms(at_samples)))
    audio = AudioSegment(data=b"".join(pcm), sample_width=2, frame_rate=SAMPLE_RATE_HZ, channels=1)
    encoded = encode_mp3(audio)
    return id3_tag(article, chapters) + encoded[mp3.id3v2_length(encoded) :], chapters


def whole_digest(article: Article, segments: list[Segment], cached: list[CachedAudio]) -> str:
    """sha256 of everything that changes the whole-article file."""
    basis = {
        "layout": LAYOUT_VERSION,
        "pauses": [PAUSE_AFTER_TITLE_MS, PAUSE_BETWEEN_SEGMENTS_MS],
        "tags": _tag_values(article),
        "segments": [[segment.kind, segment.key, found.engine or ""] for segment, found in zip(segments, cached)],
    }
    return hashlib.sha256(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()


def id3_tag(article: Article, chapters: Sequence[Chapter] = ()) -> bytes:
    """An ID3v2.3 tag (the version podcast apps read chapters from): title, publisher, date, chapters.

    The CHAP frames follow one another in time order, as the CTOC lists them: readers such as ffmpeg
    number chapters in the order their frames appear. (mutagen alone would sort frames by size.)
    """
    title, publisher, date = _tag_values(article)
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[title]))
    if publisher:
        tags.add(TPE1(encoding=3, text=[publisher]))
        tags.add(TPUB(encoding=3, text=[publisher]))
    if date:
        tags.add(TDRC(encoding=3, text=[date]))
    if chapters:
        tags.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=[chapter.element_id for chapter in chapters],
                sub_frames=[TIT2(encoding=3, text=[title])],
            )
        )
    frames = [_id3_frames(tags)]
    for chapter in chapters:
        frames.append(
            _id3_frames(
                CHAP(
                    element_id=chapter.element_id,
                    start_time=chapter.start_ms,
                    end_time=chapter.end_ms,
                    start_offset=_NO_BYTE_OFFSET,
                    end_offset=_NO_BYTE_OFFSET,
                    sub_frames=[TIT2(encoding=3, text=[chapter.title])],
                )
            )
        )
    body = b"".join(frames)
    return b"ID3" + bytes([3, 0, 0]) + _syncsafe(len(body)) + body


def _id3_frames(content: ID3 | CHAP) -> bytes:
    """The frames of a tag (or one frame) as ID3v2.3 writes them, without the tag's header or padding."""
    if not isinstance(content, ID3):
        tags = ID3()
        tags.add(content)
        content = tags
    out = io.BytesIO()
    content.save(out, v2_version=3, padding=lambda _info: 0)
    return out.getvalue()[_ID3_HEADER_BYTES:]


def _syncsafe(size: int) -> bytes:
    return bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))


@lru_cache(maxsize=1)
def _silence_frames() -> tuple[bytes, int, float]:
    """Frames of silence in the house format, long enough for any pause; one frame's bytes and ms."""
    frames, layout = mp3.audio_frames(encode_mp3(silence(max(PAUSE_AFTER_TITLE_MS, PAUSE_BETWEEN_SEGMENTS_MS) * 2)))
    return frames, len(frames) // layout.frames, 1000 * layout.samples_per_frame / layout.sample_rate_hz


def silent_frames(duration_ms: float) -> bytes:
    """Whole frames of silence lasting about duration_ms (to a frame: 24 ms in the house format)."""
    frames, frame_bytes, frame_ms = _silence_frames()
    return frames[: max(0, round(duration_ms / frame_ms)) * frame_bytes]


def _stream_pause_ms(segment: Segment, layout: mp3.Mp3Layout) -> float:
    # Joined frames are played whole, encoder delay and padding included (no LAME tag trims them in a
    # stream), so that much silence is already there: the pause is shortened by it.
    already_ms = 1000 * (layout.frame_samples - layout.decoded_samples) / layout.sample_rate_hz
    return pause_after_ms(segment) - already_ms


def _tag_values(article: Article) -> tuple[str, str | None, str | None]:
    date = article.published.date().isoformat() if article.published else None
    return article.title, article.publisher, date


def _chapter_title(segment: Segment) -> str:
    text = " ".join(segment.display.split())
    return text if len(text) <= CHAPTER_TITLE_CHARS else text[: CHAPTER_TITLE_CHARS - 1] + "…"


def _ms(samples: int) -> int:
    return round(1000 * samples / SAMPLE_RATE_HZ)

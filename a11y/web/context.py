"""One plain dict per article, feeding the page, the JSON API and (later) the feed entry.

Contract for the page and player (issue 13, sentence highlight). Each segment view carries
`sentences`: a list, in reading order, of

    {"text": str, "start": float | None, "end": float | None}

- `text` is the sentence as printed. The texts joined with one space are the segment's `text` with
  its whitespace collapsed (`" ".join(s["text"] for s in view["sentences"]) == " ".join(view["text"].split())`),
  so a template can print the sentences in place of the text. There is always at least one sentence.
- `start` and `end` are seconds within that segment's own MP3 (`audio_url`), as a browser plays it
  (the encoder's delay already accounted for), accurate to 100 ms or better: from just before the
  sentence's first sound to just after its last. Sentences follow one another with a short pause
  between them (`end` of one < `start` of the next); the first starts near 0, the last ends near
  `duration`. For a photo caption, the first sentence's audio also holds the spoken "사진 설명." lead-in.
- Both are None while the audio is not made (`state` "pending" or "failed"), and for audio made before
  timings existed. Re-read the API (`GET /api/articles/{id}`) once a segment is ready to get them.
- Render each as `<span data-sentence="N" data-start="…" data-end="…">text</span>`, N counting from 0
  within the segment, leaving out data-start/data-end while they are None.
"""

from fastapi import Request

from a11y.script import Segment
from a11y.audio.synthesis import timed_sentences
from a11y.store import StoredArticle


def article_context(
    request: Request, stored: StoredArticle, segments: list[Segment], audio_states: dict[str, dict] | None = None
) -> dict:
    """`audio_states` (key -> state, voice, fallback, reason) defaults to what the service knows now."""
    article = stored.article
    if audio_states is None:
        audio_states = request.app.state.service.audio_states([segment.key for segment in segments])
    segment_views = [_segment_view(request, segment, audio_states[segment.key]) for segment in segments]
    by_block = {segment.block: view for segment, view in zip(segments, segment_views) if segment.block is not None}
    return {
        "id": stored.id,
        "url": str(request.url_for("read_article", article_id=stored.id)),
        "title": article.title,
        "subtitles": list(article.subtitles),
        "published": article.published.isoformat() if article.published else None,
        # The same time to the precision the source stated (no invented seconds), for the page.
        "published_stated": article.published_stated,
        "published_precision": article.published_precision,
        "modified": article.modified.isoformat() if article.modified else None,
        "modified_stated": article.modified_stated,
        "modified_precision": article.modified_precision,
        "source": article.source,
        "byline": article.byline,
        "source_url": article.source_url,
        "publisher": article.publisher,
        "blocks": [
            {**block.model_dump(), "segment": by_block.get(position)}
            for position, block in enumerate(article.blocks)
        ],
        "segments": segment_views,
        "audio_url": str(request.url_for("read_article_audio", article_id=stored.id)),
    }


def _segment_view(request: Request, segment: Segment, audio: dict) -> dict:
    return {
        "index": segment.index,
        "kind": segment.kind,
        "text": segment.display,
        "spoken": segment.spoken,
        "key": segment.key,
        "audio_url": str(request.url_for("read_audio", key=segment.key)),
        # "ready", "pending" or "failed"; the voice that made it ("gtts", "espeak"), and whether that is
        # a fallback voice; why no voice could make it.
        "state": audio["state"],
        "voice": audio["voice"],
        "fallback": audio["fallback"],
        "reason": audio["reason"],
        **_timed_audio(request, segment, audio["state"]),
    }


def _timed_audio(request: Request, segment: Segment, state: str) -> dict:
    """`duration`: seconds the MP3 plays, so the player knows the article's length before it plays;
    `sentences`: the segment's sentences as printed, each with its time in the MP3 (contract above).
    Times and duration are None until the audio is made."""
    texts = [sentence.display for sentence in segment.sentences] or [" ".join(segment.display.split())]
    untimed = [{"text": text, "start": None, "end": None} for text in texts]
    if state != "ready":
        return {"duration": None, "sentences": untimed}
    # None, None: removed since its state was read; a duration alone: audio made before timings existed
    duration, timings = request.app.state.service.segment_timings(segment.key)
    if timings is None:
        return {"duration": duration, "sentences": untimed}
    return {"duration": duration, "sentences": timed_sentences(timings, texts)}

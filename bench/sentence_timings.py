"""Sentence timings against the audio, and what speaking sentence by sentence costs.

For every segment of the sample article (and the test article of tests/test_sentence_timings.py),
made by the offline voice: how far each sentence boundary the timings file states lies from the
silence heard there (pydub's silence detection on the decoded MP3), and the time to make the
segment sentence by sentence against one call for the whole segment.

    .venv/bin/python bench/sentence_timings.py
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))

from harness import SAMPLE_JSON, make_settings  # noqa: E402
from test_sentence_timings import ARTICLE, timing_errors_ms  # noqa: E402

from a11y.article import Article  # noqa: E402
from a11y.audio.encoding import decode_mp3, encode_mp3, to_house_format  # noqa: E402
from a11y.service import Service  # noqa: E402


def main() -> None:
    errors: list[float] = []
    sentence_s = whole_s = 0.0
    sentences = segments_made = 0
    with tempfile.TemporaryDirectory() as folder:
        service = Service.from_settings(make_settings(Path(folder)))
        engine = service.synthesizer.engines[0]
        for source in (json.loads(SAMPLE_JSON.read_text(encoding="utf-8")), ARTICLE):
            stored, _ = service.ingest(Article.model_validate(source))
            for segment in service.script(stored.article):
                started = time.perf_counter()
                found = service.synthesizer.audio_for(segment)
                sentence_s += time.perf_counter() - started
                started = time.perf_counter()
                encode_mp3(to_house_format(engine.synthesize(segment.spoken.replace("\n", " "))))
                whole_s += time.perf_counter() - started
                timed = service.sentence_timings(segment.key)
                errors += timing_errors_ms(decode_mp3(found.path.read_bytes()), timed)
                sentences += len(timed)
                segments_made += 1
    print(f"segments: {segments_made}, sentences: {sentences}, boundaries checked: {len(errors)}")
    print(f"timing error (ms): max {max(errors):.0f}, mean {statistics.mean(errors):.1f}, "
          f"median {statistics.median(errors):.0f}")  # fmt: skip
    print(f"making all segments: sentence by sentence {sentence_s:.2f} s, whole segments {whole_s:.2f} s "
          f"({sentence_s / whole_s:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()

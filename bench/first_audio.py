"""Benchmark 3, time to first audio: for a fresh 20-paragraph article, when the whole-article stream
delivers its first byte and its first audio frame, against the time the same slowed voice takes to
synthesize the whole article. Target: first audio / whole synthesis <= 0.15.

    .venv/bin/python bench/first_audio.py [--delay-ms 300]

The stream's first bytes are an ID3 tag (title, publisher) sent before any audio exists, so the
figure that matters is the first audio frame; both are printed.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx
from stampede import PARAGRAPHS, article, ingest, start_slow_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from voices import SlowVoice  # noqa: E402

from a11y.audio import mp3  # noqa: E402

ID3_HEADER_BYTES = 10


def stream_timings(port: int, path: str) -> tuple[float, float, float, int]:
    """(first byte s, first audio frame s, whole stream s, bytes) for one GET of a streamed MP3."""
    first_byte = first_audio = None
    body = bytearray()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
        started = time.perf_counter()
        with client.stream("GET", path) as answer:
            answer.raise_for_status()
            for chunk in answer.iter_raw():  # the body as sent (chunked transfer decoded), as it comes
                now = time.perf_counter() - started
                first_byte = first_byte if first_byte is not None else now
                body += chunk
                if first_audio is None and len(body) >= ID3_HEADER_BYTES:
                    if len(body) > mp3.id3v2_length(bytes(body[:ID3_HEADER_BYTES])):
                        first_audio = now
        return first_byte, first_audio, time.perf_counter() - started, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=int, default=300)
    options = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="a11y-first-audio-"))
    server, port, calls = start_slow_app(root, options.delay_ms)
    with server:
        stored = ingest(port, article(PARAGRAPHS, "first-audio"))
        first_byte, first_audio, whole_s, size = stream_timings(port, f"/articles/{stored['id']}/audio.mp3")
    # The same voice making every segment of the same article, one after another, without the service.
    voice = SlowVoice("slow", options.delay_ms / 1000)
    started = time.perf_counter()
    for segment in stored["segments"]:
        voice.synthesize(segment["spoken"])
    synthesis_s = time.perf_counter() - started
    print(f"article: {PARAGRAPHS} paragraphs, {len(stored['segments'])} segments; voice: offline + {options.delay_ms} ms a call")
    print()
    print("| first byte s | first audio frame s | stream complete s | whole-article synthesis s | first audio / synthesis |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| {first_byte:.3f} | {first_audio:.3f} | {whole_s:.2f} | {synthesis_s:.2f} | {first_audio / synthesis_s:.3f} |")
    print(f"(streamed {size} bytes)")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - started:.0f} s)")

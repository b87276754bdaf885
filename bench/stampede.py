"""Benchmark 2, the stampede on a new article: a 20-paragraph article is stored with pre-generation
off, then 1,000 requests at once spread over its segments, through a voice slowed to about 300 ms a
segment (a network voice). Prints engine calls / distinct segments (single flight: 1.00), errors,
and the time until every request was answered.

    .venv/bin/python bench/stampede.py [--requests 1000] [--delay-ms 300]
"""

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import httpx
from common import app_env, app_server, crowd, free_port, percentile, raise_open_files, settings_for

PARAGRAPHS = 20
WAIT_FOR_AUDIO_S = "300"  # no request gives up with 503 before its segment is made


def article(paragraphs: int, label: str) -> dict:
    """A news article of `paragraphs` distinct paragraphs (distinct text: one segment each)."""
    return {
        "title": f"접속 폭주에 대비한 서버 점검 {label}",
        "published": "2024-11-05T16:19:00",
        "publisher": "벤치마크 일보",
        "source_url": f"https://example.com/bench/{label}",
        "blocks": [
            {
                "type": "paragraph",
                "text": f"{number}번째 문단이다. 청취자 {number * 37}명이 동시에 접속했지만 "
                f"서버는 {number}초 만에 모든 요청에 답했다.",
            }
            for number in range(1, paragraphs + 1)
        ],
    }


def start_slow_app(root: Path, delay_ms: int):
    settings = settings_for(root)
    calls = root / "engine-calls.log"
    calls.touch()
    env = app_env(settings, A11Y_AUDIO_WAIT_S=WAIT_FOR_AUDIO_S)
    env.update(BENCH_VOICE_DELAY_S=str(delay_ms / 1000), BENCH_CALL_LOG=str(calls))
    port = free_port()
    server = app_server(env, port, root / "app.log", factory="slow_app:create_slow_app", app_dir=Path(__file__).parent)
    return server, port, calls


def ingest(port: int, body: dict) -> dict:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        created = client.post(
            "/api/articles", content=json.dumps(body), headers={"Authorization": "Bearer bench-token",
                                                                "Content-Type": "application/json"},
        )
        created.raise_for_status()
        return client.get(f"/api/articles/{created.json()['id']}").json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--delay-ms", type=int, default=300)
    options = parser.parse_args()
    print(f"open-file limit: {raise_open_files()}")
    root = Path(tempfile.mkdtemp(prefix="a11y-stampede-"))
    server, port, calls = start_slow_app(root, options.delay_ms)
    with server:
        stored = ingest(port, article(PARAGRAPHS, "stampede"))
        keys = [segment["key"] for segment in stored["segments"]]
        paths = [f"/audio/{keys[number % len(keys)]}.mp3" for number in range(options.requests)]
        fetches, wall_s = asyncio.run(crowd(port, paths))
    engine_calls = len(calls.read_text(encoding="utf-8").splitlines())
    errors = [f for f in fetches if f.error or f.status != 200]
    answered = [f.total_s for f in fetches if not f.error]
    print(f"article: {PARAGRAPHS} paragraphs, {len(set(keys))} distinct segments (title included)")
    print(f"voice: offline voice + {options.delay_ms} ms a call")
    print()
    print("| requests | distinct segments | engine calls | calls / segments | errors | all answered s | answer p50 s | answer p99 s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {len(fetches)} | {len(set(keys))} | {engine_calls} | {engine_calls / len(set(keys)):.2f} | {len(errors)} "
        f"| {wall_s:.2f} | {percentile(answered, 0.5):.2f} | {percentile(answered, 0.99):.2f} |"
    )
    if errors:
        print(f"first error: {errors[0].error or errors[0].status}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - started:.0f} s)")

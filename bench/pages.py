"""Benchmark 4, pages: requests a second for the sample article's page under 200 concurrent readers
(wrk), against nginx serving a saved copy of the same HTML; then the sample's page with its audio
still pending while the audio cache holds 20,000 other files, asked one request at a time (the
same address again: from the page cache; a new address each time: rendered, audio states and all).
Prints req/s, latency p50/p99, errors, the ratio app/nginx, and the pending page's median and p99.

    .venv/bin/python bench/pages.py [--readers 200] [--seconds 10] [--workers 2]
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from common import (
    app_env,
    app_server,
    SAMPLE_JSON,
    free_port,
    nginx_server,
    percentile,
    raise_open_files,
    requests_in_log,
    sample_with_audio,
    settings_for,
    static_nginx_config,
    wrk,
)

from a11y.article import Article
from a11y.service import Service


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="app worker processes (`a11y serve --workers`)")
    parser.add_argument("--cached-files", type=int, default=20_000)
    parser.add_argument("--asks", type=int, default=200, help="requests for the pending page, one at a time")
    options = parser.parse_args()
    print(f"open-file limit: {raise_open_files()}")
    root = Path(tempfile.mkdtemp(prefix="a11y-pages-"))
    settings = settings_for(root)
    article_id, _ = sample_with_audio(settings)
    page = f"/articles/{article_id}"
    results = {}
    app_port = free_port()
    with app_server(app_env(settings), app_port, root / "app.log", workers=options.workers):
        html = httpx.get(f"http://127.0.0.1:{app_port}{page}").content
        results["app"] = wrk(f"http://127.0.0.1:{app_port}{page}", options.readers, options.seconds)
    answered = requests_in_log(root / "app.log", page)
    saved = root / "static" / "article.html"
    saved.parent.mkdir()
    saved.write_bytes(html)
    nginx_port = free_port()
    with nginx_server(static_nginx_config(nginx_port, saved.parent, root / "nginx"), root / "nginx", nginx_port):
        results["nginx, saved copy"] = wrk(f"http://127.0.0.1:{nginx_port}/article.html", options.readers, options.seconds)
    pending = _pending_page(root / "pending", options)
    print(f"page: {page} ({len(html)} bytes of HTML); {options.readers} readers for {options.seconds} s each")
    print(f"(the app's log shows {answered} requests for the page: wrk's reached it)")
    print()
    print("| server | req/s | latency p50 ms | latency p99 ms | errors | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    nginx = results["nginx, saved copy"]
    for name, r in results.items():
        print(
            f"| {name} | {r.requests_per_s:.0f} | {r.latency_p50_ms:.1f} | {r.latency_p99_ms:.1f} | {r.errors} "
            f"| {r.requests_per_s / nginx.requests_per_s:.3f} |"
        )
    print()
    print(f"The sample's page with its audio pending, {options.cached_files:,} other files in the audio cache, "
          f"{options.asks} requests one at a time:")
    print()
    print("| request | median ms | p99 ms |")
    print("| --- | --- | --- |")
    for name, times in pending.items():
        print(f"| {name} | {statistics.median(times):.1f} | {percentile(times, 0.99):.1f} |")


def _pending_page(root: Path, options) -> dict[str, list[float]]:
    """Request times (ms) of the sample's page while none of its audio is made and the cache is full."""
    settings = settings_for(root)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))))
    settings.audio_cache_dir.mkdir(parents=True, exist_ok=True)
    for number in range(options.cached_files):  # other articles' audio, by name only
        (settings.audio_cache_dir / f"{number:064x}.mp3").touch()
    port = free_port()
    times: dict[str, list[float]] = {"the same address again (page cache)": [], "a new address each time (rendered)": []}
    with app_server(app_env(settings), port, root / "app.log", workers=1):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            assert "음성 준비 중" in client.get(f"/articles/{stored.id}").text
            for number in range(options.asks):
                for name, url in zip(times, (f"/articles/{stored.id}", f"/articles/{stored.id}?ask={number}")):
                    started = time.perf_counter()
                    answer = client.get(url)
                    times[name].append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200
    return times


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - started:.0f} s)")

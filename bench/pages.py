"""Benchmark 4, pages: requests a second for the sample article's page under 200 concurrent readers
(wrk), against nginx serving a saved copy of the same HTML. Prints req/s, latency p50/p99, errors,
and the ratio app/nginx.

    .venv/bin/python bench/pages.py [--readers 200] [--seconds 10]
"""

import argparse
import tempfile
import time
from pathlib import Path

import httpx
from common import (
    app_env,
    app_server,
    free_port,
    nginx_server,
    raise_open_files,
    requests_in_log,
    sample_with_audio,
    settings_for,
    static_nginx_config,
    wrk,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes for the app")
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


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - started:.0f} s)")

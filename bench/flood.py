"""Benchmark 1, the listener flood: 2,000 listeners at once each download the sample's cached
whole-article MP3, from the app alone, from nginx serving the same file, and through the shipped
nginx in front of the app. Prints errors, time to first byte p50/p99, throughput, servers' peak
memory and the ratios to nginx; wrk's figures beside the asyncio client's show the client is not
what limits. Runs about a minute.

    .venv/bin/python bench/flood.py [--listeners 2000] [--wrk-seconds 15] [--workers 1]

Ratios are throughput (bytes a second) over nginx's. wrk's requests/s would mislead here: with 2,000
connections sharing the bandwidth, a slow server completes few downloads within the window, while
the bytes it sent are all counted. "peak MiB" is the serving processes' peak resident memory
(for nginx in front: nginx's plus the app's).
"""

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from common import (
    app_env,
    app_server,
    cpu_seconds,
    crowd,
    free_port,
    nginx_config,
    nginx_server,
    peak_memory_mib,
    percentile,
    raise_open_files,
    sample_with_audio,
    settings_for,
    static_nginx_config,
    wrk,
)

MIB = 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listeners", type=int, default=2000)
    parser.add_argument("--wrk-seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes for the app")
    options = parser.parse_args()
    print(f"open-file limit: {raise_open_files()}")
    root = Path(tempfile.mkdtemp(prefix="a11y-flood-"))
    settings = settings_for(root)
    _, whole = sample_with_audio(settings)
    path = f"/audio/articles/{whole.stem}.mp3"
    size = whole.stat().st_size
    print(f"file: {path} ({size} bytes); {options.listeners} listeners at once, each downloads it once")

    results = {}
    app_port = free_port()
    with app_server(app_env(settings), app_port, root / "app.log", workers=options.workers) as app:
        results["app alone"] = _measure(app.pid, app_port, path, size, options)
        front_port = free_port()
        conf = nginx_config(front_port, app_port, settings.audio_cache_dir, root / "front")
        with nginx_server(conf, root / "front", front_port) as front:
            results["nginx in front of app"] = _measure(front.pid, front_port, path, size, options, also=app.pid)
    static_port = free_port()
    static_root = root / "static" / "audio" / "articles"
    static_root.mkdir(parents=True)
    (static_root / whole.name).hardlink_to(whole)
    with nginx_server(static_nginx_config(static_port, root / "static", root / "nginx"), root / "nginx", static_port) as nginx:
        results["nginx alone"] = _measure(nginx.pid, static_port, path, size, options)
    _report(results)


def _measure(pid: int, port: int, path: str, size: int, options, also: int | None = None) -> dict:
    """One flood with the asyncio client, then wrk with as many connections, against one server."""
    cpu_before = cpu_seconds(pid) + (cpu_seconds(also) if also else 0)
    fetches, wall_s = asyncio.run(crowd(port, [path] * options.listeners))
    server_cpu_s = cpu_seconds(pid) + (cpu_seconds(also) if also else 0) - cpu_before
    errors = [f for f in fetches if f.error or f.status != 200 or f.body_bytes != size]
    ttfb = [f.ttfb_s * 1000 for f in fetches if not f.error]
    load = wrk(f"http://127.0.0.1:{port}{path}", options.listeners, options.wrk_seconds)
    return {
        "errors": len(errors),
        "first_error": next((f.error or f"status {f.status}, {f.body_bytes} bytes" for f in errors), None),
        "ttfb_p50_ms": percentile(ttfb, 0.5),
        "ttfb_p99_ms": percentile(ttfb, 0.99),
        "wall_s": wall_s,
        "downloads_per_s": len(fetches) / wall_s,
        "mib_per_s": sum(f.body_bytes for f in fetches) / wall_s / MIB,
        "server_cpu_s": server_cpu_s,
        "peak_mib": peak_memory_mib(pid) + (peak_memory_mib(also) if also else 0),
        "wrk": load,
    }


def _report(results: dict) -> None:
    nginx = results["nginx alone"]
    print()
    print("| server | errors | TTFB p50 ms | TTFB p99 ms | all done s | downloads/s | MiB/s | ratio | server CPU s | peak MiB | wrk req/s | wrk MiB/s | wrk errors | wrk ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        w = r["wrk"]
        print(
            f"| {name} | {r['errors']} | {r['ttfb_p50_ms']:.0f} | {r['ttfb_p99_ms']:.0f} | {r['wall_s']:.2f} "
            f"| {r['downloads_per_s']:.0f} | {r['mib_per_s']:.0f} | {r['mib_per_s'] / nginx['mib_per_s']:.2f} "
            f"| {r['server_cpu_s']:.1f} | {r['peak_mib']:.0f} | {w.requests_per_s:.0f} | {w.bytes_per_s / MIB:.0f} "
            f"| {w.errors} | {w.bytes_per_s / nginx['wrk'].bytes_per_s:.2f} |"
        )
    for name, r in results.items():
        if r["first_error"]:
            print(f"{name}: first error: {r['first_error']}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - started:.0f} s)")

"""Benchmark 1, the listener flood: wrk with 2,000 connections downloads the sample's whole-article
MP3 over and over, by its permanent URL (`/audio/articles/<hash>.mp3`) and by the article URL
(`/articles/<id>/audio.mp3`), from each server in turn, side by side in one run:

    .venv/bin/python bench/flood.py [--connections 2000] [--rounds 3] [--seconds 8] [--workers 2]

Servers: the app alone (`a11y serve`: Granian), the same app under uvicorn, a bare Starlette
FileResponse app under Granian (what a Python app can reach), the shipped nginx in front of the app,
and nginx alone serving the same file at both paths (the yardstick). Figures: bytes a second (the
median of the rounds; servers take turns within each round, so other work on the machine falls on
all of them alike), the ratio to nginx alone, errors (wrk's socket errors and non-2xx answers), the
bytes of an average answer (a redirect or a short answer is not a download: it must be the file's
size), and the server's CPU per download (from /proc: the fairest figure on a shared machine).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import (
    app_env,
    app_server,
    cpu_seconds,
    free_port,
    nginx_config,
    nginx_server,
    peak_memory_mib,
    raise_open_files,
    sample_with_audio,
    settings_for,
    static_nginx_config,
    wrk,
)

MIB = 1024 * 1024
SETTLE_IDLE_CPU_S = 0.05  # a server using less CPU than this in a second has finished the last run
SETTLE_LIMIT_S = 30.0
BENCH = Path(__file__).resolve().parent
SERVERS = ("app alone", "app alone (uvicorn)", "bare FileResponse (Granian)", "nginx in front of app", "nginx alone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="each server and URL measured this many times, in turn")
    parser.add_argument("--seconds", type=int, default=8, help="each wrk run")
    parser.add_argument("--workers", type=int, default=2, help="app worker processes (2 cores: 2)")
    options = parser.parse_args()
    print(f"open-file limit: {raise_open_files()}")
    root = Path(tempfile.mkdtemp(prefix="a11y-flood-"))
    settings = settings_for(root)
    article_id, whole = sample_with_audio(settings)
    size = whole.stat().st_size
    urls = {"permanent": f"/audio/articles/{whole.stem}.mp3", "article": f"/articles/{article_id}/audio.mp3"}
    static = root / "static"
    for url in urls.values():  # nginx alone serves the same file at both paths
        (static / url.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (static / url.lstrip("/")).hardlink_to(whole)
    print(f"file: {size} bytes at {urls['permanent']} and {urls['article']}")
    print(f"wrk: {options.connections} connections, {options.seconds} s a run, {options.rounds} rounds; app workers: {options.workers}")

    ports = {name: free_port() for name in SERVERS}
    app_port = free_port()  # the app behind the shipped nginx
    front = root / "front"
    with (
        app_server(app_env(settings), ports["app alone"], root / "app.log", workers=options.workers) as app,
        app_server(app_env(settings), ports["app alone (uvicorn)"], root / "uvicorn.log", workers=options.workers,
                   server="uvicorn") as uvicorn_app,
        app_server({"BENCH_FILE": str(whole)}, ports["bare FileResponse (Granian)"], root / "bare.log",
                   workers=options.workers, factory="bare_app:create_bare_app", app_dir=BENCH) as bare,
        app_server(app_env(settings), app_port, root / "behind.log", workers=options.workers) as behind,
        nginx_server(nginx_config(ports["nginx in front of app"], app_port, settings.audio_cache_dir, front), front,
                     ports["nginx in front of app"]) as nginx_front,
        nginx_server(static_nginx_config(ports["nginx alone"], static, root / "nginx"), root / "nginx",
                     ports["nginx alone"]) as nginx,
    ):  # fmt: skip
        pids = {
            "app alone": [app.pid],
            "app alone (uvicorn)": [uvicorn_app.pid],
            "bare FileResponse (Granian)": [bare.pid],
            "nginx in front of app": [nginx_front.pid, behind.pid],
            "nginx alone": [nginx.pid],
        }
        runs: dict[tuple[str, str], list[dict]] = {(name, url): [] for name in SERVERS for url in urls}
        for _ in range(options.rounds):
            for url_name, url in urls.items():
                for name in SERVERS:
                    runs[(name, url_name)].append(_measure(pids[name], ports[name], url, options))
        peaks = {name: sum(peak_memory_mib(pid) for pid in pids[name]) for name in SERVERS}
    _report(runs, peaks, size, urls)


def _measure(pids: list[int], port: int, path: str, options) -> dict:
    _settle(pids)
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    load = wrk(f"http://127.0.0.1:{port}{path}", options.connections, options.seconds)
    cpu_s = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    requests = load.requests_per_s * options.seconds
    return {
        "mib_per_s": load.bytes_per_s / MIB,
        "errors": load.errors,
        "bytes_per_answer": load.bytes_per_s / load.requests_per_s if load.requests_per_s else 0.0,
        "cpu_ms_per_download": cpu_s * 1000 / requests if requests else float("nan"),
        "latency_p50_ms": load.latency_p50_ms,
    }


def _settle(pids: list[int]) -> None:
    """Wait until the servers are idle: a slow one still works off the last run's queue after wrk stops."""
    deadline = time.monotonic() + SETTLE_LIMIT_S
    before = sum(cpu_seconds(pid) for pid in pids)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = sum(cpu_seconds(pid) for pid in pids)
        if now - before < SETTLE_IDLE_CPU_S:
            return
        before = now


def _report(runs: dict, peaks: dict[str, float], size: int, urls: dict[str, str]) -> None:
    def median(name: str, url: str, figure: str) -> float:
        return statistics.median(run[figure] for run in runs[(name, url)])

    print()
    print("Medians over the rounds; errors summed. Ratio: bytes a second over nginx alone's on the same URL.")
    print()
    print("| server | URL | MiB/s | ratio | errors | KiB per answer | CPU ms / download | latency p50 ms | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for url in urls:
        for name in SERVERS:
            mib = median(name, url, "mib_per_s")
            print(
                f"| {name} | {url} | {mib:.0f} | {mib / median('nginx alone', url, 'mib_per_s'):.2f} "
                f"| {sum(run['errors'] for run in runs[(name, url)])} | {median(name, url, 'bytes_per_answer') / 1024:.0f} "
                f"| {median(name, url, 'cpu_ms_per_download'):.2f} | {median(name, url, 'latency_p50_ms'):.0f} | {peaks[name]:.0f} |"
            )
    print()
    print(f"(the file is {size / 1024:.0f} KiB: an answer much smaller than that is not a download)")
    for (name, url), rounds in runs.items():
        each = ", ".join("%.0f" % run["mib_per_s"] for run in rounds)
        print(f"{name}, {url}: MiB/s per round: {each}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - started:.0f} s)")

"""Benchmark 1, the listener flood: 2,000 listeners at once each download the sample's cached
whole-article MP3, from the app alone, from nginx serving the same file, and through the shipped
nginx in front of the app. Prints errors, time to first byte p50/p99, throughput, servers' peak
memory and the ratios to nginx; wrk's figures beside the asyncio client's show the client is not
what limits. Runs about three minutes.

    .venv/bin/python bench/flood.py [--listeners 2000] [--rounds 3] [--wrk-seconds 10] [--workers 1]

Ratios are throughput (bytes a second) over nginx's. wrk's requests/s would mislead here: with 2,000
connections sharing the bandwidth, a slow server completes few downloads within the window, while
the bytes it sent are all counted. "peak MiB" is each server's peak resident memory
(its processes together; for nginx in front, nginx's alone: the app behind it is the row above).
"""

import argparse
import asyncio
import statistics
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
    requests_in_log,
    sample_with_audio,
    settings_for,
    static_nginx_config,
    wrk,
)

MIB = 1024 * 1024
SETTLE_QUIET_S = 1.0  # the app's log unchanged this long: it has finished the previous run's requests
SETTLE_LIMIT_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listeners", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="each server measured this many times, in turn")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes for the app")
    options = parser.parse_args()
    print(f"open-file limit: {raise_open_files()}")
    root = Path(tempfile.mkdtemp(prefix="a11y-flood-"))
    settings = settings_for(root)
    _, whole = sample_with_audio(settings)
    path = f"/audio/articles/{whole.stem}.mp3"
    size = whole.stat().st_size
    static = root / "static" / "audio" / "articles"
    static.mkdir(parents=True)
    (static / whole.name).hardlink_to(whole)
    print(f"file: {path} ({size} bytes); {options.listeners} listeners at once, each downloads it once")
    print(f"{options.rounds} rounds, the three servers in turn each round (other work on the machine evens out)")

    app_port, front_port, static_port = free_port(), free_port(), free_port()
    front_conf = nginx_config(front_port, app_port, settings.audio_cache_dir, root / "front")
    with (
        app_server(app_env(settings), app_port, root / "app.log", workers=options.workers) as app,
        nginx_server(front_conf, root / "front", front_port) as front,
        nginx_server(static_nginx_config(static_port, root / "static", root / "nginx"), root / "nginx", static_port) as nginx,
    ):
        targets = {"app alone": (app, app_port), "nginx in front of app": (front, front_port), "nginx alone": (nginx, static_port)}
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        reached_app = {name: 0 for name in targets}  # requests for the file in the app's log, by whose rounds
        for _ in range(options.rounds):
            for name, (server, port) in targets.items():
                before = requests_in_log(root / "app.log", path)
                runs[name].append(_measure(server.pid, port, path, size, options))
                reached_app[name] += _settled_count(root / "app.log", path) - before
        peaks = {name: peak_memory_mib(server.pid) for name, (server, _) in targets.items()}
    _report(runs, peaks, reached_app, options.listeners)



def _settled_count(log: Path, path: str) -> int:
    """Requests for the file in the app's log once it stops growing: when wrk stops, the app still
    finishes (and logs) what it had queued, which must neither burden nor be counted in the next run."""
    deadline = time.monotonic() + SETTLE_LIMIT_S
    count = requests_in_log(log, path)
    while time.monotonic() < deadline:
        time.sleep(SETTLE_QUIET_S)
        now = requests_in_log(log, path)
        if now == count:
            break
        count = now
    return count


def _measure(pid: int, port: int, path: str, size: int, options) -> dict:
    """One flood with the asyncio client, then wrk with as many connections, against one server."""
    cpu_before = cpu_seconds(pid)
    fetches, wall_s = asyncio.run(crowd(port, [path] * options.listeners))
    server_cpu_s = cpu_seconds(pid) - cpu_before
    errors = [f for f in fetches if f.error or f.status != 200 or f.body_bytes != size]
    ttfb = [f.ttfb_s * 1000 for f in fetches if not f.error]
    load = wrk(f"http://127.0.0.1:{port}{path}", options.listeners, options.wrk_seconds)
    return {
        "errors": len(errors),
        "first_error": next((f.error or f"status {f.status}, {f.body_bytes} bytes" for f in errors), None),
        "ttfb_p50_ms": percentile(ttfb, 0.5),
        "ttfb_p99_ms": percentile(ttfb, 0.99),
        "wall_s": wall_s,
        "mib_per_s": sum(f.body_bytes for f in fetches) / wall_s / MIB,
        "server_cpu_s": server_cpu_s,
        "wrk_mib_per_s": load.bytes_per_s / MIB,
        "wrk_errors": load.errors,
    }


def _report(runs: dict[str, list[dict]], peaks: dict[str, float], reached_app: dict[str, int], listeners: int) -> None:
    def median(name: str, figure: str) -> float:
        return statistics.median(run[figure] for run in runs[name])

    print()
    print("Medians over the rounds; errors summed. Ratio: throughput over nginx alone's. Server CPU per")
    print("download is the machine's cost of one listener, whatever else runs beside the benchmark.")
    print()
    print("| server | errors | TTFB p50 ms | TTFB p99 ms | all done s | MiB/s | ratio | server CPU ms / download | peak MiB | wrk MiB/s | wrk errors | wrk ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in runs:
        print(
            f"| {name} | {sum(run['errors'] for run in runs[name])} | {median(name, 'ttfb_p50_ms'):.0f} "
            f"| {median(name, 'ttfb_p99_ms'):.0f} | {median(name, 'wall_s'):.2f} | {median(name, 'mib_per_s'):.0f} "
            f"| {median(name, 'mib_per_s') / median('nginx alone', 'mib_per_s'):.2f} "
            f"| {median(name, 'server_cpu_s') * 1000 / listeners:.2f} | {peaks[name]:.0f} | {median(name, 'wrk_mib_per_s'):.0f} "
            f"| {sum(run['wrk_errors'] for run in runs[name])} "
            f"| {median(name, 'wrk_mib_per_s') / median('nginx alone', 'wrk_mib_per_s'):.2f} |"
        )
    print()
    for name in runs:
        rounds = ", ".join(f"{run['mib_per_s']:.0f}" for run in runs[name])
        print(f"{name}: MiB/s per round (client): {rounds}")
        for run in runs[name]:
            if run["first_error"]:
                print(f"{name}: first error: {run['first_error']}")
    for name, count in reached_app.items():
        print(f"requests for the file that reached the app during the '{name}' rounds: {count}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - started:.0f} s)")

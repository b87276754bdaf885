"""Listeners paced like players: N connections, arriving within a few seconds, each reading the
sample's whole-article MP3 at twice real time (64 kbit/s audio: 16 KB/s), as a player buffering
ahead does. Reports errors, underruns (a listener whose buffered audio ran out before the next bytes
came), time to first byte p50/p99, and the server's CPU and peak memory, for each server in turn:

    .venv/bin/python bench/listeners.py                       # the standard runs of docs/benchmarks.md
    .venv/bin/python bench/listeners.py --only "app alone" --listeners 2000 --workers 2

Servers: the app alone (`a11y serve`, Granian), the app under uvicorn, a bare Starlette FileResponse
app under Granian (the yardstick for a Python app), nginx alone, and the shipped nginx in front of the
app. Every connection goes to 127.0.0.1 from a loopback source address (127.0.0.2 and up, so tens of
thousands of connections never run out of ports); each run is bounded (arrival + the file's reading
time + a margin) and every server is stopped at the end. The clients run in CLIENT_PROCESSES
processes (one Python process is one core; the report says how many ran).
"""

import argparse
import asyncio
import multiprocessing
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import (
    app_env,
    app_server,
    cpu_seconds,
    free_port,
    nginx_config,
    nginx_server,
    peak_memory_mib,
    percentile,
    raise_open_files,
    sample_with_audio,
    settings_for,
    static_nginx_config,
)

AUDIO_BYTES_PER_S = 8 * 1024  # 64 kbit/s, the house format
READ_BYTES_PER_S = 2 * AUDIO_BYTES_PER_S  # a player buffering ahead at twice real time
PREBUFFER_S = 1.0  # a player starts playing once this much audio has arrived
RECEIVE_BUFFER_BYTES = 64 * 1024  # a player's socket: the server cannot push the whole file at once
SOURCE_ADDRESSES = 200  # 127.0.0.2 ... : each has its own ports
MARGIN_S = 120.0  # past arrival + reading time, a listener not done is an error
LAG_TICK_S = 0.1
BENCH = Path(__file__).resolve().parent

# (server, listeners) of the standard run: the targets of issue 15 and the yardsticks beside them.
STANDARD_RUNS = [
    ("app alone", 2_000),
    ("bare FileResponse (Granian)", 2_000),
    ("app alone (uvicorn)", 2_000),
    ("nginx in front of app", 10_000),
    ("app alone", 5_000),
    ("nginx alone", 10_000),
]


@dataclass
class Listener:
    ttfb_s: float | None = None
    done: bool = False
    underrun: bool = False
    error: str | None = None


class _PacedDownload(asyncio.Protocol):
    """One GET; the body is read no faster than READ_BYTES_PER_S (reading pauses, so TCP holds the
    server back as it would for a player), counted and played out at real time from the first byte."""

    def __init__(self, request: bytes, started: float, finished: asyncio.Future):
        self.request, self.started, self.finished = request, started, finished
        self.listener = Listener()
        self.head = b""
        self.expected: int | None = None
        self.received = 0
        self.first_byte_at: float | None = None
        self.loop = asyncio.get_running_loop()

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes):
        now = time.monotonic()
        if self.first_byte_at is None:
            self.first_byte_at = now
            self.listener.ttfb_s = now - self.started
        if self.expected is None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            head, data = self.head[:end].decode("latin-1"), self.head[end + 4 :]
            status = int(head.split(" ", 2)[1])
            length = next((line.split(":", 1)[1] for line in head.split("\r\n") if line.lower().startswith("content-length:")), None)
            if status != 200 or length is None:
                return self._finish(f"status {status}, content-length {length}")
            self.expected = int(length)
        if self.received >= PREBUFFER_S * AUDIO_BYTES_PER_S:
            playing_for_s = now - self.first_byte_at - PREBUFFER_S
            if playing_for_s > 0 and self.received < playing_for_s * AUDIO_BYTES_PER_S:
                self.listener.underrun = True  # the player had nothing left to play before these bytes
        self.received += len(data)
        if self.received >= self.expected:
            self.listener.done = self.received == self.expected
            return self._finish(None if self.listener.done else f"{self.received} bytes of {self.expected}")
        allowed = READ_BYTES_PER_S * (now - self.first_byte_at) + READ_BYTES_PER_S  # a second's worth at once
        if self.received > allowed:
            self.transport.pause_reading()
            self.loop.call_later((self.received - allowed) / READ_BYTES_PER_S, self._resume)

    def _resume(self):
        if not self.finished.done():
            self.transport.resume_reading()

    def connection_lost(self, exc):
        if not self.finished.done():
            self._finish(f"closed after {self.received} bytes ({exc or 'eof'})")

    def _finish(self, error: str | None):
        if self.finished.done():
            return
        self.listener.error = error
        self.transport.close()
        self.finished.set_result(self.listener)


async def _listen(port: int, path: str, number: int, delay_s: float, limit_s: float) -> Listener:
    await asyncio.sleep(delay_s)
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    started = time.monotonic()
    source = f"127.0.0.{2 + number % SOURCE_ADDRESSES}"
    try:
        transport, _ = await asyncio.wait_for(
            loop.create_connection(lambda: _PacedDownload(request, started, finished), "127.0.0.1", port, local_addr=(source, 0)),
            limit_s,
        )
        sock = transport.get_extra_info("socket")
        if sock is not None:
            import socket

            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
    except (OSError, TimeoutError) as error:
        return Listener(error=f"connect: {type(error).__name__}: {error}")
    try:
        return await asyncio.wait_for(asyncio.shield(finished), max(1.0, limit_s - (time.monotonic() - started)))
    except TimeoutError:
        transport.close()
        protocol = transport.get_protocol()
        return Listener(protocol.listener.ttfb_s, False, protocol.listener.underrun, f"not done in time ({protocol.received} bytes)")


def _client(port: int, path: str, numbers: list[int], arrive_s: float, limit_s: float, out) -> None:
    """One client process: its share of the listeners, each arriving at its moment in arrive_s."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    raise_open_files()

    lag_s = 0.0

    async def watch_lag():
        # How late this process's event loop runs: a client too busy to read in time would count
        # its own lateness as the server's underruns.
        nonlocal lag_s
        while True:
            before = time.monotonic()
            await asyncio.sleep(LAG_TICK_S)
            lag_s = max(lag_s, time.monotonic() - before - LAG_TICK_S)

    async def run():
        watcher = asyncio.create_task(watch_lag())
        spacing = arrive_s / max(1, max(numbers) + 1)
        listened = await asyncio.gather(*(_listen(port, path, n, n * spacing, limit_s) for n in numbers))
        watcher.cancel()
        return listened

    rows = [(one.ttfb_s, one.done, one.underrun, one.error) for one in asyncio.run(run())]
    out.send((rows, lag_s))
    out.close()


def run_listeners(server_pids: list[int], port: int, path: str, size: int, count: int, arrive_s: float, processes: int) -> dict:
    limit_s = arrive_s + size / READ_BYTES_PER_S + MARGIN_S
    cpu_before = sum(cpu_seconds(pid) for pid in server_pids)
    started = time.monotonic()
    pipes, workers = [], []
    for index in range(processes):
        receive, send = multiprocessing.Pipe(duplex=False)
        numbers = list(range(index, count, processes))
        worker = multiprocessing.Process(target=_client, args=(port, path, numbers, arrive_s, limit_s, send))
        worker.start()
        pipes.append(receive)
        workers.append(worker)
    received = [pipe.recv() for pipe in pipes]
    results = [row for rows, _lag in received for row in rows]
    client_lag_s = max(lag for _rows, lag in received)
    for worker in workers:
        worker.join()
    wall_s = time.monotonic() - started
    cpu_s = sum(cpu_seconds(pid) for pid in server_pids) - cpu_before
    ttfb = [row[0] * 1000 for row in results if row[0] is not None]
    errors = [row[3] for row in results if row[3] is not None or not row[1]]
    return {
        "listeners": count,
        "errors": len(errors),
        "first_error": next((error for error in errors if error), None),
        "underruns": sum(1 for row in results if row[2]),
        "ttfb_p50_ms": percentile(ttfb, 0.5),
        "ttfb_p99_ms": percentile(ttfb, 0.99),
        "wall_s": wall_s,
        "server_cpu_s": cpu_s,
        "peak_mib": sum(peak_memory_mib(pid) for pid in server_pids),
        "clients": processes,
        "client_lag_ms": client_lag_s * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one server (a name from the report)")
    parser.add_argument("--listeners", type=int, help="with --only: how many")
    parser.add_argument("--arrive-seconds", type=float, default=5.0, help="listeners arrive evenly within this")
    parser.add_argument("--workers", type=int, default=2, help="app worker processes (2 cores: 2)")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    options = parser.parse_args()
    print(f"open-file limit: {raise_open_files()}")
    runs = [(options.only, options.listeners or 2000)] if options.only else STANDARD_RUNS
    root = Path(tempfile.mkdtemp(prefix="a11y-listeners-"))
    settings = settings_for(root)
    article_id, whole = sample_with_audio(settings)
    size = whole.stat().st_size
    static = root / "static"
    (static / "audio" / "articles").mkdir(parents=True)
    (static / "audio" / "articles" / whole.name).hardlink_to(whole)
    path = f"/audio/articles/{whole.stem}.mp3"
    print(f"file: {path} ({size} bytes, {size / AUDIO_BYTES_PER_S:.0f} s of audio, read in {size / READ_BYTES_PER_S:.0f} s "
          f"at {READ_BYTES_PER_S // 1024} KB/s); arrivals within {options.arrive_seconds:.0f} s; app workers: "
          f"{options.workers}; client processes: {options.clients}")
    rows = []
    for name, count in runs:
        print(f"{name}: {count} listeners ...", flush=True)
        with _server(name, root, settings, whole, options.workers) as (pids, port):
            rows.append((name, run_listeners(pids, port, path, size, count, options.arrive_seconds, options.clients)))
        print(f"  {rows[-1][1]}", flush=True)
    _report(rows, size)


def _server(name: str, root: Path, settings, whole: Path, workers: int):
    from contextlib import contextmanager

    @contextmanager
    def started():
        port = free_port()
        log = root / f"{name.replace(' ', '-')}-{port}.log"
        if name.startswith("app alone"):
            kind = "uvicorn" if "uvicorn" in name else "granian"
            with app_server(app_env(settings), port, log, workers=workers, server=kind) as app:
                yield [app.pid], port
        elif name.startswith("bare"):
            env = {"BENCH_FILE": str(whole)}
            with app_server(env, port, log, workers=workers, factory="bare_app:create_bare_app", app_dir=BENCH) as app:
                yield [app.pid], port
        elif name == "nginx alone":
            run = root / f"nginx-{port}"
            with nginx_server(static_nginx_config(port, root / "static", run), run, port) as nginx:
                yield [nginx.pid], port
        else:  # the shipped nginx in front of the app
            app_port = free_port()
            run = root / f"front-{port}"
            with (
                app_server(app_env(settings), app_port, log, workers=workers) as app,
                nginx_server(nginx_config(port, app_port, settings.audio_cache_dir, run), run, port) as nginx,
            ):
                yield [nginx.pid, app.pid], port

    return started()


def _report(rows: list[tuple[str, dict]], size: int) -> None:
    print()
    print("| server | listeners | errors | underruns | TTFB p50 ms | TTFB p99 ms | all done s | server CPU s | CPU ms / listener | peak MiB | client processes | client loop lag max ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in rows:
        print(
            f"| {name} | {r['listeners']:,} | {r['errors']} | {r['underruns']} | {r['ttfb_p50_ms']:.0f} | {r['ttfb_p99_ms']:.0f} "
            f"| {r['wall_s']:.0f} | {r['server_cpu_s']:.1f} | {r['server_cpu_s'] * 1000 / r['listeners']:.2f} | {r['peak_mib']:.0f} "
            f"| {r['clients']} | {r['client_lag_ms']:.0f} |"
        )
    for name, r in rows:
        if r["first_error"]:
            print(f"{name} ({r['listeners']}): first error: {r['first_error']}")


if __name__ == "__main__":
    began = time.monotonic()
    main()
    print(f"(ran {time.monotonic() - began:.0f} s)")

"""What the benchmarks share: the sample's audio made ahead, a light HTTP/1.1 load client, wrk,
and the servers' peak memory. Each benchmark starts what it needs on loopback and stops it."""

import asyncio
import json
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))  # loopback.py: the same server starters the nginx test uses

from loopback import (  # noqa: E402
    app_server,
    free_port,
    nginx_config,
    nginx_server,
    requests_in_log,
    static_nginx_config,
)

from a11y.article import Article  # noqa: E402
from a11y.service import Service  # noqa: E402
from a11y.settings import Settings  # noqa: E402
from a11y.audio.whole import ArticleAudio  # noqa: E402

SAMPLE_JSON = PROJECT / "demo" / "etoday-x-townhall.json"
WANTED_OPEN_FILES = 65536
CLIENT_TIMEOUT_S = 120.0  # a download that takes longer than this is an error
READ_CHUNK_BYTES = 1 << 20



def raise_open_files() -> int:
    """Thousands of connections need thousands of descriptors: raise the soft limit to the hard one
    (and, as root, the hard one too), for this process and the servers it starts."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < WANTED_OPEN_FILES:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (WANTED_OPEN_FILES, WANTED_OPEN_FILES))
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        except (ValueError, OSError):
            pass  # not root: the hard limit stays
    wanted = WANTED_OPEN_FILES if hard == resource.RLIM_INFINITY else min(WANTED_OPEN_FILES, hard)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def settings_for(root: Path, **overrides) -> Settings:
    values = {
        "data_dir": root / "data",
        "audio_cache_dir": root / "audio_cache",
        "engines": ("espeak",),
        "pregenerate": False,
        "publisher_token": "bench-token",
    }
    return Settings(_env_file=None, **{**values, **overrides})


def app_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The A11Y_ environment a uvicorn worker builds the same settings from."""
    env = {
        "A11Y_DATA_DIR": str(settings.data_dir),
        "A11Y_AUDIO_CACHE_DIR": str(settings.audio_cache_dir),
        "A11Y_ENGINES": ",".join(settings.engines),
        "A11Y_PREGENERATE": "true" if settings.pregenerate else "false",
        "A11Y_PUBLISHER_TOKEN": "bench-token",
    }
    return {**env, **extra}


def sample_with_audio(settings: Settings) -> tuple[str, Path]:
    """Store the sample article, make its audio with the offline voice, build its whole-article file:
    (article id, whole file)."""
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))))
    segments = service.script(stored.article)
    for segment in segments:
        service.synthesizer.audio_for(segment)
    whole = ArticleAudio(service.synthesizer).complete_file(stored.article, segments).result()
    return stored.id, whole


@dataclass
class Fetch:
    status: int = 0
    ttfb_s: float = 0.0
    total_s: float = 0.0
    body_bytes: int = 0
    error: str | None = None


class _Download(asyncio.Protocol):
    """One GET on its own connection; the body is counted, not kept, so the client stays light."""

    def __init__(self, request: bytes, done: asyncio.Future, started: float):
        self.request, self.done, self.started = request, done, started
        self.head = b""
        self.fetch = Fetch()
        self.expected: int | None = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes):
        if not self.fetch.ttfb_s:
            self.fetch.ttfb_s = time.perf_counter() - self.started
        if self.expected is None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            head, data = self.head[:end].decode("latin-1"), self.head[end + 4 :]
            self.fetch.status = int(head.split(" ", 2)[1])
            length = re.search(r"(?im)^content-length:\s*(\d+)", head)
            self.expected = int(length.group(1)) if length else 0
        self.fetch.body_bytes += len(data)
        if self.fetch.body_bytes >= self.expected:
            self._finish(None)

    def connection_lost(self, exc):
        if self.expected is None or self.fetch.body_bytes < self.expected:
            self._finish(f"connection closed early ({exc or 'eof'})")

    def _finish(self, error: str | None):
        if self.done.done():
            return
        self.fetch.total_s = time.perf_counter() - self.started
        self.fetch.error = error
        self.transport.close()
        self.done.set_result(self.fetch)


async def fetch_once(port: int, path: str) -> Fetch:
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    started = time.perf_counter()
    try:
        await loop.create_connection(lambda: _Download(request, done, started), "127.0.0.1", port)
        return await asyncio.wait_for(done, CLIENT_TIMEOUT_S)
    except (OSError, TimeoutError) as error:
        return Fetch(error=f"{type(error).__name__}: {error}", total_s=time.perf_counter() - started)


async def crowd(port: int, paths: list[str]) -> tuple[list[Fetch], float]:
    """Every path fetched at once, each on its own connection: (results, wall seconds)."""
    started = time.perf_counter()
    results = await asyncio.gather(*(fetch_once(port, path) for path in paths))
    return list(results), time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass
class Wrk:
    requests_per_s: float
    bytes_per_s: float
    errors: int
    latency_p50_ms: float
    latency_p99_ms: float
    raw: str = field(repr=False, default="")


def wrk(url: str, connections: int, duration_s: int, threads: int = 2) -> Wrk:
    """wrk's own figures: requests and bytes a second, errors (socket errors and non-2xx/3xx), latency."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration_s}s", "--latency", "--timeout", "30s", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 60).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Wrk(
        requests_per_s=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        bytes_per_s=_size(re.search(r"Transfer/sec:\s+([\d.]+\w+)", out).group(1)),
        errors=errors,
        latency_p50_ms=_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        latency_p99_ms=_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        raw=out,
    )


def _size(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def peak_memory_mib(pid: int) -> float:
    """The peak resident memory (VmHWM) of a process and its children (nginx or uvicorn workers), summed."""
    total_kib = 0
    for one in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        total_kib += int(found.group(1)) if found else 0
    return total_kib / 1024


def _children(pid: int) -> list[int]:
    try:
        direct = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return direct + [grandchild for child in direct for grandchild in _children(child)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process and its children have used so far."""
    total = 0.0
    tick = 100.0  # USER_HZ on Linux
    for one in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total

"""Real servers on loopback for the nginx test and the benchmarks: the app under Granian (as `a11y serve`
runs it) or uvicorn, and nginx running the shipped deploy/nginx.conf with its paths and ports replaced."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SHIPPED_NGINX_CONF = PROJECT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_WAIT_S = 30.0  # the app imports pydub, lxml and espeak: a loaded machine takes a while


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def app_in_thread(app) -> Iterator[str]:
    """A real uvicorn serving `app` from a thread of this process, on a free loopback port; yields
    its base URL. For tests that reach into the app's service (its test doubles, its store)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_WAIT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_WAIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on {port} within {START_WAIT_S} s: {log.read_text()[-2000:]}")


# What `a11y serve` runs, with the app from any factory (a benchmark's slowed voice) and its settings
# from the A11Y_ environment.
_GRANIAN = """
import importlib, sys
sys.path.insert(0, {app_dir!r})
from a11y.settings import Settings
from a11y.web.server import serve
module, name = {factory!r}.split(":")
serve(Settings(host="127.0.0.1", port={port}, workers={workers}), app_factory=getattr(importlib.import_module(module), name))
"""


@contextmanager
def app_server(
    env: dict[str, str],
    port: int,
    log: Path,
    workers: int = 1,
    factory: str = "a11y.web.app:create_app_from_environment",
    app_dir: Path = PROJECT,
    server: str = "granian",
) -> Iterator[subprocess.Popen]:
    """The app on a loopback port, its output in `log`, where every request that reaches the app is a
    JSON access line. `server`: "granian" (what `a11y serve` runs) or "uvicorn" (for comparison)."""
    if server == "granian":
        code = _GRANIAN.format(app_dir=str(app_dir), factory=factory, port=port, workers=workers)
        command = [sys.executable, "-c", code]
    else:
        command = [
            sys.executable, "-m", "uvicorn", "--factory", factory, "--app-dir", str(app_dir),
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--backlog", "4096",
            "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT)
    try:
        wait_for_port(port, process, log)
        _wait_for_answer(port, process, log)
        yield process
    finally:
        _stop(process)


def _wait_for_answer(port: int, process: subprocess.Popen, log: Path) -> None:
    """Until the app answers HTTP: Granian listens before its workers have imported the app."""
    deadline = time.monotonic() + START_WAIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as probe:
                probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if probe.recv(16).startswith(b"HTTP/1.1 "):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the app on {port} did not answer within {START_WAIT_S} s: {log.read_text()[-2000:]}")


def requests_in_log(log: Path, path: str) -> int:
    """How many requests for exactly this path the app's log shows: one per request id when the lines
    are JSON (several loggers may note one request), else one per uvicorn access line."""
    requests: set[str] = set()
    for number, line in enumerate(log.read_text(errors="replace").splitlines()):
        if f"{path} " not in line and f'{path}"' not in line:
            continue
        try:
            requests.add(json.loads(line)["request_id"])
        except (ValueError, KeyError, TypeError):
            requests.add(f"line {number}")
    return len(requests)


def nginx_config(listen_port: int, app_port: int, cache_dir: Path, run_dir: Path) -> str:
    """The shipped configuration with this machine's paths and ports."""
    text = SHIPPED_NGINX_CONF.read_text()
    replacements = {
        "user www-data;": "user root;" if os.geteuid() == 0 else "",
        "pid /run/nginx-a11y.pid;": f"pid {run_dir}/nginx.pid;",
        "error_log /var/log/nginx/a11y-error.log warn;": f"error_log {run_dir}/error.log warn;",
        "listen 80 sndbuf=64k;": f"listen 127.0.0.1:{listen_port} backlog=4096 sndbuf=64k;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "root /srv/a11y/audio_cache;": f"root {Path(cache_dir).resolve()};",
        "http {": "http {\n" + _temp_paths(run_dir),
    }
    for old, new in replacements.items():
        if text.count(old) != 1:
            raise ValueError(f"deploy/nginx.conf no longer has exactly one {old!r}")
        text = text.replace(old, new)
    return text


def static_nginx_config(listen_port: int, root: Path, run_dir: Path) -> str:
    """nginx serving a folder and nothing else: the yardstick the benchmarks compare the app with."""
    return f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes auto;
worker_rlimit_nofile 65536;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;
events {{ worker_connections 8192; }}
http {{
{_temp_paths(run_dir)}
    types {{ audio/mpeg mp3; text/html html; }}
    access_log off;
    sendfile on;
    tcp_nopush on;
    server {{
        listen 127.0.0.1:{listen_port} backlog=4096 sndbuf=64k;  # as deploy/nginx.conf, for a fair yardstick
        root {Path(root).resolve()};
    }}
}}
"""


@contextmanager
def nginx_server(config: str, run_dir: Path, listen_port: int) -> Iterator[subprocess.Popen]:
    run_dir.mkdir(parents=True, exist_ok=True)
    conf = run_dir / "nginx.conf"
    conf.write_text(config)
    log = run_dir / "nginx.out"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [NGINX, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for_port(listen_port, process, log)
        yield process
    finally:
        _stop(process)


def _temp_paths(run_dir: Path) -> str:
    # Debian's compiled-in temp folders (/var/lib/nginx/...) exist only once the package set them up.
    return "".join(
        f"    {kind}_temp_path {run_dir}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

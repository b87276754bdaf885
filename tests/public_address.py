"""Run inside a fresh network namespace (`unshare -n`) where loopback also carries PUBLIC_ADDRESS,
so a page server can stand at a public address and redirect into private ones, as a hostile site
would. Fetches each route with the real guards on (no allow_private_urls) and prints one JSON line
per route: {"route", "outcome": "ok" or the error's class, "message"}.
"""

import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import make_settings  # noqa: E402

from a11y.errors import IngestError  # noqa: E402
from a11y.ingest.fetch import fetch_article  # noqa: E402

PUBLIC_ADDRESS = "1.1.1.1"
PAGE = (Path(__file__).resolve().parent / "pages" / "etoday.html").read_bytes()
DRIP_S = 3.0  # the slow page's bytes keep coming for this long, each well within a read timeout
FETCH_TIMEOUT_S = 1.0


def redirects(port: int) -> dict[str, str]:
    return {
        "/to-loopback": f"http://127.0.0.1:{port}/article",
        "/to-localhost": f"http://localhost:{port}/article",
        "/to-ipv6-loopback": f"http://[::1]:{port}/article",
        "/to-ipv6-mapped": f"http://[::ffff:127.0.0.1]:{port}/article",
        "/to-link-local": "http://169.254.169.254/latest/meta-data/",
        "/to-private": "http://10.0.0.1/admin",
        "/to-file": "file:///etc/passwd",
        "/to-redirect-to-loopback": "/to-loopback",  # two hops: each one is checked
    }


class Handler(BaseHTTPRequestHandler):
    targets: dict[str, str] = {}

    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path in self.targets:
            self.send_response(302)
            self.send_header("Location", self.targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "60000")  # under the byte limit: only time stops it
            self.end_headers()
            deadline = time.monotonic() + DRIP_S
            while time.monotonic() < deadline:
                self.wfile.write(b"<p>")
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


def main() -> None:
    server = ThreadingHTTPServer((PUBLIC_ADDRESS, 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    Handler.targets = redirects(port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = make_settings(Path(tempfile.mkdtemp()), fetch_timeout_s=FETCH_TIMEOUT_S, max_body_bytes=64 * 1024)
    for route in ["/article", *Handler.targets, "/drip"]:
        started = time.monotonic()
        try:
            article = fetch_article(f"http://{PUBLIC_ADDRESS}:{port}{route}", settings)
            outcome, message = "ok", article.title
        except IngestError as error:
            outcome, message = type(error).__name__, str(error)
        took_s = round(time.monotonic() - started, 2)
        print(json.dumps({"route": route, "outcome": outcome, "message": message, "took_s": took_s}, ensure_ascii=False))


if __name__ == "__main__":
    main()

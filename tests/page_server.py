"""A real HTTP server on loopback that serves the test pages the way news sites do (redirects,
charsets in headers, slow or oversized answers), for the URL-fetching tests."""

import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "pages"
SLOW_S = 3.0
BIG_BYTES = 256 * 1024


def _routes() -> dict:
    euc_kr = (PAGES / "newsis-euckr.html").read_bytes().replace(b'<meta charset="euc-kr">', b"")
    return {
        "/etoday": (200, {"Content-Type": "text/html; charset=utf-8"}, (PAGES / "etoday.html").read_bytes()),
        "/euckr": (200, {"Content-Type": "text/html; charset=EUC-KR"}, euc_kr),
        "/moved": (302, {"Location": "/etoday"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/to-ftp": (301, {"Location": "ftp://example.com/article.html"}, b""),
        "/missing": (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>"),
        "/big": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * BIG_BYTES + b"</p>"),
    }


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path == "/slow":
            time.sleep(SLOW_S)
        if self.path == "/big-chunked":
            self._chunked(b"<p>" + b"x" * BIG_BYTES + b"</p>")
            return
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _chunked(self, body: bytes) -> None:
        # No Content-Length: only counting the bytes as they come can stop it.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 8192):
            chunk = body[start : start + 8192]
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args):
        pass


@contextmanager
def page_server():
    """The base URL of a server on 127.0.0.1 with the routes above (and /slow, /big-chunked)."""
    handler = type("Handler", (_Handler,), {"routes": _routes()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

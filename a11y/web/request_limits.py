"""Limits every request meets before any route sees it: header and body size, the per-client write rate.

Both are plain ASGI middleware, so they hold for every route, and the body limit counts the bytes
that actually arrive (a chunked upload declares no Content-Length; a declared one may lie).
"""

import math
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from a11y.web.http_errors import send_json_error

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_TRACKED_CLIENTS = 10_000  # beyond this, clients whose bucket has refilled are forgotten


class BodyLimit:
    """Answer 413 (JSON `detail`) to a request whose body is larger than `max_bytes`, and 431 to one
    whose headers together are larger than `max_header_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_header_bytes: int):
        self.app, self.max_bytes, self.max_header_bytes = app, max_bytes, max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if sum(len(name) + len(value) for name, value in scope["headers"]) > self.max_header_bytes:
            message = f"요청 헤더가 너무 큽니다. 모두 합쳐 최대 {self.max_header_bytes:,}바이트까지 받습니다."
            return await send_json_error(send, 431, message, headers={"connection": "close"})
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(send)
        received = 0
        answered = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _BodyTooLarge:
            if not answered:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        message = f"본문이 너무 큽니다. 최대 {self.max_bytes:,}바이트까지 받습니다 (A11Y_MAX_BODY_BYTES)."
        await send_json_error(send, 413, message, headers={"connection": "close"})


class _BodyTooLarge(Exception):
    pass


class WriteRateLimit:
    """At most `burst` writes at once per client address, refilled at `per_minute`; then 429 + Retry-After.

    Counted before the token is checked, so guessing tokens is rate-limited too. Per process: with
    several workers each keeps its own count (nginx's limit_req is the place for a global one).
    Paths in `exempt_paths` keep a limit of their own (a POST that writes nothing, like /api/say).
    """

    def __init__(self, app: ASGIApp, burst: int, per_minute: float, clock=time.monotonic, exempt_paths=()):
        self.app = app
        self.buckets = ClientBuckets(burst, per_minute, clock)
        self.exempt_paths = frozenset(exempt_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in WRITE_METHODS and scope["path"] not in self.exempt_paths:
            client = (scope.get("client") or ("unknown", 0))[0]
            wait_s = self.buckets.take(client)
            if wait_s > 0:
                retry_after_s = math.ceil(wait_s)
                message = f"쓰기 요청이 너무 잦습니다. {retry_after_s}초 뒤에 다시 시도해 주세요."
                return await send_json_error(send, 429, message, retry_after_s)
        await self.app(scope, receive, send)


class ClientBuckets:
    """A token bucket per client: `burst` at once, refilled at `per_minute`; time from `clock`."""

    def __init__(self, burst: int, per_minute: float, clock=time.monotonic):
        self.burst, self.per_second = burst, per_minute / 60
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take one token; 0 if there was one, else the seconds until there is."""
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.per_second)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return (1 - tokens) / self.per_second
            self._buckets[client] = (tokens - 1, now)
            if len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._forget_idle(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        full_after_s = self.burst / self.per_second
        self._buckets = {client: entry for client, entry in self._buckets.items() if now - entry[1] < full_after_s}

"""Operations: health, metrics, and one structured access line per request with its request id."""

import itertools
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from a11y.errors import Unavailable
from a11y.logs import request_id
from a11y.metrics import CONTENT_TYPE, Metrics
from a11y.web.deps import ServiceDep

router = APIRouter(tags=["operations"])
access_log = logging.getLogger("a11y.access")
log = logging.getLogger(__name__)

# A caller's own id is kept only if it is short and plain: it goes into logs and a response header.
_GOOD_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


WRITE_CHECK_KEPT_S = 5.0  # a passing write check is trusted this long: probes come every second or two


@router.get("/healthz")
async def read_health(request: Request, service: ServiceDep) -> JSONResponse:
    """200 when the store and the audio cache take writes; 503 otherwise. Voices are reported, and a
    voice being down is not unhealthy: another voice speaks, and what is cached is served."""
    checks = await run_in_threadpool(request.app.state.health.checks, service)
    healthy = checks["store"] == "ok" and checks["cache"] == "ok"
    return JSONResponse(
        {"status": "ok" if healthy else "failing", **checks},
        status_code=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/metrics")
def read_metrics(service: ServiceDep) -> Response:
    """Counters and gauges in Prometheus text format."""
    return Response(service.metrics.render(), media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"})


class Health:
    """The health checks, with the write checks (a lock on the store, an fsynced file in each folder)
    kept for WRITE_CHECK_KEPT_S while they pass, so probes cost next to nothing. A failing check is
    made again at every probe (so recovery shows at once), and a write failure seen by a request
    ends the trust at once (`forget`). `clock`: seconds, injected."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._writes: tuple[float, dict[str, str]] | None = None  # (checked at, results)

    def checks(self, service) -> dict:
        return {**self._write_checks(service), "voices": service.voice_states(), "pregen_queue": service.queue_length()}

    def forget(self) -> None:
        with self._lock:
            self._writes = None

    def _write_checks(self, service) -> dict[str, str]:
        with self._lock:  # one probe at a time checks; the others take its answer
            now = self._clock()
            if self._writes is not None and now - self._writes[0] < WRITE_CHECK_KEPT_S:
                return self._writes[1]
            results = {
                "store": _passes(service.check_store),
                "cache": _passes(service.check_audio_store),
            }
            passed = all(result == "ok" for result in results.values())
            self._writes = (now, results) if passed else None
            return results


def _passes(check: Callable[[], None]) -> str:
    """"ok", or the error a store's write check raised, in the database's, disk's or bucket's own words."""
    try:
        check()
    except Unavailable as error:
        cause = error.__cause__ or error
        return f"error: {getattr(cause, 'strerror', None) or cause}"
    return "ok"


# A new request id: this process's random half, then a counter; unique across workers and restarts,
# and no call for randomness per request. A forked worker draws its own half.
_ids = (uuid.uuid4().hex[:16], itertools.count())


def _new_request_id() -> str:
    prefix, counter = _ids
    return f"{prefix}{next(counter) & 0xFFFFFFFFFFFFFFFF:016x}"


def _new_id_half() -> None:
    global _ids
    _ids = (uuid.uuid4().hex[:16], itertools.count())


os.register_at_fork(after_in_child=_new_id_half)


class RequestLog:
    """Give each request an id (the caller's `X-Request-ID` if plain, else a new one), echo it, count
    the request, and log one JSON access line when it is answered."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _GOOD_REQUEST_ID.fullmatch(given) else _new_request_id()
        token = request_id.set(rid)
        started = time.monotonic()
        status = 500  # unless an answer starts

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.monotonic() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.request_seconds.labels(route).observe(seconds)
            access_log.info(
                "%s %s %d",
                scope["method"],
                scope["path"],
                status,
                extra={"method": scope["method"], "path": scope["path"], "status": status,
                       "duration_ms": round(seconds * 1000, 1), "client": (scope.get("client") or ("",))[0]},
            )
            request_id.reset(token)

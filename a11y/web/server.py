"""The web server: Granian, whose native code sends a whole file itself (ASGI's `http.response.pathsend`,
which Starlette's FileResponse uses for a full-file GET), so a listener's download costs Python one
request, not a thousand reads.

Measured against uvicorn in bench/flood.py and bench/listeners.py (docs/benchmarks.md). On SIGTERM or
SIGINT each worker stops taking connections, finishes the requests it has (a segment being made
included), then runs the app's shutdown (pre-generation finishes its segment), and the process exits 0.
"""

from collections.abc import Callable
from functools import partial

from starlette.types import ASGIApp

from a11y.settings import Settings

# Connections the kernel may hold for us before we accept them (it caps this at net.core.somaxconn):
# thousands of listeners arrive within seconds when an article is shared.
BACKLOG = 16384
# Requests one worker handles at once; a listener's download is one long request, so this is how
# many listeners a worker serves at a time (more wait to be accepted rather than being refused).
REQUESTS_PER_WORKER = 16384


def serve(settings: Settings, app_factory: Callable[[], ASGIApp] | None = None) -> None:
    """Serve on settings.host:settings.port with settings.workers processes until a stop signal.

    `app_factory` builds the app in each worker (default: the service from these settings); with
    several workers each process builds its own, from the same settings.
    """
    from granian.constants import HTTPModes, Interfaces
    from granian.server import Server

    from a11y.logs import configure_logging

    factory = app_factory or partial(_app_for, settings)
    server = Server(
        target=f"{getattr(factory, '__module__', 'a11y')}:app",  # a name for its logs; the loader builds the app
        address=settings.host,
        port=settings.port,
        interface=Interfaces.ASGI,
        workers=settings.workers,
        http=HTTPModes.http1,  # browsers speak HTTP/2 only over TLS, which nginx or a CDN in front ends
        websockets=False,
        backlog=BACKLOG,
        backpressure=REQUESTS_PER_WORKER,
        log_access=False,  # our middleware logs each request as a JSON line with its request id
    )
    configure_logging()  # after Granian's own set-up, so its lines are JSON too
    server.serve(target_loader=partial(_load, factory), wrap_loader=False)


def _load(factory: Callable[[], ASGIApp]) -> ASGIApp:
    """Runs in each worker process: logging as JSON lines, then the app."""
    from a11y.logs import configure_logging

    configure_logging()
    return factory()


def _app_for(settings: Settings) -> ASGIApp:
    from a11y.web.app import create_app

    return create_app(settings)

"""The web application: built from one Settings, errors translated to answers in one place."""

import time
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from a11y import __version__
from a11y.logs import configure_logging
from a11y.service import Service
from a11y.settings import PACKAGE_DIR, Settings
from a11y.web import api, audio_routes, desk, feeds, http_errors, ops, pages, preview
from a11y.web.request_limits import BodyLimit, ClientBuckets, WriteRateLimit
from a11y.web.ops import RequestLog
from a11y.web.page_cache import PageCache
from a11y.web.security import SecurityHeaders


def create_app(settings: Settings, service: Service | None = None, clock: Callable[[], float] = time.time) -> FastAPI:
    """`clock` (unix seconds) times desk sessions, the write, login and preview limits, and how long a
    passing health check is trusted."""
    app = FastAPI(
        title="a11y",
        version=__version__,
        summary="Korean news articles as accessible pages and narrated audio.",
        lifespan=audio_routes.pregeneration,
    )
    app.state.settings = settings
    app.state.health = ops.Health(clock)
    app.state.page_cache = PageCache(settings.templates_dir)  # reads the template folder once, here
    app.state.service = service or Service.from_settings(settings)
    app.state.templates = Jinja2Templates(directory=settings.templates_dir)
    app.state.templates.env.filters.update(pages.TEMPLATE_FILTERS)
    # CSS and scripts are files, never inline, so a strict Content-Security-Policy can apply.
    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")
    app.include_router(api.router)
    app.include_router(audio_routes.router)
    app.include_router(feeds.router)
    app.include_router(pages.router)
    app.include_router(ops.router)
    app.state.desk = desk.Desk(settings, clock)
    app.state.say_limit = ClientBuckets(settings.say_burst, settings.says_per_minute, clock)
    app.include_router(desk.router)
    app.include_router(preview.router)
    # Outermost last: every answer, a refusal too, is logged, counted and carries the security headers.
    # Innermost: audio files already checked are answered before routing (see audio_routes.CachedAudioLane).
    app.add_middleware(audio_routes.CachedAudioLane, service=app.state.service)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, max_header_bytes=settings.max_header_bytes)
    app.add_middleware(
        WriteRateLimit,
        burst=settings.write_burst,
        per_minute=settings.writes_per_minute,
        clock=clock,
        exempt_paths=(preview.SAY_PATH,),  # it writes nothing and keeps a limit of its own
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog, metrics=app.state.service.metrics)
    # Outermost: behind nginx on this machine, the client is the one nginx names (X-Forwarded-For,
    # -Proto), for the request log, the per-client limits and the links a feed builds.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts="127.0.0.1")

    http_errors.install(app)  # domain errors and refusals become answers there, and only there
    return app


def create_app_from_environment() -> FastAPI:
    """For a server started with a factory (`uvicorn --factory`, the benchmarks): each worker process
    reads the same A11Y_ settings."""
    configure_logging()  # a worker process starts with no logging set up
    return create_app(Settings())

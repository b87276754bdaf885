"""Rendered pages kept by everything that changes their HTML, so an unchanged page is not rendered
again on every request, and answered with 304 when the reader's browser already holds it.

The caller names what the page depends on (article id and update time, each segment's audio state,
the reader's display choices, the address asked for); the template files' version is added here.
Preferences come from a cookie, so answers carry `Vary: Cookie`: a shared cache keeps one copy per
cookie, never one reader's choices for another.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from a11y.web.conditional import not_modified

PAGES_KEPT = 512  # rendered pages in memory, about 30-60 KiB each
PAGE_CACHE_CONTROL = "public, max-age=60"  # audio states change as audio is made: keep it short
PAGE_VARY = "Cookie"


@dataclass(frozen=True)
class RenderedPage:
    body: bytes
    status: int
    etag: str


class PageCache:
    def __init__(self, templates_dir: Path, size: int = PAGES_KEPT):
        self.template_version = _folder_version(Path(templates_dir))
        self._pages: OrderedDict[Hashable, RenderedPage] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self.renders = 0  # how many times a page was actually rendered (tests and benchmarks read it)

    def cached(self, request: Request, depends_on: Hashable) -> Response | None:
        """The page for `depends_on` if it is in memory (304 when the browser holds it), else None."""
        key = (self.template_version, depends_on)
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
        return None if page is None else self._response(request, page)

    def answer(self, request: Request, depends_on: Hashable, render: Callable[[], Response]) -> Response:
        """The page for `depends_on`: 304 when the browser holds it, else from memory or rendered now."""
        key = (self.template_version, depends_on)
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
        if page is None:
            page = self._render(key, render)
        return self._response(request, page)

    def _response(self, request: Request, page: RenderedPage) -> Response:
        headers = {"ETag": page.etag, "Cache-Control": PAGE_CACHE_CONTROL, "Vary": PAGE_VARY}
        if not_modified(request.headers, page.etag):
            return Response(status_code=304, headers=headers)
        return HTMLResponse(page.body, status_code=page.status, headers=headers)

    def _render(self, key: Hashable, render: Callable[[], Response]) -> RenderedPage:
        answer = render()
        body = bytes(answer.body)
        page = RenderedPage(body, answer.status_code, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        with self._lock:
            self.renders += 1
            if answer.status_code == 200:  # error pages are rare and must not crowd out articles
                self._pages[key] = page
                while len(self._pages) > self._size:
                    self._pages.popitem(last=False)
        return page


def page_cache(request: Request) -> PageCache:
    """The app's page cache, made on first use from the app's templates folder."""
    state = request.app.state
    cache = getattr(state, "page_cache", None)
    if cache is None:
        with _CREATE_LOCK:
            cache = getattr(state, "page_cache", None)
            if cache is None:
                cache = state.page_cache = PageCache(state.settings.templates_dir)
    return cache


_CREATE_LOCK = threading.Lock()


def _folder_version(folder: Path) -> str:
    """A hash of the template files' names, sizes and times: an edited template is a new version."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            status = path.stat()
            digest.update(f"{path.relative_to(folder)}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]

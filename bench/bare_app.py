"""The yardstick for the app: a bare Starlette app that answers every audio URL with FileResponse of
one file (BENCH_FILE), no middleware, no lookup. What a Python app on the same server can reach at
best (bench/flood.py, bench/listeners.py)."""

import os

from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Route


def create_bare_app() -> Starlette:
    path = os.environ["BENCH_FILE"]

    async def audio(_request):
        return FileResponse(path, media_type="audio/mpeg")

    return Starlette(routes=[Route("/audio/articles/{digest}.mp3", audio), Route("/articles/{article_id}/audio.mp3", audio)])

"""Shared test helpers: where the project is, the publisher token, and settings for a temp app.

Imported by name (`from harness import ...`); conftest files are not, since each test folder has one.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from a11y.settings import Settings

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE_JSON = PROJECT / "demo" / "etoday-x-townhall.json"
TOKEN = "test-publisher-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = {
        "data_dir": tmp_path / "data",
        "audio_cache_dir": tmp_path / "audio_cache",
        "engines": ("espeak",),
        "publisher_token": TOKEN,
        # No background synthesis unless a test is about it: what a page shows stays as the test made it.
        "pregenerate": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class FakeClock:
    """Time that moves only when the code under test sleeps or a test advances `now`: the clock
    (and sleep) handed to throttles, breakers, rate limits, sessions and health checks."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def run_async(coroutine):
    """asyncio.run in a thread of its own: a test that ran before in this worker (Playwright's sync
    API) may have left this thread's event loop running."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


"""Shared test helpers: where the project is, the publisher token, and settings for a temp app.

Imported by name (`from harness import ...`); conftest files are not, since each test folder has one.
"""

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

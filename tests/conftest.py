"""Fixtures that build the real thing: a temp data dir, a real SQLite file, the real app."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from a11y.settings import Settings
from a11y.web.app import create_app

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


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def client(settings) -> TestClient:
    """The real app; requests carry the publisher token (tests of access drop it)."""
    with TestClient(create_app(settings), headers=AUTH) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def sample_json() -> dict:
    return json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))

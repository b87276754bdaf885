"""Fixtures that build the real thing: a temp data dir, a real SQLite file, the real app."""

import json

import pytest
from fastapi.testclient import TestClient

from a11y.settings import Settings
from a11y.web.app import create_app
from harness import AUTH, SAMPLE_JSON, make_settings


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


@pytest.fixture(scope="session")
def postgres():
    """One real PostgreSQL server for this test process (see tests/postgres.py)."""
    from postgres import postgres_server

    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres) -> str:
    """A new, empty database on the test PostgreSQL: its URL."""
    return postgres.fresh_database()


@pytest.fixture
def google(monkeypatch):
    """Google's TTS endpoint faked on loopback (tests/voices.py FakeGoogle); gTTS sends through the
    environment's proxies, so they are cleared."""
    from voices import FakeGoogle

    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with FakeGoogle() as fake:
        yield fake

"""Settings, the command line, and the promise that audio needs nothing from the system's PATH."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from a11y.article import Article
from a11y.settings import Settings
from a11y.store import open_store
from audio_checks import assert_spoken_mp3
from harness import AUTH, PROJECT, SAMPLE_JSON, TOKEN

BIN = Path(sys.executable).parent


def test_settings_come_from_a11y_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("A11Y_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("A11Y_AUDIO_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("A11Y_ENGINES", "espeak, gtts")
    settings = Settings()
    assert settings.database_path == tmp_path / "d" / "a11y.sqlite3"
    assert settings.audio_cache_dir == tmp_path / "c"
    assert settings.engines == ("espeak", "gtts")


def test_a_sqlite_url_names_the_file_articles_are_kept_in(tmp_path):
    """`A11Y_DATABASE_URL=sqlite:///…` was once accepted and then ignored (the data folder's file used)."""
    named = tmp_path / "elsewhere" / "articles.db"
    settings = Settings(_env_file=None, data_dir=tmp_path / "d", database_url=f"sqlite:///{named}")
    assert settings.database_path == named and not settings.uses_postgres
    store = open_store(settings)
    try:
        store.save(Article.model_validate_json(SAMPLE_JSON.read_bytes()), [])
    finally:
        store.close()
    assert named.is_file() and not (tmp_path / "d" / "a11y.sqlite3").exists()


def test_default_voices_are_gtts_then_espeak(monkeypatch):
    monkeypatch.delenv("A11Y_ENGINES", raising=False)
    assert Settings().engines == ("gtts", "espeak")
    assert Settings().audio_cache_dir == Path("audio_cache")


def test_unknown_voice_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("A11Y_ENGINES", "espeak,festival")
    with pytest.raises(ValidationError, match="unknown voice 'festival'"):
        Settings()


def _env(tmp_path, **extra) -> dict:
    # A PATH holding only this venv's bin: no system ffmpeg, ffprobe or espeak-ng can be found.
    return {
        "PATH": str(BIN),
        "HOME": str(tmp_path),
        "A11Y_DATA_DIR": str(tmp_path / "data"),
        "A11Y_AUDIO_CACHE_DIR": str(tmp_path / "audio_cache"),
        "A11Y_ENGINES": "espeak",
        "A11Y_PUBLISHER_TOKEN": TOKEN,
        **extra,
    }


def test_audio_path_needs_no_system_ffmpeg_or_espeak(tmp_path):
    script = (
        "import shutil, sys\n"
        "assert not any(shutil.which(t) for t in ('ffmpeg', 'ffprobe', 'espeak-ng', 'espeak')), 'found on PATH'\n"
        "from a11y.engines.espeak import EspeakEngine\n"
        "from a11y.audio.encoding import to_house_format, encode_mp3\n"
        "sys.stdout.buffer.write(encode_mp3(to_house_format(EspeakEngine().synthesize('안녕하십니까. 뉴스를 전해 드립니다.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=_env(tmp_path), capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    assert_spoken_mp3(done.stdout)


def test_cli_ingest_prints_id_and_page_url(tmp_path):
    done = subprocess.run(
        [BIN / "a11y", "ingest", SAMPLE_JSON], env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    verb, article_id = done.stdout.splitlines()[0].split()
    assert verb == "created"
    assert done.stdout.splitlines()[1] == f"http://127.0.0.1:8000/articles/{article_id}"


def test_cli_ingest_bad_file_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "제목만"}', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "a11y", "ingest", bad], env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert done.stderr.strip() == f"Error: {bad}: not a valid article: blocks: Field required"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_real_server_serves_page_and_audio(tmp_path, workers):
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "a11y", "serve", "--port", str(port), "--workers", str(workers)],
        env=_env(tmp_path),
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    http.get("/")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "server did not start"
                    time.sleep(0.2)
            created = http.post("/api/articles", content=SAMPLE_JSON.read_bytes(),
                                headers={"content-type": "application/json", **AUTH})
            assert created.status_code == 201, created.text
            page = http.get(created.json()["url"])
            assert page.status_code == 200 and "<h1>" in page.text
            segment = created.json()["segments"][4]
            audio = http.get(segment["audio_url"])
            assert audio.headers["content-type"] == "audio/mpeg"
            assert_spoken_mp3(audio.content)
    finally:
        server.terminate()
        server.wait(timeout=30)

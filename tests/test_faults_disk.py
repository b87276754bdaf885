"""A full disk and a read-only disk, for real: a 1 MiB tmpfs holds the store and the audio cache.

Filled to the last byte, then made read-only (a read-only bind mount over each folder), the service
answers writes with a clear 503, leaves no partial file, and keeps serving the article and the audio
it has. Needs root (mount); skipped elsewhere.
"""

import json
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from harness import AUTH, SAMPLE_JSON, make_settings

from a11y.audio.encoding import decode_mp3
from a11y.web.app import create_app

DISK_BYTES = 1024 * 1024


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@pytest.fixture
def disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(mount_point))
    except subprocess.CalledProcessError as error:
        pytest.skip(f"cannot mount a tmpfs here: {error.stderr.decode().strip()}")
    yield mount_point
    for inner in ("data", "audio_cache", ""):
        subprocess.run(["umount", "-l", str(mount_point / inner)], capture_output=True)


def _fill(folder) -> None:
    with open(folder / "filler", "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass
    with open(folder / "filler-tail", "wb", buffering=0) as out:  # the last partial block
        try:
            while True:
                out.write(b"\0")
        except OSError:
            pass


def _cache_files(settings) -> list[str]:
    return sorted(path.name for path in settings.audio_cache_dir.rglob("*") if path.is_file() and ".locks" not in path.parts)


def _other_article() -> dict:
    other = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    return {**other, "title": "디스크가 찬 뒤에 온 기사", "source_url": "https://www.example.co.kr/news/2"}


def _still_serving(client, stored: dict, key: str) -> None:
    page = client.get(stored["url"])
    assert page.status_code == 200 and "기술오류가 막는 트럼프 지지?" in page.text
    audio = client.get(f"/audio/{key}.mp3")
    assert audio.status_code == 200 and len(decode_mp3(audio.content)) > 500


def test_a_full_then_read_only_disk_refuses_writes_clearly_and_keeps_serving(disk):
    settings = make_settings(disk.parent, data_dir=disk / "data", audio_cache_dir=disk / "audio_cache")
    with TestClient(create_app(settings), headers=AUTH) as client:
        stored = client.post("/api/articles", json=json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))).json()
        keys = [segment["key"] for segment in stored["segments"]]
        assert client.get(f"/audio/{keys[0]}.mp3").status_code == 200
        assert client.get("/healthz").json()["status"] == "ok"
        held = _cache_files(settings)

        _fill(disk)
        made = client.get(f"/audio/{keys[1]}.mp3")
        assert made.status_code == 503 and made.headers["cache-control"] == "no-store"
        assert "No space left on device" in made.json()["detail"]
        assert _cache_files(settings) == held  # no partial file, not even a temporary one
        ingest = client.post("/api/articles", json=_other_article())
        assert ingest.status_code == 503 and "database or disk is full" in ingest.json()["detail"]
        assert "이미 있는 기사와 음성은 계속 제공됩니다" in ingest.json()["detail"]
        assert client.get("/api/articles/" + stored["id"]).status_code == 200
        _still_serving(client, stored, keys[0])
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["cache"] == "error: No space left on device"

        (disk / "filler").unlink()
        (disk / "filler-tail").unlink()
        for folder in (settings.data_dir, settings.audio_cache_dir):
            _mount("--bind", str(folder), str(folder))
            _mount("-o", "remount,bind,ro", str(folder))
        made = client.get(f"/audio/{keys[2]}.mp3")
        assert made.status_code == 503 and "Read-only file system" in made.json()["detail"]
        ingest = client.post("/api/articles", json=_other_article())
        assert ingest.status_code == 503 and "readonly database" in ingest.json()["detail"]
        assert _cache_files(settings) == held
        _still_serving(client, stored, keys[0])
        assert client.get(f"/api/articles/{stored['id']}").json()["id"] == stored["id"]
        assert client.get("/healthz").json()["store"] == "error: attempt to write a readonly database"


def test_the_cli_says_in_one_line_that_a_full_disk_stored_nothing(disk, tmp_path):
    data = disk / "data"
    data.mkdir()
    _fill(disk)
    environment = {**os.environ, "A11Y_DATA_DIR": str(data), "A11Y_AUDIO_CACHE_DIR": str(disk / "audio_cache"),
                   "A11Y_PREGENERATE": "false"}
    run = subprocess.run(
        [sys.executable, "-m", "a11y", "ingest", str(SAMPLE_JSON)], capture_output=True, text=True, env=environment, timeout=60
    )
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write the store in") and "Traceback" not in run.stderr

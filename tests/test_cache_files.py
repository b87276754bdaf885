"""The cache's files: whole or absent even when a writer is killed, bad files found and re-made,
and `a11y cache stats | prune` telling and removing what no article needs."""

import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from a11y.audio import mp3
from a11y.article import Article
from a11y.audio.encoding import encode_mp3, to_house_format
from a11y.audio.files import STALE_WRITE_S, AudioCache
from a11y.cli import main
from a11y.engines.espeak import EspeakEngine
from a11y.service import Service
from a11y.web.app import create_app
from a11y.audio.whole import ArticleAudio
from audio_checks import assert_spoken_mp3
from harness import AUTH, make_settings
from voices import SlowVoice

ARTICLE = {
    "title": "캐시 점검",
    "source_url": "https://example.com/news/cache",
    "blocks": [
        {"type": "paragraph", "text": "첫 문단입니다."},
        {"type": "paragraph", "text": "둘째 문단입니다."},
    ],
}
KEY = "0123456789abcdef" * 4


@pytest.fixture(scope="module")
def small_mp3() -> bytes:
    return encode_mp3(to_house_format(EspeakEngine().synthesize("짧은 소리입니다.")))


_WRITER = """
import sys
from pathlib import Path
from a11y.audio.files import AudioCache
from a11y.audio import mp3
frames, _ = mp3.audio_frames(Path(sys.argv[1]).read_bytes())
variants = [frames * 1500, frames * 1501]  # about 30 MB each: a write takes a while
cache = AudioCache(Path(sys.argv[2]))
turn = 0
while True:
    cache.put(sys.argv[3], variants[turn % 2])
    turn += 1
"""


def test_a_writer_killed_mid_write_leaves_no_corrupt_file(tmp_path, small_mp3):
    source = tmp_path / "small.mp3"
    source.write_bytes(small_mp3)
    root = tmp_path / "cache"
    frames, _layout = mp3.audio_frames(small_mp3)
    whole_versions = {frames * 1500, frames * 1501}
    target = root / f"{KEY}.mp3"
    caught_mid_write = 0
    for round_number in range(4):
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, source, root, KEY])
        try:
            if round_number > 0:  # later rounds: kill while replacing a whole file
                _wait_for(lambda: target.exists())
            _wait_for(lambda: any(part.stat().st_size > 0 for part in root.glob("*.part")))
        finally:
            writer.kill()
            writer.wait()
        caught_mid_write += bool(list(root.glob("*.part")))
        if target.exists():
            assert target.read_bytes() in whole_versions, "a whole file or none"
        else:
            assert round_number == 0
        found = AudioCache(root).find(KEY)
        assert found is None or found.path.read_bytes() in whole_versions
    assert caught_mid_write >= 1, "at least one kill landed mid-write"
    leftovers = list(root.glob("*.part"))
    for part in leftovers:  # what a dead writer left: removed by prune once it is surely dead
        os.utime(part, (time.time() - STALE_WRITE_S - 1,) * 2)
    report = AudioCache(root).prune({KEY}, set())
    assert report.removed_files == len(leftovers) and not list(root.glob("*.part"))


def _wait_for(condition, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the writer never got there")
        time.sleep(0.0005)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_cache_file_is_detected_removed_and_made_again(tmp_path, damage, caplog):
    settings = make_settings(tmp_path)
    voice = SlowVoice()
    with TestClient(create_app(settings, Service.from_settings(settings, engines=[voice])), headers=AUTH) as client:
        article_id = client.post("/api/articles", json=ARTICLE).json()["id"]
        segment = client.get(f"/api/articles/{article_id}").json()["segments"][1]
        first = client.get(segment["audio_url"])
        path = settings.audio_cache_dir / f"{segment['key']}.mp3"
        good = path.read_bytes()
        assert first.content == good and len(voice.calls) == 1
        path.write_bytes({"garbage": b"\xff\xf3 not audio " * 500, "truncated": good[: len(good) // 2], "empty": b""}[damage])

        again = client.get(segment["audio_url"])
        assert again.status_code == 200
        assert_spoken_mp3(again.content)
        assert len(voice.calls) == 2, "made again"
        assert path.read_bytes() == again.content
        mp3.parse(path.read_bytes())
        assert "not a whole MP3" in caplog.text


def test_the_cache_refuses_to_store_what_is_not_a_whole_mp3(tmp_path, small_mp3):
    cache = AudioCache(tmp_path)
    for bad in (b"", b"not audio", small_mp3[:-50]):
        with pytest.raises(ValueError):
            cache.put(KEY, bad)
    assert list(tmp_path.iterdir()) == []


def _environment(settings) -> dict[str, str]:
    return {
        "A11Y_DATA_DIR": str(settings.data_dir),
        "A11Y_AUDIO_CACHE_DIR": str(settings.audio_cache_dir),
        "A11Y_ENGINES": "espeak",
        "A11Y_PREGENERATE": "false",
    }


def _lines(output: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in output.strip().splitlines())


def test_cache_stats_and_prune(tmp_path, small_mp3):
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    segments = service.script(stored.article)
    for segment in segments:
        service.synthesizer.audio_for(segment)
    whole = ArticleAudio(service.synthesizer).complete_file(stored.article, segments).result()
    cache = settings.audio_cache_dir
    needed = {path: path.stat().st_size for path in [*cache.glob("*.mp3"), whole]}
    orphans = [cache / f"{'cd' * 32}.mp3", cache / f"{'ef' * 32}.espeak.mp3", cache / "articles" / f"{'12' * 32}.mp3"]
    for orphan in orphans:
        orphan.write_bytes(small_mp3)
    environment = _environment(settings)
    runner = CliRunner()

    stats = _lines(runner.invoke(main, ["cache", "stats"], env=environment).output)
    total = sum(needed.values()) + 3 * len(small_mp3)
    assert stats["files"] == f"7, {total} bytes"
    assert stats["voice espeak"].startswith("4 files")  # three segments and one orphan
    assert stats["voice espeak (fallback)"] == f"1 files, {len(small_mp3)} bytes"
    assert stats["whole articles"] == f"2 files, {needed[whole] + len(small_mp3)} bytes"
    assert stats["orphans"] == f"3 files, {3 * len(small_mp3)} bytes"
    assert stats["unfinished writes"] == "0 files, 0 bytes"

    done = runner.invoke(main, ["cache", "prune"], env=environment)
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[0] == f"removed 3 files, {3 * len(small_mp3)} bytes (0 still needed, evicted to fit)"
    assert not any(orphan.exists() for orphan in orphans)
    assert all(path.exists() for path in needed)
    assert _lines(runner.invoke(main, ["cache", "stats"], env=environment).output)["orphans"] == "0 files, 0 bytes"

    # Least recently used first: the title's audio was used longest ago, so it goes first.
    title = cache / f"{segments[0].key}.mp3"
    now = time.time()
    for age_s, path in enumerate(sorted(needed, key=lambda path: path != title)):
        os.utime(path, (now - 1000 + age_s, path.stat().st_mtime))
    limit = sum(needed.values()) - 1
    done = runner.invoke(main, ["cache", "prune", "--max-bytes", str(limit)], env=environment)
    assert done.exit_code == 0, done.output
    assert "(1 still needed, evicted to fit)" in done.output
    assert not title.exists() and all(path.exists() for path in needed if path != title)

    with TestClient(create_app(settings), headers=AUTH) as client:  # an evicted segment is made again on request
        assert client.get(f"/audio/{segments[0].key}.mp3").status_code == 200
    assert title.exists()


def test_cache_prune_bad_size_is_one_line_and_changes_nothing(tmp_path, small_mp3):
    settings = make_settings(tmp_path)
    orphan = settings.audio_cache_dir / f"{'cd' * 32}.mp3"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(small_mp3)
    done = CliRunner().invoke(main, ["cache", "prune", "--max-bytes", "lots"], env=_environment(settings))
    assert done.exit_code == 1
    assert done.output.strip() == "Error: --max-bytes: expected a size such as 500M or 2G, not 'lots'"
    assert orphan.exists()


@pytest.mark.parametrize(("text", "size"), [("1048576", 1048576), ("500K", 512_000), ("2G", 2 * 1024**3), ("1.5MiB", 1572864)])
def test_cache_prune_reads_sizes_with_units(tmp_path, text, size, small_mp3):
    settings = make_settings(tmp_path)
    kept = settings.audio_cache_dir / f"{'cd' * 32}.mp3"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(small_mp3)
    done = CliRunner().invoke(main, ["cache", "prune", "--max-bytes", text], env=_environment(settings))
    assert done.exit_code == 0 and "removed 1 files" in done.output  # an orphan, whatever the size

"""The whole article as one MP3: its length is the segments plus the pauses, its chapters point at
each segment, it carries title/publisher/date, it is cached, and while audio is still being made it
streams, the first segment going out before the last is made."""

import io
import math
import subprocess

import httpx
import imageio_ffmpeg
import pytest
from fastapi.testclient import TestClient
from mutagen.id3 import ID3
from pydub.silence import detect_silence

from a11y.audio import mp3
from a11y.article import Article
from a11y.audio.encoding import SAMPLE_RATE_HZ, AudioSegment, decode_mp3
from a11y.engines.espeak import EspeakEngine
from a11y.service import Service
from a11y.web.app import create_app
from a11y.audio.whole import PAUSE_AFTER_TITLE_MS, PAUSE_BETWEEN_SEGMENTS_MS, id3_tag
from harness import AUTH, make_settings
from voices import DownVoice, GatedVoice, live_server

ARTICLE = {
    "title": "엑스 타운홀 미팅 취소",
    "subtitles": ["기술 오류로 행사가 무산됐다"],
    "published": "2024-11-05T16:19:00",
    "publisher": "이투데이",
    "source_url": "https://example.com/news/whole",
    "blocks": [
        {"type": "paragraph", "text": "미팅은 저녁에 열릴 예정이었다. 참석자들이 모였다. 그러나 시작되지 않았다."},
        {"type": "image", "caption": "무대 위의 빈 의자"},
        {"type": "paragraph", "text": "주최 측은 다시 일정을 잡겠다고 밝혔다."},
    ],
}
STREAMING_SLACK_MS_PER_SEGMENT = 25  # a stream's pauses are whole 24 ms frames


def _pauses_ms(segments) -> list[int]:
    return [PAUSE_AFTER_TITLE_MS if segment.kind == "title" else PAUSE_BETWEEN_SEGMENTS_MS for segment in segments[:-1]]


def _samples_ms(audio: AudioSegment) -> float:
    return 1000 * audio.frame_count() / SAMPLE_RATE_HZ


@pytest.fixture
def made(tmp_path):
    """An article whose every segment the offline voice has made, and the app serving it."""
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    segments = service.script(stored.article)
    parts = [decode_mp3(service.synthesizer.audio_for(segment).path.read_bytes()) for segment in segments]
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        yield client, stored, segments, parts


def test_duration_is_the_segments_plus_the_pauses(made):
    client, stored, segments, parts = made
    answer = client.get(f"/articles/{stored.id}/audio.mp3")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "audio/mpeg"
    assert answer.headers["x-a11y-audio"] == "complete"
    expected_ms = sum(_samples_ms(part) for part in parts) + sum(_pauses_ms(segments))
    whole = decode_mp3(answer.content)
    assert whole.frame_rate == SAMPLE_RATE_HZ and whole.channels == 1
    assert abs(_samples_ms(whole) - expected_ms) <= 50, (_samples_ms(whole), expected_ms)
    # What a browser shows comes from the Xing/Info header: it must count the whole file's frames.
    layout = mp3.parse(answer.content)
    assert layout.info_frames == layout.frames
    assert abs(layout.duration_ms - expected_ms) <= 50


def test_each_chapter_starts_where_its_segment_is_heard(made):
    client, stored, segments, parts = made
    answer = client.get(f"/articles/{stored.id}/audio.mp3")
    whole = decode_mp3(answer.content)
    chapters = sorted(ID3(io.BytesIO(answer.content)).getall("CHAP"), key=lambda chapter: chapter.start_time)
    assert len(chapters) == len(segments)
    at_samples = 0
    for index, (chapter, part, segment) in enumerate(zip(chapters, parts, segments)):
        assert abs(chapter.start_time - 1000 * at_samples / SAMPLE_RATE_HZ) <= 1
        assert chapter.sub_frames["TIT2"].text[0] == segment.display[:60]
        heard = whole.get_sample_slice(at_samples, at_samples + int(part.frame_count()))
        assert _residual_db(heard, part) < -12, f"chapter {index + 1} does not start at its segment"
        if index:
            other = parts[index - 1]
            assert _residual_db(heard[: len(other)], other[: len(heard)]) > -3, "a test that can tell segments apart"
        at_samples += int(part.frame_count())
        if index < len(segments) - 1:
            margin = 50 * 24  # 50 ms: the encoder's smearing of a sound's edges is not a sound
            pause = whole.get_sample_slice(at_samples + margin, at_samples + _pauses_ms(segments)[index] * 24 - margin)
            assert pause.dBFS < -50, "the pause between segments is silent"
            at_samples += int(_pauses_ms(segments)[index] * SAMPLE_RATE_HZ / 1000)
        assert abs(chapter.end_time - 1000 * at_samples / SAMPLE_RATE_HZ) <= 1
    toc = ID3(io.BytesIO(answer.content)).getall("CTOC")[0]
    assert toc.child_element_ids == [chapter.element_id for chapter in chapters]


def test_chapters_are_listed_in_time_order_title_first(made, tmp_path):
    client, stored, segments, _parts = made
    answer = client.get(f"/articles/{stored.id}/audio.mp3")
    titles = [segment.display[:60] for segment in segments]
    # mutagen keeps frames in the order they lie in the file
    chapters = ID3(io.BytesIO(answer.content)).getall("CHAP")
    assert [chapter.sub_frames["TIT2"].text[0] for chapter in chapters] == titles
    assert [chapter.start_time for chapter in chapters] == sorted(chapter.start_time for chapter in chapters)
    # ffmpeg (as ffprobe) numbers chapters in that order: chapter 0 is the title
    path = tmp_path / "whole.mp3"
    path.write_bytes(answer.content)
    metadata = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    listed = [block.split("\ntitle=", 1)[1].split("\n", 1)[0] for block in metadata.split("[CHAPTER]")[1:]]
    assert listed == titles
    assert listed[0] == stored.article.title


def _residual_db(heard: AudioSegment, expected: AudioSegment) -> float:
    """How much of `heard` is left after subtracting `expected`, in dB relative to `expected`."""
    left = heard.overlay(expected.invert_phase())
    return 20 * math.log10(max(left.rms, 1) / expected.rms)


def test_pauses_are_longer_after_the_title_and_between_segments_than_between_sentences(made):
    client, stored, segments, parts = made
    whole = decode_mp3(client.get(f"/articles/{stored.id}/audio.mp3").content)
    starts_ms, at_ms = [], 0.0
    for part, pause in zip(parts, [*_pauses_ms(segments), 0]):
        at_ms += _samples_ms(part) + pause
        starts_ms.append(at_ms)  # where the next segment starts
    silences = detect_silence(whole, min_silence_len=150, silence_thresh=-45)
    between = {}
    inside = []
    for start, end in silences:
        boundary = next((index for index, next_start in enumerate(starts_ms[:-1]) if start <= next_start <= end + 5), None)
        if boundary is None:
            inside.append(end - start)
        else:
            between[boundary] = end - start
    assert sorted(between) == list(range(len(segments) - 1)), "a silence at every boundary"
    assert inside, "the three-sentence paragraph has pauses between its sentences"
    assert max(inside) < min(between.values())
    assert between[0] == max(between.values()), "the longest pause follows the title"
    assert between[0] - min(between[index] for index in between if index) >= 300


def test_id3_tags_title_publisher_date(made):
    client, stored, _segments, _parts = made
    tags = ID3(io.BytesIO(client.get(f"/articles/{stored.id}/audio.mp3").content))
    assert tags["TIT2"].text == [ARTICLE["title"]]
    assert tags["TPE1"].text == ["이투데이"] and tags["TPUB"].text == ["이투데이"]
    assert str(tags["TDRC"].text[0]).startswith("2024")
    assert tags.version[:2] == (2, 3)


def test_the_whole_file_is_cached_and_revalidated(made):
    client, stored, _segments, _parts = made
    first = client.get(f"/articles/{stored.id}/audio.mp3")
    whole_files = list(client.app.state.settings.audio_cache_dir.glob("articles/*.mp3"))
    assert len(whole_files) == 1 and whole_files[0].read_bytes() == first.content
    built_at = whole_files[0].stat().st_mtime_ns
    second = client.get(f"/articles/{stored.id}/audio.mp3")
    assert second.content == first.content and whole_files[0].stat().st_mtime_ns == built_at
    assert second.headers["etag"] == first.headers["etag"] == f'"{whole_files[0].stem}"', "its content hash"
    assert second.headers["cache-control"] == "no-cache", "the article may change under this URL"
    ranged = client.get(f"/articles/{stored.id}/audio.mp3", headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and ranged.content == first.content[:100]
    unchanged = client.get(f"/articles/{stored.id}/audio.mp3", headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""


def test_unknown_article_audio_is_404(made):
    client, *_ = made
    answer = client.get("/articles/nope/audio.mp3")
    assert answer.status_code == 404 and "기사를 찾을 수 없습니다" in answer.json()["detail"]


def test_upgrading_a_segment_makes_a_new_whole_file(tmp_path):
    settings = make_settings(tmp_path)
    preferred = DownVoice("gtts")
    service = Service.from_settings(settings, engines=[preferred, EspeakEngine()])
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    segments = service.script(stored.article)
    for segment in segments:
        service.synthesizer.audio_for(segment)
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        before = client.get(f"/articles/{stored.id}/audio.mp3")
        preferred.up = True
        service.synthesizer.upgrade(segments[2]).result()
        after = client.get(f"/articles/{stored.id}/audio.mp3")
    assert before.headers["x-a11y-audio"] == after.headers["x-a11y-audio"] == "complete"
    assert after.headers["etag"] != before.headers["etag"]


def test_an_incomplete_article_streams_the_first_segment_before_the_last_is_made(tmp_path):
    settings = make_settings(tmp_path)
    voice = GatedVoice()
    service = Service.from_settings(settings, engines=[voice])
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    segments = service.script(stored.article)
    cache = service.synthesizer.cache
    voice.allow(segments[0].spoken)  # only the title may be made for now
    with live_server(create_app(settings, service)) as base:
        with httpx.stream("GET", f"{base}/articles/{stored.id}/audio.mp3", timeout=30) as answer:
            assert answer.status_code == 200
            assert answer.headers["cache-control"] == "no-store"
            assert answer.headers["x-a11y-audio"] == "streaming"
            chunks = answer.iter_bytes()
            received = b""
            while not _holds_first_segment(received, cache, segments[0].key):
                received += next(chunks)
            assert segments[-1].spoken not in voice.calls, "the last segment was not even asked for yet"
            assert cache.find(segments[-1].key) is None
            voice.allow_all()
            received += b"".join(chunks)
    assert received[: len(id3_tag(stored.article))] == id3_tag(stored.article)
    layout = mp3.parse(received)
    assert layout.info_frames is None, "a stream claims no length it cannot know"
    parts = [decode_mp3(cache.find(segment.key).path.read_bytes()) for segment in segments]
    expected_ms = sum(_samples_ms(part) for part in parts) + sum(_pauses_ms(segments))
    streamed_ms = _samples_ms(decode_mp3(received))
    assert abs(streamed_ms - expected_ms) <= STREAMING_SLACK_MS_PER_SEGMENT * len(segments), (streamed_ms, expected_ms)

    with TestClient(create_app(settings, service), headers=AUTH) as client:
        assert client.get(f"/articles/{stored.id}/audio.mp3").headers["x-a11y-audio"] == "complete"


def _holds_first_segment(received: bytes, cache, key: str) -> bool:
    found = cache.find(key)
    if found is None or len(received) < 10:
        return False
    frames, _layout = mp3.audio_frames(found.path.read_bytes())
    tag = mp3.id3v2_length(received)
    return received[tag : tag + len(frames)] == frames


def test_head_on_an_incomplete_article_makes_nothing(tmp_path):
    settings = make_settings(tmp_path)
    voice = GatedVoice()
    service = Service.from_settings(settings, engines=[voice])
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        answer = client.head(f"/articles/{stored.id}/audio.mp3")
    assert answer.status_code == 200 and answer.content == b""
    assert answer.headers["x-a11y-audio"] == "streaming" and answer.headers["cache-control"] == "no-store"
    assert voice.calls == []

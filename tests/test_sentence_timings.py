"""Each segment's audio knows where its sentences are: timings checked against the decoded audio (the
silence between two sentences lies within 100 ms of where the timings say one ends and the next
starts), stored beside the MP3 and read back by a new process, and given by the API and the page's
context; Google's voice speaks sentence by sentence too; and in Chromium, as a listener hears it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydub.silence import detect_nonsilent, detect_silence

from a11y.audio import mp3
from a11y.article import Article
from a11y.audio.encoding import decode_mp3
from a11y.audio.files import AudioCache, sidecar
from a11y.engines.gtts import GttsEngine
from a11y.script import narration_script
from a11y.audio.synthesis import SynthesisUnavailable, Synthesizer
from a11y.service import Service
from a11y.web.app import create_app
from harness import AUTH, PROJECT, make_settings

TOLERANCE_MS = 100
# Silence is what lies this far under the loudest sound: the breath of an aspirated onset (퇴, 차)
# lies 35–45 dB under it and is speech; the pause between sentences is far quieter still.
SILENCE_UNDER_PEAK_DB = 45
MIN_PAUSE_MS = 150
ARTICLE = {
    "title": "폭우에 도심 침수… 퇴근길 혼잡은 언제까지?",
    "subtitles": ["시간당 50㎜ 넘는 비. 하천 산책로 통제"],
    "published": "2026-07-14T18:20:00",
    "publisher": "예시일보",
    "source_url": "https://example.com/news/rain",
    "blocks": [
        {"type": "paragraph", "text": "14일 오후 서울 도심에 시간당 50㎜가 넘는 비가 쏟아졌다. 강남역 일대 도로 "
         "3곳이 한때 물에 잠겼다. 퇴근길 차량은 거북이걸음을 했다."},
        {"type": "image", "caption": "물에 잠긴 도로를 차량이 지나고 있다. 시민들은 우산을 쓴 채 걸었다."},
        {"type": "paragraph", "text": "기상청은 “비가 밤사이 더 이어지겠습니다. 하천 주변은 피해 주십시오”라고 "
         "당부했다. 내일 아침까지 예상 강수량은 최대 120㎜다. 출근길에도 대중교통을 이용하는 것이 좋겠다."},
        {"type": "quote", "text": "앞이 안 보일 정도였어요. 차를 세울 수밖에 없었죠."},
    ],
}  # fmt: skip


@pytest.fixture
def made(tmp_path):
    """The article ingested and every segment made by the offline voice."""
    settings = make_settings(tmp_path)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    segments = service.script(stored.article)
    for segment in segments:
        service.synthesizer.audio_for(segment)
    return settings, service, stored, segments


def timing_errors_ms(audio, sentences: list[dict]) -> list[float]:
    """How far each sentence boundary in `sentences` lies from the silence heard in `audio` (ms): for
    each gap between two sentences, the silence found in it (its start against the end of one
    sentence, its end against the start of the next); and the first and last sounds against the ends."""
    threshold = audio.max_dBFS - SILENCE_UNDER_PEAK_DB
    silences = detect_silence(audio, min_silence_len=MIN_PAUSE_MS, silence_thresh=threshold, seek_step=5)
    sounds = detect_nonsilent(audio, min_silence_len=MIN_PAUSE_MS, silence_thresh=threshold, seek_step=5)
    return boundary_errors_ms(silences, sounds, sentences)


def boundary_errors_ms(silences: list, sounds: list, sentences: list[dict]) -> list[float]:
    errors = []
    for before, after in zip(sentences, sentences[1:]):
        end_ms, start_ms = 1000 * before["end"], 1000 * after["start"]
        found = [(low, high) for low, high in silences if low <= start_ms and high >= end_ms]
        assert found, f"no silence between {before['text']!r} and {after['text']!r} ({end_ms}–{start_ms} ms)"
        low, high = min(found, key=lambda span: abs(span[0] - end_ms) + abs(span[1] - start_ms))
        errors += [abs(low - end_ms), abs(high - start_ms)]
    errors += [abs(sounds[0][0] - 1000 * sentences[0]["start"]), abs(sounds[-1][1] - 1000 * sentences[-1]["end"])]
    return errors


def spans_from_levels(levels: list[float], window_ms: float) -> tuple[list, list]:
    """(silences, sounds) as [start ms, end ms] from the RMS level of each window, as pydub finds them."""
    loudest = max(levels)
    silent = [level <= loudest * 10 ** (-SILENCE_UNDER_PEAK_DB / 20) for level in levels]
    runs, start = [], 0
    for index in range(1, len(silent) + 1):
        if index == len(silent) or silent[index] != silent[start]:
            runs.append((silent[start], start * window_ms, index * window_ms))
            start = index
    silences = [[low, high] for quiet, low, high in runs if quiet and high - low >= MIN_PAUSE_MS]
    sounds, at = [], None
    for quiet, low, high in runs:  # sounds: what lies between the silences long enough to count
        if quiet and high - low >= MIN_PAUSE_MS:
            if at is not None:
                sounds.append([at[0], at[1]])
                at = None
        else:
            at = [low, high] if at is None else [at[0], high]
    if at is not None:
        sounds.append(at)
    return silences, sounds


def test_the_silence_between_sentences_is_where_the_timings_say(made):
    _settings, service, _stored, segments = made
    worst = 0.0
    for segment in segments:
        found = service.synthesizer.cache.find(segment.key)
        timed = service.sentence_timings(segment.key, [sentence.display for sentence in segment.sentences])
        assert [sentence["text"] for sentence in timed] == [sentence.display for sentence in segment.sentences]
        audio = decode_mp3(found.path.read_bytes())
        assert timed[-1]["end"] <= len(audio) / 1000 + 0.001
        worst = max([worst, *timing_errors_ms(audio, timed)])
    assert worst <= TOLERANCE_MS
    print(f"largest sentence timing error over the article: {worst:.0f} ms")


def test_a_three_sentence_paragraph_has_three_timed_sentences(made):
    _settings, service, _stored, segments = made
    paragraph = next(segment for segment in segments if segment.kind == "paragraph")
    timed = service.sentence_timings(paragraph.key)
    assert [sentence["text"] for sentence in timed] == paragraph.spoken.split("\n")
    assert len(timed) == 3
    assert timed[0]["start"] == 0.0
    for before, after in zip(timed, timed[1:]):
        assert before["start"] < before["end"] < after["start"]
        assert 0.25 <= after["start"] - before["end"] <= 0.35  # a breath, not a paragraph's pause


def test_a_caption_says_it_is_a_photo_within_its_first_sentence(made):
    _settings, service, _stored, segments = made
    caption = next(segment for segment in segments if segment.kind == "image")
    assert [sentence.display for sentence in caption.sentences] == [
        "물에 잠긴 도로를 차량이 지나고 있다.",
        "시민들은 우산을 쓴 채 걸었다.",
    ]
    assert caption.spoken.split("\n")[0].startswith("사진 설명. 물에 잠긴")
    assert len(service.sentence_timings(caption.key)) == 2


def test_every_mp3_has_its_timings_beside_it(made):
    settings, _service, _stored, segments = made
    files = sorted(path.name for path in settings.audio_cache_dir.iterdir() if path.is_file())
    expected = [f"{segment.key}.{suffix}" for segment in segments for suffix in ("mp3", "json")]
    assert files == sorted(expected)
    timings = json.loads((settings.audio_cache_dir / f"{segments[0].key}.json").read_text())
    assert timings["format"] == 1 and timings["voice"] == "espeak"
    assert [sentence["spoken"] for sentence in timings["sentences"]] == segments[0].spoken.split("\n")


def test_timings_are_the_same_after_a_restart(made):
    settings, service, _stored, segments = made
    keys = [segment.key for segment in segments]
    program = (
        "import json, sys\n"
        "from a11y.service import Service\n"
        "from harness import make_settings\n"
        "from pathlib import Path\n"
        "service = Service.from_settings(make_settings(Path(sys.argv[1])))\n"
        "print(json.dumps([service.sentence_timings(key) for key in sys.argv[2:]]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "tests")}
    answer = subprocess.run(
        [sys.executable, "-c", program, str(settings.data_dir.parent), *keys],
        capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(answer.stdout) == [service.sentence_timings(key) for key in keys]
    assert all(timed for timed in json.loads(answer.stdout))


def test_after_an_upgrade_stored_articles_are_keyed_for_the_new_audio(tmp_path):
    settings = make_settings(tmp_path)
    before = Service.from_settings(settings)
    article = Article.model_validate(ARTICLE)
    # as an older release stored it: other keys (here another normalizer version stands for them)
    stored, _ = before.store.save(article, narration_script(article, before.synthesizer.voice_id, version="ko-0"))
    (settings.data_dir / "script-basis.json").unlink()
    after = Service.from_settings(settings)  # the upgraded release starts
    keys = [key for _position, key, _spoken in after.store.segment_rows(stored.id)]
    assert keys == [segment.key for segment in after.script(article)]
    with TestClient(create_app(settings, after), headers=AUTH) as client:
        assert client.get(f"/audio/{keys[2]}.mp3").status_code == 200
        assert client.get(f"/api/articles/{stored.id}").json()["segments"][2]["sentences"][1]["start"] > 0
    assert Service.from_settings(settings).refresh_script() == {}  # once only


def test_no_mp3_appears_when_its_timings_cannot_be_written(tmp_path):
    article = Article.model_validate(ARTICLE)
    segment = narration_script(article, "espeak")[3]
    cache = AudioCache(tmp_path)
    (tmp_path / f"{segment.key}.json").mkdir(parents=True)  # the timings' place is taken
    from a11y.engines.espeak import EspeakEngine

    with pytest.raises(SynthesisUnavailable):
        Synthesizer([EspeakEngine()], cache).audio_for(segment)
    assert cache.find(segment.key) is None
    assert not (tmp_path / f"{segment.key}.mp3").exists()


def test_timings_do_not_stay_behind_when_their_mp3_cannot_be_written(tmp_path):
    from a11y.audio.encoding import encode_mp3, to_house_format
    from a11y.engines.espeak import EspeakEngine

    cache = AudioCache(tmp_path)
    key = "a" * 64
    (tmp_path / f"{key}.mp3").mkdir()  # the MP3's place is taken
    data = encode_mp3(to_house_format(EspeakEngine().synthesize("짧은 문장이다.")))
    with pytest.raises(OSError):
        cache.put(key, data, None, {"format": 1, "voice": "espeak", "duration": 1.0, "sentences": []})
    assert not (tmp_path / f"{key}.json").exists()


def test_the_api_gives_each_segment_its_sentences(made):
    settings, service, stored, segments = made
    with TestClient(create_app(settings, service), headers=AUTH) as client:
        answer = client.get(f"/api/articles/{stored.id}").json()
    for view, segment in zip(answer["segments"], segments, strict=True):
        assert [set(sentence) for sentence in view["sentences"]] == [{"text", "start", "end"}] * len(segment.sentences)
        assert " ".join(sentence["text"] for sentence in view["sentences"]) == " ".join(view["text"].split())
        assert all(isinstance(sentence["start"], float) for sentence in view["sentences"])
        assert view["sentences"][-1]["end"] <= view["duration"] + 0.001
        found = service.synthesizer.cache.find(segment.key)
        assert abs(view["duration"] - mp3.parse(found.path.read_bytes()).duration_ms / 1000) <= 0.001
    photo = next(block for block in answer["blocks"] if block["type"] == "image")
    assert [sentence["text"] for sentence in photo["segment"]["sentences"]] == [
        "물에 잠긴 도로를 차량이 지나고 있다.",
        "시민들은 우산을 쓴 채 걸었다.",
    ]


def test_sentences_have_no_times_while_audio_is_pending(tmp_path):
    settings = make_settings(tmp_path)
    with TestClient(create_app(settings), headers=AUTH) as client:
        article_id = client.post("/api/articles", json=ARTICLE).json()["id"]
        answer = client.get(f"/api/articles/{article_id}").json()
    paragraph = answer["segments"][2]
    assert paragraph["state"] == "pending"
    assert paragraph["sentences"] == [
        {"text": "14일 오후 서울 도심에 시간당 50㎜가 넘는 비가 쏟아졌다.", "start": None, "end": None},
        {"text": "강남역 일대 도로 3곳이 한때 물에 잠겼다.", "start": None, "end": None},
        {"text": "퇴근길 차량은 거북이걸음을 했다.", "start": None, "end": None},
    ]
    assert [sentence["text"] for sentence in answer["segments"][0]["sentences"]] == [
        "폭우에 도심 침수… 퇴근길 혼잡은 언제까지?"
    ]


def test_google_speaks_sentence_by_sentence_and_its_timings_hold(tmp_path, google):
    voice = GttsEngine(
        "ko", "com", url=google.url, timeout_s=5.0, requests_per_second=1000, retries=1, backoff_s=0.01,
        breaker_failures=3, breaker_cooldown_s=60,
    )  # fmt: skip
    segment = narration_script(Article.model_validate(ARTICLE), voice.voice_id)[2]
    synthesizer = Synthesizer([voice], AudioCache(tmp_path))
    found = synthesizer.audio_for(segment)
    assert google.texts == segment.spoken.split("\n")  # one request a sentence, in order
    timed = [
        {"text": sentence["spoken"], "start": sentence["start"], "end": sentence["end"]}
        for sentence in synthesizer.cache.timings(found)["sentences"]
    ]
    assert len(timed) == 3
    # Google's lead-in silence is trimmed from every sentence, not only the first.
    assert max(timing_errors_ms(decode_mp3(found.path.read_bytes()), timed)) <= TOLERANCE_MS
    assert sidecar(found.path).exists()


def test_pruning_an_mp3_takes_its_timings_with_it(made):
    settings, service, _stored, segments = made
    kept = segments[0].key
    service.synthesizer.cache.prune({kept}, set())
    files = sorted(path.name for path in settings.audio_cache_dir.iterdir() if path.is_file())
    assert files == [f"{kept}.json", f"{kept}.mp3"]


def test_a_fallback_voice_keeps_its_own_timings_until_the_preferred_voice_replaces_both(tmp_path):
    from a11y.engines.espeak import EspeakEngine
    from voices import DownVoice

    google = DownVoice()
    synthesizer = Synthesizer([google, EspeakEngine()], AudioCache(tmp_path, fallback_voices=["espeak"]))
    segment = narration_script(Article.model_validate(ARTICLE), google.voice_id)[2]
    fallback = synthesizer.audio_for(segment)
    assert fallback.engine == "espeak"
    assert synthesizer.cache.timings(fallback)["voice"] == "espeak"
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == [
        f"{segment.key}.espeak.json",
        f"{segment.key}.espeak.mp3",
    ]
    google.up = True
    preferred = synthesizer.upgrade(segment).result()
    assert preferred.preferred and synthesizer.cache.timings(preferred)["voice"] == "gtts"
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == [
        f"{segment.key}.json",
        f"{segment.key}.mp3",
    ]


CHROMIUM = Path("/usr/bin/chromium")
LEVEL_WINDOW_MS = 5
_DECODE_IN_PAGE = """async (url) => {
  const data = await (await fetch(url)).arrayBuffer();
  const audio = await new OfflineAudioContext(1, 1, 24000).decodeAudioData(data);
  const samples = audio.getChannelData(0), window = audio.sampleRate * %d / 1000, levels = [];
  for (let at = 0; at < samples.length; at += window) {
    let sum = 0;
    const end = Math.min(at + window, samples.length);
    for (let i = at; i < end; i++) sum += samples[i] * samples[i];
    levels.push(Math.sqrt(sum / (end - at)));
  }
  const element = new Audio(url);
  await new Promise((done) => element.addEventListener("loadedmetadata", done, { once: true }));
  return { levels, duration: element.duration };
}""" % LEVEL_WINDOW_MS


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_in_chromium_the_timings_meet_the_silences_it_decodes(made):
    """What a browser plays: Chromium trims the encoder's delay as ffmpeg does, so its clock and the
    timings agree (a browser that did not would be 24 ms late, well inside the tolerance)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from loopback import app_in_thread

    settings, service, _stored, segments = made
    worst = 0.0
    with app_in_thread(create_app(settings, service)) as base_url, playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(f"{base_url}/healthz")
        for segment in segments:
            timed = service.sentence_timings(segment.key)
            heard = page.evaluate(_DECODE_IN_PAGE, f"{base_url}/audio/{segment.key}.mp3")
            assert abs(heard["duration"] - timed[-1]["end"]) <= 0.03  # the last sentence ends the file
            silences, sounds = spans_from_levels(heard["levels"], LEVEL_WINDOW_MS)
            worst = max([worst, *boundary_errors_ms(silences, sounds, timed)])
        browser.close()
    assert worst <= TOLERANCE_MS
    print(f"largest sentence timing error in Chromium: {worst:.0f} ms")

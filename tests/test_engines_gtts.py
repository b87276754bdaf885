"""Google's voice against a stand-in for Google on loopback: 429 then success, endless 5xx, a
hang, malformed answers, the circuit breaker, the throttle. Waiting is done by an injected clock and
sleep wherever our own code decides how long to wait; only network timeouts use real time."""

import time

import pytest

from a11y.audio.encoding import TARGET_DBFS, speech_dbfs, to_house_format
from a11y.engines import SynthesisError
from a11y.engines.espeak import EspeakEngine
from a11y.engines.gtts import GttsEngine, google_parts
from harness import FakeClock
from voices import GOOGLE_LEAD_MS

TEXT = "엑스는 타운홀 미팅을 열었습니다."


def engine(google, **options) -> GttsEngine:
    settings = dict(
        url=google.url, timeout_s=5.0, requests_per_second=1000, retries=2, backoff_s=0.01,
        breaker_failures=3, breaker_cooldown_s=60,
    )  # fmt: skip
    return GttsEngine("ko", "com", **{**settings, **options})


def test_google_audio_is_brought_to_the_house_format_and_loudness(google):
    audio = to_house_format(engine(google).synthesize(TEXT))
    assert google.texts == [TEXT]
    offline = to_house_format(EspeakEngine().synthesize(TEXT))
    assert audio.frame_rate == offline.frame_rate == 24_000 and audio.channels == 1
    # Google's answer is 14 dB quieter and starts with 300 ms of silence; a listener hears neither.
    assert abs(speech_dbfs(audio) - speech_dbfs(offline)) < 1.0
    assert abs(speech_dbfs(audio) - TARGET_DBFS) < 1.0
    lead_ms = next(at for at in range(0, len(audio), 10) if audio[at : at + 10].dBFS > -50)
    assert lead_ms < GOOGLE_LEAD_MS / 3


def test_long_text_goes_in_parts_of_at_most_100_characters(google):
    text = " ".join([TEXT] * 8)  # 8 sentences, about 150 characters
    audio = engine(google).synthesize(text)
    assert len(google.requests) >= 2
    assert all(len(part) <= 100 for part in google.texts)
    assert "".join(google.texts).replace(" ", "").replace(".", "") == text.replace(" ", "").replace(".", "")
    assert audio.duration_seconds > 4


def test_429_then_success_waits_as_asked_and_speaks(google):
    google.script = [429]
    google.retry_after = "3"
    fake = FakeClock()
    audio = engine(google, clock=fake, sleep=fake.sleep).synthesize(TEXT)
    assert audio.duration_seconds > 1
    assert google.texts == [TEXT, TEXT]
    assert fake.sleeps == [3.0], "Retry-After was honoured, and nothing else was waited for"


def test_a_retry_after_longer_than_worth_waiting_lets_the_next_voice_speak(google):
    google.script = [429]
    google.retry_after = "120"
    fake = FakeClock()
    with pytest.raises(SynthesisError, match="429"):
        engine(google, clock=fake, sleep=fake.sleep).synthesize(TEXT)
    assert fake.sleeps == [] and len(google.requests) == 1


def test_backoff_grows_exponentially_with_jitter(google):
    for fraction, expected in ((1.0, [0.2, 0.4, 0.8]), (0.0, [0.1, 0.2, 0.4]), (0.5, [0.15, 0.3, 0.6])):
        google.script = [503, 503, 503]
        waits: list[float] = []
        voice = engine(
            google, retries=3, breaker_failures=10, backoff_s=0.2, random_fraction=lambda: fraction, sleep=waits.append
        )
        assert voice.synthesize(TEXT).duration_seconds > 1
        assert waits == pytest.approx(expected), fraction


def test_endless_5xx_fails_after_the_retries_then_the_breaker_skips_google(google):
    google.otherwise = 503
    voice = engine(google, retries=2, breaker_failures=3)
    with pytest.raises(SynthesisError, match="503"):
        voice.synthesize(TEXT)
    assert len(google.requests) == 3, "one try and two retries"
    started = time.monotonic()
    for _ in range(5):
        with pytest.raises(SynthesisError, match="skipped after 3 failures"):
            voice.synthesize(TEXT)
    assert len(google.requests) == 3, "the open breaker sends nothing"
    assert time.monotonic() - started < 0.5


def test_a_hang_costs_one_paragraph_of_timeouts_not_one_per_paragraph(google):
    google.otherwise = "hang"
    voice = engine(google, timeout_s=0.3, retries=1, breaker_failures=2)
    started = time.monotonic()
    with pytest.raises(SynthesisError, match="timed out"):
        voice.synthesize(TEXT)
    first_paragraph_s = time.monotonic() - started
    assert 0.6 <= first_paragraph_s < 3.0, first_paragraph_s
    started = time.monotonic()
    for _ in range(10):
        with pytest.raises(SynthesisError, match="skipped"):
            voice.synthesize(TEXT)
    assert time.monotonic() - started < 1.0, "ten paragraphs skipped in less than their timeouts' 3 s"
    assert len(google.requests) == 2


def test_breaker_lets_one_trial_through_after_the_cooldown(google):
    google.script = [503, 503]
    fake = FakeClock()
    voice = engine(google, retries=0, breaker_failures=2, breaker_cooldown_s=60, clock=fake, sleep=fake.sleep)
    for _ in range(2):
        with pytest.raises(SynthesisError, match="503"):
            voice.synthesize(TEXT)
    fake.now += 59.9
    with pytest.raises(SynthesisError, match="skipped after 2 failures in a row; next try in 0 s"):
        voice.synthesize(TEXT)
    fake.now += 0.2
    assert voice.synthesize(TEXT).duration_seconds > 1, "Google is back: the trial succeeds"
    assert voice.synthesize(TEXT).duration_seconds > 1, "and the breaker is closed again"
    assert len(google.requests) == 4


def test_failed_trial_opens_the_breaker_again_at_once(google):
    google.otherwise = 503
    fake = FakeClock()
    voice = engine(google, retries=2, breaker_failures=3, breaker_cooldown_s=60, clock=fake, sleep=fake.sleep)
    with pytest.raises(SynthesisError):
        voice.synthesize(TEXT)
    fake.now += 61
    with pytest.raises(SynthesisError, match="503"):
        voice.synthesize(TEXT)  # the trial: one request, no retries
    assert len(google.requests) == 4
    with pytest.raises(SynthesisError, match="skipped"):
        voice.synthesize(TEXT)
    assert len(google.requests) == 4


@pytest.mark.parametrize(
    ("answer", "message"),
    [("html", "held no audio"), ("garbage", "does not decode"), (403, "403")],
)
def test_malformed_or_refused_answers_are_not_retried(google, answer, message):
    google.otherwise = answer
    with pytest.raises(SynthesisError, match=message):
        engine(google).synthesize(TEXT)
    assert len(google.requests) == 1


def test_unreachable_google_fails_fast():
    voice = GttsEngine(url="http://127.0.0.1:9/", timeout_s=5.0, retries=1, backoff_s=0.01, requests_per_second=1000)
    started = time.monotonic()
    with pytest.raises(SynthesisError, match="connection failed"):
        voice.synthesize(TEXT)  # port 9 on loopback: nobody listens
    assert time.monotonic() - started < 2.5, "refused at once, not after the 5 s timeout"


def test_throttle_spaces_requests(google):
    fake = FakeClock()
    voice = engine(google, requests_per_second=5, clock=fake, sleep=fake.sleep)
    for _ in range(3):
        voice.synthesize(TEXT)
    assert fake.sleeps == pytest.approx([0.2, 0.2]), "the second and third request each waited their turn"
    fake.now += 10
    voice.synthesize(TEXT)
    assert len(fake.sleeps) == 2, "after a quiet spell the next request goes at once"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("짧은 문장입니다.", ["짧은 문장입니다."]),
        ("가" * 60 + ". " + "나" * 60 + ".", ["가" * 60 + ".", "나" * 60 + "."]),
        ("가" * 60 + ", " + "나" * 60, ["가" * 60 + ",", "나" * 60]),
        ("가" * 60 + " " + "나" * 60, ["가" * 60, "나" * 60]),
        ("가" * 250, ["가" * 100, "가" * 100, "가" * 50]),
        ("  여러   칸이\n 띄어진   글  ", ["여러 칸이 띄어진 글"]),
        ("... !!", []),
    ],
)
def test_text_is_cut_at_sentence_then_clause_then_word_ends(text, parts):
    assert google_parts(text) == parts


def test_cutting_a_long_text_is_linear():
    started = time.process_time()
    parts = google_parts("가나다라마바사. " * 25_000)
    assert all(len(part) <= 100 for part in parts) and len(parts) >= 2_000
    assert time.process_time() - started < 2.0


def test_nothing_to_say_is_a_clear_error(google):
    with pytest.raises(SynthesisError, match="nothing for Google's voice to say"):
        engine(google).synthesize("...")
    assert google.requests == []


def test_a_language_google_does_not_have_is_a_synthesis_error(google):
    with pytest.raises(SynthesisError, match="Language not supported"):
        GttsEngine("xx-nope", url=google.url).synthesize(TEXT)
    assert google.requests == []

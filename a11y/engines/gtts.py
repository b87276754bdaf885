"""Google's Korean voice through gTTS: the preferred voice when the network allows it.

Google's endpoint is a web service that answers 429 when pushed, changes without notice and is
unreachable offline, so every request is throttled, timed out and retried with backoff, and a
circuit breaker takes the voice out for a cool-down after repeated failures: an outage costs one
paragraph's attempts, not a timeout per paragraph.

Only gTTS's public API is used: `gTTS.get_bodies()` builds each request body and `tts_langs()`
names the languages. We split the text ourselves (`google_parts`, at most 100 characters a part, cut
at sentence, then clause, then word ends) so each part is retried alone, and we send each request
and read each answer ourselves, which lets the timeout, the status code and `Retry-After` decide.
Time is injected (`clock`, `sleep`), so the throttle, backoff and breaker are tested without waiting.
"""

import base64
import binascii
import logging
import random
import re
import threading
import time
from collections.abc import Callable

import requests
from gtts import gTTS
from gtts.lang import tts_langs
from pydub.exceptions import CouldntDecodeError

from a11y.audio.encoding import AudioSegment, decode_mp3
from a11y.engines import SynthesisError, VoiceSkipped

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 8.0  # a Retry-After longer than this is not waited for: the next voice speaks instead
MAX_PART_CHARS = gTTS.GOOGLE_TTS_MAX_CHARS  # Google reads at most this many characters a request

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class GttsEngine:
    name = "gtts"

    def __init__(
        self,
        lang: str = "ko",
        tld: str = "com",
        *,
        url: str = "",
        timeout_s: float = 5.0,
        requests_per_second: float = 2.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        breaker_failures: int = 3,
        breaker_cooldown_s: float = 60.0,
        random_fraction: Callable[[], float] = random.random,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        throttle=None,
        breaker=None,
    ):
        """`throttle` and `breaker`: given ones (with Throttle's and CircuitBreaker's interface, e.g.
        a11y/engines/politeness.py's, shared by every worker) replace this process's own."""
        self.lang, self.tld = lang, tld
        self.url = url or f"https://translate.google.{tld}/_/TranslateWebserverUi/data/batchexecute"
        self.voice_id = f"gtts:{lang}:{tld}"
        self.timeout_s, self.retries, self.backoff_s = timeout_s, retries, backoff_s
        self.throttle = throttle or Throttle(requests_per_second, clock=clock, sleep=sleep)
        self.breaker = breaker or CircuitBreaker(breaker_failures, breaker_cooldown_s, clock=clock)
        self._random_fraction, self._sleep = random_fraction, sleep

    def synthesize(self, text: str) -> AudioSegment:
        parts = self._parts(text)
        if not parts:
            raise SynthesisError(f"nothing for Google's voice to say in {text[:40]!r}")
        audio = AudioSegment.empty()
        for part in parts:
            audio += self._fetch(part)
        return audio

    def _parts(self, text: str) -> list[str]:
        if self.lang not in tts_langs():  # gTTS's own table: no network
            raise SynthesisError(f"Google's voice cannot speak this: Language not supported: {self.lang}")
        return google_parts(text)

    def _fetch(self, part: str) -> AudioSegment:
        """One part's audio: throttled, retried on what may pass, the breaker told of each outcome."""
        attempt = 0
        while True:
            self.breaker.admit()
            self.throttle.wait()
            try:
                audio = self._request(part)
            except _Transient as error:
                self.breaker.failed()
                wait_s = self._backoff_s(attempt, error.retry_after_s)
                if attempt == self.retries or self.breaker.is_open or wait_s is None:
                    raise SynthesisError(f"Google's voice did not answer: {error}") from error
                log.info("Google's voice: %s; retry %d in %.2f s", error, attempt + 1, wait_s)
                self._sleep(wait_s)
                attempt += 1
            except BaseException:
                self.breaker.failed()  # a refusal, a malformed answer, or our own bug: none may pass
                raise
            else:
                self.breaker.succeeded()
                return audio

    def _request(self, part: str) -> AudioSegment:
        """One request to Google for one part; its audio, or why not (transient failures marked)."""
        body = gTTS(part, lang=self.lang, tld=self.tld, lang_check=False, pre_processor_funcs=[], tokenizer_func=_whole).get_bodies()[0]
        try:
            response = requests.post(self.url, data=body, headers=gTTS.GOOGLE_TTS_HEADERS, timeout=self.timeout_s)
            answer = response.content
        except requests.Timeout as error:
            raise _Transient(f"timed out after {self.timeout_s:g} s ({error})") from error
        except requests.ConnectionError as error:
            raise _Transient(f"connection failed ({error})") from error
        except requests.RequestException as error:  # e.g. the answer's body broke off
            raise _Transient(f"the answer broke off: {error}") from error
        if response.status_code == 429 or response.status_code >= 500:
            raise _Transient(f"{_status(response)}", _retry_after_s(response))
        if response.status_code != 200:
            raise SynthesisError(f"Google's voice refused: {_status(response)}")
        data = _audio_in(answer)
        if not data:
            raise SynthesisError("Google's answer held no audio (did its format change?)")
        try:
            return decode_mp3(data)
        except CouldntDecodeError as error:
            raise SynthesisError("Google's answer held audio that does not decode") from error

    def _backoff_s(self, attempt: int, retry_after_s: float | None) -> float | None:
        """Exponential backoff with jitter (half fixed, half random); None when Google asks for longer
        than is worth waiting."""
        base = min(MAX_BACKOFF_S, self.backoff_s * 2**attempt)
        wait_s = base / 2 + self._random_fraction() * base / 2
        if retry_after_s is not None:
            if retry_after_s > MAX_BACKOFF_S:
                return None
            wait_s = max(wait_s, retry_after_s)
        return wait_s


class Throttle:
    """At most `per_second` request starts a second in this process, spaced evenly."""

    def __init__(self, per_second: float, clock: Clock = time.monotonic, sleep: Sleep = time.sleep):
        self.interval_s = 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval_s
        if start > now:
            self._sleep(start - now)


class CircuitBreaker:
    """Closed: requests go. After `failures` failures in a row, open: requests are refused at once for
    `cooldown_s`. Then half-open: one trial request goes; success closes, failure opens again."""

    def __init__(self, failures: int, cooldown_s: float, clock: Clock = time.monotonic):
        self.failures, self.cooldown_s = failures, cooldown_s
        self._clock = clock
        self._in_a_row = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened_at is not None

    def admit(self) -> None:
        """Return if a request may go now; raise SynthesisError (at once, no network) if not."""
        with self._lock:
            if self._opened_at is None:
                return
            waited_s = self._clock() - self._opened_at
            if waited_s < self.cooldown_s or self._trial_running:
                left_s = max(0.0, self.cooldown_s - waited_s)
                raise VoiceSkipped(
                    f"Google's voice is skipped after {self._in_a_row} failures in a row; "
                    f"next try in {left_s:.0f} s"
                )
            self._trial_running = True

    def failed(self) -> None:
        with self._lock:
            self._in_a_row += 1
            if self._trial_running or self._in_a_row >= self.failures:
                if self._opened_at is None:
                    log.warning("Google's voice: %d failures in a row; skipped for %.0f s", self._in_a_row, self.cooldown_s)
                self._opened_at = self._clock()
            self._trial_running = False

    def succeeded(self) -> None:
        with self._lock:
            self._in_a_row, self._opened_at, self._trial_running = 0, None, False


class _Transient(Exception):
    """A failure that may pass on its own: 429, 5xx, a timeout, a dropped connection."""

    def __init__(self, message: str, retry_after_s: float | None = None):
        super().__init__(message)
        self.retry_after_s = retry_after_s


def google_parts(text: str, limit: int = MAX_PART_CHARS) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at the last sentence end that fits, else
    the last clause end, else the last space, else anywhere; one pass, so linear in the text."""
    text, parts, start = " ".join(text.split()), [], 0
    while len(text) - start > limit:
        window = text[start : start + limit + 1]  # a cut just after the limit's last character still fits
        cut = _last_cut(window, _SENTENCE_END) or _last_cut(window, _CLAUSE_END) or window.rfind(" ")
        cut = cut if cut > 0 else limit
        parts.append(window[:cut].strip())
        start += cut
    parts.append(text[start:].strip())
    return [part for part in parts if _SAYABLE.search(part)]


_SENTENCE_END = re.compile(r"[.!?。…](?=\s)")
_CLAUSE_END = re.compile(r"[,;:·](?=\s)")
_SAYABLE = re.compile(r"\w")
_AUDIO = re.compile(rb'jQ1olc","\[\\"([A-Za-z0-9+/=]*)\\"]')


def _last_cut(window: str, mark: re.Pattern) -> int:
    """Just after the last `mark` in `window`, or 0."""
    ends = [found.end() for found in mark.finditer(window)]
    return ends[-1] if ends else 0


def _whole(text: str) -> list[str]:
    return [text]  # gTTS's tokenizer hook: our parts are already cut


def _audio_in(answer: bytes) -> bytes:
    """The MP3 in Google's batchexecute answer (base64 inside JSON lines), b"" if none."""
    found = _AUDIO.search(answer)
    if not found:
        return b""
    try:
        return base64.b64decode(found.group(1), validate=True)
    except binascii.Error:
        return b""


def _status(response: requests.Response) -> str:
    return f"{response.status_code} ({response.reason}) from TTS API"


def _retry_after_s(response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None  # absent, or an HTTP date: our own backoff decides

"""Google's Korean voice through gTTS: the preferred voice when the network allows it.

Google's endpoint is a web service that answers 429 when pushed, changes without notice and is
unreachable offline, so every request is throttled, timed out and retried with backoff, and a
circuit breaker takes the voice out for a cool-down after repeated failures: an outage costs one
paragraph's attempts, not a timeout per paragraph. gTTS's own code sends each request and reads
each answer; we only split the text (with gTTS's tokenizer) so each request can be retried alone.
"""

import io
import logging
import random
import threading
import time
from collections.abc import Callable

import requests
from gtts import gTTS, gTTSError
from pydub.exceptions import CouldntDecodeError

from a11y.audio import AudioSegment, decode_mp3
from a11y.engines import SynthesisError, VoiceSkipped

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 8.0  # a Retry-After longer than this is not waited for: the next voice speaks instead


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
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.lang, self.tld, self.url = lang, tld, url
        self.voice_id = f"gtts:{lang}:{tld}"
        self.timeout_s, self.retries, self.backoff_s = timeout_s, retries, backoff_s
        self.throttle = Throttle(requests_per_second)
        self.breaker = CircuitBreaker(breaker_failures, breaker_cooldown_s)
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
        # gTTS sends at most 100 characters a request; its tokenizer cuts at sentence and clause ends.
        try:
            return gTTS(text.strip() or " ", lang=self.lang, tld=self.tld)._tokenize(text)
        except ValueError as error:  # a language gTTS does not know
            raise SynthesisError(f"Google's voice cannot speak this: {error}") from error

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
        out = io.BytesIO()
        try:
            request = _Request(
                part, self.url, lang=self.lang, tld=self.tld, lang_check=False, pre_processor_funcs=[], timeout=self.timeout_s
            )
            request.write_to_fp(out)
        except gTTSError as error:
            response, cause = error.rsp, error.__context__
            if response is not None and (response.status_code == 429 or response.status_code >= 500):
                raise _Transient(str(error), _retry_after_s(response)) from error
            if response is None and isinstance(cause, (requests.Timeout, requests.ConnectionError)):
                reason = "timed out" if isinstance(cause, requests.Timeout) else "connection failed"
                raise _Transient(f"{reason} ({error})") from error
            raise SynthesisError(f"Google's voice refused: {error}") from error
        except requests.RequestException as error:  # a timeout while reading the answer's body
            raise _Transient(f"the answer broke off: {error}") from error
        data = out.getvalue()
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

    def __init__(self, per_second: float):
        self.interval_s = 1.0 / per_second
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval_s
        if start > now:
            time.sleep(start - now)


class CircuitBreaker:
    """Closed: requests go. After `failures` failures in a row, open: requests are refused at once for
    `cooldown_s`. Then half-open: one trial request goes; success closes, failure opens again."""

    def __init__(self, failures: int, cooldown_s: float):
        self.failures, self.cooldown_s = failures, cooldown_s
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
            waited_s = time.monotonic() - self._opened_at
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
                self._opened_at = time.monotonic()
            self._trial_running = False

    def succeeded(self) -> None:
        with self._lock:
            self._in_a_row, self._opened_at, self._trial_running = 0, None, False


class _Transient(Exception):
    """A failure that may pass on its own: 429, 5xx, a timeout, a dropped connection."""

    def __init__(self, message: str, retry_after_s: float | None = None):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class _Request(gTTS):
    """gTTS, sent to `url` when one is given (a proxy, or a stand-in for Google in tests)."""

    def __init__(self, text: str, url: str, **options):
        super().__init__(text, **options)
        self._url = url

    def _prepare_requests(self):
        prepared = super()._prepare_requests()
        if self._url:
            for request in prepared:
                request.prepare_url(self._url, None)
        return prepared


def _retry_after_s(response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None  # absent, or an HTTP date: our own backoff decides

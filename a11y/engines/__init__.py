"""Voices: spoken Korean text in, audio out, tried in the order the settings give."""

from collections.abc import Sequence
from typing import Protocol

from a11y.audio.encoding import AudioSegment

ENGINE_NAMES = ("gtts", "espeak")


class Engine(Protocol):
    name: str  # as in settings.engines
    voice_id: str  # everything about this voice that changes the sound, for cache keys

    def synthesize(self, text: str) -> AudioSegment: ...


class SynthesisError(Exception):
    """A voice could not make audio for a text; the message says why."""


class VoiceSkipped(SynthesisError):
    """A voice is being skipped for a while (its circuit breaker is open): expected, not news."""


def build_engines(settings) -> list[Engine]:
    """The voices named by settings.engines, in that order; Google's throttle and breaker are shared
    by all workers through the database when settings.database_url is PostgreSQL."""
    engines: list[Engine] = []
    for name in settings.engines:
        if name == "espeak":
            from a11y.engines.espeak import EspeakEngine

            engines.append(EspeakEngine(settings.espeak_voice, settings.espeak_rate_wpm, settings.espeak_pitch))
        elif name == "gtts":
            from a11y.engines.gtts import GttsEngine

            throttle = breaker = None
            if settings.uses_postgres:  # every worker together is polite to Google
                from a11y.engines.politeness import SharedBreaker, SharedThrottle

                throttle = SharedThrottle(settings.database_url, settings.gtts_requests_per_second)
                breaker = SharedBreaker(settings.database_url, settings.gtts_breaker_failures, settings.gtts_breaker_cooldown_s)
            engines.append(
                GttsEngine(
                    settings.gtts_lang,
                    settings.gtts_tld,
                    url=settings.gtts_url,
                    timeout_s=settings.gtts_timeout_s,
                    requests_per_second=settings.gtts_requests_per_second,
                    retries=settings.gtts_retries,
                    backoff_s=settings.gtts_backoff_s,
                    breaker_failures=settings.gtts_breaker_failures,
                    breaker_cooldown_s=settings.gtts_breaker_cooldown_s,
                    throttle=throttle,
                    breaker=breaker,
                )
            )
    return engines


def voice_id(engines: Sequence[Engine]) -> str:
    """The preferred voice, as it enters cache keys."""
    return engines[0].voice_id

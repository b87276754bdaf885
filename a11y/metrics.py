"""What the service counts, for `GET /metrics` (Prometheus text format).

Each service has its own registry, so two apps in one process (tests) never share counts. State
that exists anyway (the pre-generation queue, each voice's breaker) is read when scraped, not kept twice.
"""

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

# Each counter would otherwise carry a `_created` timestamp series, doubling the page for no reader.
disable_created_metrics()

# Seconds: espeak-ng takes a fraction of a second a paragraph, Google a second or two, a timeout more.
SYNTHESIS_BUCKETS_S = (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)
REQUEST_BUCKETS_S = (0.005, 0.025, 0.1, 0.25, 1, 2.5, 10)

CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "a11y_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry
        )
        self.request_seconds = Histogram(
            "a11y_http_request_seconds", "Time to answer", ["route"], buckets=REQUEST_BUCKETS_S, registry=self.registry
        )
        self.syntheses = Counter(
            "a11y_syntheses", "Segments a voice was asked to make", ["voice", "outcome"], registry=self.registry
        )
        self.synthesis_seconds = Histogram(
            "a11y_synthesis_seconds", "Time a voice took", ["voice"], buckets=SYNTHESIS_BUCKETS_S, registry=self.registry
        )
        self.cache_hits = Counter("a11y_audio_cache_hits", "Segment audio found in the cache", registry=self.registry)
        self.cache_misses = Counter(
            "a11y_audio_cache_misses", "Segment audio that had to be made", registry=self.registry
        )
        self.queue_length = Gauge(
            "a11y_pregen_queue_length", "Articles waiting for their audio to be made", registry=self.registry
        )
        self.breaker_open = Gauge(
            "a11y_voice_breaker_open", "1 while a voice is skipped after repeated failures", ["voice"], registry=self.registry
        )
        self._breakers: Callable[[], dict[str, bool]] = dict

    def synthesis(self, voice: str, seconds: float, ok: bool) -> None:
        """Told by the synthesizer after each voice's attempt at a segment."""
        self.syntheses.labels(voice, "ok" if ok else "failed").inc()
        self.synthesis_seconds.labels(voice).observe(seconds)

    def watch(self, queue_length: Callable[[], int], breakers: Callable[[], dict[str, bool]]) -> None:
        """Read these when scraped: the queue's length and, per voice, whether its breaker is open."""
        self.queue_length.set_function(queue_length)
        self._breakers = breakers

    def render(self) -> bytes:
        for voice, is_open in self._breakers().items():
            self.breaker_open.labels(voice).set(1 if is_open else 0)
        return generate_latest(self.registry)

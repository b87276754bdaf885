"""Turns segments into cached audio: the voices in order, the first that answers wins.

Each segment is synthesized once, however many ask for it at the same moment: callers in this
process share one future (single flight), and the one that does the work holds the cache's file
lock for the key, so a worker process asking at the same time waits and then finds the file.
Audio from a fallback voice is stored as such (`<key>.<voice>.mp3`) and `upgrade` re-makes it
with the preferred voice.

A segment is spoken sentence by sentence (its spoken text keeps one sentence a line): each sentence's
audio is brought to the house format and trimmed, the sentences are joined with SENTENCE_PAUSE_MS of
silence, leveled and encoded once. Where each sentence starts and ends is known by construction and
stored beside the MP3 (`<key>.json`, written first):

    {"format": 1, "voice": "espeak", "duration": 4.321,
     "sentences": [{"spoken": "…", "start": 0.0, "end": 1.874}, …]}

in seconds within the MP3 as a gapless decoder (ffmpeg, browsers) plays it: the encoder's delay and
padding, which its LAME tag names, are trimmed by the decoder, so sample n of what we encoded is
heard at n / SAMPLE_RATE_HZ.
"""

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack

from a11y.errors import Unavailable
from a11y.audio.encoding import SAMPLE_RATE_HZ, AudioSegment, encode_mp3, join_with_pauses, leveled, trimmed
from a11y.audio.files import AudioCache, CachedAudio
from a11y.engines import Engine, SynthesisError, VoiceSkipped
from a11y.audio.flight import SingleFlight
from a11y.script import Segment, stored_sentences

log = logging.getLogger(__name__)

SYNTHESIS_THREADS = 4  # voices that wait on the network overlap; espeak-ng itself runs one at a time
MIN_SPEECH_MS = 100  # audio shorter than this, or all silence, is a broken answer, not speech
# Between two sentences of one segment: about the breath a newsreader takes, and long enough that a
# listener (and the page's highlight) hears where one sentence ends.
SENTENCE_PAUSE_MS = 300
TIMINGS_FORMAT = 1

# record(key, state, voice=..., fallback=..., reason=...): told of every outcome, e.g. Store.record_audio
Recorder = Callable[..., None]
# observe(voice, seconds, ok): told of every voice's attempt, e.g. Metrics.synthesis
Observer = Callable[[str, float, bool], None]


class SynthesisUnavailable(Unavailable):
    """No voice could make this segment; the message gathers each voice's reason."""


class Synthesizer:
    def __init__(self, engines: list[Engine], cache: AudioCache, record: Recorder | None = None):
        if not engines:
            raise ValueError("a synthesizer needs at least one voice")
        self.engines = engines
        self.cache = cache
        self._record = record
        self.observe: Observer | None = None
        self.flight = SingleFlight(ThreadPoolExecutor(SYNTHESIS_THREADS, thread_name_prefix="a11y-synth"))

    @property
    def voice_id(self) -> str:
        return self.engines[0].voice_id

    @property
    def preferred_voice(self) -> str:
        return self.engines[0].name

    def audio_for(self, segment: Segment) -> CachedAudio:
        """The cached audio for a segment, synthesizing it first when it is missing (waits for it)."""
        return self.cache.find(segment.key) or self.submit(segment).result()

    def submit(self, segment: Segment) -> Future[CachedAudio]:
        """The segment's audio as a future: found in the cache, or made once by whoever asks first."""
        return self.flight.submit(segment.key, lambda: self._find_or_make(segment, self.engines))

    def upgrade(self, segment: Segment) -> Future[CachedAudio]:
        """Re-make a segment that a fallback voice made, with the preferred voice only.

        Fails with SynthesisUnavailable if the preferred voice still cannot; the fallback audio stays.
        """
        return self.flight.submit(f"{segment.key}:upgrade", lambda: self._find_or_make(segment, self.engines[:1]))

    def make_now(self, segment: Segment) -> CachedAudio:
        """Find or make the segment's audio in this thread (for work that already runs on the executor)."""
        return self._find_or_make(segment, self.engines)

    def synthesize(self, segment: Segment, engines: Sequence[Engine] | None = None) -> CachedAudio:
        """Make the segment's audio now with the first voice that answers, and cache it."""
        reasons = []
        for engine in engines or self.engines:
            started = time.monotonic()
            try:
                audio, timings = _spoken_audio(engine, stored_sentences(segment.spoken))
            except Exception as error:  # a voice's own bug is its failure too: the next voice speaks
                level = logging.INFO if isinstance(error, VoiceSkipped) else logging.WARNING
                log.log(level, "voice %s failed on segment %s: %s", engine.name, segment.key[:12], error)
                reasons.append(f"{engine.name}: {error}")
                self._observe(engine.name, started, False)
                continue
            self._observe(engine.name, started, True)
            fallback = engine is not self.engines[0]
            try:
                cached = self.cache.put(segment.key, encode_mp3(audio), engine.name if fallback else None, timings)
            except OSError as error:  # a full or read-only disk: no file at all (the write is atomic)
                log.error("could not store the audio of segment %s: %s", segment.key[:12], error)
                raise SynthesisUnavailable(f"the audio cache cannot be written: {error.strerror or error}") from error
            self._tell(segment.key, "ready", voice=engine.name, fallback=fallback)
            return cached
        reason = "; ".join(reasons)
        if self.cache.find(segment.key) is None:  # an upgrade that fails leaves the fallback audio ready
            self._tell(segment.key, "failed", reason=reason)
        raise SynthesisUnavailable(reason)

    def _find_or_make(self, segment: Segment, engines: Sequence[Engine]) -> CachedAudio:
        with ExitStack() as held:
            try:
                held.enter_context(self.cache.lock(segment.key))
            except OSError as error:  # a read-only or full disk takes no lock file, and would take no audio
                raise SynthesisUnavailable(f"the audio cache cannot be written: {error.strerror or error}") from error
            found = self.cache.find(segment.key)
            if found and (found.preferred or len(engines) == len(self.engines)):
                return found  # made meanwhile, perhaps by another process
            return self.synthesize(segment, engines)

    def _observe(self, voice: str, started: float, ok: bool) -> None:
        if self.observe is not None:
            self.observe(voice, time.monotonic() - started, ok)

    def _tell(self, key: str, state: str, **details) -> None:
        if self._record is None:
            return
        try:
            self._record(key, state, **details)
        except Exception:  # the audio is made and cached; a lost state record must not lose it
            log.exception("could not record the audio state of segment %s", key[:12])


def timed_sentences(timings: dict, texts: list[str] | None = None) -> list[dict]:
    """A timings file's sentences as {"text", "start", "end"}; `texts` (the sentences as printed)
    stand in for the spoken ones when there are as many."""
    sentences = timings["sentences"]
    if texts is None or len(texts) != len(sentences):
        texts = [sentence["spoken"] for sentence in sentences]
    return [
        {"text": text, "start": sentence["start"], "end": sentence["end"]} for text, sentence in zip(texts, sentences)
    ]


def _spoken_audio(engine: Engine, sentences: list[str]) -> tuple[AudioSegment, dict]:
    """The sentences spoken by one voice, joined and leveled; and the timings of each (see above)."""
    if not sentences:
        raise SynthesisError("there is nothing to say")
    parts = [_speech(engine.synthesize(sentence)) for sentence in sentences]
    audio, spans = join_with_pauses(parts, SENTENCE_PAUSE_MS)
    timings = {
        "format": TIMINGS_FORMAT,
        "voice": engine.name,
        "duration": _seconds(audio.frame_count()),
        "sentences": [
            {"spoken": sentence, "start": _seconds(start), "end": _seconds(end)}
            for sentence, (start, end) in zip(sentences, spans)
        ],
    }
    return leveled(audio), timings


def _speech(audio: AudioSegment | None) -> AudioSegment:
    """The voice's audio, house format and trimmed, or SynthesisError when it holds no speech."""
    if audio is None or len(audio) < MIN_SPEECH_MS:
        raise SynthesisError("the voice answered with no audio")
    audio = trimmed(audio)
    if audio.max_dBFS == float("-inf"):
        raise SynthesisError("the voice answered with silence")
    return audio


def _seconds(samples: float) -> float:
    return round(samples / SAMPLE_RATE_HZ, 3)

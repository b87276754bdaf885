"""Turns segments into cached audio: the voices in order, the first that answers wins."""

import logging

from a11y.audio import encode_mp3, to_house_format
from a11y.cache import AudioCache, CachedAudio
from a11y.engines import Engine, SynthesisError
from a11y.narration import Segment

log = logging.getLogger(__name__)


class NarrationUnavailable(Exception):
    """No voice could make this segment; the message gathers each voice's reason."""


class Narrator:
    def __init__(self, engines: list[Engine], cache: AudioCache):
        if not engines:
            raise ValueError("a narrator needs at least one voice")
        self.engines = engines
        self.cache = cache

    @property
    def voice_id(self) -> str:
        return self.engines[0].voice_id

    def audio_for(self, segment: Segment) -> CachedAudio:
        """The cached audio for a segment, synthesizing it first when it is missing."""
        return self.cache.find(segment.key) or self.synthesize(segment)

    def synthesize(self, segment: Segment) -> CachedAudio:
        reasons = []
        for rank, engine in enumerate(self.engines):
            try:
                audio = to_house_format(engine.synthesize(segment.spoken))
            except SynthesisError as error:
                log.warning("voice %s failed on segment %s: %s", engine.name, segment.key[:12], error)
                reasons.append(f"{engine.name}: {error}")
                continue
            return self.cache.put(segment.key, encode_mp3(audio), None if rank == 0 else engine.name)
        raise NarrationUnavailable("; ".join(reasons))

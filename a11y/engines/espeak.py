"""The offline Korean voice: espeak-ng from the espeakng-loader wheel, driven through ctypes.

The library keeps global state, so a process synthesizes one text at a time.
"""

import ctypes
import threading

import espeakng_loader
from a11y.audio.encoding import AudioSegment

from a11y.engines import SynthesisError

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_CHARS_UTF8 = 1
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

_lock = threading.Lock()
_library = None
_sample_rate_hz = 0
_pcm = bytearray()


@_SYNTH_CALLBACK
def _collect(wav, sample_count, _events):
    if sample_count > 0 and wav:
        _pcm.extend(ctypes.string_at(wav, sample_count * 2))
    return 0  # keep going


def _load():
    global _library, _sample_rate_hz
    if _library is None:
        library = ctypes.CDLL(espeakng_loader.get_library_path())
        library.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        library.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        rate = library.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0
        )
        if rate <= 0:
            raise SynthesisError("espeak-ng could not start: its data folder was not found")
        library.espeak_SetSynthCallback(_collect)
        _library, _sample_rate_hz = library, rate
    return _library


_RATE, _PITCH = 1, 3  # espeak_PARAMETER values


class EspeakEngine:
    name = "espeak"

    def __init__(self, voice: str = "ko", rate_wpm: int = 165, pitch: int = 50):
        self.voice, self.rate_wpm, self.pitch = voice, rate_wpm, pitch
        self.voice_id = f"espeak-ng:{voice}:rate={rate_wpm}:pitch={pitch}"

    def synthesize(self, text: str) -> AudioSegment:
        data = text.encode("utf-8") + b"\0"
        with _lock:
            library = _load()
            if library.espeak_SetVoiceByName(self.voice.encode()) != 0:
                raise SynthesisError(f"espeak-ng has no voice {self.voice!r}")
            library.espeak_SetParameter(_RATE, self.rate_wpm, 0)
            library.espeak_SetParameter(_PITCH, self.pitch, 0)
            _pcm.clear()
            status = library.espeak_Synth(data, len(data), 0, 0, 0, _ESPEAK_CHARS_UTF8, None, None)
            library.espeak_Synchronize()
            pcm = bytes(_pcm)
            _pcm.clear()
        if status != 0 or not pcm:
            raise SynthesisError(f"espeak-ng made no audio (status {status}) for {text[:40]!r}")
        return AudioSegment(data=pcm, sample_width=2, frame_rate=_sample_rate_hz, channels=1)

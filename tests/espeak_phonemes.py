"""What espeak-ng would pronounce, as phonemes: shows where it would switch to another language.

espeak-ng marks a switch as '(en)…(ko)' in its phoneme output: that is the English voice a
listener would suddenly hear. Uses the engine's own library handle and lock (the library keeps
global state), and asks for phonemes only, so nothing is synthesized.
"""

import ctypes

from a11y.engines import espeak

_PHONEME_MNEMONICS = 0x01
_CHARS_UTF8 = 1


def phonemes(text: str, voice: str = "ko") -> str:
    with espeak._lock:
        library = espeak._load()
        library.espeak_SetVoiceByName(voice.encode())
        library.espeak_TextToPhonemes.restype = ctypes.c_char_p
        library.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
        remaining = ctypes.c_char_p(text.encode("utf-8"))
        pointer = ctypes.pointer(remaining)
        clauses = []
        while pointer.contents.value:  # one call per clause; the pointer moves on, then becomes NULL
            clause = library.espeak_TextToPhonemes(pointer, _CHARS_UTF8, _PHONEME_MNEMONICS)
            if clause:
                clauses.append(clause.decode("utf-8"))
    return " ".join(clauses)


def switches_language(text: str) -> bool:
    return "(en)" in phonemes(text)

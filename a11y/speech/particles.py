"""Particles written for the sound before them: 을/를, 은/는, 과/와, 으로/로.

When a step changes how a word ends (Fed는 → 연준은, $500억을 → 오백억 달러를), the particle
written for the old sound must follow the new one.
"""

import re

from a11y.speech.readings import PARTICLE_PAIRS

# Any particle of the pairs, longest first (으로 before 로).
PARTICLE = "|".join(sorted((particle for pair in PARTICLE_PAIRS for particle in pair), key=len, reverse=True))

_HANGUL_BASE = 0xAC00
_FINALS = 28
_FINAL_RIEUL = 8


def fit_particle(word: str, particle: str) -> str:
    """달러 + 을 → 를, 연준 + 는 → 은, 원 + 로 → 으로, 서울 + 으로 → 로; other particles as they are."""
    last = word[-1:] or " "
    final = (ord(last) - _HANGUL_BASE) % _FINALS if re.fullmatch("[가-힣]", last) else 0
    for after_vowel, after_consonant in PARTICLE_PAIRS:
        if particle in (after_vowel, after_consonant):
            # A word ending in ㄹ takes 로 as a vowel does.
            vowel_like = final == 0 or (final == _FINAL_RIEUL and after_vowel == "로")
            return after_vowel if vowel_like else after_consonant
    return particle

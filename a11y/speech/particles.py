"""Particles written for the sound before them: 을/를, 은/는, 과/와, 으로/로, 이/가.

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
# 이/가 only where it ends a word (NATO가, not the 이 of 이번); the other pairs may run on (으로서, 와의).
_SUBJECT_PAIR = ("가", "이")
_FOLLOWING_PARTICLE = re.compile(
    r"(?:(?P<particle>으로|로|을|를|은|는|과|와)|(?P<subject>이|가)(?![가-힣]))"
)


def fit_particle(word: str, particle: str) -> str:
    """달러 + 을 → 를, 연준 + 는 → 은, 원 + 로 → 으로, 서울 + 으로 → 로; other particles as they are."""
    last = word[-1:] or " "
    final = (ord(last) - _HANGUL_BASE) % _FINALS if re.fullmatch("[가-힣]", last) else 0
    for after_vowel, after_consonant in (*PARTICLE_PAIRS, _SUBJECT_PAIR):
        if particle in (after_vowel, after_consonant):
            # A word ending in ㄹ takes 로 as a vowel does.
            vowel_like = final == 0 or (final == _FINAL_RIEUL and after_vowel == "로")
            return after_vowel if vowel_like else after_consonant
    return particle


# A particle right after a changed word, as an optional named group for a step's pattern.
FOLLOWING_PARTICLE = r"(?P<particle>으로|로|을|를|은|는|과|와|(?:이|가)(?![가-힣]))?"


def refit_after(spoken: str, text: str, position: int) -> tuple[str, int]:
    """The particle at `text[position:]`, fitted to `spoken`, and where it ends ('', position if none)."""
    match = _FOLLOWING_PARTICLE.match(text, position)
    if match is None:
        return "", position
    return fit_particle(spoken, match.group(0)), match.end()

"""Spoken Korean: turns display text into the Hangul a news anchor would say.

Tables of readings (`readings`), number words (`numbers`), small pure steps (`text_steps`,
`number_steps`, `letter_steps`), the publisher lexicon (`lexicon`) and the machinery that
applies them in order (`normalizer`).
"""

from a11y.speech.lexicon import Lexicon, LexiconError, LexiconFile, load_lexicon
from a11y.speech.normalizer import (
    DEFAULT_STEPS,
    NORMALIZER_VERSION,
    Change,
    Explanation,
    Flag,
    Step,
    explain,
    flags_of,
    normalize,
    with_lexicon,
)

__all__ = [
    "DEFAULT_STEPS",
    "NORMALIZER_VERSION",
    "Change",
    "Explanation",
    "Flag",
    "Step",
    "explain",
    "flags_of",
    "Lexicon",
    "LexiconError",
    "LexiconFile",
    "load_lexicon",
    "normalize",
    "with_lexicon",
]

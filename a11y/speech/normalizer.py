"""The normalizer: display text in, the Hangul a news anchor would say out.

`normalize(text, steps)` applies a tuple of pure `str -> str` steps in order. The order matters:
page furniture goes first, then the publisher lexicon (it may name digits and capitals), then
numbers from the most specific shape to the most general, then letters, then marks.
"""

from collections.abc import Callable, Sequence

from a11y.speech.letter_steps import spell_acronyms
from a11y.speech.lexicon import Lexicon
from a11y.speech.number_steps import (
    read_clock_times,
    read_dates,
    read_dotted_numbers,
    read_fractions,
    read_hyphenated_numbers,
    read_numbers,
    read_phone_numbers,
    read_ranges,
    read_scores,
)
from a11y.speech.text_steps import (
    drop_brackets_and_quotes,
    drop_bullets,
    drop_copyright,
    drop_photo_metadata,
    drop_repeated_glosses,
    expand_symbols,
    read_ellipses,
    read_middle_dots,
    read_separators,
    tidy,
    unify_characters,
)

# Bump whenever a change to the steps, tables or their order could change any spoken text: it
# enters every segment's cache key, so old audio is never served for new words.
NORMALIZER_VERSION = "ko-1"

Step = Callable[[str], str]

DEFAULT_STEPS: tuple[Step, ...] = (
    unify_characters,
    drop_copyright,
    drop_photo_metadata,
    drop_bullets,
    expand_symbols,
    # the lexicon goes here (see with_lexicon)
    read_phone_numbers,
    read_dates,
    read_clock_times,
    read_scores,
    read_hyphenated_numbers,
    read_dotted_numbers,
    read_fractions,
    read_ranges,
    read_numbers,
    spell_acronyms,
    read_middle_dots,
    read_ellipses,
    drop_repeated_glosses,
    drop_brackets_and_quotes,
    read_separators,
    tidy,
)


def normalize(text: str, steps: Sequence[Step] = DEFAULT_STEPS) -> str:
    """The spoken form of `text`: each step applied in turn."""
    for step in steps:
        text = step(text)
    return text


def with_lexicon(lexicon: Lexicon, steps: Sequence[Step] = DEFAULT_STEPS) -> tuple[Step, ...]:
    """`steps` with the publisher lexicon placed before any digit or letter is read."""
    steps = tuple(steps)
    position = steps.index(read_phone_numbers) if read_phone_numbers in steps else 0
    return (*steps[:position], lexicon, *steps[position:])

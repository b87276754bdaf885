"""Skipping a step that has nothing to do: `@only_with("[0-9]")` runs a number step only on text
with a digit.

A text without a single digit (or Latin letter, or hanja) is common, and one scan for that
character in C is far cheaper than a step's patterns tried at every position; on a long text it is
most of the normalizer's time.
"""

import functools
import re
from collections.abc import Callable


def only_with(pattern: str) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """A step that returns its text untouched when `pattern` is nowhere in it."""
    needed = re.compile(pattern)

    def decorate(step: Callable[[str], str]) -> Callable[[str], str]:
        @functools.wraps(step)
        def guarded(text: str, *args, **kwargs) -> str:
            return step(text, *args, **kwargs) if needed.search(text) else text

        return guarded

    return decorate

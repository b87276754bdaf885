"""Reading a match once per context: `@context_cached(reach)` on a `re.sub` callback that reads
nothing of the text beyond `reach` characters either side of its match.

The callback's result is then a function of its match's groups and of those characters, so a
figure met again in the same surroundings (a market table, a list of counts, a long text made of
one repeated piece) is read from a small table instead of through the rules again. The table is
bounded: it is emptied when full, so memory stays small whatever the text.
"""

import functools
import re
from collections.abc import Callable

MAX_ENTRIES = 4096


def context_cached(reach: int) -> Callable[[Callable[[re.Match], str]], Callable[[re.Match], str]]:
    """A callback whose result is remembered by (its match's groups, the text `reach` characters
    around the match, where the match stands in it). Exact as long as the callback looks no further
    than `reach` characters before the match's start and after its end."""

    def decorate(callback: Callable[[re.Match], str]) -> Callable[[re.Match], str]:
        table: dict = {}

        @functools.wraps(callback)
        def cached(match: re.Match) -> str:
            start, end = match.span()
            low = start - reach if start > reach else 0
            key = (match.string[low : end + reach], start - low, match.groups())
            spoken = table.get(key)
            if spoken is None:
                if len(table) >= MAX_ENTRIES:
                    table.clear()
                spoken = table[key] = callback(match)
            return spoken

        return cached

    return decorate

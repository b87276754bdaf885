"""Reading a match once per context: `@context_cached(reach)` on a `re.sub` callback that reads
nothing of the text beyond `reach` characters either side of its match.

The callback's result is then a function of its match's groups and of those characters, so a
figure met again in the same surroundings (a market table, a list of counts, a long text made of
one repeated piece) is read from a small table instead of through the rules again. The table is
bounded: it is emptied when full, so memory stays small whatever the text.

A key costs about half of what a cheap callback does (a slice of some fifty characters, hashed), so
where surroundings do not repeat (random market figures, prose) the table would only cost: when
fewer than half of a sample of lookups find their key, the matches after it are read without the
table for a while, then it is tried again.
"""

import functools
import re
from collections.abc import Callable

MAX_ENTRIES = 4096
SAMPLE_LOOKUPS = 256
MIN_HITS = SAMPLE_LOOKUPS // 2
MATCHES_WITHOUT_TABLE = 4096


def context_cached(reach: int) -> Callable[[Callable[[re.Match], str]], Callable[[re.Match], str]]:
    """A callback whose result is remembered by (its match's groups, the text `reach` characters
    around the match, where the match stands in it). Exact as long as the callback looks no further
    than `reach` characters before the match's start and after its end."""

    def decorate(callback: Callable[[re.Match], str]) -> Callable[[re.Match], str]:
        table: dict = {}
        # Shared by threads without a lock: a lost update only moves when the table is next tried.
        lookups = hits = skipping = 0

        @functools.wraps(callback)
        def cached(match: re.Match) -> str:
            nonlocal lookups, hits, skipping
            if skipping > 0:
                skipping -= 1
                return callback(match)
            start, end = match.span()
            low = start - reach if start > reach else 0
            key = (match.string[low : end + reach], start - low, match.groups())
            spoken = table.get(key)
            if spoken is None:
                if len(table) >= MAX_ENTRIES:
                    table.clear()
                spoken = table[key] = callback(match)
            else:
                hits += 1
            lookups += 1
            if lookups >= SAMPLE_LOOKUPS:
                if hits < MIN_HITS:
                    skipping = MATCHES_WITHOUT_TABLE
                lookups = hits = 0
            return spoken

        return cached

    return decorate

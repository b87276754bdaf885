"""What the normalizer changed, word by word: the display text with the words it replaced in <del>,
the spoken text with the words it said instead in <ins>."""

import re
from bisect import bisect_left
from collections import Counter

from markupsafe import Markup, escape

_WORD = re.compile(r"\s*\S+\s*|\s+")
MAX_DEPTH = 32  # nested regions deeper than this are shown as one change: the cost stays linear


def marked_changes(display: str, spoken: str) -> tuple[Markup, Markup, int]:
    """(display with <del>, spoken with <ins>, how many places changed). Escaped; safe to show."""
    before, after = _WORD.findall(display), _WORD.findall(spoken)
    shown, said, places = [], [], 0
    for operation, b_start, b_end, a_start, a_end in word_opcodes([w.strip() for w in before], [w.strip() for w in after]):
        if operation == "equal":
            shown.append(escape("".join(before[b_start:b_end])))
            said.append(escape("".join(after[a_start:a_end])))
            continue
        places += 1
        shown.append(_wrapped("del", before[b_start:b_end]))
        said.append(_wrapped("ins", after[a_start:a_end]))
    return Markup("").join(shown), Markup("").join(said), places


def _wrapped(tag: str, words: list[str]) -> Markup:
    """The words in one element, the spaces around them outside it."""
    text = "".join(words)
    if not text.strip():
        return escape(text)
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return escape(lead) + Markup(f"<{tag}>{{}}</{tag}>").format(core) + escape(trail)


def word_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes ("equal" or "replace"; a replace may be empty on one side), by patience
    diff: words found once on each side anchor the alignment. O(n log n), so a long paragraph with
    many repeated words costs no more than a short one (difflib's matcher is quadratic there)."""
    codes: list[tuple[str, int, int, int, int]] = []
    _align(a, b, 0, len(a), 0, len(b), codes, 0)
    merged: list[tuple[str, int, int, int, int]] = []
    for code in codes:
        if merged and merged[-1][0] == code[0]:
            kind, a0, _a1, b0, _b1 = merged[-1]
            merged[-1] = (kind, a0, code[2], b0, code[4])
        elif code[1] != code[2] or code[3] != code[4]:
            merged.append(code)
    return merged


def _align(a, b, a0, a1, b0, b1, codes, depth) -> None:
    start_a, start_b = a0, b0
    while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
        a0, b0 = a0 + 1, b0 + 1
    codes.append(("equal", start_a, a0, start_b, b0))
    end_a, end_b = a1, b1
    while a1 > a0 and b1 > b0 and a[a1 - 1] == b[b1 - 1]:
        a1, b1 = a1 - 1, b1 - 1
    anchors = _unique_common(a, b, a0, a1, b0, b1) if depth < MAX_DEPTH else []
    if not anchors:
        codes.append(("replace", a0, a1, b0, b1))
    else:
        for i, j in anchors:
            _align(a, b, a0, i, b0, j, codes, depth + 1)
            codes.append(("equal", i, i + 1, j, j + 1))
            a0, b0 = i + 1, j + 1
        _align(a, b, a0, a1, b0, b1, codes, depth + 1)
    codes.append(("equal", a1, end_a, b1, end_b))


def _unique_common(a, b, a0, a1, b0, b1) -> list[tuple[int, int]]:
    """Pairs (i, j) of words that occur once in a[a0:a1] and once in b[b0:b1], the longest run of
    them in the same order on both sides."""
    count_a, count_b = Counter(a[a0:a1]), Counter(b[b0:b1])
    where_b = {b[j]: j for j in range(b0, b1) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(a0, a1) if count_a[a[i]] == 1 and a[i] in where_b]
    # Longest increasing subsequence of j (patience sorting), with back links to rebuild it.
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        place = bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[place], tail_at[place] = j, index
        back[index] = tail_at[place - 1] if place else -1
    run, index = [], tail_at[-1] if tail_at else -1
    while index != -1:
        run.append(pairs[index])
        index = back[index]
    return run[::-1]

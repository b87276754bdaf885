"""Korean news text as sentences: where a reader's eye and a listener's ear take a breath.

`split_sentences` is pure and linear in its input. A sentence ends at terminal punctuation
(`다.`, `요.`, `까?`, `!`, `。`…), with any closing quotes or brackets after it, followed by a space or
the end of the text. It does not end inside a quote or a bracket (`"좋습니다. 고맙습니다"라고`), after
a number (`3.5`, `2024. 3. 5.`, `1. 첫째`), after a Latin abbreviation or initial (`Mr.`, `U.S.`,
`J. K.`), or at an ellipsis (`...`, `…`), which trails a thought rather than ending it.

Whitespace is collapsed to single spaces, so `" ".join(split_sentences(t)) == " ".join(t.split())`.
"""

import re

TERMINALS = frozenset(".?!…。？！")
STRONG_TERMINALS = frozenset("?!？！")  # a question or exclamation ends a sentence even after a number
OPENERS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "【": "】"}
CLOSERS = frozenset(OPENERS.values()) | {'"', "'"}
STRAIGHT_QUOTES = ('"', "'")
# A quote or bracket this long is more likely a stray mark paired with a far one than one quotation:
# it no longer holds its sentences together.
MAX_HELD_CHARS = 600
LATIN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st vs etc no co inc ltd jr sr corp gov sen rep gen lt col sgt capt mt ft dept univ "
    "jan feb mar apr jun jul aug sep sept oct nov dec approx est fig vol op ed".split()
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
_LATIN_TAIL = re.compile(r"[A-Za-z.]+$")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, whitespace collapsed; [] for blank text."""
    flat = " ".join(text.split())
    if not flat:
        return []
    held = _held_depth(flat)
    sentences: list[str] = []
    start = 0
    at = 0
    while at < len(flat):
        if flat[at] not in TERMINALS:
            at += 1
            continue
        run_end = at
        while run_end < len(flat) and flat[run_end] in TERMINALS:
            run_end += 1
        end = run_end
        while end < len(flat) and flat[end] in CLOSERS:
            end += 1
        if (end == len(flat) or flat[end] == " ") and held[end] == 0 and _ends_sentence(flat, at, run_end):
            if end < len(flat):  # the end of the text is the end of the last sentence anyway
                sentences.append(flat[start:end])
                start = end + 1
        at = end if end > at else at + 1
    if start < len(flat):
        sentences.append(flat[start:])
    return sentences


def _ends_sentence(flat: str, run_start: int, run_end: int) -> bool:
    """Whether the terminal run flat[run_start:run_end] ends a sentence (its context decides)."""
    run = flat[run_start:run_end]
    if any(mark in STRONG_TERMINALS for mark in run):
        return True
    if "…" in run or len(run) > 1:  # an ellipsis trails off; '..' is one typed short
        return False
    before = flat[run_start - 1] if run_start else " "
    if before.isdigit():  # 3.5 is no end; nor 2024. 3. 5. nor a numbered '1.'
        return False
    if before.isascii() and before.isalpha():
        word = _LATIN_TAIL.search(flat, max(0, run_start - 40), run_start)
        token = word.group().strip(".") if word else before
        if token.lower() in LATIN_ABBREVIATIONS or (_INITIALS.fullmatch(token) and len(token.replace(".", "")) <= 3):
            return False
    return True


def _held_depth(flat: str) -> list[int]:
    """For each position (and one past the end), how many quotes or brackets hold it.

    Openers pair with closers by a stack per kind; straight quotes pair in turn (first with second);
    a mark left without its pair, or a pair that spans more than MAX_HELD_CHARS, holds nothing.
    """
    change = [0] * (len(flat) + 2)
    stacks: dict[str, list[int]] = {opener: [] for opener in OPENERS}
    closer_of = {closer: opener for opener, closer in OPENERS.items()}
    straight: dict[str, int | None] = dict.fromkeys(STRAIGHT_QUOTES)
    for at, char in enumerate(flat):
        if char in OPENERS:
            stacks[char].append(at)
        elif char in closer_of:
            if stacks[closer_of[char]]:
                _hold(change, stacks[closer_of[char]].pop(), at)
        elif char in straight:
            if char == "'" and 0 < at < len(flat) - 1 and flat[at - 1].isalnum() and flat[at + 1].isalnum():
                continue  # an apostrophe inside a word (don't, rock'n'roll) is no quote
            opened = straight[char]
            if opened is None:
                straight[char] = at
            else:
                _hold(change, opened, at)
                straight[char] = None
    depth, held = 0, []
    for delta in change[: len(flat) + 1]:
        depth += delta
        held.append(depth)
    return held


def _hold(change: list[int], opened: int, closed: int) -> None:
    """Positions opened+1 .. closed (the closing mark itself included) are held."""
    if closed - opened <= MAX_HELD_CHARS:
        change[opened + 1] += 1
        change[closed + 1] -= 1

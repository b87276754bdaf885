"""The normalizer: display text in, the Hangul a news anchor would say out.

`normalize(text, steps)` applies a tuple of pure `str -> str` steps in order. The order matters:
page furniture goes first, then the publisher lexicon (it may name digits and capitals), then
numbers from the most specific shape to the most general, then letters, then marks.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from a11y.speech.hanja_steps import drop_glosses, read_hanja
from a11y.speech.letter_steps import (
    read_e_prefix,
    read_k_compounds,
    read_names,
    read_product_names,
    read_quarters_and_halves,
    read_roman_numerals,
    read_versus,
    spell_acronyms,
)
from a11y.speech.lexicon import Lexicon
from a11y.speech.number_steps import (
    read_clock_times,
    read_compound_units,
    read_currency_codes,
    read_dates,
    read_dotted_numbers,
    read_fractions,
    read_hyphenated_numbers,
    read_named_dates,
    read_numbers,
    read_phone_numbers,
    read_ranges,
    read_scores,
    read_set_numbers,
    read_signs,
)
from a11y.speech.text_steps import (
    drop_addresses,
    drop_ages,
    drop_brackets_and_quotes,
    drop_bullets,
    drop_bylines,
    drop_copyright,
    drop_photo_metadata,
    drop_repeated_glosses,
    drop_silent_signs,
    expand_symbols,
    read_ellipses,
    read_leftovers,
    read_middle_dots,
    read_separators,
    tidy,
    unify_characters,
)

# Bump whenever a change to the steps, tables or their order could change any spoken text: it
# enters every segment's cache key, so old audio is never served for new words.
NORMALIZER_VERSION = "ko-3"

Step = Callable[[str], str]

DEFAULT_STEPS: tuple[Step, ...] = (
    unify_characters,
    drop_copyright,
    drop_photo_metadata,
    drop_addresses,
    drop_bylines,
    drop_silent_signs,
    read_signs,
    drop_bullets,
    expand_symbols,
    # the publisher lexicon goes here (see with_lexicon): it may name hanja, digits and capitals
    drop_glosses,
    read_hanja,
    read_quarters_and_halves,
    read_product_names,
    read_names,
    read_k_compounds,
    read_e_prefix,
    read_roman_numerals,
    read_versus,
    drop_ages,
    read_phone_numbers,
    read_named_dates,
    read_dates,
    read_clock_times,
    read_scores,
    read_hyphenated_numbers,
    read_dotted_numbers,
    read_set_numbers,
    read_fractions,
    read_currency_codes,
    read_compound_units,
    read_ranges,
    read_numbers,
    spell_acronyms,
    read_middle_dots,
    read_ellipses,
    drop_repeated_glosses,
    drop_brackets_and_quotes,
    read_separators,
    read_leftovers,
    tidy,
)


def normalize(text: str, steps: Sequence[Step] = DEFAULT_STEPS) -> str:
    """The spoken form of `text`: each step applied in turn (the same as `explain(text).spoken`)."""
    for step in steps:
        text = step(text)
    return text


@dataclass(frozen=True)
class Change:
    """One step that changed the text: its name, the text before it and after it."""

    step: str
    before: str
    after: str


@dataclass(frozen=True)
class Flag:
    """Something left in spoken text for the voice to guess.

    kind is one of FLAG_KINDS; text is the offending characters; message explains it to an editor.
    """

    kind: str
    text: str
    message: str


@dataclass(frozen=True)
class Explanation:
    """How a text became spoken: the result, each step that changed it, and what is left to guess."""

    spoken: str
    changes: tuple[Change, ...]
    flags: tuple[Flag, ...]

    def as_dict(self) -> dict:
        return {
            "spoken": self.spoken,
            "steps": [{"step": c.step, "before": c.before, "after": c.after} for c in self.changes],
            "flags": [flag_dict(flag) for flag in self.flags],
        }


def flag_dict(flag: Flag) -> dict:
    return {"kind": flag.kind, "text": flag.text, "message": flag.message}


def explain(text: str, steps: Sequence[Step] = DEFAULT_STEPS) -> Explanation:
    """`normalize`, step by step: every step that changed the text, and the flags of the result."""
    changes = []
    for step in steps:
        before, text = text, step(text)
        if text != before:
            changes.append(Change(step_name(step), before, text))
    return Explanation(text, tuple(changes), flags_of(text))


def step_name(step: Step) -> str:
    """A step's name as an editor sees it: the function's name, or 'lexicon' for the publisher's."""
    name = getattr(step, "__name__", None)
    return name if isinstance(name, str) else type(step).__name__.lower()


FLAG_KINDS = ("hanja", "symbol", "latin", "acronym", "digits", "particle")

# What a voice reads without guessing: Hangul syllables, spaces and the pauses . , ? !
_HANJA = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_DIGITS = re.compile(r"[0-9]+")
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![a-z])")
_LATIN = re.compile(r"[A-Za-z]+(?:['’.-][A-Za-z]+)*")
# Anything but Hangul, jamo, Latin letters, digits, hanja, spaces and . , ? ! is a symbol here.
_SYMBOL = re.compile(
    r"[^가-힣\u1100-\u11ff\u3131-\u318eA-Za-z0-9\s.,?!"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+"
)
# Particles written for the wrong sound: 를 after a final consonant, 으로 after a vowel or ㄹ.
_WRONG_PARTICLE = re.compile(r"(?P<word>[가-힣])(?P<particle>를|으로)(?![가-힣])")

_FLAG_MESSAGES = {
    "hanja": "한자가 남아 있습니다. 음성이 건너뛰거나 중국어·일본어로 읽을 수 있으니 한글 읽기를 적어 주세요.",
    "digits": "숫자가 남아 있습니다. 음성이 읽는 방식을 알 수 없으니 한글로 읽기를 정해 주세요.",
    "acronym": "대문자 약어가 남아 있습니다. 음성이 영어로 읽거나 철자를 부를 수 있으니 사전에 읽기를 등록해 주세요.",
    "latin": "로마자 단어가 남아 있습니다. 음성이 영어로 바꿔 읽을 수 있으니 필요하면 사전에 한글 읽기를 등록해 주세요.",
    "symbol": "기호가 남아 있습니다. 음성이 건너뛰거나 엉뚱하게 읽을 수 있습니다.",
    "particle": "조사가 앞말의 받침과 맞지 않습니다(을/를, 으로/로).",
}


def flags_of(spoken: str) -> tuple[Flag, ...]:
    """What is left in spoken text for the voice to guess, in the order it appears, each once."""
    found: list[tuple[int, Flag]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, start: int, text: str) -> None:
        if (kind, text) not in seen:
            seen.add((kind, text))
            found.append((start, Flag(kind, text, _FLAG_MESSAGES[kind])))

    for match in _HANJA.finditer(spoken):
        add("hanja", match.start(), match.group(0))
    for match in _DIGITS.finditer(spoken):
        add("digits", match.start(), match.group(0))
    for match in _LATIN.finditer(spoken):
        word = match.group(0)
        add("acronym" if _ACRONYM.search(word) else "latin", match.start(), word)
    for match in _SYMBOL.finditer(spoken):
        add("symbol", match.start(), match.group(0))
    for match in _WRONG_PARTICLE.finditer(spoken):
        if _wrong_particle(match["word"], match["particle"]):
            add("particle", match.start(), match.group(0))
    return tuple(flag for _start, flag in sorted(found, key=lambda item: item[0]))


def _wrong_particle(syllable: str, particle: str) -> bool:
    final = (ord(syllable) - 0xAC00) % 28
    if particle == "를":
        return final != 0
    return final in (0, 8)  # 으로 after a vowel or ㄹ


def with_lexicon(lexicon: Lexicon, steps: Sequence[Step] = DEFAULT_STEPS) -> tuple[Step, ...]:
    """`steps` with the publisher lexicon placed before any digit or letter is read."""
    steps = tuple(steps)
    position = steps.index(drop_glosses) if drop_glosses in steps else 0
    return (*steps[:position], lexicon, *steps[position:])

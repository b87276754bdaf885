"""Numbers as Korean words: Sino-Korean (일, 이, 삼), native (한, 두, 세), digits, months.

Sino-Korean cardinals are ours, by groups of four digits (만, 억, 조; 만 rather than 일만), and
equal num2words' Korean for every number up to 20,000 and 20,000 random ones up to 10^16
(tests/test_speech_property.py), at a hundredth of its time: a long article holds thousands of
numbers. Native numbers are ours too (num2words' native ordinals are wrong: 스물 번째 for 20th).
"""

from functools import lru_cache

from a11y.speech.readings import (
    DECIMAL_POINT,
    FIRST_ORDINAL,
    MONTHS,
    NATIVE_BOUND_ONES,
    NATIVE_MAX,
    NATIVE_TENS,
    NATIVE_TWENTY_BOUND,
    SINO_DIGITS,
)


# Past 경 (10^16) no one says a number by its name: it is read digit by digit, which also keeps
# what one digit may become to one syllable.
SINO_MAX = 10**16 - 1


def sino(number: int) -> str:
    """124476000 → 일억 이천사백사십칠만 육천; 10000 → 만; 0 → 영; past SINO_MAX, digit by digit."""
    if number < 0:
        raise ValueError(f"a cardinal is not negative: {number}")
    if number > SINO_MAX:
        return digits(str(number))
    return SINO_DIGITS[0] if number == 0 else _sino(number)


_GROUP_NAMES = ("", "만", "억", "조")
_PLACE_NAMES = ("", "십", "백", "천")


@lru_cache(maxsize=4096)
def _sino(number: int) -> str:
    """Sino-Korean by groups of four digits; 일 is not said before 십, 백, 천, nor before a lone 만.

    Our own because num2words takes ~0.1 ms a number; checked against it (see the module docstring).
    """
    groups = []
    for index in range(len(_GROUP_NAMES)):
        number, group = divmod(number, 10_000)
        if group:
            spoken = _four_digits(group)
            if index == 1 and group == 1:
                spoken = ""  # 10000 is 만, not 일만
            groups.append(spoken + _GROUP_NAMES[index])
        if not number:
            break
    return " ".join(reversed(groups))


def _four_digits(group: int) -> str:
    spoken = []
    for place in (3, 2, 1, 0):
        digit = group // 10**place % 10
        if digit:
            spoken.append(("" if digit == 1 and place else SINO_DIGITS[digit]) + _PLACE_NAMES[place])
    return "".join(spoken)


def native(number: int) -> str:
    """The bound native form a counter takes: 1 → 한, 20 → 스무, 21 → 스물한, 99 → 아흔아홉."""
    if not 1 <= number <= NATIVE_MAX:
        raise ValueError(f"native Korean numbers run from 1 to {NATIVE_MAX}, not {number}")
    tens, ones = divmod(number, 10)
    if tens == 2 and ones == 0:
        return NATIVE_TWENTY_BOUND
    return NATIVE_TENS[tens] + NATIVE_BOUND_ONES[ones]


def native_ordinal(number: int) -> str:
    """What comes before 번째: 1 → 첫, 2 → 두, 20 → 스무, 21 → 스물한."""
    return FIRST_ORDINAL if number == 1 else native(number)


def digits(text: str, names: str = SINO_DIGITS) -> str:
    """Each digit by its name, as in decimals (54 → 오사) or phone numbers (with 공 for zero)."""
    return "".join(names[int(char)] for char in text if char.isdigit())


def decimal(text: str) -> str:
    """A written number without sign: '1,234' → 천이백삼십사, '1.54' → 일 점 오사."""
    whole, _, fraction = text.replace(",", "").partition(".")
    spoken = digits(whole) if len(whole) > len(str(SINO_MAX)) else sino(int(whole or "0"))
    return f"{spoken} {DECIMAL_POINT} {digits(fraction)}" if fraction else spoken


def month(number: int) -> str:
    """6 → 유월, 10 → 시월; a number that is no month is read as number and 월."""
    return MONTHS[number] if 1 <= number <= 12 else f"{sino(number)}월"

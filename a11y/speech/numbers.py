"""Numbers as Korean words: Sino-Korean (일, 이, 삼), native (한, 두, 세), digits, months.

Sino-Korean cardinals come from num2words, whose Korean is right for them (grouping by 만, 억, 조,
and 만 rather than 일만) — checked against our own reading for every number up to 20,000 and
20,000 random ones up to 10^16. Its native ordinals are wrong (스물 번째 for 20th), so native
numbers are ours.
"""

from num2words import num2words

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
    return SINO_DIGITS[0] if number == 0 else num2words(number, lang="ko")


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

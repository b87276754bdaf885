"""Steps that read digits: phone numbers, dates, clock times, scores, fractions, ranges, amounts.

They run from the most specific shape to the most general, so `2024-11-05` is a date before its
digits could be read as three numbers, and `read_numbers` only sees what no earlier step claimed.
"""

import re

from a11y.speech import numbers
from a11y.speech.alternation import alternation
from a11y.speech.context_cache import MAX_ENTRIES, context_cached
from a11y.speech.skipping import only_with
from a11y.speech.particles import FOLLOWING_PARTICLE, PARTICLE, fit_particle
from a11y.speech.readings import (
    APPROXIMATELY,
    BELOW_ZERO,
    COUNTED_UNITS,
    CURRENCY_CODES,
    CURRENCY_SIGNS,
    DEGREE_UNITS,
    ARROWS_AFTER,
    COUNTS_AFTER_NOUNS,
    DIGIT_BY_DIGIT_BEFORE,
    DIRECTION_WORDS,
    MONTHS_COUNTED_AFTER,
    MORE_LESS_NOUNS,
    SERVICE_CUES_BEFORE,
    VULGAR_FRACTIONS,
    MACHINE_NOUNS,
    MACHINE_VERBS,
    MORE_CURRENCY_SIGNS,
    MORE_LESS,
    MORE_NATIVE_COUNTERS,
    MORE_UNIT_WORDS,
    NAMED_DATE_CUES,
    NAMED_DATES,
    PER,
    PLUS_MINUS,
    RISE_FALL,
    SERVICE_CUES,
    SERVICE_NUMBERS,
    SIGN_WORDS,
    SINO_AFTER_WORDS,
    SINO_BEFORE_WORDS,
    SINO_ONLY_COUNTERS,
    SPEED_PREFIXES,
    VAGUE_NUMBERS,
    DATE_CUE_WORDS,
    DESIGNATED_BY_NUMBER,
    LARGE_UNITS,
    LOT_NUMBER_WORDS,
    MIDDLE_DOTS,
    MINUS,
    MONTH_COUNTER,
    NATIVE_COUNTERS,
    NATIVE_MAX,
    PARTICLES_AFTER_COUNT,
    PHONE_DIGITS,
    PLUS,
    SCORE_CUE_WORDS,
    SINO_COUNTERS,
    SPACED_UNITS,
    UNIT_WORDS,
    WEEKDAYS,
)

# The tables of issue 4 and of issue 12, read as one.
UNITS = {**UNIT_WORDS, **MORE_UNIT_WORDS}
CURRENCIES = {**CURRENCY_SIGNS, **MORE_CURRENCY_SIGNS}
NATIVE = frozenset((*NATIVE_COUNTERS, *MORE_NATIVE_COUNTERS))
# How far a step looks around a number for the words that decide its reading (bounded, so a long
# text costs no more than its length).
CONTEXT_CHARS = 24

# A written number: 4, 2024, 124,476,000, 1.54.
# Possessive: a number is always read whole, so a pattern that fails after it never retries it
# shorter (a 200,000-digit run costs one pass, not one per digit).
_NUM = r"(?:\d{1,3}+(?:,\d{3})++|\d++)(?:\.\d++)?"
# An amount: digits with Korean large units, 3조5000억, 1만 2000, 3천; or a plain number.
# Never starting inside a longer amount ('3조5000억': not again at 5000), so that a pattern that
# fails after an amount tries each amount once: linear, however long a run of '1만1만1만…'.
_AMOUNT = (
    # (?=\d) first: at most places there is no digit, and the look-behinds after it are not tried.
    r"(?=\d)(?<!\d[조억만천백])(?<!\d[조억만천]\s)(?<!\d[천백][조억만])(?<!\d[천백][조억만]\s)"
    # The first number, then each unit and the number after it: the same as (number unit)* number,
    # without reading the last number twice (once as a part that finds no unit after it).
    rf"{_NUM}(?:[천백]?[조억만]\s?{_NUM})*(?:[천백]?[조억만]|[천백](?=[조억만]|원|달러|명|\s?[가-힣]))?"
)
_AMOUNT_PART = re.compile(rf"(?P<num>{_NUM})(?P<thousand>[천백])?(?P<unit>[조억만])?")


def _alternation(words) -> str:
    # A trie, so 시간 wins over 시 and %p over %, at one try a character (see alternation.py).
    return alternation(words)


_LATIN_UNITS = [unit for unit in UNITS if unit[0].isascii() and unit[0].isalpha()]
_OTHER_UNITS = [unit for unit in UNITS if unit not in _LATIN_UNITS]
# What may follow a number as its counter. A Latin unit must end its word: 5G is no 5 grams.
_COUNTER = (
    rf"(?:{_alternation([*NATIVE, *SINO_COUNTERS, *SINO_ONLY_COUNTERS, MONTH_COUNTER, *_OTHER_UNITS])}"
    rf"|(?:{_alternation(_LATIN_UNITS)})(?![A-Za-z]))"
)
_UNIT = rf"(?:{_alternation(_OTHER_UNITS)}|(?:{_alternation(_LATIN_UNITS)})(?![A-Za-z]))"
_CURRENCY = _alternation(CURRENCIES)
# The first characters a currency may start with, as one class: a look-ahead with a class costs one
# test a position, where the currencies' alternation costs one a branch.
_CURRENCY_FIRST = "".join(sorted({re.escape(sign[0]) for sign in CURRENCIES}))


@only_with('[0-9]')
def read_phone_numbers(text: str) -> str:
    """02-123-4567 → 공이, 일이삼, 사오육칠; 112에 신고 → 일일이에 신고, 1330 콜센터 → 일삼삼공 콜센터:
    digit by digit, zero as 공."""
    # Each pattern only where the text can hold its shape (a scan in C; see _needs).
    if _PHONE_MARK.search(text):
        text = _PHONE.sub(_phone_number, text)
    if not _SERVICE_DIGITS.search(text):
        return text
    return _SERVICE.sub(_service_number, text)


def _service_number(match: re.Match) -> str:
    """A service's number digit by digit where a word after (112 신고) or before (콜센터 1339) says so."""
    before = match.string[max(0, match.start() - CONTEXT_CHARS) : match.start()]
    words = _HANGUL_WORDS.findall(before)
    cued_before = bool(words) and before.rstrip().endswith(words[-1]) and any(cue in words[-1] for cue in SERVICE_CUES_BEFORE)
    if match["cue"] is None and not cued_before:
        return match.group(0)
    return numbers.digits(match["number"], PHONE_DIGITS)


def _phone_number(match: re.Match) -> str:
    # A pause between the groups, as a listener writing the number down needs.
    return ", ".join(numbers.digits(group, PHONE_DIGITS) for group in match.groups() if group)


_PHONE = re.compile(
    r"(?=[\d(])(?<![\d-])(?:\(?(0\d{1,2})[-)]\s?(\d{3,4})[-.](\d{4})|(1[5-9]\d{2})-(\d{4})|(0\d{1,2})\.(\d{3,4})\.(\d{4}))(?![\d-])"
)
# What a pattern cannot match without, as patterns that start with a plain character or class: the
# engine finds those in C, where a pattern starting with a look-ahead is tried at every position.
_PHONE_MARK = re.compile(r"\d(?:[-)]|\.\d{3})")
_SERVICE_DIGITS = re.compile(_alternation(SERVICE_NUMBERS))
_SERVICE = re.compile(
    rf"(?=\d)(?<![\d.,])(?P<number>{_alternation(SERVICE_NUMBERS)})(?![\d.,])(?!번째)"
    rf"(?:(?=\s?(?P<cue>{_alternation(SERVICE_CUES)}))|(?!\s?(?:{_COUNTER})))"
)


@only_with('[0-9]')
def read_dates(text: str) -> str:
    """2024-11-05 / 2024.11.05 / 2024. 11. 5. → 이천이십사 년 십일월 오 일; '11.13 장종료' → 십일월 십삼 일
    장종료; 11.14(목) and 14일(목) end in 목요일."""
    if _YEAR_AND_MARK.search(text):
        text = _YEAR_MONTH_DAY.sub(_year_month_day, text)
        if "월" in text:
            text = _YEAR_MONTH.sub(lambda match: f"{numbers.sino(int(match['year']))} 년 {int(match['month'])}", text)
    # A month and day need a weekday in brackets, a word that cues a date, or a slash after them.
    if _DAY_MARK.search(text) and ("(" in text or "/" in text or _DATE_CUE.search(text)):
        text = _MONTH_DAY.sub(lambda match: _month_day(int(match["month"]), int(match["day"]), match["weekday"]), text)
    if not _DAY_BEFORE_WEEKDAY.search(text):
        return text
    return _DAY_WEEKDAY.sub(lambda match: f"{match['day']} {WEEKDAYS[match['weekday']]}", text)


_YEAR_AND_MARK = re.compile(r"(?:19|20)\d\d[-./]")
_DAY_MARK = re.compile(r"[./](?<=\d[./])")  # \d[./], the mark first
_DATE_CUE = re.compile(_alternation(DATE_CUE_WORDS))
_DAY_BEFORE_WEEKDAY = re.compile(r"일\s?\(")
_WEEKDAY = rf"\s?\((?P<weekday>[{''.join(WEEKDAYS)}])(?:요일)?\)"
_YEAR_MONTH_DAY = re.compile(
    r"(?=\d)(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<sep>-|\.\s?|/)(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?:\.(?=\s+\S))?(?![\d])"  # '2024. 11. 5. 발표': the closing dot belongs to the date
    rf"(?:{_WEEKDAY})?"
)
# Month and day with a dot are a date only where a date is expected (market tickers, a weekday).
_MONTH_DAY = re.compile(
    r"(?=\d)(?<![\d.,/])(?P<month>1[0-2]|0?[1-9])(?P<sep>[./])(?P<day>3[01]|[12]\d|0?[1-9])(?![\d./])"
    rf"(?:{_WEEKDAY}|(?=\s?(?:{_alternation(DATE_CUE_WORDS)}))"
    # 12/25부터 1/5까지: a slash date before the words that bound a period
    r"|(?<=/\d)(?=부터|까지|~|에서)|(?<=/\d\d)(?=부터|까지|~|에서))"
)
# 2026.3월 → 2026년 3월 (then read): a year and a month with a dot.
_YEAR_MONTH = re.compile(r"(?=\d)(?<![\d.,])(?P<year>(?:19|20)\d{2})\.\s?(?P<month>1[0-2]|0?[1-9])(?=월)")
_DAY_WEEKDAY = re.compile(rf"(?=\d)(?<![\d.])(?P<day>\d{{1,2}}일){_WEEKDAY}")


def _year_month_day(match: re.Match) -> str:
    month, day = int(match["month"]), int(match["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return f"{numbers.sino(int(match['year']))} 년 {_month_day(month, day, match['weekday'])}"


def _month_day(month: int, day: int, weekday: str | None = None) -> str:
    spoken = f"{numbers.month(month)} {numbers.sino(day)} 일"
    return f"{spoken} {WEEKDAYS[weekday]}" if weekday else spoken


# The mark first, then the digit before it: the engine jumps to a mark in C, where a pattern that
# starts with a digit stops at every digit (the guards of the steps below are written so too).
@only_with(rf"[{MIDDLE_DOTS}.](?<=\d[{MIDDLE_DOTS}.])")
def read_named_dates(text: str) -> str:
    """5·18 → 오일팔, 6.25 전쟁 → 육이오 전쟁, 12·12 → 십이십이: dates that name events."""
    return _NAMED_DATE.sub(_named_date, text)


_NAMED_DATE = re.compile(
    rf"(?=\d)(?<![\d.,])(?P<month>1[0-2]|[1-9])(?P<sep>[{MIDDLE_DOTS}]|\.(?=\d{{1,2}}\s?(?:{_alternation(NAMED_DATE_CUES)})))"
    r"(?P<day>3[01]|[12]\d|[1-9])(?![\d.,])"
)


def _named_date(match: re.Match) -> str:
    written = f"{match['month']}·{match['day']}"
    return NAMED_DATES.get(written) or numbers.sino(int(match["month"])) + numbers.digits(match["day"])


@only_with('[0-9]')
def read_set_numbers(text: str) -> str:
    """Numbers said as a set phrase: 86세대 팔육 세대, 97학번 구칠 학번, 2030세대 이삼십 세대."""
    # Every pattern here needs two digits in a row, and none of them writes a digit.
    if not _TWO_DIGITS.search(text):
        return text
    # Each pattern only where the text holds what it cannot match without (a scan in C).
    if _DECADE_DIGITS.search(text):
        text = _DECADE_PAIR.sub(lambda m: f"{numbers.sino(int(m['first']))}{numbers.sino(int(m['second']) * 10)}", text)
    if _DIGIT_WORD_CUE.search(text):
        text = _DIGIT_WORD.sub(_digit_word, text)
    if "'" in text or "’" in text:
        text = _SHORT_YEAR.sub(_short_year, text)
    if not _ZERO_YEAR_MARK.search(text):
        return text
    return _LEADING_ZERO_YEAR.sub(lambda match: numbers.digits(match["number"], PHONE_DIGITS), text)


_TWO_DIGITS = re.compile(r"\d\d")
_DECADE_DIGITS = re.compile(r"[1-9]0[1-9]0")
_DIGIT_WORD_CUE = re.compile(_alternation(DIGIT_BY_DIGIT_BEFORE))
_ZERO_YEAR_MARK = re.compile(r"0\d\s?[년학]")
# '24 총선: a year written with its last two digits, read as the whole year ('97 천구백구십칠 년).
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](?P<number>\d{2})(?=\s)")
# 02년생 공이 년생, 05학번 공오 학번: two digits with a leading zero.
_LEADING_ZERO_YEAR = re.compile(r"(?=\d)(?<![\d.,])(?P<number>0\d)(?=\s?(?:년생|년도|학번|년))")
# A year past this (as two digits) is of the last century: '97 is 1997, '24 is 2024.
SHORT_YEAR_PIVOT = 40


def _short_year(match: re.Match) -> str:
    value = int(match["number"])
    return f"{numbers.sino((2000 if value < SHORT_YEAR_PIVOT else 1900) + value)} 년"


_DECADE_PAIR = re.compile(r"(?=\d)(?<![\d.,])(?P<first>[1-9])0(?P<second>[1-9])0(?=\s?(?:세대|대|층|남녀|청년|남성|여성))")
_DIGIT_WORD = re.compile(
    rf"(?=[\d'’])(?<![\d.,'’])['’]?(?P<number>\d{{2,3}})(?=\s?(?:[가-힣]{{0,4}}?)(?P<word>{_alternation(DIGIT_BY_DIGIT_BEFORE)}))"
)


def _digit_word(match: re.Match) -> str:
    number = match["number"]
    if match["word"] == "세대" and not (len(number) == 3 and number[1] == "8" or len(number) == 2 and number[1] != "0" and number >= "60"):
        return match.group(0)  # 30세대: thirty households
    return numbers.digits(number, PHONE_DIGITS if number.startswith("0") else numbers.SINO_DIGITS)


@only_with(':')
def read_clock_times(text: str) -> str:
    """16:19 → 열여섯 시 십구 분; 08:06:42 → 여덟 시 육 분 사십이 초; hours in native Korean."""
    return _CLOCK.sub(_clock, text)


_CLOCK = re.compile(
    r"(?=\d)(?<![\d:.])(?P<hour>[01]?\d|2[0-4]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?![\d:])" + FOLLOWING_PARTICLE
)


def _clock(match: re.Match) -> str:
    hour, minute = int(match["hour"]), int(match["minute"])
    spoken = f"{numbers.native(hour) if hour else numbers.sino(0)} 시"
    if minute:
        spoken += f" {numbers.sino(minute)} 분"
    if match["second"] and int(match["second"]):
        spoken += f" {numbers.sino(int(match['second']))} 초"
    return spoken + (fit_particle(spoken, match["particle"]) if match["particle"] else "")


@only_with(r"[대:x](?:(?<=\d[대:x])|(?<=\d 대)(?= ))")  # \d(?:대| 대 |:|x), the mark first
def read_scores(text: str) -> str:
    """3대1, 3 대 1, 3:1 → 삼 대 일: scores and ratios."""
    return _SCORE.sub(lambda match: f"{numbers.sino(int(match['home']))} 대 {numbers.sino(int(match['away']))}", text)


# '20대 3명' is no score: the 대 form needs no space or a space on both sides.
_SCORE = re.compile(r"(?=\d)(?<![\d.,:])(?P<home>\d{1,3})(?:대| 대 |:|x(?=\d{1,2}\s?[가-힣]))(?P<away>\d{1,3})(?![\d.,:])")


@only_with(r"-(?<=[0-9]-)(?=[0-9])")  # [0-9]-[0-9], the hyphen first
def read_hyphenated_numbers(text: str) -> str:
    """2-1로 이겼다 → 이 대 일로; 1234-5번지 → 천이백삼십사의 오 번지; 1-2위 → 1~2위 (a range)."""
    return _HYPHENATED.sub(_hyphenated, text)


# Phone numbers and dates, also digits around hyphens, were read by the steps before this one.
_MORE_SCORES = re.compile(r"^(?:\s?\d{1,2}-\d{1,2})+")
_HYPHENATED = re.compile(r"(?=\d)(?<![\d.,-])(?P<first>\d+)-(?P<second>\d+)(?![\d.-])")


def _hyphenated(match: re.Match) -> str:
    first, second = match["first"], match["second"]
    after = match.string[match.end() : match.end() + CONTEXT_CHARS]
    after = _MORE_SCORES.sub("", after)  # '6-4 6-3으로 이겼다': each set score is a score
    if after.startswith(("로", "으로")) or after.lstrip().startswith(SCORE_CUE_WORDS):
        return f"{numbers.sino(int(first))} 대 {numbers.sino(int(second))}"
    if after.lstrip().startswith(LOT_NUMBER_WORDS):
        return f"{first}의 {second}"
    return f"{first}~{second}"  # read_ranges reads it, giving both ends the counter: 1-2위


@only_with(rf"[{MIDDLE_DOTS}](?<=\d[{MIDDLE_DOTS}])")  # \d[·], the dot first
def read_dotted_numbers(text: str) -> str:
    """5·18 → 오일팔, 3·1절 → 삼일절, 6·25 → 육이오: dates that name events, read as their name."""
    return _DOTTED.sub(lambda match: numbers.sino(int(match["month"])) + numbers.digits(match["day"]), text)


_DOTTED = re.compile(rf"(?=\d)(?<![\d.])(?P<month>\d{{1,2}})[{MIDDLE_DOTS}](?P<day>\d{{1,2}})(?![\d])")


@only_with(f"[0-9{''.join(VULGAR_FRACTIONS)}]")
def read_fractions(text: str) -> str:
    """3분의 1 → 삼분의 일; 2/3 → 삼분의 이; 3/4분기 → 삼사분기; ½ → 이분의 일."""
    text = _VULGAR.sub(lambda m: _spoken_fraction(*VULGAR_FRACTIONS[m.group(0)]), text)
    if "분의" in text:
        text = _WORD_FRACTION.sub(_fraction, text)
    if "/" not in text:
        return text
    text = _QUARTERS.sub(lambda match: numbers.digits(match["first"] + match["last"]) + "분기", text)
    return _SLASH_FRACTION.sub(_fraction, text)


def _fraction(match: re.Match) -> str:
    return f"{numbers.sino(int(match['den']))}분의 {numbers.decimal(match['num'])}"


_VULGAR = re.compile(f"[{''.join(VULGAR_FRACTIONS)}]")


def _spoken_fraction(numerator: int, denominator: int) -> str:
    return f"{numbers.sino(denominator)}분의 {numbers.sino(numerator)}"


_WORD_FRACTION = re.compile(r"(?=\d)(?<![\d.,])(?P<den>\d+)\s?분의\s?(?P<num>\d+(?:\.\d+)?)")
_QUARTERS = re.compile(r"(?=\d)(?<![\d.])(?P<first>[1-4])/(?P<last>[1-4])\s?분기")
_SLASH_FRACTION = re.compile(r"(?=\d)(?<![\d./])(?P<num>\d+)/(?P<den>\d+)(?![\d/])")


@only_with('~')
def read_ranges(text: str) -> str:
    """10~20명 → 10명에서 20명 (then read as 열 명에서 스무 명); 서울~부산 → 서울에서 부산."""
    text = _NUMBER_RANGE.sub(_number_range, text)
    text = _RANGE_MARK.sub("에서 ", text)
    return text.replace("~", " ")


_NUMBER_RANGE = re.compile(
    rf"(?=[\d{_CURRENCY_FIRST}])(?=\d|{_CURRENCY})(?P<currency>{_CURRENCY})?(?<![\d.,])(?P<low>{_AMOUNT})(?P<low_counter>{_COUNTER})?\s?~\s?"
    rf"(?P<high_currency>{_CURRENCY})?(?P<high>{_AMOUNT})(?P<high_counter>{_COUNTER})?"
)
_RANGE_MARK = re.compile(r"(?<=\S)\s*~\s*(?=\S)")


def _number_range(match: re.Match) -> str:
    currency = match["currency"] or ""
    high_counter = match["high_counter"] or ""
    # The counter written once after the range belongs to both ends.
    low_counter = match["low_counter"] or high_counter
    high_currency = match["high_currency"] or currency
    return f"{currency}{match['low']}{low_counter}에서 {high_currency}{match['high']}{high_counter}"


@only_with('[▲△▼▽↑↓⬆⬇±]')
def read_signs(text: str) -> str:
    """▼2.1% → 2.1% 하락, (▲3명) → (3명 증가), ±3.1%p → 플러스마이너스 3.1%p: a sign before a number
    says which way it went (상승/하락 for prices and rates, 증가/감소 for counts). A sign before
    anything else is a bullet, for drop_bullets."""
    text = text.replace("±", f" {PLUS_MINUS} ")
    if _SIGN_BEFORE_CHARS.search(text):
        text = _SIGNED.sub(_signed, text)
    if _ARROW_AFTER_CHARS.search(text):  # one C scan: most signed text has only ▲▼
        text = _ARROW_AFTER_FIGURE.sub(_arrow_after, text)
        text = _ARROW_AFTER_WORD.sub(_arrow_after, text)
    return text


_SIGNED = re.compile(
    rf"(?P<sign>[{''.join(SIGN_WORDS)}])\s?(?P<body>(?:{_CURRENCY})?(?<![\d.,]){_AMOUNT}{APPROXIMATELY}?(?P<counter>\s?{_COUNTER})?)"
    r"(?![\d.,])"
)
_ARROWS = "".join(ARROWS_AFTER)
_SIGN_BEFORE_CHARS = re.compile(f"[{''.join(SIGN_WORDS)}]")
_ARROW_AFTER_CHARS = re.compile(f"[{_ARROWS}]")
_ARROW_AFTER_FIGURE = re.compile(
    rf"(?=\d)(?<![\d.,])(?P<body>{_AMOUNT}{APPROXIMATELY}?(?P<counter>\s?{_COUNTER})?)\s?(?P<sign>[{_ARROWS}])"
)
_ARROW_AFTER_WORD = re.compile(rf"(?<=[가-힣])(?P<body>)(?P<counter>)\s?(?P<sign>[{_ARROWS}])")
_DIRECTION_AFTER = re.compile(rf"[ )\]]*(?:{_alternation(DIRECTION_WORDS)})")
_DIRECTION_AFTER_FIRST = frozenset((" ", ")", "]", *(word[0] for word in DIRECTION_WORDS)))
_DIRECTION_BEFORE = re.compile("상승|하락|증가|감소")
# One of the last few words before a figure names a number or amount of things (수출 5.1%↑: 증가).
_MORE_LESS_NOUN = re.compile(rf"(?:{_alternation(MORE_LESS_NOUNS)})(?![가-힣])(?:[^가-힣]*[가-힣]+){{0,2}}[^가-힣]*$")
_DATE_COUNTERS = (MONTH_COUNTER, "일", "년", "시", "분", "초", "차", "위", "호", "번", "번째", "주", "층", "회")


_DATE_COUNTER_SET = frozenset(_DATE_COUNTERS)
_COUNTED_UNIT_SET = frozenset(COUNTED_UNITS)
# Points are a level, which rises and falls.
_POINT_COUNTERS = frozenset(("%p", "%포인트", "%P", "p", "포인트", "pt", "bp"))


# A figure's direction reads nothing beyond CONTEXT_CHARS either side (see _direction).
@context_cached(CONTEXT_CHARS)
def _signed(match: re.Match) -> str:
    sign, body, counter = match.groups()  # in one call: this runs once per figure
    counter = counter.strip() if counter else ""
    if counter in _DATE_COUNTER_SET:
        return match.group(0)  # '▲1일 회의 ▲2일 …': a list of dates; the sign is a bullet
    return f" {body}{_direction(match, SIGN_WORDS[sign], counter)} "


@context_cached(CONTEXT_CHARS)
def _arrow_after(match: re.Match) -> str:
    body, counter, sign = match.group("body", "counter", "sign")
    return f"{body}{_direction(match, ARROWS_AFTER[sign], counter.strip() if counter else '')} "


def _direction(match: re.Match, way: str, counter: str) -> str:
    """' 하락', ' 증가' or '' (where the words around already say which way the figure went)."""
    start, end = match.span()
    string = match.string
    # A look at the next character first: most figures are followed by nothing a direction word
    # can start with, and a pattern call costs more than the figure's other rules.
    if (
        string[end : end + 1] in _DIRECTION_AFTER_FIRST and _DIRECTION_AFTER.match(string, end, end + CONTEXT_CHARS)
    ) or _DIRECTION_BEFORE.search(string, start - 8 if start > 8 else 0, start):
        return ""
    if counter in _POINT_COUNTERS:
        counted = False
    else:
        counted = counter in _COUNTED_UNIT_SET or _MORE_LESS_NOUN.search(
            string, start - CONTEXT_CHARS if start > CONTEXT_CHARS else 0, start
        ) is not None
    up, down = MORE_LESS if counted else RISE_FALL
    return " " + (up if way == "up" else down)


@only_with('[A-Z][A-Z][A-Z]')  # [A-Z]{3}, written to start with a class the engine finds in C
def read_currency_codes(text: str) -> str:
    """USD 100 → 100 달러, 100 EUR → 100 유로: a currency's code is said as its name, after the amount."""
    text = _CODE_BEFORE.sub(lambda match: f"{match['amount']} {CURRENCY_CODES[match['code']]}", text)
    return _CODE_AFTER.sub(lambda match: f"{match['amount']} {CURRENCY_CODES[match['code']]}", text)


_CODES = _alternation(CURRENCY_CODES)
_CODE_BEFORE = re.compile(rf"(?<![A-Za-z])(?P<code>{_CODES})\s?(?<![\d.,])(?P<amount>{_AMOUNT})")
_CODE_AFTER = re.compile(rf"(?=\d)(?<![\d.,])(?P<amount>{_AMOUNT})\s?(?P<code>{_CODES})(?![A-Za-z])")


@only_with('[0-9]|[수몇여]')
def read_compound_units(text: str) -> str:
    """100km/h → 시속 100km, 30m/s → 초속 30m, 35㎍/㎥ → ㎥당 35㎍ (read_numbers then reads the
    units); 수십㎞ → 수십 킬로미터: a unit after a word of vague quantity."""
    if "/" in text:  # the slash of 100km/h: absent from most text, and one C scan to know
        text = _COMPOUND_UNIT.sub(_compound_unit, text)
    if not _VAGUE_FIRST.search(text):
        return text
    return _VAGUE_UNIT.sub(lambda match: f"{match['vague']} {UNITS[match['unit']]}", text)


_PER_UNIT = rf"(?:{_alternation([*SPEED_PREFIXES, *UNITS])})(?![A-Za-z])"
_COMPOUND_UNIT = re.compile(
    rf"(?=\d)(?<![\d.,])(?P<amount>{_AMOUNT})\s?(?P<unit>{_UNIT}|{_CURRENCY}|원|달러)/(?P<per>{_PER_UNIT})"
    + FOLLOWING_PARTICLE
)
# Speeds: a distance per time (100km/h 시속 백 킬로미터); any other unit per time is 'per hour'
# (50㎜/h 시간당 오십 밀리미터).
_DISTANCES = ("킬로미터", "미터", "마일", "노트")
_VAGUE_FIRST = re.compile(f"[{''.join(sorted({word[0] for word in VAGUE_NUMBERS}))}]")
_VAGUE_UNIT = re.compile(rf"(?<![가-힣])(?P<vague>{_alternation(VAGUE_NUMBERS)})\s?(?P<unit>{_UNIT})")


def _compound_unit(match: re.Match) -> str:
    amount, unit, per = match["amount"], match["unit"], match["per"]
    # The particle was written for the unit after the slash; now the first unit ends the phrase.
    particle = fit_particle(UNITS.get(unit) or CURRENCIES.get(unit) or unit, match["particle"]) if match["particle"] else ""
    if per in SPEED_PREFIXES and UNITS.get(unit) in _DISTANCES:
        return f"{SPEED_PREFIXES[per]} {amount}{unit}{particle}"
    per_word = UNITS.get(per) or {"시속": "시간", "초속": "초", "분속": "분"}[SPEED_PREFIXES[per]]
    return f"{per_word}{PER} {amount}{unit}{particle}"


@only_with('[0-9]')
def read_numbers(text: str) -> str:
    """Every number left, read by its counter: 4명 네 명, 4일 사 일, 124,476,000원 일억 이천사백사십칠만
    육천 원, $100 백 달러, -1.54% 마이너스 일 점 오사 퍼센트, 6월 유월, 21번째 스물한 번째, 2024 이천이십사."""
    return _NUMBER.sub(_number, text)


_NUMBER = re.compile(
    rf"(?=[\d+\-{_CURRENCY_FIRST}])(?=[\d+\-]|{_CURRENCY})(?P<currency>{_CURRENCY})?"
    r"(?P<sign>(?<![\w)\]%])[-+](?=\d))?"
    r"(?<![\d.])"
    rf"(?P<amount>{_AMOUNT})(?P<approx>{APPROXIMATELY})?"
    rf"(?:(?P<gap>\s?)(?P<counter>{_COUNTER}))?"
    rf"(?P<particle>{PARTICLE})?"
)


_NUMBER_GROUPS = ("counter", "gap", "amount", "currency", "sign", "approx", "particle")
# Counters whose number is read by the words around it (see _amount): 3명 세 명 but 제3명 삼 명.
# Any other number reads the same wherever it stands.
_READS_AROUND = frozenset((*NATIVE, MONTH_COUNTER, *COUNTS_AFTER_NOUNS))


def _number(match: re.Match) -> str:
    groups = match.groups()  # in one call: this runs once per number of the text
    if groups[_COUNTER_GROUP] in _READS_AROUND:
        return _number_in_context(match)
    # Any other number (37%, 4.2%, 2024, 5억 원) reads the same wherever it stands: its reading is
    # a function of its groups and of whether a digit follows (a space then), remembered as such,
    # so a text reads each such figure once, not once per surroundings.
    end = match.end()
    key = (groups, match.string[end : end + 1].isdigit())
    spoken = _READ_ALONE.get(key)
    if spoken is None:
        if len(_READ_ALONE) >= MAX_ENTRIES:
            _READ_ALONE.clear()  # bounded as context_cache's tables are
        spoken = _READ_ALONE[key] = _read_number(match)
    return spoken


_COUNTER_GROUP = _NUMBER.groupindex["counter"] - 1
_READ_ALONE: dict = {}


# A number's reading looks at most CONTEXT_CHARS before and after it (see _amount and its helpers).
@context_cached(CONTEXT_CHARS)
def _number_in_context(match: re.Match) -> str:
    return _read_number(match)


def _read_number(match: re.Match) -> str:
    # One call for every group: this runs once per number of the text.
    counter, gap, amount, currency, sign, approx, particle = match.group(*_NUMBER_GROUPS)
    string, (start, end) = match.string, match.span()
    # '8시30분': the next number is a new word.
    space = " " if string[end : end + 1].isdigit() else ""
    particle = particle or ""
    if not (counter or currency or sign or approx) and amount.isdigit():
        # The common plain number (2024, 3): read at once, as a long text holds thousands.
        if len(amount) > MAX_NAMED_DIGITS:
            return numbers.digits(amount) + particle
        return numbers.sino(int(amount)) + particle + space
    tail = ""
    if counter and gap and not _may_stand_apart(counter):
        # '3 개혁' is no count of things: leave the word to itself.
        counter, tail = None, gap + counter
    at = end - len(particle)  # the particle, if any, ends the match
    after = string[at : at + CONTEXT_CHARS]
    before = string[start - CONTEXT_CHARS if start > CONTEXT_CHARS else 0 : start]
    spoken = _amount(amount, counter, before, after, bool(approx))
    if approx:
        spoken += APPROXIMATELY
    if sign and counter in DEGREE_UNITS and sign == "-":
        spoken = f"{BELOW_ZERO} {spoken}"  # -3℃: 영하 삼 도
    elif sign:
        spoken = f"{MINUS if sign == '-' else PLUS} {spoken}"
    last = spoken
    if counter and counter != MONTH_COUNTER:
        last = UNITS.get(counter, counter)
        spoken = f"{spoken} {last}"
    if currency:
        last = CURRENCIES[currency]
        spoken = f"{spoken} {last}"
    if particle and (currency or counter in UNITS) and not tail:
        particle = fit_particle(last, particle)  # 85㎍로 → 팔십오 마이크로그램으로
    return spoken + tail + particle + space


def _may_stand_apart(counter: str) -> bool:
    return counter in SPACED_UNITS or counter in UNITS


# More digits than this in one number are read one by one (no one says a 17-digit number by name).
MAX_NAMED_DIGITS = 16


def _amount(amount: str, counter: str | None, before: str, after: str, approximate: bool) -> str:
    """The number itself, in the form its counter asks for."""
    if amount.isdigit() and len(amount) <= MAX_NAMED_DIGITS:
        value = int(amount)  # the common case, without parsing parts
    else:
        parts = list(_AMOUNT_PART.finditer(amount.replace(" ", "")))
        if any(len(part["num"].partition(".")[0].replace(",", "")) > MAX_NAMED_DIGITS for part in parts):
            return " ".join(
                numbers.decimal(part["num"]) + (part["thousand"] or "") + (part["unit"] or "") for part in parts
            )
        if len(parts) > 1 or parts[0]["unit"] or parts[0]["thousand"]:
            return _large_amount(parts)
        written = parts[0]["num"]
        if "." in written:
            return numbers.decimal(written)
        value = int(written.replace(",", ""))
    if counter == MONTH_COUNTER:
        if any(word in before[-12:] for word in MONTHS_COUNTED_AFTER):
            return f"{numbers.sino(value)} 월"  # 징역 6월: 육 월 (a number of months, not June)
        return numbers.month(value)
    if (
        not approximate
        and (counter in NATIVE or _counts_after_noun(counter, before))
        and 1 <= value <= NATIVE_MAX
        and not _named(counter, value, before, after)
        and _counts(counter, value, before, after)
    ):
        return numbers.native_ordinal(value) if counter == "번째" else numbers.native(value)
    return numbers.sino(value)


def _counts_after_noun(counter: str, before: str) -> bool:
    """창고 3동 (세 동), 어르신 3분 (세 분): a Sino counter that counts after these nouns."""
    nouns = COUNTS_AFTER_NOUNS.get(counter)
    if not nouns:
        return False
    return _last_word(before).endswith(nouns)


def _named(counter: str, value: int, before: str, after: str) -> bool:
    """Whether the words around make this count a fixed Sino term: 기호 1번, 주 52시간, 24시간 영업,
    1가구 1주택."""
    if before[-1:] == "제":  # 제3차, 제20대
        return True
    counters = SINO_AFTER_WORDS.get(_last_word(before), ())
    if counter in counters or "*" in counters:
        return True
    following = after.lstrip().lstrip("0123456789,").lstrip()
    if following.startswith(SINO_BEFORE_WORDS):
        return True
    return value == 1 and bool(_ONE_EACH.search(before))  # 1인 1표, 1주 1표: 'one each' rules are Sino


_ONE_EACH = re.compile(r"(?<![\d.,])1[가-힣]{1,3}\s$")


_HANGUL_WORDS = re.compile(r"[가-힣]+")
# The last run of syllables in a text, read from the end: '정부는 올해 3' → '올해'.
_LAST_WORD_REVERSED = re.compile(r"[^가-힣]*([가-힣]*)")


def _last_word(before: str) -> str:
    """The last Hangul word in `before` ('' if none): one short match on the reversed text."""
    return _LAST_WORD_REVERSED.match(before[::-1]).group(1)[::-1]


def _large_amount(parts: list[re.Match]) -> str:
    """3조5000억 → 삼조 오천억; 1.5조 → 일 점 오조 (a decimal is read part by part)."""
    if any("." in part["num"] for part in parts):
        return " ".join(
            numbers.decimal(part["num"]) + (part["thousand"] or "") + (part["unit"] or "") for part in parts
        )
    total = 0
    for part in parts:  # at most 16 digits each (see _amount)
        value = int(part["num"].replace(",", ""))
        value *= {"천": 1000, "백": 100}[part["thousand"]] if part["thousand"] else 1
        total += value * (LARGE_UNITS[part["unit"]] if part["unit"] else 1)
    return numbers.sino(total)


def _counts(counter: str, value: int, before: str, after: str) -> bool:
    """Whether a native counter here counts (두 번, 차 두 대를) or numbers (이 번 출구, 이십 대, 삼 대 은행)."""
    if counter == "번":
        return not after.lstrip().startswith(DESIGNATED_BY_NUMBER)
    if counter == "대":
        machines = _last_word(before).endswith(MACHINE_NOUNS)
        machines = machines or (after[:1] in ("를", "을", "가", "이") and any(verb in after[:14] for verb in MACHINE_VERBS))
        if value % 10 == 0 and not machines:
            return False  # 20대: people in their twenties
        # Counting only before a particle or the end of a phrase ('차 두 대가', '차량 다섯 대.').
        return not after or after[0] in ".,?!)”’" or after.startswith(PARTICLES_AFTER_COUNT)
    return True

"""Latin letters: names said as words, names with digits, and the rest spelled out in Korean.

The publisher lexicon runs before these steps. Then the table of names said as words
(`data/acronyms.tsv`: NATO 나토, Google 구글), names with digits (갤럭시 S24 에스 이십사, F-35 에프
삼십오), Roman numerals, 'vs', and what is left in capitals is spelled letter by letter (CEO
씨이오, R&D 알앤디, U.S. 유에스). Words with small letters that no table knows (Carlos) are left as
written on purpose: spelling them would be noise, and the voices read them as English words.
Wherever a name's last sound changes, the particle after it follows (NATO가 나토가, LG을 엘지를).
"""

import re

from a11y.speech import numbers
from a11y.speech.alternation import alternation
from a11y.speech.acronyms import NameTable, default_names
from a11y.speech.particles import FOLLOWING_PARTICLE, fit_particle, refit_after
from a11y.speech.skipping import only_with
from a11y.speech.readings import (
    AMPERSAND,
    COUNTDOWN,
    COUNTDOWN_DAY,
    DIGIT_BY_DIGIT_MODELS,
    E_PREFIX,
    ENGLISH_NUMBER_FAMILIES,
    ENGLISH_NUMBERS,
    K_PREFIX,
    K_WORDS,
    PHONE_DIGITS,
    LETTER_NAMES,
    PRODUCT_READINGS,
    ROMAN_CHARACTERS,
    ROMAN_WORDS,
    VERSUS,
)

_LATIN = "A-Za-zÀ-ÖØ-öø-ÿ"


@only_with('[A-Za-zÀ-ÖØ-öø-ÿ]')
def read_names(text: str, names: NameTable | None = None) -> str:
    """NATO는 → 나토는, Google이 → 구글이, Galaxy Tab → 갤럭시 탭: names the table says as words."""
    names = names or default_names()
    words = list(_WORD.finditer(text))
    pieces, done, index = [], 0, 0
    while index < len(words):
        found = _longest_name(text, words, index, names)
        if found is None:
            index += 1
            continue
        reading, last = found
        start, end = words[index].start(), words[last].end()
        particle, end = refit_after(reading, text, end)
        pieces += [text[done:start], reading, particle]
        done, index = end, last + 1
    return "".join(pieces) + text[done:] if pieces else text


# A Latin word: letters, with ' & . - + inside (McDonald's, AT&T, Coca-Cola, OPEC+); never next
# to another letter or a digit (Meta is not in Metaverse, nor G in G7).
_WORD = re.compile(rf"(?<![{_LATIN}0-9])[{_LATIN}]++(?:['’&.\-][{_LATIN}]++)*+\+?(?![{_LATIN}0-9])")


def _longest_name(text: str, words: list[re.Match], index: int, names: NameTable) -> tuple[str, int] | None:
    last = index
    while last + 1 < len(words) and last - index + 1 < names.longest_words and _one_space_between(text, words[last], words[last + 1]):
        last += 1
    for end in range(last, index - 1, -1):
        name = text[words[index].start() : words[end].end()]
        reading = names.reading(name) or (names.reading(name[:-1]) if name.endswith(".") else None)
        if reading:
            return reading, end
    return None


def _one_space_between(text: str, left: re.Match, right: re.Match) -> bool:
    return right.start() - left.end() == 1 and text[left.end()] == " "


@only_with('K-')
def read_k_compounds(text: str) -> str:
    """K-팝 → 케이팝, K-방산 → 케이방산, K-pop → 케이팝, K-Beauty → 케이뷰티."""
    text = _K_COMPOUND.sub(_k_compound, text)
    return _K_WORD_READ.sub("", text) if "\x00" in text else text


# After 케이팝 from K-pop, the word itself is dropped: '케이팝\x00pop' → '케이팝'.
_K_WORD_READ = re.compile(rf"\x00[{_LATIN}]++")


_K_COMPOUND = re.compile(rf"(?<![{_LATIN}0-9])K-(?=(?P<word>[가-힣]|[{_LATIN}]++))")


def _k_compound(match: re.Match) -> str:
    word = match["word"]
    if word[0] >= "가":
        return K_PREFIX
    reading = K_WORDS.get(word.casefold()) or default_names().reading(word)
    # K-pop → 케이팝 (the word read here); an unknown word stays for the later steps.
    return K_PREFIX + reading + "\x00" if reading else K_PREFIX + " "


@only_with("e")
def read_e_prefix(text: str) -> str:
    """e스포츠 → 이스포츠, e커머스 → 이커머스: a small e before Hangul is the English prefix."""
    return _E_PREFIX.sub(E_PREFIX, text)


_E_PREFIX = re.compile(rf"(?<![{_LATIN}0-9])e-?(?=[가-힣])")


@only_with('[A-Za-z0-9]')
def read_product_names(text: str) -> str:
    """i7 → 아이 세븐, S24 → 에스 이십사, F-35 → 에프 삼십오, H.264 → 에이치 이육사, M4 → 엠 포, A380 →
    에이 삼팔공, 보잉 737 → 보잉 칠삼칠, 갤럭시 Z 폴드6 → … 폴드 식스: names made of letters and digits,
    read as the product is said."""
    if _LATIN_LETTER.search(text):
        text = _COUNTDOWN.sub(_countdown, text)
        text = _KNOWN_PRODUCT.sub(lambda match: _with_particle(PRODUCT_READINGS[match["name"]], match), text)
        text = _PRODUCT.sub(_product, text)
    # Each pattern only where its names are (a scan in C): both are tried at every position.
    if _MODEL_NAME.search(text):
        text = _SPACED_MODEL.sub(_spaced_model, text)
    if not _FAMILY_NAME.search(text):
        return text
    return _FAMILY_NUMBER.sub(_family_number, text)


_LATIN_LETTER = re.compile(f"[{_LATIN}]")
_MODEL_NAME = re.compile(alternation(DIGIT_BY_DIGIT_MODELS))
_FAMILY_NAME = re.compile(alternation(ENGLISH_NUMBER_FAMILIES))
# D-30: thirty days to go (디 마이너스 삼십); D-day 디데이.
_COUNTDOWN = re.compile(rf"(?=D)(?<![{_LATIN}0-9])D-(?:(?P<days>\d{{1,4}}+)(?![\d.,])|(?P<day>[Dd]ay)(?![{_LATIN}]))")


def _countdown(match: re.Match) -> str:
    return f"{COUNTDOWN} {numbers.sino(int(match['days']))}" if match["days"] else COUNTDOWN_DAY
_SPACED_MODEL = re.compile(
    rf"(?=[{''.join(sorted({model[0] for model in DIGIT_BY_DIGIT_MODELS}))}])(?<![{_LATIN}0-9])(?P<model>{alternation(DIGIT_BY_DIGIT_MODELS)})\s(?P<number>\d{{3,4}}+)(?![\d.,])"
)
_FAMILY_NUMBER = re.compile(
    rf"(?=[{''.join(sorted({family[0] for family in ENGLISH_NUMBER_FAMILIES}))}])(?<![가-힣])(?P<family>{alternation(ENGLISH_NUMBER_FAMILIES)})\s?(?P<number>1[0-2]|[0-9])(?![\d.,])"
    rf"{FOLLOWING_PARTICLE}"
)


def _spaced_model(match: re.Match) -> str:
    model = match["model"]
    return f"{_spell(model) if model.isascii() else model} {numbers.digits(match['number'], PHONE_DIGITS)}"


def _family_number(match: re.Match) -> str:
    return _with_particle(f"{match['family']} {ENGLISH_NUMBERS[int(match['number'])]}", match)


_KNOWN_PRODUCT = re.compile(
    rf"(?=[{''.join(sorted({name[0] for name in PRODUCT_READINGS}))}])(?<![{_LATIN}0-9.\-])(?P<name>{alternation(PRODUCT_READINGS)})"
    rf"(?![{_LATIN}0-9]|[.\-][{_LATIN}0-9]){FOLLOWING_PARTICLE}"
)
# Capitals (or one small letter) then digits, an optional hyphen between and capitals after:
# S24, KF94, F-35A, M3. Not a number with its unit (12GB): that is read_numbers' work.
_PRODUCT = re.compile(
    rf"(?=[A-Za-z])(?<![{_LATIN}0-9.,\-])(?P<letters>[A-Z]{{1,6}}+|[a-z])(?P<hyphen>-?)(?P<number>\d{{1,5}}+)"
    rf"(?P<suffix>[A-Z]{{0,3}}+|[a-z](?![{_LATIN}]))(?![{_LATIN}0-9]|[.,]\d){FOLLOWING_PARTICLE}"
)


# Counters after which a letter and a digit designate a place, read Sino-Korean: B1층, A3동.
_DESIGNATING = ("층", "동", "호", "번", "관", "석", "구역", "블록")


def _product(match: re.Match) -> str:
    number, letters = match["number"], match["letters"]
    if len(number) == 1 and match.string[match.end() : match.end() + 1] not in _DESIGNATING:
        spoken_number = ENGLISH_NUMBERS[int(number)]  # M4 엠 포, GPT-4 지피티 포 (but B1층 비 일 층)
    elif number.startswith("0") or (len(number) >= 3 and letters in DIGIT_BY_DIGIT_MODELS):
        spoken_number = numbers.digits(number, PHONE_DIGITS)  # A380 에이 삼팔공
    else:
        spoken_number = numbers.sino(int(number))
    spoken = f"{_spell(letters.upper())} {spoken_number}"
    if match["suffix"]:
        spoken += " " + _spell(match["suffix"].upper())
    return _with_particle(spoken, match)


def _with_particle(spoken: str, match: re.Match) -> str:
    """`spoken` in place of the match, with the particle after it fitted to its last sound."""
    return spoken + (fit_particle(spoken, match["particle"]) if match["particle"] else "")


# A Roman numeral character, or the I, V or X of a Roman word (one class, which the engine finds
# in C; an alternation at the start would be tried at every position).
@only_with('[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻIVX]')
def read_roman_numerals(text: str) -> str:
    """Ⅱ → 이, 록키 III → 록키 삼: Roman numerals after a name, read as numbers."""
    text = _ROMAN_CHARACTER.sub(lambda match: numbers.sino(ROMAN_CHARACTERS[match.group(0)]), text)
    return _ROMAN_WORD.sub(lambda match: " " + numbers.sino(ROMAN_WORDS[match["roman"]]), text)


_ROMAN_CHARACTER = re.compile(f"[{''.join(ROMAN_CHARACTERS)}]")
_ROMAN_WORD = re.compile(
    rf"(?<=[가-힣{_LATIN}]) (?P<roman>{'|'.join(sorted(ROMAN_WORDS, key=len, reverse=True))})(?![{_LATIN}0-9])"
)


@only_with('[vV][sS]')
def read_versus(text: str) -> str:
    """한국 vs 일본 → 한국 대 일본."""
    return _VERSUS.sub(f" {VERSUS} ", text)


_VERSUS = re.compile(rf"(?<![{_LATIN}])(?:vs|VS|Vs)\.?(?![{_LATIN}])")


@only_with('[QH]')
def read_quarters_and_halves(text: str) -> str:
    """Business news's short periods: 1Q → 1분기, 2Q24 → 24년 2분기, 1H → 상반기, 2H25 → 25년 하반기
    (the numbers are read by the steps after)."""
    return _QUARTER_OR_HALF.sub(_quarter_or_half, text)


_QUARTER_OR_HALF = re.compile(
    rf"(?<![\w.\-/])(?P<period>[1-4]Q|[12]H)(?:['’]?(?P<year>(?:19|20)?\d{{2}}))?(?![{_LATIN}0-9])"
)
_PERIODS = {"1Q": "1분기", "2Q": "2분기", "3Q": "3분기", "4Q": "4분기", "1H": "상반기", "2H": "하반기"}


def _quarter_or_half(match: re.Match) -> str:
    period, year = _PERIODS[match["period"]], match["year"]
    return f"{year}년 {period}" if year else period


@only_with('[A-Z]')
def spell_acronyms(text: str) -> str:
    """CEO → 씨이오, CNN방송 → 씨엔엔방송, AI → 에이아이, X → 엑스, M&A → 엠앤에이, U.S. → 유에스;
    the particle after follows the spelled sound (LG을 → 엘지를)."""
    text = _DOTTED_ACRONYM.sub(lambda match: _spell_with_particle(match["acronym"].replace(".", ""), match), text)
    return _ACRONYM.sub(lambda match: _spell_with_particle(match["acronym"], match), text)


# U.S., U.N.: two or more capitals each followed by a dot.
_DOTTED_ACRONYM = re.compile(rf"(?<![A-Za-z])(?P<acronym>(?:[A-Z]\.){{2,}}+){FOLLOWING_PARTICLE}")
# Capitals not inside a word with small letters (Tesla, iPhone); possessive, so CEOs stays whole.
_ACRONYM = re.compile(rf"(?<![A-Za-z])(?P<acronym>[A-Z](?:&?[A-Z])*+)(?![a-z]){FOLLOWING_PARTICLE}")


def _spell_with_particle(acronym: str, match: re.Match) -> str:
    return _with_particle(_spell(acronym), match)


def _spell(acronym: str) -> str:
    return "".join(AMPERSAND if char == "&" else LETTER_NAMES[char] for char in acronym)

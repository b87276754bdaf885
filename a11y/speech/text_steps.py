"""Steps for everything that is not a number or a Latin letter: page furniture, symbols, marks.

Each step is a pure `str -> str` function; `normalizer.DEFAULT_STEPS` puts them in order.
Sentence punctuation (. , ? !) is what the voices pause on, so marks that mean a pause become
one of those, and marks that mean nothing are dropped without gluing words together.
"""

import re
import unicodedata

from a11y.speech.particles import fit_particle
from a11y.speech.skipping import only_with
from a11y.speech.readings import (
    AMPERSAND,
    BULLETS,
    CLOSERS,
    CLOSERS_BEFORE_PARTICLES,
    COPYRIGHT_MARKS,
    DASHES,
    ELLIPSES,
    MIDDLE_DOTS,
    OPENERS,
    PLUS,
    PHOTO_NOTES,
    SILENT_SIGNS,
    SINO_DIGITS,
    SYMBOL_WORDS,
    UNIFORM_CHARACTERS,
    UNIT_WORDS,
)

_HANGUL = "가-힣"


def unify_characters(text: str) -> str:
    """Full-width ＣＥＯ and １２, odd spaces, minus signs and wave dashes become plain ASCII; a run of
    spaces becomes one (a run holding a line break, one line break), so no later step meets a long run."""
    text = unicodedata.normalize("NFC", text)
    if _NEEDS_UNIFORM.search(text):
        text = text.translate(_UNIFORM)
    text = _BLANKS.sub(" ", text)
    return _LINE_BREAKS.sub("\n", text)


_LINE_BREAKS = re.compile(r" ?\n\s*")
_NEEDS_UNIFORM = re.compile(f"[\uff01-\uff5e{re.escape(''.join(UNIFORM_CHARACTERS))}]")
_BLANKS = re.compile(r"[^\S\n]{2,}|[^\S\n ]")


_UNIFORM = str.maketrans(
    {**{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}, **UNIFORM_CHARACTERS}
)


@only_with('ⓒ|©|저작권|무단')
def drop_copyright(text: str) -> str:
    """'<저작권자 ⓒ … 금지>' and any sentence from a copyright mark to its line's end: never voiced."""
    text = _COPYRIGHT_BRACKETED.sub(" ", text)
    return "\n".join(_cut_copyright(line) for line in text.split("\n"))


_COPYRIGHT_BRACKETED = re.compile(r"[<\[【(][^<>\[\]【】()\n]*(?:ⓒ|©|저작권)[^<>\[\]【】()\n]*[>\]】)]")


def _cut_copyright(line: str) -> str:
    found = [line.find(mark) for mark in COPYRIGHT_MARKS if mark in line]
    if not found:
        return line
    # From the start of the sentence holding the mark, so '…했다. ⓒ 연합뉴스' keeps '…했다.'
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(line, 0, min(found))), default=0)
    return line[:sentence_start]


_SENTENCE_END = re.compile(r"[.?!]\s+")


@only_with('/[0-9]{4}-')
def drop_photo_metadata(text: str) -> str:
    """Wire-photo trails such as 'REUTERS/Carlos Barria/File Photo/2024-10-31 08:06:42/'.

    Found from their date backwards, over a bounded stretch, so a long run of letters costs no
    more than its length."""
    pieces, done = [], 0
    for match in _PHOTO_DATE.finditer(text):
        start = _photo_trail_start(text, match.start())
        if start is None or start < done:
            continue
        pieces += [text[done:start], " "]
        done = match.end()
    return "".join(pieces) + text[done:] if pieces else text


_PHOTO_DATE = re.compile(r"(?<=/)\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?/?")
_PHOTO_FIELD = re.compile(r"[A-Z][A-Za-z.'\-]*+(?: [A-Za-z.'\-]++)*+")
_PHOTO_TRAIL_MAX_CHARS = 160


def _photo_trail_start(text: str, date_start: int) -> int | None:
    """Where the 'AGENCY/Name/…/' fields before a date begin, or None if there are none."""
    window_start = max(0, date_start - _PHOTO_TRAIL_MAX_CHARS)
    fields = text[window_start : date_start - 1].split("/")
    start = None
    position = date_start - 1
    for field in reversed(fields):
        position -= len(field)
        if not _PHOTO_FIELD.fullmatch(field):
            # The first field may follow other words: '연합뉴스 REUTERS/…' starts at REUTERS.
            tail = _PHOTO_FIELD_TAIL.search(field)
            return position + tail.start() if tail else start
        start = position
        position -= 1
    return start


_PHOTO_FIELD_TAIL = re.compile(r"(?<![A-Za-z.'\-])[A-Z][A-Za-z.'\-]*+(?: [A-Za-z.'\-]++)*+$")


@only_with('@|://|www\\.|\\.(?:com|net|org|kr|io|ai|me|tv|info)')
def drop_addresses(text: str) -> str:
    """E-mail addresses and web addresses are never read: 'hong@news.co.kr', 'https://…', 'www.…'."""
    text = _EMAIL.sub(" ", text)
    return _URL.sub(" ", text)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}+@[A-Za-z0-9-]{1,63}+(?:\.[A-Za-z0-9-]{1,63}+)++")
_URL = re.compile(
    r"(?<![\w/.])(?:(?:https?|ftp)://|www\.)[^\s<>\"')\]}가-힣]{1,2000}+"
    r"|(?<![\w/.@-])(?:[A-Za-z0-9-]{1,63}+\.)++(?:com|net|org|kr|co\.kr|go\.kr|or\.kr|io|ai|me|tv|info)"
    r"(?:/[^\s<>\"')\]}가-힣]{0,2000}+)?(?![\w.-])"
)


@only_with('=|기자|특파원|통신원|앵커|논설위원|PD')
def drop_bylines(text: str) -> str:
    """Datelines and bylines: '(서울=연합뉴스) 홍길동 기자 =', '[워싱턴=AP/뉴시스]', '홍길동 기자' at the end,
    and photo credits: '/사진=뉴스1', '(사진=연합뉴스)'."""
    text = _PHOTO_CREDIT.sub(" ", text)
    text = _DATELINE.sub(" ", text)
    text = _LEADING_BYLINE.sub("", text)
    return _TRAILING_BYLINE.sub("", text)


_BYLINE_TITLES = r"(?:선임|수석|전문|객원)?(?:기자|특파원|통신원|앵커|논설위원|PD)(?:들)?"
_PHOTO_CREDIT = re.compile(
    r"(?:/\s?|\(\s?|\[\s?)(?:사진|그래픽|영상|자료|제공|출처)\s?=\s?[^()\[\]\n]{1,30}+[)\]]?"
)
_DATELINE = re.compile(r"[(\[【]\s?[가-힣A-Za-z ]{1,20}+=\s?[^()\[\]【】\n]{1,40}+[)\]】]")
_LEADING_BYLINE = re.compile(
    rf"^\s{{0,3}}(?:[가-힣]{{2,4}}(?:·[가-힣]{{2,4}})*\s?{_BYLINE_TITLES}\s?=\s?)", re.MULTILINE
)
_TRAILING_BYLINE = re.compile(
    rf"(?:(?<=[.?!”’])|^)\s?[/=]?\s?[가-힣]{{2,4}}(?:[·,]\s?[가-힣]{{2,4}})*\s?{_BYLINE_TITLES}\s*$", re.MULTILINE
)


@only_with('[®™©℠℗]')
def drop_silent_signs(text: str) -> str:
    """®, ™, © are never read (a copyright line was dropped before this step)."""
    return _SILENT_SIGN.sub("", text)


_SILENT_SIGN = re.compile(f"[{re.escape(SILENT_SIGNS)}]")


@only_with('[(모]')
def drop_ages(text: str) -> str:
    """이모(45)씨가 → 이 모 씨가; 홍길동(45·회사원)씨 → 홍길동 씨; C씨(40)는 → C 씨는; 박모(30대)씨 →
    박 모 씨; 이재명(사진) 대표 → 이재명 대표; 삼성전자(005930)가 → 삼성전자가.

    An age, a photo note or a stock code in brackets after a name is not read; the particle stays
    with the name."""
    text = _AGE_BEFORE_TITLE.sub(" ", text)
    text = _AGE_AFTER_TITLE.sub(r"\g<title>", text)
    text = _PHOTO_NOTE.sub("", text)
    text = _STOCK_CODE.sub("", text)
    text = _SOMEONE.sub(r"\g<surname> 모 ", text)
    return _LETTER_PERSON.sub(r"\g<letter> ", text)


_AGE = r"\(\d{1,3}(?:세|살|대)?(?:[·,]\s?[^()\n]{1,20}+)?\)"
_PERSON_TITLES = "씨|군|양|옹|여사"
_PERSON_ROLES = "의원|대표|교수|회장|사장|원장|판사|검사|기자|선수|감독"  # a title after a name: 이모(45) 의원
_AGE_BEFORE_TITLE = re.compile(rf"(?<=[가-힣A-Z])\s?{_AGE}\s?(?=(?:{_PERSON_TITLES})|\s?(?:{_PERSON_ROLES}))")
_AGE_AFTER_TITLE = re.compile(rf"(?<=[가-힣A-Z])(?P<title>{_PERSON_TITLES}){_AGE}")
_PHOTO_NOTE = re.compile(rf"(?<=[가-힣])\s?\((?:{'|'.join(PHOTO_NOTES)})\)")
_STOCK_CODE = re.compile(r"(?<=[가-힣A-Za-z])\s?\((?:[A-Z]{2,6}:\s?)?\d{6}\)")
_SOMEONE = re.compile(rf"(?<![가-힣])(?P<surname>[가-힣])모\s?(?=씨|군|양|\s(?:{_PERSON_ROLES}))")
# A capital standing for a person: B양 → B 양, A씨 → A 씨 (the letter is then spelled alone).
_LETTER_PERSON = re.compile(r"(?<![A-Za-z])(?P<letter>[A-Z])(?=(?:씨|군|양)(?![가-힣]{2}))")


def drop_bullets(text: str) -> str:
    """▲ ■ ● ※ • and kin: dropped; between listed items ('▲가 ▲나') they leave a pause."""
    if not _BULLET_CHAR.search(text):  # one scan in C; _BULLET is tried at every position
        return text
    return "\n".join(_drop_line_bullets(line) for line in text.split("\n"))


def _drop_line_bullets(line: str) -> str:
    # The first bullet of a line opens a list; each later one separates two items.
    first, *rest = _BULLET.split(line)
    if not rest:
        return line
    return " ".join((first, ", ".join(rest)))


_BULLET_CHAR = re.compile(rf"[{re.escape(BULLETS)}]")
_BULLET = re.compile(rf"(?=[\s{re.escape(BULLETS)}])(?<!\s)\s*[{re.escape(BULLETS)}]+\s*")


@only_with('[㈜㈔㈐(№]')
def expand_symbols(text: str) -> str:
    """㈜ 주식회사, (주) 주식회사, ㈔ 사단법인: symbols that stand for words."""
    return _SYMBOL.sub(lambda match: f" {SYMBOL_WORDS[match.group(0)]} ", text)


_SYMBOL = re.compile("|".join(re.escape(symbol) for symbol in sorted(SYMBOL_WORDS, key=len, reverse=True)))


@only_with('[·‧・･∙]')
def read_middle_dots(text: str) -> str:
    """한·미 → 한미 (after one syllable, as anchors read it); X‧옛 트위터 → '엑스, 옛 트위터' (a pause).

    A pause is never wrong, while 와 would misstate an apposition such as 엑스‧옛 트위터.
    """
    return _MIDDLE_DOT.sub(_middle_dot, text)


# A dot after a lone syllable joins (한·미·일 → 한미일); any other dot between words is a pause.
_MIDDLE_DOT = re.compile(
    rf"(?<![{_HANGUL}])(?P<syllable>[{_HANGUL}])\s*[{MIDDLE_DOTS}]\s*(?=\S)|(?<=\S)\s*[{MIDDLE_DOTS}]\s*(?=\S)"
)


def _middle_dot(match: re.Match) -> str:
    return match["syllable"] or ", "


@only_with('…|⋯|\\.\\.\\.')
def read_ellipses(text: str) -> str:
    """'…' and '...' are a pause: a comma mid-sentence, nothing after ? or !, a period at the end."""
    return _ELLIPSIS.sub(_ellipsis, text).strip()


_ELLIPSIS = re.compile(r"(?=[\s…⋯.])(?<!\s)\s*(?:" + "|".join(re.escape(mark) for mark in ELLIPSES) + r"|\.{3,})\s*")


def _ellipsis(match: re.Match) -> str:
    # Only the few characters around the mark are looked at: spaces come in runs of one.
    before = match.string[max(0, match.start() - 3) : match.start()].rstrip()
    after = match.string[match.end() : match.end() + 3].strip()
    if not before:
        return ""
    if before[-1] in ".?!,":
        return " "
    return ", " if after else "."


@only_with('[(\\[]')
def drop_repeated_glosses(text: str) -> str:
    """엑스(엑스, 옛 트위터) → 엑스(옛 트위터); 테슬라(테슬라) → 테슬라: say a gloss only if it adds."""
    return _REPEATED_GLOSS.sub(
        lambda match: match["word"] + ("" if match["close"] else match["open"]), text
    )


_REPEATED_GLOSS = re.compile(
    rf"(?<![{_HANGUL}])(?P<word>[{_HANGUL}]{{1,20}})(?P<open>[(\[])\s*(?P=word)(?:\s*(?P<close>[)\]])|\s*,\s*)"
)


def drop_brackets_and_quotes(text: str) -> str:
    """Quotes and brackets dropped: '최고경영자(씨이오) 일론' → '최고경영자 씨이오 일론', '우리(…)이' → '우리 …이'."""
    if '"' in text:
        text = _DOUBLE_QUOTED.sub(r"“\1”", text)
    if "'" in text:
        text = _SINGLE_QUOTED.sub(r"‘\1’", text)
    if ")" in text:
        # A particle after a bracket follows what is said last inside it: 최고경영자(CEO)는 → …씨이오는.
        text = _PARTICLE_AFTER_BRACKET.sub(lambda m: m["last"] + fit_particle(m["last"], m["particle"]), text)
    if _CLOSER_BEFORE_PARTICLE.search(text):
        text = _CLOSER_BEFORE_HANGUL.sub("", text)  # a particle stays with its word: …”라고, …)이
    if _holds_any(text, CLOSERS):
        text = _CLOSER.sub(" ", text)
    if _holds_any(text, OPENERS):
        text = _OPENER.sub(" ", text)
    return _STRAY_MARK.sub(" ", text) if _holds_any(text, "\"'") else text


_DOUBLE_QUOTED = re.compile(r'"([^"\n]*)"')
_SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])'([^'\n]{1,80})'")
_PARTICLE_AFTER_BRACKET = re.compile(
    rf"(?P<last>[{_HANGUL}])[)]\s?(?P<particle>을|를|은|는|이|가|과|와|으로|로)(?![{_HANGUL}])"
)
_CLOSER_BEFORE_PARTICLE = re.compile(rf"[{re.escape(CLOSERS_BEFORE_PARTICLES)}]")
_CLOSER_BEFORE_HANGUL = re.compile(
    rf"(?=[{re.escape(CLOSERS_BEFORE_PARTICLES)}])(?<![{re.escape(CLOSERS_BEFORE_PARTICLES)}])"
    rf"[{re.escape(CLOSERS_BEFORE_PARTICLES)}]+(?=[{_HANGUL}])"
)
_CLOSER = re.compile(rf"[{re.escape(CLOSERS)}]+")
_OPENER = re.compile(rf"[{re.escape(OPENERS)}]+")
_STRAY_MARK = re.compile(r"[\"']")


def read_separators(text: str) -> str:
    """Dashes, slashes, colons and semicolons become pauses; K-팝 joins; 1+1 says 플러스."""
    # Each pattern only where its mark is in the text: one scan in C, where a pattern that starts
    # with a look-ahead is tried at every position.
    if _PAUSE_MARK_CHARS.search(text):
        text = _PAUSE_MARK.sub(", ", text)
    if "-" in text:
        text = _JOINING_HYPHEN.sub("", text)
        text = text.replace("-", " ")
    if "+" in text:
        text = _PLUS.sub(f" {PLUS} ", text)
    if "&" in text:
        text = _AMPERSAND.sub(f" {AMPERSAND} ", text)
    if "%" in text:
        text = _PERCENT.sub(f" {UNIT_WORDS['%']}", text)
    return _SILENT_MARK.sub(" ", text)


_PAUSE_MARK_CHARS = re.compile(rf"[{DASHES}/;|:-]")
_PAUSE_MARK = re.compile(rf"(?=[\s{DASHES}/;|:-])(?<!\s)\s*(?:[{DASHES}/;|]|\s-\s|:(?!//))\s*")
_JOINING_HYPHEN = re.compile(rf"(?<=[{_HANGUL}A-Za-z])-(?=[{_HANGUL}])")
_PLUS = re.compile(r"(?=[\s+])(?<!\s)\s*\+\s*")
_AMPERSAND = re.compile(r"(?=[\s&])(?<!\s)\s*&\s*")
_PERCENT = re.compile(r"(?=[\s%])(?<!\s)\s*%")
_SILENT_MARK = re.compile(r"[*#_^`\\=]+")


def read_leftovers(text: str) -> str:
    """The last guard: no digit, hanja or symbol reaches the voice. A digit left by every rule is
    read by its name; a hanja with no known reading and any other symbol become a space."""
    if _holds_any(text, "0123456789"):
        text = _DIGIT.sub(lambda match: " " + " ".join(SINO_DIGITS[int(d)] for d in match.group(0)) + " ", text)
    return _LEFTOVER.sub(" ", text)


def _holds_any(text: str, characters: str) -> bool:
    """Whether any of a few `characters` is in `text`: one `in` each, faster than a class pattern's
    scan on a long text."""
    return any(character in text for character in characters)


_DIGIT = re.compile(r"[0-9]+")
# Everything but Hangul, Latin letters, spaces and . , ? ! is left over here.
_LEFTOVER = re.compile(rf"[^{_HANGUL}\u1100-\u11ff\u3131-\u318eA-Za-z\s.,?!]+")


def tidy(text: str) -> str:
    """One space between words, none before punctuation, no doubled or leading pauses."""
    # Every run of white space as one space: other white space becomes a space, then runs of spaces
    # close up (two patterns that start with a plain class or character, found in C).
    text = _SPACES.sub(" ", _OTHER_SPACE.sub(" ", text))
    if _MARK.search(text):
        text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    if "," in text:
        text = _COMMA_BEFORE_STOP.sub(r"\1", text)
    text = _COMMA_AFTER_STOP.sub(r"\1 ", text)
    text = _COMMAS.sub(",", text)
    return _LEADING_PAUSE.sub("", text).strip()


_OTHER_SPACE = re.compile(r"[^\S ]")
_SPACES = re.compile(r"  +")
_MARK = re.compile(r"[.,?!]")
# By then white space is single spaces: a pattern that starts with one, found in C.
_SPACE_BEFORE_MARK = re.compile(r" ([.,?!])")
_COMMA_BEFORE_STOP = re.compile(r"(?=,)(?<!,),+\s*([.?!])")
_COMMA_AFTER_STOP = re.compile(r"([.?!])\s*,+\s*")
_COMMAS = re.compile(r",(?:\s*,)+")
_LEADING_PAUSE = re.compile(r"^[\s,]+")

"""Steps for everything that is not a number or a Latin letter: page furniture, symbols, marks.

Each step is a pure `str -> str` function; `normalizer.DEFAULT_STEPS` puts them in order.
Sentence punctuation (. , ? !) is what the voices pause on, so marks that mean a pause become
one of those, and marks that mean nothing are dropped without gluing words together.
"""

import re
import unicodedata

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
    SYMBOL_WORDS,
    UNIFORM_CHARACTERS,
    UNIT_WORDS,
)

_HANGUL = "가-힣"


def unify_characters(text: str) -> str:
    """Full-width ＣＥＯ and １２, odd spaces, minus signs and wave dashes become plain ASCII."""
    return unicodedata.normalize("NFC", text).translate(_UNIFORM)


_UNIFORM = str.maketrans(
    {**{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}, **UNIFORM_CHARACTERS}
)


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


def drop_photo_metadata(text: str) -> str:
    """Wire-photo trails such as 'REUTERS/Carlos Barria/File Photo/2024-10-31 08:06:42/'."""
    return _PHOTO_TRAIL.sub(" ", text)


_PHOTO_TRAIL = re.compile(
    r"(?:[A-Z][A-Za-z.'\-]*(?: [A-Za-z.'\-]+)*/)+\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?/?"
)


def drop_bullets(text: str) -> str:
    """▲ ■ ● ※ • and kin: dropped; between listed items ('▲가 ▲나') they leave a pause."""
    return "\n".join(_drop_line_bullets(line) for line in text.split("\n"))


def _drop_line_bullets(line: str) -> str:
    # The first bullet of a line opens a list; each later one separates two items.
    first, *rest = _BULLET.split(line)
    if not rest:
        return line
    return " ".join((first, ", ".join(rest)))


_BULLET = re.compile(rf"\s*[{re.escape(BULLETS)}]+\s*")


def expand_symbols(text: str) -> str:
    """㈜ 주식회사, (주) 주식회사, ㈔ 사단법인: symbols that stand for words."""
    return _SYMBOL.sub(lambda match: f" {SYMBOL_WORDS[match.group(0)]} ", text)


_SYMBOL = re.compile("|".join(re.escape(symbol) for symbol in sorted(SYMBOL_WORDS, key=len, reverse=True)))


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


def read_ellipses(text: str) -> str:
    """'…' and '...' are a pause: a comma mid-sentence, nothing after ? or !, a period at the end."""
    return _ELLIPSIS.sub(_ellipsis, text).strip()


_ELLIPSIS = re.compile(r"\s*(?:" + "|".join(re.escape(mark) for mark in ELLIPSES) + r"|\.{3,})\s*")


def _ellipsis(match: re.Match) -> str:
    before = match.string[: match.start()].rstrip()
    after = match.string[match.end() :].strip()
    if not before:
        return ""
    if before[-1] in ".?!,":
        return " "
    return ", " if after else "."


def drop_repeated_glosses(text: str) -> str:
    """엑스(엑스, 옛 트위터) → 엑스(옛 트위터); 테슬라(테슬라) → 테슬라: say a gloss only if it adds."""
    return _REPEATED_GLOSS.sub(
        lambda match: match["word"] + ("" if match["close"] else match["open"]), text
    )


_REPEATED_GLOSS = re.compile(
    rf"(?P<word>[{_HANGUL}]+)(?P<open>[(\[])\s*(?P=word)(?:\s*(?P<close>[)\]])|\s*,\s*)"
)


def drop_brackets_and_quotes(text: str) -> str:
    """Quotes and brackets dropped: '최고경영자(씨이오) 일론' → '최고경영자 씨이오 일론', '우리(…)이' → '우리 …이'."""
    text = _DOUBLE_QUOTED.sub(r"“\1”", text)
    text = _SINGLE_QUOTED.sub(r"‘\1’", text)
    text = _CLOSER_BEFORE_HANGUL.sub("", text)  # a particle stays with its word: …”라고, …)이
    text = _CLOSER.sub(" ", text)
    text = _OPENER.sub(" ", text)
    return _STRAY_MARK.sub(" ", text)


_DOUBLE_QUOTED = re.compile(r'"([^"\n]*)"')
_SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])'([^'\n]{1,80})'")
_CLOSER_BEFORE_HANGUL = re.compile(rf"[{re.escape(CLOSERS_BEFORE_PARTICLES)}]+(?=[{_HANGUL}])")
_CLOSER = re.compile(rf"[{re.escape(CLOSERS)}]+")
_OPENER = re.compile(rf"[{re.escape(OPENERS)}]+")
_STRAY_MARK = re.compile(r"[\"']")


def read_separators(text: str) -> str:
    """Dashes, slashes, colons and semicolons become pauses; K-팝 joins; 1+1 says 플러스."""
    text = _PAUSE_MARK.sub(", ", text)
    text = _JOINING_HYPHEN.sub("", text)
    text = text.replace("-", " ")
    text = _PLUS.sub(f" {PLUS} ", text)
    text = _AMPERSAND.sub(f" {AMPERSAND} ", text)
    text = _PERCENT.sub(f" {UNIT_WORDS['%']}", text)
    return _SILENT_MARK.sub(" ", text)


_PAUSE_MARK = re.compile(rf"\s*(?:[{DASHES}/;|]|\s-\s|:(?!//))\s*")
_JOINING_HYPHEN = re.compile(rf"(?<=[{_HANGUL}A-Za-z])-(?=[{_HANGUL}])")
_PLUS = re.compile(r"\s*\+\s*")
_AMPERSAND = re.compile(r"\s*&\s*")
_PERCENT = re.compile(r"\s*%")
_SILENT_MARK = re.compile(r"[*#_^`\\=]+")


def tidy(text: str) -> str:
    """One space between words, none before punctuation, no doubled or leading pauses."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _COMMA_BEFORE_STOP.sub(r"\1", text)
    text = _COMMA_AFTER_STOP.sub(r"\1 ", text)
    text = _COMMAS.sub(",", text)
    return _LEADING_PAUSE.sub("", text).strip()


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_MARK = re.compile(r"\s+([.,?!])")
_COMMA_BEFORE_STOP = re.compile(r",+\s*([.?!])")
_COMMA_AFTER_STOP = re.compile(r"([.?!])\s*,+\s*")
_COMMAS = re.compile(r",(?:\s*,)+")
_LEADING_PAUSE = re.compile(r"^[\s,]+")

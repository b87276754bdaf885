"""Who wrote it: reporter bylines and the dateline prefix Korean wire copy opens with.

`(세종=연합뉴스) 김민수 기자 = 반도체 수출이 …` opens a paragraph with where, which agency and who;
`홍길동 기자 hong@example.co.kr` closes an article. Both are byline, not text to read aloud.
"""

import re
from dataclasses import dataclass

from a11y.ingest.patterns import AGENCIES, DATELINE, EMAIL, NAMES, ROLE, agency_in

_BYLINE = re.compile(rf"(?<![가-힣])(?!{ROLE})(?P<names>{NAMES})\s*(?P<role>{ROLE})(?![가-힣])")
_NAME_SEPARATOR = re.compile(r"\s{0,3}([·ㆍ,])\s{0,3}")

# [이데일리 홍길동 기자] · 홍길동 기자 = : the other openings wire copy and papers use.
_OPENING = re.compile(
    rf"^\s*(?:\[(?:[가-힣A-Za-z0-9]{{1,20}}\s)?(?P<names>{NAMES})\s?(?P<role>{ROLE})\]"
    rf"|(?P<names2>{NAMES})\s?(?P<role2>{ROLE})\s?=)\s*"
)
# [파이낸셜뉴스] · [헤럴드경제] · [머니투데이]: a paper names itself where wire copy names its dateline.
_PAPER_OPENING = re.compile(
    r"^\s?[\[【]\s?(?P<paper>[가-힣A-Za-z0-9]{1,12}(?:뉴스|일보|신문|경제|타임스|타임즈|투데이|미디어|데일리|닷컴|TV|뉴스1))\s?[\]】]\s?"
)
_TRAILING = re.compile(
    rf"[/\[(]?\s?(?P<names>{NAMES})\s?(?P<role>{ROLE})\s?[\])]?\s?(?:[(<]?{EMAIL.pattern}[)>]?)?\s*$"
)
_BYLINE_LINE = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?:[가-힣A-Za-z0-9]{{1,20}}\s{{1,3}})?{NAMES}\s?{ROLE}(?:\s{{1,3}}{NAMES}\s?{ROLE}){{0,7}}"
)
MAX_BYLINE_LINE_CHARS = 80
TRAILING_BYLINE_CHARS = 200
MAX_AGENCY_LINE_CHARS = 40
# Korean agency names, as a whole word: 연합뉴스 (not 연합뉴스TV's sister sites), 뉴시스, 뉴스1.
_AGENCY_WORD = re.compile(
    "(?<![가-힣A-Za-z0-9])(?:" + "|".join(sorted((re.escape(a) for a in AGENCIES if re.match("[가-힣]", a)), key=len, reverse=True)) + ")(?![가-힣A-Za-z0-9])"
)
# A closing byline ends a sentence: everything before it ends so.
_SENTENCE_CLOSE = (".", "다", "”", '"', ")", "]", "’", "'")


@dataclass(frozen=True)
class Opening:
    """What a wire-copy opening said: the agency (`연합뉴스`) and the byline (`김민수 기자`), each if named."""

    agency: str | None = None
    byline: str | None = None


def byline_in(text: str) -> str | None:
    """`홍길동 기자` from any text that names a reporter, else None."""
    match = _BYLINE.search(text)
    return _format(match["names"], match["role"]) if match else None


def is_byline_line(line: str) -> bool:
    """A short line that only names the reporter: `홍길동 기자 hong@…`, `[이투데이/홍길동 기자]`."""
    if len(line) > MAX_BYLINE_LINE_CHARS:
        return False
    text = " ".join(re.sub(r"[\[\]()<>【】/=|]", " ", EMAIL.sub(" ", line) if "@" in line else line).split())
    return bool(_BYLINE_LINE.fullmatch(text))


def agency_line(line: str) -> str | None:
    """The agency a line that only credits one names: `[연합뉴스]`, `/뉴시스`, `(서울=연합뉴스)`, `<뉴스1>`."""
    if len(line) > MAX_AGENCY_LINE_CHARS:
        return None
    match = DATELINE.match(line)
    if match and match.end() >= len(line.rstrip()):
        return agency_in(match["agency"])
    return agency_in(line.strip(" []()<>【】/-=·|"))


def agency_before_byline(line: str) -> str | None:
    """`연합뉴스 홍길동 기자` → `연합뉴스`: the agency a byline line names first, if any."""
    words = re.sub(r"[\[\]()<>【】/=|]", " ", line).split()
    return agency_in(words[0]) if len(words) > 1 else None


def agency_named_in(text: str) -> str | None:
    """The first agency a copyright notice names (`<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>`)."""
    found = _AGENCY_WORD.search(text)
    return found.group() if found else None


def strip_dateline(paragraph: str) -> tuple[str, str | None]:
    """The paragraph without a wire-copy opening, and the byline that opening named."""
    text, opening = strip_opening(paragraph)
    return text, opening.byline


def strip_opening(paragraph: str) -> tuple[str, Opening]:
    """The paragraph without `(세종=연합뉴스) 김민수 기자 =` (or `[이데일리 홍길동 기자]`), and what it named."""
    match = DATELINE.match(paragraph)
    if match and match.end() < len(paragraph):
        agency = match["agency"].strip()
        # `(뉴욕=윤원섭 특파원)`: a correspondent where the agency would be.
        byline = _format(match["names"], match["role"]) if match["names"] else byline_in(agency)
        return paragraph[match.end():].strip(), Opening(agency_in(agency), byline)
    match = _PAPER_OPENING.match(paragraph)
    if match and match.end() < len(paragraph):  # [파이낸셜뉴스] …: the paper's own name, then the story
        return paragraph[match.end():].strip(), Opening(agency_in(match["paper"]), None)
    match = _OPENING.match(paragraph)
    if match and match.end() < len(paragraph):
        names, role = (match["names"], match["role"]) if match["names"] else (match["names2"], match["role2"])
        return paragraph[match.end():].strip(), Opening(None, _format(names, role))
    return paragraph, Opening()


def strip_trailing_byline(paragraph: str) -> tuple[str, str | None]:
    """The paragraph without a closing `/홍길동 기자 hong@…`, and that byline."""
    match = _search_trailing(paragraph)
    if not match or not paragraph[: match.start()].strip():
        return paragraph, None
    before = paragraph[: match.start()].rstrip()
    if not before.endswith(_SENTENCE_CLOSE):
        return paragraph, None  # a name and a role inside a sentence, not a byline after it
    return before, _format(match["names"], match["role"])


def _search_trailing(text: str) -> re.Match | None:
    # Anchored at the end: only the last 200 characters can hold it, so a long paragraph costs nothing.
    return _TRAILING.search(text, max(0, len(text) - TRAILING_BYLINE_CHARS))


def _format(names: str, role: str) -> str:
    return _NAME_SEPARATOR.sub(r"\1", names) + " " + role

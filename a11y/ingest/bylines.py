"""Who wrote it: reporter bylines and the dateline prefix Korean wire copy opens with.

`(세종=연합뉴스) 김민수 기자 = 반도체 수출이 …` opens a paragraph with where, which agency and who;
`홍길동 기자 hong@example.co.kr` closes an article. Both are byline, not text to read aloud.
"""

import re

_ROLE = (
    r"(?:선임기자|전문기자|객원기자|인턴기자|수습기자|기자|특파원|논설위원|논설실장|편집위원|통신원|"
    r"칼럼니스트|앵커|PD)"
)
_NAMES = r"[가-힣]{2,4}(?:\s*[·ㆍ,]\s*[가-힣]{2,4})*"
_BYLINE = re.compile(rf"(?P<names>{_NAMES})\s*(?P<role>{_ROLE})(?![가-힣])")
_NAME_SEPARATOR = re.compile(r"\s*([·ㆍ,])\s*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# (세종=연합뉴스) 김민수 기자 = · 【서울=뉴시스】홍길동 기자 = · [이데일리 홍길동 기자] · 홍길동 기자 =
_DATELINE = re.compile(
    rf"^\s*(?:[(\[【]\s*(?P<place>[^=)\]】]{{1,15}})=\s*(?P<agency>[^)\]】]{{1,15}})[)\]】]\s*"
    rf"(?:(?P<names>{_NAMES})\s*(?P<role>{_ROLE})\s*)?=?"
    rf"|\[(?:[가-힣A-Za-z0-9]+\s+)?(?P<names2>{_NAMES})\s*(?P<role2>{_ROLE})\]"
    rf"|(?P<names3>{_NAMES})\s*(?P<role3>{_ROLE})\s*=)\s*"
)
_TRAILING = re.compile(rf"\s*[/\[(]?\s*(?P<names>{_NAMES})\s*(?P<role>{_ROLE})\s*[\])]?\s*(?:[(<]?{_EMAIL.pattern}[)>]?)?\s*$")


def byline_in(text: str) -> str | None:
    """`홍길동 기자` from any text that names a reporter, else None."""
    match = _BYLINE.search(text)
    return _format(match["names"], match["role"]) if match else None


def is_byline_line(line: str) -> bool:
    """A short line that only names the reporter: `홍길동 기자 hong@…`, `[이투데이/홍길동 기자]`."""
    if len(line) > 80:
        return False
    text = re.sub(r"[\[\]()<>【】/=|]", " ", _EMAIL.sub(" ", line)).strip()
    return bool(re.fullmatch(rf"(?:[가-힣A-Za-z0-9]+\s+)?{_NAMES}\s*{_ROLE}(?:\s+{_NAMES}\s*{_ROLE})*", text))


def strip_dateline(paragraph: str) -> tuple[str, str | None]:
    """The paragraph without a wire-copy opening, and the byline that opening named."""
    match = _DATELINE.match(paragraph)
    if not match or match.end() >= len(paragraph):
        return paragraph, None
    names = match["names"] or match["names2"] or match["names3"]
    role = match["role"] or match["role2"] or match["role3"]
    return paragraph[match.end():].strip(), _format(names, role) if names else None


def strip_trailing_byline(paragraph: str) -> tuple[str, str | None]:
    """The paragraph without a closing `/홍길동 기자 hong@…`, and that byline."""
    match = _TRAILING.search(paragraph)
    if not match or not paragraph[: match.start()].strip():
        return paragraph, None
    before = paragraph[: match.start()].rstrip()
    if not before.endswith((".", "다", "”", '"', ")", "]")):
        return paragraph, None  # a name and a role inside a sentence, not a byline after it
    return before, _format(match["names"], match["role"])


def _format(names: str, role: str) -> str:
    return _NAME_SEPARATOR.sub(r"\1", names) + " " + role

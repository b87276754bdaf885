"""Photo captions: the words that describe the photo, the credit, and the boilerplate to drop.

A caption as a Korean page prints it, e.g.
`▲미국 대통령 … 지원 연설을 하고 있다. 펜실베이니아/로이터연합뉴스4. REUTERS/Carlos Barria/File Photo/
2024-10-31 08:06:42/<저작권자 ⓒ 1980-2024 ㈜연합뉴스. 무단 전재 재배포 금지, AI 학습 및 활용 금지>`
is the caption `미국 대통령 … 지원 연설을 하고 있다.`, the credit `펜실베이니아/로이터연합뉴스`, and noise.
"""

import re

from a11y.ingest import bylines

_MARKER = re.compile(r"^\s*(?:[▲△▶▷■□◆◇●○※]+|\[\s*사진\s*\]|<\s*사진\s*>)\s*")
_CAPTION_START = re.compile(r"^\s*[▲△]")

# (부산=연합뉴스) 강덕철 기자 = … · 【서울=뉴시스】 … : the agency, and maybe the photographer.
_DATELINE = re.compile(
    r"^[(\[【]\s*[^=)\]】]{1,15}=\s*(?P<agency>[^)\]】]{1,15})[)\]】]\s*"
    r"(?:(?P<name>[가-힣]{2,4})\s*(?P<role>기자|특파원|통신원)\s*)?=?\s*"
)
# [사진=연합뉴스] · (사진 제공=삼성전자) · 사진=뉴스1 · /사진제공=서울시 · (자료=통계청)
_LABELLED = re.compile(
    r"[\[(/]?\s*(?:사진|자료|그래픽|영상|이미지|출처)\s*(?P<provided>제공)?\s*[=:]\s*"
    r"(?P<name>[^\])/=\s][^\])/=]*?)\s*(?P<provided2>제공)?\s*(?:[\])]|(?=\s*$)|(?=\s*/)|(?=\s{2}))"
)
# (서울=연합뉴스) after the words
_PLACE_AGENCY = re.compile(r"[(\[【]\s*[^=)\]】]{1,15}=\s*(?P<name>[^)\]】]{1,15}?)\s*[)\]】]")
# [삼성전자 제공] · (서울시 제공)
_PROVIDED = re.compile(r"[\[(]\s*(?P<name>[^\[\]()]{1,30}?)\s*제공\s*[\])]")
# ⓒ 뉴스1 · ©AP — not `ⓒ 1980-2024 ㈜연합뉴스`, which is the start of a copyright notice.
_MARK = re.compile(r"[<(\[]?\s*(?:ⓒ|©|Ⓒ)\s*(?P<name>[^\s\d<>()\[\],.][^\s<>()\[\],]*)\s*[>)\]]?")
# 펜실베이니아/로이터연합뉴스 · /뉴시스 · 2024.11.5/뉴스1 — a source after the words, joined by a slash.
# Digits end a name (`로이터연합뉴스4.` is a photo number), except in names that have them.
_SLASH = re.compile(
    r"(?:^|(?<=[\s\d.]))(?P<credit>(?:[^\s/<>=\d.,][^\s/<>=]{0,19})?/\s?(?:뉴스1|뉴스핌|[^\s/<>\d.,]{2,30}?)(?:\s(?:연합뉴스|뉴스1|뉴시스))?)"
    r"(?=\d|[\s<.,)\]]|$)"
)
# (AP Photo/Evan Vucci) · AFP PHOTO/…
_WIRE = re.compile(r"[(\[]?\s*(?P<name>AP|AFP|EPA|UPI|Reuters|REUTERS)\s+(?:Photo|PHOTO)\b[^)\]]*[)\]]?")
# …있다. 연합뉴스 · …있다. [청와대] — one short name after the last sentence, closing the caption.
_TRAILING = re.compile(r"(?<=\.)\s+[\[(<]?\s*(?P<name>[^\s\d\[\]()<>=/][^\s\[\]()<>=/]{1,19})\s*[\])>]?\s*$")

# Where the words stop and the printed boilerplate starts.
_NOISE = re.compile(
    r"<\s*저작권자|[<(\[]?\s*저작권자|무단\s*전재|무단\s*복제|재배포\s*금지|copyright|all rights reserved|"
    r"[<(\[]?\s*(?:ⓒ|©|Ⓒ)\s*\d|REUTERS/|AP\s*Photo|AFP\s*PHOTO|EPA/|Yonhap/|"
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:19|20)\d{2}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}",
    re.I,
)


def is_caption_line(line: str) -> bool:
    """A line of visible text that is a photo caption (Korean pages mark them with ▲ or △)."""
    return bool(_CAPTION_START.match(line))


def split_caption(raw: str) -> tuple[str, str | None]:
    """(caption, credit) from a caption as printed; everything else in it is dropped."""
    text = _once(" ".join(raw.split()))
    text = _MARKER.sub("", text)
    credit = None

    dateline = _DATELINE.match(text)
    if dateline:
        credit = dateline["agency"].strip()
        if dateline["name"]:
            credit = f"{credit} {dateline['name']} {dateline['role']}"
        text = text[dateline.end():]

    found = _first_credit(text)
    cut = len(text)
    if found:
        start, end, name = found
        if start == 0:  # `[사진=연합뉴스] 1일 …`: the credit opens the caption
            text = text[end:].lstrip(" ,.:")
        else:
            cut = start
        credit = credit or name
    noise = _NOISE.search(text)
    if noise:
        cut = min(cut, noise.start())
    caption = text[:cut].strip(" /,|-([")
    if not credit:
        found = _first_credit(text[cut:])
        credit = found[2] if found else None
    return _MARKER.sub("", caption).strip(), _tidy(credit)


def same_caption(first: str, second: str) -> bool:
    """Two printings of one caption (alt text, then the caption with its credit)."""
    a, b = _key(first), _key(second)
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _first_credit(text: str) -> tuple[int, int, str] | None:
    """The earliest credit in text, as (start, end, name); at one place, the more specific pattern wins."""
    candidates = []
    patterns = (_LABELLED, _PROVIDED, _PLACE_AGENCY, _MARK, _WIRE, _TRAILING)
    for priority, pattern in enumerate(patterns):
        match = pattern.search(text)
        if match:
            name = match["name"].strip()
            if pattern is _PROVIDED or (pattern is _LABELLED and (match["provided"] or match["provided2"])):
                name = f"{name} 제공"
            candidates.append((match.start(), priority, match.end(), name))
    slash = _SLASH.search(text)
    if slash and not _NOISE.match(text, slash.start()):
        credit = slash["credit"].lstrip("/").replace("/ ", "/")
        candidates.append((slash.start(), len(patterns), slash.end(), credit))
    if not candidates:
        return None
    start, _, end, name = min(candidates)
    return start, end, name


def _tidy(credit: str | None) -> str | None:
    """`윤원규기자` → `윤원규 기자`; other credits as printed."""
    if not credit:
        return None
    byline = bylines.byline_in(credit)
    return byline if byline and byline.replace(" ", "") == credit.replace(" ", "") else credit


def _once(text: str) -> str:
    """A caption printed twice in a row (alt text, then caption) reads once."""
    for middle in range(len(text) // 2, 8, -1):
        first, second = text[:middle].strip(), text[middle:].strip()
        if first and second.startswith(first) and text[middle].isspace():
            return second
    return text


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", split_caption(text)[0] if _MARKER.match(text) else text)

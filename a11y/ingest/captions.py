"""Photo captions: the words that describe the photo, the credit, and the boilerplate to drop.

A caption as a Korean page prints it, e.g.
`▲미국 대통령 … 지원 연설을 하고 있다. 펜실베이니아/로이터연합뉴스4. REUTERS/Carlos Barria/File Photo/
2024-10-31 08:06:42/<저작권자 ⓒ 1980-2024 ㈜연합뉴스. 무단 전재 재배포 금지, AI 학습 및 활용 금지>`
is the caption `미국 대통령 … 지원 연설을 하고 있다.`, the credit `펜실베이니아/로이터연합뉴스`, and noise.

Credits come in many forms (`사진=…`, `[사진출처=…]`, `(사진 제공=…)`, `[삼성전자 제공]`, `ⓒ뉴스1`,
`/연합뉴스`, `서울=연합뉴스`, `홍길동 기자 hong@…`); one the page labels as the photo's (`사진=`, `제공`,
`ⓒ`, `AP Photo`) beats the agency named by a wire dateline opening the caption.
"""

import re

from a11y.ingest import bylines
from a11y.ingest.patterns import DATELINE, EMAIL, NAMES, PLACE_AGENCY, ROLE, URL_ONLY

# Longer than this, a caption is not checked for being printed twice (a quadratic check).
MAX_REPEAT_CHECK_CHARS = 1000

_MARKER = re.compile(r"^\s*(?:[▲△▶▷■□◆◇●○※]+|\[\s*사진\s*\]|<\s*사진\s*>)\s*")
_CAPTION_START = re.compile(r"^\s*[▲△]")

# [사진=연합뉴스] · (사진 제공=삼성전자) · 사진=뉴스1 · /사진제공=서울시 · (자료=통계청) · [사진출처=픽사베이]
_LABELLED = re.compile(
    r"[\[(/]?\s?(?:사진|자료|그래픽|영상|이미지|출처)\s?(?:(?P<provided>제공)|출처)?\s?[=:]\s?"
    r"(?P<name>[^\])/=\s][^\])/=]{0,40}?)\s?(?P<provided2>제공)?\s?(?:[\])]|$|(?=\s?/)|(?=\s{2}))"
)
# (서울=연합뉴스) after the words
_PLACE_AGENCY = re.compile(PLACE_AGENCY)
# …있다. 서울=연합뉴스 · 서울=뉴시스 김명년 기자: the same without brackets, closing the caption.
_BARE_PLACE_AGENCY = re.compile(
    rf"(?<![^\s.])(?P<place>[가-힣A-Za-z]{{1,10}})\s?=\s?(?P<agency>[가-힣A-Za-z0-9]{{2,15}}?)"
    rf"(?:\s?(?P<own_role>{ROLE})|\s(?P<names>{NAMES})\s?(?P<role>{ROLE}))?(?=\s|$)"
)
# [삼성전자 제공] · (서울시 제공) · …있다. 산림청 제공
_PROVIDED = re.compile(
    r"[\[(]\s?(?P<name>[^\[\]()]{1,30}?)\s?제공(?:[.,]\s?[^\[\]()]{0,30})?\s?[\])]|(?<=[.\s])(?P<bare>[^\s\[\]()]{2,20})\s?제공\s*$"
)
# ⓒ 뉴스1 · ©AP — not `ⓒ 1980-2024 ㈜연합뉴스`, which is the start of a copyright notice.
_MARK = re.compile(
    r"[<(\[]?\s?(?:ⓒ|©|Ⓒ)\s?(?P<name>[^\s\d<>()\[\],.][^\s<>()\[\],]{0,30}"
    rf"(?:\s{NAMES}\s?{ROLE}(?![가-힣]))?)\s?[>)\]]?"
)  # ⓒ데일리안 홍금표 기자: the paper and its photographer
# 펜실베이니아/로이터연합뉴스 · /뉴시스 · 2024.11.5/뉴스1 — a source after the words, joined by a slash.
# Digits end a name (`로이터연합뉴스4.` is a photo number), except in names that have them.
_SLASH = re.compile(
    r"(?:^|(?<=[\s\d.]))(?P<credit>(?:[^\s/<>=\d.,](?:[^\s/<>=]{0,18}[^\s/<>=.,])?)?/\s?(?:뉴스1|뉴스핌|[^\s/<>\d.,]{2,30}?)(?:\s(?:연합뉴스|뉴스1|뉴시스))?)"
    r"(?=\d|[\s<.,)\]]|$)"
)
# (AP Photo/Evan Vucci) · AFP PHOTO/…
_WIRE = re.compile(r"[(\[]?\s?(?P<name>AP|AFP|EPA|UPI|Reuters|REUTERS)\s(?:Photo|PHOTO)\b[^)\]]{0,80}[)\]]?")
# …있다. 홍길동 기자 · …있다. /홍길동기자 hong@…: the photographer, closing the caption.
_REPORTER = re.compile(rf"(?<![가-힣])[/\[(]?\s?(?P<name>{NAMES}\s?(?:사진)?{ROLE})(?![가-힣])\s?[\])]?")
# …있다. 세계일보 자료사진 · …있다. 연합뉴스 DB: an archive photo, credited to whose archive.
_ARCHIVE = re.compile(
    r"(?<=[.\s/])[\[(]?\s?(?P<name>[^\s\[\]()/]{1,20}\s?(?:자료\s?사진|자료\s?화면|사진\s?DB|DB))\s?[\])]?\s*$"
)  # …있다. 세계일보 자료사진 · [연합뉴스 자료사진]
# …있다. 연합뉴스 · …있다. [청와대] — one short name after the last sentence, closing the caption.
_TRAILING = re.compile(r"(?<=\.)\s{1,3}[\[(<]?\s?(?P<name>[^\s\d\[\]()<>=/][^\s\[\]()<>=/]{1,19})\s?[\])>]?\s*$")

# Credits the page labels as the photo's own: they beat an agency dateline.
_EXPLICIT = ("labelled", "provided", "mark", "wire", "archive")
_CREDITS = (
    ("labelled", _LABELLED), ("provided", _PROVIDED), ("place", _PLACE_AGENCY), ("bare", _BARE_PLACE_AGENCY),
    ("mark", _MARK), ("wire", _WIRE), ("archive", _ARCHIVE), ("reporter", _REPORTER), ("trailing", _TRAILING),
)  # fmt: skip
# What each kind of credit cannot do without: a caption lacking all of them is not searched for it.
_HINTS = {
    "labelled": ("=", ":"), "provided": ("제공",), "place": ("=",), "bare": ("=",), "mark": ("ⓒ", "©", "Ⓒ"),
    "wire": ("Photo", "PHOTO"), "reporter": ("기자", "특파원", "위원", "통신원", "칼럼니스트", "앵커", "PD", "실장"),
    "trailing": (".",), "slash": ("/",), "archive": ("자료", "DB"),
}  # fmt: skip
_NOISE_HINTS = ("저작권", "무단", "재배포", "copyright", "rights reserved", "ⓒ", "©", "Ⓒ", "/", "photo")

# Alt texts that say nothing: 사진 · 기사 이미지 3 · image · IMG_2041.JPG · 20241105_01 · photo-1
_GENERIC_ALT = re.compile(r"(?:기사\s?|본문\s?)?(?:이미지|사진|그림|썸네일|대표\s?이미지)(?:\s?\d{1,3})?|image|photo|img|thumbnail|picture", re.I)
_FILE_NAME = re.compile(
    r"(?<![\w.+-])[\w.+-]{0,120}\.(?:jpe?g|png|gif|webp|bmp|svg|avif)|(?<![A-Za-z0-9_-])[A-Za-z_-]{0,12}\d[A-Za-z0-9_-]{3,60}", re.I
)
_LETTERS = re.compile(r"[가-힣A-Za-z]")

# Where the words stop and the printed boilerplate starts.
# Three patterns, not one alternation: each then scans at C speed for its own first character.
_NOISE_MARK = re.compile(
    r"[<(\[]?\s?저작권자|무단\s?(?:전재|복제)|재배포\s?금지|(?i:copyright|all rights reserved)|"
    r"[<(\[]?\s?[ⓒ©Ⓒ]\s?\d|REUTERS/|AP\s?Photo|AFP\s?PHOTO|EPA/|Yonhap/"
)
_NOISE_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}")


def is_caption_line(line: str) -> bool:
    """A line of visible text that is a photo caption (Korean pages mark them with ▲ or △)."""
    return bool(_CAPTION_START.match(line))


def has_credit(line: str) -> bool:
    """A line that names where a photo came from (`사진=…`, `/연합뉴스`, `홍길동 기자`, …)."""
    return split_caption(line)[1] is not None


def split_caption(raw: str) -> tuple[str, str | None]:
    """(caption, credit) from a caption as printed; everything else in it is dropped."""
    text = _MARKER.sub("", _once(" ".join(raw.split())))
    dateline_credit = None
    dateline = DATELINE.match(text)
    if dateline:
        dateline_credit = dateline["agency"].strip()
        if dateline["names"]:
            dateline_credit = f"{dateline_credit} {bylines.byline_in(dateline['names'] + dateline['role'])}"
        text = text[dateline.end():]

    found = _first_credit(text)
    cut = len(text)
    credit = None
    if found:
        start, end, name, kind = found
        if start == 0:  # `[사진=연합뉴스] 1일 …`: the credit opens the caption
            text = text[end:].lstrip(" ,.:")
        else:
            cut = start
        credit = name if kind in _EXPLICIT or not dateline_credit else dateline_credit
    noise = _noise_start(text)
    if noise is not None:
        cut = min(cut, noise)
    caption = text[:cut].strip(" /,|-([")
    if not credit:
        rest = _first_credit(text[cut:])
        credit = dateline_credit if dateline_credit and not (rest and rest[3] in _EXPLICIT) else rest and rest[2]
    return _MARKER.sub("", caption).strip(), _tidy(credit or None)


def meaningful_alt(alt: str, title: str = "") -> str:
    """The alt text if it says what a photo shows; "" for a file name, a generic word (`사진`, `image`),
    fewer than two letters, or the headline repeated."""
    alt = " ".join(alt.split())
    letters = len(_LETTERS.findall(alt))
    if letters < 2 or not alt or _GENERIC_ALT.fullmatch(alt) or _FILE_NAME.fullmatch(alt) or URL_ONLY.fullmatch(alt):
        return ""
    alt_key, title_key = re.sub(r"[\W_]+", "", alt), re.sub(r"[\W_]+", "", title)
    if title_key and (alt_key in title_key or (title_key in alt_key and len(alt_key) <= len(title_key) + 10)):
        return ""
    return alt


def same_caption(first: str, second: str) -> bool:
    """Two printings of one caption (alt text, then the caption with its credit)."""
    a, b = _key(first), _key(second)
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _first_credit(text: str) -> tuple[int, int, str, str] | None:
    """The earliest credit in text, as (start, end, name, kind); at one place, the more specific pattern wins."""
    candidates = []
    for priority, (kind, pattern) in enumerate(_CREDITS):
        match = pattern.search(text) if any(hint in text for hint in _HINTS[kind]) else None
        rest = text[match.end():].strip() if match else ""
        if not match or (kind == "reporter" and rest and _noise_start(rest) != 0):
            continue  # a reporter's name closes a caption; one inside its words is what the photo shows
        candidates.append((match.start(), priority, match.end(), _name(kind, match), kind))
    slash = _SLASH.search(text) if "/" in text else None
    if slash and _noise_start(text, slash.start()) != slash.start():
        credit = slash["credit"].lstrip("/").replace("/ ", "/")
        candidates.append((slash.start(), len(_CREDITS), slash.end(), credit, "slash"))
    if not candidates:
        return None
    start, _, end, name, kind = min(candidates)
    return start, end, name, kind


def _noise_start(text: str, start: int = 0) -> int | None:
    """Where the printed boilerplate (copyright, wire tags, an e-mail, a date) starts, if anywhere."""
    lowered = text.lower()
    marked = any(hint in lowered for hint in _NOISE_HINTS)
    found = [match.start() for pattern in (_NOISE_MARK, _NOISE_DATE) if (marked or pattern is _NOISE_DATE) and (match := pattern.search(text, start))]
    if "@" in text and (email := EMAIL.search(text, start)):
        found.append(email.start())
    return min(found, default=None)


def _name(kind: str, match: re.Match) -> str:
    if kind == "place":
        return match["agency"].strip()
    if kind == "bare" and match["own_role"]:  # 잠실=허상욱 기자: the photographer where the agency would be
        return f"{match['agency']} {match['own_role']}"
    if kind == "bare":
        reporter = f" {bylines.byline_in(match['names'] + match['role'])}" if match["names"] else ""
        return match["agency"] + reporter
    name = (match["name"] or match["bare"] or "").strip() if kind == "provided" else match["name"].strip()
    if kind == "provided" or (kind == "labelled" and (match["provided"] or match["provided2"])):
        return f"{name} 제공"
    return name


def _tidy(credit: str | None) -> str | None:
    """`윤원규기자` → `윤원규 기자`; other credits as printed."""
    if not credit:
        return None
    byline = bylines.byline_in(credit)
    return byline if byline and byline.replace(" ", "") == credit.replace(" ", "") else credit


def _once(text: str) -> str:
    """A caption printed twice in a row (alt text, then caption) reads once."""
    if len(text) > MAX_REPEAT_CHECK_CHARS or len(text) < 18:
        return text
    # Only where the opening words appear again can the second printing start.
    opening, middle = text[:8], len(text) // 2 + 10
    while (middle := text.rfind(opening, 9, middle)) > 8:
        first, second = text[:middle].strip(), text[middle:].strip()
        if text[middle - 1].isspace() and second.startswith(first):
            return second
    return text


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", split_caption(text)[0] if _MARKER.match(text) else text)

"""Publication times as Korean pages print them, read as Asia/Seoul time."""

import re
from datetime import datetime, timedelta, timezone

from a11y.article import KST

# 2024-11-05 16:19 · 2024.11.05 오후 4:19 · 2024년 11월 5일 16시 19분 · 2024-11-05T16:19:00+09:00
_DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-./년]\s*(?P<m>\d{1,2})\s*[-./월]\s*(?P<d>\d{1,2})(?:\s*[.일])?"
    r"(?:\s*\([월화수목금토일]\))?"
    r"(?:(?:\s*T\s*|\s+)(?:(?P<ampm>오전|오후|AM|PM|am|pm)\s*)?"
    r"(?P<H>\d{1,2})\s*[:시]\s*(?P<M>\d{2})(?:\s*[:분]\s*(?P<S>\d{2}))?(?:\.\d+)?\s*(?:초)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)

# Labels that mark first publication; a 수정 (updated) time alone is a weaker answer.
_PUBLISHED_LABEL = re.compile(
    r"(?:기사\s*)?(?:입력|등록|송고|승인|게재|발행|작성|최초\s*입력)(?:\s*(?:시간|일시|일자|일|날짜))?\s*[:：]?\s*"
)
_UPDATED_LABEL = re.compile(r"(?:기사\s*)?(?:최종\s*)?(?:수정|업데이트)(?:\s*(?:시간|일시|일자|일))?\s*[:：]?\s*")


def parse_datetime(text: str) -> datetime | None:
    """The first date (and time, if printed) in text; a time without a zone is Seoul time."""
    match = _DATETIME.search(text)
    if not match:
        return None
    return _from_match(match)


def published_in_text(text: str) -> datetime | None:
    """The time after a 입력/등록/송고 label in visible text, else after a 수정 label."""
    for label in (_PUBLISHED_LABEL, _UPDATED_LABEL):
        for found in label.finditer(text):
            match = _DATETIME.match(text, found.end())
            if match:
                value = _from_match(match)
                if value:
                    return value
    return None


def is_dateline(line: str) -> bool:
    """A line that only says when the article was published or updated (and maybe by whom)."""
    stripped = _PUBLISHED_LABEL.sub("", _UPDATED_LABEL.sub("", line))
    return stripped != line and len(_DATETIME.sub("", stripped).strip(" |·:/-")) <= 20


def _from_match(match: re.Match) -> datetime | None:
    hour = int(match["H"] or 0)
    if match["ampm"] in ("오후", "PM", "pm") and hour < 12:
        hour += 12
    elif match["ampm"] in ("오전", "AM", "am") and hour == 12:
        hour = 0
    try:
        value = datetime(
            int(match["y"]), int(match["m"]), int(match["d"]), hour, int(match["M"] or 0), int(match["S"] or 0)
        )
    except ValueError:  # 2024-13-45: a number that only looks like a date
        return None
    zone = match["tz"]
    if not zone:
        return value.replace(tzinfo=KST)
    return value.replace(tzinfo=_offset(zone)).astimezone(KST)


def _offset(zone: str) -> timezone:
    if zone == "Z":
        return timezone.utc
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))

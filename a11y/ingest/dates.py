"""Publication times as Korean pages print and declare them, read as Asia/Seoul time.

A time keeps the precision its source states: `2024-11-05` is a day, `입력 2024.11.05 16:19` a
minute, `2024-11-05T16:19:03+09:00` a second. Seconds a page did not state are never made up: the
value carries zero seconds and its precision says "minute".
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from a11y.article import KST

Precision = Literal["day", "minute", "second"]

# 2024-11-05 16:19 · 2024.11.05 오후 4:19 · 2024년 11월 5일 16시 19분 · 2024-11-05T16:19:00+09:00
_TIME = (
    r"(?:(?:\s?T\s?|\s{1,3})\(?(?:(?P<ampm>오전|오후|AM|PM|am|pm)\s?)?"
    r"(?P<H>\d{1,2})\s?[:시]\s?(?P<M>\d{1,2})(?:\s?[:분]\s?(?P<S>\d{2}))?(?:\.\d{1,9})?\s?(?:분|초)?\)?"
    r"\s?(?P<tz>Z|[+-]\d{2}:?\d{2})?)"
)
# 13.10.16 19:23 — a two-digit year, only with a time after it (alone it could be anything).
_DATETIME = re.compile(
    r"(?<![\d.])(?:(?P<y>(?:19|20)\d{2})\s?[-./년]\s?(?P<m>\d{1,2})\s?[-./월]\s?(?P<d>\d{1,2})(?!\d)(?:\s?[.일])?"
    rf"(?:\s?\([월화수목금토일]\))?{_TIME}?"
    r"|(?P<yy>\d{2})\.(?P<mm>\d{2})\.(?P<dd>\d{2})(?!\d)\.?"
    rf"{_TIME.replace('P<', 'P<x')})"
)
# Seconds (or milliseconds) since 1970 in a data- attribute: 1732870000 · 1732870000000
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")

# Labels that mark first publication, and an update.
_PUBLISHED_LABEL = re.compile(
    r"(?:기사\s?)?(?:입력|등록|송고|승인|게재|발행|작성|최초\s?입력)(?:\s?(?:시간|일시|일자|일|날짜))?\s?[:：]?\s?[\[(]?\s?"
)
_LABEL_WORDS = ("입력", "등록", "송고", "승인", "게재", "발행", "작성", "수정", "업데이트", "갱신")
_UPDATED_LABEL = re.compile(r"(?:기사\s?)?(?:최종\s?)?(?:수정|업데이트|갱신)(?:\s?(?:시간|일시|일자|일))?\s?[:：]?\s?[\[(]?\s?")


@dataclass(frozen=True)
class Moment:
    """A time in Seoul and how precisely its source stated it."""

    value: datetime
    precision: Precision


def parse_moment(text: str) -> Moment | None:
    """The first date (and time, if printed) in text; a time without a zone is Seoul time."""
    match = _DATETIME.search(text)
    return _from_match(match) if match else None


def parse_attribute(value: str) -> Moment | None:
    """A time from a machine-readable attribute: ISO or printed, or seconds/milliseconds since 1970."""
    value = value.strip()
    if _EPOCH.fullmatch(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        try:
            moment = datetime.fromtimestamp(seconds, tz=KST)
        except (OverflowError, OSError, ValueError):
            return None
        return Moment(moment.replace(microsecond=0), "second") if 1990 <= moment.year <= 2100 else None
    return parse_moment(value)


def parse_datetime(text: str) -> datetime | None:
    """The first date (and time, if printed) in text, without its precision."""
    moment = parse_moment(text)
    return moment.value if moment else None


def published_in_text(text: str) -> Moment | None:
    """The time after a 입력/등록/송고 label in visible text, else after a 수정 label."""
    return _after_label(text, _PUBLISHED_LABEL) or _after_label(text, _UPDATED_LABEL)


def first_published_in_text(text: str) -> Moment | None:
    """The time after a 입력/등록/송고 label only."""
    return _after_label(text, _PUBLISHED_LABEL)


def modified_in_text(text: str) -> Moment | None:
    """The time after a 수정/업데이트 label in visible text."""
    return _after_label(text, _UPDATED_LABEL)


def label_kind(text: str) -> Literal["published", "modified"] | None:
    """Which time a label (`입력`, `기사수정`) names, if it names one."""
    if _UPDATED_LABEL.search(text):
        return "modified"
    if _PUBLISHED_LABEL.search(text):
        return "published"
    return None


def is_dateline(line: str) -> bool:
    """A line that only says when the article was published or updated (and maybe by whom)."""
    if not _has_label(line):
        return False
    stripped = _PUBLISHED_LABEL.sub("", _UPDATED_LABEL.sub("", line))
    return stripped != line and len(_DATETIME.sub("", stripped).strip(" |·:/-")) <= 20


def _has_label(text: str) -> bool:
    # A plain look for the label words first: most lines have none, and the patterns cost more.
    return any(word in text for word in _LABEL_WORDS)


def _after_label(text: str, label: re.Pattern) -> Moment | None:
    if not _has_label(text):
        return None
    for found in label.finditer(text):
        match = _DATETIME.match(text, found.end())
        if match and (moment := _from_match(match)):
            return moment
    return None


def _from_match(match: re.Match) -> Moment | None:
    if match["yy"]:
        year, month, day, x = 2000 + int(match["yy"]), match["mm"], match["dd"], "x"
    else:
        year, month, day, x = int(match["y"]), match["m"], match["d"], ""
    hour = int(match[f"{x}H"] or 0)
    if match[f"{x}ampm"] in ("오후", "PM", "pm") and hour < 12:
        hour += 12
    elif match[f"{x}ampm"] in ("오전", "AM", "am") and hour == 12:
        hour = 0
    seconds = match[f"{x}S"]
    try:
        value = datetime(year, int(month), int(day), hour, int(match[f"{x}M"] or 0), int(seconds or 0))
    except ValueError:  # 2024-13-45: a number that only looks like a date
        return None
    precision: Precision = "second" if seconds else "minute" if match[f"{x}H"] else "day"
    zone = match[f"{x}tz"]
    if not zone:
        return Moment(value.replace(tzinfo=KST), precision)
    return Moment(value.replace(tzinfo=_offset(zone)).astimezone(KST), precision)


def _offset(zone: str) -> timezone:
    if zone == "Z":
        return timezone.utc
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))

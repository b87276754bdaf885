"""Text as the reading page shows it: Korean dates, and English runs marked for the screen reader."""

import re
from datetime import datetime

from markupsafe import Markup, escape

# Two or more Latin words in a row: a screen reader should switch to an English voice for them.
# One word alone (CNN, CEO, X) is read well enough by the Korean voice and stays unmarked.
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:,?\s+[A-Za-z][A-Za-z'’\-]*)+[.!?]?")


def mark_english(text: str) -> Markup:
    """Escaped text with each English run wrapped in <span lang="en">."""
    out, last = [], 0
    for run in _ENGLISH_RUN.finditer(text):
        out.append(escape(text[last : run.start()]))
        out.append(Markup('<span lang="en">{}</span>').format(run.group()))
        last = run.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def korean_datetime(iso: str) -> str:
    """'2024-11-05T16:19:00+09:00' → '2024년 11월 5일 오후 4시 19분', as Korean papers print it."""
    moment = datetime.fromisoformat(iso)
    half = "오전" if moment.hour < 12 else "오후"
    hour = moment.hour % 12 or 12
    minutes = f" {moment.minute}분" if moment.minute else ""
    return f"{moment.year}년 {moment.month}월 {moment.day}일 {half} {hour}시{minutes}"

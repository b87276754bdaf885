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


def mark_sentences(text: str, sentences: list[dict] | None) -> Markup:
    """`mark_english(text)` with each sentence the narration times wrapped in
    `<span data-sentence="N" data-start data-end>`, so the player can mark the one being read.

    Sentences are found in order in the display text; one that is not there (a caption's "사진 설명."
    prefix, say) is left out, and the text between sentences stays as it is.
    """
    if not sentences:
        return mark_english(text)
    out, last = [], 0
    for number, sentence in enumerate(sentences):
        words = (sentence.get("text") or "").split()
        # Found in order; any run of whitespace in the page text matches the sentence's one space.
        found = re.compile(r"\s+".join(map(re.escape, words))).search(text, last) if words else None
        if found is None:
            continue
        out.append(mark_english(text[last : found.start()]))
        times = Markup("").join(
            Markup(' data-{}="{}"').format(name, sentence[name]) for name in ("start", "end") if sentence.get(name) is not None
        )
        out.append(Markup('<span data-sentence="{}"{}>{}</span>').format(number, times, mark_english(found.group())))
        last = found.end()
    out.append(mark_english(text[last:]))
    return Markup("").join(out)


def clock(seconds: float) -> str:
    """83.4 → '1:23', as a player shows time."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def spoken_duration(seconds: float) -> str:
    """83.4 → '1분 23초', as a screen reader should say it."""
    whole = int(seconds)
    minutes, rest = divmod(whole, 60)
    if minutes and rest:
        return f"{minutes}분 {rest}초"
    return f"{minutes}분" if minutes else f"{rest}초"


def korean_datetime(iso: str) -> str:
    """'2024-11-05T16:19:00+09:00' → '2024년 11월 5일 오후 4시 19분', as Korean papers print it;
    a date alone ('2024-11-05') is shown without a time of day."""
    moment = datetime.fromisoformat(iso)
    if "T" not in iso:
        return f"{moment.year}년 {moment.month}월 {moment.day}일"
    half = "오전" if moment.hour < 12 else "오후"
    hour = moment.hour % 12 or 12
    minutes = f" {moment.minute}분" if moment.minute else ""
    return f"{moment.year}년 {moment.month}월 {moment.day}일 {half} {hour}시{minutes}"

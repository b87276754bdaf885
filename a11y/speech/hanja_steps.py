"""Steps for hanja: a gloss after its Hangul is said once, and any other hanja by its Hangul reading.

Headline abbreviations (靑 청, 北 북, 與野 여야) come from `readings.HEADLINE_HANJA`; every other
character from the `hanja` library's table (27,000 characters, with the initial-sound rule: 李 이,
勞動 노동), which is loaded the first time a text holds a hanja it does not know.
"""

import json
import re
from functools import cache
from importlib.resources import files

from a11y.speech.alternation import alternation
from a11y.speech.readings import HEADLINE_HANJA, SURNAME_HANJA, TITLES_AFTER_SURNAMES
from a11y.speech.skipping import only_with

# CJK ideographs: the unified block, extension A, the compatibility block, and the planes beyond.
HANJA = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HANGUL = "가-힣"


@only_with('[(\\[]')
def drop_glosses(text: str) -> str:
    """정상회의(頂上會議) → 정상회의; 갤럭시 탭(Galaxy Tab)을 → 갤럭시 탭을: a gloss of hanja, or of a
    Latin name written with small letters, after its Hangul is said once. (An acronym in brackets,
    국제통화기금(IMF), says more than its Hangul and is read.)"""
    return _GLOSS.sub("", text)


_GLOSS = re.compile(
    rf"(?<=[{_HANGUL}])\s?[(\[](?:\s?[{HANJA}][{HANJA}\s·,]{{0,40}}+"
    r"|\s?[A-Za-z][A-Za-z'’.&\- ]{0,60}+)(?<=[a-z{HANJA}.\s])\s?[)\]]"
    .replace("{HANJA}", HANJA)
)


@only_with('[㐀-鿿豈-\ufaff𠀀-\U0002fa1f]')
def read_hanja(text: str) -> str:
    """靑 → 청, 美中 → 미중, 北核 → 북핵, 頂上會議 → 정상회의, 金 여사 → 김 여사 (but 金값 → 금값):
    hanja by their Hangul reading."""
    text = _SURNAME.sub(lambda match: SURNAME_HANJA[match.group(0)], text)
    return _HANJA_RUN.sub(lambda match: _reading(match.group(0)), text)


_HANJA_RUN = re.compile(f"[{HANJA}]+")
_SURNAME = re.compile(
    rf"(?<![{HANJA}])[{''.join(SURNAME_HANJA)}](?=\s?(?:{alternation(TITLES_AFTER_SURNAMES)}))"
)
_MAX_CACHED_RUN = 8


def _reading(run: str) -> str:
    if len(run) <= _MAX_CACHED_RUN:
        return _short_reading(run)
    return "".join(_short_reading(run[i : i + _MAX_CACHED_RUN]) for i in range(0, len(run), _MAX_CACHED_RUN))


@cache
def _short_reading(run: str) -> str:
    if run in HEADLINE_HANJA:
        return HEADLINE_HANJA[run]
    if all(char in HEADLINE_HANJA for char in run) and len(run) <= 2:
        return "".join(HEADLINE_HANJA[char] for char in run)
    table, initial_sound = _library()
    spoken, previous = [], " "
    for char in run:
        reading = table.get(char)
        if reading is None:
            reading = HEADLINE_HANJA.get(char, "")
        elif initial_sound is not None:
            reading = initial_sound(previous, reading)
        spoken.append(reading)
        previous = reading or " "
    return "".join(spoken)


@cache
def _library() -> tuple[dict[str, str], object]:
    """The hanja library's table and its initial-sound rule; empty if the library is missing.

    The table is the library's own data file, read as JSON (each line is '"\\uXXXX": "\\uXXXX"'):
    ten times faster than the library's YAML loading, which a first request would wait for.
    """
    try:
        from hanja.hangul import dooeum
    except ImportError:  # pragma: no cover - the library is a dependency; this keeps speech working
        return {}, None
    text = (files("hanja") / "table.yml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    try:
        table = json.loads("{" + ",".join(lines) + "}")
    except ValueError:  # another layout in a later release: let the library read it
        from hanja.table import hanja_table as table
    return table, dooeum


def warm_up() -> None:
    """Load the hanja table now (a server calls this at start, so no request waits for it)."""
    _library()

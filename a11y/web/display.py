"""Display preferences for the reading pages: five font steps and the colour themes.

They live in two cookies so they work without JavaScript, and the server reads them before it
renders, so the very first byte of HTML already has the reader's step and theme (no flash).
"""

from dataclasses import dataclass

from fastapi import Request

SIZE_COOKIE = "a11y_size"
THEME_COOKIE = "a11y_theme"
COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60  # a reader sets this once, not once a month

# Labels from the publisher's own page; the sizes themselves are in static/a11y.css (rem).
FONT_STEPS = {1: "가장작게", 2: "작게", 3: "기본", 4: "크게", 5: "가장크게"}
DEFAULT_STEP = 3

# "auto" follows the system's light/dark and contrast preference until the reader chooses.
THEMES = {
    "auto": "시스템 설정",
    "light": "흰 바탕 검은 글자",
    "dark": "검은 바탕 흰 글자",
    "yellow": "검은 바탕 노란 글자",
}
DEFAULT_THEME = "auto"


class BadPreference(ValueError):
    """A font step or theme that does not exist; the message says which ones do."""


@dataclass(frozen=True)
class Display:
    step: int = DEFAULT_STEP
    theme: str = DEFAULT_THEME

    @property
    def step_label(self) -> str:
        return FONT_STEPS[self.step]

    @property
    def theme_label(self) -> str:
        return THEMES[self.theme]


def display_from_cookies(request: Request) -> Display:
    """The reader's saved choice; a cookie that no longer means anything falls back to the default."""
    try:
        step = parse_step(request.cookies.get(SIZE_COOKIE, str(DEFAULT_STEP)))
    except BadPreference:
        step = DEFAULT_STEP
    theme = request.cookies.get(THEME_COOKIE, DEFAULT_THEME)
    return Display(step, theme if theme in THEMES else DEFAULT_THEME)


def parse_step(value: str) -> int:
    if value.strip().isdigit() and int(value) in FONT_STEPS:
        return int(value)
    raise BadPreference(f"글자 크기는 1부터 5까지 중 하나여야 합니다 (받은 값: {value[:20]!r}).")


def parse_theme(value: str) -> str:
    if value in THEMES:
        return value
    raise BadPreference(f"화면 색은 {', '.join(THEMES)} 중 하나여야 합니다 (받은 값: {value[:20]!r}).")


def local_path(target: str | None) -> str:
    """Where to send the reader back: a path on this site only, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target

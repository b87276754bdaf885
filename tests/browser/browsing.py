"""What the browser tests share: where Chromium is, the example articles, the display matrix."""

import json
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = TESTS_DIR / "examples"
SAMPLE_JSON = TESTS_DIR.parent / "demo" / "etoday-x-townhall.json"
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",  # so "nothing plays by itself" is really tested
]

# The example articles every page test walks through (GOV.UK Frontend's habit): name → JSON file.
EXAMPLES = {
    "sample": SAMPLE_JSON,
    "no-photo": EXAMPLES_DIR / "no-photo.json",
    "many-photos": EXAMPLES_DIR / "many-photos.json",
    "long-title": EXAMPLES_DIR / "long-title.json",
    "long-url": EXAMPLES_DIR / "long-url.json",
    "english": EXAMPLES_DIR / "english.json",
    "pending": EXAMPLES_DIR / "pending.json",
    "failed-voice": EXAMPLES_DIR / "failed-voice.json",
}

SLOW_MARK = "천천히"  # text in pending.json: its voice takes SLOW_VOICE_S per paragraph
FAIL_MARK = "만들지 못합니다"  # text in failed-voice.json: its voice always fails
SLOW_VOICE_S = 2.5

STEPS = {1: "가장작게", 2: "작게", 3: "기본", 4: "크게", 5: "가장크게"}
THEMES = ("auto", "light", "dark", "yellow")
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}


def example_json(name: str) -> dict:
    return json.loads(EXAMPLES[name].read_text(encoding="utf-8"))


def choose(page, base_url: str, step: int | None = None, theme: str | None = None) -> None:
    """Set the display cookies as the server's links would, and load the page again."""
    cookies = {"a11y_size": step, "a11y_theme": theme}
    page.context.add_cookies(
        [{"name": name, "value": str(value), "url": base_url} for name, value in cookies.items() if value]
    )
    page.reload()


SUPPORT_JS = (Path(__file__).resolve().parent / "support.js").read_text(encoding="utf-8")


def measure(page, body: str, arg=None):
    """Run `body` in the page with the helpers of support.js as `h` (and `arg`); return its value."""
    return page.evaluate(f"(arg) => {{ const h = {SUPPORT_JS}; {body} }}", arg)

"""Screenshots of the sample article at 기본 and 가장크게 in each chosen theme, for the README; and on a
320 px phone at 가장크게: the top of the page (settings folded, headline first) and the player at
work (the docked controls, the part and the sentence being read).

    .venv/bin/python docs/screenshots/make_screenshots.py

Starts the real app on a free loopback port with a throw-away data folder, loads the sample, and
photographs it in Debian's Chromium (/usr/bin/chromium). Nothing leaves the machine.
"""

import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from a11y.article import Article
from a11y.service import Service
from a11y.settings import Settings
from a11y.web.app import create_app

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "demo" / "etoday-x-townhall.json"
VIEWPORT = {"width": 1280, "height": 1000}
PHONE = {"width": 320, "height": 640}
STEPS = {3: "default", 5: "largest"}
THEMES = ("light", "dark", "yellow")


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        settings = Settings(
            _env_file=None, data_dir=root / "data", audio_cache_dir=root / "audio", engines=("espeak",), pregenerate=False
        )
        service = Service.from_settings(settings)
        stored, _ = service.ingest(Article.model_validate_json(SAMPLE.read_bytes()))
        for segment in service.script(stored.article):  # ready, as after pre-generation
            service.audio(segment.key)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(settings, service), port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/articles/{stored.id}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for theme in THEMES:
                for step, name in STEPS.items():
                    context = browser.new_context(locale="ko-KR", viewport=VIEWPORT)
                    context.add_cookies([
                        {"name": "a11y_size", "value": str(step), "url": url},
                        {"name": "a11y_theme", "value": theme, "url": url},
                    ])
                    page = context.new_page()
                    page.goto(url)
                    path = HERE / f"sample-{name}-{theme}.png"
                    page.screenshot(path=path)
                    print(path.relative_to(HERE.parent.parent))
                    context.close()
                _phone(browser, url, theme)
            browser.close()
        server.should_exit = True


def _phone(browser, url: str, theme: str) -> None:
    context = browser.new_context(locale="ko-KR", viewport=PHONE)
    context.add_cookies([
        {"name": "a11y_size", "value": "5", "url": url},
        {"name": "a11y_theme", "value": theme, "url": url},
    ])
    page = context.new_page()
    page.goto(url)
    shots = [HERE / f"phone-largest-{theme}.png", HERE / f"phone-playing-{theme}.png"]
    page.screenshot(path=shots[0])
    page.get_by_role("button", name="4번째 문단부터 듣기").click()
    page.locator("[data-dock].docked").wait_for()
    page.locator("[data-sentence][data-current]").wait_for()
    page.locator("[data-sentence][data-current]").evaluate("(e) => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    page.screenshot(path=shots[1])
    for path in shots:
        print(path.relative_to(HERE.parent.parent))
    context.close()


if __name__ == "__main__":
    main()

"""In a real Chromium, no hostile article's code runs: every stored hostile article is loaded with
listeners for dialogs (every payload calls alert) and for console errors and page errors.

A CSP violation report in the console is allowed (it is the policy blocking something); any other
console error, any uncaught page error and any dialog fail the test. A control at the end shows
the listeners hear a script that does run.
"""


import pytest
from browsing import TESTS_DIR

from a11y.ingest import parse
from a11y.service import Service
from a11y.settings import Settings
from a11y.web.app import create_app
from loopback import app_in_thread

HOSTILE_ARTICLES = sorted((TESTS_DIR / "hostile" / "articles").iterdir())
CSP_REPORT = "Content Security Policy"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-site")
    settings = Settings(
        _env_file=None, data_dir=root / "data", audio_cache_dir=root / "cache", engines=("espeak",), pregenerate=False
    )
    service = Service.from_settings(settings)
    urls = {}
    for path in HOSTILE_ARTICLES:
        stored, _ = service.ingest(parse(path.read_bytes()))
        urls[path.name] = f"/articles/{stored.id}"
    with app_in_thread(create_app(settings, service)) as base_url:
        yield base_url, urls


def test_no_injected_script_runs_on_any_hostile_page(browser, hostile_site):
    base_url, urls = hostile_site
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    dialogs, errors, blocked = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))

    def console(message):
        # The photos' hosts do not exist here: their load failures are not code running.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            (blocked if CSP_REPORT in message.text else errors).append(message.text)

    page.on("console", console)
    try:
        for name, path in [("index", "/"), *urls.items()]:
            answer = page.goto(base_url + path)
            assert answer.status == 200, name
            assert "unsafe-inline" not in answer.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            # Hovering and focusing fire handlers an attacker might have hidden in attributes.
            for element in page.locator("main p, main figure, main img, main a").all()[:40]:
                if element.is_visible():
                    element.hover(timeout=2000)
            page.keyboard.press("Tab")
            assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0, name
        assert dialogs == []
        assert errors == []
        # The listeners do hear: a script that really runs (the test's own) is caught.
        page.evaluate("setTimeout(() => alert('control'))")
        page.wait_for_timeout(200)
        assert dialogs == ["control"]
    finally:
        context.close()

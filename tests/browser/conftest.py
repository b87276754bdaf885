"""A real server and a real Chromium for the reading page's tests.

One uvicorn server per test session (per xdist worker), seeded with the example articles, and one
Chromium per worker; each test gets a fresh browser context (cookies, viewport, media features).
The only thing faked is the outside voice: a test double that is slow for one article and fails
for one paragraph of another, in front of the real offline espeak-ng voice.
"""

import time
from dataclasses import dataclass, field

import pytest
from fastapi.staticfiles import StaticFiles

from a11y.article import Article
from a11y.engines import SynthesisError
from a11y.engines.espeak import EspeakEngine
from a11y.service import Service
from a11y.settings import Settings
from a11y.web.app import create_app
from loopback import app_in_thread

playwright_api = pytest.importorskip("playwright.sync_api")

from browsing import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLES,
    EXAMPLES_DIR,
    FAIL_MARK,
    SLOW_MARK,
    SLOW_VOICE_S,
    WIDE,
)


class OutsideVoice:
    """Test double for a voice on someone else's servers: slow, or failing, for marked texts."""

    name = "espeak"

    def __init__(self):
        self.real = EspeakEngine()
        self.voice_id = self.real.voice_id

    def synthesize(self, text: str):
        if FAIL_MARK in text:
            raise SynthesisError("테스트용 목소리: 이 문단은 만들 수 없음")
        if SLOW_MARK in text:
            time.sleep(SLOW_VOICE_S)
        return self.real.synthesize(text)


@dataclass
class Site:
    base_url: str
    ids: dict[str, str] = field(default_factory=dict)
    service: Service | None = None  # for a test that needs an article of its own (fresh, unheard audio)

    def article(self, name: str) -> str:
        return f"{self.base_url}/articles/{self.ids[name]}"

    def add(self, article: dict) -> str:
        """Store one more article now; its URL. Give it text no other test uses, so its audio is new."""
        stored, _ = self.service.ingest(Article.model_validate(article))
        return f"{self.base_url}/articles/{stored.id}"



@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("site")
    settings = Settings(
        _env_file=None,
        data_dir=root / "data",
        audio_cache_dir=root / "audio_cache",
        engines=("espeak",),
        pregenerate=False,  # audio is made when a listener asks, so "pending" stays until then
    )
    service = Service.from_settings(settings, engines=[OutsideVoice()])
    app = create_app(settings, service)
    # The photos stand in for a publisher's image server.
    app.mount("/photos", StaticFiles(directory=EXAMPLES_DIR / "photos"), name="photos")
    site = Site("", service=service)
    for name, path in EXAMPLES.items():
        stored, _ = service.ingest(Article.model_validate_json(path.read_bytes()))
        site.ids[name] = stored.id
        if name == "sample":  # the sample is heard often: its audio is ready, as after pre-generation
            for segment in service.script(stored.article):
                service.audio(segment.key)

    with app_in_thread(app) as base_url:
        site.base_url = base_url
        yield site


@pytest.fixture(scope="session")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, site):
    """open_page(url, step=3, theme=None, js=True, viewport=WIDE, **media) → a loaded page.

    js=False runs the page with JavaScript switched off; js="blocked" keeps the browser's
    JavaScript (axe needs it) but never serves the page its own scripts, which is the same page.
    """
    contexts = []

    def open_(url, step=None, theme=None, js=True, viewport=WIDE, **media):
        # bypass_csp: Playwright's own helpers (wait_for_function with a string, add_style_tag for a
        # reader's text-spacing stylesheet) are evaluated or inlined, which the site's CSP forbids
        # page code; tests/browser/test_hostile.py checks the CSP with it in force.
        context = browser.new_context(
            locale="ko-KR", viewport=viewport, java_script_enabled=js is not False, bypass_csp=True, **media
        )
        contexts.append(context)
        cookies = {"a11y_size": step, "a11y_theme": theme}
        context.add_cookies(
            [{"name": name, "value": str(value), "url": site.base_url} for name, value in cookies.items() if value]
        )
        if js == "blocked":
            context.route("**/static/*.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()

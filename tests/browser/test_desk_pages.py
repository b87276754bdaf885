"""The editors' desk in Chromium: axe at zero violations over themes, font steps and widths, and an
editor's whole round by keyboard alone (login, find an article, fix a reading, preview, log out).

Its own server (the reading-page site has no publisher token), seeded with the example articles and
one written to carry every kind of flag.
"""

import pytest

from a11y.article import Article, Paragraph
from a11y.service import Service
from a11y.settings import Settings
from a11y.web.app import create_app
from browsing import EXAMPLES, NARROW, STEPS, THEMES, WIDE
from loopback import app_in_thread
from test_axe import CONTRAST_RULES, MUST_RUN, TAGS, axe

TOKEN = "desk-browser-token"
FLAGGED = Article(
    title="北 당국 발표에 관심",
    subtitles=("⌘ 표시가 붙은 안내문",),
    source_url="https://news.example.kr/desk/browser-flagged",
    published="2024-11-07T09:00:00+09:00",
    blocks=(
        Paragraph(text="QXZs 관계자들은 이날 회의에 참석하지 않았다. 물가는 3.5% 올랐다."),
        Paragraph(text="시민들은 공원에서 산책을 즐겼다."),
    ),
)


# Where axe may say "could not decide" about contrast on the desk, and why that is no doubt here:
# - a run of symbols only (a '⌘' the normalizer dropped, marked or named): axe judges text, and these
#   elements keep the page's own text colours, whose contrast it checks everywhere else;
# - a cell of a data table scrolled out of its box at 320 px (WCAG 1.4.10 lets data tables scroll
#   sideways): the same cells are checked whole at 1280 px in every theme and step.
SYMBOLS_ONLY = "Element content contains only non-text characters"
OUT_OF_VIEW = ("partially obscured", "partially overlaps")


def check(page, where: str) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    response = results.response
    assert results.violations_count == 0, f"{where}\n{results.generate_report()}"
    ran = {rule["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for rule in response[kind]}
    assert MUST_RUN <= ran, f"{where}: {MUST_RUN - ran} did not run"
    unsure = [
        (node["target"], [check["message"] for check in node["any"]])
        for rule in response["incomplete"]
        if rule["id"] in CONTRAST_RULES
        for node in rule["nodes"]
        if not _no_doubt(page, node)
    ]
    assert not unsure, f"{where}: axe could not decide contrast: {unsure}"


def _no_doubt(page, node) -> bool:
    messages = [check["message"] for check in node["any"]]
    if messages and all(SYMBOLS_ONLY in message for message in messages):
        return True
    in_table = page.evaluate("(selector) => !!document.querySelector(selector)?.closest('.table-wrap')", node["target"][0])
    return in_table and all(any(words in message for words in OUT_OF_VIEW) for message in messages)


class DeskSite:
    def __init__(self, app, base_url: str, ids: dict[str, str]):
        self.app, self.base_url, self.ids = app, base_url, ids

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="module")
def desk_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("desk-site")
    settings = Settings(
        _env_file=None,
        data_dir=root / "data",
        audio_cache_dir=root / "audio_cache",
        lexicon_path=root / "data" / "lexicon.txt",
        engines=("espeak",),
        pregenerate=False,
        publisher_token=TOKEN,
        login_burst=100,
    )
    service = Service.from_settings(settings)
    app = create_app(settings, service)
    ids = {name: service.ingest(Article.model_validate_json(path.read_bytes()))[0].id for name, path in EXAMPLES.items()}
    ids["flagged"] = service.ingest(FLAGGED)[0].id
    with app_in_thread(app) as base_url:
        yield DeskSite(app, base_url, ids)


@pytest.fixture
def desk_page(browser, desk_site):
    """desk_page(path, step=None, theme=None, signed_in=True, js=True, viewport=WIDE, **media) → a page."""
    contexts = []

    def open_(path, step=None, theme=None, signed_in=True, js=True, viewport=WIDE, **media):
        context = browser.new_context(locale="ko-KR", viewport=viewport, bypass_csp=True, **media)
        contexts.append(context)
        cookies = [
            {"name": name, "value": str(value), "url": desk_site.base_url}
            for name, value in {"a11y_size": step, "a11y_theme": theme}.items()
            if value
        ]
        if signed_in:
            _session, value = desk_site.app.state.desk.sessions.start()
            cookies.append(
                {"name": "a11y_desk", "value": value, "domain": "127.0.0.1", "path": "/desk",
                 "httpOnly": True, "sameSite": "Strict"}
            )
        context.add_cookies(cookies)
        if js == "blocked":
            context.route("**/static/*.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(desk_site.url(path))
        return page

    yield open_
    for context in contexts:
        context.close()


def desk_paths(site) -> dict[str, str]:
    return {
        "list": "/desk",
        "flagged-list": "/desk?show=flagged",
        "article": f"/desk/articles/{site.ids['flagged']}",
        "sample": f"/desk/articles/{site.ids['sample']}",
        "lexicon": "/desk/lexicon",
        "preview": "/desk/preview",
    }


PAGES = ["list", "flagged-list", "article", "sample", "lexicon", "preview"]
# The article check (the richest page) at all five steps; the others at the smallest, default and largest.
MATRIX_STEPS = {"article": (1, 2, 3, 4, 5), "list": (1, 3, 5), "lexicon": (1, 3, 5), "preview": (1, 3, 5)}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("which", list(MATRIX_STEPS))
def test_desk_pages_have_no_violations_at_each_step_and_theme(desk_page, desk_site, which, theme):
    """Desk pages × every theme × font steps (chosen by the links, as an editor would), 1280 px."""
    page = desk_page(desk_paths(desk_site)[which], theme=theme, color_scheme="dark" if theme == "auto" else "light")
    page.locator("summary.display-summary").click()  # the folded display settings
    for step in MATRIX_STEPS[which]:
        label = STEPS[step]
        page.get_by_role("link", name=label, exact=True).click()
        assert page.evaluate("document.documentElement.className") == f"step-{step}"
        check(page, f"{which} {theme} step {step}")


@pytest.mark.parametrize("theme", THEMES)
def test_the_login_page_has_no_violations(desk_page, desk_site, theme):
    page = desk_page("/desk/login", theme=theme, signed_in=False)
    check(page, f"login {theme}")
    page.get_by_label("발행자 토큰").fill("wrong")
    page.get_by_role("button", name="로그인").click()
    check(page, f"login error {theme}")


@pytest.mark.parametrize("which", PAGES)
def test_desk_pages_narrow_and_without_javascript(desk_page, desk_site, which):
    """320 px at 가장크게 in the chosen themes, with the page's own scripts not served."""
    for theme in ("light", "dark", "yellow"):
        page = desk_page(desk_paths(desk_site)[which], step=5, theme=theme, viewport=NARROW, js="blocked")
        check(page, f"{which} narrow {theme} no-js")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{which} scrolls sideways by {overflow}px"


def test_error_summaries_have_no_violations_and_take_focus(desk_page, desk_site):
    for path, field, button in [
        (f"/desk/articles/{desk_site.ids['flagged']}", "#fix-reading", "사전에 등록"),
        ("/desk/lexicon", "#add-reading", "사전에 등록"),
    ]:
        page = desk_page(path, theme="yellow")
        page.locator(field.replace("reading", "word")).fill("QXZs")
        page.locator(field).fill("Latin only")
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        assert page.evaluate("document.activeElement.id") == "error-summary"
        check(page, f"{path} error summary")
        # The summary's link takes the editor to the field, which names its error.
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == field[1:] or page.evaluate("location.hash") == field


def press_until(page, key: str, predicate: str, limit: int = 200) -> None:
    """Press `key` until `predicate` (JS on document.activeElement as `el`) is true."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"never reached: {predicate}")


def test_an_editors_round_by_keyboard_alone(desk_page, desk_site):
    page = desk_page("/desk", signed_in=False)
    assert page.url.endswith("/desk/login?back_to=%2Fdesk")
    press_until(page, "Tab", "el.id === 'token'")
    page.keyboard.type(TOKEN)
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk")

    # Find the flagged article by its title, open it.
    press_until(page, "Tab", "el.id === 'q'")
    page.keyboard.type("北 당국")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk?*q=*")
    press_until(page, "Tab", "el.tagName === 'A' && el.closest('tbody') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/articles/*")
    assert page.locator("#segment-3").get_attribute("data-flag") == "acronym"

    # Follow the flag's own link: the form's word is filled; type the reading and send.
    press_until(page, "Tab", "el.tagName === 'A' && el.textContent.includes('QXZs') && el.closest('#segment-3') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**word=QXZs*")
    assert page.locator("#fix-word").input_value() == "QXZs"
    press_until(page, "Tab", "el.id === 'fix-reading'")
    page.keyboard.type("큐엑스제트들")
    page.keyboard.press("Enter")
    page.wait_for_url("**added=QXZs*")
    assert page.evaluate("document.activeElement.id") == "notice"
    assert "큐엑스제트들" in page.locator("#segment-3 .spoken").inner_text()
    assert page.locator("#segment-3").get_attribute("data-flag") is None

    # Make a segment's audio again, by keyboard.
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.includes('2번 부분')")
    page.keyboard.press("Enter")
    page.wait_for_url("**remade=2*")
    assert "2번 부분" in page.locator("#notice").inner_text()

    # The preview box, answered in place by the script (POST /api/say).
    press_until(page, "Tab", "el.getAttribute('href') === '/desk/preview'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/preview")
    press_until(page, "Tab", "el.id === 'say-text'")
    page.keyboard.type("물가가 3.5% 올랐다")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("#say-result:not([hidden])").wait_for()
    assert page.url.endswith("/desk/preview")  # no reload: the script answered
    assert page.locator('[data-say="spoken"]').inner_text() == "물가가 삼 점 오 퍼센트 올랐다"
    page.wait_for_function("document.getElementById('announcer').textContent.includes('읽기 결과')")

    # Log out; the desk is closed again.
    press_until(page, "Tab", "el.tagName === 'BUTTON' && el.textContent.trim() === '로그아웃'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/login?logged_out=1")
    page.goto(desk_site.url("/desk"))
    assert "/desk/login" in page.url


def test_every_control_shows_where_focus_is(desk_page, desk_site):
    """Tab through the article page: each stop is visible, with an outline of at least 2 px."""
    page = desk_page(f"/desk/articles/{desk_site.ids['flagged']}", theme="dark")
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth), document.activeElement.tagName]; })()"
        )
        if outline[2] in ("BODY", "AUDIO"):  # the browser draws the audio element's own focus ring
            continue
        assert outline[0] != "none" and outline[1] >= 2, outline
        seen += 1
    assert seen > 20


CMS_PAGE = "<!doctype html><html lang='ko'><title>기사 쓰기</title><p>다른 곳에서 여는 편집기</p></html>"
SAY_FROM_PAGE = """async ([url, text]) => {
  const answer = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'},
                                   body: JSON.stringify({text})});
  return [answer.status, await answer.json()];
}"""
POST_FROM_PAGE = """async (url) => {
  try {
    await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'});
    return 'read';
  } catch (error) { return 'refused'; }
}"""


def test_a_cms_page_of_another_origin_reads_the_spoken_form_and_nothing_else(browser, desk_site):
    """POST /api/say from a page the service did not serve (a CMS's editor, in the browser): the
    browser lets the page read the answer, and its refusals; other API routes stay closed to it."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    from loopback import app_in_thread

    cms = Starlette(routes=[Route("/", lambda request: HTMLResponse(CMS_PAGE))])
    context = browser.new_context(locale="ko-KR")
    with app_in_thread(cms) as cms_url:  # another port: another origin
        page = context.new_page()
        page.goto(cms_url + "/")
        status, answer = page.evaluate(SAY_FROM_PAGE, [desk_site.url("/api/say"), "물가가 3.5% 올랐다"])
        assert (status, answer["spoken"]) == (200, "물가가 삼 점 오 퍼센트 올랐다")
        status, refusal = page.evaluate(SAY_FROM_PAGE, [desk_site.url("/api/say"), "가" * 5_001])
        assert status == 422 and "너무 깁니다" in refusal["detail"]
        assert page.evaluate(POST_FROM_PAGE, desk_site.url("/api/articles")) == "refused"
        context.close()

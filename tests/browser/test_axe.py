"""axe-core finds nothing, at every font step, in every theme, with JavaScript on and off.

The WCAG tags switch on `color-contrast-enhanced` (7:1) and `target-size`, which axe ships off; each
run checks that they really ran, and that axe could decide every contrast (no "incomplete").
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import EXAMPLES, NARROW, STEPS, THEMES, WIDE, choose

TAGS = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MUST_RUN = {"color-contrast", "color-contrast-enhanced", "target-size"}
CONTRAST_RULES = {"color-contrast", "color-contrast-enhanced"}

axe = Axe()


def check(page, where: str) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    response = results.response
    assert results.violations_count == 0, f"{where}\n{results.generate_report()}"
    ran = {rule["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for rule in response[kind]}
    assert MUST_RUN <= ran, f"{where}: {MUST_RUN - ran} did not run"
    unsure = [rule for rule in response["incomplete"] if rule["id"] in CONTRAST_RULES]
    assert not unsure, f"{where}: axe could not decide contrast: {[n['target'] for r in unsure for n in r['nodes']]}"


def _url(site, which: str) -> str:
    return site.base_url + "/" if which == "index" else site.article(which)


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("which", ["sample", "index"])
def test_no_violations_at_any_step(open_page, site, which, theme, js):
    """Sample article and index × 5 steps × every theme × JavaScript on and off, at 1280×800.

    With JavaScript on, the steps are chosen the way a reader would (the links, no reload); with it
    off, through the cookie the links set. axe itself needs JavaScript, so "off" serves the page
    none of its own scripts, which leaves exactly the page a browser without JavaScript shows.
    """
    scheme = "dark" if theme == "auto" and which == "index" else "light"  # "auto" seen both ways
    if js:
        page = open_page(_url(site, which), theme=theme, color_scheme=scheme)
        page.locator("summary.display-summary").click()  # the folded display settings
        for step, label in STEPS.items():
            page.get_by_role("link", name=label, exact=True).click()
            assert page.evaluate("document.documentElement.className") == f"step-{step}"
            check(page, f"{which} {theme} step {step} js")
    else:
        page = open_page(_url(site, which), theme=theme, js="blocked", color_scheme=scheme)
        for step in STEPS:
            choose(page, site.base_url, step=step)
            check(page, f"{which} {theme} step {step} no-js")


@pytest.mark.parametrize("name", [name for name in EXAMPLES if name != "sample"])
def test_examples_have_no_violations(open_page, site, name):
    """Every other example at 기본 (wide, system theme) and 가장크게 (320 px, each chosen theme)."""
    page = open_page(site.article(name), viewport=WIDE)
    check(page, f"{name} wide")
    page = open_page(site.article(name), viewport=NARROW)
    for theme in ("light", "dark", "yellow"):
        choose(page, site.base_url, step=5, theme=theme)
        check(page, f"{name} narrow {theme}")


def test_narrow_sample_and_index_have_no_violations(open_page, site):
    for url in (site.article("sample"), site.base_url + "/"):
        page = open_page(url, viewport=NARROW)
        for step in (3, 5):
            for theme in THEMES:
                choose(page, site.base_url, step=step, theme=theme)
                check(page, f"{url} narrow step {step} {theme}")

"""The player in Chromium, driven by the keyboard alone: real audio from the real server."""

import pytest

from browsing import SLOW_VOICE_S, THEMES, WIDE, example_json
from test_axe import check

PLAYING_JS = """() => {
  const playing = Array.from(document.querySelectorAll("#player audio")).find((a) => !a.paused);
  const current = document.querySelector('.segment[aria-current="true"]');
  return playing && current && {src: playing.currentSrc, time: playing.currentTime, rate: playing.playbackRate,
    segment: current.dataset.segment, audio: current.dataset.audio};
}"""


def playing(page, segment: int, timeout_ms: int = 15000) -> dict:
    """Wait until segment N's audio plays and its part is the highlighted one; return what plays."""
    page.wait_for_function(
        f"(() => {{ const p = ({PLAYING_JS})(); return p && p.segment === '{segment}' && p.src === p.audio && p.time > 0; }})()",
        timeout=timeout_ms,
    )
    return page.evaluate(PLAYING_JS)


def said(page) -> str:
    page.wait_for_timeout(250)  # the live region is emptied, then filled 100 ms later
    return page.locator("#announcer").inner_text()


def tab_to(page, name: str, limit: int = 80, key: str = "Tab") -> None:
    """Press Tab (or `key`) until the focused control's text is `name`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def finish_current(page) -> None:
    """Jump to the last moment of the part playing, so that it ends as it would on its own."""
    page.evaluate("""() => {
      const a = Array.from(document.querySelectorAll("#player audio")).find((a) => !a.paused);
      a.currentTime = Math.max(0, a.duration - 0.05);
    }""")


def test_nothing_plays_by_itself(open_page, site):
    """Four seconds after load, even with autoplay allowed, every audio element is paused at 0."""
    pages = [open_page(site.article("sample")), open_page(site.article("sample"), js=False)]
    html = pages[0].context.request.get(site.article("sample")).text()
    assert '<div id="announcer" class="visually-hidden" role="status"></div>' in html
    assert "autoplay" not in html and 'preload="none"' in html
    pages[0].wait_for_timeout(4000)
    for page in pages:
        audio = page.evaluate("Array.from(document.querySelectorAll('audio')).map((a) => [a.paused, a.currentTime])")
        assert audio and all(paused and at == 0 for paused, at in audio), audio
    assert pages[0].locator("#announcer").inner_text() == ""


def test_keyboard_plays_advances_and_jumps(open_page, site):
    page = open_page(site.article("sample"))
    segments = page.context.request.get(f"{site.base_url}/api/articles/{site.ids['sample']}").json()["segments"]
    urls = {segment["index"]: segment["audio_url"] for segment in segments}

    tab_to(page, "재생")
    page.keyboard.press("Enter")
    now = playing(page, 1)
    assert now["src"] == urls[1]
    assert said(page) == "1/10 제목 재생 중"
    assert page.evaluate("document.activeElement.textContent") == "일시 정지", "the button's name says what it does"

    finish_current(page)
    playing(page, 2)
    assert said(page) == "1/10 제목 재생 중", "an automatic advance does not talk over the narration"
    assert page.locator("[data-position]").inner_text().startswith("2/10 부제 · ")

    tab_to(page, "다음 문단")
    page.keyboard.press("Enter")
    playing(page, 3)
    assert said(page) == "3/10 부제 재생 중"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "이전 문단"
    page.keyboard.press("Enter")
    playing(page, 2)
    assert said(page) == "2/10 부제 재생 중"

    tab_to(page, "3번째 문단부터 듣기")
    page.keyboard.press("Enter")
    now = playing(page, 7)
    assert now["src"] == urls[7]
    assert said(page) == "7/10 문단 재생 중"
    assert page.locator("#segment-7").get_attribute("aria-current") == "true"
    assert page.locator('[aria-current="true"].segment').count() == 1

    # Letter keys outside the player change nothing; inside it, K pauses and plays.
    page.keyboard.press("k")
    page.wait_for_timeout(300)
    assert page.evaluate(PLAYING_JS) is not None, "k outside the player did nothing"
    tab_to(page, "일시 정지", key="Shift+Tab")  # back into the player
    page.keyboard.press("k")
    page.wait_for_function("Array.from(document.querySelectorAll('#player audio')).every((a) => a.paused)")
    assert said(page) == "일시 정지"
    assert page.get_by_role("button", name="재생", exact=True).count() == 1


def test_speed_is_kept_across_a_reload(open_page, site):
    page = open_page(site.article("sample"))
    tab_to(page, "1.5배")
    page.keyboard.press("Enter")
    assert said(page) == "재생 속도 1.5배"
    assert page.get_by_role("button", name="1.5배").get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.get_by_role("button", name="1.5배").get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="1배", exact=True).get_attribute("aria-pressed") == "false"
    tab_to(page, "재생")
    page.keyboard.press("Enter")
    assert playing(page, 1)["rate"] == 1.5
    finish_current(page)
    assert playing(page, 2)["rate"] == 1.5, "the next part keeps the speed"


def test_media_session_names_the_article(open_page, site):
    page = open_page(site.article("many-photos"))
    page.get_by_role("button", name="1번째 문단부터 듣기").click()
    playing(page, 2)
    session = page.evaluate("""() => ({title: navigator.mediaSession.metadata.title,
      album: navigator.mediaSession.metadata.album, state: navigator.mediaSession.playbackState,
      artwork: navigator.mediaSession.metadata.artwork.map((a) => a.src)})""")
    assert session["title"] == example_json("many-photos")["title"]
    assert session["state"] == "playing" and session["album"] == "2/23 문단"
    assert session["artwork"] == [f"{site.base_url}/photos/photo-1.svg"]


def test_pending_part_says_so_and_plays_when_ready(open_page, site):
    page = open_page(site.article("pending"))
    state = page.locator("#segment-2 [data-state-text]")
    assert state.inner_text() == "음성 준비 중", "the server knows it is not made yet"
    page.get_by_role("button", name="1번째 문단부터 듣기").click()
    page.wait_for_timeout(1000)
    assert state.inner_text() == "음성 준비 중"
    assert page.evaluate(PLAYING_JS) is None or page.evaluate(PLAYING_JS)["time"] == 0
    playing(page, 2, timeout_ms=int(SLOW_VOICE_S * 1000) + 15000)
    assert state.inner_text() == "", "ready now"


def test_failed_part_is_said_in_words_and_skipped(open_page, site):
    page = open_page(site.article("failed-voice"))
    page.get_by_role("button", name="1번째 문단부터 듣기").click()
    playing(page, 2)
    finish_current(page)
    playing(page, 4, timeout_ms=20000)
    assert page.locator("#segment-3").inner_text().endswith("2번째 문단: 음성을 만들지 못해 건너뜁니다.")
    page.reload()  # the server remembers the failure and says so before anyone presses play
    assert "음성을 만들지 못했습니다" in page.locator("#segment-3").inner_text()


def test_reduced_motion_does_not_scroll_after_the_narration(open_page, site):
    page = open_page(site.article("sample"), reduced_motion="reduce", viewport={"width": 1280, "height": 500})
    page.get_by_role("button", name="1번째 문단부터 듣기").click()
    playing(page, 5)
    page.evaluate("window.scrollTo(0, 0)")
    finish_current(page)
    playing(page, 6)
    assert page.evaluate("window.scrollY") == 0


def test_player_follows_the_narration_on_screen(open_page, site):
    page = open_page(site.article("sample"), viewport={"width": 1280, "height": 500})
    page.get_by_role("button", name="5번째 문단부터 듣기").click()
    playing(page, 9)
    page.evaluate("window.scrollTo(0, 0)")
    finish_current(page)
    playing(page, 10)
    page.wait_for_function("""() => { const box = document.getElementById("segment-10").getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight + 1; }""")


@pytest.mark.parametrize("theme", THEMES)
def test_highlighted_part_keeps_aaa_contrast(open_page, site, theme):
    page = open_page(site.article("sample"), theme=theme, color_scheme="dark")
    page.get_by_role("button", name="1번째 문단부터 듣기").click()
    playing(page, 5)
    page.keyboard.press("k")  # focus is on the listen button, outside the player: nothing changes
    assert page.evaluate(PLAYING_JS) is not None
    check(page, f"playing, {theme}")


def test_player_works_under_the_sites_own_csp(browser, site):
    """The other tests bypass the CSP for Playwright's helpers; a listener's browser does not.

    Here the policy is in force: the page's own CSS and JS break none of it, and play works.
    """
    context = browser.new_context(locale="ko-KR", viewport=WIDE)
    page = context.new_page()
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    try:
        response = page.goto(site.article("sample"))
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        tab_to(page, "재생")
        page.keyboard.press("Enter")
        # page.evaluate runs outside the page's CSP; wait_for_function with a string would not.
        for _ in range(150):
            now = page.evaluate(PLAYING_JS)
            if now and now["segment"] == "1" and now["time"] > 0:
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError("play did not start segment 1 under the CSP")
        assert page.locator("#announcer").inner_text() in ("", "1/10 제목 재생 중")
        assert violations == [], violations
    finally:
        context.close()

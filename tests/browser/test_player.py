"""The player in Chromium, driven by the keyboard alone: real audio from the real server."""

import itertools

import pytest

from a11y.audio import mp3
from a11y.audio.whole import pause_after_ms
from browsing import NARROW, SLOW_MARK, SLOW_VOICE_S, THEMES, WIDE, example_json
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
    assert said(page) == "제목 재생 중, 1/10 부분"
    assert page.evaluate("document.activeElement.textContent") == "일시 정지", "the button's name says what it does"

    finish_current(page)
    playing(page, 2)
    assert said(page) == "제목 재생 중, 1/10 부분", "an automatic advance does not talk over the narration"
    assert page.locator("[data-position]").inner_text() == "2/10 부분 · 1번째 부제"

    tab_to(page, "다음 부분")
    page.keyboard.press("Enter")
    playing(page, 3)
    assert said(page) == "2번째 부제 재생 중, 3/10 부분"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "이전 부분"
    page.keyboard.press("Enter")
    playing(page, 2)
    assert said(page) == "1번째 부제 재생 중, 2/10 부분"

    tab_to(page, "3번째 문단부터 듣기")
    page.keyboard.press("Enter")
    now = playing(page, 7)
    assert now["src"] == urls[7]
    assert said(page) == "3번째 문단 재생 중, 7/10 부분", "the part's own name, then where it is among all"
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
    assert session["state"] == "playing" and session["album"] == "1번째 문단 · 2/23 부분"
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
    assert "2번째 문단: 음성을 만들지 못해 건너뜁니다." in page.locator("#segment-3").inner_text()
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
    page.locator("#segment-5 [data-sentence][data-current]").wait_for()  # and its sentence is marked
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
        assert page.locator("#announcer").inner_text() in ("", "제목 재생 중, 1/10 부분")
        assert violations == [], violations
    finally:
        context.close()


# ---------- Seek, time and download (issue 13) ----------

LISTEN_JS = """() => {
  window.said = [];
  new MutationObserver(() => { const t = document.getElementById("announcer").textContent; if (t) window.said.push(t); })
    .observe(document.getElementById("announcer"), {childList: true, characterData: true, subtree: true});
}"""


def words(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if minutes and rest:
        return f"{minutes}분 {rest}초"
    return f"{minutes}분" if minutes else f"{rest}초"


def parts_of(page) -> list[tuple[str, float]]:
    """(label, duration) of each part in order, as the server rendered them."""
    return page.evaluate("""Array.from(document.querySelectorAll("[data-segment]"))
      .sort((a, b) => a.dataset.segment - b.dataset.segment)
      .map((e) => [e.dataset.label, Number(e.dataset.duration)])""")


def valuetext(page) -> str:
    return page.locator("#seek").get_attribute("aria-valuetext")


def focus_slider(page) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "seek":
            return
    raise AssertionError("Tab never reached the seek slider")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "320"])
def test_seek_slider_moves_by_each_key_across_parts(open_page, site, viewport):
    page = open_page(site.article("sample"), viewport=viewport, step=5 if viewport == NARROW else None)
    parts = parts_of(page)
    assert all(duration > 0 for _, duration in parts), "every part's length is in the page before play"
    starts = [0.0, *itertools.accumulate(duration for _, duration in parts)]
    total = starts[-1]

    def label_at(seconds):
        return next(parts[i][0] for i in range(len(parts)) if seconds < starts[i + 1])

    def expect(seconds, label=None):
        assert valuetext(page) == f"{words(seconds)} / {words(total)}, {label or label_at(seconds)}"

    slider = page.get_by_role("slider", name="재생 위치")
    assert slider.count() == 1 and page.locator("#player #seek").count() == 1
    expect(0)
    assert page.locator("[data-total]").inner_text() == f"{int(total) // 60}:{int(total) % 60:02d}"
    focus_slider(page)
    for key, at in [("ArrowRight", 10), ("ArrowRight", 20), ("ArrowLeft", 10), ("ArrowUp", 20), ("ArrowDown", 10)]:
        page.keyboard.press(key)
        expect(at)
    here = next(i for i in range(len(parts)) if 10 < starts[i + 1])
    page.keyboard.press("PageUp")
    expect(starts[here + 1])
    page.keyboard.press("PageUp")
    expect(starts[here + 2])
    page.keyboard.press("PageDown")
    expect(starts[here + 1])
    page.keyboard.press("End")
    expect(total, parts[-1][0])
    page.keyboard.press("Home")
    expect(0)
    assert page.evaluate(PLAYING_JS) is None, "seeking does not start play"

    # From 20 s, play starts inside the part that holds 20 s, at the right moment in it.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("k")
    part = next(i for i in range(len(parts)) if 20 < starts[i + 1])
    now = playing(page, part + 1)
    assert abs(now["time"] - (20 - starts[part])) < 1.5, now
    # While playing, the keys move the playing audio, across a part's end too.
    page.keyboard.press("PageUp")
    now = playing(page, part + 2)
    assert now["time"] < 1.5
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        f"(() => {{ const p = ({PLAYING_JS})(); return p && p.segment === '{part + 1}'; }})()"
    )
    assert starts[part + 1] - 11 < page.evaluate(PLAYING_JS)["time"] + starts[part] < starts[part + 1] - 8
    assert words(starts[part + 1] - 10).split()[0] in valuetext(page)
    page.keyboard.press("End")
    page.wait_for_function("Array.from(document.querySelectorAll('#player audio')).every((a) => a.paused)")
    assert said(page) == "기사를 끝까지 들었습니다"


def test_total_time_is_the_whole_files_length_without_its_pauses(open_page, site):
    page = open_page(site.article("sample"))
    parts = parts_of(page)
    whole = page.context.request.get(site.article("sample") + "/audio.mp3")
    assert whole.ok and whole.headers["x-a11y-audio"] == "complete"
    whole_s = mp3.parse(whole.body()).duration_ms / 1000
    stored = site.service.article(site.ids["sample"])
    segments = site.service.script(stored.article)
    pauses_s = sum(pause_after_ms(segment) for segment in segments[:-1]) / 1000
    total = sum(duration for _, duration in parts)
    assert abs(total - (whole_s - pauses_s)) < 0.3, (total, whole_s, pauses_s)
    # The browser's own idea of each part's length agrees with the page's.
    page.get_by_role("button", name="재생", exact=True).click()
    playing(page, 1)
    measured = page.evaluate("Array.from(document.querySelectorAll('#player audio')).find((a) => !a.paused).duration")
    assert abs(measured - parts[0][1]) < 0.1


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_download_feed_and_playlist_are_linked_from_the_player(open_page, site, js):
    page = open_page(site.article("sample"), js=js)
    player = page.locator("#player")
    download = player.get_by_role("link", name="기사 전체 MP3 내려받기")
    assert download.is_visible()
    href = download.evaluate("(a) => a.href")
    assert href == site.article("sample") + "/audio.mp3"
    assert download.get_attribute("download") is not None
    answer = page.context.request.get(href)
    assert answer.ok and answer.headers["content-type"] == "audio/mpeg"
    for name, kind in (("재생 목록(M3U)", "mpegurl"), ("팟캐스트 피드", "xml")):
        link = player.get_by_role("link", name=name)
        assert link.is_visible()
        answer = page.context.request.get(link.evaluate("(a) => a.href"))
        assert answer.ok and kind in answer.headers["content-type"], (name, answer.headers)
    assert (page.locator("#seek").is_visible()) is js, "the slider is the script's; without it, the native player"


# ---------- States and what is heard ----------

def _slow_article(name: str) -> dict:
    return {
        "title": f"느린 목소리 기사 {name}",
        "published": "2024-10-30T07:00:00+09:00",
        "publisher": "예시일보",
        "blocks": [
            {"type": "paragraph", "text": f"{name} 첫 문단의 음성은 {SLOW_MARK} 만들어집니다."},
            {"type": "paragraph", "text": f"{name} 둘째 문단의 음성도 {SLOW_MARK} 만들어집니다."},
            {"type": "paragraph", "text": f"{name} 셋째 문단의 음성 역시 {SLOW_MARK} 만들어집니다."},
        ],
    }


def test_slow_parts_are_announced_once_and_their_labels_stay_true(open_page, site):
    page = open_page(site.add(_slow_article("알림")))
    page.evaluate(LISTEN_JS)
    wait_ms = int(SLOW_VOICE_S * 1000) + 15000
    page.get_by_role("button", name="1번째 문단부터 듣기").click()
    playing(page, 2, timeout_ms=wait_ms)
    finish_current(page)  # the next part was made meanwhile (it loads while one plays)
    playing(page, 3, timeout_ms=wait_ms)
    finish_current(page)  # at once: the one after is still being made
    playing(page, 4, timeout_ms=wait_ms)
    page.wait_for_timeout(400)
    assert page.evaluate("window.said") == [
        "1번째 문단 재생 중, 2/4 부분",
        "1번째 문단 음성을 만드는 중입니다",
        "1번째 문단 재생 중, 2/4 부분",
        "다음 부분 음성을 만드는 중입니다",
        "3번째 문단 재생 중, 4/4 부분",
    ]
    states = page.evaluate("""Array.from(document.querySelectorAll("[data-segment]"))
      .map((e) => [e.dataset.state, (e.querySelector("[data-state-text]") || {}).textContent || ""])""")
    assert states[1:] == [["ready", ""]] * 3, "played parts no longer say 음성 준비 중"

    tab_to(page, "다음 부분")
    page.keyboard.press("Enter")
    assert said(page) == "마지막 부분입니다"
    assert page.evaluate(PLAYING_JS)["segment"] == "4", "next on the last part goes on playing it"
    finish_current(page)
    page.wait_for_function("window.said.length === 7")
    assert page.evaluate("window.said")[-1] == "기사를 끝까지 들었습니다"
    assert page.locator("[data-position]").inner_text() == "끝까지 들었습니다"
    tab_to(page, "이전 부분", key="Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "이전 부분"


# ---------- The dock ----------

DOCK_JS = """
const dock = document.querySelector("[data-dock]");
const box = dock.getBoundingClientRect();
const text = Array.from(document.querySelectorAll("main p, main h1, main h2, main figcaption, main li, main a, main button, main span"))
  .filter((e) => !dock.contains(e) && h.visible(e))
  .filter((e) => { const r = e.getBoundingClientRect(); return r.bottom > box.top + 0.5 && r.top < box.bottom - 0.5 && r.height > 0; })
  .map((e) => e.tagName + ": " + e.textContent.trim().slice(0, 30));
return {position: getComputedStyle(dock).position, top: box.top, bottom: box.bottom, height: box.height,
        inner: innerHeight, covered: text, end: scrollY + innerHeight >= document.documentElement.scrollHeight - 1,
        buttons: Array.from(dock.querySelectorAll("button")).map((b) => [b.textContent.trim(), b.getBoundingClientRect().width, b.getBoundingClientRect().height])};
"""


@pytest.mark.parametrize("theme", THEMES)
def test_compact_player_stays_in_reach_at_320_px_and_largest_step(open_page, site, theme):
    from browsing import measure

    page = open_page(site.article("sample"), step=5, theme=theme, viewport=NARROW)
    assert page.locator("h1").bounding_box()["y"] < NARROW["height"], "the title is on the first screen"
    page.get_by_role("button", name="재생", exact=True).click()
    playing(page, 1)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("document.querySelector('[data-dock]').classList.contains('docked')")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")  # the page grew by the dock
    page.wait_for_timeout(200)
    found = measure(page, DOCK_JS)
    assert found["position"] == "fixed" and found["end"], found
    assert 0 <= found["top"] and found["bottom"] <= found["inner"] + 0.5, found
    assert found["height"] <= found["inner"] / 4, found
    assert found["covered"] == [], found
    assert all(min(w, h) >= 44 for _, w, h in found["buttons"]), found
    # The dock is the player's own controls: one set, in the same place for a screen reader.
    assert page.get_by_role("button", name="일시 정지").count() == 1
    page.get_by_role("button", name="일시 정지").click()
    page.wait_for_function("Array.from(document.querySelectorAll('#player audio')).every((a) => a.paused)")
    assert said(page) == "일시 정지"
    check(page, f"docked, {theme}")
    # Focus moving through the article is never hidden under the dock (WCAG 2.4.12).
    page.evaluate("window.scrollTo(0, 0)")
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
    for _ in range(30):
        page.keyboard.press("Tab")
        page.wait_for_timeout(150)  # the dock comes and goes as the player scrolls out of view and back
        box = page.evaluate("""(() => { const e = document.activeElement; const r = e.getBoundingClientRect();
          const d = document.querySelector("[data-dock]"); const q = d.getBoundingClientRect();
          return {inDock: d.contains(e) || e === document.body, overlap: d.classList.contains("docked") && r.bottom > q.top + 1 && r.top < q.bottom,
                  what: e.tagName + " " + e.textContent.trim().slice(0, 20), at: [r.top, r.bottom, q.top]}; })()""")
        assert box["inDock"] or not box["overlap"], box


def test_no_dock_where_it_would_hide_too_much_of_the_text(open_page, site):
    """A 1280×800 window at 400% zoom is 320×200 CSS px: there the controls stay in the player."""
    page = open_page(site.article("sample"), step=3, viewport={"width": 320, "height": 200})
    page.get_by_role("button", name="재생", exact=True).click()
    playing(page, 1)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(300)
    assert page.evaluate("getComputedStyle(document.querySelector('[data-dock]')).position") == "static"


# ---------- Resume, captions, the device's voice ----------

def test_resume_after_a_reload(open_page, site):
    page = open_page(site.article("sample"))
    page.get_by_role("button", name="3번째 문단부터 듣기").click()
    page.wait_for_function(f"(() => {{ const p = ({PLAYING_JS})(); return p && p.segment === '7' && p.time > 1.5; }})()")
    tab_to(page, "일시 정지")
    page.keyboard.press("Enter")
    at = page.evaluate("Array.from(document.querySelectorAll('#player audio')).find((a) => a.dataset.part === '6').currentTime")
    page.reload()
    assert page.get_by_role("button", name="이어 듣기").count() == 1
    assert page.locator("[data-position]").inner_text().startswith("3번째 문단 0:01부터 이어 듣기")
    tab_to(page, "이어 듣기")
    page.keyboard.press("Enter")
    now = playing(page, 7)
    assert abs(now["time"] - at) < 1, (now, at)
    assert said(page) == "3번째 문단 재생 중, 7/10 부분"
    # Heard to the end, the place is forgotten.
    page.evaluate("localStorage.clear()")
    page.reload()
    assert page.get_by_role("button", name="재생", exact=True).count() == 1


def test_photo_captions_can_be_skipped_and_the_choice_is_kept(open_page, site):
    page = open_page(site.article("many-photos"))
    kinds = page.evaluate("""Array.from(document.querySelectorAll("[data-segment]"))
      .sort((a, b) => a.dataset.segment - b.dataset.segment).map((e) => e.dataset.type)""")
    first_caption = kinds.index("image") + 1
    before_it = first_caption - 1
    total_with = page.locator("[data-total]").inner_text()
    box = page.get_by_role("checkbox", name="연속 재생에서 사진 설명 건너뛰기")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert page.locator("[data-total]").inner_text() != total_with, "captions no longer count in the total"
    page.reload()
    assert page.get_by_role("checkbox", name="연속 재생에서 사진 설명 건너뛰기").is_checked()
    label = page.locator(f"#segment-{before_it}").get_attribute("data-label")
    page.get_by_role("button", name=f"{label}부터 듣기", exact=True).click()
    playing(page, before_it)
    finish_current(page)
    now = playing(page, next(i + 1 for i in range(first_caption, len(kinds)) if kinds[i] != "image"))
    assert kinds[int(now["segment"]) - 1] != "image"
    # A caption the listener chooses is still read.
    caption = page.locator(f"#segment-{first_caption}").get_attribute("data-label")
    page.get_by_role("button", name=f"{caption}부터 듣기", exact=True).click()
    playing(page, first_caption)


FAKE_VOICE_JS = """
(() => {
  const spoken = [];
  const voice = {lang: "ko-KR", name: "기기 한국어", default: true, localService: true, voiceURI: "ko"};
  const synth = new EventTarget();
  synth.getVoices = () => [voice];
  synth.speaking = false;
  // The utterance ends when the test says so (window.endDeviceSpeech()): a timer would race a loaded machine.
  synth.speak = (u) => { spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); synth.speaking = true;
    window.endDeviceSpeech = () => { synth.speaking = false; u.dispatchEvent(new Event("end")); }; };
  synth.cancel = () => { synth.speaking = false; };
  Object.defineProperty(window, "speechSynthesis", {value: synth});
  window.SpeechSynthesisUtterance = class extends EventTarget { constructor(text) { super(); this.text = text; } };
  window.spokenByDevice = spoken;
})();
"""


def test_a_failed_part_can_be_read_by_the_devices_korean_voice(open_page, site):
    api = f"{site.base_url}/api/articles/{site.ids['failed-voice']}"
    plain = open_page(site.article("failed-voice"))
    plain.context.request.get(plain.context.request.get(api).json()["segments"][2]["audio_url"])  # no voice can
    plain.reload()
    assert "음성을 만들지 못했습니다" in plain.locator("#segment-3").inner_text()
    assert plain.get_by_role("button", name="2번째 문단 기기 음성으로 듣기").count() == 0, "offered only with a Korean voice"

    page = open_page("about:blank")
    page.context.add_init_script(FAKE_VOICE_JS)
    page.goto(site.article("failed-voice"))
    button = page.get_by_role("button", name="2번째 문단 기기 음성으로 듣기")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.spokenByDevice.length === 1")
    assert "기기 음성으로 읽는 중" in page.locator("#segment-3").inner_text()
    spoken = page.evaluate("window.spokenByDevice[0]")
    assert spoken == {"text": page.context.request.get(api).json()["segments"][2]["spoken"], "lang": "ko-KR", "voice": "기기 한국어"}
    page.evaluate("window.endDeviceSpeech()")
    page.wait_for_function("document.querySelector('#segment-3').textContent.includes('음성을 만들지 못했습니다')")
    assert button.inner_text() == "2번째 문단 기기 음성으로 듣기"


# ---------- The sentence being read ----------

CURRENT_SENTENCE_JS = """() => Array.from(document.querySelectorAll("[data-sentence][data-current]"))
  .map((e) => [e.closest("[data-segment]").dataset.segment, e.dataset.sentence])"""


def _jump_to(page, seconds: float) -> None:
    page.evaluate(f"""() => {{ const a = Array.from(document.querySelectorAll("#player audio")).find((a) => !a.paused);
      a.currentTime = {seconds}; }}""")


def _marked(page, segment: int, sentence: int) -> None:
    page.wait_for_function(
        f"(({CURRENT_SENTENCE_JS})()).join('|') === '{segment},{sentence}'", timeout=10000
    )


def test_the_sentence_being_read_is_marked_at_its_start_and_near_its_end(open_page, site):
    page = open_page(site.article("sample"))
    segments = page.context.request.get(f"{site.base_url}/api/articles/{site.ids['sample']}").json()["segments"]
    segment = next(s for s in segments if s["kind"] == "paragraph" and len(s["sentences"]) >= 2)
    sentences = segment["sentences"]
    assert all(s["start"] is not None for s in sentences), sentences
    spans = page.locator(f"#segment-{segment['index']} [data-sentence]")
    assert spans.count() == len(sentences)
    assert [spans.nth(i).inner_text() for i in range(len(sentences))] == [s["text"] for s in sentences]
    assert " ".join(page.locator(f"#segment-{segment['index']} > p").first.inner_text().split()) == " ".join(segment["text"].split())

    label = page.locator(f"#segment-{segment['index']}").get_attribute("data-label")
    page.get_by_role("button", name=f"{label}부터 듣기", exact=True).click()
    playing(page, segment["index"])
    _marked(page, segment["index"], 0)
    style = page.evaluate("""(() => { const s = getComputedStyle(document.querySelector("[data-sentence][data-current]"));
      return [s.textDecorationLine, s.backgroundColor, s.color]; })()""")
    assert style[0] == "underline" and style[1] != style[2], "marked by more than colour"
    last = len(sentences) - 1
    _jump_to(page, max(sentences[last]["start"] + 0.1, sentences[last]["end"] - 0.4))
    _marked(page, segment["index"], last)
    _jump_to(page, sentences[0]["end"] - 0.3)
    _marked(page, segment["index"], 0)
    page.keyboard.press("k")  # focus is on the listen button, outside the player: nothing changes
    check(page, "a sentence marked")


def test_sentence_times_missing_from_the_page_are_asked_for_when_the_part_plays(open_page, site):
    article = _slow_article("문장")
    article["blocks"][0]["text"] = f"첫 문장은 {SLOW_MARK} 읽힙니다. 둘째 문장이 이어서 나옵니다. 셋째 문장으로 끝납니다."
    page = open_page(site.add(article))
    spans = page.locator("#segment-2 [data-sentence]")
    assert spans.count() == 3
    assert spans.first.get_attribute("data-start") is None, "not made yet, so no times in the page"
    page.get_by_role("button", name="1번째 문단부터 듣기").click()
    playing(page, 2, timeout_ms=int(SLOW_VOICE_S * 1000) + 15000)
    page.wait_for_function("document.querySelector('#segment-2 [data-sentence]').dataset.start !== undefined")
    _marked(page, 2, 0)
    end = float(spans.nth(2).get_attribute("data-end"))
    _jump_to(page, end - 0.3)
    _marked(page, 2, 2)


def test_speed_folds_away_on_a_phone_and_its_summary_says_the_speed(open_page, site):
    wide = open_page(site.article("sample"))
    assert wide.get_by_role("button", name="1.5배").is_visible(), "open where there is room"
    page = open_page(site.article("sample"), step=5, viewport=NARROW)
    summary = page.locator("summary.player-summary")
    assert summary.inner_text() == "재생 설정 (속도 1배)"
    assert not page.get_by_role("button", name="1.5배").is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    tab_to(page, "1.5배")
    page.keyboard.press("Enter")
    assert summary.inner_text() == "재생 설정 (속도 1.5배)"
    assert said(page) == "재생 속도 1.5배"

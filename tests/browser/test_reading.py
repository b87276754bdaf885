"""The reading page in Chromium: structure, font steps, reflow, preferences, keyboard and focus."""

import re

import pytest

from browsing import EXAMPLES, NARROW, SNAPSHOT_DIR, STEPS, THEMES, WIDE, choose, example_json, measure

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


# ---------- Language, structure, names ----------

STRUCTURE_JS = """
const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6")).map((e) => Number(e.tagName[1]));
const ids = Array.from(document.querySelectorAll("[id]")).map((e) => e.id);
const refs = [];
for (const attr of ["aria-labelledby", "aria-describedby", "aria-controls"]) {
  document.querySelectorAll(`[${attr}]`).forEach((e) => e.getAttribute(attr).split(/\\s+/).forEach((id) => refs.push(id)));
}
document.querySelectorAll("label[for]").forEach((e) => refs.push(e.htmlFor));
const interactive = "a[href], button, input, select, textarea, audio[controls], [tabindex]:not([tabindex='-1'])";
return {
  lang: document.documentElement.lang,
  title: document.title,
  h1: Array.from(document.querySelectorAll("h1")).map((e) => e.textContent.trim()),
  headings,
  mains: document.querySelectorAll("main").length,
  unnamedNavs: Array.from(document.querySelectorAll("nav")).filter((e) => !e.getAttribute("aria-label")).length,
  duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
  missingRefs: refs.filter((id) => !document.getElementById(id)),
  nested: Array.from(document.querySelectorAll(interactive)).filter((e) => e.parentElement.closest(interactive)).length,
  imagesWithoutAlt: Array.from(document.querySelectorAll("img")).filter((e) => !(e.getAttribute("alt") || "").trim()).length,
  times: Array.from(document.querySelectorAll("time")).map((e) => e.getAttribute("datetime")),
  english: Array.from(document.querySelectorAll('[lang="en"]')).map((e) => e.textContent),
  autoplay: document.querySelectorAll("[autoplay]").length,
  viewport: document.querySelector('meta[name="viewport"]').content,
};
"""


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_structure(open_page, site, name, js):
    article = example_json(name)
    page = open_page(site.article(name), js=js)
    found = measure(page, STRUCTURE_JS)
    assert found["lang"] == "ko"
    assert found["h1"] == [article["title"]] and article["title"] in found["title"]
    levels = found["headings"]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert found["mains"] == 1 and found["unnamedNavs"] == 0
    assert found["duplicateIds"] == [] and found["missingRefs"] == [] and found["nested"] == 0
    assert found["imagesWithoutAlt"] == 0 and found["autoplay"] == 0
    assert found["times"] == [article["published"]]
    assert "maximum-scale" not in found["viewport"] and "user-scalable" not in found["viewport"]
    if name == "english":
        assert found["english"] == [
            "The best iPhone we have ever made",
            "Today we are introducing something truly special",
            "Apple Intelligence",
        ]


def _names(page) -> list[tuple[str, str]]:
    """(accessible name, visible text) of every visible link and button, from Chromium's own tree."""
    pairs = []
    for control in page.locator("a[href]:visible, button:visible").all():
        snapshot = control.aria_snapshot()
        match = re.match(r'- (?:link|button) "(.*?)"', snapshot)
        pairs.append((match.group(1) if match else "", control.inner_text().strip()))
    return pairs


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_control_names_contain_their_visible_text_and_listen_names_are_unique(open_page, site, js):
    page = open_page(site.article("sample"), js=js)
    pairs = _names(page)
    assert pairs and all(visible.replace("✓\xa0", "") in name for name, visible in pairs), pairs
    listen = [name for name, _ in pairs if name.endswith("듣기") and "번째" in name]
    assert len(listen) == 7 and len(set(listen)) == len(listen), listen
    assert ("3번째 문단부터 듣기" if js else "3번째 문단 듣기") in listen


def test_a_photo_caption_is_heard_once(open_page, site):
    page = open_page(site.article("many-photos"))
    tree = page.locator("main").aria_snapshot()
    caption = "단풍 사진 3. 붉게 물든 산자락을 등산객들이 걷고 있다."
    assert tree.count(caption) == 1, tree
    assert f'figure "사진":\n      - \'img "{caption} (사진: 예시일보)"\'' in tree, tree


@pytest.mark.parametrize("name", ["sample", "no-photo", "many-photos", "long-title", "long-url", "english"])
def test_aria_snapshot_of_main_matches_the_reviewed_one(open_page, site, name):
    """The reading order a screen reader meets, checked in and reviewed like code.

    To accept a change on purpose, delete the file and run the test once: it writes the new one.
    """
    page = open_page(site.article(name))
    # Whether a part's audio is made yet depends on what ran before; the reading order does not.
    # So does the estimated total while parts are still being made ("약 5:42").
    lines = page.locator("main").aria_snapshot().splitlines()
    lines = [re.sub(r"약 \d+:\d\d", "약 (estimate)", line) for line in lines if "음성 준비 중" not in line]
    snapshot = "\n".join(lines) + "\n"
    path = SNAPSHOT_DIR / f"{name}.aria.yml"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(snapshot, encoding="utf-8")
        pytest.fail(f"wrote {path.name}: review it and commit it")
    assert snapshot == path.read_text(encoding="utf-8")


def test_sample_reads_in_a_sensible_order(open_page, site):
    page = open_page(site.article("sample"))
    tree = page.locator("body").aria_snapshot()
    order = [
        'link "본문 바로가기"',
        "화면 설정 (글자 기본, 색 시스템 설정)",
        'heading "기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소" [level=1]',
        "계속된 청취자 연결 실패...결국 종료",
        "지지자 향해 “투표하면 트럼프 이긴다”",
        "2024년 11월 5일 오후 4시 19분",
        'region "기사 듣기"',
        'link "팟캐스트 피드"',
        'figure "사진"',
        "테슬라 최고경영자(CEO) 일론 머스크는",
        "X에서 진행하려던 유세 지원 이벤트가",
    ]
    positions = [tree.find(item) for item in order]
    assert -1 not in positions, [item for item, at in zip(order, positions) if at == -1]
    assert positions == sorted(positions), tree


# ---------- Font steps and reflow ----------

SIZES_JS = """
const p = document.querySelector(".block-paragraph p");
const style = getComputedStyle(p);
return {body: parseFloat(getComputedStyle(document.body).fontSize), p: parseFloat(style.fontSize),
        lineHeight: parseFloat(style.lineHeight), root: getComputedStyle(document.documentElement).fontSize};
"""


def test_font_steps_meet_the_size_rules(open_page, site):
    page = open_page(site.article("sample"))
    sizes = {}
    for step in STEPS:
        choose(page, site.base_url, step=step)
        sizes[step] = measure(page, SIZES_JS)
        assert sizes[step]["lineHeight"] >= 1.5 * sizes[step]["p"]
    assert sizes[3]["p"] >= 18 and sizes[3]["body"] >= 18
    for step in (2, 3, 4, 5):
        assert sizes[step]["p"] >= 1.12 * sizes[step - 1]["p"], sizes
    assert sizes[5]["p"] >= 2 * sizes[3]["p"], sizes

    # A reader who set a larger default font in the browser gets larger text at every step.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    for step in STEPS:
        choose(page, site.base_url, step=step)
        assert measure(page, SIZES_JS)["p"] > sizes[step]["p"] * 1.4, step


OVERFLOW_JS = """
const width = document.documentElement.clientWidth;
const wide = Array.from(document.querySelectorAll("body *")).filter((e) => {
  if (!h.visible(e)) return false;
  const box = e.getBoundingClientRect();
  return box.right > width + 0.5 || box.left < -0.5;
}).map((e) => e.tagName + "." + e.className);
const clipped = Array.from(document.querySelectorAll("a, button, p, h1, h2, figcaption, li")).filter((e) =>
  h.visible(e) && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) &&
  getComputedStyle(e).overflow !== "visible").map((e) => e.tagName + ":" + e.textContent.slice(0, 30));
const boxes = h.controls().map((e) => [e, e.getBoundingClientRect()]);
const overlaps = [];
boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
  const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
  const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
  if (x > 1 && y > 1 && !a.contains(b) && !b.contains(a)) overlaps.push(a.textContent + " / " + b.textContent);
}));
return {scroll: document.documentElement.scrollWidth, width, wide, clipped, overlaps};
"""


def _assert_reflows(page, where):
    found = measure(page, OVERFLOW_JS)
    assert found["scroll"] <= found["width"], (where, found)
    assert found["wide"] == [] and found["clipped"] == [] and found["overlaps"] == [], (where, found)


@pytest.mark.parametrize("name", list(EXAMPLES) + ["index"])
def test_reflow_at_320_px_and_largest_step_in_every_theme(open_page, site, name):
    url = site.base_url + "/" if name == "index" else site.article(name)
    page = open_page(url, viewport=NARROW)
    for theme in THEMES:
        choose(page, site.base_url, step=5, theme=theme)
        _assert_reflows(page, f"{name} {theme}")
    page = open_page(url, viewport=NARROW, js=False, step=5)
    _assert_reflows(page, f"{name} without JavaScript")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "320"])
@pytest.mark.parametrize("step", [3, 5])
def test_text_spacing_override_breaks_nothing(open_page, site, step, viewport):
    for name in ("sample", "long-url", "long-title"):
        page = open_page(site.article(name), step=step, viewport=viewport)
        page.add_style_tag(content=TEXT_SPACING_CSS)
        _assert_reflows(page, f"{name} text spacing")
        page.context.close()


# ---------- Targets, keyboard and focus ----------

def test_controls_are_44_px_at_the_default_step_and_never_below_24(open_page, site):
    for url in (site.article("sample"), site.base_url + "/"):
        page = open_page(url)
        for step in STEPS:
            choose(page, site.base_url, step=step)
            sizes = measure(page, "return h.controls().map((e) => [e.textContent.trim(), e.getBoundingClientRect().width, e.getBoundingClientRect().height]);")
            smallest = 44 if step == 3 else 24
            small = [size for size in sizes if min(size[1], size[2]) < smallest]
            assert sizes and not small, (url, step, small)


FOCUS_JS = """
const e = document.activeElement;
const style = getComputedStyle(e);
const box = e.getBoundingClientRect();
const top = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 10));
return {
  tag: e.tagName, text: (e.textContent || "").trim().slice(0, 40), id: e.id,
  outline: parseFloat(style.outlineWidth), outlineStyle: style.outlineStyle,
  contrast: h.contrast(style.outlineColor, h.backdrop(e.parentElement || e)),
  covered: !!top && !(e === top || e.contains(top) || top.contains(e)),
  index: Array.from(document.querySelectorAll("*")).indexOf(e),
};
"""


FOCUSABLE_JS = """return Array.from(document.querySelectorAll("a[href], button, input, summary, audio[controls]"))
  .filter((e) => h.visible(e) && e.tabIndex >= 0).length;"""


def open_settings(page) -> None:
    """Open the folded display settings as a reader would: Tab to the summary, press Enter."""
    page.locator("summary.display-summary").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.display-details').open")


def test_display_settings_fold_to_one_line_so_the_title_comes_first(open_page, site):
    for js in (True, False):
        page = open_page(site.article("sample"), step=5, viewport=NARROW, js=js)
        summary = page.locator("summary.display-summary")
        assert summary.inner_text().strip() == "화면 설정", "on a phone, the one word line"
        assert summary.text_content().strip() == "화면 설정 (글자 가장크게, 색 시스템 설정)", "what is chosen now"
        assert not page.get_by_role("group", name="글자 크기").is_visible()
        assert page.locator("h1").bounding_box()["y"] < NARROW["height"] / 2, "the title starts on the first screen"
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        assert page.get_by_role("group", name="글자 크기").is_visible()


@pytest.mark.parametrize("theme", THEMES)
def test_keyboard_reaches_every_control_in_order_with_a_visible_focus(open_page, site, theme):
    page = open_page(site.article("sample"), theme=theme, color_scheme="dark")
    page.evaluate("document.querySelector('details.display-details').open = true")
    expected = measure(page, FOCUSABLE_JS)
    page.keyboard.press("Tab")
    first = measure(page, FOCUS_JS)
    assert first["text"] == "본문 바로가기"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(site.article("sample"))
    page.evaluate("document.querySelector('details.display-details').open = true")
    seen = []
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        focus = measure(page, FOCUS_JS)
        if focus["tag"] == "BODY" or (seen and focus["index"] == seen[0]["index"]):
            break
        assert focus["outlineStyle"] != "none" and focus["outline"] >= 2, focus
        assert focus["contrast"] >= 3, focus
        assert not focus["covered"], focus
        seen.append(focus)
    texts = [focus["text"] for focus in seen]
    assert len(seen) == expected, (expected, [(f["tag"], f["text"]) for f in seen])
    assert [focus["index"] for focus in seen] == sorted(focus["index"] for focus in seen), "DOM order"
    for label in list(STEPS.values()) + ["재생", "이전 부분", "다음 부분", "1.5배", "6번째 문단부터 듣기", "기사 전체 MP3 내려받기"]:
        assert any(label in text for text in texts), label


# ---------- Preferences ----------

def test_preferences_without_javascript_reload_with_a_cookie(open_page, site):
    page = open_page(site.article("sample"), js=False)
    open_settings(page)
    group = page.get_by_role("group", name="글자 크기")
    links = group.get_by_role("link")
    assert [link.inner_text().replace("✓\xa0", "") for link in links.all()] == list(STEPS.values())
    assert group.locator('[aria-current="true"]').count() == 1
    assert "지금 글자 크기: 기본" in group.inner_text()

    group.get_by_role("link", name="가장크게").click()
    assert page.url == site.article("sample") + "#display-settings"
    assert group.is_visible(), "the reader is back in the settings, open"
    assert page.evaluate("document.documentElement.className") == "step-5"
    assert group.locator('[aria-current="true"]').inner_text().endswith("가장크게")
    assert "지금 글자 크기: 가장크게" in group.inner_text()
    assert {c["name"]: c["value"] for c in page.context.cookies()}["a11y_size"] == "5"

    page.get_by_role("group", name="화면 색").get_by_role("link", name="검은 바탕 노란 글자").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "yellow"
    # The first byte of HTML already has the reader's step and theme: nothing to flash.
    html = page.context.request.get(site.article("sample")).text()
    assert html.startswith('<!doctype html>\n<html lang="ko" class="step-5" data-theme="yellow">')


def test_preferences_with_javascript_keep_focus_and_speak_once(open_page, site):
    page = open_page(site.article("sample"))
    page.evaluate("""() => {
      window.stayed = true;
      window.said = [];
      new MutationObserver(() => { const t = document.getElementById("announcer").textContent; if (t) window.said.push(t); })
        .observe(document.getElementById("announcer"), {childList: true, characterData: true, subtree: true});
    }""")
    open_settings(page)
    link = page.get_by_role("link", name="크게", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.said.length > 0")
    page.wait_for_timeout(300)
    assert page.evaluate("window.stayed") is True, "no reload"
    assert page.evaluate("document.activeElement.textContent").endswith("크게")
    assert page.evaluate("document.documentElement.className") == "step-4"
    assert page.evaluate("window.said") == ["글자 크기: 크게"]
    assert page.locator("summary.display-summary").inner_text().startswith("화면 설정 (글자 크게,")
    assert page.get_by_role("group", name="글자 크기").locator('[aria-current="true"]').inner_text().endswith("크게")
    page.reload()
    assert page.evaluate("document.documentElement.className") == "step-4"


COLOURS_JS = "const s = getComputedStyle(document.body); return [s.color, s.backgroundColor];"


def test_system_preferences_pick_the_theme_until_the_reader_chooses(open_page, site):
    url = site.article("sample")
    assert measure(open_page(url, color_scheme="light"), COLOURS_JS) == ["rgb(26, 26, 26)", "rgb(255, 255, 255)"]
    assert measure(open_page(url, color_scheme="dark"), COLOURS_JS) == ["rgb(245, 245, 245)", "rgb(18, 18, 18)"]
    assert measure(open_page(url, color_scheme="light", contrast="more"), COLOURS_JS) == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    assert measure(open_page(url, color_scheme="dark", contrast="more"), COLOURS_JS) == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    chosen = open_page(url, theme="light", color_scheme="dark", contrast="more")
    assert measure(chosen, COLOURS_JS) == ["rgb(26, 26, 26)", "rgb(255, 255, 255)"]
    assert measure(open_page(url, theme="yellow"), COLOURS_JS) == ["rgb(255, 255, 0)", "rgb(0, 0, 0)"]


def test_forced_colors_keep_every_boundary_and_the_current_part(open_page, site):
    page = open_page(site.article("sample"), forced_colors="active")
    page.get_by_role("button", name="2번째 문단부터 듣기").click()
    page.locator("[data-sentence][data-current]").wait_for()
    found = measure(page, """
      // Buttons and the links drawn as buttons; plain text links keep their underline instead.
      const bare = h.controls().filter((e) => e.matches("button, .choice, .button-link, .listen-link")).filter((e) => {
        const s = getComputedStyle(e); return s.borderTopStyle === "none" || parseFloat(s.borderTopWidth) < 1; });
      const current = document.querySelector('[aria-current="true"].segment');
      const s = getComputedStyle(current);
      const sentence = getComputedStyle(document.querySelector("[data-sentence][data-current]"));
      return {bare: bare.map((e) => e.textContent), marker: [s.borderLeftStyle, parseFloat(s.borderLeftWidth)],
              label: getComputedStyle(current, "::before").content,
              sentence: [sentence.textDecorationLine, sentence.backgroundColor !== getComputedStyle(current).backgroundColor]};
    """)
    assert found["bare"] == []
    assert found["sentence"] == ["underline", True], "the sentence being read is still marked, and not by colour alone"
    assert found["marker"][0] == "solid" and found["marker"][1] >= 4
    assert "지금 듣는 부분" in found["label"]


def test_reduced_motion_means_no_animation_and_no_smooth_scrolling(open_page, site):
    page = open_page(site.article("sample"), reduced_motion="reduce")
    found = measure(page, """
      const moving = Array.from(document.querySelectorAll("*")).filter((e) => { const s = getComputedStyle(e);
        return s.animationName !== "none" || parseFloat(s.transitionDuration) > 0; });
      return {moving: moving.length, scroll: getComputedStyle(document.documentElement).scrollBehavior};
    """)
    assert found == {"moving": 0, "scroll": "auto"}

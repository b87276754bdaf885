"""Script, style, JSON, hidden layers and code-like text put anywhere in an article's body never reach it.

Each corpus page (tests/pages) is read once as it is; then snippets a listener must never hear are
inserted at random places between the body's paragraphs, and the page is read again: no snippet's text
may appear in the title, subtitles or any block, and every paragraph read the first time is still there.
"""

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from a11y.ingest import parse
from test_ingest_corpus import CORPUS, expected_of

# (snippet, what of it must never be read): each snippet's probe is text no corpus page holds.
SNIPPETS = [
    (
        '<script>var probeScript = document.getElementById("x"); '
        'function track(){ if(probeScript){ probeScript.value=""; } }</script>',
        "probeScript",
    ),
    (
        "<script type=\"text/javascript\">$(function(){ $('.btn_probejq').on('click', function(){ "
        "alert('저장됨'); }); });</script>",
        "probejq",
    ),
    ("<style>.probe-style-layer { display: none; } #probe { color: red; }</style>", "probe-style"),
    (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList",'
        '"itemListElement":[{"@type":"ListItem","position":1,"name":"숨은목록표지 사회면"}]}</script>',
        "숨은목록표지",
    ),
    ("<noscript>자바스크립트를 켜야 동영상 안내 문구를 볼 수 있으며 노스크립트표지가 있습니다.</noscript>", "노스크립트표지"),
    ("<template><p>나중에 채워 넣을 기사 틀 문단이며 템플릿표지가 들어 있습니다.</p></template>", "템플릿표지"),
    ("<div hidden>이 안내 문구는 화면에 보이지 않는 도움말 레이어이며 숨김표지가 붙어 있습니다.</div>", "숨김표지"),
    ('<div aria-hidden="true">이 문장은 보조기기에서 숨겨진 장식용 안내 문구로서 가림표지를 달고 있습니다.</div>', "가림표지"),
    ('<div style="display: none">팝업 레이어에 들어 있는 구독 안내 문구이며 팝업표지가 들어 있습니다.</div>', "팝업표지"),
    ('<div style="visibility:hidden">보이지 않게 처리된 설문 안내 문구이며 투명표지가 들어 있습니다.</div>', "투명표지"),
    ('<span class="blind">본문 글자 크기 설정 열기 블라인드표지</span>', "블라인드표지"),
    ("<!-- 주석으로 막아 둔 예전 문단입니다 주석표지가 여기 있습니다. -->", "주석표지"),
    ('<p>function f(){ if($("#x").val()==""){alert("입력");return false;} }</p>', 'alert("입력")'),
    ('<p>var a = {"k": 1};</p>', "var a ="),
    ("<p>const pick = (list) => list.filter((x) => x.on).map((x) => x.id).reduce((a, b) => a + b, 0);</p>", "=>"),
]

# Where a snippet may go: before a paragraph or line break, or after a paragraph or a figure ends.
_POINT = re.compile(r"(?=<p[\s>])|(?=<br\s*/?>)|(?<=</p>)|(?<=</figure>)", re.I)
# Inside these the page prints a photo and its caption, not running text.
_BOX_TAG = re.compile(r"<(?P<close>/?)(?:figure|figcaption|table|blockquote)\b", re.I)


@cache
def page_text(page: Path) -> tuple[str, str]:
    """The page as text, and the codec to write it back with."""
    data = page.read_bytes()
    codec = "cp949" if re.search(rb"charset\s*=\s*[\"']?euc-kr", data[:2048], re.I) else "utf-8"
    return data.decode(codec), codec


@cache
def insertion_points(page: Path) -> tuple[int, ...]:
    """Places between the first and last paragraph of the article (or photo, on a page of photos only),
    outside the photo boxes and quotes that open between them."""
    text, _ = page_text(page)
    blocks = expected_of(page)["blocks"]
    anchors = [block["text"] for block in blocks if block["type"] == "paragraph"]
    anchors = anchors or [block["caption"] for block in blocks if block["type"] == "image" and block["caption"]]
    start = _find(text, anchors[0])
    # One paragraph or photo only: just after it, where its box closes.
    end = _find(text, anchors[-1], from_end=True) if len(anchors) > 1 else start + len(anchors[0]) + 200
    points = (match.start() for match in _POINT.finditer(text, start, end))
    return tuple(point for point in points if not _in_box(text, start, point))


def _in_box(text: str, start: int, point: int) -> bool:
    """Whether a photo box or quote opened after start is still open at point."""
    depth = 0
    for tag in _BOX_TAG.finditer(text, start, point):
        depth = depth + 1 if not tag["close"] else max(depth - 1, 0)
    return depth > 0


def _find(text: str, words: str, from_end: bool = False) -> int:
    """Where a paragraph's words stand in the body: the whole paragraph if it is printed as one run, else as
    much of its start (or end) as is; the last such place, past a summary or caption that repeats them."""
    for size in (len(words), 40, 24, 12):
        found = text.rfind(words[-size:] if from_end else words[:size])
        if found >= 0:
            return found
    raise AssertionError(f"not in the page: {words}")


@cache
def clean_article(page: Path):
    return parse(page.read_bytes(), "html", source_url=expected_of(page).get("source_url"))


def article_text(article) -> str:
    parts = [article.title, *article.subtitles]
    for block in article.blocks:
        parts += [getattr(block, "text", ""), getattr(block, "caption", ""), getattr(block, "credit", None) or ""]
    return "\n".join(parts)


insertions = st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(SNIPPETS)), min_size=1, max_size=4)


@pytest.mark.parametrize("page", CORPUS, ids=[page.stem for page in CORPUS])
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=insertions)
def test_inserted_script_style_json_hidden_and_code_never_reach_the_article(page, chosen):
    points = insertion_points(page)
    assert points, f"{page.name}: no place between paragraphs to insert at"
    text, codec = page_text(page)
    placed = sorted(((points[index % len(points)], snippet) for index, (snippet, _) in chosen), reverse=True)
    for point, snippet in placed:
        text = text[:point] + snippet + text[point:]
    article = parse(text.encode(codec), "html", source_url=expected_of(page).get("source_url"))
    read = article_text(article)
    for _, (_, probe) in chosen:
        assert probe not in read, f"{page.name}: {probe!r} was read into the article"
    before = [block.text for block in clean_article(page).paragraphs]
    after = [block.text for block in article.paragraphs]
    assert after == before, f"{page.name}: the paragraphs changed when invisible things were inserted"

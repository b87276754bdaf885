"""Ingest in linear time, and never reading hidden or code-like text, whatever a page holds.

A page's article may hold one long run without a space (a pasted base64 blob, a URL, a row of
symbols). Every regular expression in `a11y.ingest` and every text function is held to a time budget
proportional to its input, on long runs of each kind of character; a pattern that backtracks
quadratically takes seconds where the budget allows a fraction of one. The budget is generous
(`BUDGET_US_PER_CHAR` per character plus `BUDGET_BASE_S`), and it is CPU time (`time.process_time`), which
other processes on a loaded two-core machine do not inflate, so the tests do not flake.

Then a property: script, style, JSON, hidden layers and code-like blocks inserted between the
elements of every corpus page never reach the article.
"""

import importlib
import pkgutil
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import a11y.ingest
from a11y.ingest import IngestError, boilerplate, bylines, captions, codelike, dates, parse
from harness import PROJECT

BUDGET_US_PER_CHAR = 50
BUDGET_BASE_S = 0.05
RUN_CHARS = 20_000

# One run per kind of character a pattern may loop on: letters, Hangul, digits, spaces, address and
# credit punctuation, brackets, and the starts of what the patterns look for.
RUNS = ["A", "가", "1", " ", ".", "a@", "가,", "가 ", "<", "=", "/", "(가=", "가나 기자 ", "{", "ⓒ", "12.", "사진=", "-_", "▲"]


def _ingest_patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for module_info in pkgutil.iter_modules(a11y.ingest.__path__):
        module = importlib.import_module(f"a11y.ingest.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.append((f"{module_info.name}.{name}", value))
    return found


PATTERNS = _ingest_patterns()


def budget_s(chars: int) -> float:
    return BUDGET_BASE_S + BUDGET_US_PER_CHAR * chars / 1e6


def within_budget(work, text: str) -> float:
    started = time.process_time()
    work(text)
    elapsed = time.process_time() - started
    assert elapsed <= budget_s(len(text)), f"{elapsed:.2f} s on {len(text):,} chars of {text[:12]!r}…"
    return elapsed


def test_every_ingest_pattern_is_found():
    assert len(PATTERNS) >= 40  # the list is built from the modules, so a new pattern is held to it too


@pytest.mark.parametrize("run", RUNS)
def test_every_ingest_pattern_runs_in_linear_time_on_a_long_run(run):
    text = (run * RUN_CHARS)[:RUN_CHARS]
    for name, pattern in PATTERNS:
        started = time.process_time()
        for _ in pattern.finditer(text):  # every start position, as search, sub and findall try them
            pass
        elapsed = time.process_time() - started
        assert elapsed <= budget_s(len(text)), f"{name}: {elapsed:.2f} s on {len(text):,} × {run!r}"


TEXT_FUNCTIONS = {
    "split_caption": captions.split_caption,
    "meaningful_alt": lambda text: captions.meaningful_alt(text, "제목"),
    "code_reason": lambda text: codelike.code_reason.__wrapped__(text),
    "is_noise": boilerplate.is_noise,
    "is_end_marker": boilerplate.is_end_marker,
    "byline_in": bylines.byline_in,
    "is_byline_line": bylines.is_byline_line,
    "strip_opening": bylines.strip_opening,
    "strip_trailing_byline": bylines.strip_trailing_byline,
    "agency_line": bylines.agency_line,
    "parse_moment": dates.parse_moment,
    "published_in_text": dates.published_in_text,
    "is_dateline": dates.is_dateline,
}

# Long runs of one kind, glued together: the shape that makes a backtracking pattern slow.
runs = st.lists(
    st.tuples(st.sampled_from(RUNS) | st.text(min_size=1, max_size=3), st.integers(min_value=1, max_value=8_000)),
    min_size=1,
    max_size=4,
).map(lambda parts: "".join((piece * count)[: count * len(piece)] for piece, count in parts)[:RUN_CHARS])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=runs)
def test_every_text_function_runs_in_linear_time(text):
    for work in TEXT_FUNCTIONS.values():
        within_budget(work, text)


def _page(text: str) -> str:
    return f"""<html><head><title>긴 덩어리가 든 기사</title></head><body><h1>긴 덩어리가 든 기사</h1>
    <div class="content"><p>첫 문단입니다. 이 기사에는 공백 없는 긴 덩어리가 들어 있습니다. 끝까지 읽어 보세요.</p>
    <p>{text}</p><p>마지막 문단입니다. 이 기사는 여기서 끝납니다. 모두 고맙습니다.</p></div></body></html>"""


@pytest.mark.parametrize("run", ["A", "가", ".", "1", "a@", "{", "=", "가 기자", "http://x.kr/"])
def test_a_page_with_a_50000_character_run_parses_in_well_under_a_second(run):
    blob = (run * 50_000)[:50_000]
    parse(_page("워밍업").encode(), "html")
    started = time.process_time()
    parse(_page(blob).encode(), "html")
    assert time.process_time() - started < 1.0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=runs)
def test_whole_pages_and_copied_text_parse_in_linear_time(text):
    html, text = _page(body := text).encode(), f"제목\n\n{body}\n\n본문 문단입니다.".encode()
    for work in (lambda: parse(html, "html"), lambda: parse(text, "text")):
        started = time.process_time()
        try:
            work()
        except IngestError:
            pass  # refusing is fine; taking long is not
        assert time.process_time() - started <= budget_s(len(text) + 1_000)


# ---- hostile insertions into every corpus page --------------------------------------------------

MARK = "ZQXJ"
HOSTILE = [
    f"<script>var {MARK} = 1; document.write('{MARK} 스크립트');</script>",
    f"<style>.{MARK} {{ color: red }}</style>",
    f"<template><p>{MARK} 템플릿 문단입니다. 화면에 나오지 않습니다.</p></template>",
    f"<noscript>{MARK} 자바스크립트를 켜 주세요.</noscript>",
    f"<!-- {MARK} 주석 -->",
    f'<div style="display:none"><p>{MARK} 숨긴 문단은 읽지 않습니다. 충분히 긴 문장입니다.</p></div>',
    f'<div hidden><p>{MARK} hidden 속성 문단입니다. 충분히 긴 문장입니다.</p></div>',
    f'<div aria-hidden="true"><p>{MARK} 보조기술에서 숨긴 문단입니다. 충분히 긴 문장입니다.</p></div>',
    f'<div class="layer_popup"><p>{MARK} 팝업 레이어 안내문입니다. 충분히 긴 문장입니다.</p></div>',
    f'<span class="blind">{MARK} 본문</span>',
    f'<div><strong>본문 요약봇</strong><p>{MARK} 요약봇은 자동 추출 기술로 요약한 내용입니다.</p></div>',
    f'<p>function {MARK}(f){{ if(f.value==""){{ alert("입력하세요"); return false; }} return true; }}</p>',
    f'<div>$(document).ready(function(){{ $(".{MARK}").on("click", function(){{ $(this).hide(); }}); }});</div>',
    f'<pre>{{"{MARK}": 1, "type": "NewsArticle", "list": [1, 2, 3], "nested": {{"a": "b"}}}}</pre>',
    f"<p>.{MARK}_box{{display:block;margin:0 auto;font-size:15px}}</p>",
]
CORPUS = sorted((PROJECT / "tests" / "pages").glob("*.html"))
# Between elements: after a closing tag or a <br> in the body, never inside a title, script or style.
_GAP = re.compile(rb"</(?!title|script|style|textarea|head|option)[a-z0-9]+>|<br\s*/?>", re.I)


def _gaps(page: bytes) -> list[int]:
    body = page.lower().find(b"<body")
    return [found.end() for found in _GAP.finditer(page) if found.end() > body >= 0]


@pytest.mark.skipif(not CORPUS, reason="no corpus pages")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hidden_and_code_like_text_inserted_anywhere_never_reaches_the_article(data):
    path = data.draw(st.sampled_from(CORPUS), label="page")
    page = path.read_bytes()
    gaps = _gaps(page)
    places = sorted(data.draw(st.lists(st.sampled_from(gaps), min_size=1, max_size=4, unique=True), label="places"))
    snippets = data.draw(st.lists(st.sampled_from(HOSTILE), min_size=len(places), max_size=len(places)), label="snippets")
    charset = "cp949" if b"euc-kr" in page[:2000].lower() else "utf-8"
    for place, snippet in reversed(list(zip(places, snippets))):
        page = page[:place] + snippet.encode(charset) + page[place:]
    known = data.draw(st.booleans(), label="known_containers")
    try:
        article = parse(page, "html", known_containers=known)
    except IngestError:
        return  # a snippet that ends the body early may leave too little to read; never the snippet itself
    assert MARK not in article.model_dump_json()

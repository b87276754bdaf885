"""Reading pages: the article list, the article with its player, and the display preferences."""

import math
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from a11y.web.context import article_context
from a11y.web.deps import ServiceDep
from a11y.web.page_cache import page_cache
from a11y.web.display import (
    COOKIE_MAX_AGE_S,
    FONT_STEPS,
    SIZE_COOKIE,
    THEME_COOKIE,
    THEMES,
    BadPreference,
    display_from_cookies,
    local_path,
    parse_step,
    parse_theme,
)
from a11y.web.markup import clock, korean_datetime, mark_english, mark_sentences, spoken_duration

router = APIRouter(tags=["pages"])

ARTICLES_PER_PAGE = 10

# How the player and the "listen" controls name what a segment is.
KIND_WORDS = {
    "title": "제목",
    "subtitle": "부제",
    "paragraph": "문단",
    "subheading": "소제목",
    "quote": "인용문",
    "image": "사진 설명",
}

TEMPLATE_FILTERS = {"mark_english": mark_english, "mark_sentences": mark_sentences, "korean_datetime": korean_datetime}


@router.get("/", response_class=HTMLResponse)
def read_index(request: Request, service: ServiceDep, page: str = "1"):
    """The articles, newest first, one page at a time."""
    if not page.isdigit() or int(page) < 1:
        return error_page(request, 400, f"쪽 번호는 1 이상의 정수여야 합니다 (받은 값: {page[:20]!r}).")
    number = int(page)
    pages = max(1, math.ceil(service.article_count() / ARTICLES_PER_PAGE))
    if number > pages:
        return error_page(request, 404, f"{number}쪽은 없습니다. 기사 목록은 {pages}쪽까지 있습니다.")
    articles = service.articles_page(ARTICLES_PER_PAGE, (number - 1) * ARTICLES_PER_PAGE)
    return _render(request, "index.html", {"articles": articles, "page": number, "pages": pages})


@router.get("/articles/{article_id}", response_class=HTMLResponse, name="read_article")
async def read_article(article_id: str, request: Request, service: ServiceDep):
    """The reading page of one article."""
    # Everything the HTML depends on, read without the article: its version, its audio records, the
    # lexicon's version (a query, in a thread, only when the store was written since it was last read).
    # The same again is answered from memory (or with 304), on the event loop: the article, its
    # script and its audio states are worked out only when the page is rendered, in a thread.
    stamp = service.known_stamp(article_id) or await run_in_threadpool(service.article_stamp, article_id)
    depends_on = (article_id, stamp, str(request.url), display_from_cookies(request))
    pages = page_cache(request)
    if (answer := pages.cached(request, depends_on)) is not None:
        return answer

    def render() -> HTMLResponse:
        stored = service.article(article_id)
        context = article_context(request, stored, service.script(stored.article))
        return _render(request, "article.html", {"article": _for_page(context)})

    return await run_in_threadpool(pages.answer, request, depends_on, render)


@router.get("/display", name="set_display")
def set_display(
    request: Request, size: str | None = None, theme: str | None = None, back_to: str = Query("/", alias="next")
):
    """Save a font step and/or theme in a cookie, then go back to where the reader was."""
    try:
        step = parse_step(size) if size is not None else None
        chosen = parse_theme(theme) if theme is not None else None
    except BadPreference as error:
        return error_page(request, 400, str(error))
    answer = RedirectResponse(local_path(back_to) + "#display-settings", status_code=303)
    for name, value in ((SIZE_COOKIE, step), (THEME_COOKIE, chosen)):
        if value is not None:
            answer.set_cookie(name, str(value), max_age=COOKIE_MAX_AGE_S, samesite="lax", path="/")
    return answer


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return _render(request, "error.html", {"status": status, "message": message}, status)


def _render(request: Request, template: str, context: dict, status: int = 200) -> HTMLResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    display = display_from_cookies(request)
    choices = {
        "display": display,
        "size_links": [
            (step, label, _display_url(request, here, size=step)) for step, label in FONT_STEPS.items()
        ],
        "theme_links": [
            (theme, label, _display_url(request, here, theme=theme)) for theme, label in THEMES.items()
        ],
    }
    return request.app.state.templates.TemplateResponse(
        request, template, {**choices, **context}, status_code=status
    )


def _display_url(request: Request, here: str, **choice) -> str:
    return request.app.url_path_for("set_display") + "?" + urlencode({**choice, "next": here})


def _for_page(context: dict) -> dict:
    """The article context plus what only the page needs: a name for each listen control."""
    counts: dict[str, int] = {}
    segments = []
    for segment in context["segments"]:
        counts[segment["kind"]] = counts.get(segment["kind"], 0) + 1
        kind = KIND_WORDS.get(segment["kind"], "문단")
        label = f"{counts[segment['kind']]}번째 {kind}" if segment["kind"] != "title" else kind
        segments.append({**segment, "label": label, "kind_word": kind})
    by_index = {segment["index"]: segment for segment in segments}
    blocks = [
        {**block, "segment": by_index[block["segment"]["index"]] if block.get("segment") else None}
        for block in context["blocks"]
    ]
    durations = [segment.get("duration") for segment in segments if segment["state"] != "failed"]
    total_s = sum(duration or 0 for duration in durations)
    about = "약 " if None in durations else ""  # the player fills in parts still being made
    return {
        **context,
        "total_seconds": math.ceil(total_s),
        "total_clock": clock(total_s),
        "total_words": about + spoken_duration(total_s),
        "has_captions": any(segment["kind"] == "image" for segment in segments),
        "segments": segments,
        "blocks": blocks,
        "title_segment": next((s for s in segments if s["kind"] == "title"), None),
        "subtitles": _paired(context["subtitles"], [s for s in segments if s["kind"] == "subtitle"]),
        "artwork": next((block["src"] for block in context["blocks"] if block.get("src")), None),
    }


def _paired(subtitles: list[str], segments: list[dict]) -> list[tuple[str, dict | None]]:
    # A subtitle that says nothing aloud has no segment; then no subtitle gets a listen control.
    if len(subtitles) != len(segments):
        return [(text, None) for text in subtitles]
    return list(zip(subtitles, segments))

"""The editors' desk: how each article will be heard, and fixing a misreading in seconds.

Behind a login with the publisher token (a signed session cookie, see sessions.py). Every page is
`no-store`; every form carries the session's CSRF token; every change is logged with the session.
Forms are plain HTML posts (urlencoded), so the whole desk works without JavaScript.
"""

import hmac
import logging
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from a11y.service import Service
from a11y.settings import Settings
from a11y.speech import Explanation, Lexicon, LexiconError, explain, flags_of, with_lexicon
from a11y.speech.sentences import split_sentences
from a11y.store import StoredArticle
from a11y.web.deps import ServiceDep
from a11y.web.request_limits import ClientBuckets
from a11y.web.pages import KIND_WORDS
from a11y.web.pages import _render as render_page  # the reading pages' renderer: same themes and steps
from a11y.web.preview import MAX_SAY_CHARS, spoken_explanation, text_problem
from a11y.web.sessions import COOKIE_PATH, SESSION_COOKIE, DeskSession, DeskSessions
from a11y.web.word_diff import marked_changes

router = APIRouter(tags=["desk"], include_in_schema=False)
log = logging.getLogger("a11y.desk")

ARTICLES_PER_PAGE = 20
ENTRIES_PER_PAGE = 50
SCAN_BATCH = 100  # a filtered list reads articles newest first, this many at a time, until a page is full
EXPLAINED_ARTICLES = 256  # article explanations kept in memory (per article version and lexicon)

SHOWS = {"all": "모든 기사", "flagged": "확인할 부분이 있는 기사", "failed": "음성 실패가 있는 기사"}
AUDIO_WORDS = {"ready": "준비됨", "pending": "만드는 중", "failed": "실패", "fallback": "대체 목소리"}
FLAG_WORDS = {
    "hanja": "한자",
    "symbol": "기호",
    "latin": "로마자",
    "acronym": "약어",
    "digits": "긴 숫자",
    "particle": "조사",
}
VOICE_NAMES = {"gtts": "구글 음성", "espeak": "오프라인 음성(eSpeak NG)"}
REMADE_WORDS = {
    "making": "음성을 다시 만들고 있습니다. 잠시 뒤 이 페이지를 새로 고쳐 보세요.",
    "upgrading": "대체 목소리로 만든 음성을 기본 목소리로 다시 만들고 있습니다. 잠시 뒤 새로 고쳐 보세요.",
    "ready": "이미 기본 목소리로 만든 음성이 있습니다. 잘못 읽는다면 ‘읽기 고치기’에서 사전에 등록해 주세요.",
}
FORBIDDEN = "이 양식은 만료되었거나 다른 곳에서 왔습니다. 아무것도 바뀌지 않았습니다. 페이지를 새로 고친 뒤 다시 보내 주세요."
LOGGED_OUT = "로그인이 끝났습니다. 다시 로그인해 주세요. 아무것도 바뀌지 않았습니다."


class Desk:
    """What the desk keeps between requests: sessions, the login limit, and explained articles."""

    def __init__(self, settings: Settings, clock):
        self.settings = settings
        self.sessions = DeskSessions(settings, clock)
        self.login_limit = ClientBuckets(settings.login_burst, settings.logins_per_minute, clock)
        self.explained = ExplainedArticles(EXPLAINED_ARTICLES)


class ExplainedArticles:
    """Segment views of recent articles, kept per article version and lexicon: explaining an article
    is the costliest part of its desk page, and editors open the same few articles again and again."""

    def __init__(self, size: int):
        self.size = size
        self._views: OrderedDict[tuple[str, str], tuple[Lexicon, list[dict]]] = OrderedDict()
        self._lock = threading.Lock()

    def views(self, service: Service, stored: StoredArticle) -> list[dict]:
        lexicon = service.lexicon.current()
        key = (stored.id, stored.updated_at.isoformat())
        with self._lock:
            found = self._views.get(key)
            if found and found[0] is lexicon:
                self._views.move_to_end(key)
                return found[1]
        views = segment_views(service, stored, lexicon)
        with self._lock:
            self._views[key] = (lexicon, views)
            self._views.move_to_end(key)
            while len(self._views) > self.size:
                self._views.popitem(last=False)
        return views


def segment_views(service: Service, stored: StoredArticle, lexicon: Lexicon) -> list[dict]:
    """What the desk shows of each segment, apart from its audio (which changes by the second)."""
    steps = with_lexicon(lexicon)
    explained: dict[str, Explanation] = {}

    def speak(text: str) -> str:  # the normalizer, keeping each step: the article is spoken once
        if text not in explained:
            explained[text] = explain(text, steps)
        return explained[text].spoken

    segments = service.script(stored.article, speak)
    counts: dict[str, int] = {}
    views = []
    for segment in segments:
        explanation = _joined([explained[text] for text in split_sentences(segment.display) if text in explained])
        display_html, spoken_html, places = marked_changes(segment.display, segment.spoken)
        counts[segment.kind] = counts.get(segment.kind, 0) + 1
        kind = KIND_WORDS.get(segment.kind, "문단")
        views.append(
            {
                "index": segment.index,
                "key": segment.key,
                "kind": segment.kind,
                "label": kind if segment.kind == "title" else f"{counts[segment.kind]}번째 {kind}",
                "display": segment.display,
                "spoken": segment.spoken,
                "display_html": display_html,
                "spoken_html": spoken_html,
                "places": places,
                "steps": [change.step for change in explanation.changes],
                "flags": review_flags(segment.display, explanation),
            }
        )
    return views


def _joined(parts: list[Explanation]) -> Explanation:
    """One explanation for a segment spoken sentence by sentence: every step's change, each flag once."""
    flags = {(flag.kind, flag.text): flag for part in parts for flag in part.flags}
    changes = tuple(change for part in parts for change in part.changes)
    return Explanation(" ".join(part.spoken for part in parts), changes, tuple(flags.values()))


# Where the normalizer had to guess, an editor should look even though nothing is left to the voice:
# every hanja is read from a table (or skipped when it has no reading there), and the last guard step
# drops any symbol no rule read and reads stray digits one by one.
GUARD_STEP = "read_leftovers"
GUARDED_KINDS = ("hanja", "symbol", "digits")
GUESS_MESSAGES = {
    "hanja": "한자를 사전의 음으로 읽거나, 음을 모르면 건너뜁니다. 뜻에 맞게 읽는지 확인하고, 아니면 사전에 등록해 주세요.",
    "symbol": "음성이 읽지 않고 건너뛰는 기호입니다. 뜻이 있는 기호라면 사전에 읽기를 등록해 주세요.",
    "digits": "규칙에 맞지 않는 숫자여서 한 자리씩 읽습니다. 맞는 읽기인지 확인해 주세요.",
}
_HANJA = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")


def review_flags(display: str, explanation: Explanation) -> list[dict]:
    """What an editor should check in a segment: what is left to the voice (the normalizer's flags),
    every hanja, and whatever the last guard dropped or spelled; each (kind, text) once."""
    found = [(flag.kind, flag.text, flag.message) for flag in explanation.flags]
    found += [("hanja", match.group(0), GUESS_MESSAGES["hanja"]) for match in _HANJA.finditer(display)]
    for change in explanation.changes:
        if change.step == GUARD_STEP:
            found += [
                (flag.kind, flag.text, GUESS_MESSAGES[flag.kind])
                for flag in flags_of(change.before)
                if flag.kind in GUARDED_KINDS
            ]
    seen: set[tuple[str, str]] = set()
    views = []
    for kind, text, message in found:
        if (kind, text) not in seen:
            seen.add((kind, text))
            views.append(_flag_view(kind, text, message))
    return views


# ---------- Login and logout ----------


@router.get("/desk/login", name="desk_login")
def desk_login_form(request: Request, back_to: str = "", logged_out: str = ""):
    """The login form (one field: the publisher token)."""
    if _session(request) is not None:
        return _redirect(_desk_path(back_to))
    notice = "로그아웃했습니다." if logged_out else None
    return _login_page(request, 200, back_to=back_to, notice=notice)


@router.post("/desk/login")
async def desk_login(request: Request):
    """Check the token (constant time, rate limited per client); on success a session cookie and 303."""
    desk = _desk(request)
    client = _client(request)
    wait_s = desk.login_limit.take(client)
    form = await _form(request)
    back_to = form.get("next", "")
    if wait_s > 0:
        retry_after_s = math.ceil(wait_s)
        page = _login_page(request, 429, back_to, error=f"로그인 시도가 너무 잦습니다. {retry_after_s}초 뒤에 다시 시도해 주세요.")
        page.headers["Retry-After"] = str(retry_after_s)
        return page
    expected = desk.settings.publisher_token_value()
    if expected is None or desk.sessions.key() is None:
        error = "이 서버에는 발행자 토큰이 설정되지 않아 편집 데스크를 쓸 수 없습니다 (A11Y_PUBLISHER_TOKEN)."
        return _login_page(request, 401, back_to, error=error)
    given = form.get("token", "").strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        log.warning("desk login refused: wrong token", extra={"client": client})
        error = "발행자 토큰을 적어 주세요." if not given else "발행자 토큰이 맞지 않습니다."
        return _login_page(request, 401, back_to, error=error)
    session, cookie = desk.sessions.start()
    log.info("desk login", extra={"session": session.tag, "client": client})
    answer = _redirect(_desk_path(back_to))
    answer.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=desk.sessions.lifetime_s,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        # Over https, or when the public address is https (TLS ended by nginx or a CDN in front).
        secure=request.url.scheme == "https" or desk.settings.public_url.startswith("https://"),
    )
    return answer


@router.post("/desk/logout")
async def desk_logout(request: Request):
    """End the session here and for every worker (its id is kept as ended until it would expire)."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, _form_values = checked
    await run_in_threadpool(_desk(request).sessions.end, session)
    log.info("desk logout", extra={"session": session.tag})
    answer = _redirect("/desk/login?logged_out=1")
    answer.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")
    return answer


# ---------- Articles ----------


@router.get("/desk", name="desk_index")
def desk_index(request: Request, service: ServiceDep, show: str = "all", q: str = "", page: str = "1"):
    """Articles newest first with their audio state and flagged segments; filter and search."""
    session = _session(request)
    if session is None:
        return _to_login(request)
    if show not in SHOWS or not page.isdigit() or int(page) < 1:
        return _error(request, session, 400, "목록 조건이 올바르지 않습니다. 처음부터 다시 골라 주세요.")
    query = " ".join(q.split())[:100]
    number = int(page)
    rows, more = article_rows(service, _desk(request).explained, show, query, number)
    if number > 1 and not rows:
        return _error(request, session, 404, f"{number}쪽은 없습니다.")
    total = service.article_count() if show == "all" and not query else None
    pages = max(1, math.ceil(total / ARTICLES_PER_PAGE)) if total is not None else None

    def link(to_page: int) -> str:
        return "/desk?" + urlencode({"show": show, "q": query, "page": to_page})

    return _page(
        request,
        session,
        "desk_index.html",
        {
            "rows": rows,
            "show": show,
            "shows": SHOWS,
            "query": query,
            "page": number,
            "pages": pages,
            "prev_url": link(number - 1) if number > 1 else None,
            "next_url": link(number + 1) if more else None,
            "audio_words": AUDIO_WORDS,
        },
    )


def article_rows(
    service: Service, explained: "ExplainedArticles", show: str, query: str, page: int
) -> tuple[list[dict], bool]:
    """The rows of one page of the list and whether another page follows.

    Unfiltered, one query for the page. Filtered or searched, articles are read newest first until
    the page is full, so the work grows with how far back the matches lie, never with the store.
    """
    skip = (page - 1) * ARTICLES_PER_PAGE
    if show == "all" and not query:
        batch = service.articles_page(ARTICLES_PER_PAGE + 1, skip)
        rows = [article_row(service, explained, stored) for stored in batch[:ARTICLES_PER_PAGE]]
        return rows, len(batch) > ARTICLES_PER_PAGE
    wanted = skip + ARTICLES_PER_PAGE + 1
    matches: list[dict] = []
    offset = 0
    folded = query.casefold()
    while len(matches) < wanted:
        batch = service.articles_page(SCAN_BATCH, offset)
        if not batch:
            break
        offset += len(batch)
        for stored in batch:
            if folded and folded not in stored.article.title.casefold():
                continue
            row = article_row(service, explained, stored)
            if (show == "flagged" and not row["flagged"]) or (show == "failed" and row["audio"] != "failed"):
                continue
            matches.append(row)
            if len(matches) == wanted:
                break
    return matches[skip : skip + ARTICLES_PER_PAGE], len(matches) > skip + ARTICLES_PER_PAGE


def article_row(service: Service, explained: "ExplainedArticles", stored: StoredArticle) -> dict:
    """One article in the list: audio state over its segments, and how many have flags."""
    views = explained.views(service, stored)
    states = service.audio_states([view["key"] for view in views])
    return {
        "stored": stored,
        "segments": len(views),
        "flagged": sum(1 for view in views if view["flags"]),
        "audio": article_audio(states.values()),
        "ready": sum(1 for state in states.values() if state["state"] == "ready"),
    }


def article_audio(states: Iterable[dict]) -> str:
    """One word for an article's audio: failed if any segment failed, else pending if any is still
    to be made, else fallback if any was made by a fallback voice, else ready."""
    states = list(states)
    for state in ("failed", "pending"):
        if any(entry["state"] == state for entry in states):
            return state
    return "fallback" if any(entry["fallback"] for entry in states) else "ready"


@router.get("/desk/articles/{article_id}", name="desk_article")
def desk_article(request: Request, article_id: str, service: ServiceDep, word: str = ""):
    """Every segment: display and spoken text side by side, changes marked, flags, audio, fixes."""
    session = _session(request)
    if session is None:
        return _to_login(request)
    stored = service.article(article_id)
    return _article_page(request, session, service, stored, {"word": word[:100]})


def _article_page(
    request: Request,
    session: DeskSession,
    service: Service,
    stored: StoredArticle,
    values: dict,
    errors: dict | None = None,
    status: int = 200,
) -> HTMLResponse:
    views = _desk(request).explained.views(service, stored)
    states = service.audio_states([view["key"] for view in views])
    segments = [{**view, "audio": _audio_view(states[view["key"]])} for view in views]
    flagged = sum(1 for segment in segments if segment["flags"])
    notice = _article_notice(request)
    return _page(
        request,
        session,
        "desk_article.html",
        {
            "stored": stored,
            "segments": segments,
            "flagged": flagged,
            "audio": AUDIO_WORDS[article_audio(states.values())],
            "values": values,
            "errors": errors or {},
            "notice": notice,
        },
        status,
    )


def _article_notice(request: Request) -> str | None:
    """What the last post from this page did, said once on the page it came back to."""
    params = request.query_params
    if params.get("added"):
        articles, segments = params.get("articles", "0"), params.get("segments", "0")
        if not (articles.isdigit() and segments.isdigit()):
            return None
        said = f"사전에 ‘{params['added'][:100]}’ 읽기를 저장했습니다."
        if int(segments):
            return f"{said} 기사 {int(articles):,}개의 {int(segments):,}개 부분을 새 읽기로 바꾸고 음성을 새로 만듭니다."
        return f"{said} 이 읽기로 바뀐 부분은 없습니다."
    remade, result = params.get("remade", ""), params.get("result", "")
    if remade.isdigit() and result in REMADE_WORDS:
        return f"{int(remade)}번 부분: {REMADE_WORDS[result]}"
    return None


@router.post("/desk/articles/{article_id}/segments/{position}/audio")
async def desk_remake_audio(request: Request, article_id: str, position: int, service: ServiceDep):
    """Make one segment's audio again (in the background), then back to its place on the page."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, _form_values = checked
    result = await run_in_threadpool(service.resynthesize_segment, article_id, position)
    log.info(
        "desk remade segment audio",
        extra={"session": session.tag, "article": article_id, "position": position, "result": result},
    )
    query = urlencode({"remade": position, "result": result})
    return _redirect(f"/desk/articles/{article_id}?{query}#notice")


@router.post("/desk/articles/{article_id}/lexicon")
async def desk_add_entry_from_article(request: Request, article_id: str, service: ServiceDep):
    """Add a lexicon entry from an article's page, then back to the article with its new spoken text."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, form = checked
    stored = await run_in_threadpool(service.article, article_id)
    values, errors, changed = await run_in_threadpool(_save_entry, service, session, form)
    if errors:
        return await run_in_threadpool(_article_page, request, session, service, stored, values, errors, 422)
    return _redirect(f"/desk/articles/{article_id}?{_saved_query(values['word'], changed)}#notice")


# ---------- Lexicon ----------


@router.get("/desk/lexicon", name="desk_lexicon")
def desk_lexicon(request: Request, service: ServiceDep, q: str = "", page: str = "1"):
    """Every lexicon entry (searchable), with forms to add, edit and remove entries."""
    session = _session(request)
    if session is None:
        return _to_login(request)
    if not page.isdigit() or int(page) < 1:
        return _error(request, session, 400, f"쪽 번호는 1 이상의 정수여야 합니다 (받은 값: {page[:20]!r}).")
    return _lexicon_page(request, session, service, q, int(page), {})


def _lexicon_page(
    request: Request,
    session: DeskSession,
    service: Service,
    q: str,
    number: int,
    values: dict,
    errors: dict | None = None,
    status: int = 200,
) -> HTMLResponse:
    lexicon = service.lexicon.current()
    query = " ".join(q.split())[:100]
    folded = query.casefold()
    notes = lexicon.notes
    entries = [
        {"word": written, "reading": spoken, "note": notes.get(written, "")}
        for written, spoken in lexicon.entries.items()
        if not folded or folded in written.casefold() or folded in spoken or folded in notes.get(written, "").casefold()
    ]
    pages = max(1, math.ceil(len(entries) / ENTRIES_PER_PAGE))
    number = min(number, pages)
    shown = entries[(number - 1) * ENTRIES_PER_PAGE : number * ENTRIES_PER_PAGE]

    def link(to_page: int) -> str:
        return "/desk/lexicon?" + urlencode({"q": query, "page": to_page})

    params = request.query_params
    notice = None
    if params.get("removed"):
        notice = f"사전에서 ‘{params['removed'][:100]}’ 항목을 지웠습니다."
    elif params.get("added") and params.get("segments", "").isdigit() and params.get("articles", "").isdigit():
        notice = f"사전에 ‘{params['added'][:100]}’ 읽기를 저장했습니다. 기사 {int(params['articles']):,}개의 {int(params['segments']):,}개 부분이 새 읽기로 바뀝니다."
    return _page(
        request,
        session,
        "desk_lexicon.html",
        {
            "entries": shown,
            "total": len(lexicon.entries),
            "found": len(entries),
            "query": query,
            "page": number,
            "pages": pages,
            "prev_url": link(number - 1) if number > 1 else None,
            "next_url": link(number + 1) if number < pages else None,
            "values": values,
            "errors": errors or {},
            "notice": notice,
        },
        status,
    )


@router.post("/desk/lexicon")
async def desk_add_entry(request: Request, service: ServiceDep):
    """Add (or change) a lexicon entry from the lexicon page."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, form = checked
    values, errors, changed = await run_in_threadpool(_save_entry, service, session, form)
    if errors:
        return await run_in_threadpool(_lexicon_page, request, session, service, "", 1, values, errors, 422)
    return _redirect(f"/desk/lexicon?{_saved_query(values['word'], changed)}#notice")


@router.get("/desk/lexicon/edit", name="desk_edit_entry")
def desk_edit_entry_form(request: Request, service: ServiceDep, word: str = ""):
    """One entry's form: change its written form, reading or note, or remove it."""
    session = _session(request)
    if session is None:
        return _to_login(request)
    lexicon = service.lexicon.current()
    if word not in lexicon.entries:
        return _error(request, session, 404, f"사전에 없는 표기입니다: {word[:100]}")
    values = {"word": word, "reading": lexicon.entries[word], "note": lexicon.notes.get(word, ""), "original": word}
    return _page(request, session, "desk_entry.html", {"values": values, "errors": {}})


@router.post("/desk/lexicon/edit")
async def desk_edit_entry(request: Request, service: ServiceDep):
    """Save an edited entry (renamed in place when its written form changed)."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, form = checked
    original = form.get("original", "").strip()
    if original not in service.lexicon.current().entries:
        return _error(request, session, 404, f"사전에 없는 표기입니다: {original[:100]}")
    values, errors, changed = await run_in_threadpool(_save_entry, service, session, form, original)
    if errors:
        return _page(request, session, "desk_entry.html", {"values": {**values, "original": original}, "errors": errors}, 422)
    return _redirect(f"/desk/lexicon?{_saved_query(values['word'], changed)}#notice")


@router.post("/desk/lexicon/delete")
async def desk_remove_entry(request: Request, service: ServiceDep):
    """Remove an entry; the segments it changed go back to the normalizer's own reading."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, form = checked
    word = form.get("word", "").strip()
    previous = service.lexicon.current().entries.get(word)
    _lexicon, changed = await run_in_threadpool(service.remove_lexicon_entry, word)
    log.info(
        "desk lexicon entry removed",
        extra={
            "session": session.tag,
            "word": word,
            "reading": previous,
            "changed_articles": len(changed),
            "changed_segments": sum(changed.values()),
        },
    )
    return _redirect("/desk/lexicon?" + urlencode({"removed": word}) + "#notice")


def _save_entry(
    service: Service, session: DeskSession, form: dict, replacing: str | None = None
) -> tuple[dict, dict, dict[str, int]]:
    """Validate the form's word, reading and note, save the entry and log it: (values, errors, changed)."""
    values = {name: form.get(name, "").strip() for name in ("word", "reading", "note")}
    errors = entry_errors(values["word"], values["reading"], values["note"])
    if errors:
        return values, errors, {}
    previous = service.lexicon.current().entries.get(replacing or values["word"])
    try:
        _lexicon, changed = service.set_lexicon_entry(values["word"], values["reading"], values["note"], replacing)
    except LexiconError as error:
        return values, {"word": str(error)}, {}
    log.info(
        "desk lexicon entry saved",
        extra={
            "session": session.tag,
            "word": values["word"],
            "reading": values["reading"],
            "note": values["note"],
            "replacing": replacing,
            "previous_reading": previous,
            "changed_articles": len(changed),
            "changed_segments": sum(changed.values()),
        },
    )
    return values, {}, changed


def entry_errors(word: str, reading: str, note: str) -> dict[str, str]:
    """A Korean sentence for each field that cannot be saved, keyed by the field's name."""
    errors = {}
    if not word:
        errors["word"] = "표기를 적어 주세요. 예: NASA"
    else:
        try:
            Lexicon({word: "가"})
        except LexiconError as error:
            errors["word"] = str(error)
    if not reading:
        errors["reading"] = "읽기를 한글로 적어 주세요. 예: 나사"
    else:
        try:
            Lexicon({"가": reading})
        except LexiconError:
            errors["reading"] = "읽기는 200자 이내의 한글과 띄어쓰기, 문장부호(. , ? !)로만 적어 주세요."
    try:
        Lexicon({"가": "가"}, {"가": note})
    except LexiconError as error:
        errors["note"] = str(error)
    return errors


def _saved_query(word: str, changed: dict[str, int]) -> str:
    return urlencode({"added": word, "articles": len(changed), "segments": sum(changed.values())})


# ---------- Preview ----------


@router.get("/desk/preview", name="desk_preview")
def desk_preview_form(request: Request):
    """A box for any text: how the voice would say it (the same answer as POST /api/say)."""
    session = _session(request)
    if session is None:
        return _to_login(request)
    return _page(request, session, "desk_preview.html", {"text": "", "result": None, "errors": {}})


@router.post("/desk/preview")
async def desk_preview(request: Request, service: ServiceDep):
    """The preview without JavaScript: the form posts here and the page shows the result."""
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    session, form = checked
    text = form.get("text", "")
    problem = "읽어 볼 글을 적어 주세요." if not text.strip() else text_problem(text)
    if problem:
        return _page(request, session, "desk_preview.html", {"text": text, "result": None, "errors": {"text": problem}}, 422)
    explanation = await run_in_threadpool(spoken_explanation, service, text)
    result = {
        **explanation.as_dict(),
        "flags": [_flag_view(flag.kind, flag.text, flag.message) for flag in explanation.flags],
    }
    return _page(request, session, "desk_preview.html", {"text": text, "result": result, "errors": {}})


# ---------- Shared ----------


def _desk(request: Request) -> Desk:
    return request.app.state.desk


def _session(request: Request) -> DeskSession | None:
    return _desk(request).sessions.read(request.cookies.get(SESSION_COOKIE))


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form's fields (the first value of each); a body that is not UTF-8 has none."""
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        return {}
    fields: dict[str, str] = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        fields.setdefault(name, value)
    return fields


async def _checked_post(request: Request) -> tuple[DeskSession, dict[str, str]] | Response:
    """The session and form of a desk post, or the answer that refuses it (and changes nothing)."""
    session = _session(request)
    if session is None:
        return _login_page(request, 401, error=LOGGED_OUT)
    form = await _form(request)
    if not _desk(request).sessions.csrf_ok(session, form.get("csrf", "")):
        log.warning("desk post refused: CSRF token missing or wrong", extra={"session": session.tag, "path": request.url.path})
        return _error(request, session, 403, FORBIDDEN)
    return session, form


def _page(
    request: Request, session: DeskSession | None, template: str, context: dict, status: int = 200
) -> HTMLResponse:
    sessions = _desk(request).sessions
    csrf = sessions.csrf_token(session) if session is not None else ""
    answer = render_page(
        request,
        template,
        {"csrf": csrf, "signed_in": session is not None, "flag_words": FLAG_WORDS, "max_say_chars": MAX_SAY_CHARS, **context},
        status,
    )
    return _private(answer)


def _login_page(request: Request, status: int, back_to: str = "", error: str | None = None, notice: str | None = None):
    context = {"back_to": _desk_path(back_to), "error": error, "notice": notice}
    return _page(request, None, "desk_login.html", context, status)


def _error(request: Request, session: DeskSession, status: int, message: str) -> HTMLResponse:
    return _page(request, session, "desk_error.html", {"status": status, "message": message}, status)


def _to_login(request: Request) -> Response:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _redirect("/desk/login?" + urlencode({"back_to": here}))


def _redirect(url: str) -> Response:
    return _private(RedirectResponse(url, status_code=303))


def _private(answer: Response) -> Response:
    # Desk pages show unpublished readings and carry a CSRF token: never kept by a browser or proxy.
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["X-Robots-Tag"] = "noindex"
    return answer


def _desk_path(target: str) -> str:
    """Where to go after login: a desk page on this site, nothing else."""
    if target.startswith("/desk") and not target.startswith("//") and "\\" not in target and "\n" not in target:
        return target
    return "/desk"


def _audio_view(state: dict) -> dict:
    voice = VOICE_NAMES.get(state["voice"], state["voice"]) if state["voice"] else None
    word = "fallback" if state["state"] == "ready" and state["fallback"] else state["state"]
    return {**state, "word": AUDIO_WORDS[word], "voice_name": voice}


def _flag_view(kind: str, text: str, message: str) -> dict:
    return {"kind": kind, "word": FLAG_WORDS.get(kind, kind), "text": text, "message": message}

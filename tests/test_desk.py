"""The editors' desk (issue 14): login, sessions and CSRF; the list, the article check, fixing a reading.

The real app on a temp data dir, its clock injected; HTML is parsed and asserted as an editor sees it.
"""

import logging
import re
from http.cookies import SimpleCookie

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from a11y.article import Article, Image, Paragraph
from a11y.speech import Lexicon, LexiconError
from a11y.web.app import create_app
from harness import TOKEN, FakeClock, make_settings
from hostile_support import stored_state

WORKING_DAY_S = 9 * 3600

# Written for these tests. Each segment holds one kind of thing the voice would guess at, or none.
FLAGGED = Article(
    title="北 당국 발표에 관심",
    subtitles=("⌘ 표시가 붙은 안내문",),
    source_url="https://news.example.kr/desk/flagged",
    blocks=(
        Paragraph(text="QXZs 관계자들은 이날 회의에 참석하지 않았다."),
        Paragraph(text="시민들은 공원에서 산책을 즐겼다."),
    ),
)
# The word 'Vantor' (a made-up company) stands in three segments of two articles, and nowhere else.
VANTOR_A = Article(
    title="Vantor 새 공장 착공",
    source_url="https://news.example.kr/desk/vantor-a",
    published="2024-11-05T10:00:00+09:00",
    blocks=(
        Paragraph(text="회사는 내년 봄 완공을 목표로 한다고 밝혔다."),
        Paragraph(text="Vantor는 지난해 매출이 크게 늘었다."),
        Image(caption="착공식에 참석한 Vantor 임원들", src="https://news.example.kr/photo.jpg"),
    ),
)
VANTOR_B = Article(
    title="지역 경제 기대감",
    source_url="https://news.example.kr/desk/vantor-b",
    published="2024-11-06T09:00:00+09:00",
    blocks=(Paragraph(text="주민들은 Vantor 공장이 일자리를 늘릴 것으로 기대했다."), Paragraph(text="군은 도로를 넓힌다.")),
)
UNRELATED = Article(
    title="가을 단풍 절정",
    source_url="https://news.example.kr/desk/autumn",
    published="2024-11-04T08:00:00+09:00",
    blocks=(Paragraph(text="설악산 단풍이 이번 주말 절정을 맞는다."),),
)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path, lexicon_path=tmp_path / "data" / "lexicon.txt")


@pytest.fixture
def app(settings, clock):
    app = create_app(settings, clock=clock)
    app.state.service.lexicon.replace(Lexicon({}))  # only the entries a test adds
    return app


@pytest.fixture
def service(app):
    return app.state.service


@pytest.fixture
def ids(service):
    return {name: service.ingest(article)[0].id for name, article in
            {"flagged": FLAGGED, "a": VANTOR_A, "b": VANTOR_B, "unrelated": UNRELATED}.items()}


@pytest.fixture
def anonymous(app):
    return TestClient(app)


@pytest.fixture
def editor(app):
    client = TestClient(app)
    login(client)
    return client


def login(client: TestClient) -> None:
    answer = client.post("/desk/login", data={"token": TOKEN}, follow_redirects=False)
    assert answer.status_code == 303


def csrf_of(client: TestClient, path: str = "/desk") -> str:
    page = BeautifulSoup(client.get(path).text, "html.parser")
    return page.find("input", {"name": "csrf"})["value"]


def soup(answer) -> BeautifulSoup:
    return BeautifulSoup(answer.text, "html.parser")


def session_cookie(answer) -> SimpleCookie:
    cookie = SimpleCookie()
    cookie.load(answer.headers["set-cookie"])
    return cookie


# ---------- Login, logout, sessions ----------


def test_the_login_form_asks_for_the_token_and_the_right_token_opens_the_desk(anonymous, ids):
    form = soup(anonymous.get("/desk/login")).find("form", {"action": "/desk/login"})
    field = form.find("input", {"name": "token"})
    assert field["type"] == "password"
    assert form.find("label", {"for": field["id"]}).text.strip() == "발행자 토큰"

    answer = anonymous.post("/desk/login", data={"token": TOKEN}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/desk"
    cookie = session_cookie(answer)["a11y_desk"]
    assert cookie["httponly"] and cookie["samesite"] == "strict" and cookie["path"] == "/desk"
    assert cookie["max-age"] == str(WORKING_DAY_S)
    assert not cookie["secure"]  # plain http here; see the https test
    page = soup(anonymous.get("/desk"))
    assert FLAGGED.title in page.find("table").text


def test_over_https_the_session_cookie_is_secure(app):
    client = TestClient(app, base_url="https://testserver")
    answer = client.post("/desk/login", data={"token": TOKEN}, follow_redirects=False)
    assert session_cookie(answer)["a11y_desk"]["secure"]


def test_behind_a_proxy_ending_tls_the_public_address_makes_the_cookie_secure(tmp_path, clock):
    app = create_app(make_settings(tmp_path, public_url="https://news.example.kr"), clock=clock)
    answer = TestClient(app).post("/desk/login", data={"token": TOKEN}, follow_redirects=False)
    assert session_cookie(answer)["a11y_desk"]["secure"]


def test_after_login_the_editor_lands_where_they_were_going(anonymous, ids):
    answer = anonymous.get(f"/desk/articles/{ids['a']}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/desk/login?back_to=")
    back_to = soup(anonymous.get(answer.headers["location"])).find("input", {"name": "next"})["value"]
    assert back_to == f"/desk/articles/{ids['a']}"
    answer = anonymous.post("/desk/login", data={"token": TOKEN, "next": back_to}, follow_redirects=False)
    assert answer.headers["location"] == f"/desk/articles/{ids['a']}"
    # Never another site.
    answer = anonymous.post("/desk/login", data={"token": TOKEN, "next": "//evil.example/desk"}, follow_redirects=False)
    assert answer.headers["location"] == "/desk"


@pytest.mark.parametrize("token", ["wrong-token", "", TOKEN + "x", TOKEN[:-1], " ", "토큰"])
def test_a_wrong_token_gets_401_no_cookie_and_an_error_tied_to_the_field(anonymous, token):
    answer = anonymous.post("/desk/login", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 401
    assert "set-cookie" not in answer.headers
    page = soup(answer)
    field = page.find("input", {"name": "token"})
    assert field["aria-invalid"] == "true"
    error = page.find(id=field["aria-describedby"].split()[-1])
    assert "발행자 토큰" in error.text
    summary = page.find(id="error-summary")
    assert summary["tabindex"] == "-1" and summary.has_attr("autofocus")
    assert summary.find("a")["href"] == "#token"


def test_without_a_publisher_token_nobody_logs_in(tmp_path):
    client = TestClient(create_app(make_settings(tmp_path, publisher_token=None)))
    answer = client.post("/desk/login", data={"token": ""}, follow_redirects=False)
    assert answer.status_code == 401 and "set-cookie" not in answer.headers
    assert "A11Y_PUBLISHER_TOKEN" in answer.text


def test_logout_ends_the_session_for_every_worker(editor, app, settings, clock, ids):
    cookie = editor.cookies["a11y_desk"]
    answer = editor.post("/desk/logout", data={"csrf": csrf_of(editor)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/desk/login")
    assert session_cookie(answer)["a11y_desk"]["max-age"] == "0"
    # The cookie kept by someone (copied before logout) is refused here and by another worker process.
    for other_app in (app, create_app(settings, clock=clock)):
        replay = TestClient(other_app)
        replay.cookies.set("a11y_desk", cookie, path="/desk")
        answer = replay.get("/desk", follow_redirects=False)
        assert answer.status_code == 303 and "/desk/login" in answer.headers["location"]


def test_a_session_ends_after_a_working_day(editor, clock, ids):
    clock.now += WORKING_DAY_S - 60
    assert editor.get("/desk", follow_redirects=False).status_code == 200
    clock.now += 61
    answer = editor.get("/desk", follow_redirects=False)
    assert answer.status_code == 303 and "/desk/login" in answer.headers["location"]


def test_another_worker_with_the_same_token_accepts_the_session(editor, settings, clock, ids):
    other = TestClient(create_app(settings, clock=clock))
    other.cookies.set("a11y_desk", editor.cookies["a11y_desk"], path="/desk")
    assert other.get("/desk", follow_redirects=False).status_code == 200


def forged(cookie: str) -> list[str]:
    session_id, expires, signature = cookie.split(".")
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    return [
        f"{session_id}.{int(expires) + 86400}.{signature}",  # a longer life, same signature
        f"{session_id}x.{expires}.{signature}",  # another session id
        f"{session_id}.{expires}.{flipped}",
        f"{session_id}.{expires}",
        f"{session_id}.{expires}.{signature}.extra",
        f"{session_id}.-1.{signature}",
        "",
        "garbage",
        "...",
    ]


def test_forged_and_foreign_cookies_open_nothing(editor, tmp_path, clock, ids):
    for value in forged(editor.cookies["a11y_desk"]):
        client = TestClient(editor.app)
        client.cookies.set("a11y_desk", value, path="/desk")
        answer = client.get(f"/desk/articles/{ids['flagged']}", follow_redirects=False)
        assert answer.status_code == 303, value
    # Signed by a server with another token.
    stranger_app = create_app(make_settings(tmp_path / "other", publisher_token="another-token"), clock=clock)
    stranger = TestClient(stranger_app)
    stranger.post("/desk/login", data={"token": "another-token"})
    client = TestClient(editor.app)
    client.cookies.set("a11y_desk", stranger.cookies["a11y_desk"], path="/desk")
    assert client.get("/desk", follow_redirects=False).status_code == 303


def test_a_session_secret_setting_signs_the_cookie(tmp_path, clock):
    one = create_app(make_settings(tmp_path, session_secret="s3cret-one"), clock=clock)
    two = create_app(make_settings(tmp_path, session_secret="s3cret-two"), clock=clock)
    client = TestClient(one)
    login(client)
    other = TestClient(two)
    other.cookies.set("a11y_desk", client.cookies["a11y_desk"], path="/desk")
    assert client.get("/desk", follow_redirects=False).status_code == 200
    assert other.get("/desk", follow_redirects=False).status_code == 303


def test_login_attempts_are_rate_limited_per_client(anonymous, clock):
    for _ in range(5):
        assert anonymous.post("/desk/login", data={"token": "guess"}).status_code == 401
    answer = anonymous.post("/desk/login", data={"token": TOKEN}, follow_redirects=False)
    assert answer.status_code == 429 and int(answer.headers["retry-after"]) >= 1
    assert "set-cookie" not in answer.headers
    assert "너무 잦습니다" in soup(answer).find(id="error-summary").text
    clock.now += int(answer.headers["retry-after"])
    assert anonymous.post("/desk/login", data={"token": TOKEN}, follow_redirects=False).status_code == 303


def test_without_a_session_every_desk_page_shows_no_article_content(anonymous, service, ids):
    service.set_lexicon_entry("Vantor", "반토르", "회사 이름")
    paths = [
        "/desk",
        "/desk?show=flagged",
        f"/desk/articles/{ids['a']}",
        f"/desk/articles/{ids['flagged']}?word=x",
        "/desk/lexicon",
        "/desk/lexicon/edit?word=Vantor",
        "/desk/preview",
    ]
    for path in paths:
        answer = anonymous.get(path)  # follows the 303 to the login page
        assert answer.status_code == 200 and answer.url.path == "/desk/login", path
        assert answer.headers["cache-control"] == "no-store"
        text = answer.text
        assert soup(answer).find("h1").text == "편집 데스크 로그인"
        secrets = ["반토르", "회사 이름", "北", "QXZs", FLAGGED.title, UNRELATED.title, VANTOR_B.title, 'name="csrf"']
        secrets += [] if "Vantor" in path else ["Vantor"]  # the page asked for is named in the login form
        for secret in secrets:
            assert secret not in text, (path, secret)


def test_a_post_without_a_session_changes_nothing(anonymous, settings, ids):
    before = stored_state(settings)
    for path, data in [
        (f"/desk/articles/{ids['a']}/lexicon", {"word": "Vantor", "reading": "반토르"}),
        ("/desk/lexicon", {"word": "Vantor", "reading": "반토르"}),
        ("/desk/lexicon/delete", {"word": "Vantor"}),
        (f"/desk/articles/{ids['a']}/segments/1/audio", {}),
    ]:
        answer = anonymous.post(path, data={"csrf": "x", **data}, follow_redirects=False)
        assert answer.status_code == 401, path
        assert "다시 로그인" in answer.text
    assert stored_state(settings) == before


# ---------- CSRF ----------


def desk_posts(ids) -> list[tuple[str, dict]]:
    return [
        (f"/desk/articles/{ids['a']}/lexicon", {"word": "Vantor", "reading": "반토르"}),
        ("/desk/lexicon", {"word": "Vantor", "reading": "반토르"}),
        ("/desk/lexicon/edit", {"original": "Keep", "word": "Keep", "reading": "킵킵"}),
        ("/desk/lexicon/delete", {"word": "Keep"}),
        (f"/desk/articles/{ids['a']}/segments/1/audio", {}),
        ("/desk/preview", {"text": "미리 보기"}),
        ("/desk/logout", {}),
    ]


@pytest.mark.parametrize("csrf", [None, "", "0" * 64, "wrong"], ids=["missing", "empty", "zeros", "wrong"])
def test_a_desk_post_without_the_right_csrf_token_gets_403_and_changes_nothing(editor, service, settings, ids, csrf):
    service.set_lexicon_entry("Keep", "킵")
    before = stored_state(settings)
    for path, data in desk_posts(ids):
        if csrf is not None:
            data = {**data, "csrf": csrf}
        answer = editor.post(path, data=data, follow_redirects=False)
        assert answer.status_code == 403, path
        assert answer.headers["cache-control"] == "no-store"
        assert "아무것도 바뀌지 않았습니다" in soup(answer).find(id="error-summary").text
    assert stored_state(settings) == before
    assert editor.get("/desk", follow_redirects=False).status_code == 200  # the refused logout did not log out


def test_the_csrf_token_of_another_session_is_refused(app, editor, settings, ids):
    other = TestClient(app)
    login(other)
    before = stored_state(settings)
    answer = editor.post("/desk/lexicon", data={"csrf": csrf_of(other), "word": "Vantor", "reading": "반토르"})
    assert answer.status_code == 403
    assert stored_state(settings) == before


# ---------- The list ----------


def table_rows(answer) -> list[list[str]]:
    table = soup(answer).find("table")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.tbody.find_all("tr")]


def test_the_list_shows_articles_newest_first_with_audio_state_and_flagged_segments(editor, service, ids):
    rows = table_rows(editor.get("/desk"))
    titles = [row[0] for row in rows]
    # No published time comes last (the store orders by published, then by when it came).
    assert titles[:3] == [VANTOR_B.title, VANTOR_A.title, UNRELATED.title]
    by_title = {row[0]: row for row in rows}
    assert by_title[FLAGGED.title][3] == "3개"  # title, subtitle and one paragraph: hanja, symbol, acronym
    assert by_title[VANTOR_A.title][3] == "3개"  # 'Vantor', a Latin word left to the voice, in three
    assert by_title[UNRELATED.title][3] == "없음"
    assert all(row[2].startswith("만드는 중") for row in rows)  # nothing made yet
    caption = soup(editor.get("/desk")).find("table").caption.text
    assert "최신순" in caption
    assert [th["scope"] for th in soup(editor.get("/desk")).find("thead").find_all("th")] == ["col"] * 4


def test_the_list_counts_flags_of_what_is_said_now(editor, ids):
    # 'QXZs' is read one way once it is in the lexicon: that segment no longer counts.
    csrf = csrf_of(editor)
    editor.post("/desk/lexicon", data={"csrf": csrf, "word": "QXZs", "reading": "큐엑스제트들"})
    rows = {row[0]: row for row in table_rows(editor.get("/desk"))}
    assert rows[FLAGGED.title][3] == "2개"


def test_audio_states_in_the_list_ready_failed_and_fallback(editor, service, ids):
    for key, _spoken in keys_of(service, ids["unrelated"]):
        service.audio(key)
    failing_key = keys_of(service, ids["b"])[1][0]
    service.store.record_audio(failing_key, "failed", reason="테스트: 목소리가 답하지 않음")
    rows = {row[0]: row for row in table_rows(editor.get("/desk"))}
    assert rows[UNRELATED.title][2] == "준비됨 (2/2 준비)"
    assert rows[VANTOR_B.title][2].startswith("실패")
    failed = table_rows(editor.get("/desk?show=failed"))
    assert [row[0] for row in failed] == [VANTOR_B.title]


def test_the_list_filters_flagged_and_searches_titles(editor, ids):
    flagged = [VANTOR_B.title, VANTOR_A.title, FLAGGED.title]
    assert [row[0] for row in table_rows(editor.get("/desk?show=flagged"))] == flagged
    assert [row[0] for row in table_rows(editor.get("/desk?q=vantor"))] == [VANTOR_A.title]
    assert [row[0] for row in table_rows(editor.get("/desk?q=%EB%8B%A8%ED%92%8D"))] == [UNRELATED.title]  # 단풍
    page = soup(editor.get("/desk?q=없는제목"))
    assert page.find("table") is None and "조건에 맞는 기사가 없습니다" in page.text
    assert editor.get("/desk?show=nonsense").status_code == 400
    assert editor.get("/desk?page=0").status_code == 400


def test_the_list_pages_through_many_articles(editor, service):
    for number in range(45):
        service.ingest(Article(
            title=f"기사 번호 {number}",
            source_url=f"https://news.example.kr/desk/many/{number}",
            published=f"2024-10-{1 + number % 28:02d}T{number % 24:02d}:00:00+09:00",
            blocks=(Paragraph(text="본문입니다."),),
        ))
    seen = []
    url = "/desk"
    while url:
        page = soup(editor.get(url))
        seen += [th.get_text(strip=True) for th in page.find("tbody").find_all("th")]
        following = page.find("a", rel="next")
        url = following["href"] if following else None
    assert len(seen) == 45 == len(set(seen))
    searched = soup(editor.get("/desk?q=번호+4"))  # 4, 40..44
    assert len(searched.find("tbody").find_all("tr")) == 6


# ---------- The article ----------


def segments_of(answer) -> list:
    return soup(answer).select("li.desk-segment")


def keys_of(service, article_id) -> list[tuple[str, str]]:
    return [(key, spoken) for _position, key, spoken in service.store.segment_rows(article_id)]


def test_the_article_page_shows_each_segment_display_and_spoken_side_by_side(editor, service, ids):
    answer = editor.get(f"/desk/articles/{ids['a']}")
    assert answer.headers["cache-control"] == "no-store"
    segments = segments_of(answer)
    script = service.script(service.article(ids["a"]).article)
    assert [item["id"] for item in segments] == [f"segment-{segment.index}" for segment in script]
    for item, segment in zip(segments, script):
        display, spoken = item.select(".side-text")
        assert display.get_text() == segment.display
        assert spoken.get_text() == segment.spoken
        audio = item.find("audio")
        assert audio["src"] == f"/audio/{segment.key}.mp3" and audio["preload"] == "none" and audio.has_attr("controls")
        assert item.find("form", action=f"/desk/articles/{ids['a']}/segments/{segment.index}/audio")
    # The photo is announced as one: the words the voice adds are marked as added.
    photo = segments[-1]
    assert "사진 설명" in photo.select(".side-text")[1].find("ins").text


def test_what_the_normalizer_changed_is_marked(editor, service, ids):
    article = service.ingest(Article(
        title="물가 3.5% 올라",
        source_url="https://news.example.kr/desk/prices",
        blocks=(Paragraph(text="지난달 물가가 3.5% 올랐다고 통계청이 밝혔다."),),
    ))[0]
    paragraph = segments_of(editor.get(f"/desk/articles/{article.id}"))[1]
    display, spoken = paragraph.select(".side-text")
    assert [d.text for d in display.find_all("del")] == ["3.5%"]
    assert [i.text for i in spoken.find_all("ins")] == ["삼 점 오 퍼센트"]
    assert "바뀐 곳 1군데" in paragraph.text


def test_flags_appear_on_segments_with_hanja_symbols_and_acronyms_and_not_on_a_clean_one(editor, ids):
    segments = segments_of(editor.get(f"/desk/articles/{ids['flagged']}"))
    flags = [item.get("data-flag") for item in segments]
    assert flags == ["hanja", "symbol", "acronym", None]
    words = [" ".join(item.select_one(".flags").get_text().split()) if item.select_one(".flags") else "" for item in segments]
    assert "한자 ‘北’" in words[0] and "확인하고" in words[0]
    assert "기호 ‘⌘’" in words[1] and "건너뛰는" in words[1]
    assert "약어 ‘QXZs’" in words[2]
    assert words[3] == ""
    # Each flag offers to register its reading: the link fills the form's word.
    link = segments[2].select_one(".flags a")
    form_page = soup(editor.get(link["href"]))
    assert form_page.find("input", {"name": "word"})["value"] == "QXZs"


def test_an_unknown_article_is_404_on_the_desk(editor):
    answer = editor.get("/desk/articles/nope", headers={"accept": "text/html"})
    assert answer.status_code == 404 and answer.headers["cache-control"] == "no-store"


def test_make_it_again_makes_the_missing_audio_with_the_voice_named(editor, service, ids):
    csrf = csrf_of(editor)
    answer = editor.post(f"/desk/articles/{ids['unrelated']}/segments/2/audio", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and "result=making" in answer.headers["location"]
    key = keys_of(service, ids["unrelated"])[1][0]
    service.audio(key)  # waits for the same single flight
    page = editor.get(answer.headers["location"])
    notice = soup(page).find(id="notice")
    assert notice["tabindex"] == "-1" and "2번 부분" in notice.text
    item = soup(page).find(id="segment-2")
    assert "준비됨" in item.select_one(".segment-audio").text and "eSpeak NG" in item.select_one(".segment-audio").text
    again = editor.post(f"/desk/articles/{ids['unrelated']}/segments/2/audio", data={"csrf": csrf}, follow_redirects=False)
    assert "result=ready" in again.headers["location"]
    missing = editor.post(f"/desk/articles/{ids['unrelated']}/segments/9/audio", data={"csrf": csrf}, headers={"accept": "text/html"})
    assert missing.status_code == 404


# ---------- Fixing a reading ----------


def test_a_lexicon_entry_changes_exactly_the_segments_with_the_word_across_articles_and_queues_them(
    tmp_path, clock
):
    settings = make_settings(tmp_path, pregenerate=True, lexicon_path=tmp_path / "data" / "lexicon.txt")
    app = create_app(settings, clock=clock)  # no lifespan: the queue stays as the desk leaves it
    service = app.state.service
    service.lexicon.replace(Lexicon({}))
    ids = {name: service.ingest(article)[0].id for name, article in
           {"a": VANTOR_A, "b": VANTOR_B, "unrelated": UNRELATED, "flagged": FLAGGED}.items()}
    for article_id in ids.values():
        service.store.unqueue_pregen(article_id)
    before = {name: service.store.segment_rows(article_id) for name, article_id in ids.items()}
    editor = TestClient(app)
    login(editor)

    answer = editor.post(
        f"/desk/articles/{ids['a']}/lexicon",
        data={"csrf": csrf_of(editor), "word": "Vantor", "reading": "반토르", "note": "회사 홍보팀 요청"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = editor.get(answer.headers["location"])
    assert "기사 2개의 4개 부분" in soup(page).find(id="notice").text  # A: title, paragraph, photo; B: one

    after = {name: service.store.segment_rows(article_id) for name, article_id in ids.items()}
    changed = {
        name: [new[0] for old, new in zip(before[name], after[name]) if old != new] for name in ids
    }
    assert changed == {"a": [1, 3, 4], "b": [2], "unrelated": [], "flagged": []}
    assert all("Vantor" not in spoken and "반토르" in spoken for name in ("a", "b") for _p, _k, spoken in after[name]
               if _p in changed[name])
    # The page shows the new spoken text at once, and every changed article is queued for its audio.
    spoken_now = [item.select(".side-text")[1].get_text() for item in segments_of(page)]
    assert spoken_now[2] == "반토르는 지난해 매출이 크게 늘었다."
    assert {article_id for _place, article_id in service.store.pregen_queue()} == {ids["a"], ids["b"]}
    # The entry, with its note, is in the lexicon page and in the file.
    rows = table_rows(editor.get("/desk/lexicon"))
    assert rows[0][:3] == ["Vantor", "반토르", "회사 홍보팀 요청"]
    assert "#: 회사 홍보팀 요청\nVantor = 반토르\n" in settings.lexicon_file.read_text(encoding="utf-8")


def test_a_word_written_another_way_that_the_normalizer_unifies_is_found_too(editor, service, ids):
    """Only articles holding the word are scripted again: the test is made on the text the lexicon
    sees, so a full-width 'Ｖａｎｔｏｒ' (unified before the lexicon) is changed as well."""
    wide = service.ingest(Article(
        title="전각 글자 기사",
        source_url="https://news.example.kr/desk/full-width",
        blocks=(Paragraph(text="Ｖａｎｔｏｒ는 새 제품을 내놓았다."),),
    ))[0]
    editor.post("/desk/lexicon", data={"csrf": csrf_of(editor), "word": "Vantor", "reading": "반토르"})
    spoken = [spoken for _position, _key, spoken in service.store.segment_rows(wide.id)]
    assert spoken[1] == "반토르는 새 제품을 내놓았다."
    # And the result is the one a full refresh of every article gives.
    assert service.store.refresh_segments(service.script) == {}


def test_entries_can_be_edited_renamed_and_removed(editor, service, settings, ids):
    csrf = csrf_of(editor)
    editor.post("/desk/lexicon", data={"csrf": csrf, "word": "Vantor", "reading": "반토르"})
    form = soup(editor.get("/desk/lexicon/edit?word=Vantor"))
    assert form.find("input", {"name": "reading"})["value"] == "반토르"

    answer = editor.post(
        "/desk/lexicon/edit",
        data={"csrf": csrf, "original": "Vantor", "word": "Vantor", "reading": "반터", "note": "현지 발음"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert service.lexicon.current().entries == {"Vantor": "반터"}
    assert service.lexicon.current().notes == {"Vantor": "현지 발음"}
    spoken = [item.select(".side-text")[1].get_text() for item in segments_of(editor.get(f"/desk/articles/{ids['b']}"))]
    assert spoken[1].startswith("주민들은 반터 공장이")

    editor.post("/desk/lexicon/edit", data={"csrf": csrf, "original": "Vantor", "word": "VANTOR", "reading": "반터"})
    assert service.lexicon.current().entries == {"VANTOR": "반터"}

    answer = editor.post("/desk/lexicon/delete", data={"csrf": csrf, "word": "VANTOR"}, follow_redirects=False)
    assert answer.status_code == 303
    assert service.lexicon.current().entries == {}
    page = soup(editor.get(answer.headers["location"]))
    assert "지웠습니다" in page.find(id="notice").text and page.find("table") is None
    spoken = [item.select(".side-text")[1].get_text() for item in segments_of(editor.get(f"/desk/articles/{ids['b']}"))]
    assert "Vantor" in spoken[1]  # back to the normalizer's own reading (left to the voice)


@pytest.mark.parametrize(
    "word, reading, field, message",
    [
        ("", "반토르", "word", "표기를 적어 주세요"),
        ("Vantor", "", "reading", "읽기를 한글로 적어 주세요"),
        ("Vantor", "Vantor", "reading", "한글과 띄어쓰기"),
        ("Vantor", "반토르<script>", "reading", "한글과 띄어쓰기"),
        ("a=b", "에이", "word", "'='"),
        ("#tag", "태그", "word", "'#'"),
        ("V" * 101, "브이", "word", "100자"),
    ],
)
def test_an_entry_that_cannot_be_used_is_refused_with_the_error_on_its_field(editor, settings, ids, word, reading, field, message):
    before = stored_state(settings)
    answer = editor.post(
        f"/desk/articles/{ids['a']}/lexicon", data={"csrf": csrf_of(editor), "word": word, "reading": reading}
    )
    assert answer.status_code == 422
    page = soup(answer)
    summary = page.find(id="error-summary")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert summary.find("a")["href"] == f"#fix-{field}"
    box = page.find(id=f"fix-{field}")
    assert box["aria-invalid"] == "true"
    error = page.find(id=f"fix-{field}-error")
    assert error.get_text() and message in error.get_text()
    assert f"fix-{field}-error" in box["aria-describedby"].split()
    assert box["value"] == word if field == "word" else True  # what the editor typed stays
    assert "<script>" not in answer.text
    assert stored_state(settings) == before


def test_each_change_is_logged_with_the_session_and_what_changed(app, caplog, ids):
    caplog.set_level(logging.INFO, logger="a11y.desk")
    editor = TestClient(app)
    login(editor)
    csrf = csrf_of(editor)
    editor.post("/desk/lexicon", data={"csrf": csrf, "word": "Vantor", "reading": "반토르", "note": "메모"})
    editor.post("/desk/lexicon/delete", data={"csrf": csrf, "word": "Vantor"})
    editor.post(f"/desk/articles/{ids['a']}/segments/1/audio", data={"csrf": csrf})
    records = {record.getMessage(): record for record in caplog.records if record.name == "a11y.desk"}
    saved = records["desk lexicon entry saved"]
    assert (saved.word, saved.reading, saved.note, saved.changed_articles, saved.changed_segments) == (
        "Vantor", "반토르", "메모", 2, 4
    )
    assert re.fullmatch(r"[0-9a-f]{12}", saved.session)
    removed = records["desk lexicon entry removed"]
    assert (removed.word, removed.reading, removed.session) == ("Vantor", "반토르", saved.session)
    assert records["desk remade segment audio"].session == saved.session
    assert records["desk login"].session == saved.session
    assert editor.cookies["a11y_desk"].split(".")[0] not in caplog.text  # the session id itself is not logged


# ---------- Preview, pages ----------


def test_the_preview_works_without_javascript(editor):
    page = soup(editor.get("/desk/preview"))
    form = page.find("form", id="say-form")
    assert form["action"] == "/desk/preview" and form["data-api"] == "/api/say"
    answer = editor.post("/desk/preview", data={"csrf": csrf_of(editor, "/desk/preview"), "text": "QXZs 씨가 3.5% 올렸다"})
    result = soup(answer).find(id="say-result")
    assert not result.has_attr("hidden")
    assert result.select_one('[data-say="spoken"]').text == "QXZs 씨가 삼 점 오 퍼센트 올렸다"
    assert [li["data-flag"] for li in result.select('[data-say="flags"] li')] == ["acronym"]
    assert "read_numbers" in result.select_one('[data-say="steps"]').text
    too_long = editor.post("/desk/preview", data={"csrf": csrf_of(editor, "/desk/preview"), "text": "가" * 5001})
    assert too_long.status_code == 422
    assert "5,000자" in soup(too_long).find(id="say-text-error").text


def test_every_desk_page_is_no_store_korean_and_keeps_the_display_choices(editor, ids):
    editor.cookies.set("a11y_size", "5")
    editor.cookies.set("a11y_theme", "yellow")
    for path in ["/desk", f"/desk/articles/{ids['a']}", "/desk/lexicon", "/desk/preview", "/desk/login"]:
        answer = editor.get(path, follow_redirects=False)
        assert answer.headers["cache-control"] == "no-store", path
        if answer.status_code == 303:
            continue
        html = soup(answer).html
        assert html["lang"] == "ko" and html["class"] == ["step-5"] and html["data-theme"] == "yellow", path
        assert len(soup(answer).find_all("h1")) == 1
        # Every field has a label.
        for field in soup(answer).select("input:not([type=hidden]), textarea"):
            assert soup(answer).find("label", {"for": field["id"]}), (path, field)


# ---------- The lexicon file keeps notes ----------


def test_notes_live_in_the_lexicon_file_as_comment_lines_an_older_reader_skips():
    text = "# header\n#: 회사 홍보팀 요청 (11월)\nVantor = 반토르\n\n#: orphan note before a blank line\n\nX = 엑스\n"
    lexicon = Lexicon.parse(text)
    assert lexicon.entries == {"Vantor": "반토르", "X": "엑스"}
    assert lexicon.notes == {"Vantor": "회사 홍보팀 요청 (11월)"}
    assert Lexicon.parse(lexicon.dumps()).notes == lexicon.notes
    # An older reader: '#' lines are comments, so the same entries come out.
    older = {line.split("=")[0].strip(): line.split("=")[1].strip()
             for line in lexicon.dumps().splitlines() if line.strip() and not line.startswith("#")}
    assert older == lexicon.entries
    changed = lexicon.with_entry("Vantor", "반터", "현지 발음\n두 줄")
    assert changed.entries == {"Vantor": "반터", "X": "엑스"} and changed.notes == {"Vantor": "현지 발음 두 줄"}
    renamed = changed.with_entry("VANTOR", "반터", replacing="Vantor")
    assert list(renamed.entries) == ["VANTOR", "X"] and renamed.notes == {}
    assert renamed.without("X").entries == {"VANTOR": "반터"}
    assert lexicon == Lexicon({"Vantor": "반토르", "X": "엑스"})  # a note changes no sound
    with pytest.raises(LexiconError, match="이미 있습니다"):
        lexicon.with_entry("X", "엑스", replacing="Vantor")

"""The reading pages as HTML: the index's order and pages, display preferences, and page text helpers."""

import re

import pytest

from a11y.web.markup import clock, korean_datetime, mark_english, mark_sentences, spoken_duration


def _post(client, title: str, published: str) -> str:
    article = {"title": title, "published": published, "blocks": [{"type": "paragraph", "text": "본문입니다."}]}
    answer = client.post("/api/articles", json=article)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_index_is_newest_first_with_time_and_listen_link_and_pages(client):
    for day in range(1, 13):  # twelve articles: ten on the first page, two on the second
        _post(client, f"{day}일의 기사", f"2024-11-{day:02d}T09:00:00+09:00")
    first = client.get("/").text
    titles = re.findall(r'<h2 id="item-\w+"><a href="[^"]+">([^<]+)</a></h2>', first)
    assert titles == [f"{day}일의 기사" for day in range(12, 2, -1)]
    assert '<time datetime="2024-11-12T09:00:00+09:00">2024년 11월 12일 오전 9시</time>' in first
    assert first.count(">기사 듣기<span class=\"visually-hidden\">: ") == 10
    assert "1/2쪽" in first and 'href="/?page=2" rel="next">다음 쪽</a>' in first
    second = client.get("/?page=2").text
    assert re.findall(r'<a href="[^"]+">(\d+일의 기사)</a></h2>', second) == ["2일의 기사", "1일의 기사"]
    assert 'href="/?page=1" rel="prev">이전 쪽</a>' in second


@pytest.mark.parametrize(
    "query, status, message",
    [("page=0", 400, "쪽 번호는 1 이상의 정수여야 합니다"), ("page=x", 400, "쪽 번호는"), ("page=9", 404, "9쪽은 없습니다")],
)
def test_bad_page_number_is_a_readable_error(client, query, status, message):
    answer = client.get(f"/?{query}")
    assert answer.status_code == status and message in answer.text


def test_display_link_sets_a_cookie_and_goes_back_to_the_same_place(client):
    answer = client.get("/display?size=5&next=/articles/abc", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/articles/abc#display-settings"
    assert "a11y_size=5" in answer.headers["set-cookie"] and "Max-Age=31536000" in answer.headers["set-cookie"]
    page = client.get("/")
    assert page.text.startswith('<!doctype html>\n<html lang="ko" class="step-5" data-theme="auto">')
    client.get("/display?theme=yellow&next=/", follow_redirects=False)
    assert 'class="step-5" data-theme="yellow"' in client.get("/").text


@pytest.mark.parametrize(
    "query, message",
    [("size=9", "글자 크기는 1부터 5까지"), ("size=abc", "글자 크기는"), ("theme=pink", "화면 색은 auto, light, dark, yellow")],
)
def test_bad_display_choice_is_a_400_that_changes_nothing(client, query, message):
    answer = client.get(f"/display?{query}", follow_redirects=False)
    assert answer.status_code == 400 and message in answer.text
    assert "set-cookie" not in answer.headers


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_display_never_sends_the_reader_to_another_site(client, target):
    answer = client.get("/display", params={"size": "2", "next": target}, follow_redirects=False)
    assert answer.headers["location"] == "/#display-settings"


def test_a_cookie_that_means_nothing_falls_back_to_the_default(client):
    client.cookies.set("a11y_size", "99")
    client.cookies.set("a11y_theme", "<script>")
    assert 'class="step-3" data-theme="auto"' in client.get("/").text


@pytest.mark.parametrize(
    "text, html",
    [
        ("팀 쿡은 “Think different”라고 했다.", '팀 쿡은 “<span lang="en">Think different</span>”라고 했다.'),
        ("CNN방송과 CEO는 한 단어라 그대로", "CNN방송과 CEO는 한 단어라 그대로"),
        ("<b>Make America</b> 그대로", '&lt;b&gt;<span lang="en">Make America</span>&lt;/b&gt; 그대로'),
        ("Hello, world! 안녕", '<span lang="en">Hello, world!</span> 안녕'),
    ],
)
def test_english_runs_are_marked_for_the_screen_reader(text, html):
    assert str(mark_english(text)) == html


@pytest.mark.parametrize(
    "iso, shown",
    [
        ("2024-11-05T16:19:00+09:00", "2024년 11월 5일 오후 4시 19분"),
        ("2024-01-01T00:05:00+09:00", "2024년 1월 1일 오전 12시 5분"),
        ("2024-06-30T12:00:00+09:00", "2024년 6월 30일 오후 12시"),
    ],
)
def test_times_read_as_korean_papers_print_them(iso, shown):
    assert korean_datetime(iso) == shown


def test_sentences_are_wrapped_with_their_times_and_the_text_stays_the_same():
    text = "첫 <문장>입니다.  He said “Make it so” today. 둘째\n문장."
    sentences = [
        {"text": "첫 <문장>입니다.", "start": 0.0, "end": 1.25},
        {"text": "He said “Make it so” today.", "start": None, "end": None},
        {"text": "둘째 문장.", "start": 2.5, "end": 3.0},
    ]
    html = str(mark_sentences(text, sentences))
    assert html == (
        '<span data-sentence="0" data-start="0.0" data-end="1.25">첫 &lt;문장&gt;입니다.</span>  '
        '<span data-sentence="1"><span lang="en">He said</span> “<span lang="en">Make it so</span>” today.</span> '
        '<span data-sentence="2" data-start="2.5" data-end="3.0">둘째\n문장.</span>'
    )
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">") == text


def test_a_sentence_not_in_the_text_is_left_out_and_no_sentences_is_plain_text():
    caption = [{"text": "사진 설명.", "start": 0.0, "end": 0.8}, {"text": "붉은 산.", "start": 1.0, "end": 2.0}]
    assert str(mark_sentences("붉은 산.", caption)) == '<span data-sentence="1" data-start="1.0" data-end="2.0">붉은 산.</span>'
    assert str(mark_sentences("Hello world 안녕", None)) == str(mark_english("Hello world 안녕"))


@pytest.mark.parametrize("seconds, shown, said", [(0, "0:00", "0초"), (59.9, "0:59", "59초"), (60, "1:00", "1분"), (133.4, "2:13", "2분 13초")])
def test_times_as_the_player_shows_and_says_them(seconds, shown, said):
    assert (clock(seconds), spoken_duration(seconds)) == (shown, said)

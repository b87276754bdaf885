"""Each extraction rule on a page of its own, small enough to read: what a listener hears, and what not.

Every page here is written for the rule it tests; none matches a publisher's container name unless
the test says so, so the general body finder is what reads them.
"""

import json
import logging

import pytest

from a11y.article import Article, Image, Paragraph, Subheading, stated_time
from a11y.ingest import IngestError, parse
from a11y.ingest.captions import meaningful_alt, split_caption

TITLE = "시내버스 첫차 30분 앞당긴다"
LEAD = "서울시가 다음 달부터 시내버스 첫차 출발 시각을 30분 앞당긴다고 5일 밝혔다. 새벽 출근 시민의 불편을 덜기 위해서다."
SECOND = "대상은 새벽 이용객이 많은 노선 12개다. 시는 노선별 이용 실적을 살펴 대상 노선을 늘려 갈 계획이다."
THIRD = "시 관계자는 \"첫차 시간을 앞당겨 달라는 요청이 꾸준히 있었다\"며 \"시민 반응을 보고 확대하겠다\"고 말했다."


def page(body: str, head: str = "") -> bytes:
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{TITLE} - 도시일보</title>
    <meta property="og:title" content="{TITLE}">{head}</head><body>
    <header><a href="/">도시일보</a></header><h1>{TITLE}</h1>{body}
    <footer>도시일보 | 서울시 중구 | Copyright 도시일보</footer></body></html>""".encode()


def article_of(body: str, head: str = "", known_containers: bool = False) -> Article:
    return parse(page(body, head), "html", known_containers=known_containers)


def texts(article: Article) -> list[str]:
    return [block.text for block in article.paragraphs]


def shown(article: Article) -> str:
    return article.model_dump_json()


BODY = f"<div class='content'><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></div>"

# ---- 1. Visible article text only -------------------------------------------------------------

HIDDEN = {
    "script": "<script>var 숨은글 = '숨은글 스크립트 문장입니다 아주 길게 씁니다';</script>",
    "style": "<style>.숨은글 { color: red } /* 숨은글 스타일 */</style>",
    "template": "<template><p>숨은글 템플릿 안의 문장은 화면에 보이지 않습니다.</p></template>",
    "noscript": "<noscript><p>숨은글 자바스크립트를 켜 주세요. 보이지 않는 안내입니다.</p></noscript>",
    "comment": "<!-- <p>숨은글 주석 안의 문단은 읽지 않습니다.</p> -->",
    "hidden": "<p hidden>숨은글 hidden 속성이 붙은 문단은 보이지 않습니다.</p>",
    "aria-hidden": "<div aria-hidden='true'>숨은글 보조기술에 숨긴 문단도 읽지 않습니다.</div>",
    "display:none": "<div style='display: none'>숨은글 화면에 나오지 않는 문단도 읽지 않습니다.</div>",
    "visibility:hidden": "<div style='visibility:hidden'>숨은글 보이지 않게 한 문단도 읽지 않습니다.</div>",
    "blind span": "<p><span class='blind'>숨은글 본문 시작</span></p>",
    "pop-up layer": "<div class='layer_popup'><p>숨은글 이 기사를 친구에게 보내려면 주소를 입력하세요.</p></div>",
    "dialog": "<div role='dialog'><p>숨은글 로그인이 필요한 기능입니다. 로그인하시겠습니까?</p></div>",
    "help layer": "<div class='media_help'><strong>본문 요약봇</strong><p>숨은글 요약봇은 자동 추출 기술로 요약한 내용입니다.</p></div>",
}


@pytest.mark.parametrize("known_containers", [True, False], ids=["list on", "list off"])
@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_hidden_text_never_reaches_the_article(hidden, known_containers):
    body = f"<div class='article_body'>{hidden}<p>{LEAD}</p>{hidden}<p>{SECOND}</p><p>{THIRD}</p></div>"
    article = article_of(body, known_containers=known_containers)
    assert "숨은글" not in shown(article)
    assert texts(article) == [LEAD, SECOND, THIRD]


CODE = {
    "form validator": 'function check(f){ if(f.name.value==""){ alert("이름을 입력하세요"); return false; } return true; }',
    "jquery": '$(document).ready(function(){ $(".btn_more").on("click", function(){ $(this).toggle(); }); });',
    "json": '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "제목", "author": ["홍길동"]}',
    "css": ".article_body p{font-size:17px;line-height:1.8;color:#222;margin:0 0 20px}",
    "ad tag": "var googletag = googletag || {}; googletag.cmd = googletag.cmd || []; googletag.cmd.push(function(){});",
    "base64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
}


@pytest.mark.parametrize("holder", ["<p>{}</p>", "<pre>{}</pre>", "<div>{}</div>", "<blockquote>{}</blockquote>", "<h3>{}</h3>"])
@pytest.mark.parametrize("code", CODE.values(), ids=CODE.keys())
def test_code_is_never_a_block_and_each_drop_is_logged(code, holder, caplog):
    caplog.set_level(logging.INFO, logger="a11y.ingest")
    body = f"<div class='content'><p>{LEAD}</p>{holder.format(code)}<p>{SECOND}</p><p>{THIRD}</p></div>"
    article = article_of(body)
    assert [block.type for block in article.blocks] == ["paragraph"] * 3
    assert any(("code-like" in record.message or "data blob" in record.message) for record in caplog.records)


def test_prose_with_a_symbol_or_two_stays_prose():
    prose = [
        '정부는 "A=B"라는 공식을 내놨다. 업계는 대응에 나섰다는 분석이 나온다. 시장은 차분했다.',
        "삼성전자(005930)는 5만원선 아래로 내려갔다; SK하이닉스는 {상승} 마감했다는 소식이다.",
        "코스피는 2400선(▼1.2%)을 내줬다. 외국인은 7거래일 연속 순매도를 이어 갔다.",
    ]
    body = "<div class='content'>" + "".join(f"<p>{text}</p>" for text in prose) + "</div>"
    assert texts(article_of(body)) == prose


# ---- 2. The general body finder -----------------------------------------------------------------

BODIES = {
    "split across siblings": f"""<div class="wrap"><div class="txt_a"><p>{LEAD}</p></div>
        <div class="ad_box"><iframe src="/ad"></iframe></div><div class="txt_b"><p>{SECOND}</p><p>{THIRD}</p></div></div>
        <div class="related"><h3>관련 기사</h3><ul><li><a href="/1">다른 기사 제목이 여기에 길게 있습니다</a></li></ul></div>""",
    "<br><br> runs": f"<div id='news_txt'>{LEAD}<br><br>{SECOND}<br><br>{THIRD}<br><br></div>",
    "ads and widgets between paragraphs": f"""<section class="story"><p>{LEAD}</p>
        <div class="ad_wrap"><div id="div-gpt-ad-1"></div><span>광고</span></div>
        <p>{SECOND}</p><div class="share_widget"><button>공유</button><a href="#">페이스북</a></div>
        <div class="reaction"><span>좋아요 0</span><span>화나요 0</span></div><p>{THIRD}</p></section>""",
    "a table for layout": f"""<table width="100%"><tr><td width="160"><a href="/a">정치</a><br><a href="/b">경제</a></td>
        <td><table><tr><td class="body_text">{LEAD}<br><br>{SECOND}<br><br>{THIRD}</td></tr></table></td></tr></table>""",
    "a container of an unknown name": f"<div class='xq_9'><div class='xq_10'><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></div></div>",
}


@pytest.mark.parametrize("known_containers", [True, False], ids=["list on", "list off"])
@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_the_body_is_found_however_the_page_lays_it_out(body, known_containers):
    article = article_of(body, known_containers=known_containers)
    assert texts(article) == [LEAD, SECOND, THIRD]


def test_a_named_container_continued_by_a_sibling_keeps_both_parts():
    body = f"""<div class="view"><div class="lead_txt"><p>{LEAD}</p></div>
        <div class="banner_mid"></div><div class="article_body"><p>{SECOND}</p><p>{THIRD}</p></div></div>"""
    assert texts(article_of(body, known_containers=True)) == [LEAD, SECOND, THIRD]


# ---- 3. Times -------------------------------------------------------------------------------------

TIMES = [
    # (page markup around the body, published (stated), precision, modified (stated))
    ('<p class="date" data-date-time="2024-11-05 16:04:03">입력 2024.11.05. 오후 4:04</p>', "2024-11-05T16:04:03+09:00", "second", None),
    ('<p>입력 <time datetime="2024-11-05T16:04+09:00">오후 4:04</time> 수정 <time datetime="2024-11-05T18:10:30+09:00">오후 6:10</time></p>',
     "2024-11-05T16:04+09:00", "minute", "2024-11-05T18:10:30+09:00"),
    ('<p class="info">입력 2024.11.05 16:04 | 수정 2024.11.05 17:20</p>', "2024-11-05T16:04+09:00", "minute", "2024-11-05T17:20+09:00"),
    ('<p class="info">기사입력 [2024-11-05 16:04:59]</p>', "2024-11-05T16:04:59+09:00", "second", None),
    ('<p class="info">등록 2024년 11월 5일 오후 4시 4분</p>', "2024-11-05T16:04+09:00", "minute", None),
    ('<span class="date">2024.11.05</span>', "2024-11-05", "day", None),
]


@pytest.mark.parametrize("markup, published, precision, modified", TIMES)
def test_times_keep_the_precision_the_page_states(markup, published, precision, modified):
    article = article_of(markup + BODY)
    assert (article.published_stated, article.published_precision, article.modified_stated) == (published, precision, modified)


def test_machine_readable_times_come_first_and_are_read_as_seoul_time():
    head = """<meta property="article:published_time" content="2024-11-05T07:04:03Z">
    <meta property="article:modified_time" content="2024-11-05T09:00:00+00:00">"""
    article = article_of("<p class='info'>입력 2024.11.05 16:04</p>" + BODY, head)
    assert article.published_stated == "2024-11-05T16:04:03+09:00"
    assert article.modified_stated == "2024-11-05T18:00:00+09:00"


def test_json_ld_gives_the_time_and_a_later_source_that_agrees_adds_the_seconds():
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2024-11-05T16:04+09:00",
          "dateModified": "2024-11-06"}  # fmt: skip
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    article = article_of("<p class='info'>입력 2024-11-05 16:04:03</p>" + BODY, head)
    assert (article.published_stated, article.modified_stated) == ("2024-11-05T16:04:03+09:00", "2024-11-06")


def test_times_in_related_news_are_not_this_articles():
    related = '<div class="related_news"><ul><li><a href="/9">다른 기사 <time datetime="2020-01-01T09:00">1월 1일</time></a></li></ul></div>'
    article = article_of(related + "<p class='info'>입력 2024.11.05 16:04</p>" + BODY)
    assert article.published_stated == "2024-11-05T16:04+09:00"


@pytest.mark.parametrize(
    "given, precision, stated",
    [
        ("2024-11-05", "day", "2024-11-05"),
        ("2024-11-05 16:19", "minute", "2024-11-05T16:19+09:00"),
        ("2024-11-05T16:19:00+09:00", "second", "2024-11-05T16:19:00+09:00"),
        ("2024-11-05T07:19:07Z", "second", "2024-11-05T16:19:07+09:00"),
    ],
)
def test_publisher_json_keeps_working_and_its_precision_is_read_from_the_string(given, precision, stated):
    article = Article.model_validate({"title": TITLE, "published": given, "blocks": [{"type": "paragraph", "text": LEAD}]})
    assert (article.published_precision, article.published_stated) == (precision, stated)
    again = Article.model_validate_json(article.model_dump_json())
    assert again == article  # stored and read back, nothing changes


def test_a_stated_time_never_shows_seconds_it_does_not_have():
    article = article_of("<p class='info'>입력 2024.11.05 16:04</p>" + BODY)
    assert article.published.isoformat() == "2024-11-05T16:04:00+09:00"  # the value; the API keeps this form
    assert stated_time(article.published, article.published_precision) == "2024-11-05T16:04+09:00"


def test_the_reading_page_shows_the_time_as_stated(client):
    html = page("<p class='info'>입력 2024.11.05 16:04 | 수정 2024.11.05 17:20</p>" + BODY)
    created = client.post("/api/articles", content=html, headers={"Content-Type": "text/html"})
    assert created.status_code == 201, created.text
    shown_page = client.get(created.json()["url"]).text
    assert '<time datetime="2024-11-05T16:04+09:00">2024년 11월 5일 오후 4시 4분</time>' in shown_page
    assert '<time datetime="2024-11-05T17:20+09:00">' in shown_page
    assert "16:04:00" not in shown_page
    api = client.get(created.json()["api_url"]).json()
    assert (api["published_precision"], api["modified_stated"]) == ("minute", "2024-11-05T17:20+09:00")


# ---- 4. Structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subtitle, lines",
    [
        ("<div class='sub_title'>첫차 30분 당겨 오전 3시 30분 출발</div>", ["첫차 30분 당겨 오전 3시 30분 출발"]),
        ("<h2 class='subtit1'>노선 12개부터<br>이용 실적 보고 늘린다</h2>", ["노선 12개부터", "이용 실적 보고 늘린다"]),
        ("<div class='summary'><p>노선 12개부터</p><p>이용 실적 보고 늘린다</p></div>", ["노선 12개부터", "이용 실적 보고 늘린다"]),
        ("<h2>노선 12개부터</h2>", ["노선 12개부터"]),  # right below the headline
        # An unnamed box of short lines below the headline, past the printed time and a tool bar.
        (
            "<div class='zq-s'>첫차 30분 당겨 오전 3시 30분 출발</div><div class='zq-i'>입력 2024.11.05 16:04</div>"
            "<div class='zq-t'><button>가</button><button>공유</button></div>",
            ["첫차 30분 당겨 오전 3시 30분 출발"],
        ),
        ("<div class='zq-i'>김도시 기자2024-11-05 16:04</div><p class='zq-s'>노선 12개부터<br>이용 실적 보고 늘린다</p>",
         ["노선 12개부터", "이용 실적 보고 늘린다"]),
        # `- ` summary lines in a box of their own below the headline (at the top of the body: below)
        (
            "<div class='content'><p class='zq-l'>- 첫차 30분 당겨 오전 3시 30분 출발<br>- 노선 12개부터 시작</p></div>",
            ["첫차 30분 당겨 오전 3시 30분 출발", "노선 12개부터 시작"],
        ),
    ],
    ids=["one line", "two lines with br", "two paragraphs", "heading below the headline", "unnamed box",
         "unnamed box past a byline and time", "dash-led lines in a box"],
)
def test_subtitle_blocks_are_subtitles_not_paragraphs(subtitle, lines):
    article = article_of(subtitle + BODY)
    assert list(article.subtitles) == lines and texts(article) == [LEAD, SECOND, THIRD]


@pytest.mark.parametrize(
    "below_headline",
    [
        f"<div class='zq-s'>{LEAD}</div>",  # the lead written in a box of its own: a sentence
        "<div class='zq-i'>김도시 기자2024-11-05 16:04</div>",  # a byline and a time run together
        "<div class='zq-c'>사회 일반</div>",  # a section label
        "<div class='zq-t'><a href='/a'>많이 본 뉴스 첫차 논란</a></div>",  # a link
    ],
    ids=["lead sentence", "byline and time", "section label", "link"],
)
def test_what_follows_the_headline_that_is_no_subtitle_is_not_made_one(below_headline):
    article = article_of(below_headline + BODY)
    assert article.subtitles == ()
    assert texts(article)[-3:] == [LEAD, SECOND, THIRD]


@pytest.mark.parametrize(
    "furniture",
    ["읽는 시간 약 3분", "AI 요약 보기", "글자크기 설정", "기사 스크랩 하기", "지면보기 A12면", "김도시 기자 kds@dosi.example.kr",
     "<span>입력 2024.11.05 16:04</span><span>수정 2024.11.05 17:20</span>", "조회수 1,234"],
)
def test_page_furniture_below_the_headline_is_neither_subtitle_nor_paragraph_and_is_stepped_over(furniture):
    article = article_of(f"<div class='zq-u'>{furniture}</div><div class='zq-s'>첫차 30분 당겨 오전 3시 30분 출발</div>" + BODY)
    assert list(article.subtitles) == ["첫차 30분 당겨 오전 3시 30분 출발"]
    assert texts(article) == [LEAD, SECOND, THIRD]


def test_dash_led_summary_lines_at_the_top_of_the_body_are_subtitles():
    body = f"""<div class="content"><p>- 첫차 30분 당겨 오전 3시 30분 출발<br>- 시 "반응 보고 늘릴 것"</p>
        <p>{LEAD}</p><p>{SECOND}</p><p>- 요금은 그대로</p><p>{THIRD}</p></div>"""
    article = article_of(body)
    assert list(article.subtitles) == ["첫차 30분 당겨 오전 3시 30분 출발", '시 "반응 보고 늘릴 것"']
    assert texts(article) == [LEAD, SECOND, "- 요금은 그대로", THIRD]  # below the lead, a dash is the body's


def test_an_interviews_dash_led_questions_stay_in_the_body():
    body = f"""<div class="content"><p>- 첫차를 앞당긴 이유는 무엇인가요?</p><p>{LEAD}</p>
        <p>- 다른 노선으로도 늘리나</p><p>{SECOND}</p></div>"""
    article = article_of(body)
    assert article.subtitles == ()
    assert texts(article) == ["- 첫차를 앞당긴 이유는 무엇인가요?", LEAD, "- 다른 노선으로도 늘리나", SECOND]


def test_marked_item_headlines_are_subheadings_not_photos():
    body = f"""<div class="content"><p>{LEAD}</p><p>▲ 새벽 노선 확대</p><p>{SECOND}</p>
        <p>■ 시민 반응 살펴 늘린다</p><p>{THIRD}</p><p>● 요금은 그대로</p><p>{LEAD}</p></div>"""
    article = article_of(body)
    assert [type(block) for block in article.blocks] == [Paragraph, Subheading, Paragraph, Subheading, Paragraph, Subheading, Paragraph]
    assert [block.text for block in article.blocks if isinstance(block, Subheading)] == ["새벽 노선 확대", "시민 반응 살펴 늘린다", "요금은 그대로"]


def test_lines_around_the_copy_are_not_paragraphs_and_the_agency_is_the_source():
    body = f"""<div class="content"><p>(서울=연합뉴스) 김철수 기자 = {LEAD}</p><p>{SECOND}</p><p>{THIRD} (끝)</p>
        <p>https://www.example.co.kr/news/12345</p><p>김철수 기자 kcs@example.co.kr</p><p>[연합뉴스]</p>
        <p>ⓒ 연합뉴스, 무단 전재 및 재배포 금지</p><p>※ 이 기사는 서울시의 지원을 받아 작성됐습니다.</p>
        <p>▶ 도시일보 앱 다운로드</p><p>(끝)</p></div>"""
    article = article_of(body)
    assert texts(article) == [LEAD, SECOND, THIRD]
    assert (article.source, article.byline) == ("연합뉴스", "김철수 기자")


def test_an_agency_credit_line_alone_names_the_source():
    article = article_of(f"<div class='content'><p>{LEAD}</p><p>{SECOND}</p><p>/뉴시스</p></div>")
    assert texts(article) == [LEAD, SECOND] and article.source == "뉴시스"


def test_a_paper_of_its_own_has_no_agency_source():
    assert article_of(BODY).source is None


@pytest.mark.parametrize("prefix", ["[단독]", "[앵커]", "[속보]", "【서울 이모저모】"])
def test_a_bracketed_prefix_stays_whole(prefix):
    article = article_of(f"<div class='content'><p>{prefix} {LEAD}</p><p>{SECOND}</p></div>")
    assert texts(article)[0] == f"{prefix} {LEAD}"


def test_a_broadcast_cue_on_its_own_line_is_kept_whole_as_a_subheading():
    body = f"<div class='content'>[앵커]<br>{LEAD}<br><br>[기자]<br>{SECOND}<br><br>촬영기자 : 이상엽<br>(영상취재 : 김민철, 영상편집 : 박정삼)</div>"
    article = article_of(body)
    assert [(block.type, block.text) for block in article.blocks] == [
        ("subheading", "[앵커]"), ("paragraph", LEAD), ("subheading", "[기자]"), ("paragraph", SECOND),
    ]  # fmt: skip


# ---- 5. Captions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, caption, credit",
    [
        ("시민들이 버스를 기다리고 있다. 홍길동 기자", "시민들이 버스를 기다리고 있다.", "홍길동 기자"),
        ("시민들이 버스를 기다리고 있다. 홍길동 기자 hong@example.co.kr", "시민들이 버스를 기다리고 있다.", "홍길동 기자"),
        ("시민들이 버스를 기다리고 있다. 서울=연합뉴스", "시민들이 버스를 기다리고 있다.", "연합뉴스"),
        ("시민들이 버스를 기다리고 있다. [사진출처=서울시]", "시민들이 버스를 기다리고 있다.", "서울시"),
        ("시민들이 버스를 기다리고 있다. 서울시 제공", "시민들이 버스를 기다리고 있다.", "서울시 제공"),
        ("시민들이 버스를 기다리고 있다. [서울시 제공. 재판매 및 DB 금지]", "시민들이 버스를 기다리고 있다.", "서울시 제공"),
        ("시민들이 버스를 기다리고 있다. ⓒ 도시일보", "시민들이 버스를 기다리고 있다.", "도시일보"),
        # An explicit photo credit beats the agency that filed the caption.
        ("(서울=연합뉴스) 홍길동 기자 = 시민들이 버스를 기다리고 있다. [서울시 제공]", "시민들이 버스를 기다리고 있다.", "서울시 제공"),
        ("(서울=연합뉴스) 시민들이 버스를 기다리고 있다. (사진 제공=서울시)", "시민들이 버스를 기다리고 있다.", "서울시 제공"),
        ("(서울=연합뉴스) 홍길동 기자 = 시민들이 버스를 기다리고 있다.", "시민들이 버스를 기다리고 있다.", "연합뉴스 홍길동 기자"),
        ("시민들이 버스를 기다리고 있다. [도시일보 자료사진]", "시민들이 버스를 기다리고 있다.", "도시일보 자료사진"),
        ("시민들이 버스를 기다리고 있다./도시일보DB", "시민들이 버스를 기다리고 있다.", "도시일보DB"),
        ("시민들이 버스를 기다리고 있다.ⓒ도시일보 홍길동 기자", "시민들이 버스를 기다리고 있다.", "도시일보 홍길동 기자"),
        ("시민들이 버스를 기다리고 있다. 종로=홍길동 기자 hong@example.co.kr", "시민들이 버스를 기다리고 있다.", "홍길동 기자"),
        ("홍길동 기자가 찍은 새벽 정류장 모습.", "홍길동 기자가 찍은 새벽 정류장 모습.", None),
    ],
)
def test_every_common_credit_is_split_from_its_caption(raw, caption, credit):
    assert split_caption(raw) == (caption, credit)


@pytest.mark.parametrize(
    "alt, kept",
    [
        (TITLE, False), (f"{TITLE} 사진", False), ("x", False), ("'", False), ("IMG_2041.JPG", False),
        ("20241105_bus_01", False), ("사진", False), ("https://img.example.com/a.jpg", False),
        ("새벽 정류장에서 버스를 기다리는 시민들", True),
    ],
)  # fmt: skip
def test_an_alt_is_a_caption_only_when_it_says_what_the_photo_shows(alt, kept):
    assert (meaningful_alt(alt, TITLE) == alt) is kept


def test_a_caption_written_below_an_empty_figcaption_is_found():
    body = f"""<div class="content"><figure><img src="https://img.example.com/bus.jpg" alt="{TITLE}"><figcaption></figcaption></figure>
        <p>새벽 정류장에서 시민들이 버스를 기다리고 있다. /도시일보</p><p>{LEAD}</p><p>{SECOND}</p></div>"""
    article = article_of(body)
    assert article.blocks[0] == Image(caption="새벽 정류장에서 시민들이 버스를 기다리고 있다.", credit="도시일보", src="https://img.example.com/bus.jpg")
    assert texts(article) == [LEAD, SECOND]


# ---- 6. Image-only pages ------------------------------------------------------------------------


def test_a_card_news_page_is_its_title_time_and_images():
    cards = "".join(
        f'<img src="https://img.example.com/card{number}.jpg" alt="{alt}" width="720" height="720">'
        for number, alt in enumerate([TITLE, "첫차 시각 새벽 3시 30분", "대상 노선 12개", "card_04.png"], start=1)
    )
    article = article_of(f"<p class='info'>입력 2024.11.05 16:04</p><div class='cardnews'>{cards}</div>")
    assert article.title == TITLE and article.published_stated == "2024-11-05T16:04+09:00"
    assert [(block.caption, block.src) for block in article.blocks] == [
        ("", "https://img.example.com/card1.jpg"),
        ("첫차 시각 새벽 3시 30분", "https://img.example.com/card2.jpg"),
        ("대상 노선 12개", "https://img.example.com/card3.jpg"),
        ("", "https://img.example.com/card4.jpg"),
    ]


def test_a_page_with_neither_text_nor_photos_is_still_refused():
    with pytest.raises(IngestError, match="기사 본문을 찾지 못했습니다"):
        article_of("<div class='content'><p>짧은 글</p><img src='/icon.png' width='16' height='16'></div>")


# ---- 7. Who published it --------------------------------------------------------------------------


def test_a_portal_copy_names_the_paper_it_carries_as_publisher():
    html = f"""<html><head><title>{TITLE} | 다음뉴스</title><meta property="og:title" content="{TITLE}">
    <meta property="og:article:author" content="뉴시스"></head><body>{BODY}</body></html>"""
    assert parse(html.encode(), "html").publisher == "뉴시스"


def test_a_site_name_before_the_headline_is_not_part_of_the_title():
    html = f"<html><head><title>도시일보 :: {TITLE}</title></head><body><h2>{TITLE}</h2>{BODY}</body></html>"
    article = parse(html.encode(), "html")
    assert (article.title, article.publisher) == (TITLE, None)


def test_json_ld_with_a_trailing_comma_is_still_read():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-11-05T16:04:03+09:00",}</script>'
    assert article_of(BODY, head).published_stated == "2024-11-05T16:04:03+09:00"


def test_what_a_parser_put_inside_an_unclosed_embed_is_still_read():
    body = f"<div class='content'><p>{LEAD}</p><embed src='/x.swf'><p>{SECOND}</p><p>{THIRD}</p></div>"
    assert texts(article_of(body)) == [LEAD, SECOND, THIRD]


def test_a_date_alone_is_shown_without_a_time_of_day():
    from a11y.web.markup import korean_datetime

    assert korean_datetime("2024-11-05") == "2024년 11월 5일"
    assert korean_datetime("2024-11-05T16:04+09:00") == "2024년 11월 5일 오후 4시 4분"

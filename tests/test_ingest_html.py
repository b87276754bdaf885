"""Article pages in the markup of different Korean publishers, each reduced to the clean article."""

import html
from dataclasses import dataclass

import pytest

from a11y.article import Image
from a11y.ingest import IngestError, parse
from a11y.ingest.charset import decode_html
from harness import PROJECT, SAMPLE_JSON

PAGES = PROJECT / "tests" / "pages"


@dataclass(frozen=True)
class Expected:
    page: str
    title: str
    published: str
    byline: str | None
    publisher: str | None
    source_url: str
    subtitles: tuple[str, ...]
    kinds: str  # one letter a block: i(mage) p(aragraph) s(ubheading) q(uote)
    caption: str
    credit: str | None
    src: str
    first: str  # the first paragraph starts so
    last: str  # the last paragraph ends so
    absent: tuple[str, ...]  # page furniture that must not reach the article


EXPECTED = [
    Expected(
        "yonhap.html", "반도체 수출 석달째 증가…11월 역대 최대", "2024-12-01T09:00:12+09:00", "김민수 기자", "연합뉴스",
        "https://www.yna.co.kr/view/AKR20241201000100003", ("반도체 수출 125억달러…작년보다 30% 늘어",), "ippspp",
        "1일 부산항 신선대부두에 컨테이너가 쌓여 있다.", "연합뉴스 강덕철 기자", "https://img.yna.co.kr/photo/2024/12/01/PYH2024.jpg",
        "반도체 수출이 석 달째", "7천억달러로 잡았다.",
        ("세종=연합뉴스", "kms@yna.co.kr", "관련 뉴스", "수출 역대 최대", "okjebo", "저작권자", "페이스북", "댓글"),
    ),
    Expected(
        "naver.html", "韓 출산율 9년 만에 반등…10월 출생아 13% 증가", "2024-12-26T12:00:00+09:00", "박영주 기자", "뉴시스",
        "https://n.news.naver.com/article/003/0012934567",
        ("10월 출생아 2만1398명…1년 전보다 2465명 늘어", "혼인 건수도 7개월 연속 증가세 이어가"), "ipppspp",
        "26일 서울 강남구 한 산후조리원 신생아실에서 간호사들이 신생아를 돌보고 있다.", "뉴시스 김명년 기자",
        "https://imgnews.pstatic.net/image/003/2024/12/26/NISI20241226_0001_web.jpg?type=w860",
        "10월 출생아 수가 1년 전보다", "출생아 수도 증가하고 있다\"고 말했다.",
        ("공감언론", "pyj@newsis.com", "쏠쏠정보", "흥미진진", "주요뉴스", "환율", "Copyright", "구독", "공감 38"),
    ),
    Expected(
        "etoday.html", "기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소", "2024-11-05T16:19:00+09:00", None, "이투데이",
        "https://www.etoday.co.kr/news/view/2416823",
        ("계속된 청취자 연결 실패...결국 종료", "지지자 향해 “투표하면 트럼프 이긴다”"), "ipppppp",
        "미국 대통령 공화당 후보 도널드 트럼프 전 대통령의 10월 5일(현지시간) 펜실베이니아주 유세 현장에서 "
        "테슬라 최고경영자(CEO) 일론 머스크가 지원 연설을 하고 있다.",
        "펜실베이니아/로이터연합뉴스", "https://img.etoday.co.kr/pto_db/2024/11/600/20241105161912_2098760_1200_800.jpg",
        "테슬라 최고경영자(CEO) 일론 머스크는 4일(현지시간)", "청취자가 한꺼번에 몰린 탓이라고 분석했다.",
        ("가장작게", "가장크게", "좋아요", "주요 뉴스", "오늘의 상승종목", "실시간 암호화폐 시세", "비트코인", "REUTERS", "저작권자", "URL 복사"),
    ),
    Expected(
        "news1.html", "코스피 2400선 붕괴…외국인 '팔자'에 1년 만에 최저", "2024-11-13T15:47:32+09:00", "신병남 기자", "뉴스1",
        "https://www.news1.kr/finance/stock/5612345", ("삼성전자 4년 5개월 만에 5만원선 내줘", "외국인 7거래일 연속 순매도"),
        "ipppqp", "13일 서울 중구 하나은행 본점 딜링룸 전광판에 코스피 지수가 표시돼 있다.", "뉴스1",
        "https://i3n.news1.kr/system/photos/2024/11/13/6961234/article.jpg/dims/optimize",
        "코스피가 13일 2400선 아래로", "이어질 수 있다\"고 내다봤다.",
        ("서울=뉴스1", "nam@news1.kr", "Copyright", "관련 키워드", "#코스피", "많이 본 뉴스", "링크복사", "민경석"),
    ),
    Expected(
        "chosun.html", "“한국 반도체, 중국 추격에 5년 안에 역전 위험”", "2024-11-20T14:30:00+09:00", "유지한 기자", "조선일보",
        "https://www.chosun.com/economy/tech_it/2024/11/20/ABCDEFGHIJKLMNOP/", (), "pipspp",
        "20일 경기 평택시 삼성전자 평택캠퍼스 모습.", "뉴스1", "https://www.chosun.com/resizer/v2/ABC.jpg?auth=1&width=616",
        "한국 반도체 산업이 중국의", "늘려야 한다”고 주장했다.",
        ("광고", "추천해요", "추천 기사", "글자크기", "기사 공유", "All rights reserved", "업데이트"),
    ),
    Expected(
        "kyeonggi.html", "수원 전세사기 피해자 500명 넘어…경기도 긴급 지원", "2024-11-05T15:02:00+09:00", "이정민 기자", "경기일보",
        "https://www.kyeonggi.com/article/20241105580123",
        ("피해액 800억원 육박…상당수 20~30대 청년층", "도, 긴급 주거비·법률 상담 지원"), "ippspp",
        "5일 오전 수원시청 앞에서 전세사기 피해자들이 대책 마련을 촉구하고 있다.", "윤원규 기자",
        "https://www.kyeonggi.com/news/photo/202411/20241105_01.jpg",
        "수원지역 전세사기 피해자가", "모든 지원을 하겠다”고 말했다.",
        ("jmlee@kyeonggi.com", "저작권자", "#전세사기", "이 기사와 관련된 기사", "화성 전세사기", "프린트", "댓글 0"),
    ),
    Expected(
        "hani.html", "“기후위기 대응, 지금이 마지막 기회”", "2024-11-11T19:07:00+09:00", "김정수 기자", "한겨레",
        "https://www.hani.co.kr/arti/society/environment/1167890.html", ("유엔기후변화협약 총회 바쿠서 개막",), "ippqpsp",
        "11일(현지시각) 아제르바이잔 바쿠에서 개막한 제29차 유엔기후변화협약 당사국총회(COP29) 회의장에 참가자들이 들어서고 있다.",
        "바쿠/로이터 연합뉴스",
        "https://flexible.img.hani.co.kr/flexible/normal/970/647/imgdb/original/2024/1111/20241111503456.jpg",
        "제29차 유엔기후변화협약 당사국총회(COP29)가", "동참해야 한다고 주장하고 있다.",
        ("jsk21@hani.co.kr", "광고", "관련기사", "탄소중립", "무단전재", "수정"),
    ),
    Expected(
        "mk.html", "\"금리 인하 늦춰진다\"…美 국채금리 4.4% 돌파", "2024-11-14T17:21:05+09:00", "윤원섭 기자", "매일경제",
        "https://www.mk.co.kr/news/world/11164321", ("파월 \"서두를 필요 없다\" 발언 여파", "달러 가치 1년 만에 최고"),
        "ippspp", "제롬 파월 미국 연방준비제도 의장.", "연합뉴스",
        "https://wimg.mk.co.kr/news/cms/202411/14/news-p.v1.20241114.abc_P1.jpg",
        "미국 국채 10년물 금리가 4.4%를", "60% 안팎으로 보고 있다.",
        ("뉴욕 = 윤원섭", "매일경제 &", "함께 많이 본 뉴스", "비트코인", "코스피 2,418", "글자크기", "프린트"),
    ),
    Expected(
        "gangwon-euckr.html", "춘천 소양강댐 수문 3년 만에 개방", "2024-08-21T14:05:33+09:00", "김영수 기자", "강원신문",
        "https://www.gwnews.co.kr/view.php?no=1003", (), "ipppp",
        "21일 오후 강원 춘천시 소양강댐이 수문을 열고 초당 최대 3000t의 물을 방류하고 있다.", "강원신문",
        "https://www.gwnews.co.kr/news/photo/2024/0821/soyang_1.jpg",
        "집중호우로 소양강댐의 수위가", "관광객들이 몰렸다.",
        ("홈 >", "kys@gwnews.co.kr", "저작권자", "관련기사", "많이 본 뉴스", "경포해변", "등록번호"),
    ),
    Expected(
        "newsis-euckr.html", "서울 첫눈 117년 만에 최대 폭설…출근길 대란", "2024-11-27T09:32:18+09:00", "이태성 기자", "뉴시스",
        "https://www.newsis.com/view/NISX20241127_0002970123",
        ("서울 적설량 16.5㎝…11월 관측 이래 최고", "지하철 출근 인파 몰려 곳곳 지연"), "ipppp",
        "27일 서울 광화문광장 일대에 폭설이 내리고 있다.", "뉴시스 김근수 기자",
        "https://img1.newsis.com/2024/11/27/NISI20241127_0020613456_web.jpg",
        "27일 서울에 밤사이 많은 눈이 내려", "안전에 유의해 달라\"고 당부했다.",
        ("서울=뉴시스", "ks@newsis.com", "공감언론", "관련뉴스", "많이 본 기사", "페이스북", "Copyright"),
    ),
]


@pytest.mark.parametrize("expected", EXPECTED, ids=[expected.page for expected in EXPECTED])
def test_each_publishers_page_becomes_the_clean_article(expected):
    url = "https://www.gwnews.co.kr/view.php?no=1003" if "gangwon" in expected.page else None
    article = parse((PAGES / expected.page).read_bytes(), source_url=url)
    assert article.title == expected.title
    assert article.published.isoformat() == expected.published
    assert (article.byline, article.publisher) == (expected.byline, expected.publisher)
    assert article.source_url == expected.source_url
    assert article.subtitles == expected.subtitles
    assert "".join(block.type[0] for block in article.blocks) == expected.kinds
    image = next(block for block in article.blocks if isinstance(block, Image))
    assert (image.caption, image.credit, image.src) == (expected.caption, expected.credit, expected.src)
    paragraphs = [block.text for block in article.paragraphs]
    assert paragraphs[0].startswith(expected.first) and paragraphs[-1].endswith(expected.last)
    shown = article.model_dump_json()
    page = html.unescape(decode_html((PAGES / expected.page).read_bytes()))
    for furniture in expected.absent:
        assert furniture in page and furniture not in shown, furniture


def test_the_sample_page_is_the_sample_json_plus_what_the_page_adds():
    from_page = parse((PAGES / "etoday.html").read_bytes())
    from_json = parse(SAMPLE_JSON.read_bytes())
    assert from_page.blocks[0].src and from_page.source_url
    image = from_page.blocks[0].model_copy(update={"src": None})
    assert from_page.model_copy(update={"source_url": None, "blocks": (image, *from_page.blocks[1:])}) == from_json


def test_an_euc_kr_page_reads_the_same_whichever_way_its_charset_is_told():
    page = (PAGES / "newsis-euckr.html").read_bytes()
    from_meta = parse(page)
    assert parse(page, content_type="text/html; charset=EUC-KR") == from_meta
    # A server that claims UTF-8 for an EUC-KR page is wrong; the page's own <meta> is then believed.
    assert parse(page, content_type="text/html; charset=utf-8") == from_meta
    undeclared = page.replace(b'<meta charset="euc-kr">', b"")
    assert parse(undeclared, format="html") == from_meta


def test_a_page_that_is_not_an_article_is_refused():
    front_page = """<!doctype html><html><head><meta charset="utf-8"><title>뉴스 홈</title></head><body>
    <ul class="headline-list"><li><a href="/a/1">코스피 2400선 붕괴…외국인 '팔자'에 1년 만에 최저</a></li>
    <li><a href="/a/2">서울 첫눈 117년 만에 최대 폭설…출근길 대란</a></li></ul>
    <footer>Copyright ⓒ 뉴스 홈. All rights reserved.</footer></body></html>"""
    with pytest.raises(IngestError, match="기사 본문을 찾지 못했습니다"):
        parse(front_page.encode())


def test_a_page_without_metadata_takes_its_title_from_h1_and_its_time_from_the_page():
    page = """<html><head><title>사이트 이름</title></head><body>
    <div class="head"><h1>작은 도서관, 동네 사랑방 되다</h1><p>등록 2024.10.02 08:30</p></div>
    <div class="content"><p>오래된 주택가 골목에 문을 연 작은 도서관이 주민들의 사랑방이 되고 있다.</p>
    <p>도서관은 주민들이 기증한 책 3000여권으로 꾸며졌다. 아이들은 방과 후 이곳에서 숙제를 한다.</p></div>
    </body></html>"""
    article = parse(page.encode())
    assert article.title == "작은 도서관, 동네 사랑방 되다"
    assert article.published.isoformat() == "2024-10-02T08:30:00+09:00"
    assert [block.text for block in article.blocks] == [
        "오래된 주택가 골목에 문을 연 작은 도서관이 주민들의 사랑방이 되고 있다.",
        "도서관은 주민들이 기증한 책 3000여권으로 꾸며졌다. 아이들은 방과 후 이곳에서 숙제를 한다.",
    ]

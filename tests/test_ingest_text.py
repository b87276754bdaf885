"""Copied page text: the sample exactly, its everyday variants, and text that holds no article."""

import pytest

from a11y.article import Image, Paragraph, Subheading
from a11y.ingest import IngestError, parse
from a11y.ingest.copied_text import parse_text
from harness import PROJECT, SAMPLE_JSON

SAMPLE_TEXT = (PROJECT / "demo" / "etoday-x-townhall.txt").read_text(encoding="utf-8")
CAPTION = (
    "미국 대통령 공화당 후보 도널드 트럼프 전 대통령의 10월 5일(현지시간) 펜실베이니아주 유세 현장에서 "
    "테슬라 최고경영자(CEO) 일론 머스크가 지원 연설을 하고 있다."
)
PAGE_AROUND = ["가장작게", "가장크게", "좋아요0", "주요 뉴스", "오늘의 상승종목", "실시간 암호화폐 시세", "비트코인", "REUTERS", "저작권자"]


def test_the_sample_parses_to_exactly_the_article():
    article = parse_text(SAMPLE_TEXT)
    assert article.title == "기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소"
    assert article.published.isoformat() == "2024-11-05T16:19:00+09:00"
    assert article.subtitles == ("계속된 청취자 연결 실패...결국 종료", "지지자 향해 “투표하면 트럼프 이긴다”")
    assert [block.type for block in article.blocks] == ["image"] + ["paragraph"] * 6
    image = article.blocks[0]
    assert (image.caption, image.credit) == (CAPTION, "펜실베이니아/로이터연합뉴스")
    paragraphs = [block.text for block in article.paragraphs]
    assert paragraphs[0].startswith("테슬라 최고경영자(CEO) 일론 머스크는 4일(현지시간)")
    assert paragraphs[-1].endswith("청취자가 한꺼번에 몰린 탓이라고 분석했다.")
    dumped = article.model_dump_json()
    for noise in PAGE_AROUND:
        assert noise not in dumped, noise


def test_the_sample_text_is_the_sample_json_but_for_what_text_cannot_say():
    from_text = parse(SAMPLE_TEXT.encode())
    from_json = parse(SAMPLE_JSON.read_bytes())
    # Copied text names no publisher, and prints the time to the minute (`입력 2024-11-05 16:19`) where
    # the JSON states its seconds; everything else is the same article.
    assert from_text.publisher is None and from_json.publisher == "이투데이"
    assert (from_text.published_precision, from_json.published_precision) == ("minute", "second")
    assert from_text == from_json.model_copy(update={"publisher": None, "published_precision": "minute"})


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="windows line ends"),
        pytest.param(lambda text: text.replace("\n\n", "\n\n\n\n"), id="extra blank lines"),
        pytest.param(lambda text: text.replace("\n\n", "\n"), id="no blank lines"),
        pytest.param(lambda text: "\ufeff" + text.replace(" ", "\u00a0", 3), id="BOM and no-break spaces"),
    ],
)
def test_everyday_variants_of_the_copy_give_the_same_article(variant):
    assert parse_text(variant(SAMPLE_TEXT)) == parse_text(SAMPLE_TEXT)


def test_a_caption_printed_once_is_the_same_photo():
    lines = SAMPLE_TEXT.split("\n")
    caption_lines = [index for index, line in enumerate(lines) if line.startswith("▲")]
    assert len(caption_lines) == 2
    del lines[caption_lines[1]]
    assert parse_text("\n".join(lines)) == parse_text(SAMPLE_TEXT)


def test_alt_text_then_caption_with_credit_is_one_photo():
    text = SAMPLE_TEXT.replace(
        "▲미국 대통령", "▲" + CAPTION + "\n▲미국 대통령", 1
    )
    article = parse_text(text)
    images = [block for block in article.blocks if isinstance(block, Image)]
    assert len(images) == 1 and images[0].credit == "펜실베이니아/로이터연합뉴스"


def test_without_subtitles_the_first_paragraph_stays_a_paragraph():
    text = SAMPLE_TEXT.replace("계속된 청취자 연결 실패...결국 종료\n지지자 향해 “투표하면 트럼프 이긴다”\n", "")
    article = parse_text(text)
    assert article.subtitles == ()
    assert len(article.paragraphs) == 6 and isinstance(article.blocks[0], Image)


def test_wire_copy_byline_subheading_and_copyright():
    text = (
        "코스피 2400선 붕괴…외국인 '팔자'에 1년 만에 최저\n"
        "기사입력 2024.11.13 오후 3:47 | 수정 2024.11.13 오후 4:02\n"
        "공유하기\n\n"
        "(서울=뉴스1) 신병남 기자 = 코스피가 13일 2400선 아래로 내려앉았다. 종가 기준 1년 만의 최저치다.\n\n"
        "■ 외국인 7거래일 연속 매도\n\n"
        "외국인은 유가증권시장에서 4000억원어치를 순매도했다.\n\n"
        "신병남 기자 nam@news1.kr\n"
        "Copyright ⓒ 뉴스1. All rights reserved. 무단 전재 및 재배포 금지.\n"
        "많이 본 뉴스\n"
        "1. 수능 D-1 예비소집에 수험생 몰려 교통 혼잡이 빚어졌다.\n"
    )
    article = parse_text(text)
    assert article.published.isoformat() == "2024-11-13T15:47:00+09:00"
    assert article.byline == "신병남 기자"
    assert article.blocks == (
        Paragraph(text="코스피가 13일 2400선 아래로 내려앉았다. 종가 기준 1년 만의 최저치다."),
        Subheading(text="외국인 7거래일 연속 매도"),
        Paragraph(text="외국인은 유가증권시장에서 4000억원어치를 순매도했다."),
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "비어"),
        ("\n \r\n\t\n", "비어"),
        ("  • 가장작게\n  • 크게\n  • 좋아요0\n", "제목"),
        ("제목만 있는 글\n\n입력 2024-11-05 16:19\n  • 공유하기\n", "본문"),
    ],
)
def test_text_without_an_article_is_refused_with_a_reason(text, message):
    with pytest.raises(IngestError, match=message):
        parse(text.encode(), format="text")

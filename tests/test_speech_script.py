"""The narration script: the sample article heard line by line, and keys that change exactly when the sound does."""

import re
from functools import partial

import pytest
from espeak_phonemes import switches_language

from a11y.article import Article, Image, Paragraph
from a11y.script import narration_script
from a11y.speech import NORMALIZER_VERSION, load_lexicon, normalize, with_lexicon

SPEAK = partial(normalize, steps=with_lexicon(load_lexicon(None)))
VOICE = "espeak-ng:ko:rate=165:pitch=50"

# The sample article (demo/etoday-x-townhall.json) as a listener hears it, segment by segment.
SAMPLE_SCRIPT = [
    ("title", "기술오류가 막는 트럼프 지지? 엑스 타운홀미팅 취소"),
    ("subtitle", "계속된 청취자 연결 실패, 결국 종료"),
    ("subtitle", "지지자 향해 투표하면 트럼프 이긴다"),
    ("image", "사진 설명. 미국 대통령 공화당 후보 도널드 트럼프 전 대통령의 시월 오 일 현지시간 펜실베이니아주 유세 현장에서 "
              "테슬라 최고경영자 씨이오 일론 머스크가 지원 연설을 하고 있다."),
    ("paragraph", "테슬라 최고경영자 씨이오 일론 머스크는 사 일 현지시간 미국 대통령선거 공화당 후보 도널드 트럼프 전 대통령 "
                  "지지 독려를 위한 온라인 타운홀 유세를 열었으나 기술적 문제로 몇 분 만에 끝났다."),
    ("paragraph", "씨엔엔방송에 따르면 머스크는 미 동부시간 기준 이날 오후 여덟 시부터 엑스 옛 트위터에서 트럼프 전 대통령을 "
                  "후원하기 위해 만든 슈퍼팩인 아메리카팩 주최로 가상 타운홀 미팅을 열었으나, 기술 오류로 종료해야만 했다."),
    ("paragraph", "사회자가 청취자 질문을 받기 위해 네 명과의 연결을 시도했으나, 청취자들의 목소리가 들리지 않는 등 모든 "
                  "시도에서 연결이 끊어졌다."),
    ("paragraph", "결국 사회자는 청취자를 대신해 우리 트럼프 전 대통령이 이길까요라고 질문을 대신 건넸다. 머스크는 사람들이 "
                  "내일 투표장에 나와 투표를 한다면 확실히 우리가 이길 것이라고 답했다."),
    ("paragraph", "이어 머스크는 기술적 문제가 있는 듯하니, 미팅을 취소해야겠다며 서둘러 미팅을 마무리했다. 대신 그는 조 "
                  "로건과 팟캐스트에서 진행한 트럼프 인터뷰를 들어보시라고 권유했다."),
    ("paragraph", "엑스에서 진행하려던 유세 지원 이벤트가 무산된 건 이번이 처음이 아니다. 팔월 머스크가 트럼프 전 대통령과 "
                  "진행한 인터뷰는 스트리밍이 사십 분 이상 지연되기도 했다. 머스크는 이러한 오류를 사이버 공격 탓으로 "
                  "돌리기도 했지만, 전문가들은 청취자가 한꺼번에 몰린 탓이라고 분석했다."),
]  # fmt: skip


def heard(segment) -> str:
    """The segment's spoken text as one line (it is kept one sentence a line)."""
    return segment.spoken.replace("\n", " ")


@pytest.fixture(scope="module")
def sample(sample_json) -> Article:
    return Article.model_validate(sample_json)


@pytest.mark.parametrize("line", range(len(SAMPLE_SCRIPT)))
def test_sample_script_line_by_line(sample, line):
    segment = narration_script(sample, VOICE, SPEAK)[line]
    assert (segment.index, segment.kind, heard(segment)) == (line + 1, *SAMPLE_SCRIPT[line])


def test_sample_script_is_whole_and_in_order(sample, sample_json):
    script = narration_script(sample, VOICE, SPEAK)
    assert [(segment.kind, heard(segment)) for segment in script] == SAMPLE_SCRIPT
    blocks = sample_json["blocks"]
    displays = [sample_json["title"], *sample_json["subtitles"], *(b.get("text") or b["caption"] for b in blocks)]
    assert [segment.display for segment in script] == displays
    assert [segment.block for segment in script] == [None, None, None, *range(len(blocks))]


def test_sample_is_heard_as_the_issue_asks(sample):
    spoken = [segment.spoken for segment in narration_script(sample, VOICE, SPEAK)]
    assert spoken[3].startswith("사진 설명. 미국 대통령 공화당 후보")
    assert "사 일 현지시간" in spoken[4] and "씨이오" in spoken[4]
    assert "네 명과의" in spoken[6]


def test_photo_credit_is_not_read(sample):
    spoken = " ".join(segment.spoken for segment in narration_script(sample, VOICE, SPEAK))
    assert "로이터" not in spoken and "펜실베이니아/" not in spoken


def test_the_sample_reaches_the_voice_as_hangul_only(sample):
    for segment in narration_script(sample, VOICE, SPEAK):
        assert re.fullmatch(r"[가-힣 .,?!]+", heard(segment)), segment.spoken


def test_espeak_would_switch_to_english_on_the_display_text_but_not_on_the_spoken(sample):
    script = narration_script(sample, VOICE, SPEAK)
    assert switches_language(script[4].display)  # 'CEO' in the paragraph as printed
    assert [segment.index for segment in script if switches_language(segment.spoken)] == []


@pytest.mark.parametrize("written", ["최고경영자(CEO)", "-1.54%", "CNN방송", "3.5% 성장", "AI 기본법"])
def test_espeak_reads_normalized_numbers_and_letters_in_korean(written):
    assert switches_language(written)
    assert not switches_language(SPEAK(written))


def _article(*paragraphs: str, caption: str | None = None) -> Article:
    blocks = [Image(caption=caption)] if caption is not None else []
    return Article(title="제목", blocks=[*blocks, *(Paragraph(text=text) for text in paragraphs)])


def test_keys_are_stable_across_calls():
    article = _article("첫 문단.", "둘째 문단.")
    assert narration_script(article, VOICE, SPEAK) == narration_script(article, VOICE, SPEAK)


def test_a_changed_paragraph_changes_only_its_own_key():
    before = narration_script(_article("첫 문단.", "사고로 3명이 다쳤다.", "셋째 문단."), VOICE, SPEAK)
    after = narration_script(_article("첫 문단.", "사고로 4명이 다쳤다.", "셋째 문단."), VOICE, SPEAK)
    assert [old.key == new.key for old, new in zip(before, after)] == [True, True, False, True]


def test_display_that_sounds_the_same_keeps_its_key():
    digits = narration_script(_article("사고로 4명이 다쳤다."), VOICE, SPEAK)
    words = narration_script(_article("사고로 네 명이 다쳤다."), VOICE, SPEAK)
    assert digits[1].display != words[1].display
    assert digits[1].key == words[1].key


def test_another_voice_or_normalizer_version_changes_every_key():
    article = _article("첫 문단.", "둘째 문단.")
    keys = {segment.key for segment in narration_script(article, VOICE, SPEAK)}
    other_voice = {segment.key for segment in narration_script(article, "gtts:ko:com", SPEAK)}
    other_version = {segment.key for segment in narration_script(article, VOICE, SPEAK, version="older")}
    assert keys.isdisjoint(other_voice) and keys.isdisjoint(other_version)


def test_the_default_script_speaks_through_the_normalizer_and_its_version():
    article = _article("CEO 4명이 모였다.")
    default = narration_script(article, VOICE)
    assert default[1].spoken == "씨이오 네 명이 모였다."
    assert default == narration_script(article, VOICE, normalize, NORMALIZER_VERSION)


def test_a_photo_is_announced_and_a_caption_of_symbols_only_is_not():
    with_photo = narration_script(_article("본문.", caption="▲서울 시내 모습"), VOICE, SPEAK)
    assert [(segment.kind, segment.spoken) for segment in with_photo[1:]] == [
        ("image", "사진 설명. 서울 시내 모습"),
        ("paragraph", "본문."),
    ]
    symbols_only = narration_script(_article("본문.", caption="▲ ■"), VOICE, SPEAK)
    assert [segment.kind for segment in symbols_only] == ["title", "paragraph"]
    assert [segment.index for segment in symbols_only] == [1, 2]


def test_a_long_paragraph_stays_one_segment():
    long = " ".join(["머스크는 유세를 열었으나 기술적 문제로 몇 분 만에 끝났다."] * 60)
    script = narration_script(_article(long), VOICE, SPEAK)
    assert len(script) == 2 and heard(script[1]) == long


def test_the_api_serves_the_same_script(client, sample_json):
    article_id = client.post("/api/articles", json=sample_json).json()["id"]
    segments = client.get(f"/api/articles/{article_id}").json()["segments"]
    assert [(segment["kind"], segment["spoken"].replace("\n", " ")) for segment in segments] == SAMPLE_SCRIPT

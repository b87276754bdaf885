"""Korean news text split into sentences: one table of texts as articles print them, and the sentences
a reader (and the page's highlight) should see."""

import random
import time

import pytest

from a11y.script import spoken_sentences
from a11y.speech.sentences import split_sentences

SENTENCES = [
    # endings: 다. 요. 까? ! and their mixes
    ("경찰은 현장을 통제했다. 사고 원인은 조사 중이다.", ["경찰은 현장을 통제했다.", "사고 원인은 조사 중이다."]),
    ("정말 그럴까요? 전문가들은 아니라고 본다.", ["정말 그럴까요?", "전문가들은 아니라고 본다."]),
    ("드디어 해냈다! 선수들은 서로 끌어안았다.", ["드디어 해냈다!", "선수들은 서로 끌어안았다."]),
    ("이게 말이 됩니까?! 주민들은 반발했다.", ["이게 말이 됩니까?!", "주민들은 반발했다."]),
    ("시민들은 불편을 겪었어요. 버스는 한 시간 늦게 왔어요.", ["시민들은 불편을 겪었어요.", "버스는 한 시간 늦게 왔어요."]),
    ("마지막 문장에는 마침표가 없다", ["마지막 문장에는 마침표가 없다"]),
    ("회의는 오후에 끝났다.", ["회의는 오후에 끝났다."]),
    # numbers: decimals, dates written with dots, numbered lists, a sign after a number
    ("성장률은 3.5%였다. 전년보다 0.2%포인트 낮다.", ["성장률은 3.5%였다.", "전년보다 0.2%포인트 낮다."]),
    ("개정안은 2024. 3. 5. 국회를 통과했다. 시행은 내년이다.", ["개정안은 2024. 3. 5. 국회를 통과했다.", "시행은 내년이다."]),
    ("방안은 두 가지다. 1. 요금 인하 2. 노선 확대", ["방안은 두 가지다.", "1. 요금 인하 2. 노선 확대"]),
    ("주가는 ▼2.1% 내렸다. 환율은 1,380.5원이었다.", ["주가는 ▼2.1% 내렸다.", "환율은 1,380.5원이었다."]),
    # quotes and brackets hold their sentences together
    ("“올해는 다릅니다. 준비가 끝났습니다”라고 그는 말했다. 회견은 짧았다.",
     ["“올해는 다릅니다. 준비가 끝났습니다”라고 그는 말했다.", "회견은 짧았다."]),
    ("“올해는 다를 겁니다.” 김 대표의 말이다.", ["“올해는 다를 겁니다.”", "김 대표의 말이다."]),
    ('그는 "좋다. 해보자"고 답했다. 모두 웃었다.', ['그는 "좋다. 해보자"고 답했다.', "모두 웃었다."]),
    ("정부는 ‘안전 우선. 속도는 그다음’이라는 원칙을 세웠다. 반발도 있다.",
     ["정부는 ‘안전 우선. 속도는 그다음’이라는 원칙을 세웠다.", "반발도 있다."]),
    ("(서울=뉴스) 김철수 기자 = 비가 내렸다. 기온은 낮았다.", ["(서울=뉴스) 김철수 기자 = 비가 내렸다.", "기온은 낮았다."]),
    ("공급이 늘었다(그래프 참조. 단위는 만 가구). 가격은 내렸다.",
     ["공급이 늘었다(그래프 참조. 단위는 만 가구).", "가격은 내렸다."]),
    ("《나의 아저씨. 두 번째 이야기》가 나왔다. 반응은 좋다.", ["《나의 아저씨. 두 번째 이야기》가 나왔다.", "반응은 좋다."]),
    # ellipses trail off, inside quotes and out
    ("그는… 말을 잇지 못했다. 침묵이 흘렀다.", ["그는… 말을 잇지 못했다.", "침묵이 흘렀다."]),
    ("“글쎄요… 두고 봐야죠” 그가 말했다.", ["“글쎄요… 두고 봐야죠” 그가 말했다."]),
    ("기다렸다... 그리고 또 기다렸다. 결국 왔다.", ["기다렸다... 그리고 또 기다렸다.", "결국 왔다."]),
    # Latin abbreviations and initials
    ("Mr. Smith는 U.S. 대사관을 찾았다. 면담은 길었다.", ["Mr. Smith는 U.S. 대사관을 찾았다.", "면담은 길었다."]),
    ("J. K. 롤링의 신작이 나왔다. 팬들이 몰렸다.", ["J. K. 롤링의 신작이 나왔다.", "팬들이 몰렸다."]),
    ("삼성 vs. 애플 소송이 끝났다. 배상액은 컸다.", ["삼성 vs. 애플 소송이 끝났다.", "배상액은 컸다."]),
    ("회사는 AI 투자를 늘렸다. 연구진도 뽑는다.", ["회사는 AI 투자를 늘렸다.", "연구진도 뽑는다."]),
    ("그는 don't worry라고 썼다. 웃음이 났다.", ["그는 don't worry라고 썼다.", "웃음이 났다."]),
    # addresses, URLs and times carry dots without spaces
    ("자세한 내용은 www.example.kr에서 볼 수 있다. 문의도 받는다.", ["자세한 내용은 www.example.kr에서 볼 수 있다.", "문의도 받는다."]),
    # whitespace: line breaks and runs of spaces collapse
    ("첫 문장이다.\n\n둘째 문장이다.   셋째다.", ["첫 문장이다.", "둘째 문장이다.", "셋째다."]),
    ("   ", []),
    ("", []),
    # a stray quote holds nothing
    ('그는 "이상하다고 말했다. 다음 문장이다.', ['그는 "이상하다고 말했다.', "다음 문장이다."]),
    # full-width marks
    ("끝났습니까？ 네。 끝났습니다！", ["끝났습니까？", "네。", "끝났습니다！"]),
]  # fmt: skip


@pytest.mark.parametrize("text, sentences", SENTENCES, ids=range(len(SENTENCES)))
def test_sentences(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize("text, _sentences", SENTENCES, ids=range(len(SENTENCES)))
def test_joined_sentences_are_the_text(text, _sentences):
    assert " ".join(split_sentences(text)) == " ".join(text.split())


ALPHABET = "가나다라까요 .?!…\"'“”‘’()[]《》0123456789.ABCmr\n"


def test_any_text_is_split_whole_and_in_linear_time():
    rng = random.Random(13)
    for _ in range(200):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 300)))
        sentences = split_sentences(text)
        assert " ".join(sentences) == " ".join(text.split())
        assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    small = "".join(rng.choice(ALPHABET) for _ in range(20_000))
    small_s = _best_time(small)
    big_s = _best_time(small * 20)
    assert big_s < 5.0  # 400,000 characters; a long article has 10,000
    assert big_s < 60 * small_s  # 20 times the text, 20 times the work (not 400 times)


def _best_time(text: str, runs: int = 3) -> float:
    """The fastest of a few runs in CPU time: the machine is shared, and only our own work should count."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        split_sentences(text)
        best = min(best, time.process_time() - started)
    return best


SAID = [
    # (display, [(display sentence, spoken sentence)]): what the voice says, sentence by sentence
    ("▲▲▲. 첫 문장이다. ◆◆. 둘째 문장이다.", [("▲▲▲. 첫 문장이다. ◆◆.", "첫 문장이다."), ("둘째 문장이다.", "둘째 문장이다.")]),
    ("CEO 4명이 모였다! ※.", [("CEO 4명이 모였다! ※.", "씨이오 네 명이 모였다!")]),
    ("▲ ◆ ※.", []),
    ("정말요? 네.", [("정말요?", "정말요?"), ("네.", "네.")]),
]  # fmt: skip


@pytest.mark.parametrize("display, said", SAID, ids=range(len(SAID)))
def test_each_sentence_is_spoken_on_its_own_and_symbols_join_a_neighbour(display, said):
    sentences = spoken_sentences(display)
    assert [(sentence.display, sentence.spoken) for sentence in sentences] == said
    if sentences:
        assert " ".join(sentence.display for sentence in sentences) == " ".join(display.split())

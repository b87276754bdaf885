"""Each normalizing step alone, by a table of text in and text out (as gTTS tests its pre-processors)."""

import pytest
from num2words import num2words

from a11y.speech import DEFAULT_STEPS, Lexicon, normalize, with_lexicon
from a11y.speech import letter_steps as letters
from a11y.speech import number_steps as counting
from a11y.speech import numbers
from a11y.speech import text_steps as marks
from a11y.speech.particles import fit_particle

STEP_TABLES = [
    (marks.unify_characters, "ＣＥＯ １２명", "CEO 12명"),
    (marks.unify_characters, "−2.1%\u00a0하락", "-2.1% 하락"),
    (marks.unify_characters, "10∼20명, X‧옛 트위터", "10~20명, X·옛 트위터"),
    (marks.drop_copyright, "있다. <저작권자 ⓒ 1980-2024 ㈜연합뉴스. 무단 전재 재배포 금지>", "있다.  "),
    (marks.drop_copyright, "지원 연설을 하고 있다. ⓒ 이투데이 무단전재", "지원 연설을 하고 있다. "),
    (marks.drop_copyright, "첫 줄\n© 2024 Reuters\n셋째 줄", "첫 줄\n\n셋째 줄"),
    (marks.drop_copyright, "저작권 분쟁이 법정으로 갔다.", "저작권 분쟁이 법정으로 갔다."),
    (marks.drop_photo_metadata, "연합뉴스 REUTERS/Carlos Barria/File Photo/2024-10-31 08:06:42/", "연합뉴스  "),
    (marks.drop_photo_metadata, "로이터/AP 통신은 전했다", "로이터/AP 통신은 전했다"),
    (marks.drop_bullets, "▲미국 대통령", " 미국 대통령"),
    (marks.drop_bullets, "종목은 ▲삼성전자 ▲LG전자다", "종목은 삼성전자, LG전자다"),
    (marks.drop_bullets, "※ 24시간 기준", " 24시간 기준"),
    (marks.drop_bullets, "■ 첫째\n■ 둘째", " 첫째\n 둘째"),
    (marks.expand_symbols, "㈜연합뉴스", " 주식회사 연합뉴스"),
    (marks.expand_symbols, "(주)한화와 ㈔한국기자협회", " 주식회사 한화와  사단법인 한국기자협회"),
    (marks.read_middle_dots, "한·미·일 공조", "한미일 공조"),
    (marks.read_middle_dots, "엑스·옛 트위터", "엑스, 옛 트위터"),
    (marks.read_middle_dots, "중·저신용자", "중저신용자"),
    (marks.read_middle_dots, "고용·노동 정책", "고용, 노동 정책"),
    (marks.read_ellipses, "실패...결국 종료", "실패, 결국 종료"),
    (marks.read_ellipses, "지지?...엑스", "지지? 엑스"),
    (marks.read_ellipses, "그런데…", "그런데."),
    (marks.read_ellipses, "…그리고", "그리고"),
    (marks.drop_repeated_glosses, "엑스(엑스, 옛 트위터)", "엑스(옛 트위터)"),
    (marks.drop_repeated_glosses, "테슬라(테슬라)의", "테슬라의"),
    (marks.drop_repeated_glosses, "인공지능(에이아이)", "인공지능(에이아이)"),
    (marks.drop_brackets_and_quotes, "최고경영자(씨이오) 일론", "최고경영자 씨이오  일론"),
    (marks.drop_brackets_and_quotes, "우리(트럼프 전 대통령)이", "우리 트럼프 전 대통령이"),
    (marks.drop_brackets_and_quotes, "“이긴다”라고", " 이긴다라고"),
    (marks.drop_brackets_and_quotes, "[속보]삼성", " 속보 삼성"),
    (marks.drop_brackets_and_quotes, '그는 "좋다"고', "그는  좋다고"),
    (marks.read_separators, "펜실베이니아/로이터", "펜실베이니아, 로이터"),
    (marks.read_separators, "K-팝", "K팝"),
    (marks.read_separators, "말했다 — 다음", "말했다, 다음"),
    (marks.read_separators, "일+일", "일 플러스 일"),
    (marks.read_separators, "주제: 경제", "주제, 경제"),
    (marks.tidy, "  가  나 ,  다 . ", "가 나, 다."),
    (marks.tidy, ", 시작,, 끝., 다음", "시작, 끝. 다음"),
    (marks.tidy, "줄\n바꿈", "줄 바꿈"),
    (counting.read_phone_numbers, "02-123-4567", "공이, 일이삼, 사오육칠"),
    (counting.read_phone_numbers, "1588-1234로", "일오팔팔, 일이삼사로"),
    (counting.read_phone_numbers, "112에 신고", "일일이에 신고"),
    (counting.read_phone_numbers, "112명", "112명"),
    (counting.read_dates, "2024-11-05", "이천이십사 년 십일월 오 일"),
    (counting.read_dates, "2024.06.10", "이천이십사 년 유월 십 일"),
    (counting.read_dates, "2024.13.05", "2024.13.05"),
    (counting.read_dates, "11.13 장종료", "십일월 십삼 일 장종료"),
    (counting.read_dates, "지수는 11.13 올랐다", "지수는 11.13 올랐다"),
    (counting.read_dates, "5일(금)", "5일 금요일"),
    (counting.read_clock_times, "16:19", "열여섯 시 십구 분"),
    (counting.read_clock_times, "08:06:42", "여덟 시 육 분 사십이 초"),
    (counting.read_clock_times, "00:30", "영 시 삼십 분"),
    (counting.read_scores, "3대1", "삼 대 일"),
    (counting.read_scores, "20대 3명", "20대 3명"),
    (counting.read_hyphenated_numbers, "2-1로 이겼다", "이 대 일로 이겼다"),
    (counting.read_hyphenated_numbers, "3-0 완승", "삼 대 영 완승"),
    (counting.read_hyphenated_numbers, "1234-5번지", "1234의 5번지"),
    (counting.read_hyphenated_numbers, "2022-2023 시즌", "2022~2023 시즌"),
    (counting.read_hyphenated_numbers, "933 -2.1%", "933 -2.1%"),
    (counting.read_dotted_numbers, "5·18", "오일팔"),
    (counting.read_dotted_numbers, "4·19 혁명", "사일구 혁명"),
    (counting.read_fractions, "3분의 1", "삼분의 일"),
    (counting.read_fractions, "2/3", "삼분의 이"),
    (counting.read_fractions, "1/4분기", "일사분기"),
    (counting.read_ranges, "10~20명", "10명에서 20명"),
    (counting.read_ranges, "$10~20", "$10에서 $20"),
    (counting.read_ranges, "서울~부산", "서울에서 부산"),
    (counting.read_ranges, "10일~", "10일 "),
    (counting.read_numbers, "4명", "네 명"),
    (counting.read_numbers, "4일", "사 일"),
    (counting.read_numbers, "8시", "여덟 시"),
    (counting.read_numbers, "124,476,000원", "일억 이천사백사십칠만 육천 원"),
    (counting.read_numbers, "1만", "만"),
    (counting.read_numbers, "1억", "일억"),
    (counting.read_numbers, "$100", "백 달러"),
    (counting.read_numbers, "3조5000억원", "삼조 오천억 원"),
    (counting.read_numbers, "-1.54%", "마이너스 일 점 오사 퍼센트"),
    (counting.read_numbers, "+4.15%", "플러스 사 점 일오 퍼센트"),
    (counting.read_numbers, "A-1", "A-일"),
    (counting.read_numbers, "2배", "두 배"),
    (counting.read_numbers, "6월", "유월"),
    (counting.read_numbers, "10월", "시월"),
    (counting.read_numbers, "2024", "이천이십사"),
    (counting.read_numbers, "100명", "백 명"),
    (counting.read_numbers, "1번째", "첫 번째"),
    (counting.read_numbers, "3 개혁", "삼 개혁"),
    (counting.read_numbers, "₩1000을", "천 원을"),
    (counting.read_numbers, "$5로", "오 달러로"),
    (letters.read_quarters_and_halves, "1Q 실적", "1분기 실적"),
    (letters.read_quarters_and_halves, "4Q23 영업이익", "23년 4분기 영업이익"),
    (letters.read_quarters_and_halves, "2Q'24", "24년 2분기"),
    (letters.read_quarters_and_halves, "1H 매출과 2H2025 전망", "상반기 매출과 2025년 하반기 전망"),
    (letters.read_quarters_and_halves, "3H 팀", "3H 팀"),
    (letters.read_quarters_and_halves, "A1Q 모델", "A1Q 모델"),
    (letters.read_quarters_and_halves, "5Q", "5Q"),
    (letters.read_quarters_and_halves, "1QX", "1QX"),
    (letters.spell_acronyms, "CEO", "씨이오"),
    (letters.spell_acronyms, "CNN방송", "씨엔엔방송"),
    (letters.spell_acronyms, "X에서", "엑스에서"),
    (letters.spell_acronyms, "AT&T", "에이티앤티"),
    (letters.spell_acronyms, "U.N. 총회", "유엔 총회"),
    (letters.spell_acronyms, "Carlos Barria", "Carlos Barria"),
    (letters.spell_acronyms, "CEOs", "CEOs"),
]


@pytest.mark.parametrize("step, written, result", STEP_TABLES, ids=lambda value: getattr(value, "__name__", None))
def test_step(step, written, result):
    assert step(written) == result


@pytest.mark.parametrize(
    "number, said",
    [(1, "한"), (2, "두"), (3, "세"), (4, "네"), (10, "열"), (11, "열한"), (20, "스무"), (21, "스물한"),
     (30, "서른"), (45, "마흔다섯"), (50, "쉰"), (68, "예순여덟"), (70, "일흔"), (88, "여든여덟"), (99, "아흔아홉")],
)  # fmt: skip
def test_native_numbers_take_the_bound_form(number, said):
    assert numbers.native(number) == said


@pytest.mark.parametrize("number", [0, 100, -1])
def test_native_numbers_stop_at_ninety_nine(number):
    with pytest.raises(ValueError, match="1 to 99"):
        numbers.native(number)


def test_twentieth_is_ours_because_num2words_says_it_wrong():
    assert num2words(20, lang="ko", to="ordinal") == "스물 번째"  # what we do not use
    assert numbers.native_ordinal(20) + " 번째" == "스무 번째"
    assert numbers.native_ordinal(1) == "첫"


@pytest.mark.parametrize(
    "number, said",
    [(0, "영"), (10, "십"), (100, "백"), (1000, "천"), (10000, "만"), (11000, "만 천"), (100010000, "일억 만"),
     (124476000, "일억 이천사백사십칠만 육천"), (3500000000000, "삼조 오천억")],
)  # fmt: skip
def test_sino_numbers_group_by_ten_thousand(number, said):
    assert numbers.sino(number) == said


@pytest.mark.parametrize("month, said", [(1, "일월"), (6, "유월"), (10, "시월"), (11, "십일월"), (13, "십삼월")])
def test_months(month, said):
    assert numbers.month(month) == said


@pytest.mark.parametrize("written, said", [("1.54", "일 점 오사"), ("0.05", "영 점 영오"), ("1,234", "천이백삼십사")])
def test_decimals_read_their_fraction_digit_by_digit(written, said):
    assert numbers.decimal(written) == said


@pytest.mark.parametrize(
    "word, particle, fitted",
    [("달러", "을", "를"), ("원", "를", "을"), ("연준", "는", "은"), ("엑스", "과", "와"), ("원", "로", "으로"),
     ("서울", "으로", "로"), ("달러", "의", "의")],
)  # fmt: skip
def test_particles_follow_the_sound_before_them(word, particle, fitted):
    assert fit_particle(word, particle) == fitted


def test_normalize_applies_exactly_the_steps_given():
    assert normalize("CEO 4명", steps=()) == "CEO 4명"
    assert normalize("CEO 4명", steps=(letters.spell_acronyms,)) == "씨이오 4명"
    assert normalize("CEO 4명") == "씨이오 네 명"


def test_the_lexicon_runs_before_digits_and_letters_are_read():
    steps = with_lexicon(Lexicon({"G7": "지세븐", "CEO": "최고경영자"}))
    assert len(steps) == len(DEFAULT_STEPS) + 1
    assert normalize("G7 정상들과 CEO 4명", steps) == "지세븐 정상들과 최고경영자 네 명"
    assert normalize("G7 정상들과 CEO 4명") == "지세븐 정상들과 씨이오 네 명"

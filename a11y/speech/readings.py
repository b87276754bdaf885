"""How things are read aloud: tables only, no logic. The steps in `steps.py` consult them.

Each table maps what is written to what a Korean news anchor says. Keep entries sorted by kind;
add a word here rather than a special case in a step.
"""

# --- Numbers -----------------------------------------------------------------------------------

SINO_DIGITS = "영일이삼사오육칠팔구"  # index = digit; decimals are read digit by digit
PHONE_DIGITS = "공일이삼사오육칠팔구"  # a zero in a phone number is 공

# Native Korean numbers in the bound form a counter takes (한 명, not 하나 명).
NATIVE_BOUND_ONES = ("", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉")
NATIVE_TENS = ("", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔")
NATIVE_TWENTY_BOUND = "스무"  # exactly twenty before a counter: 스무 살, but 스물한 살
NATIVE_MAX = 99  # past this, counters that take native numbers are read in Sino-Korean
FIRST_ORDINAL = "첫"  # 1번째 is 첫 번째

# Months have their own words; 6 and 10 drop a consonant (유월, 시월).
MONTHS = ("", "일월", "이월", "삼월", "사월", "오월", "유월", "칠월", "팔월", "구월", "시월", "십일월", "십이월")

# Korean groups digits by four: 만 (10^4), 억 (10^8), 조 (10^12); 천 also follows digits (3천만).
LARGE_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 10**3}

MINUS = "마이너스"
PLUS = "플러스"
DECIMAL_POINT = "점"
APPROXIMATELY = "여"  # 100여 명: some hundred people

# --- Counters ----------------------------------------------------------------------------------
# A counter is the word right after a number. Native counters take 한/두/세…; Sino ones 일/이/삼….
# Longer counters win over their prefixes (시간 before 시, 개월 before 개, 분기 before 분).

NATIVE_COUNTERS = (
    "명", "사람", "개", "시", "시간", "살", "마리", "번", "번째", "가지", "권", "대", "잔", "곳",
    "차례", "군데", "척", "벌", "달", "켤레", "그루", "송이", "채", "장", "통", "자루", "병", "배",
    "건", "곡", "편", "골", "경기", "표", "쌍", "끼", "방", "판", "줄", "알", "가구",
)  # fmt: skip

SINO_COUNTERS = (
    "분", "분기", "초", "년", "년대", "년간", "일", "일간", "원", "층", "호", "호선", "회", "위",
    "세", "주", "주년", "주간", "개월", "개국", "차", "선", "점", "승", "패", "무", "포인트", "배럴",
    "톤", "평", "쪽", "학년", "기", "도", "달러", "유로", "엔", "위안", "파운드", "퍼센트", "퍼센트포인트",
    "킬로미터", "미터", "센티미터", "킬로그램", "그램", "리터", "번지", "동",
    "부", "강", "라운드", "이닝", "타수", "홈런", "안타",
)  # fmt: skip

MONTH_COUNTER = "월"

# Written units that follow a number without a space; read as these words.
UNIT_WORDS = {
    "%p": "퍼센트포인트", "%포인트": "퍼센트포인트", "%": "퍼센트",
    "km²": "제곱킬로미터", "㎢": "제곱킬로미터", "m²": "제곱미터", "㎡": "제곱미터", "㎥": "세제곱미터",
    "km": "킬로미터", "㎞": "킬로미터", "cm": "센티미터", "㎝": "센티미터", "mm": "밀리미터",
    "㎜": "밀리미터", "nm": "나노미터", "m": "미터", "kg": "킬로그램", "㎏": "킬로그램",
    "mg": "밀리그램", "g": "그램", "t": "톤", "mL": "밀리리터", "ml": "밀리리터", "L": "리터",
    "ℓ": "리터", "GB": "기가바이트", "TB": "테라바이트", "MB": "메가바이트", "GW": "기가와트",
    "MW": "메가와트", "kW": "킬로와트", "kWh": "킬로와트시", "GWh": "기가와트시", "Hz": "헤르츠",
    "GHz": "기가헤르츠", "km/h": "킬로미터", "mAh": "밀리암페어시", "℃": "도", "°C": "도", "°": "도", "bp": "베이시스포인트",
}  # fmt: skip

# Currency signs written before the amount ($100), read after it (백 달러).
CURRENCY_SIGNS = {"US$": "달러", "$": "달러", "€": "유로", "£": "파운드", "¥": "엔", "₩": "원"}

# Units a number may be separated from by a space (10억 달러, 5 km) and still be read as its unit.
SPACED_UNITS = ("달러", "원", "유로", "엔", "위안", "파운드", "퍼센트", "%")

# 번 counts occurrences (두 번) but numbers things before these words (이 번 출구).
DESIGNATED_BY_NUMBER = ("출구", "타자", "국도", "버스", "게이트", "채널", "트랙", "홀", "선수")

# 대 after a multiple of ten is an age group (20대 남성: 이십 대); before a bare noun it ranks
# (3대 은행: 삼 대). Only before a particle does it count machines (차 2대가: 두 대가).
PARTICLES_AFTER_COUNT = ("가", "를", "의", "씩", "와", "는", "도", "만", "나", "에", "이상", "가량", "정도", "까지", "로")

# Two numbers joined by a hyphen are a score before these words (2-1로 이겼다, 3-0 승리) and a lot
# or unit number before these (1234-5번지, 101-1502호); otherwise a range (2022-2023 시즌).
SCORE_CUE_WORDS = ("승리", "승", "패배", "패", "완승", "완패", "역전", "이겼", "졌", "꺾")
LOT_NUMBER_WORDS = ("번지", "호")

# A weekday written in brackets after a date: 11.14(목) is 십일월 십사 일 목요일.
WEEKDAYS = {"월": "월요일", "화": "화요일", "수": "수요일", "목": "목요일", "금": "금요일", "토": "토요일", "일": "일요일"}

# Particles written for the sound before them; when a currency sign moves after the number
# ($500억을 → 오백억 달러), the particle must suit the new last syllable: (after a vowel, after a consonant).
PARTICLE_PAIRS = (("를", "을"), ("는", "은"), ("와", "과"), ("로", "으로"))

# A "month.day" like 11.13 is a date, not a decimal, before these words (market tickers).
DATE_CUE_WORDS = ("장종료", "장 종료", "장마감", "장 마감", "기준", "현재", "종가", "개장", "발표", "오전", "오후")

# --- Letters -----------------------------------------------------------------------------------

LETTER_NAMES = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지", "H": "에이치",
    "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔", "O": "오", "P": "피",
    "Q": "큐", "R": "알", "S": "에스", "T": "티", "U": "유", "V": "브이", "W": "더블유", "X": "엑스",
    "Y": "와이", "Z": "제트",
}  # fmt: skip
AMPERSAND = "앤"  # R&D 알앤디, M&A 엠앤에이

# --- Symbols -----------------------------------------------------------------------------------

# Markers that structure a printed page and mean nothing to a listener.
BULLETS = "▲△▼▽■□●○◆◇▶▷◀◁★☆※•◎☞➤"

# Symbols that stand for words.
SYMBOL_WORDS = {
    "㈜": "주식회사", "(주)": "주식회사", "㈔": "사단법인", "(사)": "사단법인", "㈐": "재단법인",
    "(재)": "재단법인", "№": "번호",
}  # fmt: skip

# Marks that set off a word (quotes, brackets). Dropped, never joining the words they separated.
OPENERS = "([{<“‘「『《〈【〔«"
CLOSERS = ")]}>”’」』》〉】〕»"
# Hangul right after one of these is a particle of the word inside ('…”라고', '…)이'); square
# brackets hold tags ('[속보]삼성전자'), so what follows them is a new word.
CLOSERS_BEFORE_PARTICLES = ")}>”’」』》〉»"

MIDDLE_DOTS = "·‧・･∙"  # all become · before the steps that read them
ELLIPSES = ("…", "⋯", "...")
DASHES = "—–―"
# A line from one of these on is a copyright notice. ('저작권' alone may be the news itself.)
COPYRIGHT_MARKS = ("ⓒ", "©", "무단 전재", "무단전재")

# Characters written many ways; each becomes the plain one the steps look for. (Full-width
# ASCII such as ＣＥＯ or １２ is mapped to plain ASCII by the step itself.)
UNIFORM_CHARACTERS = {
    "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ", "\u200b": "", "\ufeff": "",
    "−": "-", "‐": "-", "‑": "-", "∼": "~", "〜": "~", "″": '"', "˝": '"', "′": "'",
    "‧": "·", "・": "·", "･": "·", "∙": "·",
}  # fmt: skip

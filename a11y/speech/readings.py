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
# 월 after these is a number of months, not a month's name (징역 6월 육 월, 징역 1년 6월).
MONTHS_COUNTED_AFTER = ("징역", "금고", "집행유예", "유예", "자격정지", "구형")

# A counter that takes native numbers only after these nouns (창고 3동 세 동, but 101동 백일 동; 어르신
# 3분 세 분, but 3분 삼 분 as minutes).
COUNTS_AFTER_NOUNS = {
    "동": ("창고", "건물", "주택", "축사", "공장", "비닐하우스", "막사", "가옥", "빌라", "동물사", "숙소"),
    "분": ("어르신", "손님", "고객", "선생님", "할머니", "할아버지", "어른", "환자", "유족", "참석자", "독자", "시청자"),
}  # fmt: skip
# Fractions written as one character.
VULGAR_FRACTIONS = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅛": (1, 8)}
# Notes in brackets after a name that are not read: 이재명(사진) 대표, 김 씨(왼쪽).
PHOTO_NOTES = ("사진", "왼쪽", "오른쪽", "가운데", "앞줄", "뒷줄", "사진 왼쪽", "사진 오른쪽", "사진 가운데")
# Hanja surnames that are read as the surname before a title (金 여사 김 여사) and otherwise by
# their dictionary reading (金값 금값).
SURNAME_HANJA = {"金": "김"}
TITLES_AFTER_SURNAMES = ("여사", "대표", "의원", "전", "대통령", "총리", "장관", "위원장", "지사", "시장", "씨", "회장", "前")

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
SCORE_CUE_WORDS = (
    "승리", "승", "패배", "패", "완승", "완패", "역전", "이겼", "졌", "꺾", "무승부", "비겼", "동점", "리드",
    "앞서", "뒤지", "뒤진", "끝났", "마무리", "종료", "스코어", "대승", "신승", "석패", "눌렀", "제압", "격파",
)  # fmt: skip
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
    "‧": "·", "・": "·", "･": "·", "∙": "·", "ㆍ": "·", "ᆞ": "·", "⋅": "·",
}  # fmt: skip

# --- Issue 12: more of what news pages print -----------------------------------------------------

# Counters that take native numbers, from the grammar (표준국어대사전's 단위 명사 read with 고유어
# 수사), beyond the common ones above. 분 (person) and 점 (artworks) are left out: as minutes and
# points they are Sino, and that is what news means by them.
MORE_NATIVE_COUNTERS = (
    "개비", "꾸러미", "다발", "포기", "톨", "닢", "모금", "숟가락", "그릇", "접시", "봉지", "상자",
    "바구니", "포대", "가마", "필", "첩", "칸", "걸음", "바퀴", "가닥", "마디", "덩이", "덩어리", "조각",
    "토막", "짝", "컵", "캔", "팩", "봉", "갑", "사발", "바가지", "대접", "술", "해", "밤", "주먹",
    "움큼", "아름", "뼘", "발짝", "발자국", "자리", "사람씩", "명씩", "개씩", "쪽지", "폭", "타래",
    "송이", "포", "수", "마지기", "되", "말", "섬", "홉", "근", "돈", "냥", "손", "장씩", "군데씩",
    "채씩", "군", "판씩", "코스", "잔씩", "발", "모", "벌씩", "통씩", "그루씩", "명분",
)  # fmt: skip

# Words before a number that make it a name, not a count: read Sino (기호 일 번, 등번호 십 번).
# Each word names the counters it makes Sino ('*': any): 주 52시간 is a rule, 주 3번 a count.
_NAMING_번 = ("번",)
SINO_AFTER_WORDS = {
    "기호": _NAMING_번, "등번호": _NAMING_번, "백넘버": _NAMING_번, "번호": _NAMING_번, "넘버": _NAMING_번,
    "순번": _NAMING_번, "출구": _NAMING_번, "게이트": _NAMING_번, "플랫폼": _NAMING_번, "레인": _NAMING_번,
    "채널": _NAMING_번, "국도": _NAMING_번, "노선": _NAMING_번, "좌석": _NAMING_번, "주": ("시간",),
    "제": ("*",),
}  # fmt: skip
# Words after a count that make it a fixed Sino term (일 인당, 일 가구 일 주택, 이십사 시간 영업).
SINO_BEFORE_WORDS = (
    "영업", "운영", "개방", "체제", "돌봄", "감시", "상황실", "콜센터", "편의점", "진료", "응급",
    "근무제", "근로", "노동", "출구", "버스", "번지", "타자", "국도", "게이트", "채널", "트랙", "홀",
    "선수", "라인", "주택", "비상",
)  # fmt: skip
# Counters whose count reads Sino in fixed terms, whatever the count: 1인 가구, 1가구 1주택.
SINO_ONLY_COUNTERS = ("인", "인당", "가구당", "주택", "세대", "호실", "연승", "연패", "연속")

# 대 counts machines after these nouns even on a multiple of ten (차량 10대가: 열 대가).
MACHINE_NOUNS = (
    "차", "차량", "버스", "트럭", "택시", "승용차", "전투기", "항공기", "비행기", "헬기", "드론",
    "기기", "컴퓨터", "로봇", "탱크", "전차", "자전거", "오토바이", "열차", "선박", "장비", "카메라",
    "스마트폰", "휴대폰", "노트북", "서버", "대수", "전기차", "수소차", "자동차", "기계", "설비",
    "미사일", "발사대", "장갑차", "굴착기", "소방차", "구급차", "순찰차", "경찰차", "견인차", "기차",
)  # fmt: skip

# ... and before these verbs (F-35A 20대를 추가 도입: 스무 대를).
MACHINE_VERBS = ("도입", "배치", "구매", "구입", "계약", "생산", "판매", "수출", "투입", "출동", "운용", "보유", "확보", "발주", "인도", "납품", "팔렸", "팔린", "출고")

# Two-digit numbers read digit by digit before these words: 86세대 팔육 세대, 97학번 구칠 학번.
DIGIT_BY_DIGIT_BEFORE = ("세대", "학번", "올림픽", "월드컵", "아시안게임", "엑스포", "빌딩")

# Numbers that services answer on, read digit by digit where a cue says it is the service.
SERVICE_NUMBERS = (
    "110", "111", "112", "113", "114", "117", "118", "119", "120", "121", "122", "123", "125", "126",
    "127", "128", "129", "131", "132", "182", "1301", "1330", "1333", "1339", "1345", "1350",
    "1366", "1388", "1393", "1577", "1588", "1599", "1644", "1661", "1670", "1688", "1899", "109",
    "1332", "1355", "1357", "1372", "1382", "1399", "1398", "1588", "1600", "1811",
)  # fmt: skip
SERVICE_CUES = (
    "신고", "구급", "구조", "상황실", "대원", "센터", "콜센터", "전화", "문자", "상담", "민원", "안내",
    "긴급", "종합", "통합", "출동", "번으로", "번에", "번", "에 신고", "로 신고", "으로 신고", "에 전화",
    "로 전화", "으로 전화", "에 문의", "로 문의",
)  # fmt: skip

# Signs before a number, by what kind of thing the number is: (rise, fall) words.
# Words before a service number that say it is one: 여성긴급전화 1366, 콜센터 1339, 금융감독원 1332.
SERVICE_CUES_BEFORE = ("전화", "콜센터", "센터", "상담", "민원", "안내", "신고", "번호", "핫라인", "헬프라인", "금융감독원", "감독원")

SIGN_WORDS = {"▲": "up", "△": "up", "↑": "up", "⬆": "up", "▼": "down", "▽": "down", "↓": "down", "⬇": "down"}
RISE_FALL = ("상승", "하락")  # prices, indexes, rates, temperatures
MORE_LESS = ("증가", "감소")  # counts of people, cases, things
COUNTED_UNITS = ("명", "건", "개", "곳", "가구", "대", "회", "개소", "채", "마리", "척", "표", "석")
PLUS_MINUS = "플러스마이너스"
# Nouns whose figures go up and down in number or amount (수출 5.1%↑: 증가); other figures rise and fall.
MORE_LESS_NOUNS = (
    "수출", "수입", "매출", "생산", "판매", "대출", "잔액", "인구", "출생", "사망", "취업", "고용", "이익",
    "거래량", "소비", "투자", "환자", "확진", "건수", "부채", "예금", "적자", "흑자", "발생", "관광객", "방문객",
    "가입자", "이용자", "신청", "접수", "물량", "재고", "실업자", "출생아", "사망자", "수", "규모",
)  # fmt: skip
# Words that already say which way a figure went: the sign before it is then silent (▼6% 급락).
DIRECTION_WORDS = (
    "상승", "하락", "증가", "감소", "급등", "급락", "올랐", "오른", "올라", "오르", "내렸", "내린", "내려", "내리",
    "떨어", "뛰었", "뛴", "늘었", "늘어", "늘", "줄었", "줄어", "줄", "높", "낮", "반등", "하회", "상회", "약세",
    "강세", "순매수", "순매도", "빠졌", "빠진", "밀렸", "밀린", "치솟", "곤두박질", "폭락", "폭등", "확대", "축소",
)  # fmt: skip
# Arrows after a figure or a word (수출 5.1%↑, 투표율 ↑) say the way it went.
ARROWS_AFTER = {"↑": "up", "↓": "down", "⬆": "up", "⬇": "down"}
BELOW_ZERO = "영하"  # -3℃ is 영하 삼 도
DEGREE_UNITS = ("℃", "°C", "도", "°")

# Units a news page prints after a number, each read as a word. Longer written forms win.
MORE_UNIT_WORDS = {
    # mass
    "μg": "마이크로그램", "㎍": "마이크로그램", "ug": "마이크로그램", "㎎": "밀리그램", "kt": "킬로톤",
    "Mt": "메가톤", "lb": "파운드", "lbs": "파운드", "oz": "온스", "ct": "캐럿",
    # volume
    "㎖": "밀리리터", "㎗": "데시리터", "dL": "데시리터", "dl": "데시리터", "㎘": "킬로리터", "kL": "킬로리터",
    "cc": "시시", "㏄": "시시", "㎤": "세제곱센티미터", "cm³": "세제곱센티미터", "m³": "세제곱미터",
    "gal": "갤런", "bbl": "배럴",
    # area
    "㎠": "제곱센티미터", "cm²": "제곱센티미터", "ha": "헥타르", "㏊": "헥타르", "㎟": "제곱밀리미터",
    # length
    "㎛": "마이크로미터", "μm": "마이크로미터", "um": "마이크로미터", "㎚": "나노미터",
    "ft": "피트", "yd": "야드", "Å": "옹스트롬",
    # concentration
    "ppm": "피피엠", "ppb": "피피비", "‰": "퍼밀", "mmol": "밀리몰", "㏖": "몰", "mol": "몰",
    # energy, power, electricity
    "kcal": "킬로칼로리", "㎉": "킬로칼로리", "cal": "칼로리", "kJ": "킬로줄", "MJ": "메가줄",
    "Wh": "와트시", "MWh": "메가와트시", "TWh": "테라와트시", "kWh": "킬로와트시", "㎾": "킬로와트",
    "㎿": "메가와트", "TW": "테라와트", "W": "와트", "kV": "킬로볼트", "㎸": "킬로볼트", "V": "볼트",
    "mA": "밀리암페어", "㎃": "밀리암페어", "toe": "석유환산톤", "TOE": "석유환산톤",
    "mSv": "밀리시버트", "μSv": "마이크로시버트", "Sv": "시버트", "Bq": "베크렐", "mGy": "밀리그레이",
    # pressure, loudness, frequency
    "hPa": "헥토파스칼", "㍱": "헥토파스칼", "kPa": "킬로파스칼", "㎪": "킬로파스칼", "MPa": "메가파스칼",
    "㎫": "메가파스칼", "Pa": "파스칼", "atm": "기압", "dB": "데시벨", "㏈": "데시벨", "kHz": "킬로헤르츠",
    "㎑": "킬로헤르츠", "MHz": "메가헤르츠", "㎒": "메가헤르츠", "㎓": "기가헤르츠", "THz": "테라헤르츠",
    # data
    "KB": "킬로바이트", "kB": "킬로바이트", "PB": "페타바이트", "EB": "엑사바이트",
    "bps": "베이시스포인트", "kbps": "킬로비피에스", "Kbps": "킬로비피에스", "Mbps": "메가비피에스",
    "Gbps": "기가비피에스", "Tbps": "테라비피에스", "GiB": "기비바이트", "TFLOPS": "테라플롭스",
    "TOPS": "톱스", "nit": "니트", "nits": "니트", "fps": "프레임", "Hz": "헤르츠",
    # time, speed, temperature
    "ms": "밀리초", "㎳": "밀리초", "μs": "마이크로초", "ns": "나노초", "sec": "초", "min": "분",
    "hr": "시간", "h": "시간", "℉": "화씨 도", "°F": "화씨 도", "kn": "노트", "knot": "노트",
    "mph": "마일", "kph": "킬로미터", "㎞/h": "킬로미터",
    # points
    "%P": "퍼센트포인트", "%pt": "퍼센트포인트", "%pts": "퍼센트포인트", "pp": "퍼센트포인트", "pts": "포인트", "%포인트": "퍼센트포인트", "pt": "포인트", "p": "포인트",
    "bp": "베이시스포인트",
    # vehicles and chips
    "mAh": "밀리암페어시", "Ah": "암페어시", "MP": "메가픽셀", "mp": "메가픽셀",
    "inch": "인치", "t": "톤", "psi": "피에스아이",
}  # fmt: skip

# Speeds written with a slash are read with the word for their time: 시속 백 킬로미터.
SPEED_PREFIXES = {"h": "시속", "hr": "시속", "시": "시속", "s": "초속", "sec": "초속", "초": "초속", "min": "분속", "분": "분속"}
# A compound unit 'A/B' is 'B당 A': ㎍/㎥ 세제곱미터당 마이크로그램, 원/kg 킬로그램당 원.
PER = "당"

# Words of vague quantity a unit may follow: 수십㎞ 수십 킬로미터, 수백t 수백 톤.
VAGUE_NUMBERS = ("수십만", "수백만", "수천만", "수십억", "수백억", "수천억", "수십", "수백", "수천", "수만", "수억", "수조", "몇십", "몇백", "몇천", "십여", "백여", "천여", "만여", "몇", "수")

# Currency signs and codes (US$ before $); a code may stand before or after the number.
MORE_CURRENCY_SIGNS = {
    "A$": "호주 달러", "C$": "캐나다 달러", "HK$": "홍콩 달러", "S$": "싱가포르 달러", "NT$": "대만 달러",
    "NZ$": "뉴질랜드 달러", "₹": "루피", "₽": "루블", "₫": "동", "฿": "바트", "₺": "리라", "₱": "페소",
    "元": "위안", "￦": "원", "￥": "엔", "＄": "달러", "₿": "비트코인",
}  # fmt: skip
CURRENCY_CODES = {
    "USD": "달러", "EUR": "유로", "JPY": "엔", "CNY": "위안", "RMB": "위안", "KRW": "원", "GBP": "파운드",
    "CHF": "스위스 프랑", "HKD": "홍콩 달러", "AUD": "호주 달러", "CAD": "캐나다 달러", "VND": "동",
    "INR": "루피", "RUB": "루블", "BTC": "비트코인", "ETH": "이더리움", "USDT": "테더",
}  # fmt: skip

# Roman numerals as characters, and the ASCII ones that stand after a name (록키 III): read Sino.
ROMAN_CHARACTERS = {
    "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10, "Ⅺ": 11, "Ⅻ": 12,
    "ⅰ": 1, "ⅱ": 2, "ⅲ": 3, "ⅳ": 4, "ⅴ": 5, "ⅵ": 6, "ⅶ": 7, "ⅷ": 8, "ⅸ": 9, "ⅹ": 10, "ⅺ": 11, "ⅻ": 12,
}  # fmt: skip
ROMAN_WORDS = {"II": 2, "III": 3, "IV": 4, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "XI": 11, "XII": 12, "XIII": 13}

# Names with digits said the way the product is said (the digits are part of the name).
PRODUCT_READINGS = {
    "i3": "아이 쓰리", "i5": "아이 파이브", "i7": "아이 세븐", "i9": "아이 나인", "5G": "파이브지",
    "4G": "포지", "3G": "쓰리지", "6G": "식스지", "Wi-Fi": "와이파이", "WiFi": "와이파이", "H.264": "에이치 이육사",
    "H.265": "에이치 이육오", "MP3": "엠피쓰리", "MP4": "엠피포", "3D": "쓰리디", "2D": "투디", "4D": "포디",
    "4K": "포케이", "8K": "에잇케이", "G7": "지세븐", "G20": "지이십", "B2B": "비투비", "B2C": "비투씨",
    "P2P": "피투피", "O2O": "오투오", "C4ISR": "씨포아이에스알", "K2": "케이투", "K9": "케이나인",
    "F-35": "에프 삼십오", "F-35A": "에프 삼십오 에이", "KF-21": "케이에프 이십일", "No.1": "넘버원",
    "PAC-3": "팩 쓰리", "PAC-2": "팩 투",
}  # fmt: skip
# A name's number of one digit is said in English (M4 엠포, EV9 이브이 나인, K2 케이투, HBM3E 에이치비엠
# 쓰리 이, GPT-4 지피티 포); two digits or more in Sino-Korean (S24 에스 이십사, F-35 에프 삼십오).
ENGLISH_NUMBERS = ("제로", "원", "투", "쓰리", "포", "파이브", "식스", "세븐", "에잇", "나인", "텐", "일레븐", "트웰브")
# Product families written in Hangul whose number (up to 12) is said in English: 갤럭시 Z 폴드6 폴드
# 식스, 아이오닉 5 아이오닉 파이브, 윈도 10 윈도 텐, 와이파이 7 와이파이 세븐.
ENGLISH_NUMBER_FAMILIES = (
    "폴드", "플립", "아이오닉", "윈도", "윈도우", "스위치", "스냅드래곤", "와이파이", "엑시노스", "버즈",
    "플레이스테이션", "엑스박스", "픽셀", "아이패드 프로", "맥북",
)  # fmt: skip
# Model numbers of three or four digits said digit by digit after these (A380 에이 삼팔공, 보잉 737
# 칠삼칠, RTX 4090 알티엑스 사공구공).
DIGIT_BY_DIGIT_MODELS = ("A", "B", "RTX", "GTX", "RX", "보잉", "에어버스")
# K- and a Latin word: K-pop 케이팝, K-Beauty 케이뷰티 (the word read from this table, any case).
K_WORDS = {
    "pop": "팝", "beauty": "뷰티", "food": "푸드", "drama": "드라마", "culture": "컬처", "content": "콘텐츠",
    "contents": "콘텐츠", "movie": "무비", "webtoon": "웹툰", "game": "게임", "games": "게임", "fashion": "패션",
    "defense": "방산", "classic": "클래식", "tech": "테크", "bio": "바이오", "style": "스타일", "wave": "웨이브",
}  # fmt: skip
COUNTDOWN = "디 마이너스"  # D-30: thirty days before the day
COUNTDOWN_DAY = "디데이"
# A small e before Hangul is the English prefix: e스포츠 이스포츠, e커머스 이커머스.
E_PREFIX = "이"
# After 'K-', a word joins: K-팝 케이팝, K-뷰티 케이뷰티.
K_PREFIX = "케이"
VERSUS = "대"  # 한국 vs 일본

# Signs never read: marks of trade, copyright and registration.
SILENT_SIGNS = "®™©℠℗"

# Named dates (events named by month and day), read as anchors say them where the rule
# (month in Sino, then the day digit by digit: 5·18 오일팔) is not how it is said.
NAMED_DATES = {"12·12": "십이십이", "12.12": "십이십이", "10·26": "십이륙", "5·16": "오일륙", "6·10": "육십"}
# Words after 'month.day' (with a dot) that make it an event's name: 5.18 민주화운동.
NAMED_DATE_CUES = (
    "절", "민주화운동", "민주항쟁", "항쟁", "운동", "전쟁", "사변", "사태", "혁명", "선언", "기념", "정신",
    "묘지", "특별법", "테러", "합의", "대책", "참사", "계엄", "비상계엄", "공동선언", "남북", "광주", "사건", "쿠데타",
)  # fmt: skip

# Headline hanja: one character standing for a country, a party or an institution. Read by its
# Hangul syllable; the table is for the ones whose headline reading differs from the dictionary's
# or that we want sure whatever the hanja library says.
HEADLINE_HANJA = {
    "靑": "청", "北": "북", "美": "미", "中": "중", "日": "일", "韓": "한", "英": "영", "佛": "불", "獨": "독",
    "伊": "이", "露": "러", "濠": "호", "加": "가", "印": "인", "臺": "대", "台": "대", "與": "여", "野": "야",
    "軍": "군", "檢": "검", "警": "경", "法": "법", "前": "전", "現": "현", "故": "고", "新": "신", "舊": "구",
    "對": "대", "反": "반", "親": "친", "非": "비", "總": "총", "副": "부", "長": "장", "社": "사", "株": "주",
    "兆": "조", "億": "억", "萬": "만", "號": "호", "比": "비", "西": "서", "泰": "태", "越": "월", "蒙": "몽",
    "亞": "아", "歐": "구", "阿": "아", "南": "남", "東": "동", "外": "외", "大": "대", "小": "소", "官": "관",
    "民": "민", "政": "정", "黨": "당", "院": "원", "府": "부", "與野": "여야", "文": "문", "尹": "윤", "李": "이",
    "朴": "박", "崔": "최", "安": "안", "洪": "홍", "秋": "추", "曺": "조", "趙": "조", "盧": "노",
    "全": "전", "崔氏": "최 씨", "氏": "씨", "州": "주", "市": "시", "道": "도", "區": "구", "郡": "군",
}  # fmt: skip

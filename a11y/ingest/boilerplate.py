"""What surrounds an article on a Korean news page and is not the article.

Font-size controls, share and reaction counters, copyright notices, promotion lines, and the headings
of the lists that follow an article (related news, tickers). Rules work on one line of visible text,
so the copied-text parser and the HTML parser share them.
"""

import re

from a11y.ingest.patterns import EMAIL, URL_ONLY


def _phrases(text: str) -> frozenset[str]:
    return frozenset(phrase.strip().lower() for phrase in text.split("|") if phrase.strip())


_BULLET = re.compile(r"^[\s•·・∙◦▪*\-–]+")

# Controls a page prints as text: font-size steps, share, print, listen.
_CONTROLS = _phrases(
    """가장작게|작게|기본|크게|가장크게|글자크기|글씨크기|글자 크기|글씨 크기|본문 글자 크기|글자 크기 설정|가|가+|가-|
    공유|공유하기|기사 공유|기사 공유하기|프린트|인쇄|인쇄하기|스크랩|북마크|기사저장|기사 저장|url 복사|url복사|
    링크 복사|링크복사|주소 복사|페이스북|트위터|엑스|카카오톡|카카오스토리|네이버 블로그|밴드|라인|텔레그램|
    facebook|twitter|kakao|기사 듣기|기사듣기|본문 듣기|본문듣기|음성으로 듣기|닫기|확대|축소|확대보기|이미지 확대|
    사진 확대|원본보기|번역|구독|구독하기|댓글|댓글쓰기|목록|이전|다음|이전기사|다음기사|top|맨위로|메일|이메일|
    기사 원문|기사원문|작게보기|크게보기|광고|ad|advertisement|sponsored|(끝)|<끝>|[끝]|/끝/|끝|
    본문 요약봇|요약봇|자동요약|기사 요약|요약보기|닫기 버튼|더보기|기사 더보기|펼치기|접기|
    이 기사를 추천합니다|앱 다운로드|앱에서 보기|글자크기 설정|글씨 크게 보기|글씨 작게 보기|번역하기|
    ai 요약|ai 요약 보기|요약 보기|기사 스크랩|기사 스크랩 하기|스크랩하기|지면보기|음성 듣기|기사 읽어주기"""
)
# `읽는 시간 약 3분` · `지면보기 A12면`: what a page prints about the article, not the article.
_ABOUT_THE_PAGE = re.compile(r"^(?:예상\s?)?(?:읽는|읽기)\s?시간\s?(?:약\s?)?\d{1,2}\s?분$|^지면\s?(?:보기)?\s?[A-Z]?\d{1,2}\s?면$")
_CONTROL_SEPARATOR = re.compile(r"[\s\[\]|·/]+")
MAX_CONTROL_ROW_CHARS = 120
_REACTION = re.compile(
    r"^(?:좋아요|싫어요|화나요|슬퍼요|놀랐어요|훈훈해요|추천해요|응원해요|흥미진진|재밌어요|감동이에요|"
    r"추가\s*취재\s*원해요|후속\s*기사\s*원해요|후속\s*원해요|댓글|공유|추천|조회(?:수)?)\s*[:：]?\s*[0-9,]+$"
)
_COPYRIGHT = re.compile(
    r"저작권자|무단\s?(?:전재|복제)|재배포\s?금지|(?i:copyright|all rights reserved)|^[<\[(]?\s?[ⓒ©Ⓒ]"
)
_PROMOTION = re.compile(r"^[▶☞▷►→]\s*.{0,60}(?:바로가기|구독|클릭|채널|앱|다운로드|무료|신청|제보|보러\s*가기)")
_BREADCRUMB = re.compile(r"^[^>›»]{1,12}(?:\s*[>›»]\s*[^>›»]{1,12}){1,4}$")  # 홈 > 사회 > 사건사고
# ※ 이 기사는 …의 지원을 받아 작성됐습니다 · ※ 이용 방법은 …: a note beside the article, not the article.
_SERVICE_NOTE = re.compile(
    r"^※|^기사\s?제공\s?[:：]?\s?\S{1,20}$|^덧붙이는\s?글|^이\s?기사는\s.{0,80}(?:실립니다|실렸습니다|제공받|제공합니다|작성됐습니다|작성되었습니다|"
    r"지원을\s?받|지원으로|협약|제휴)"
)
MAX_SERVICE_NOTE_CHARS = 200
# App, channel and tip prompts, on a short line of their own.
_PROMPT = re.compile(
    r"(?:앱|어플)\s?(?:을|를)?\s?(?:다운로드|다운|설치|에서\s?(?:보기|읽기|만나|확인))|지금\s?다운로드|"
    r"채널\s?추가|(?:네이버|카카오톡?)\s?(?:메인|뉴스|채널)?(?:에서|을)?\s?(?:구독|팔로우)|"
    r"구독\s?(?:하기|하세요|해\s?주세요)$|후원\s?(?:하기|하세요|해\s?주세요)$|(?:기사|뉴스)\s?제보|제보\s?(?:하기|하세요)|바로\s?가기$"
)
MAX_PROMPT_CHARS = 60
# A broadcast report's production credits: (영상취재 : 김민철, 영상편집 : 박정삼) · 촬영기자:김민수/그래픽:박미주
_STAFF_ROLE = (
    r"(?:영상\s?취재|영상\s?편집|영상\s?디자인|영상|촬영\s?기자|촬영|편집|그래픽|취재\s?지원|취재|자료\s?조사|"
    r"CG|디자인|화면\s?제공|구성|연출|작가|인턴기자|사진)"
)
_STAFF_CREDITS = re.compile(
    rf"[(\[]?\s?{_STAFF_ROLE}\s?[:：=]\s?[가-힣A-Za-z]{{2,10}}(?:\s?[,·]\s?[가-힣]{{2,4}}){{0,4}}"
    rf"(?:\s?[/,·|]\s?{_STAFF_ROLE}\s?[:：=]\s?[가-힣A-Za-z]{{2,10}}(?:\s?[,·]\s?[가-힣]{{2,4}}){{0,4}}){{0,8}}\s?[)\]]?"
)
MAX_STAFF_CREDITS_CHARS = 120
_TIP_LINE = re.compile(r"^(?:\[?\s*(?:기사\s*)?제보\b|제보는\s|보도자료\s|※\s*이\s*기사는\s.{0,40}(?:제공|작성))")

# Headings of what follows an article; everything after one of these is not the article.
_END_MARKERS = _phrases(
    """주요 뉴스|주요뉴스|많이 본 뉴스|많이 본 기사|많이본뉴스|가장 많이 본 뉴스|관련 기사|관련기사|관련 뉴스|관련뉴스|
    오늘의 상승종목|오늘의 하락종목|실시간 암호화폐 시세|인기 기사|인기기사|인기 뉴스|랭킹 뉴스|랭킹뉴스|최신 뉴스|
    최신뉴스|이 기사와 함께 많이 본 뉴스|추천 기사|추천기사|함께 보면 좋은 기사|핫 뉴스|핫뉴스|이 시각 주요뉴스|
    이 시각 주요 뉴스|포토 뉴스|포토뉴스|기자의 다른 기사|이 기자의 다른 기사|기자 구독|댓글|전체 댓글|
    이 기사를 추천합니다|많이 본 뉴스 top|실시간 인기 기사|오늘의 핫이슈|에디터 추천"""
)


def strip_bullet(line: str) -> str:
    """The text of a list item without the bullet a browser copies with it."""
    return _BULLET.sub("", line).strip()


def is_noise(line: str) -> bool:
    """A line that belongs to the page around the article, never to the article itself."""
    text = strip_bullet(line)
    if not text:
        return True
    if is_control(text):
        return True
    if _COPYRIGHT.search(text) and len(text) <= 200 and not text.startswith(("▲", "△")):
        return True
    if "@" in text and EMAIL.search(text) and (len(text) <= 60 or not EMAIL.sub("", text).strip(" ()<>[]/|·,")):
        return True  # a signature line (`◎공감언론 뉴시스 pyj@newsis.com`): the reporter is in the byline
    if URL_ONLY.fullmatch(text) or (len(text) <= MAX_SERVICE_NOTE_CHARS and _SERVICE_NOTE.match(text)):
        return True
    if len(text) <= MAX_PROMPT_CHARS and _PROMPT.search(text):
        return True
    if len(text) <= MAX_STAFF_CREDITS_CHARS and _STAFF_CREDITS.fullmatch(text):
        return True
    return bool(_PROMOTION.match(text) or _TIP_LINE.match(text) or _BREADCRUMB.match(text))


def is_copyright(line: str) -> bool:
    """A copyright notice: `<저작권자 ⓒ 연합뉴스, 무단 전재-재배포 금지>`, `Copyright ⓒ 뉴스1`."""
    return bool(_COPYRIGHT.search(line))


def is_control(line: str) -> bool:
    """A page control or counter printed as text: `가장크게`, `공유하기`, `좋아요 0`."""
    text = strip_bullet(line)
    if text.lower() in _CONTROLS or _REACTION.match(text) or _ABOUT_THE_PAGE.match(text):
        return True
    # [크게] [작게] [인쇄] [메일] · 가+ | 가- | 프린트: a row of controls
    parts = [part for part in _CONTROL_SEPARATOR.split(text.lower()) if part]
    return len(parts) > 1 and len(text) <= MAX_CONTROL_ROW_CHARS and all(part in _CONTROLS for part in parts)


def is_end_marker(line: str) -> bool:
    """The heading of a list that follows the article (related news, tickers, reactions)."""
    text = strip_bullet(line).strip(" :[]<>■□▶")
    return text.lower() in _END_MARKERS or bool(_REACTION.match(text))

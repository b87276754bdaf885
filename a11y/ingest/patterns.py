"""The patterns several ingest rules share: e-mail addresses, reporters' names and roles, wire datelines.

One definition each, so the byline, caption and boilerplate rules agree on what a name or a dateline
is. Every pattern here runs in time linear in its input, even on a 50,000-character run without a
space (tests/test_ingest_fuzz.py holds them to it): a pattern that starts with an unbounded run of
some class (`[\\w.+-]+@`) is guarded by a look-behind, so a search tries it once per run, not once
per character; repetitions of names are bounded.
"""

import re

# 홍길동@example.co.kr · hong.gil-dong+news@yna.co.kr. The look-behind makes a search try each run
# of address characters once (without it, a 50,000-letter word costs 50,000² steps).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")

# A reporter's role, as it follows the name.
ROLE = (
    r"(?:선임기자|전문기자|객원기자|인턴기자|수습기자|사진기자|영상기자|기자|특파원|논설위원|논설실장|편집위원|"
    r"통신원|칼럼니스트|앵커|PD)"
)
# One to eight Korean names: 홍길동 · 홍길동·김철수 · 홍길동, 김철수.
NAMES = r"[가-힣]{2,4}(?:\s?[·ㆍ,]\s?[가-힣]{2,4}){0,7}"

# News agencies whose copy other papers carry; an article crediting one has it as its source.
AGENCIES = (
    "연합뉴스", "연합뉴스TV", "뉴시스", "뉴스1", "뉴스핌", "AP", "AFP", "로이터", "EPA", "UPI", "신화", "교도",
    "블룸버그", "AP연합뉴스", "AFP연합뉴스", "로이터연합뉴스", "EPA연합뉴스",
)  # fmt: skip

# (세종=연합뉴스) · 【서울=뉴시스】 · [부산=뉴스1]: where the story was filed, and the agency that filed it.
PLACE_AGENCY = r"[(\[【]\s?(?P<place>[^=()\[\]【】]{1,15}?)\s?=\s?(?P<agency>[^=()\[\]【】]{1,15}?)\s?[)\]】]"
DATELINE = re.compile(rf"^\s*{PLACE_AGENCY}\s*(?:(?P<names>{NAMES})\s?(?P<role>{ROLE})\s*)?=?\s*")

# A line (or a whole alt text) that is only an address: https://…, www.…
URL_ONLY = re.compile(r"(?:https?://|www\.)\S+")


def agency_in(name: str) -> str | None:
    """The agency a credit names (`뉴시스`, `(서울=연합뉴스)`'s `연합뉴스`), else None."""
    name = name.strip(" []()<>【】/")
    return name if name in AGENCIES else None

"""What reaches the voice holds nothing for it to guess: checked on over 2,000 sentences.

The corpus: every paragraph, title, subtitle and caption of the sample and of the page corpus
(tests/pages, read by `a11y.ingest.parse`), every input of the news table (tests/speech_cases), and
generated sentences that combine numbers, units, signs, hanja, Latin names, e-mails and URLs the
way news pages print them. Spoken, each holds only Hangul, spaces and . , ? ! — and Latin only as
words with small letters that no table knows (an English word left to the voice on purpose, such
as a person's name): never a digit, hanja, symbol, e-mail, URL or capitalised acronym.
"""

import random
import re
from functools import cache
from pathlib import Path

import pytest
from espeak_phonemes import switches_language
from num2words import num2words

from a11y.ingest import parse
from a11y.speech import flags_of, load_lexicon, normalize, with_lexicon
from a11y.speech.numbers import sino
from a11y.speech.readings import HEADLINE_HANJA, MORE_UNIT_WORDS, UNIT_WORDS

TESTS = Path(__file__).resolve().parent
STEPS = with_lexicon(load_lexicon(None))
MIN_SENTENCES = 2_000
ESPEAK_SENTENCES = 300  # the language-switch check is slower: a fixed sample of the corpus

# Only these may be left: Hangul, spaces, plain pauses, and Latin words with a small letter.
_ALLOWED = re.compile(r"[가-힣A-Za-z\s.,?!]*")
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_EMAIL_OR_URL = re.compile(r"@|://|www\.|\.(?:com|net|org|kr)\b")


@cache
def page_sentences() -> tuple[str, ...]:
    texts = []
    for path in [TESTS.parent / "demo" / "etoday-x-townhall.json", *sorted((TESTS / "pages").glob("*.html"))]:
        article = parse(path.read_bytes())
        texts += [article.title, *article.subtitles]
        for block in article.blocks:
            texts += [text for text in (getattr(block, "text", None), getattr(block, "caption", None)) if text]
    return tuple(text for text in texts if text.strip())


@cache
def table_sentences() -> tuple[str, ...]:
    texts = []
    for path in sorted((TESTS / "speech_cases").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[0])
    return tuple(texts)


# Pieces for generated sentences, as news pages print them.
_SUBJECTS = ["코스피는", "삼성전자 주가는", "서울 기온은", "지지율은", "美 국채 금리는", "北 미사일은", "NATO는", "Google은", "OECD 회원국은", "靑 대변인은"]
_SIGNS = ["", "▲", "▼", "△", "▽", "+", "-", "±", "↑", "↓"]
_LATIN = ["CEO", "AI", "Tesla", "iPhone", "R&D", "U.S.", "K-팝", "Wi-Fi", "GPT-4o", "RTX 4090", "i7", "S24", "5G", "vs", "No.1", "COVID-19"]
_HANJA = [*HEADLINE_HANJA, "頂上會議", "大韓民國", "勞動", "檢察", "與野"]
_ENDINGS = ["올랐다.", "내렸다.", "기록했다.", "(현지시간) 밝혔다.", "수준이다.", "로 집계됐다.", "를 넘었다."]
_UNITS = [*UNIT_WORDS, *MORE_UNIT_WORDS, "명", "개", "대", "번", "시간", "살", "원", "달러", "km/h", "㎍/㎥", "원/L"]


def generated_sentences(count: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    sentences = []
    for _ in range(count):
        number = rng.choice([str(rng.randint(0, 99)), f"{rng.randint(1, 9999):,}", f"{rng.randint(0, 999)}.{rng.randint(0, 99)}", f"{rng.randint(1, 9)}조{rng.randint(1, 9999)}억", "수십", "10여"])
        parts = [
            rng.choice(_SUBJECTS),
            rng.choice(_HANJA) if rng.random() < 0.3 else "",
            rng.choice(_LATIN) if rng.random() < 0.4 else "",
            rng.choice(_SIGNS) + number + rng.choice(_UNITS),
            rng.choice(["", "(" + rng.choice(_HANJA) + ")", "(hong@news.co.kr)", "https://news.example.com/a/1", "®", "™", "©"]),
            rng.choice(_ENDINGS),
        ]
        sentences.append(" ".join(part for part in parts if part))
    return sentences


@cache
def corpus() -> tuple[str, ...]:
    written = [*page_sentences(), *table_sentences()]
    return (*written, *generated_sentences(max(1_000, MIN_SENTENCES - len(written))))


def test_the_corpus_is_large_enough():
    assert len(corpus()) >= MIN_SENTENCES


def leftovers(spoken: str) -> list[str]:
    problems = []
    if not _ALLOWED.fullmatch(spoken):
        problems.append("characters: " + "".join(sorted(set(re.sub(r"[가-힣A-Za-z\s.,?!]", "", spoken)))))
    if _ACRONYM.search(spoken):
        problems.append("acronym: " + _ACRONYM.search(spoken).group(0))
    if _EMAIL_OR_URL.search(spoken):
        problems.append("address")
    problems += [f"latin without a small letter: {word}" for word in _LATIN_WORD.findall(spoken) if word.upper() == word]
    return problems


def test_every_sentence_reaches_the_voice_with_nothing_to_guess():
    failures = []
    for text in corpus():
        spoken = normalize(text, STEPS)
        problems = leftovers(spoken)
        if problems:
            failures.append((text[:80], spoken[:120], problems))
    assert failures == [], f"{len(failures)} of {len(corpus())}: {failures[:10]}"


def test_flags_name_only_the_latin_left_on_purpose():
    """The editors' flags on the corpus: no hanja, digit, symbol, acronym or particle left."""
    kinds = {flag.kind for text in corpus() for flag in flags_of(normalize(text, STEPS))}
    assert kinds <= {"latin"}


def test_espeak_never_switches_language_on_the_spoken_corpus():
    rng = random.Random(4)
    sample = rng.sample(list(corpus()), ESPEAK_SENTENCES)
    spoken = [normalize(text, STEPS) for text in sample]
    # Latin words left on purpose (names) are English to any voice; the rest must stay Korean.
    switching = [text for text in spoken if not _LATIN_WORD.search(text) and switches_language(text)]
    assert switching == []


@pytest.mark.parametrize("seed", range(4))
def test_sino_korean_numbers_equal_num2words(seed):
    rng = random.Random(seed)
    values = [*range(1, 5_001)] if seed == 0 else [rng.randrange(1, 10**16) for _ in range(5_000)]
    assert [sino(value) for value in values] == [num2words(value, lang="ko") for value in values]

"""The news table (issue 12): real-style news sentences in, every reading an anchor may give out.

Each file `tests/speech_cases/<category>.tsv` holds lines `input<TAB>reading1<TAB>reading2…`
(format in `a11y/speech/data/README.md`). Each input is normalized with `a11y.speech.normalize`
and its default steps, and passes when it matches one of its readings.

What is compared: `canonical(text)` turns each plain punctuation mark (`, . ! ? ; :` and the
quotes `' " ‘ ’ “ ”`) into a space, collapses runs of whitespace to one space and trims the ends;
every other character is kept, so a digit, a Latin letter, a hanja or a symbol left in the spoken
text makes the case fail (a reading holds only Hangul, unless its file allows English words).
A case passes when, for some reading,
  1. canonical(spoken) == canonical(reading), or
  2. the same two strings are equal once their spaces are removed (Korean spacing is free:
     `사 일` and `사일` are heard alike).

One test per case (id `category:line`), so a failure names the sentence; one summary test prints
the score by category and overall (run with `-s` to see it) and asserts the overall score is at
least 95%; and the files themselves are checked for form.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from a11y.speech import normalize

CASES_DIR = Path(__file__).with_name("speech_cases")
MIN_OVERALL_SCORE = 0.95
MIN_CASES = 650
MIN_CATEGORIES = 32
ALLOW_LATIN_MARK = "# allow: latin"

_PLAIN_PUNCTUATION = re.compile(r"[,.!?;:'\"‘’“”]")
_SPACES = re.compile(r"\s+")
_HANGUL_SYLLABLE = re.compile(r"[가-힣]")
_READING_CHARS = re.compile(r"[가-힣\s,.!?;:'\"‘’“”]*")
_READING_CHARS_LATIN = re.compile(r"[가-힣A-Za-z\s,.!?;:'\"‘’“”-]*")


@dataclass(frozen=True)
class Case:
    category: str
    line: int
    text: str
    readings: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.category}:{self.line}"


def canonical(text: str) -> str:
    """Plain punctuation and runs of whitespace as one space; every other character kept."""
    return _SPACES.sub(" ", _PLAIN_PUNCTUATION.sub(" ", text)).strip()


def matches(spoken: str, reading: str) -> bool:
    """Equal canonically, or equal canonically once spaces are removed."""
    said, expected = canonical(spoken), canonical(reading)
    return said == expected or said.replace(" ", "") == expected.replace(" ", "")


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("*.tsv")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip() or raw.startswith("#"):
                continue
            text, *readings = raw.split("\t")
            cases.append(Case(path.stem, number, text, tuple(readings)))
    return cases


def latin_allowed(category: str) -> bool:
    header = (CASES_DIR / f"{category}.tsv").read_text(encoding="utf-8").splitlines()
    return any(line.strip() == ALLOW_LATIN_MARK for line in header if line.startswith("#"))


CASES = load_cases()


def passes(case: Case) -> bool:
    spoken = normalize(case.text)
    return any(matches(spoken, reading) for reading in case.readings)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_news_sentence_is_read_as_an_anchor_would(case):
    spoken = normalize(case.text)
    assert any(matches(spoken, reading) for reading in case.readings), (
        f"{case.id}\n  input:   {case.text}\n  spoken:  {spoken}\n  accepts: "
        + "\n           ".join(case.readings)
    )


def test_score_by_category_is_at_least_95_percent_overall():
    by_category: dict[str, list[bool]] = {}
    for case in CASES:
        by_category.setdefault(case.category, []).append(passes(case))
    width = max(len(name) for name in by_category)
    print(f"\n{'category':<{width}}  pass / cases   score")
    for name, results in sorted(by_category.items()):
        print(f"{name:<{width}}  {sum(results):>4} / {len(results):<5}  {sum(results) / len(results):6.1%}")
    total = [result for results in by_category.values() for result in results]
    overall = sum(total) / len(total)
    print(f"{'overall':<{width}}  {sum(total):>4} / {len(total):<5}  {overall:6.1%}")
    assert overall >= MIN_OVERALL_SCORE


def test_table_is_broad_enough():
    assert len(CASES) >= MIN_CASES
    assert len({case.category for case in CASES}) >= MIN_CATEGORIES


def test_each_file_says_its_category_in_a_header_comment():
    for path in sorted(CASES_DIR.glob("*.tsv")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), f"{path.name}: the first line is a comment naming the category"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case_is_well_formed(case):
    assert case.text.strip(), f"{case.id}: empty input"
    assert case.readings, f"{case.id}: no reading"
    allowed = _READING_CHARS_LATIN if latin_allowed(case.category) else _READING_CHARS
    for reading in case.readings:
        assert _HANGUL_SYLLABLE.search(reading), f"{case.id}: empty reading"
        assert allowed.fullmatch(reading), f"{case.id}: a reading holds more than Hangul: {reading!r}"
    assert len(set(map(canonical, case.readings))) == len(case.readings), f"{case.id}: a reading repeats"


def test_canonical_keeps_what_a_voice_would_say_wrong():
    assert canonical("  코스피는,  이 점 일 퍼센트 “하락”했다. ") == "코스피는 이 점 일 퍼센트 하락 했다"
    assert not matches("코스피 ▼ 이 점 일 퍼센트", "코스피 이 점 일 퍼센트")
    assert not matches("사 일 4", "사 일")
    assert matches("사일 현지시간", "사 일 현지 시간")

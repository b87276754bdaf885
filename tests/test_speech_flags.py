"""explain() and flags_of(): what each step did, and what is left in spoken text for the voice to guess."""

import json

import pytest
from click.testing import CliRunner

from a11y.cli import main
from a11y.speech import DEFAULT_STEPS, Change, Explanation, Flag, explain, flags_of, normalize


def test_explain_gives_the_same_spoken_text_as_normalize():
    text = "테슬라 CEO 4명이 오후 8시에 모였다."
    assert explain(text).spoken == normalize(text) == "테슬라 씨이오 네 명이 오후 여덟 시에 모였다."


def test_explain_lists_only_the_steps_that_changed_the_text_in_order():
    explanation = explain("CEO 4명")
    assert [change.step for change in explanation.changes] == ["read_numbers", "spell_acronyms"]
    assert explanation.changes[0] == Change("read_numbers", "CEO 4명", "CEO 네 명")
    assert explanation.changes[-1].after == explanation.spoken


def test_explanation_as_dict_is_plain_json():
    data = explain("CEO").as_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == {
        "spoken": "씨이오",
        "steps": [{"step": "spell_acronyms", "before": "CEO", "after": "씨이오"}],
        "flags": [],
    }


def test_explain_takes_the_steps_it_is_given():
    assert explain("CEO 4명", steps=()).spoken == "CEO 4명"
    assert explain("CEO 4명", steps=()) == Explanation("CEO 4명", (), flags_of("CEO 4명"))
    assert explain("x", DEFAULT_STEPS).spoken == "x"


@pytest.mark.parametrize(
    ("spoken", "kind", "text"),
    [
        ("청와대 靑 발표", "hanja", "靑"),
        ("주가 3 퍼센트", "digits", "3"),
        ("에이아이 GPU 수요", "acronym", "GPU"),
        ("iPhone 판매", "latin", "iPhone"),
        ("상승 ▲ 했다", "symbol", "▲"),
        ("제품명® 출시", "symbol", "®"),
        ("백 달러 원를 냈다", "particle", "원를"),
        ("서울으로 간다", "particle", "울으로"),
    ],
)
def test_flags_name_what_the_voice_would_guess(spoken, kind, text):
    flags = flags_of(spoken)
    assert [(flag.kind, flag.text) for flag in flags] == [(kind, text)]
    assert flags[0].message  # a Korean sentence for the editor
    assert all(isinstance(flag, Flag) for flag in flags)


@pytest.mark.parametrize("spoken", ["", "주가는 이 점 일 퍼센트 올랐다. 정말? 네, 그렇습니다!", "달러를 원으로 바꿨다"])
def test_clean_spoken_text_has_no_flags(spoken):
    assert flags_of(spoken) == ()


def test_flags_come_in_reading_order_and_each_once():
    flags = flags_of("GPU 靑 GPU 3")
    assert [(flag.kind, flag.text) for flag in flags] == [("acronym", "GPU"), ("hanja", "靑"), ("digits", "3")]


def test_say_explain_prints_each_changing_step_and_the_flags(tmp_path):
    env = {"A11Y_DATA_DIR": str(tmp_path / "data"), "A11Y_AUDIO_CACHE_DIR": str(tmp_path / "cache"), "A11Y_LEXICON_PATH": None}
    result = CliRunner().invoke(main, ["say", "--explain", "CEO 4명"], env=env)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "씨이오 네 명"
    assert "  read_numbers:" in lines
    assert "  spell_acronyms:" in lines
    assert "    + 씨이오 네 명" in lines

"""`a11y say` and `a11y script` as a user types them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_speech_script import SAMPLE_SCRIPT

from a11y.cli import main

SAMPLE_JSON = Path(__file__).resolve().parent.parent / "demo" / "etoday-x-townhall.json"


@pytest.fixture
def run(tmp_path):
    env = {
        "A11Y_DATA_DIR": str(tmp_path / "data"),
        "A11Y_AUDIO_CACHE_DIR": str(tmp_path / "audio_cache"),
        "A11Y_ENGINES": "espeak",
        "A11Y_LEXICON_PATH": None,
    }

    def invoke(*args: str, input: str | None = None, **extra_env: str):
        return CliRunner().invoke(main, list(args), input=input, env={**env, **extra_env})

    return invoke


def test_say_prints_the_spoken_form(run):
    result = run("say", "테슬라 CEO 4명이 오후 8시에 모였다. 주가는 -1.54% 내렸다.")
    assert result.exit_code == 0
    assert result.output == "테슬라 씨이오 네 명이 오후 여덟 시에 모였다. 주가는 마이너스 일 점 오사 퍼센트 내렸다.\n"


def test_say_gives_one_line_out_for_each_line_in(run):
    result = run("say", "-", input="10~20명\n\n3조5000억원\n2024-11-05 16:19\n")
    assert result.exit_code == 0
    assert result.output.split("\n") == [
        "열 명에서 스무 명",
        "",
        "삼조 오천억 원",
        "이천이십사 년 십일월 오 일 열여섯 시 십구 분",
        "",
    ]


def test_say_answers_each_line_as_it_comes(tmp_path):
    """Piped line by line, each answer comes before the next line is sent."""
    command = [sys.executable, "-m", "a11y", "say", "-"]
    env = {"A11Y_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env) as process:
        answers = []
        for line in ("CNN방송", "6월 10일"):
            process.stdin.write(line + "\n")
            process.stdin.flush()
            answers.append(process.stdout.readline())
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    assert answers == ["씨엔엔방송\n", "유월 십 일\n"]


def test_say_uses_the_lexicon_in_settings(run, tmp_path):
    lexicon = tmp_path / "words.txt"
    lexicon.write_text("CEO = 최고경영자\n", encoding="utf-8")
    result = run("say", "CEO 간담회", A11Y_LEXICON_PATH=str(lexicon))
    assert result.output == "최고경영자 간담회\n"


def test_a_broken_lexicon_is_one_readable_line_and_a_failure(run, tmp_path):
    lexicon = tmp_path / "words.txt"
    lexicon.write_text("CEO = 최고경영자\nTesla\n", encoding="utf-8")
    result = run("say", "CEO 간담회", A11Y_LEXICON_PATH=str(lexicon))
    assert result.exit_code == 1
    assert result.output == f"Error: bad lexicon: {lexicon} 2번째 줄: '표기 = 읽기' 꼴이 아닙니다: Tesla\n"


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_script_of_a_file_prints_json_lines(run):
    result = run("script", str(SAMPLE_JSON))
    assert result.exit_code == 0, result.output
    lines = _lines(result.output)
    assert [(line["kind"], line["spoken"].replace("\n", " ")) for line in lines] == SAMPLE_SCRIPT  # one sentence a line
    assert lines[0]["display"] == "기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소"
    assert all(set(line) == {"kind", "display", "spoken", "key", "flags"} and len(line["key"]) == 64 for line in lines)
    assert all(line["flags"] == [] for line in lines)  # the sample leaves nothing for the voice to guess


def test_script_of_a_stored_article_has_the_keys_its_audio_is_kept_under(run):
    stored = run("ingest", str(SAMPLE_JSON))
    assert stored.exit_code == 0, stored.output
    article_id = stored.output.split()[1]
    by_id = run("script", article_id)
    by_file = run("script", str(SAMPLE_JSON))
    assert by_id.exit_code == 0
    assert by_id.output == by_file.output


def test_script_of_something_unknown_is_one_line_and_a_failure(run):
    result = run("script", "no-such-article")
    assert result.exit_code == 1
    assert result.output == "Error: no-such-article: neither an article file nor a stored article's ID\n"


def test_script_of_a_broken_file_says_why(run, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "제목", "blocks": []}', encoding="utf-8")
    result = run("script", str(broken))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {broken}: not a readable article: ")
    assert "blocks" in result.output and len(result.output.splitlines()) == 1

"""`a11y parse` and `a11y ingest` as an editor would run them: files, standard input, URLs, bad input."""

import json

import pytest
from click.testing import CliRunner

from a11y.cli import main
from harness import PROJECT, SAMPLE_JSON
from page_server import PAGES, page_server

SAMPLE_TEXT = PROJECT / "demo" / "etoday-x-townhall.txt"


@pytest.fixture
def run(tmp_path):
    """Runs the CLI with its data in tmp_path, as `a11y …` would with A11Y_ settings in the environment."""
    environment = {
        "A11Y_DATA_DIR": str(tmp_path / "data"),
        "A11Y_AUDIO_CACHE_DIR": str(tmp_path / "audio_cache"),
        "A11Y_ENGINES": "espeak",
        "A11Y_PREGENERATE": "false",
        "A11Y_MAX_BODY_BYTES": "65536",
    }

    def invoke(*args, input=None, **extra):
        return CliRunner().invoke(main, list(args), input=input, env={**environment, **extra})

    return invoke


def test_parse_prints_the_article_as_json_and_stores_nothing(run, tmp_path):
    result = run("parse", str(SAMPLE_TEXT))
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    assert article["title"] == "기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소"
    assert article["published"] == "2024-11-05T16:19:00+09:00"
    assert [block["type"] for block in article["blocks"]] == ["image"] + ["paragraph"] * 6
    assert not (tmp_path / "data").exists()


def test_parse_reads_standard_input_with_a_format(run):
    result = run("parse", "-", "--format", "html", input=(PAGES / "newsis-euckr.html").read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["publisher"] == "뉴시스"


def test_ingest_prints_created_then_updated_with_the_same_id(run):
    first = run("ingest", str(SAMPLE_TEXT)).output.splitlines()
    second = run("ingest", str(SAMPLE_JSON)).output.splitlines()
    assert first[0].startswith("created ") and second[0] == first[0].replace("created", "updated")
    article_id = first[0].split()[1]
    assert first[1] == f"http://127.0.0.1:8000/articles/{article_id}"


def test_ingest_fetches_a_url_when_private_addresses_are_allowed(run):
    with page_server() as base:
        refused = run("ingest", f"{base}/etoday")
        allowed = run("ingest", f"{base}/etoday", A11Y_ALLOW_PRIVATE_URLS="true")
    assert refused.exit_code == 1 and "내부망" in refused.output
    assert allowed.exit_code == 0 and allowed.output.startswith("created ")


@pytest.mark.parametrize(
    "args, input, message",
    [
        (["parse", "no-such-file.html"], None, "파일이 없습니다"),
        (["parse", "-", "--format", "text"], b"", "비어 있습니다"),
        (["parse", "-", "--format", "text"], "제목\n\n본문".encode("cp949"), "UTF-8"),
        (["parse", "-"], b'{"title": 5, "blocks": []}', "title: Input should be a valid string"),
        (["parse", "-", "--format", "html"], b"<html><body><a href='/'>home</a></body></html>", "기사 본문을 찾지 못했습니다"),
        (["parse", "-", "--format", "text"], b"x" * 70000, "너무 큽니다"),
        (["ingest", "ftp://example.com/a.html"], None, "http 또는 https"),
        (["parse", "-", "--format", "pdf"], b"x", "Invalid value for '--format'"),
    ],
)
def test_bad_input_exits_non_zero_with_one_clear_line(run, tmp_path, args, input, message):
    result = run(*args, input=input)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert message in lines[-1]
    if "--format" not in message:
        assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert not (tmp_path / "data" / "a11y.sqlite3").exists(), "nothing stored"

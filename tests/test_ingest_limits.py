"""The same limits through every door: an article the API refuses, the CLI refuses too, and nothing
stored changes; bad input keeps its 4xx in the API and its one readable line in the CLI."""

import io
import json
import sqlite3

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from a11y.cli import main
from a11y.errors import TooLarge
from a11y.ingest.limits import ArticleTooLarge, LimitedBody, check_article_size, read_stream
from a11y.ingest.sources import read_source
from a11y.web.app import create_app
from harness import AUTH, SAMPLE_JSON, make_settings

PARAGRAPH = "시내버스 첫차가 다음 달부터 30분 앞당겨진다. 새벽에 출근하는 시민의 불편을 덜기 위해서다."


def long_article(paragraphs: int) -> dict:
    return {"title": "긴 기사", "blocks": [{"type": "paragraph", "text": PARAGRAPH}] * paragraphs}


def long_page(paragraphs: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(paragraphs))
    return f"<html><head><title>긴 기사</title></head><body><h1>긴 기사</h1><div>{body}</div></body></html>".encode()


LIMITS = {"A11Y_MAX_ARTICLE_BLOCKS": "5", "A11Y_MAX_ARTICLE_CHARS": "2000"}


@pytest.fixture
def run(tmp_path):
    environment = {
        "A11Y_DATA_DIR": str(tmp_path / "data"),
        "A11Y_AUDIO_CACHE_DIR": str(tmp_path / "audio_cache"),
        "A11Y_ENGINES": "espeak",
        "A11Y_PREGENERATE": "false",
        **LIMITS,
    }

    def invoke(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, env=environment)

    return invoke


def stored_ids(tmp_path) -> list[str]:
    database = tmp_path / "data" / "a11y.sqlite3"
    if not database.exists():
        return []
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM articles")]


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("blocks.json", json.dumps(long_article(6)).encode(), "블록 6개 (최대 5개, A11Y_MAX_ARTICLE_BLOCKS)"),
        ("chars.html", long_page(5).replace(PARAGRAPH.encode(), PARAGRAPH.encode() * 8), "(최대 2,000자, A11Y_MAX_ARTICLE_CHARS)"),
        ("blocks.txt", ("긴 기사\n\n" + "\n\n".join([PARAGRAPH] * 6)).encode(), "블록 6개"),
    ],
)
@pytest.mark.parametrize("command", ["parse", "ingest"])
def test_the_cli_refuses_an_article_over_the_limits_in_one_line_and_stores_nothing(run, tmp_path, command, name, body, message):
    path = tmp_path / name
    path.write_bytes(body)
    result = run(command, str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert stored_ids(tmp_path) == []


def test_standard_input_meets_the_same_limits(run, tmp_path):
    result = run("parse", "-", "--format", "html", input=long_page(6))
    assert result.exit_code == 1 and "기사가 너무 깁니다" in result.output


def test_an_article_within_the_limits_still_goes_in(run, tmp_path):
    path = tmp_path / "fits.json"
    path.write_bytes(json.dumps(long_article(5)).encode())
    assert run("ingest", str(path)).exit_code == 0
    assert len(stored_ids(tmp_path)) == 1


def test_a_refused_update_leaves_the_stored_article_as_it_was(run, tmp_path):
    first = tmp_path / "a.json"
    first.write_bytes(json.dumps({**long_article(2), "source_url": "https://example.com/a"}).encode())
    assert run("ingest", str(first)).exit_code == 0
    stored = json.loads(run("parse", str(first)).output)
    first.write_bytes(json.dumps({**long_article(9), "source_url": "https://example.com/a"}).encode())
    assert run("ingest", str(first)).exit_code == 1
    with sqlite3.connect(tmp_path / "data" / "a11y.sqlite3") as connection:
        (body,) = connection.execute("SELECT body FROM articles").fetchone()
    assert len(json.loads(body)["blocks"]) == len(stored["blocks"]) == 2


@pytest.fixture
def client(tmp_path):
    settings = make_settings(tmp_path, max_article_blocks=5, max_article_chars=2000)
    with TestClient(create_app(settings), headers=AUTH) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/api/articles", "/api/parse"])
@pytest.mark.parametrize(
    "body, content_type",
    [
        (json.dumps(long_article(6)).encode(), "application/json"),
        (long_page(6), "text/html"),
        (("긴 기사\n\n" + "\n\n".join([PARAGRAPH] * 6)).encode(), "text/plain"),
    ],
    ids=["json", "html", "text"],
)
def test_the_api_refuses_the_same_articles_with_422_and_stores_nothing(client, tmp_path, path, body, content_type):
    answer = client.post(path, content=body, headers={"Content-Type": content_type})
    assert answer.status_code == 422 and "기사가 너무 깁니다" in answer.json()["detail"]
    assert stored_ids(tmp_path) == []


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"", "text/html", 422),
        (b"<html><body><a href='/'>home</a></body></html>", "text/html", 422),
        (b"\xff\xfe\xfa not text", "text/plain", 422),
        (b'{"title": 5, "blocks": []}', "application/json", 422),
        (b"x", "application/pdf", 415),
    ],
)
def test_bad_input_keeps_its_4xx_through_the_api(client, tmp_path, body, content_type, status):
    answer = client.post("/api/articles", content=body, headers={"Content-Type": content_type})
    assert answer.status_code == status and answer.json()["detail"]
    assert stored_ids(tmp_path) == []


def test_one_reader_counts_bytes_for_every_door(tmp_path):
    assert read_stream(io.BytesIO(b"x" * 1024), 1024) == b"x" * 1024
    with pytest.raises(TooLarge, match="입력이 너무 큽니다. 최대 1,024바이트"):
        read_stream(io.BytesIO(b"x" * 1025), 1024)
    with pytest.raises(TooLarge, match=r"페이지가 너무 큽니다 \(5,000바이트\)"):
        LimitedBody(1024, "페이지").declared("5000")
    settings = make_settings(tmp_path, max_body_bytes=1024)
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    with pytest.raises(TooLarge):
        read_source(str(tmp_path / "big.txt"), settings)


def test_the_size_check_names_the_limit_it_passes(sample_json):
    from a11y.article import Article

    article = Article.model_validate(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")))
    assert check_article_size(article, 500, 200_000) is article
    with pytest.raises(ArticleTooLarge, match="A11Y_MAX_ARTICLE_BLOCKS"):
        check_article_size(article, 2, 200_000)
    with pytest.raises(ArticleTooLarge, match="A11Y_MAX_ARTICLE_CHARS"):
        check_article_size(article, 500, 100)

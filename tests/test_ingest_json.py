"""Publisher JSON: the Article schema, checked field by field with messages that name the field."""

import json

import pytest

from a11y.ingest import IngestError, parse
from a11y.errors import InvalidArticle


def _errors(body: dict) -> str:
    with pytest.raises(InvalidArticle) as raised:
        parse(json.dumps(body, ensure_ascii=False).encode())
    return str(raised.value)


def test_the_sample_reads_as_is(sample_json):
    article = parse(json.dumps(sample_json).encode())
    assert article.title == sample_json["title"]
    assert article.published.isoformat() == "2024-11-05T16:19:00+09:00"
    assert article.blocks[0].credit == "펜실베이니아/로이터연합뉴스"


def test_a_time_without_a_zone_is_seoul_time(sample_json):
    article = parse(json.dumps({**sample_json, "published": "2024-11-05T07:19:00Z"}).encode())
    assert article.published.isoformat() == "2024-11-05T16:19:00+09:00"
    article = parse(json.dumps({**sample_json, "published": "2024-11-05 16:19"}).encode())
    assert article.published.isoformat() == "2024-11-05T16:19:00+09:00"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": 5}, "title:"),
        ({"title": ""}, "title:"),
        ({"subtitles": "부제 하나"}, "subtitles:"),
        ({"published": "어제 오후"}, "published:"),
        ({"blocks": [{"type": "paragraph", "text": ""}]}, "blocks[0].text:"),
        ({"blocks": [{"type": "video", "src": "x"}]}, "blocks[0]:"),
        ({"blocks": []}, "blocks:"),
        ({"author": "홍길동"}, "author:"),
    ],
)
def test_a_wrong_field_is_named(sample_json, change, field):
    message = _errors({**sample_json, **change})
    assert message.startswith("not a valid article: ")
    assert field in message


def test_a_bad_block_is_named_once_not_echoed(sample_json):
    message = _errors({**sample_json, "blocks": [{"type": "paragraph", "text": ""}]})
    assert message.count("blocks") == 1


@pytest.mark.parametrize(
    "body, message",
    [
        (b'{"title": "x",', "JSON으로 읽을 수 없습니다 (1번째 줄"),
        (b'["title"]', "객체"),
        (b'{"title": "\xff"}', "UTF-8"),
    ],
)
def test_broken_json_is_refused_with_a_reason(body, message):
    with pytest.raises(IngestError, match=message.replace("(", r"\(")):
        parse(body, format="json")

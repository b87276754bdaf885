"""POST /api/say: any text's spoken form, steps and flags; no token, nothing stored, limited."""

import json
import time

import pytest
from fastapi.testclient import TestClient

from a11y.speech import Lexicon, explain, with_lexicon
from a11y.web.app import create_app
from harness import FakeClock, make_settings
from hostile_support import stored_state


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path, lexicon_path=tmp_path / "data" / "lexicon.txt")


@pytest.fixture
def app(settings, clock):
    app = create_app(settings, clock=clock)
    app.state.service.lexicon.replace(Lexicon({"Vantor": "반토르"}))
    return app


@pytest.fixture
def client(app):
    return TestClient(app)  # no token: the route needs none


# Written for these tests, one shape of news text each: (text, what the voice says, flag kinds).
CASES = [
    ("", "", []),
    ("서울 지하철 요금이 오른다.", "서울 지하철 요금이 오른다.", []),
    ("물가가 3.5% 올랐다.", "물가가 삼 점 오 퍼센트 올랐다.", []),
    ("Vantor는 새 공장을 짓는다.", "반토르는 새 공장을 짓는다.", []),  # the publisher lexicon applies
    ("QXZs 관계자가 참석했다.", "QXZs 관계자가 참석했다.", ["acronym"]),
    ("회사는 Blorptech 제품을 샀다.", "회사는 Blorptech 제품을 샀다.", ["latin"]),
    ("오후 3시 30분에 만난다.", "오후 세 시 삼십 분에 만난다.", []),
]


@pytest.mark.parametrize("text, spoken, kinds", CASES, ids=[case[0][:12] or "empty" for case in CASES])
def test_say_answers_spoken_text_steps_and_flags(client, app, text, spoken, kinds):
    answer = client.post("/api/say", json={"text": text})
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert set(body) == {"spoken", "steps", "flags"}
    assert body["spoken"] == spoken
    assert [flag["kind"] for flag in body["flags"]] == kinds
    # The same as the normalizer explains it with the lexicon in force, step by step.
    lexicon = app.state.service.lexicon.current()
    assert body == explain(text, with_lexicon(lexicon)).as_dict()
    for flag in body["flags"]:
        assert flag["message"] and flag["text"] in spoken
    if body["steps"]:
        assert body["steps"][0]["before"] == text and body["steps"][-1]["after"] == spoken
        for earlier, later in zip(body["steps"], body["steps"][1:]):
            assert earlier["after"] == later["before"]


def test_say_names_the_lexicon_step(client):
    steps = client.post("/api/say", json={"text": "Vantor 주가"}).json()["steps"]
    assert steps[0] == {"step": "lexicon", "before": "Vantor 주가", "after": "반토르 주가"}


@pytest.mark.parametrize(
    "body, says",
    [
        (b"", "JSON"),
        (b"not json", "JSON"),
        (b"\xff\xfe", "JSON"),
        (b"[]", "text"),
        (b'"just a string"', "text"),
        (b"{}", "text"),
        ('{"txt": "오타"}'.encode(), "text"),
        (b'{"text": null}', "문자열"),
        (b'{"text": 42}', "문자열"),
        ('{"text": ["가"]}'.encode(), "문자열"),
        (b'{"text": {"a": 1}}', "문자열"),
        (json.dumps({"text": "가" * 5001}).encode(), "5,000자"),
        (json.dumps({"text": "가" * 5001}, ensure_ascii=False).encode(), "5,000자"),
        (json.dumps({"text": "가" * 100_000}).encode(), "5,000자"),  # refused before it is parsed
    ],
)
def test_bad_bodies_get_422_with_a_readable_message(client, body, says):
    answer = client.post("/api/say", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert says in answer.json()["detail"]
    assert answer.headers["cache-control"] == "no-store"


def test_five_thousand_characters_are_taken_and_answered_in_linear_time(client):
    sentence = "北 관계자는 3.5% 올랐다고 QXZs에 밝혔다(현지시간)… ⌘ "  # every kind of step at work
    text = (sentence * (5000 // len(sentence) + 1))[:5000]
    started = time.perf_counter()
    answer = client.post("/api/say", json={"text": text})
    elapsed_s = time.perf_counter() - started
    assert answer.status_code == 200
    assert elapsed_s < 5.0, elapsed_s  # about 0.1 s here; generous for a loaded shared machine
    # Hostile shapes of the same length: one long token, nothing but digits, nothing but marks.
    for hostile in ("a" * 5000, "9" * 5000, "%" * 5000, "(" * 2500 + ")" * 2500, "北" * 5000):
        started = time.perf_counter()
        assert client.post("/api/say", json={"text": hostile}).status_code == 200
        assert time.perf_counter() - started < 5.0, hostile[:10]


def test_say_stores_nothing(client, settings):
    before = stored_state(settings)
    for text, _spoken, _kinds in CASES:
        client.post("/api/say", json={"text": text})
    assert stored_state(settings) == before


def test_say_is_rate_limited_per_client_with_its_own_limit(tmp_path, clock):
    settings = make_settings(tmp_path, say_burst=3, says_per_minute=60, write_burst=1)
    client = TestClient(create_app(settings, clock=clock))
    for _ in range(3):  # more than the write burst of 1: the preview does not count as a write
        assert client.post("/api/say", json={"text": "가"}).status_code == 200
    refused = client.post("/api/say", json={"text": "가"})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    assert "초 뒤에" in refused.json()["detail"]
    # A CMS page of another origin may read the refusal and when to ask again.
    assert refused.headers["access-control-allow-origin"] == "*"
    assert "Retry-After" in refused.headers["access-control-expose-headers"]
    clock.now += 1
    assert client.post("/api/say", json={"text": "가"}).status_code == 200
    # Another client has its own bucket.
    other = TestClient(create_app(settings, clock=clock), client=("192.0.2.7", 50000))
    assert other.post("/api/say", json={"text": "가"}).status_code == 200


def test_a_browser_may_post_json_to_say_from_any_origin_and_only_there(client):
    asked = {"Origin": "https://cms.example.kr", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}
    preflight = client.options("/api/say", headers=asked)
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-methods"] == "POST"
    assert preflight.headers["access-control-allow-headers"] == "content-type"
    answer = client.post("/api/say", json={"text": "가"}, headers={"Origin": "https://cms.example.kr"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers  # nothing private: no cookies
    # The routes that write, and the lexicon, are not opened to other origins.
    assert "access-control-allow-origin" not in client.get("/api/lexicon", headers={"Origin": "https://cms.example.kr"}).headers
    assert "access-control-allow-origin" not in client.options("/api/articles", headers=asked).headers


def test_say_is_in_the_api_schema(client):
    operation = client.get("/openapi.json").json()["paths"]["/api/say"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["required"] == ["text"]

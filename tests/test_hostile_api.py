"""Hostile input to the API and the pages: each case gets its status and a readable message, and
nothing stored changes (every SQLite row, every cached audio file, the lexicon).

The cases are data (tests/hostile/requests.json); the few too large to write down are made here.
"""

import json

import pytest
from fastapi.testclient import TestClient
from harness import AUTH, SAMPLE_JSON, make_settings
from hostile_support import HOSTILE, stored_state

from a11y.web.app import create_app

CASES = json.loads((HOSTILE / "requests.json").read_text(encoding="utf-8"))
MAX_BODY_BYTES = 1024 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One app for every case (they change nothing, which each test checks): the sample article is
    stored and one of its segments has audio, so ids and keys in the cases point at something real."""
    settings = make_settings(tmp_path_factory.mktemp("hostile"), max_body_bytes=MAX_BODY_BYTES, write_burst=10_000)
    with TestClient(create_app(settings)) as client:
        answer = client.post("/api/articles", content=SAMPLE_JSON.read_bytes(), headers={**AUTH, "content-type": "application/json"})
        assert answer.status_code == 201
        stored = answer.json()
        key = stored["segments"][1]["key"]
        assert client.get(f"/audio/{key}.mp3").status_code == 200
        yield client, settings, {"stored": stored["id"], "key": key}


def _send(client, case: dict, names: dict):
    headers = {**(AUTH if case.get("auth", True) else {}), **case.get("headers", {})}
    body = case.get("body")
    if body is not None:
        headers["content-type"] = case["content_type"]
        body = body.encode(case.get("body_encoding", "utf-8"))
    return client.request(case["method"], case["path"].format(**names), content=body, headers=headers)


def _detail(answer) -> str:
    if answer.headers.get("content-type", "").startswith("application/json"):
        return json.dumps(answer.json()["detail"], ensure_ascii=False)
    return answer.text


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_hostile_request_is_answered_clearly_and_changes_nothing(site, case):
    client, settings, names = site
    before = stored_state(settings)
    answer = _send(client, case, names)
    assert answer.status_code == case["status"], answer.text
    assert case["message"] in _detail(answer)
    assert stored_state(settings) == before


def _paragraphs(count: int) -> dict:
    return {"title": "문단이 아주 많은 기사", "blocks": [{"type": "paragraph", "text": f"{n}번째 문단."} for n in range(count)]}


BUILT = {
    "ten-thousand-paragraphs": (json.dumps(_paragraphs(10_000)), "application/json", 422, "블록 10,000개"),
    "too-many-characters": (
        json.dumps({"title": "긴 기사", "blocks": [{"type": "paragraph", "text": "가" * 250_000}]}, ensure_ascii=False),
        "application/json", 422, "250,004자 (최대 200,000자",
    ),
    "deeply-nested-array": ("[" * 100_000 + "]" * 100_000, "application/json", 422, "너무 깊게 중첩"),
    "deeply-nested-field": ('{"title": ' + "[" * 50_000 + "]" * 50_000 + "}", "application/json", 422, "너무 깊게 중첩"),
    "deeply-nested-html": ("<div>" * 100_000 + "<p>본문</p>", "text/html", 422, "본문을 찾지 못했습니다"),
    "huge-field": (json.dumps({"title": "가" * MAX_BODY_BYTES, "blocks": []}), "application/json", 413, "본문이 너무 큽니다"),
}


@pytest.mark.parametrize("name", BUILT)
def test_huge_and_deep_bodies_are_refused_and_change_nothing(site, name):
    client, settings, _names = site
    body, content_type, status, message = BUILT[name]
    before = stored_state(settings)
    answer = client.post("/api/articles", content=body.encode(), headers={**AUTH, "content-type": content_type})
    assert answer.status_code == status, answer.text[:300]
    assert message in _detail(answer)
    assert stored_state(settings) == before


def test_a_chunked_body_without_content_length_is_cut_off_at_the_limit(site):
    client, settings, _names = site
    sent = 0

    def chunks():  # no Content-Length: the limit must count what arrives
        nonlocal sent
        for _ in range(64):
            sent += 64 * 1024
            yield b"x" * (64 * 1024)

    before = stored_state(settings)
    answer = client.post("/api/articles", content=chunks(), headers={**AUTH, "content-type": "text/plain"})
    assert answer.status_code == 413
    assert "최대 1,048,576바이트" in answer.json()["detail"]
    assert stored_state(settings) == before


def test_the_body_limit_holds_on_every_write_route(site):
    client, settings, _names = site
    before = stored_state(settings)
    big = b'{"entries": {"X": "' + b"a" * (MAX_BODY_BYTES + 1) + b'"}}'
    answer = client.put("/api/lexicon", content=big, headers={**AUTH, "content-type": "application/json"})
    assert answer.status_code == 413
    assert "본문이 너무 큽니다" in answer.json()["detail"]
    assert stored_state(settings) == before


def test_writes_beyond_the_rate_get_429_with_retry_after_and_change_nothing(tmp_path, sample_json):
    settings = make_settings(tmp_path, write_burst=3, writes_per_minute=6)
    with TestClient(create_app(settings), headers=AUTH) as client:
        answers = [client.post("/api/parse", json=sample_json) for _ in range(3)]
        assert [answer.status_code for answer in answers] == [200, 200, 200]
        before = stored_state(settings)
        refused = client.post("/api/articles", json=sample_json)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "10"  # 6 a minute: one more in 10 s
        assert "쓰기 요청이 너무 잦습니다" in refused.json()["detail"]
        assert stored_state(settings) == before
        assert client.get("/").status_code == 200  # reading is never limited
        wrong = client.post("/api/articles", json=sample_json, headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 429  # guessing tokens is limited too


def test_every_answer_carries_a_strict_content_security_policy(site):
    client, _settings, names = site
    for path in ("/", f"/articles/{names['stored']}", f"/api/articles/{names['stored']}", "/articles/none", "/healthz"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
    refused = client.post("/api/articles", content=b"{", headers={"content-type": "application/json"})
    assert refused.status_code == 401 and "unsafe-inline" not in refused.headers["content-security-policy"]


def test_the_pages_need_no_inline_script_or_style(site):
    client, _settings, names = site
    page = client.get(f"/articles/{names['stored']}").text
    assert "<script>" not in page and "<style" not in page and " style=" not in page and " on" + "click=" not in page
    assert '<script src="/static/' in page

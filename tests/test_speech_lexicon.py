"""The publisher lexicon: its file format, how it matches, the file in settings, and GET/PUT /api/lexicon."""

import pytest
from fastapi.testclient import TestClient

from a11y.article import Article
from a11y.service import Service
from a11y.speech import Lexicon, LexiconError, LexiconFile, load_lexicon
from a11y.speech.lexicon import DEFAULT_LEXICON_PATH
from a11y.web.app import create_app

def _with(settings, **changes):
    """The same test settings with some changed (tests/conftest.py builds the base)."""
    return settings.model_copy(update=changes)


def _auth(settings) -> dict:
    return {"Authorization": f"Bearer {settings.publisher_token_value()}"}


OTHER_ARTICLE = {
    "title": "한은, 기준금리 동결",
    "source_url": "https://example.com/news/2",
    "blocks": [{"type": "paragraph", "text": "한국은행은 기준금리를 3.25%로 동결했다."}],
}


def test_the_file_format_skips_comments_and_blank_lines_and_trims():
    lexicon = Lexicon.parse("# 회사 이름\n\n  Tesla   =  테슬라  \nX=엑스\n# 끝\n")
    assert lexicon.entries == {"Tesla": "테슬라", "X": "엑스"}


def test_a_lexicon_written_out_reads_back_the_same():
    lexicon = Lexicon({"Tesla": "테슬라", "COVID-19": "코로나 일구", "12·12": "십이십이"})
    text = lexicon.dumps()
    assert text.startswith("# ")
    assert "Tesla = 테슬라\n" in text
    assert Lexicon.parse(text) == lexicon


@pytest.mark.parametrize(
    "text, message",
    [
        ("Tesla 테슬라\n", "1번째 줄: '표기 = 읽기' 꼴이 아닙니다"),
        ("# 주석\n = 테슬라\n", "2번째 줄: '표기 = 읽기' 꼴이 아닙니다"),
        ("Tesla =\n", "1번째 줄"),
        ("X = 엑스\nX = 엑스\n", "2번째 줄: ‘X’ 항목이 두 번 나옵니다"),
        ("Tesla = Tesla\n", "읽기는 200자 이내의 한글"),
        ("G7 = 지7\n", "‘G7’의 읽기 ‘지7’"),
        ("A = 에이 = 비\n", "‘A’의 읽기"),
    ],
)
def test_a_bad_file_names_its_line_and_what_is_wrong(text, message):
    with pytest.raises(LexiconError, match=message):
        Lexicon.parse(text, source="lexicon.txt")


@pytest.mark.parametrize(
    "entries, message",
    [
        ({"": "빈칸"}, "표기가 비어 있습니다"),
        ({"#태그": "태그"}, "'#'로 시작할 수 없습니다"),
        ({"A=B": "에이"}, "'='와 줄바꿈을 쓸 수 없고"),
        ({"X": "가" * 201}, "200자 이내"),
        ({"X" * 101: "엑스"}, "100자까지"),
        ({"X": "엑스", " X ": "엑스"}, "같은 표기가 두 번"),
    ],
)
def test_bad_entries_are_refused(entries, message):
    with pytest.raises(LexiconError, match=message):
        Lexicon(entries)


def test_runs_of_spaces_in_a_reading_become_one():
    assert Lexicon({"NYT": "뉴욕\n  타임스"}).entries == {"NYT": "뉴욕 타임스"}


@pytest.mark.parametrize(
    "written, said",
    [
        ("X에서 진행하려던 유세", "엑스에서 진행하려던 유세"),
        ("‘엑스(X·옛 트위터)’", "‘엑스(엑스·옛 트위터)’"),
        ("Xbox 판매량", "Xbox 판매량"),
        ("TeslaX 모델", "TeslaX 모델"),
        ("Tesla와 SpaceX", "테슬라와 스페이스엑스"),
        ("tesla 주가", "tesla 주가"),
        ("G7 회의와 G70 출시", "지세븐 회의와 G70 출시"),
        ("COVID-19 확산", "코로나 일구 확산"),
        ("Fed는 동결했다", "연준은 동결했다"),
        ("Fed를 비판했다", "연준을 비판했다"),
        ("코로나19로 숨졌다", "코로나 일구로 숨졌다"),
    ],
)
def test_the_default_lexicon_matches_whole_written_forms(written, said):
    assert load_lexicon(None)(written) == said


def test_the_longest_entry_wins():
    lexicon = Lexicon({"Space": "스페이스", "SpaceX": "스페이스엑스"})
    assert lexicon("SpaceX와 Space") == "스페이스엑스와 스페이스"


def test_the_default_file_holds_the_issue_entries():
    default = Lexicon.parse(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    assert default.entries["X"] == "엑스"
    assert default.entries["Tesla"] == "테슬라"
    assert load_lexicon(None) == default


def test_a_lexicon_file_is_read_where_it_is_and_the_default_where_none_is(tmp_path):
    path = tmp_path / "lexicon.txt"
    assert load_lexicon(path) == load_lexicon(None)
    path.write_text("Tesla = 테슬라 모터스\n", encoding="utf-8")
    assert load_lexicon(path).entries == {"Tesla": "테슬라 모터스"}
    path.write_bytes("Tesla = 테슬라\n".encode("euc-kr"))
    with pytest.raises(LexiconError, match="UTF-8"):
        load_lexicon(path)


def test_a_write_reaches_every_reader_of_the_file(tmp_path):
    """Each worker process keeps its own LexiconFile; a write by one is seen by the others."""
    writer, reader = LexiconFile(tmp_path / "lexicon.txt"), LexiconFile(tmp_path / "lexicon.txt")
    assert reader.current() == load_lexicon(None)
    writer.replace(Lexicon({"Tesla": "테슬라 모터스"}))
    assert reader.current().entries == {"Tesla": "테슬라 모터스"}
    assert [path.name for path in tmp_path.iterdir()] == ["lexicon.txt"]  # no temporary file left


def test_get_lexicon_needs_no_token(settings):
    with TestClient(create_app(settings)) as anonymous:
        answer = anonymous.get("/api/lexicon")
    assert answer.status_code == 200
    assert answer.json()["entries"]["X"] == "엑스"
    assert list(answer.json()["entries"]) == list(load_lexicon(None).entries)  # the file's order


def test_put_lexicon_needs_the_publisher_token(settings):
    with TestClient(create_app(settings)) as anonymous:
        refused = anonymous.put("/api/lexicon", json={"entries": {"X": "엑스 플랫폼"}})
        assert refused.status_code == 401
        assert "토큰" in refused.json()["detail"]
        assert anonymous.get("/api/lexicon").json()["entries"]["X"] == "엑스"
    assert not settings.lexicon_file.exists()


def _keys(client, article_id: str) -> list[str]:
    return [segment["key"] for segment in client.get(f"/api/articles/{article_id}").json()["segments"]]


def test_a_bad_lexicon_is_refused_with_a_readable_message_and_changes_nothing(client, sample_json, settings):
    article_id = client.post("/api/articles", json=sample_json).json()["id"]
    keys = _keys(client, article_id)
    answer = client.put("/api/lexicon", json={"entries": {"X": "엑스", "Tesla": "Tesla Inc."}})
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": "‘Tesla’의 읽기 ‘Tesla Inc.’: 읽기는 200자 이내의 한글과 띄어쓰기, 문장부호(. , ? !)로만 적어 주세요."
    }
    assert client.get("/api/lexicon").json()["entries"]["Tesla"] == "테슬라"
    assert _keys(client, article_id) == keys
    assert not settings.lexicon_file.exists()


def test_put_lexicon_changes_the_keys_of_exactly_the_segments_it_touches(client, sample_json, settings):
    sample_id = client.post("/api/articles", json=sample_json).json()["id"]
    other_id = client.post("/api/articles", json=OTHER_ARTICLE).json()["id"]
    sample_before, other_before = _keys(client, sample_id), _keys(client, other_id)
    service = client.app.state.service

    entries = client.get("/api/lexicon").json()["entries"]
    answer = client.put("/api/lexicon", json={"entries": {**entries, "X": "엑스 플랫폼"}})

    assert answer.status_code == 200, answer.text
    assert answer.json()["changed_articles"] == 1 and answer.json()["changed_segments"] == 2
    assert answer.json()["entries"]["X"] == "엑스 플랫폼"
    sample_after = _keys(client, sample_id)
    changed = [index for index, (old, new) in enumerate(zip(sample_before, sample_after), 1) if old != new]
    assert changed == [6, 10]  # the two paragraphs that write X; the title writes 엑스 in Hangul
    assert _keys(client, other_id) == other_before
    segments = client.get(f"/api/articles/{sample_id}").json()["segments"]
    assert segments[9]["spoken"].startswith("엑스 플랫폼에서 진행하려던")
    # The store has the new words under the new keys, so audio can be made from a key alone.
    assert service.store.spoken_text(sample_after[9]) == segments[9]["spoken"]
    assert service.store.spoken_text(sample_before[9]) is None
    assert "X = 엑스 플랫폼\n" in settings.lexicon_file.read_text(encoding="utf-8")


def test_an_entry_that_says_what_the_rules_say_changes_no_key(client, sample_json):
    sample_id = client.post("/api/articles", json=sample_json).json()["id"]
    keys = _keys(client, sample_id)
    entries = client.get("/api/lexicon").json()["entries"]
    del entries["X"]  # without the entry, X is spelled letter by letter: 엑스 all the same
    answer = client.put("/api/lexicon", json={"entries": entries})
    assert answer.json()["changed_segments"] == 0
    assert _keys(client, sample_id) == keys


def test_the_lexicon_survives_a_restart(settings):
    with TestClient(create_app(settings), headers=_auth(settings)) as first:
        assert first.put("/api/lexicon", json={"entries": {"Tesla": "테슬라 모터스"}}).status_code == 200
    with TestClient(create_app(settings)) as second:
        assert second.get("/api/lexicon").json() == {"entries": {"Tesla": "테슬라 모터스"}, "notes": {}}


def test_the_lexicon_path_setting_chooses_the_file(tmp_path, settings, sample_json):
    path = tmp_path / "publisher" / "words.txt"
    path.parent.mkdir()
    path.write_text("# 이 발행사의 사전\nCEO = 최고경영자\n", encoding="utf-8")
    settings = _with(settings, lexicon_path=path)
    with TestClient(create_app(settings), headers=_auth(settings)) as client:
        assert client.get("/api/lexicon").json() == {"entries": {"CEO": "최고경영자"}, "notes": {}}
        article_id = client.post("/api/articles", json=sample_json).json()["id"]
        segments = client.get(f"/api/articles/{article_id}").json()["segments"]
        # '최고경영자(CEO)' is now '최고경영자(최고경영자)', and a gloss that repeats is said once.
        assert segments[4]["spoken"].startswith("테슬라 최고경영자 일론 머스크는 사 일")
        client.put("/api/lexicon", json={"entries": {"CEO": "시이오"}})
    assert path.read_text(encoding="utf-8").endswith("CEO = 시이오\n")
    assert not (settings.data_dir / "lexicon.txt").exists()


def test_a_malformed_body_is_a_client_error(client):
    assert client.put("/api/lexicon", json={"entries": ["X", "엑스"]}).status_code == 422
    plain_text = "X = 엑스".encode()
    assert client.put("/api/lexicon", content=plain_text, headers={"content-type": "text/plain"}).status_code == 422


def test_a_file_broken_by_hand_keeps_the_last_good_lexicon(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("Tesla = 테슬라 모터스\n", encoding="utf-8")
    lexicon = LexiconFile(path)
    assert lexicon.current().entries == {"Tesla": "테슬라 모터스"}
    path.write_text("Tesla = 테슬라 모터스\nSpaceX\n", encoding="utf-8")
    assert lexicon.current().entries == {"Tesla": "테슬라 모터스"}
    with pytest.raises(LexiconError, match="2번째 줄"):
        LexiconFile(path).current()  # nothing good read before: the error is the answer


@pytest.mark.parametrize("pregenerate", [True, False])
def test_articles_whose_words_changed_are_queued_for_their_new_audio(settings, sample_json, pregenerate):
    # No app, so no worker: the queue stays as the service left it.
    service = Service.from_settings(_with(settings, pregenerate=pregenerate))
    sample, _ = service.ingest(Article.model_validate(sample_json))
    other, _ = service.ingest(Article.model_validate(OTHER_ARTICLE))
    for stored in (sample, other):
        service.store.unqueue_pregen(stored.id)  # as if their audio had been made
    service.replace_lexicon(Lexicon({**service.lexicon.current().entries, "X": "엑스 플랫폼"}))
    queued = [article_id for _, article_id in service.store.pregen_queue()]
    assert queued == ([sample.id] if pregenerate else [])


def test_a_put_without_notes_keeps_the_notes_of_the_entries_that_stay(client, settings):
    """The desk writes a note with an entry; a CMS that PUTs back what GET gave loses none of it."""
    client.app.state.service.set_lexicon_entry("Vantor", "반토르", note="회사 측 발음 요청 (2024-11-05)")
    given = client.get("/api/lexicon").json()
    assert given["notes"] == {"Vantor": "회사 측 발음 요청 (2024-11-05)"}

    kept = client.put("/api/lexicon", json={"entries": {**given["entries"], "Tesla": "테슬라 모터스"}})
    assert kept.status_code == 200, kept.text
    assert kept.json()["notes"] == {"Vantor": "회사 측 발음 요청 (2024-11-05)"}
    assert "#: 회사 측 발음 요청 (2024-11-05)\nVantor = 반토르\n" in settings.lexicon_file.read_text(encoding="utf-8")

    noted = client.put("/api/lexicon", json={"entries": given["entries"], "notes": {"X": "옛 트위터"}})
    assert noted.json()["notes"] == {"X": "옛 트위터"}  # notes given: exactly these
    dropped = client.put("/api/lexicon", json={"entries": {"Tesla": "테슬라"}})
    assert dropped.json()["notes"] == {}  # the entry went, and its note with it
    assert client.get("/api/lexicon").json()["notes"] == {}

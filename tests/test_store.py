"""The store as the service uses it, run against the SQLite file and a real PostgreSQL alike; then what
only PostgreSQL has: `a11y db upgrade`, the schema check at open, and a server that goes away and
comes back (the same store object, and the web app, answer again without a restart)."""

import shutil
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from a11y.article import Article
from a11y.cli import main
from a11y.script import Segment
from a11y.service import Service
from a11y.store import AudioRecord, PostgresStore, SchemaOutdated, Store, StoreUnavailable, open_store, upgrade
from a11y.store.postgres import CHANNEL, POOL_TIMEOUT_S, upgrade_database
from a11y.store.schema import migrations
from a11y.web.app import create_app
from harness import AUTH, SAMPLE_JSON, make_settings
from postgres import postgres_server

NOTIFY_WAIT_S = 10.0  # another process's write reaches this one's data_version within this (NOTIFY)
# A call while the server is down gives up after the pool's timeout; some slack for a busy machine.
OUTAGE_ANSWER_S = POOL_TIMEOUT_S + 3.0
RECOVERY_WAIT_S = 20.0
ALL_MIGRATIONS = [f"postgres {m.version:04d}_{m.name}" for m in migrations("postgres")]


def article(n: int, title: str = "", published: str | None = "2024-11-05T16:19:00+09:00") -> Article:
    return Article.model_validate(
        {
            "title": title or f"머스크 타운홀미팅 취소 {n}호",
            "published": published,
            "source_url": f"https://news.example.kr/articles/{n}",
            "blocks": [{"type": "paragraph", "text": f"테슬라 최고경영자(CEO) 일론 머스크는 {n}일 말했다."}],
        }
    )


def segments(n: int, *spoken: str) -> list[Segment]:
    """One title segment and a paragraph per spoken text; keys say what they say."""
    texts = [f"제목 {n}", *(spoken or [f"본문 {n}"])]
    return [
        Segment(i, "title" if i == 0 else "paragraph", text, text, f"key-{text}") for i, text in enumerate(texts)
    ]


@pytest.fixture(params=["sqlite", "postgres"])
def open_same(request, tmp_path):
    """Opens a store on one database, a new store object (its own connections) at each call: the
    SQLite file or a fresh PostgreSQL database with its schema made by upgrade()."""
    if request.param == "sqlite":
        settings = make_settings(tmp_path)
    else:
        settings = make_settings(tmp_path, database_url=request.getfixturevalue("postgres_url"))
        upgrade(settings)
    opened = []

    def open_():
        opened.append(open_store(settings))
        return opened[-1]

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def store(open_same):
    return open_same()


def test_save_then_get_gives_back_the_korean_article_and_the_same_source_updates_it_in_place(store):
    first, created = store.save(article(1), segments(1, "첫 문단입니다."))
    assert created
    assert store.get(first.id).article == article(1)
    assert store.get(first.id).article.title == "머스크 타운홀미팅 취소 1호"

    retitled = article(1, title="‘엑스’ 타운홀미팅, 기술 오류로 취소…“다시 연다”")
    second, created = store.save(retitled, segments(1, "고친 문단입니다.", "새 문단입니다."))
    assert not created
    assert second.id == first.id
    again = store.get(first.id)
    assert again.article.title == "‘엑스’ 타운홀미팅, 기술 오류로 취소…“다시 연다”"
    assert again.created_at == first.created_at
    assert again.updated_at == second.updated_at > first.updated_at
    assert store.count() == 1
    assert store.ids() == [first.id]
    assert store.segment_rows(first.id) == [
        (0, "key-제목 1", "제목 1"),
        (1, "key-고친 문단입니다.", "고친 문단입니다."),
        (2, "key-새 문단입니다.", "새 문단입니다."),
    ]
    assert store.spoken_text("key-새 문단입니다.") == "새 문단입니다."
    assert store.spoken_text("key-첫 문단입니다.") is None
    assert store.get("000000000000") is None


def test_newest_pages_by_publication_time_then_articles_without_one(store):
    times = {1: "2024-11-03T09:00:00+09:00", 2: "2024-11-05T16:19:00+09:00", 3: None, 4: "2024-11-04T23:59:59+09:00"}
    saved = {n: store.save(article(n, published=when), segments(n))[0].id for n, when in times.items()}
    order = [saved[2], saved[4], saved[1], saved[3]]
    assert [s.id for s in store.newest()] == order
    assert [s.id for s in store.newest(2)] == order[:2]
    assert [s.id for s in store.newest(2, 2)] == order[2:]
    assert store.newest(2, 4) == []
    versions = store.newest_versions(3)
    assert [key for key, _ in versions] == order[:3]
    assert [version for _, version in versions] == [store.stamp(key)[0] for key in order[:3]]
    assert store.ids() == [saved[n] for n in (1, 2, 3, 4)]  # oldest first
    assert store.count() == 4


def test_delete_takes_the_segments_and_queue_place_with_the_article(store):
    kept = store.save(article(1), segments(1, "남는 문단"))[0].id
    gone = store.save(article(2), segments(2, "사라질 문단"))[0].id
    store.queue_pregen(gone)
    store.queue_pregen(kept)
    assert store.delete(gone)
    assert store.get(gone) is None
    assert store.segment_rows(gone) == []
    assert store.spoken_text("key-사라질 문단") is None
    assert store.segment_keys() == {"key-제목 1", "key-남는 문단"}
    assert [article_id for _, article_id in store.pregen_queue()] == [kept]
    assert not store.delete(gone)
    assert store.count() == 1


def test_refresh_segments_rewrites_only_what_the_new_script_changes(store):
    one = store.save(article(1), segments(1, "가", "나"))[0].id
    two = store.save(article(2), segments(2, "다"))[0].id

    def script(changed: Article) -> list[Segment]:
        if changed.title.endswith("1호"):
            return segments(1, "가", "나(새 읽기)")
        return segments(2, "다", "라")  # one more segment than before

    assert store.refresh_segments(script) == {one: 1, two: 3}
    assert [key for _, key, _ in store.segment_rows(one)] == ["key-제목 1", "key-가", "key-나(새 읽기)"]
    assert [spoken for _, _, spoken in store.segment_rows(two)] == ["제목 2", "다", "라"]
    assert store.refresh_segments(script) == {}
    assert store.refresh_segments(lambda a: segments(1, "바뀜"), may_change=lambda a: False) == {}
    assert store.segment_rows(one)[2][2] == "나(새 읽기)"


def test_audio_records_by_key_and_the_stamp_follow_each_outcome(store):
    key = store.save(article(1), segments(1, "본문"))[0].id
    assert store.stamp(key)[1:] == (0, "")
    store.record_audio("key-제목 1", "ready", voice="espeak-ko")
    store.record_audio("key-본문", "failed", reason="목소리가 응답하지 않음")
    assert store.audio_records(["key-제목 1", "key-본문", "key-없음"]) == {
        "key-제목 1": AudioRecord("ready", "espeak-ko"),
        "key-본문": AudioRecord("failed", reason="목소리가 응답하지 않음"),
    }
    first = store.stamp(key)
    assert first[1] == 2 and first[2] >= first[0]
    store.record_audio("key-본문", "ready", voice="espeak-ko", fallback=True)
    record = store.audio_records(["key-본문"])["key-본문"]
    assert (record.state, record.voice, record.fallback, record.reason) == ("ready", "espeak-ko", True, None)
    assert store.stamp(key)[1] == 2 and store.stamp(key)[2] > first[2]
    assert store.audio_records([]) == {}
    assert store.stamp("000000000000") is None


def test_an_article_saved_for_pregeneration_is_queued_with_its_save_and_once(store):
    queued = store.save(article(1), segments(1), queue=True)[0].id
    plain = store.save(article(2), segments(2))[0].id
    again = store.save(article(1, title="고쳐 쓴 제목"), segments(1), queue=True)[0].id  # the same source, updated
    assert again == queued
    assert [key for _, key in store.pregen_queue()] == [queued]
    assert plain not in {key for _, key in store.pregen_queue()}


def test_ingest_queues_pregeneration_in_the_articles_own_transaction(tmp_path, monkeypatch):
    """A process killed between storing an article and queueing it would leave it never made ahead:
    the ingest makes no second write for the queue."""
    service = Service.from_settings(make_settings(tmp_path, pregenerate=True))
    monkeypatch.setattr(service.store, "queue_pregen", lambda _id: pytest.fail("a second write to queue it"))
    stored, _created = service.ingest(article(1))
    assert [key for _, key in service.store.pregen_queue()] == [stored.id]


def test_the_pregen_queue_keeps_arrival_order_and_a_requeued_article_its_place(store):
    ids = [store.save(article(n), segments(n))[0].id for n in range(3)]
    for key in (ids[2], ids[0], ids[2], ids[1]):
        store.queue_pregen(key)
    queue = store.pregen_queue()
    assert [key for _, key in queue] == [ids[2], ids[0], ids[1]]
    assert [place for place, _ in queue] == sorted(place for place, _ in queue)
    assert store.pregen_queue_length() == 3
    store.unqueue_pregen(ids[0])
    store.unqueue_pregen(ids[0])
    assert [key for _, key in store.pregen_queue()] == [ids[2], ids[1]]
    assert store.pregen_queue_length() == 2


def test_data_version_moves_with_this_stores_and_another_stores_writes_and_stands_otherwise(open_same):
    store, other = open_same(), open_same()
    before = store.data_version()
    key = store.save(article(1), segments(1))[0].id
    assert store.data_version() != before  # at once: its own write

    seen = store.data_version()
    other.record_audio("key-제목 1", "ready", voice="espeak-ko")
    assert _changes(store.data_version, seen, NOTIFY_WAIT_S), "another store's write never reached data_version"

    settled = store.data_version()
    store.get(key), store.newest(), store.stamp(key), store.count(), store.pregen_queue()
    assert store.data_version() == settled  # reads change nothing


def test_a_postgres_store_is_returned_already_listening_for_other_processes_writes(postgres_url, tmp_path):
    """Otherwise a write made just as it opens would move its data_version twice, once when its
    listener connects and again when the write's NOTIFY arrives, and a cache could settle between."""
    upgrade(make_settings(tmp_path, database_url=postgres_url))

    with psycopg.connect(postgres_url, autocommit=True) as watcher:
        store = PostgresStore(postgres_url)
        try:
            listening = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = %s",
                (f"LISTEN {CHANNEL}",),
            ).fetchone()[0]
        finally:
            store.close()
    assert listening == 1


def test_a_writable_store_passes_its_check(store):
    store.check()


def test_a_sqlite_store_whose_folder_is_gone_fails_the_check(tmp_path):
    store = Store(tmp_path / "data" / "a11y.sqlite3")
    try:
        shutil.rmtree(tmp_path / "data")
        (tmp_path / "data").write_text("a file where the folder was")
        with pytest.raises(StoreUnavailable, match="저장소에 쓸 수 없습니다"):
            store.check()
    finally:
        store.close()


# PostgreSQL only


def test_db_upgrade_makes_the_schema_once_and_again_changes_nothing(postgres_url, tmp_path):
    environment = {"A11Y_DATABASE_URL": postgres_url, "A11Y_DATA_DIR": str(tmp_path / "data")}
    first = CliRunner().invoke(main, ["db", "upgrade"], env=environment)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [*(f"applied {name}" for name in ALL_MIGRATIONS), "the database schema is up to date"]
    again = CliRunner().invoke(main, ["db", "upgrade"], env=environment)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == ["the database schema is up to date"]
    store = open_store(make_settings(tmp_path, database_url=postgres_url))
    try:
        assert store.count() == 0
    finally:
        store.close()


def test_db_upgrade_against_no_server_says_so_in_one_line(tmp_path):
    from loopback import free_port

    url = f"postgresql://nobody@127.0.0.1:{free_port()}/a11y"
    result = CliRunner().invoke(main, ["db", "upgrade"], env={"A11Y_DATABASE_URL": url, "A11Y_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot upgrade the database: 데이터베이스가 응답하지 않습니다")
    assert len(result.output.strip().splitlines()) == 1


def test_two_nodes_upgrading_at_once_both_succeed_and_the_schema_is_made_once(postgres_url):
    results, errors = [], []

    def node():
        try:
            results.append(upgrade_database(postgres_url))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=node) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [[], ALL_MIGRATIONS]


def test_open_store_gives_postgres_for_a_database_url_and_the_sqlite_file_without(postgres_url, tmp_path):
    upgrade_database(postgres_url)
    postgres = open_store(make_settings(tmp_path, database_url=postgres_url))
    sqlite = open_store(make_settings(tmp_path))
    try:
        assert isinstance(postgres, PostgresStore)
        assert isinstance(sqlite, Store) and sqlite.path == make_settings(tmp_path).database_path
    finally:
        postgres.close()
        sqlite.close()


def test_opening_a_database_without_the_schema_says_to_run_db_upgrade(postgres_url, tmp_path):
    with pytest.raises(SchemaOutdated, match="run `a11y db upgrade`"):
        PostgresStore(postgres_url)
    with pytest.raises(SchemaOutdated, match="`a11y db upgrade`를 실행하세요"):
        Service.from_settings(make_settings(tmp_path, database_url=postgres_url))


@pytest.fixture(scope="module")
def own_server():
    """A PostgreSQL server of this module's own, for the tests that stop it (not the shared one)."""
    with postgres_server() as server:
        yield server


def test_a_stopped_server_gives_store_unavailable_quickly_and_the_same_store_recovers(own_server, tmp_path):
    url = own_server.fresh_database()
    upgrade_database(url)
    store = PostgresStore(url)
    try:
        acknowledged = [store.save(article(n), segments(n))[0].id for n in range(3)]
        store.record_audio("key-제목 0", "ready", voice="espeak-ko")
        store.queue_pregen(acknowledged[1])
        version = store.data_version()

        with _outage(own_server):
            for call in (lambda: store.get(acknowledged[0]), lambda: store.save(article(9), segments(9)), store.check):
                started = time.monotonic()
                with pytest.raises(StoreUnavailable, match="데이터베이스가 응답하지 않습니다"):
                    call()
                assert time.monotonic() - started < OUTAGE_ANSWER_S

        assert _answers(store.count, RECOVERY_WAIT_S) == 3
        assert sorted(store.ids()) == sorted(acknowledged)
        assert store.get(acknowledged[2]).article == article(2)
        assert store.audio_records(["key-제목 0"])["key-제목 0"].voice == "espeak-ko"
        assert [key for _, key in store.pregen_queue()] == [acknowledged[1]]
        assert store.data_version() != version  # caches read before the outage are not trusted after
        store.save(article(10), segments(10))
        assert store.count() == 4
    finally:
        store.close()


def test_the_web_answers_503_with_retry_after_during_an_outage_and_the_article_after(own_server, tmp_path):
    url = own_server.fresh_database()
    upgrade_database(url)
    settings = make_settings(tmp_path, database_url=url)
    with TestClient(create_app(settings), headers=AUTH) as client:
        posted = client.post("/api/articles", content=SAMPLE_JSON.read_bytes(), headers={"Content-Type": "application/json"})
        assert posted.status_code in (200, 201), posted.text
        key = posted.json()["id"]
        before = client.get(f"/api/articles/{key}").json()

        with _outage(own_server):
            answer = client.get(f"/api/articles/{key}")
            assert answer.status_code == 503
            assert int(answer.headers["Retry-After"]) > 0
            assert answer.json()["detail"]

        deadline = time.monotonic() + RECOVERY_WAIT_S
        while (answer := client.get(f"/api/articles/{key}")).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert answer.status_code == 200
        assert answer.json() == before
        assert answer.json()["title"] == "기술오류가 막는 트럼프 지지?...‘엑스’ 타운홀미팅 취소"


@contextmanager
def _outage(server):
    """The server stopped for the block, started again after it (an assertion failing within too)."""
    server.stop()
    try:
        yield
    finally:
        server.start()


def _changes(read, value, within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while read() == value:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _answers(call, within_s: float):
    """call()'s result once the store answers again (the pool reconnects by itself)."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            return call()
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize("command", [["say", "물가 3.5% 올라"], ["script", "0123456789ab"], ["synth"], ["cache", "stats"]])
def test_any_command_meeting_a_database_that_does_not_answer_says_so_in_one_line(command, tmp_path):
    from loopback import free_port

    url = f"postgresql://nobody@127.0.0.1:{free_port()}/a11y"
    result = CliRunner().invoke(main, command, env={"A11Y_DATABASE_URL": url, "A11Y_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1, result.output
    assert "데이터베이스가 응답하지 않습니다" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_any_command_on_a_database_without_the_schema_says_to_run_db_upgrade(postgres_url, tmp_path):
    result = CliRunner().invoke(main, ["say", "안녕"], env={"A11Y_DATABASE_URL": postgres_url, "A11Y_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1, result.output
    assert "a11y db upgrade" in result.output and len(result.output.strip().splitlines()) == 1

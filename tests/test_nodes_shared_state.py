"""Two web nodes on one PostgreSQL database share what each once kept in its own data folder: the
publisher lexicon, the narration basis and the desk's sessions (issue 16: "web nodes hold nothing
of their own"). Each node is a real app with a data folder of its own; only the database is shared."""

import threading
import time

import psycopg
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from a11y.article import Article, Paragraph
from a11y.service import Service
from a11y.speech import Lexicon
from a11y.store import upgrade
from a11y.store.postgres import PostgresStore
from a11y.web.app import create_app
from harness import TOKEN, FakeClock, make_settings

NOTIFY_WAIT_S = 10.0  # a write on one node reaches another's data_version within this (NOTIFY)
OVERLAP_WAIT_S = 2.0  # how long the first re-key holds on, so that a second one could start meanwhile
VANTOR = Article(
    title="Vantor 새 공장 착공",
    source_url="https://news.example.kr/nodes/vantor",
    blocks=(Paragraph(text="Vantor는 지난해 매출이 크게 늘었다."), Paragraph(text="군은 도로를 넓힌다.")),
)
LOCAL_FILES = ("lexicon.txt", "script-basis.json", "desk_sessions.sqlite3")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def node_settings(tmp_path, postgres_url):
    """Settings for node `name`: its own data folder and audio folder, the shared database."""
    upgrade(make_settings(tmp_path / "upgrade", database_url=postgres_url))

    def settings(name: str):
        return make_settings(tmp_path / name, database_url=postgres_url)

    return settings


@pytest.fixture
def nodes(node_settings, clock):
    """Two apps, A and B, on the one database; the lexicon starts empty."""
    apps = [create_app(node_settings(name), clock=clock) for name in ("a", "b")]
    apps[0].state.service.lexicon.replace(Lexicon({}))
    yield apps
    for app in apps:
        app.state.service.store.close()


def login(client: TestClient) -> None:
    assert client.post("/desk/login", data={"token": TOKEN}, follow_redirects=False).status_code == 303


def csrf_of(client: TestClient) -> str:
    return BeautifulSoup(client.get("/desk").text, "html.parser").find("input", {"name": "csrf"})["value"]


def spoken_and_keys(client: TestClient, article_id: str) -> list[tuple[str, str]]:
    segments = client.get(f"/api/articles/{article_id}").json()["segments"]
    return [(segment["spoken"], segment["key"]) for segment in segments]


def eventually(read, within_s: float = NOTIFY_WAIT_S):
    """read()'s first true answer, waiting for another node's NOTIFY to arrive."""
    deadline = time.monotonic() + within_s
    while not (answer := read()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return answer


def test_a_lexicon_entry_made_at_node_a_desk_is_spoken_by_node_b_without_a_restart(nodes):
    app_a, app_b = nodes
    article_id = app_a.state.service.ingest(VANTOR)[0].id
    node_b = TestClient(app_b)
    before = spoken_and_keys(node_b, article_id)
    assert not any("반토르" in spoken for spoken, _ in before)
    page_before = node_b.get(f"/articles/{article_id}").text  # B's page cache now holds the old page
    assert before[0][1] in page_before

    editor = TestClient(app_a)
    login(editor)
    answer = editor.post("/desk/lexicon", data={"csrf": csrf_of(editor), "word": "Vantor", "reading": "반토르"})
    assert answer.status_code == 200

    after = eventually(lambda: (found := spoken_and_keys(node_b, article_id)) != before and found)
    assert after, "node B never spoke the new entry"
    assert [spoken for spoken, _ in after] == [
        "반토르 새 공장 착공", "반토르는 지난해 매출이 크게 늘었다.", "군은 도로를 넓힌다."
    ]
    # The keys B asks audio by are the ones the store now holds (re-keyed once, by A).
    assert [key for _, key in after] == [key for _, key, _ in app_b.state.service.store.segment_rows(article_id)]
    assert after[2] == before[2]  # a segment without the word keeps its key and its audio
    page_after = node_b.get(f"/articles/{article_id}").text
    assert after[0][1] in page_after and before[0][1] not in page_after
    assert node_b.get("/api/lexicon").json()["entries"] == {"Vantor": "반토르"}


def test_a_lexicon_change_through_a_service_reaches_a_worker_and_only_when_it_changes(node_settings, nodes):
    app_a, _ = nodes
    worker = Service.from_settings(node_settings("worker"))  # what `a11y worker` builds
    try:
        version = worker.lexicon.version()
        assert worker.lexicon.current() is worker.lexicon.current()  # unchanged: the same, nothing parsed
        app_a.state.service.set_lexicon_entry("Vantor", "반토르")
        assert eventually(lambda: worker.lexicon.version() != version)
        assert worker.script(VANTOR)[0].spoken == "반토르 새 공장 착공"
        app_a.state.service.remove_lexicon_entry("Vantor")
        assert eventually(lambda: "Vantor" not in worker.lexicon.current().entries)
    finally:
        worker.store.close()


def test_the_first_node_stores_its_lexicon_file_for_all(node_settings):
    first, second = node_settings("a"), node_settings("b")
    first.lexicon_file.parent.mkdir(parents=True)
    first.lexicon_file.write_text("Vantor = 반토르\n", encoding="utf-8")
    services = [Service.from_settings(first), Service.from_settings(second)]
    try:
        assert [service.lexicon.current().entries for service in services] == [{"Vantor": "반토르"}] * 2
        assert not second.lexicon_file.exists()
    finally:
        for service in services:
            service.store.close()


def test_two_nodes_starting_on_a_new_narration_basis_re_key_once(node_settings, postgres_url, monkeypatch):
    first = Service.from_settings(node_settings("before"))
    article_id = first.ingest(VANTOR)[0].id
    keys = [key for _, key, _ in first.store.segment_rows(article_id)]
    first.store.close()
    with psycopg.connect(postgres_url, autocommit=True) as db:  # as an older release left them
        db.execute("""UPDATE script_basis SET basis = '{"voice": "espeak", "normalizer": 0, "format": "old"}'""")
        db.execute("UPDATE segments SET key = 'old-' || key")

    calls = []
    second_call = threading.Event()
    refresh = PostgresStore.refresh_segments

    def counted(store, *args, **kwargs):
        calls.append(store)
        if len(calls) == 1:  # hold on: a node not kept out by the first would re-key meanwhile
            second_call.wait(OVERLAP_WAIT_S)
        else:
            second_call.set()
        return refresh(store, *args, **kwargs)

    monkeypatch.setattr(PostgresStore, "refresh_segments", counted)
    start = threading.Barrier(2)
    services = []

    def start_node(name: str) -> None:
        start.wait()
        services.append(Service.from_settings(node_settings(name)))

    threads = [threading.Thread(target=start_node, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert len(services) == 2 and len(calls) == 1
        for service in services:
            assert [key for _, key, _ in service.store.segment_rows(article_id)] == keys
            assert service.refresh_script() == {}
        assert len(calls) == 1
    finally:
        for service in services:
            service.store.close()


def test_a_desk_session_from_node_a_opens_node_b_and_a_logout_on_a_ends_it_on_b(nodes, node_settings):
    app_a, app_b = nodes
    editor = TestClient(app_a)
    login(editor)
    node_b = TestClient(app_b)
    node_b.cookies.set("a11y_desk", editor.cookies["a11y_desk"], path="/desk")
    assert node_b.get("/desk", follow_redirects=False).status_code == 200

    assert editor.post("/desk/logout", data={"csrf": csrf_of(editor)}, follow_redirects=False).status_code == 303
    answer = node_b.get("/desk", follow_redirects=False)
    assert answer.status_code == 303 and "/desk/login" in answer.headers["location"]
    # Nothing of this lives in the nodes' own folders.
    for name in ("a", "b"):
        data_dir = node_settings(name).data_dir
        assert [found for found in LOCAL_FILES if (data_dir / found).exists()] == []


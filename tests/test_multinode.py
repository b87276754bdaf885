"""Beyond one machine, with real processes: two web nodes (`a11y serve`, Granian), `a11y worker`
processes, one PostgreSQL (upgraded with `a11y db upgrade`) and one audio folder they share
(A11Y_AUDIO_STORE=file://…), each node with its own data and cache folders.

An article posted to one node reads and plays on the other, every segment made once by the workers
and no audio in the web nodes' own folders; a worker killed mid-article is replaced by the other;
PostgreSQL stopped for a moment makes both nodes answer 503 with Retry-After, and they recover by
themselves without losing a write they acknowledged.

The nodes and the database are started once for the module (module-scoped fixture); each test starts
the workers it needs. The PostgreSQL server is this module's own: the last test stops it."""

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest
from bs4 import BeautifulSoup
from harness import AUTH, TOKEN
from loopback import free_port
from postgres import PostgresServer, postgres_server
from queue_worker import counted

from a11y.audio.encoding import decode_mp3

HERE = Path(__file__).resolve().parent
WORKER = HERE / "multinode_worker.py"
START_WAIT_S = 30.0  # a node imports lxml, pydub and the normalizer; a loaded machine takes a while
AUDIO_WAIT_S = 60.0
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@dataclass
class Node:
    name: str
    base: str
    root: Path  # its own data_dir and audio_cache_dir are under here
    process: subprocess.Popen


@dataclass
class Cluster:
    server: PostgresServer
    database_url: str
    root: Path
    shared: Path  # the audio folder every process uses
    nodes: list[Node] = field(default_factory=list)

    def env(self, own: Path, **more: str) -> dict[str, str]:
        """What a process on one machine of the cluster is configured with: the shared database,
        queue and audio folder, and folders of its own."""
        return {
            **os.environ,
            "PYTHONPATH": str(HERE.parent),
            "A11Y_DATABASE_URL": self.database_url,
            "A11Y_JOBS": "queue",
            "A11Y_AUDIO_STORE": f"file://{self.shared}",
            "A11Y_DATA_DIR": str(own / "data"),
            "A11Y_AUDIO_CACHE_DIR": str(own / "audio_cache"),
            "A11Y_ENGINES": "espeak",
            "A11Y_PUBLISHER_TOKEN": TOKEN,
            **more,
        }


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    root = tmp_path_factory.mktemp("multinode")
    with postgres_server() as server:
        cluster = Cluster(server, server.fresh_database(), root, root / "shared")
        upgraded = subprocess.run(
            [sys.executable, "-m", "a11y", "db", "upgrade"],
            env=cluster.env(root / "admin"), capture_output=True, text=True, timeout=60,
        )
        assert upgraded.returncode == 0, upgraded.stderr
        assert "job queue (Procrastinate)" in upgraded.stdout
        try:
            for name in ("a", "b"):
                cluster.nodes.append(_start_node(cluster, name))
            for node in cluster.nodes:
                _wait_until_up(node)
            yield cluster
        finally:
            for node in cluster.nodes:
                _end(node.process)


def _start_node(cluster: Cluster, name: str) -> Node:
    own, port = cluster.root / f"node-{name}", free_port()
    own.mkdir()
    # The tests post faster than a publisher does: the per-address write limit is not under test here.
    env = cluster.env(own, A11Y_PORT=str(port), A11Y_WRITE_BURST="1000")
    with open(own / "serve.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "a11y", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
        )
    return Node(name, f"http://127.0.0.1:{port}", own, process)


def _wait_until_up(node: Node) -> None:
    deadline = time.monotonic() + START_WAIT_S
    while True:
        try:
            if httpx.get(f"{node.base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert node.process.poll() is None, f"node {node.name} exited: {(node.root / 'serve.log').read_text()}"
        assert time.monotonic() < deadline, f"node {node.name} did not start"
        time.sleep(0.1)


def _end(process: subprocess.Popen) -> None:
    """Stop a process started in a session of its own, and whatever it started (Granian's workers):
    SIGTERM, then SIGKILL to its process group if it has not gone within 10 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            pass
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)


@contextmanager
def workers(cluster: Cluster, *delays_s: float):
    """`a11y worker` processes with logged voices, `delays_s[i]` slower each (`.log`: the voice's log).
    Stopped with SIGTERM at the end (the job in hand finished), killed if they do not stop."""
    started: list[subprocess.Popen] = []
    try:
        for delay_s in delays_s:
            started.append(start_worker(cluster, delay_s))
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                _end(process)


def start_worker(cluster: Cluster, delay_s: float) -> subprocess.Popen:
    own = cluster.root / f"worker-{time.monotonic_ns()}"
    own.mkdir()
    with open(own / "worker.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, str(WORKER), str(delay_s), str(own / "voice.log")],
            env=cluster.env(own), stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        )
    process.log = own / "voice.log"
    return process


def workers_alive(url: str) -> int:
    """Workers that told the queue they are alive in the last 2 s (a killed one's row stays a while)."""
    with psycopg.connect(url) as db:
        query = "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > now() - interval '2 seconds'"
        return db.execute(query).fetchone()[0]


def wait_for(condition, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while not (found := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)
    return found


def article_json(name: str, paragraphs: int) -> dict:
    """An article whose title and paragraphs are one sentence each, all different (one synthesis each)."""
    return {
        "title": f"{name} 소식",
        "source_url": f"https://example.com/multinode/{name}",
        "blocks": [
            {"type": "paragraph", "text": f"{name}의 {place}번째 문단입니다."} for place in range(1, paragraphs + 1)
        ],
    }


def post(node: Node, body: dict) -> httpx.Response:
    return httpx.post(f"{node.base}/api/articles", json=body, headers=AUTH, timeout=30)


def without_base(value, base: str):
    """The API's answer with this node's own address taken out of its URLs (each node says its own)."""
    if isinstance(value, dict):
        return {name: without_base(item, base) for name, item in value.items()}
    if isinstance(value, list):
        return [without_base(item, base) for item in value]
    return value.replace(base, "") if isinstance(value, str) else value


def assert_retry_later(answer: httpx.Response, what: str) -> None:
    assert answer.status_code == 503, (what, answer.status_code, answer.text)
    assert answer.headers["Retry-After"].isdigit(), what
    assert answer.headers["Cache-Control"] == "no-store", what
    assert isinstance(answer.json()["detail"], str) and answer.json()["detail"], what


def assert_plays(answer: httpx.Response, what: str) -> None:
    assert answer.status_code == 200, (what, answer.status_code, answer.text)
    assert answer.headers["content-type"] == "audio/mpeg", what
    assert decode_mp3(answer.content).duration_seconds > 0, what


def syntheses(logs: list[Path]) -> tuple[dict[str, int], dict[str, int]]:
    """(started, finished): how many times each text was, across every log."""
    started: dict[str, int] = {}
    finished: dict[str, int] = {}
    for log in logs:
        counts = counted(log)
        for text, times in counts["start"].items():
            started[text] = started.get(text, 0) + times
        for text, times in counts["done"].items():
            finished[text] = finished.get(text, 0) + times
    return started, finished


def audio_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.mp3"))


def test_an_article_posted_to_one_node_reads_and_plays_on_the_other_each_segment_made_once(cluster):
    a, b = cluster.nodes
    with workers(cluster, 1.5, 1.5) as (first, second):
        wait_for(lambda: workers_alive(cluster.database_url) == 2, START_WAIT_S, "both workers to start")
        body = article_json("다중노드", paragraphs=3)
        posted = post(a, body)
        assert posted.status_code == 201, posted.text
        article_id = posted.json()["id"]

        # On node B every segment waits for a worker: 503, ask again. Each voice waits 1.5 s before it
        # speaks, so nothing can be made yet.
        segment_urls = [segment["audio_url"].replace(a.base, b.base) for segment in posted.json()["segments"]]
        with ThreadPoolExecutor(len(segment_urls)) as pool:
            waiting = list(pool.map(lambda url: httpx.get(url, timeout=10), segment_urls))
        for url, answer in zip(segment_urls, waiting):
            assert_retry_later(answer, url)

        # Node B reads the article as node A does (each names its own address in the URLs).
        read_a = httpx.get(f"{a.base}/api/articles/{article_id}", timeout=10).json()
        read_b = httpx.get(f"{b.base}/api/articles/{article_id}", timeout=10)
        assert read_b.status_code == 200
        assert without_base(read_b.json(), b.base) == without_base(read_a, a.base)
        segments = read_b.json()["segments"]
        assert [segment["audio_url"] for segment in segments] == segment_urls and len(segments) == 4
        page = httpx.get(f"{b.base}/articles/{article_id}", timeout=10)
        assert page.status_code == 200
        soup = BeautifulSoup(page.text, "html.parser")
        assert soup.find("h1").get_text(strip=True) == body["title"]
        shown = soup.get_text(" ", strip=True)
        assert all(block["text"] in shown for block in body["blocks"])

        # The workers make the audio into the shared folder; node B serves it.
        started_s = time.monotonic()
        for segment in segments:
            answer = wait_for(lambda: _ready(segment["audio_url"]), AUDIO_WAIT_S, f"{segment['audio_url']} to be made")
            assert_plays(answer, segment["audio_url"])
        made_s = time.monotonic() - started_s
        whole_url = f"{b.base}/articles/{article_id}/audio.mp3"
        assert_retry_later(httpx.get(whole_url, timeout=10), whole_url)  # asked now: a worker builds it
        whole = wait_for(lambda: _ready(whole_url), AUDIO_WAIT_S, "the whole-article file")
        assert_plays(whole, whole_url)
        assert whole.headers["X-A11y-Audio"] == "complete"
        assert decode_mp3(whole.content).duration_seconds > sum(
            decode_mp3(httpx.get(segment["audio_url"], timeout=10).content).duration_seconds for segment in segments
        ) * 0.9
        logs = [first.log, second.log]
    assert first.returncode == second.returncode == 0  # SIGTERM: each stopped cleanly

    started, finished = syntheses(logs)
    spoken = {segment["spoken"] for segment in segments}
    assert finished == {text: 1 for text in spoken}  # every segment made once across both workers
    assert started == finished
    assert all(counted(log)["done"] for log in logs), "both workers took a share"
    print(f"4 segments made in {made_s:.1f} s by two workers")
    # The audio lives in the shared folder only; the web nodes' own folders hold none.
    assert len(audio_files(cluster.shared)) >= len(segments) + 1
    for node in cluster.nodes:
        assert audio_files(node.root) == [], node.name


def _ready(url: str) -> httpx.Response | None:
    answer = httpx.get(url, timeout=10)
    if answer.status_code == 503:
        assert answer.headers["Retry-After"].isdigit()
        return None
    return answer


def test_a_worker_killed_mid_article_is_replaced_and_nothing_is_made_twice(cluster):
    a, b = cluster.nodes
    with workers(cluster, 30.0, 0.3) as (doomed, rescuer):
        wait_for(lambda: workers_alive(cluster.database_url) == 2, START_WAIT_S, "both workers to start")
        posted = post(b, article_json("중단", paragraphs=4))
        assert posted.status_code == 201, posted.text
        segments = posted.json()["segments"]
        spoken = [segment["spoken"] for segment in segments]
        # Both workers take a segment at once; the doomed one's voice takes 30 s (it never finishes),
        # the other makes the rest. The doomed one is killed while it is still making its segment.
        wait_for(lambda: counted(doomed.log)["start"], AUDIO_WAIT_S, "the doomed worker to start a segment")
        wait_for(lambda: counted(rescuer.log)["done"], AUDIO_WAIT_S, "the other worker to make a segment")
        assert any(_ready(segment["audio_url"]) is None for segment in segments), "killed after the article"
        doomed.send_signal(signal.SIGKILL)
        assert doomed.wait(10) == -signal.SIGKILL
        killed_at = time.monotonic()
        for segment in segments:  # as a listener on node A asks
            url = segment["audio_url"].replace(b.base, a.base)
            assert_plays(wait_for(lambda: _ready(url), AUDIO_WAIT_S, f"{url} to be made"), url)
        recovered_s = time.monotonic() - killed_at
    assert rescuer.returncode == 0

    [killed_text] = counted(doomed.log)["start"]
    assert counted(doomed.log)["done"] == {}
    started, finished = syntheses([doomed.log, rescuer.log])
    assert finished == {text: 1 for text in spoken}  # every segment has audio, none made twice
    assert started == {**finished, killed_text: 2}  # begun twice only where the worker was killed
    assert counted(rescuer.log)["start"] == finished
    print(f"killed worker's segment made {recovered_s:.1f} s after the kill")
    assert recovered_s < 20  # a dead worker's job is taken back within seconds (2 s of silence)


def test_postgres_stopped_for_a_moment_both_nodes_answer_503_then_recover_losing_no_acknowledged_write(cluster):
    nodes = cluster.nodes
    before = [post(node, article_json(f"정전전{node.name}", paragraphs=1)) for node in nodes]
    assert [answer.status_code for answer in before] == [201, 201]
    acknowledged = {answer.json()["id"]: answer.json() for answer in before}

    # A publisher keeps posting to both nodes the whole time.
    writing = threading.Event()
    writing.set()
    answers: list[tuple[dict, httpx.Response | None]] = []

    def publisher():
        number = 0
        while writing.is_set():
            number += 1
            body = article_json(f"계속{number}", paragraphs=1)
            try:
                answers.append((body, post(nodes[number % 2], body)))
            except httpx.TransportError:
                answers.append((body, None))
            time.sleep(0.05)

    thread = threading.Thread(target=publisher)
    thread.start()
    try:
        time.sleep(0.5)
        cluster.server.stop()
        stopped_at = time.monotonic()
        article_id = next(iter(acknowledged))
        with ThreadPoolExecutor(6) as pool:  # all at once: each waits for the database a few seconds
            reads = [pool.submit(httpx.get, f"{node.base}/api/articles/{article_id}", timeout=30) for node in nodes]
            pages = [pool.submit(httpx.get, f"{node.base}/articles/{article_id}", headers=BROWSER, timeout=30) for node in nodes]
            writes = [pool.submit(post, node, article_json(f"정전중{node.name}", paragraphs=1)) for node in nodes]
            reads, pages, writes = ([answer.result() for answer in answers] for answers in (reads, pages, writes))
        for node, read, page, write in zip(nodes, reads, pages, writes):
            assert_retry_later(read, f"read on node {node.name}")
            assert_retry_later(write, f"post on node {node.name}")
            # A listener's browser gets the error page, said in Korean, not JSON.
            assert page.status_code == 503 and page.headers["Retry-After"].isdigit(), node.name
            assert page.headers["content-type"].startswith("text/html"), node.name
            assert "데이터베이스" in BeautifulSoup(page.text, "html.parser").find("main").get_text(), node.name
        down_s = time.monotonic() - stopped_at
        cluster.server.start()
        restarted_at = time.monotonic()
        for node in nodes:  # the same processes, not restarted
            url = f"{node.base}/api/articles/{article_id}"
            wait_for(lambda: httpx.get(url, timeout=30).status_code == 200, 30, f"node {node.name} to read again")
        back_s = time.monotonic() - restarted_at
        after = [post(node, article_json(f"정전후{node.name}", paragraphs=1)) for node in nodes]
        assert [answer.status_code for answer in after] == [201, 201], [answer.text for answer in after]
        time.sleep(0.3)
    finally:
        writing.clear()
        thread.join(60)
    assert all(node.process.poll() is None for node in nodes)

    for body, answer in answers:
        if answer is not None and answer.status_code == 201:
            acknowledged[answer.json()["id"]] = answer.json()
        else:  # refused while the database was away, and said so
            assert answer is not None and answer.status_code == 503, body
    for answer in after:
        acknowledged[answer.json()["id"]] = answer.json()
    refused = [body for body, answer in answers if answer.status_code == 503]
    assert refused, "the publisher posted while the database was away"
    for article_id, posted in acknowledged.items():
        for node in nodes:
            read = httpx.get(f"{node.base}/api/articles/{article_id}", timeout=10)
            assert read.status_code == 200, (node.name, article_id)
            assert read.json()["segments"][0]["key"] == posted["segments"][0]["key"]
    assert down_s < 15 and back_s < 15
    print(f"503 within {down_s:.1f} s; reads again {back_s:.1f} s after the restart; "
          f"{len(acknowledged)} writes acknowledged, {len(refused)} refused")

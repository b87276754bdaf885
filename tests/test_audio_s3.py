"""The audio store's two backends, the file store (a folder, possibly shared by several processes or
machines) and S3AudioStore (a bucket), behave alike; the app serves audio from S3 (streamed, Range
passed on) or redirects to a CDN in front of the bucket; two processes share one audio folder.

S3 here is moto's standalone server (`moto_server`, a real HTTP server on a loopback port, started
once per test module): it is the only S3 implementation the package registries here offer.
Production uses a real S3-compatible service (AWS S3, MinIO, Ceph, R2...). Credentials are dummy
values in the usual AWS_* variables; nothing leaves the machine.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import boto3
import pytest
from fastapi.testclient import TestClient
from harness import AUTH, make_settings
from loopback import free_port, wait_for_port

from a11y.article import Article
from a11y.audio import mp3, open_audio_store
from a11y.audio.encoding import encode_mp3, silence
from a11y.audio.files import AudioCache
from a11y.audio.s3 import S3AudioStore, StoredObject
from a11y.service import Service
from a11y.web.app import create_app

KEY = "a" * 64
OTHER_KEY = "b" * 64
DIGEST = "c" * 64
TIMINGS = {"format": 1, "voice": "espeak", "duration": 0.5, "sentences": [{"text": "가", "start": 0, "end": 0.5}]}
ARTICLE = {
    "title": "공유 저장소 시험",
    "published": "2024-11-05T16:19:00",
    "publisher": "이투데이",
    "source_url": "https://example.com/news/s3",
    "blocks": [{"type": "paragraph", "text": "여러 서버가 한 버킷의 음성을 함께 씁니다."}],
}
CDN = "https://cdn.example.com/audio"
TWO_WRITERS_SCRIPT = Path(__file__).resolve().parent / "shared_folder_worker.py"


def _mp3(ms: int) -> bytes:
    return encode_mp3(silence(ms))


SHORT, LONG = _mp3(300), _mp3(2400)


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """moto's server on a free loopback port, with dummy credentials in the environment for boto3."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    variables = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(log.parent / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(log.parent / "no-credentials"),
    }
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    moto = Path(sys.executable).parent / "moto_server"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(moto), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, server, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_buckets = iter(range(1_000_000))


@pytest.fixture
def s3_url(s3_endpoint) -> str:
    """A new empty bucket for each test, as s3://bucket/prefix."""
    bucket = f"audio-{next(_buckets)}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/news/audio"


def _objects(endpoint: str, url: str) -> dict[str, bytes]:
    bucket = url.removeprefix("s3://").split("/")[0]
    client = boto3.client("s3", endpoint_url=endpoint)
    names = [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {name: client.get_object(Bucket=bucket, Key=name)["Body"].read() for name in names}


@pytest.fixture(params=["file", "s3"])
def open_store(request, tmp_path):
    """Opens the store (a new instance each call: another node or process on the same audio)."""
    if request.param == "file":
        return lambda voices=(): AudioCache(tmp_path / "audio", voices)
    endpoint, url = request.getfixturevalue("s3_endpoint"), request.getfixturevalue("s3_url")
    return lambda voices=(): S3AudioStore(url, tmp_path / "locks", voices, endpoint)


# The store, either backend


def test_a_segment_put_is_found_with_its_timings_and_bytes(open_store):
    store = open_store()
    assert store.find(KEY) is None
    store.put(KEY, SHORT, timings=TIMINGS)
    found = open_store().find(KEY)  # another node sees it
    assert (found.key, found.engine, found.preferred) == (KEY, None, True)
    assert open_store().read(found.path) == SHORT
    assert open_store().timings(found) == TIMINGS


def test_known_answers_only_what_this_store_already_checked(open_store):
    writer, reader = open_store(), open_store()
    writer.put(KEY, SHORT)
    assert writer.known(KEY)[0].key == KEY
    assert reader.known(KEY) is None  # not checked here yet: find() (in a thread) first
    reader.find(KEY)
    assert reader.known(KEY)[0].key == KEY


def test_a_fallback_voice_file_is_found_by_its_voice_and_replaced_by_the_preferred_one(open_store):
    open_store().put(KEY, SHORT, engine="espeak", timings=TIMINGS)
    assert open_store().find(KEY) is None  # a store that does not know the voice does not look for it
    store = open_store(("espeak",))
    found = store.find(KEY)
    assert (found.engine, found.preferred, store.timings(found)) == ("espeak", False, TIMINGS)
    open_store(("espeak",)).put(KEY, LONG)
    found = store.find(KEY)
    assert (found.engine, store.read(found.path)) == (None, LONG)
    assert [(entry.key, entry.engine) for entry in store.files()] == [(KEY, None)]
    assert store.timings(found) is None  # the fallback's timings went with it


def test_whole_article_files(open_store):
    store = open_store()
    assert store.find_whole(DIGEST) is None and store.known_whole(DIGEST) is None
    made = store.put_whole(DIGEST, LONG)
    assert store.known_whole(DIGEST)[0] == made
    other = open_store()
    found = other.find_whole(DIGEST)
    assert other.read(found) == LONG and other.exists(found)
    assert [(entry.kind, entry.key) for entry in other.files()] == [("whole", DIGEST)]


def test_what_is_not_a_whole_mp3_is_refused_and_nothing_is_stored(open_store):
    store = open_store()
    with pytest.raises(mp3.Mp3Error):
        store.put(KEY, SHORT[: len(SHORT) // 2] + b"\x00" * 10, timings=TIMINGS)
    with pytest.raises(mp3.Mp3Error):
        store.put_whole(DIGEST, b"ID3 not audio")
    assert store.find(KEY) is None and store.find_whole(DIGEST) is None and store.files() == []


def test_a_reader_never_sees_half_an_object_while_it_is_replaced(open_store):
    """One node replaces a fallback voice's file again and again (short, long, short...) while two
    others read it: every read is one whole version."""
    writer, readers = open_store(), [open_store(("espeak",)) for _ in range(2)]
    writer.put(KEY, SHORT, engine="espeak")
    stop, seen, wrong = threading.Event(), set(), []

    def read(store):
        while not stop.is_set():
            found = store.find(KEY)
            try:
                data = store.read(found.path)
            except FileNotFoundError:  # replaced between find and read: ask again, as callers do
                continue
            seen.add(len(data))
            if data not in (SHORT, LONG):
                wrong.append(len(data))

    threads = [threading.Thread(target=read, args=(store,)) for store in readers]
    for thread in threads:
        thread.start()
    for number in range(30):
        writer.put(KEY, LONG if number % 2 else SHORT, engine="espeak")
    stop.set()
    for thread in threads:
        thread.join()
    assert wrong == []
    assert seen == {len(SHORT), len(LONG)}


def test_stats_and_prune_keep_what_articles_need(open_store):
    store = open_store(("espeak",))
    store.put(KEY, SHORT)
    store.put(OTHER_KEY, LONG, engine="espeak")
    store.put_whole(DIGEST, LONG)
    stats = store.stats({KEY}, set(), "gtts")
    assert (stats.files, stats.bytes) == (3, len(SHORT) + 2 * len(LONG))
    assert stats.by_voice == {"gtts": [1, len(SHORT)], "espeak (fallback)": [1, len(LONG)]}
    assert stats.whole == [1, len(LONG)] and stats.orphans == [2, 2 * len(LONG)]
    report = store.prune({KEY, OTHER_KEY}, set())
    assert (report.removed_files, report.kept_files) == (1, 2)
    assert open_store().find_whole(DIGEST) is None
    report = store.prune({KEY, OTHER_KEY}, set(), max_bytes=len(LONG))  # the oldest goes to fit
    assert (report.evicted_files, report.kept_bytes) == (1, len(LONG))
    assert open_store().find(KEY) is None and open_store(("espeak",)).find(OTHER_KEY) is not None


def test_a_held_lock_is_not_taken_twice(open_store):
    store = open_store()
    with store.lock(KEY):
        assert open_store().try_lock(KEY) is None
    held = open_store().try_lock(KEY)
    assert held is not None
    held.release()


# Opening the store from settings


def test_settings_name_the_store(tmp_path, s3_endpoint, s3_url):
    assert open_audio_store(make_settings(tmp_path)).root == (tmp_path / "audio_cache").absolute()
    shared = make_settings(tmp_path, audio_store=f"file://{tmp_path}/shared%20volume")
    assert open_audio_store(shared).root == tmp_path / "shared volume"
    in_bucket = open_audio_store(make_settings(tmp_path, audio_store=s3_url, s3_endpoint_url=s3_endpoint))
    assert (in_bucket.bucket, in_bucket.prefix) == (s3_url.split("/")[2], "news/audio")


# The app on S3


@pytest.fixture
def s3_app(tmp_path, s3_endpoint, s3_url):
    """An app on the S3 store, one article with every segment made; yields a factory of clients with
    more settings (the same store)."""

    def client_for(**overrides):
        settings = make_settings(tmp_path, audio_store=s3_url, s3_endpoint_url=s3_endpoint, **overrides)
        return TestClient(create_app(settings, Service.from_settings(settings)), headers=AUTH)

    settings = make_settings(tmp_path, audio_store=s3_url, s3_endpoint_url=s3_endpoint)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    segments = service.script(stored.article)
    for segment in segments:
        service.synthesizer.audio_for(segment)
    return client_for, stored, segments, _objects(s3_endpoint, s3_url)


def test_segment_audio_is_streamed_from_the_bucket_with_ranges(s3_app, tmp_path):
    client_for, _stored, segments, objects = s3_app
    assert not (tmp_path / "audio_cache").exists()  # the node's own folder holds no audio
    url = f"/audio/{segments[1].key}.mp3"
    object_bytes = objects[f"news/audio/{segments[1].key}.mp3"]
    with client_for() as client:
        first = client.get(url)  # found with a HEAD, in a thread
        again = client.get(url)  # known: answered before routing
        assert first.status_code == again.status_code == 200
        assert first.content == again.content == object_bytes
        assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert first.headers["etag"] == again.headers["etag"]
        part = client.get(url, headers={"Range": "bytes=100-199"})
        assert part.status_code == 206
        assert part.headers["content-range"] == f"bytes 100-199/{len(object_bytes)}"
        assert part.content == object_bytes[100:200]
        suffix = client.get(url, headers={"Range": "bytes=-500"})
        assert (suffix.status_code, suffix.content) == (206, object_bytes[-500:])
        assert client.get(url, headers={"Range": f"bytes={len(object_bytes)}-"}).status_code == 416
        other_version = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"old"'})
        assert (other_version.status_code, other_version.content) == (200, object_bytes)
        head = client.head(url)
        assert (head.status_code, head.headers["content-length"], head.content) == (200, str(len(object_bytes)), b"")
        assert client.get(url, headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_whole_article_audio_comes_from_the_bucket(s3_app):
    client_for, stored, _segments, _objects_before = s3_app
    with client_for() as client:
        article = client.get(f"/articles/{stored.id}/audio.mp3")
        assert article.headers["x-a11y-audio"] == "complete"
        assert mp3.parse(article.content).duration_ms > 1000
        whole = [name for name in _objects(*_bucket_of(client)) if "/articles/" in name]
        assert len(whole) == 1
        digest = Path(whole[0]).stem
        by_hash = client.get(f"/audio/articles/{digest}.mp3")
        assert by_hash.content == article.content
        assert by_hash.headers["etag"] != article.headers["etag"]  # the article's URL: its content hash
        assert article.headers["etag"] == f'"{digest}"'


def _bucket_of(client) -> tuple[str, str]:
    settings = client.app.state.settings
    return settings.s3_endpoint_url, settings.audio_store


def test_with_a_cdn_audio_requests_redirect_to_it(s3_app):
    client_for, stored, segments, _objects_before = s3_app
    with client_for(audio_public_url=CDN) as client:
        client.get(f"/articles/{stored.id}/audio.mp3", follow_redirects=False)  # builds the whole file
        for attempt in range(2):  # a HEAD in a thread, then from memory before routing
            answer = client.get(f"/audio/{segments[0].key}.mp3", follow_redirects=False)
            assert answer.status_code == 307
            assert answer.headers["location"] == f"{CDN}/news/audio/{segments[0].key}.mp3"
            assert answer.headers["cache-control"] == "public, max-age=300"
        article = client.get(f"/articles/{stored.id}/audio.mp3", follow_redirects=False)
        assert article.status_code == 307 and article.headers["cache-control"] == "no-cache"
        assert article.headers["location"].startswith(f"{CDN}/news/audio/articles/")


def test_audio_not_made_yet_is_still_a_503(tmp_path, s3_endpoint, s3_url):
    settings = make_settings(tmp_path, audio_store=s3_url, s3_endpoint_url=s3_endpoint, audio_wait_s=0)
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    key = service.script(stored.article)[0].key
    with TestClient(create_app(settings, service)) as client:
        answer = client.get(f"/audio/{key}.mp3")
        assert answer.status_code == 503
        assert answer.headers["cache-control"] == "no-store" and int(answer.headers["retry-after"]) > 0


def test_a_bucket_that_does_not_answer_is_a_503(tmp_path):
    settings = make_settings(
        tmp_path, audio_store="s3://gone/audio", s3_endpoint_url=f"http://127.0.0.1:{free_port()}", audio_wait_s=5
    )
    service = Service.from_settings(settings)
    stored, _ = service.ingest(Article.model_validate(ARTICLE))
    key = service.script(stored.article)[0].key
    with TestClient(create_app(settings, service), raise_server_exceptions=False) as client:
        answer = client.get(f"/audio/{key}.mp3")
        assert answer.status_code == 503
        assert answer.headers["cache-control"] == "no-store"


def test_health_checks_a_write_to_the_bucket(tmp_path, s3_endpoint, s3_url):
    settings = make_settings(tmp_path, audio_store=s3_url, s3_endpoint_url=s3_endpoint)
    with TestClient(create_app(settings)) as client:
        answer = client.get("/healthz")
    assert (answer.status_code, answer.json()["cache"]) == (200, "ok")
    assert _objects(s3_endpoint, s3_url) == {}  # the probe is removed
    gone = make_settings(tmp_path, audio_store="s3://gone/audio", s3_endpoint_url=f"http://127.0.0.1:{free_port()}")
    with TestClient(create_app(gone)) as client:
        answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["cache"].startswith("error: ")


# The file store on a folder two processes share


def test_two_processes_write_and_read_the_same_keys_in_one_folder(tmp_path):
    """Each process puts every key again and again, alternating two versions, and reads every key
    after each put: no read is ever a part of a file, and every file left is whole."""
    shared = tmp_path / "shared"
    workers = [
        subprocess.Popen([sys.executable, str(TWO_WRITERS_SCRIPT), str(shared), str(seed)], stdout=subprocess.PIPE, text=True)
        for seed in (1, 2)
    ]
    deadline = time.monotonic() + 120
    outputs = [worker.communicate(timeout=max(1, deadline - time.monotonic()))[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert all(int(output.split()[0]) > 100 for output in outputs), outputs
    store = AudioCache(shared)
    versions = {_mp3(300), _mp3(1200)}
    assert len(store.files()) == 8
    for entry in store.files():
        assert store.read(entry.path) in versions


def test_a_stored_object_names_its_digest():
    stored = StoredObject(f"prefix/articles/{DIGEST}.mp3", 10, '"x"', 0.0)
    assert stored.stem == DIGEST

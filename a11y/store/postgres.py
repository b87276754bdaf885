"""Articles kept in PostgreSQL, shared by every node: the same methods and behaviour as the SQLite
Store (sqlite.py). Each write is one transaction, committed before the method returns.

A database that does not answer raises StoreUnavailable within a few seconds (never a hang), and the
connection pool finds the server again by itself once it is back. `data_version()` costs no query: a
counter this process bumps at each of its own writes and at each write another process announces
(NOTIFY, heard by a listener thread)."""

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import psycopg
from psycopg_pool import ConnectionPool

from a11y.article import KST, Article, article_id
from a11y.errors import first_line
from a11y.script import Segment
from a11y.store import AudioRecord, SchemaOutdated, StoredArticle, StoreUnavailable
from a11y.store.schema import latest_version, postgres_version, upgrade_postgres

log = logging.getLogger(__name__)

# A request waits at most this long for a connection before StoreUnavailable (503, ask again).
POOL_TIMEOUT_S = 3.0
CONNECT_TIMEOUT_S = 3  # libpq's connect_timeout: whole seconds
POOL_MIN_SIZE = 1
POOL_MAX_SIZE = 10
# The pool retries a lost server with backoff; giving up this soon keeps the backoff short, and the
# next request starts a fresh attempt, so the store answers again within seconds of the server's return.
RECONNECT_GIVE_UP_S = 5.0
LISTEN_POLL_S = 1.0  # how often the listener looks up from waiting to see whether the store was closed
LISTENER_RETRY_S = 1.0
CHANNEL = "a11y_store"  # NOTIFY'd by every write
UNAVAILABLE = "데이터베이스가 응답하지 않습니다. 잠시 후 다시 시도해 주세요 (the database does not answer)"
READ_ONLY = "데이터베이스가 읽기 전용입니다 (the database is read-only)"
# Dead peers are noticed by the listener within about a minute even when no packet says so.
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
_ARTICLE_COLUMNS = "id, body, created_at, updated_at"
_NEWEST_FIRST = "ORDER BY published DESC NULLS LAST, created_at DESC, id"


def upgrade_database(url: str) -> list[str]:
    """Bring the database's schema to this release's (migrations/postgres/); what was applied."""
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S) as db:
            return upgrade_postgres(db)
    except psycopg.OperationalError as error:
        raise StoreUnavailable(f"{UNAVAILABLE}: {first_line(error)}") from error


class PostgresStore:
    def __init__(self, url: str):
        self.url = url
        self._version = 0
        self._version_lock = threading.Lock()
        self._token = uuid.uuid4().hex  # names this store's own writes, which it has counted already
        self._closed = threading.Event()
        self._listening = threading.Event()  # set once the listener first hears other processes' writes
        self._pool = ConnectionPool(
            url,
            min_size=POOL_MIN_SIZE,
            max_size=POOL_MAX_SIZE,
            timeout=POOL_TIMEOUT_S,
            reconnect_timeout=RECONNECT_GIVE_UP_S,
            reconnect_failed=lambda pool: log.warning("the database does not answer; will try again when asked"),
            # A connection the server dropped (restarted) is found out here, not by the query that needs it.
            check=ConnectionPool.check_connection,
            kwargs={"connect_timeout": CONNECT_TIMEOUT_S},
            name="a11y-store",
            open=False,
        )
        self._pool.open(wait=False)
        try:
            self._check_schema()
        except BaseException:
            self._pool.close()
            raise
        self._listener = threading.Thread(target=self._listen, name="a11y-store-listener", daemon=True)
        self._listener.start()
        # Returned listening, so a write made just after opening moves data_version once, not once
        # when the listener connects and again when its NOTIFY arrives. Not waited for beyond a connect.
        self._listening.wait(CONNECT_TIMEOUT_S)

    def _check_schema(self) -> None:
        with self._transaction() as db:
            found = postgres_version(db)
        needed = latest_version("postgres")
        if found < needed:
            raise SchemaOutdated(
                f"데이터베이스 스키마가 {found}판입니다. {needed}판이 필요합니다: `a11y db upgrade`를 실행하세요 "
                f"(the database schema is at version {found}, this release needs {needed}: run `a11y db upgrade`)"
            )

    def close(self) -> None:
        """Stop listening and close the connections (the store is not used after)."""
        self._closed.set()
        self._pool.close()
        self._listener.join(timeout=LISTEN_POLL_S * 3)

    def check(self) -> None:
        """Raise StoreUnavailable unless a save could be written now: the server answers, and not as a
        read-only standby."""
        with self._transaction() as db:
            read_only = db.execute("SHOW transaction_read_only").fetchone()[0]
        if read_only == "on":
            raise StoreUnavailable(READ_ONLY)

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection]:
        """A connection from the pool, in a transaction ended when the block ends."""
        try:
            with self._pool.connection() as db:
                yield db
        except psycopg.OperationalError as error:  # refused, server gone, pool timeout (PoolTimeout is one)
            log.warning("the database does not answer: %s", first_line(error))
            raise StoreUnavailable(UNAVAILABLE) from error

    @contextmanager
    def _write(self) -> Iterator[psycopg.Connection]:
        """One transaction, committed when the block ends; other processes are told (NOTIFY, delivered
        at commit) and this one's data_version moves once it is committed."""
        try:
            with self._transaction() as db:
                yield db
                db.execute("SELECT pg_notify(%s, %s)", (CHANNEL, self._token))
        finally:
            self._bump()  # also after a failure: whether the commit happened may be unknown

    def _bump(self) -> None:
        with self._version_lock:
            self._version += 1

    def _listen(self) -> None:
        """Bump data_version at every write another process announces. While not listening (server
        gone) nothing is heard, so each (re)connection bumps it too: caches read before are stale."""
        while not self._closed.is_set():
            try:
                with psycopg.connect(
                    self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, **_KEEPALIVES
                ) as db:
                    db.execute(f"LISTEN {CHANNEL}")
                    self._bump()
                    self._listening.set()
                    while not self._closed.is_set():
                        for notify in db.notifies(timeout=LISTEN_POLL_S):
                            if notify.payload != self._token:  # its own writes moved it at commit
                                self._bump()
            except psycopg.Error as error:
                self._bump()
                if not self._closed.is_set():
                    log.info("store listener lost the database (%s); listening again shortly", first_line(error))
                self._closed.wait(LISTENER_RETRY_S)

    def save(self, article: Article, segments: list[Segment], queue: bool = False) -> tuple[StoredArticle, bool]:
        """Insert, or update in place when the same source comes again; with `queue`, also queue it for
        pre-generation in the same transaction. Returns (stored, created)."""
        key = article_id(article)
        now = datetime.now(KST)
        body = article.model_dump_json()
        with self._write() as db:
            created_at, created = db.execute(
                "INSERT INTO articles (id, body, published, created_at, updated_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET body = excluded.body, published = excluded.published, "
                "updated_at = excluded.updated_at RETURNING created_at, xmax = 0",
                (key, body, json.loads(body).get("published"), now, now),
            ).fetchone()
            db.execute("DELETE FROM segments WHERE article_id = %s", (key,))
            _insert_segments(db, key, segments)
            if queue:
                _queue_pregen(db, key, now)
        return StoredArticle(key, article, _kst(created_at), now), created

    def get(self, key: str) -> StoredArticle | None:
        with self._transaction() as db:
            row = db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (key,)).fetchone()
        return _stored(row) if row else None

    def newest(self, limit: int = 20, offset: int = 0) -> list[StoredArticle]:
        with self._transaction() as db:
            rows = db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles {_NEWEST_FIRST} LIMIT %s OFFSET %s", (limit, offset)
            ).fetchall()
        return [_stored(row) for row in rows]

    def data_version(self) -> int:
        """A number that changes whenever a write is committed, by this process or (once its NOTIFY
        arrives) any other: while it stands, nothing stored has changed. No query."""
        return self._version

    def stamp(self, article_id: str) -> tuple[str, int, str] | None:
        """What changes when the article or its audio does, in one indexed query: its update time, and
        how many of its segments have an audio record and the newest such record's time. None: no
        such article."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT a.updated_at, count(r.key), max(r.updated_at) FROM articles a "
                "LEFT JOIN segments s ON s.article_id = a.id LEFT JOIN segment_audio r ON r.key = s.key "
                "WHERE a.id = %s GROUP BY a.id",
                (article_id,),
            ).fetchone()
        if row is None:
            return None
        updated_at, records, newest_record = row
        return _kst(updated_at).isoformat(), records, _kst(newest_record).isoformat() if newest_record else ""

    def newest_versions(self, limit: int = 20) -> list[tuple[str, str]]:
        """(id, update time) of newest(limit), in the same order, without reading the articles."""
        with self._transaction() as db:
            rows = db.execute(f"SELECT id, updated_at FROM articles {_NEWEST_FIRST} LIMIT %s", (limit,)).fetchall()
        return [(key, _kst(updated_at).isoformat()) for key, updated_at in rows]

    def spoken_text(self, segment_key: str) -> str | None:
        """What a segment says, by its audio key, if any stored article has it."""
        with self._transaction() as db:
            row = db.execute("SELECT spoken FROM segments WHERE key = %s LIMIT 1", (segment_key,)).fetchone()
        return row[0] if row else None

    def refresh_segments(
        self, script: Callable[[Article], list[Segment]], may_change: Callable[[Article], bool] | None = None
    ) -> dict[str, int]:
        """Script every stored article again (the lexicon changed) and keep what changed.

        One transaction, holding off saves from the first read (no article is left half old, half new,
        and none is saved between reading and rewriting). A row whose key is the same is not touched.
        `may_change`, when given, passes over the articles it says cannot change. Returns, for each
        article with a changed segment, how many changed.
        """
        changed: dict[str, int] = {}
        with self._write() as db:
            db.execute("LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE")  # readers go on; writers wait
            for article_key, body in db.execute("SELECT id, body FROM articles").fetchall():
                article = Article.model_validate_json(body)
                if may_change is not None and not may_change(article):
                    continue
                segments = script(article)
                old = dict(
                    db.execute("SELECT position, key FROM segments WHERE article_id = %s", (article_key,)).fetchall()
                )
                new = {segment.index: segment for segment in segments}
                if old.keys() != new.keys():
                    db.execute("DELETE FROM segments WHERE article_id = %s", (article_key,))
                    _insert_segments(db, article_key, segments)
                    changed[article_key] = len(segments)
                    continue
                updates = [(s.key, s.spoken, article_key, s.index) for s in segments if old[s.index] != s.key]
                if updates:
                    with db.cursor() as cursor:
                        cursor.executemany(
                            "UPDATE segments SET key = %s, spoken = %s WHERE article_id = %s AND position = %s", updates
                        )
                    changed[article_key] = len(updates)
        return changed

    def delete(self, article_id: str) -> bool:
        """Remove an article with its segments and queue place (ON DELETE CASCADE); False if there was none."""
        with self._write() as db:
            return db.execute("DELETE FROM articles WHERE id = %s", (article_id,)).rowcount > 0

    def count(self) -> int:
        with self._transaction() as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def ids(self) -> list[str]:
        """Every article's id, oldest first."""
        with self._transaction() as db:
            return [row[0] for row in db.execute("SELECT id FROM articles ORDER BY created_at, id")]

    def segment_rows(self, article_id: str) -> list[tuple[int, str, str]]:
        """(position, key, spoken) of an article's segments, in listening order."""
        with self._transaction() as db:
            return db.execute(
                "SELECT position, key, spoken FROM segments WHERE article_id = %s ORDER BY position", (article_id,)
            ).fetchall()

    def segment_keys(self) -> set[str]:
        """The audio keys that some stored article needs."""
        with self._transaction() as db:
            return {row[0] for row in db.execute("SELECT DISTINCT key FROM segments")}

    def record_audio(
        self, key: str, state: str, voice: str | None = None, fallback: bool = False, reason: str | None = None
    ) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO segment_audio (key, state, voice, fallback, reason, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (key) DO UPDATE SET state = excluded.state, voice = excluded.voice, "
                "fallback = excluded.fallback, reason = excluded.reason, updated_at = excluded.updated_at",
                (key, state, voice, fallback, reason, datetime.now(KST)),
            )

    def audio_records(self, keys: list[str]) -> dict[str, AudioRecord]:
        with self._transaction() as db:
            rows = db.execute(
                "SELECT key, state, voice, fallback, reason FROM segment_audio WHERE key = ANY(%s)", (list(keys),)
            ).fetchall()
        return {key: AudioRecord(state, voice, fallback, reason) for key, state, voice, fallback, reason in rows}

    def queue_pregen(self, article_id: str) -> None:
        """Queue an article for pre-generation; one already queued keeps its place."""
        with self._write() as db:
            _queue_pregen(db, article_id, datetime.now(KST))

    def pregen_queue(self) -> list[tuple[int, str]]:
        """(place, article id) of the queued articles, in the order they came."""
        with self._transaction() as db:
            return db.execute("SELECT place, article_id FROM pregen_queue ORDER BY place").fetchall()

    def pregen_queue_length(self) -> int:
        with self._transaction() as db:
            return db.execute("SELECT count(*) FROM pregen_queue").fetchone()[0]

    def unqueue_pregen(self, article_id: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM pregen_queue WHERE article_id = %s", (article_id,))


def _queue_pregen(db: psycopg.Connection, article_id: str, now: datetime) -> None:
    db.execute(
        "INSERT INTO pregen_queue (article_id, queued_at) VALUES (%s, %s) ON CONFLICT (article_id) DO NOTHING",
        (article_id, now),
    )


def _insert_segments(db: psycopg.Connection, key: str, segments: list[Segment]) -> None:
    if not segments:
        return
    with db.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO segments (article_id, position, key, spoken) VALUES (%s, %s, %s, %s)",
            [(key, segment.index, segment.key, segment.spoken) for segment in segments],
        )


def _stored(row) -> StoredArticle:
    key, body, created_at, updated_at = row
    return StoredArticle(key, Article.model_validate_json(body), _kst(created_at), _kst(updated_at))


def _kst(moment: datetime) -> datetime:
    """Times come back in the session's zone; the SQLite store gives them in Seoul's, as they were written."""
    return moment.astimezone(KST)



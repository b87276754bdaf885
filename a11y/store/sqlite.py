"""Articles kept in one SQLite file. Each write is one transaction: an article is whole or absent."""

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from a11y.article import KST, Article, article_id
from a11y.disk import check_writable
from a11y.script import Segment
from a11y.store import AudioRecord, StoredArticle, StoreUnavailable
from a11y.store.schema import upgrade_sqlite

STORE_UNWRITABLE = "저장소에 쓸 수 없습니다 (the store cannot be written)"


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()  # this thread's reading connection
        self._create()
        # Held open for the store's life so the WAL index (-shm) is not deleted and re-created at every
        # request: re-creating it needs free space, and reads must go on when the disk is full.
        self._keeper = sqlite3.connect(self.path, check_same_thread=False)
        self._keeper.execute("SELECT count(*) FROM articles").fetchone()
        self._keeper_lock = threading.Lock()

    def _create(self, patience: float = 30.0) -> None:
        """Switch the file to WAL and create the tables (migrations/sqlite/, recorded in schema_version).
        Several processes may open a new file at once: SQLite answers a journal-mode change that meets
        another opener's lock with "locked" at once, without waiting in its busy handler, so the change
        is tried again until `patience` runs out."""
        deadline = time.monotonic() + patience
        while True:
            try:
                with self._write() as db:  # upgrade_sqlite runs its own BEGIN IMMEDIATE … COMMIT
                    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                        db.execute("PRAGMA journal_mode=WAL")
                    upgrade_sqlite(db)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def check(self) -> None:
        """Raise StoreUnavailable unless a save could be written now: the write lock can be taken, as a
        save would, and the folder has room for the journal beside the file."""
        try:
            with closing(sqlite3.connect(self.path, timeout=5)) as db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            check_writable(self.path.parent, ".store-check-")  # the journal needs room beside the file
        except (sqlite3.Error, OSError) as error:
            raise StoreUnavailable(f"{STORE_UNWRITABLE} ({self.path}: {error})") from error

    def close(self) -> None:
        """Let go of the connection kept for the store's life (the store is not used after)."""
        with self._keeper_lock:
            self._keeper.close()

    @contextmanager
    def _connect(self):
        """A read, on this thread's own connection, kept: opening one (and its PRAGMA) cost more than
        the query. WAL gives each read the latest committed state."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA busy_timeout=30000")
        with db:
            yield db

    @contextmanager
    def _write(self):
        """A write, on a connection of its own, opened now: it meets the disk as it is now (one remounted
        read-only refuses it clearly). Writes are rare next to reads."""
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.execute("PRAGMA busy_timeout=30000")
            with db:  # one transaction: committed on success, rolled back on error
                yield db

    def save(self, article: Article, segments: list[Segment], queue: bool = False) -> tuple[StoredArticle, bool]:
        """Insert, or update in place when the same source comes again; with `queue`, also queue it for
        pre-generation in the same transaction (a process killed in between cannot leave it stored but
        never made ahead). Returns (stored, created)."""
        key = article_id(article)
        now = datetime.now(KST).isoformat()
        with self._write() as db:
            row = db.execute("SELECT created_at FROM articles WHERE id = ?", (key,)).fetchone()
            db.execute(
                "INSERT INTO articles (id, body, created_at, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                (key, article.model_dump_json(), now, now),
            )
            db.execute("DELETE FROM segments WHERE article_id = ?", (key,))
            db.executemany(
                "INSERT INTO segments (article_id, position, key, spoken) VALUES (?, ?, ?, ?)",
                [(key, segment.index, segment.key, segment.spoken) for segment in segments],
            )
            if queue:
                _queue_pregen(db, key, now)
        created_at = row[0] if row else now
        return StoredArticle(key, article, datetime.fromisoformat(created_at), datetime.fromisoformat(now)), row is None

    def get(self, key: str) -> StoredArticle | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT id, body, created_at, updated_at FROM articles WHERE id = ?", (key,)
            ).fetchone()
        return _stored(row) if row else None

    def newest(self, limit: int = 20, offset: int = 0) -> list[StoredArticle]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, body, created_at, updated_at FROM articles "
                "ORDER BY json_extract(body, '$.published') DESC, created_at DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_stored(row) for row in rows]

    def data_version(self) -> int:
        """A number that changes whenever a write is committed, by any connection in any process
        (SQLite's data_version): while it stands, nothing stored has changed. A few microseconds."""
        with self._keeper_lock:
            return self._keeper.execute("PRAGMA data_version").fetchone()[0]

    def stamp(self, article_id: str) -> tuple[str, int, str] | None:
        """What changes when the article or its audio does, in one indexed query: its update time, and
        how many of its segments have an audio record and the newest such record's time. None: no
        such article. (A record is written whenever a voice makes or fails a segment, in any process.)"""
        with self._connect() as db:
            row = db.execute(
                "SELECT a.updated_at, count(r.key), ifnull(max(r.updated_at), '') FROM articles a "
                "LEFT JOIN segments s ON s.article_id = a.id LEFT JOIN segment_audio r ON r.key = s.key "
                "WHERE a.id = ? GROUP BY a.id",
                (article_id,),
            ).fetchone()
        return tuple(row) if row else None

    def newest_versions(self, limit: int = 20) -> list[tuple[str, str]]:
        """(id, update time) of newest(limit), in the same order, without reading the articles."""
        with self._connect() as db:
            return db.execute(
                "SELECT id, updated_at FROM articles ORDER BY json_extract(body, '$.published') DESC, created_at DESC "
                "LIMIT ?",
                (limit,),
            ).fetchall()

    def spoken_text(self, segment_key: str) -> str | None:
        """What a segment says, by its audio key, if any stored article has it."""
        with self._connect() as db:
            row = db.execute("SELECT spoken FROM segments WHERE key = ? LIMIT 1", (segment_key,)).fetchone()
        return row[0] if row else None

    def refresh_segments(
        self, script: Callable[[Article], list[Segment]], may_change: Callable[[Article], bool] | None = None
    ) -> dict[str, int]:
        """Script every stored article again (the lexicon changed) and keep what changed.

        One transaction, so no article is left half old, half new. A row whose key is the same is
        not touched. `may_change`, when given, passes over the articles it says cannot change (a
        cheap test, so one new lexicon word does not cost a full script of every article).
        Returns, for each article with a changed segment, how many changed.
        """
        changed: dict[str, int] = {}
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")  # no article may be saved between reading and rewriting
            for article_key, body in db.execute("SELECT id, body FROM articles").fetchall():
                article = Article.model_validate_json(body)
                if may_change is not None and not may_change(article):
                    continue
                segments = script(article)
                old = dict(db.execute("SELECT position, key FROM segments WHERE article_id = ?", (article_key,)))
                new = {segment.index: segment for segment in segments}
                if old.keys() != new.keys():
                    db.execute("DELETE FROM segments WHERE article_id = ?", (article_key,))
                    db.executemany(
                        "INSERT INTO segments (article_id, position, key, spoken) VALUES (?, ?, ?, ?)",
                        [(article_key, s.index, s.key, s.spoken) for s in segments],
                    )
                    changed[article_key] = len(segments)
                    continue
                updates = [(s.key, s.spoken, article_key, s.index) for s in segments if old[s.index] != s.key]
                db.executemany("UPDATE segments SET key = ?, spoken = ? WHERE article_id = ? AND position = ?", updates)
                if updates:
                    changed[article_key] = len(updates)
        return changed

    def delete(self, article_id: str) -> bool:
        """Remove an article with its segments and queue place; False if there was none."""
        with self._write() as db:
            db.execute("DELETE FROM segments WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM pregen_queue WHERE article_id = ?", (article_id,))
            return db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def count(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def ids(self) -> list[str]:
        """Every article's id, oldest first."""
        with self._connect() as db:
            return [row[0] for row in db.execute("SELECT id FROM articles ORDER BY created_at, id")]

    def segment_rows(self, article_id: str) -> list[tuple[int, str, str]]:
        """(position, key, spoken) of an article's segments, in listening order."""
        with self._connect() as db:
            return db.execute(
                "SELECT position, key, spoken FROM segments WHERE article_id = ? ORDER BY position", (article_id,)
            ).fetchall()

    def segment_keys(self) -> set[str]:
        """The audio keys that some stored article needs."""
        with self._connect() as db:
            return {row[0] for row in db.execute("SELECT DISTINCT key FROM segments")}

    def record_audio(
        self, key: str, state: str, voice: str | None = None, fallback: bool = False, reason: str | None = None
    ) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO segment_audio (key, state, voice, fallback, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET state = excluded.state, voice = excluded.voice, "
                "fallback = excluded.fallback, reason = excluded.reason, updated_at = excluded.updated_at",
                (key, state, voice, int(fallback), reason, datetime.now(KST).isoformat()),
            )

    def audio_records(self, keys: list[str]) -> dict[str, AudioRecord]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT key, state, voice, fallback, reason FROM segment_audio "
                "WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps(list(keys)),),
            ).fetchall()
        return {key: AudioRecord(state, voice, bool(fallback), reason) for key, state, voice, fallback, reason in rows}

    def queue_pregen(self, article_id: str) -> None:
        """Queue an article for pre-generation; one already queued keeps its place."""
        with self._write() as db:
            _queue_pregen(db, article_id, datetime.now(KST).isoformat())

    def pregen_queue(self) -> list[tuple[int, str]]:
        """(place, article id) of the queued articles, in the order they came."""
        with self._connect() as db:
            return db.execute("SELECT rowid, article_id FROM pregen_queue ORDER BY rowid").fetchall()

    def pregen_queue_length(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT count(*) FROM pregen_queue").fetchone()[0]

    def unqueue_pregen(self, article_id: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM pregen_queue WHERE article_id = ?", (article_id,))


def _stored(row) -> StoredArticle:
    key, body, created_at, updated_at = row
    return StoredArticle(
        key,
        Article.model_validate_json(body),
        datetime.fromisoformat(created_at),
        datetime.fromisoformat(updated_at),
    )


def _queue_pregen(db: sqlite3.Connection, article_id: str, now: str) -> None:
    db.execute(
        "INSERT INTO pregen_queue (article_id, queued_at) VALUES (?, ?) ON CONFLICT(article_id) DO NOTHING",
        (article_id, now),
    )

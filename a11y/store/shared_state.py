"""What every node shares besides articles and audio, kept in PostgreSQL (migration 0003): the
publisher lexicon in force, the narration basis the stored segments were keyed with, and the desk
sessions ended by a logout. On one machine (SQLite) they stay in the data folder instead: the
lexicon file (LexiconFile), script-basis.json and desk_sessions.sqlite3."""

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from a11y.speech.lexicon import Lexicon, load_lexicon
from a11y.store import StoreUnavailable
from a11y.store.postgres import CONNECT_TIMEOUT_S, UNAVAILABLE, PostgresStore

# Any constant every node agrees on (and not the upgrade's): one node at a time compares and re-keys.
BASIS_LOCK_ID = 0x61313162
_READ_LEXICON = "SELECT revision, CASE WHEN revision <> %s THEN text END FROM lexicon"


class LexiconTable:
    """The lexicon in force for every node, in one row: LexiconFile's current(), replace() and
    version(). A replacement is announced like any store write (NOTIFY), so while the store's
    data_version stands, current() and version() ask nothing; after it moves, one small query."""

    def __init__(self, store: PostgresStore, seed: Path):
        self.store = store
        self.seed = seed  # stored by the first node to read an empty table: its lexicon file, or the default
        self._lock = threading.Lock()
        # (the store's data version when last read, the lexicon's revision, the lexicon)
        self._known: tuple[int | None, int, Lexicon] = (None, 0, Lexicon({}))

    def current(self) -> Lexicon:
        """The lexicon every node has in force; the same object while it is unchanged."""
        return self._fresh()[2]

    def version(self) -> int:
        """Grows with each replacement, by any node."""
        return self._fresh()[1]

    def replace(self, lexicon: Lexicon) -> None:
        """Put `lexicon` in force for every node (committed before this returns)."""
        with self._lock:
            with self.store._write() as db:
                revision = db.execute(
                    "INSERT INTO lexicon (text) VALUES (%s) ON CONFLICT (only_row) DO UPDATE "
                    "SET text = excluded.text, revision = lexicon.revision + 1, updated_at = now() RETURNING revision",
                    (lexicon.dumps(),),
                ).fetchone()[0]
            # Not tied to a data version: another node's replacement may already have moved it.
            self._known = (None, revision, lexicon)

    def _fresh(self) -> tuple[int | None, int, Lexicon]:
        version = self.store.data_version()
        known = self._known
        if known[0] == version:
            return known
        with self._lock:
            known = self._known
            if known[0] == version:
                return known
            with self.store._transaction() as db:
                row = db.execute(_READ_LEXICON, (known[1],)).fetchone()
                if row is None:  # the first read of all: this node's lexicon becomes everyone's
                    db.execute(
                        "INSERT INTO lexicon (text) VALUES (%s) ON CONFLICT (only_row) DO NOTHING",
                        (load_lexicon(self.seed).dumps(),),
                    )
                    row = db.execute(_READ_LEXICON, (known[1],)).fetchone()
            revision, text = row
            lexicon = known[2] if text is None else Lexicon.parse(text, source="데이터베이스의 사전")
            self._known = (version, revision, lexicon)
            return self._known


def rekey_once(store: PostgresStore, basis: dict, rekey: Callable[[], dict[str, int]]) -> dict[str, int]:
    """`rekey()`'s result, run only if the database does not record the stored segments as keyed
    with `basis`, which it records after. Under a lock: of several nodes starting at once, one
    re-keys and the others find it done."""
    with store._transaction() as db:
        db.execute("SELECT pg_advisory_xact_lock(%s)", (BASIS_LOCK_ID,))
        row = db.execute("SELECT basis FROM script_basis").fetchone()
        if row is not None and json.loads(row[0]) == basis:
            return {}
        changed = rekey()
        db.execute(
            "INSERT INTO script_basis (basis) VALUES (%s) ON CONFLICT (only_row) DO UPDATE SET basis = excluded.basis",
            (json.dumps(basis),),
        )
    return changed


class EndedSessionsTable:
    """Desk sessions ended by a logout, seen by every node: EndedSessions' contains() and add(), on
    one connection of its own (the desk holds settings, not the store). A database that does not
    answer raises StoreUnavailable: the desk answers 503 rather than guess whether a session ended."""

    def __init__(self, url: str):
        self.url = url
        self._db: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def contains(self, session_id: str) -> bool:
        return self._run(
            lambda db: db.execute("SELECT 1 FROM ended_desk_sessions WHERE id = %s", (session_id,)).fetchone() is not None
        )

    def add(self, session_id: str, expires_at: int, now: float) -> None:
        def end(db: psycopg.Connection) -> None:
            with db.transaction():
                db.execute("DELETE FROM ended_desk_sessions WHERE expires_at <= %s", (now,))
                db.execute(
                    "INSERT INTO ended_desk_sessions (id, expires_at) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING",
                    (session_id, expires_at),
                )

        self._run(end)

    def _run(self, operation: Callable[[psycopg.Connection], Any]) -> Any:
        with self._lock:
            reused = self._db is not None
            try:
                return operation(self._connection())
            except psycopg.OperationalError as error:
                self._drop()
                if not reused:
                    raise StoreUnavailable(UNAVAILABLE) from error
            try:  # the connection kept was lost (a server restart): once more on a new one
                return operation(self._connection())
            except psycopg.OperationalError as error:
                self._drop()
                raise StoreUnavailable(UNAVAILABLE) from error

    def _connection(self) -> psycopg.Connection:
        if self._db is None:
            self._db = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        return self._db

    def _drop(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

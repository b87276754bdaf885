"""The store's schema as numbered plain SQL files per backend (migrations/<backend>/NNNN_name.sql),
applied in order and recorded in a `schema_version` table, each file in the same transaction as its
record: a schema is at a version or below it, never between two."""

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import psycopg

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant both nodes agree on: pg_advisory_xact_lock serializes two `a11y db upgrade` at once.
UPGRADE_LOCK_ID = 0x61313179  # "a11y"

_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
_FILE_NAME = re.compile(r"(\d{4})_(\w+)\.sql")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(backend: str) -> list[Migration]:
    """The backend's ("sqlite" or "postgres") migrations, in version order."""
    found = []
    for path in sorted((MIGRATIONS_DIR / backend).glob("*.sql")):
        match = _FILE_NAME.fullmatch(path.name)
        if match:
            found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    if not found:  # a package built without its data files: say so rather than make no tables
        raise RuntimeError(f"no schema migrations in {MIGRATIONS_DIR / backend} (package data missing?)")
    return found


def latest_version(backend: str) -> int:
    return max(migration.version for migration in migrations(backend))


def upgrade_postgres(db: psycopg.Connection) -> list[str]:
    """Apply the PostgreSQL migrations not yet recorded, in one transaction under an advisory lock
    (a second node upgrading at once waits, then finds nothing left to do). Returns what it applied."""
    applied = []
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (UPGRADE_LOCK_ID,))
        db.execute(_VERSION_TABLE)
        done = {row[0] for row in db.execute("SELECT version FROM schema_version")}
        for migration in migrations("postgres"):
            if migration.version in done:
                continue
            db.execute(migration.sql.encode())  # no parameters: several statements in one go
            db.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", (migration.version, migration.name))
            applied.append(f"postgres {migration.version:04d}_{migration.name}")
    return applied


def postgres_version(db: psycopg.Connection) -> int:
    """The newest migration recorded; 0 when the schema was never made."""
    found = db.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not found:
        return 0
    return db.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def upgrade_sqlite(db: sqlite3.Connection) -> list[str]:
    """Apply the SQLite migrations not yet recorded, in one transaction that holds the write lock
    from the first read (another process opening the same file waits, then finds nothing to do).
    `db` must not be in a transaction; it is left committed."""
    applied = []
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(_VERSION_TABLE)
        done = {row[0] for row in db.execute("SELECT version FROM schema_version")}
        for migration in migrations("sqlite"):
            if migration.version in done:
                continue
            for statement in _sqlite_statements(migration.sql):
                db.execute(statement)
            db.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", (migration.version, migration.name))
            applied.append(f"sqlite {migration.version:04d}_{migration.name}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return applied


def _sqlite_statements(sql: str) -> list[str]:
    """The statements of a script, one by one (executescript would commit before running them)."""
    statements, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip() and not all(line.strip().startswith("--") or not line.strip() for line in pending.splitlines()):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending.strip()[:80]}")
    return statements

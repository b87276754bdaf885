"""Where articles, their narration scripts and their audio states are kept: one SQLite file
(sqlite.py, the default) or a PostgreSQL database shared by several nodes (postgres.py), with the
same methods. `open_store(settings)` picks one; `upgrade(settings)` brings a database's schema to
this release's (`a11y db upgrade`)."""

from dataclasses import dataclass
from datetime import datetime

from a11y.article import Article
from a11y.errors import Unavailable


class StoreUnavailable(Unavailable):
    """The database does not answer (refused, gone, every connection busy) or cannot be written."""


class SchemaOutdated(Exception):
    """The database's schema is missing or older than this release's: `a11y db upgrade` makes it."""


@dataclass(frozen=True)
class AudioRecord:
    """The last outcome of making a segment's audio."""

    state: str  # "ready" or "failed"
    voice: str | None = None  # the voice that made it
    fallback: bool = False  # made by a voice other than the preferred one
    reason: str | None = None  # why no voice could make it


@dataclass(frozen=True)
class StoredArticle:
    id: str
    article: Article
    created_at: datetime
    updated_at: datetime


# Below the names the backends import from here.
from a11y.settings import Settings  # noqa: E402
from a11y.store.postgres import PostgresStore, upgrade_database  # noqa: E402
from a11y.store.sqlite import Store  # noqa: E402


def open_store(settings: Settings) -> Store | PostgresStore:
    """The SQLite file settings.database_path, or the PostgreSQL database settings.database_url when
    it is set. PostgreSQL's schema must be made first (`a11y db upgrade`): SchemaOutdated says so."""
    if settings.uses_postgres:
        return PostgresStore(settings.database_url)
    return Store(settings.database_path)


def upgrade(settings: Settings) -> list[str]:
    """Apply every schema step the settings need; returns what was applied (empty: up to date).
    Safe to run from several nodes at once, and again."""
    applied = []
    for step in schema_steps(settings):
        applied += step(settings)
    return applied


def schema_steps(settings: Settings) -> list:
    """What `a11y db upgrade` applies, in order: each a function(settings) -> list of what it applied.
    The job queue's own schema (a11y/jobs/queue.py) joins here when the queue is used."""
    if settings.jobs == "queue":
        from a11y.jobs.queue import schema_step as queue_schema  # Procrastinate only where it is used

        return [_store_schema, queue_schema]
    return [_store_schema]


def _store_schema(settings: Settings) -> list[str]:
    if not settings.uses_postgres:
        store = Store(settings.database_path)  # SQLite's schema is made and upgraded at open
        store.close()
        return []
    return upgrade_database(settings.database_url)


__all__ = [
    "AudioRecord",
    "PostgresStore",
    "SchemaOutdated",
    "Store",
    "StoreUnavailable",
    "StoredArticle",
    "open_store",
    "upgrade",
]

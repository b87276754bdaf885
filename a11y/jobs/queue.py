"""The job queue: Procrastinate on the PostgreSQL database (settings.database_url), for settings.jobs
== "queue". Web nodes and the CLI defer jobs (`JobQueue`, synchronous, from any thread); `a11y worker`
processes take them (a11y/jobs/worker.py).

Two tasks:
- make_segment(key): one segment's audio. Deferred with queueing_lock = key, so however many ask there
  is one job waiting per key (a second ask is no error: it finds the job already queued), and lock =
  key, so two jobs for one key never run at once (the later finds the audio made and stops there).
  A voice that fails is retried with exponential backoff.
- build_article_audio(article_id): the whole-article MP3, once every segment has audio; while some
  segment has none, their jobs are deferred and the build tried again a little later.

Priority (higher runs first): a segment a listener waits for; then an article's first segment, its
second, and so on (so every new article's first segment comes before any article's second); the
whole-article builds last.
"""

import logging
import threading

import psycopg
from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException
from procrastinate.schema import SchemaManager

from a11y.audio.whole import ArticleAudio
from a11y.errors import NotReady, Unavailable
from a11y.script import Segment

log = logging.getLogger(__name__)

MAKE_SEGMENT = "a11y.make_segment"
BUILD_ARTICLE_AUDIO = "a11y.build_article_audio"
LISTENER_PRIORITY = 200  # someone is waiting for this segment now
FIRST_SEGMENT_PRIORITY = 100  # an article's first segment; each later one a step lower, down to 1
WHOLE_ARTICLE_PRIORITY = 0
# A voice that fails (Google's away, a full disk): tried again after 2, 4, 8 … 256 s, about 8.5 min in all.
SEGMENT_RETRY = RetryStrategy(max_attempts=8, exponential_wait=2, retry_exceptions={Unavailable})
# A whole-article build waiting for its segments: looked at again every 5 s for about 5 minutes.
BUILD_RETRY = RetryStrategy(max_attempts=60, wait=5, retry_exceptions={NotReady, Unavailable})
POOL_MAX_CONNECTIONS = 4  # per process deferring jobs
SCHEMA_LOCK = 0x5A11A0  # advisory lock: two `a11y db upgrade` at once apply the schema once

# Raising the priority of a job already waiting: a listener now wants a segment queued ahead of time.
_RAISE_PRIORITY = (
    "UPDATE procrastinate_jobs SET priority = %(priority)s "
    "WHERE queueing_lock = %(lock)s AND status = 'todo' AND priority < %(priority)s"
)


class QueueUnavailable(Unavailable):
    """The queue's database does not answer."""


def segment_priority(position: int) -> int:
    """An article's segment at `position` (Segment.index: 1 is its first)."""
    return max(FIRST_SEGMENT_PRIORITY + 1 - position, 1)


def queue_app(database_url: str, max_connections: int = POOL_MAX_CONNECTIONS) -> App:
    """A Procrastinate app with a11y's tasks, on the database at `database_url` (not yet opened)."""
    app = App(connector=PsycopgConnector(conninfo=database_url, min_size=1, max_size=max_connections))
    app.task(name=MAKE_SEGMENT, pass_context=True, retry=SEGMENT_RETRY)(make_segment)
    app.task(name=BUILD_ARTICLE_AUDIO, pass_context=True, retry=BUILD_RETRY)(build_article_audio)
    return app


class JobQueue:
    """Deferring jobs, synchronously, from any thread (web request threads, the CLI, a worker's jobs).
    Connects on first use; a database that does not answer raises QueueUnavailable."""

    def __init__(self, database_url: str):
        self.app = queue_app(database_url)
        self._open = False
        self._opening = threading.Lock()

    def make_segment(self, key: str, priority: int = LISTENER_PRIORITY, upgrade: bool = False) -> bool:
        """Queue a segment's audio; False when a job for it was already waiting (its priority is raised
        to `priority` if lower). `upgrade`: re-make a fallback voice's audio with the preferred voice."""
        lock = f"{key}:upgrade" if upgrade else key
        return self._defer(MAKE_SEGMENT, lock, priority, key=key, upgrade=upgrade)

    def make_segments(self, rows: list[tuple[int, str]]) -> int:
        """Queue segments given as (position in their article, key), first positions first; how many
        were newly queued."""
        return sum(self.make_segment(key, segment_priority(position)) for position, key in sorted(rows))

    def build_article_audio(self, article_id: str) -> bool:
        """Queue the whole-article file's build; False when one was already waiting."""
        return self._defer(BUILD_ARTICLE_AUDIO, f"whole:{article_id}", WHOLE_ARTICLE_PRIORITY, article_id=article_id)

    def close(self) -> None:
        with self._opening:
            if self._open:
                self.app.close()
                self._open = False

    def _defer(self, task: str, lock: str, priority: int, **arguments) -> bool:
        try:
            self._ensure_open()
            deferrer = self.app.configure_task(task, queueing_lock=lock, lock=lock, priority=priority)
            try:
                deferrer.defer(**arguments)
                return True
            except AlreadyEnqueued:
                self._connector().execute_query(_RAISE_PRIORITY, priority=priority, lock=lock)
                return False
        except ConnectorException as error:
            raise QueueUnavailable(f"the job queue does not answer: {error.__cause__ or error}") from error

    def _ensure_open(self) -> None:
        with self._opening:
            if not self._open:
                self.app.open()
                self._open = True

    def _connector(self):
        return self.app.connector.get_sync_connector()


def make_segment(context: JobContext, key: str, upgrade: bool = False) -> str:
    """A worker's job: the segment's audio, made here unless it exists. Returns what was done."""
    service = context.additional_context["service"]
    synthesizer = service.synthesizer
    found = synthesizer.cache.find(key)
    if found is not None and (found.preferred or not upgrade):
        return "had"
    spoken = service.store.spoken_text(key)
    if spoken is None:
        return "gone"  # no stored article says this any more (edited or deleted meanwhile)
    segment = Segment(0, "paragraph", spoken, spoken, key)
    (synthesizer.upgrade(segment) if upgrade else synthesizer.submit(segment)).result()
    return "upgraded" if upgrade else "made"


def build_article_audio(context: JobContext, article_id: str) -> str:
    """A worker's job: the whole-article file, once every segment has audio. Returns its file name."""
    service = context.additional_context["service"]
    stored = service.store.get(article_id)
    if stored is None:
        return "gone"
    segments = service.script(stored.article)
    job = ArticleAudio(service.synthesizer).complete_file(stored.article, segments)
    if job is None:  # a segment has no audio yet (or lost it, pruned): queue what is missing, try later
        missing = [(segment.index, segment.key) for segment in segments if service.synthesizer.cache.find(segment.key) is None]
        service.queue.make_segments(missing)
        raise NotReady(f"{len(missing)} segments of article {article_id} have no audio yet")
    return job.result().name


def upgrade_schema(database_url: str) -> bool:
    """Install Procrastinate's tables and functions in the database if they are not there (for
    `a11y db upgrade`). Returns whether it installed them."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            if connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is not None:
                return False
            connection.execute(SchemaManager.get_schema())
            log.info("installed the job queue's schema (Procrastinate)")
            return True
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))


def schema_step(settings) -> list[str]:
    """`a11y db upgrade`'s step for the queue (settings.jobs == "queue"): what it applied."""
    if settings.jobs != "queue":
        return []
    return ["job queue (Procrastinate)"] if upgrade_schema(settings.database_url) else []

"""Politeness towards Google's voice shared by every worker: the throttle and the circuit breaker of
a11y/engines/gtts.py (same interfaces), with their state in PostgreSQL, so N worker processes together
start at most `per_second` requests a second, and one breaker opening takes Google's voice out for all
of them for the cool-down.

The state is one row per voice in `voice_politeness`: the last request slot given out, failures in a
row, when the breaker opened, and when a half-open trial was claimed. A slot is reserved by one UPDATE
(slot = greatest(last slot + 1/rate, now)), then the caller sleeps until it; breaker changes lock the
row for one short transaction. Time is the injected clock's unix seconds, passed as a parameter (never
the database's now()), so tests use a fake clock; by default `time.time`, since monotonic clocks of two
machines cannot be compared: workers' clocks should agree (NTP), as a skew lets requests bunch.

Politeness must not stop synthesis: when the database does not answer, each call falls back to an
in-process `Throttle`/`CircuitBreaker` (this process alone is then polite), logged once per outage;
the database is asked again after `DATABASE_RETRY_S`.

The table comes from the store's migration a11y/store/migrations/postgres/0002_voice_politeness.sql
(`a11y db upgrade`); without it the fallback is used and the log says to run the upgrade.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg

from a11y.engines import VoiceSkipped
from a11y.engines.gtts import CircuitBreaker, Clock, Sleep, Throttle
from a11y.errors import first_line

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 2  # a database that does not answer costs a request at most this, then the fallback
STATEMENT_TIMEOUT_MS = 2_000
DATABASE_RETRY_S = 5.0  # after the database failed, calls use the fallback this long before asking again



class SharedThrottle:
    """At most `per_second` request starts a second across every worker using this database, spaced
    evenly. Falls back to this process's own `Throttle` while the database does not answer."""

    def __init__(
        self, database_url: str, per_second: float, *, voice: str = "gtts", clock: Clock = time.time, sleep: Sleep = time.sleep
    ):
        self.interval_s = 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._row = _VoiceRow(database_url, voice, "throttle", clock)
        self._local = Throttle(per_second, clock=clock, sleep=sleep)

    def wait(self) -> None:
        slot = self._row.run(self._reserve)
        if slot is _UNAVAILABLE:
            self._local.wait()
            return
        left_s = slot - self._clock()
        if left_s > 0:
            self._sleep(left_s)

    def _reserve(self, db: psycopg.Connection, voice: str) -> float:
        return db.execute(
            "UPDATE voice_politeness SET last_slot = greatest(last_slot + %s, %s) WHERE voice = %s RETURNING last_slot",
            (self.interval_s, self._clock(), voice),
        ).fetchone()[0]


class SharedBreaker:
    """CircuitBreaker's rules across every worker using this database: after `failures` failures in a
    row (whichever workers had them) Google's voice is refused everywhere for `cooldown_s`; then one
    worker's trial request goes, success closes, failure opens again. A trial whose worker never
    reports (it died) is given up after another `cooldown_s`. Falls back to this process's own
    `CircuitBreaker` while the database does not answer."""

    def __init__(self, database_url: str, failures: int, cooldown_s: float, *, voice: str = "gtts", clock: Clock = time.time):
        self.failures, self.cooldown_s = failures, cooldown_s
        self._clock = clock
        self._row = _VoiceRow(database_url, voice, "breaker", clock)
        self._local = CircuitBreaker(failures, cooldown_s, clock=clock)

    @property
    def is_open(self) -> bool:
        opened = self._row.run(
            lambda db, voice: db.execute("SELECT opened_at IS NOT NULL FROM voice_politeness WHERE voice = %s", (voice,)).fetchone()[0]
        )
        return self._local.is_open if opened is _UNAVAILABLE else opened

    def admit(self) -> None:
        """Return if a request may go now; raise VoiceSkipped (at once, no network) if not."""
        refusal = self._row.run(self._admit)
        if refusal is _UNAVAILABLE:
            self._local.admit()
        elif refusal:
            raise VoiceSkipped(refusal)

    def failed(self) -> None:
        if self._row.run(self._failed) is _UNAVAILABLE:
            self._local.failed()

    def succeeded(self) -> None:
        closed = self._row.run(
            lambda db, voice: db.execute(
                "UPDATE voice_politeness SET failures = 0, opened_at = NULL, trial_at = NULL"
                " WHERE voice = %s AND (failures <> 0 OR opened_at IS NOT NULL OR trial_at IS NOT NULL)",
                (voice,),
            )
        )
        if closed is _UNAVAILABLE:
            self._local.succeeded()

    def _admit(self, db: psycopg.Connection, voice: str) -> str:
        """Why a request may not go now; "" if it may (claiming the trial when half-open)."""
        with db.transaction():
            in_a_row, opened_at, trial_at = _locked_state(db, voice)
            if opened_at is None:
                return ""
            now = self._clock()
            waited_s = now - opened_at
            trial_running = trial_at is not None and now - trial_at < self.cooldown_s
            if waited_s < self.cooldown_s or trial_running:
                left_s = max(0.0, self.cooldown_s - waited_s)
                return f"Google's voice is skipped after {in_a_row} failures in a row; next try in {left_s:.0f} s"
            db.execute("UPDATE voice_politeness SET trial_at = %s WHERE voice = %s", (now, voice))
            return ""

    def _failed(self, db: psycopg.Connection, voice: str) -> None:
        with db.transaction():
            in_a_row, opened_at, trial_at = _locked_state(db, voice)
            in_a_row += 1
            if trial_at is not None or in_a_row >= self.failures:
                if opened_at is None:
                    log.warning("Google's voice: %d failures in a row; skipped for %.0f s by every worker", in_a_row, self.cooldown_s)
                opened_at = self._clock()
            db.execute(
                "UPDATE voice_politeness SET failures = %s, opened_at = %s, trial_at = NULL WHERE voice = %s",
                (in_a_row, opened_at, voice),
            )


def _locked_state(db: psycopg.Connection, voice: str) -> tuple[int, float | None, float | None]:
    return db.execute(
        "SELECT failures, opened_at, trial_at FROM voice_politeness WHERE voice = %s FOR UPDATE", (voice,)
    ).fetchone()


_UNAVAILABLE = object()  # the database did not answer: the caller uses its in-process fallback


class _VoiceRow:
    """One voice's row through a connection of its own: opened on first use (the row made if
    missing), dropped when the database fails, asked again after DATABASE_RETRY_S."""

    def __init__(self, database_url: str, voice: str, role: str, clock: Clock):
        self.database_url, self.voice, self.role = database_url, voice, role
        self._clock = clock
        self._db: psycopg.Connection | None = None
        self._failed_at: float | None = None  # by the clock; None while the database answers
        self._lock = threading.Lock()

    def run(self, operation: Callable[[psycopg.Connection, str], Any]) -> Any:
        """`operation(connection, voice)`'s result, or _UNAVAILABLE if the database did not answer."""
        with self._lock:
            if self._failed_at is not None and self._clock() - self._failed_at < DATABASE_RETRY_S:
                return _UNAVAILABLE
            try:
                result = operation(self._connection(), self.voice)
            except psycopg.Error as error:
                self._drop()
                if self._failed_at is None:
                    log.warning(
                        "Google's voice: no shared %s (%s); this process is polite on its own meanwhile",
                        self.role, _why(error),
                    )  # fmt: skip
                self._failed_at = self._clock()
                return _UNAVAILABLE
            if self._failed_at is not None:
                log.warning("Google's voice: the shared %s's database answers again", self.role)
                self._failed_at = None
            return result

    def _connection(self) -> psycopg.Connection:
        if self._db is None:
            db = psycopg.connect(
                self.database_url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
            )  # fmt: skip
            try:
                db.execute("INSERT INTO voice_politeness (voice) VALUES (%s) ON CONFLICT DO NOTHING", (self.voice,))
            except BaseException:
                db.close()
                raise
            self._db = db
        return self._db

    def _drop(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except psycopg.Error:
                pass
            self._db = None


def _why(error: psycopg.Error) -> str:
    if isinstance(error, psycopg.errors.UndefinedTable):
        return "its table is missing: run `a11y db upgrade`"
    return f"the database does not answer: {first_line(error)}"

"""Editors' desk sessions: a signed cookie, the CSRF token tied to it, and a logout that really ends it.

The cookie is `<session id>.<expiry, unix seconds>.<HMAC-SHA256 of both>`. The signing key is
A11Y_SESSION_SECRET, or else derived from the publisher token with HMAC, so every worker process
agrees on it without sharing state, and changing the token ends every session. The expiry is inside
what is signed, so a cookie kept past its Max-Age is still refused. A logout writes the session id
to a small SQLite file of ended sessions (kept until their expiry), which every worker reads: a
copied cookie is worthless after its editor logs out. With PostgreSQL the ended sessions are kept
in the database instead (a11y/store/shared_state.py), so a logout on one node ends the session on all.
"""

import hashlib
import hmac
import secrets
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from a11y.settings import Settings
from a11y.store.shared_state import EndedSessionsTable

SESSION_COOKIE = "a11y_desk"
COOKIE_PATH = "/desk"
DERIVED_KEY_LABEL = b"a11y editors' desk session key v1"


@dataclass(frozen=True)
class DeskSession:
    id: str
    expires_at: int  # unix seconds

    @property
    def tag(self) -> str:
        """A short name for the session in logs; it cannot be turned back into the cookie."""
        return hashlib.sha256(self.id.encode()).hexdigest()[:12]


class DeskSessions:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time):
        self.settings, self.clock = settings, clock
        self.lifetime_s = int(settings.desk_session_hours * 3600)
        self.ended = _ended_sessions(settings)

    def key(self) -> bytes | None:
        """The signing key now in force; None when neither a secret nor a publisher token is set."""
        if self.settings.session_secret is not None and self.settings.session_secret.get_secret_value():
            return self.settings.session_secret.get_secret_value().encode()
        token = self.settings.publisher_token_value()
        if token is None:
            return None
        return hmac.new(token.encode(), DERIVED_KEY_LABEL, hashlib.sha256).digest()

    def start(self) -> tuple[DeskSession, str]:
        """A new session and its cookie value. Call only when key() is not None."""
        session = DeskSession(secrets.token_urlsafe(24), int(self.clock()) + self.lifetime_s)
        payload = f"{session.id}.{session.expires_at}"
        return session, f"{payload}.{self._sign('session', payload)}"

    def read(self, cookie: str | None) -> DeskSession | None:
        """The session a cookie carries, if it is ours, unexpired and not logged out."""
        if not cookie or self.key() is None:
            return None
        parts = cookie.split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        session_id, expires, signature = parts
        if not hmac.compare_digest(signature.encode(), self._sign("session", f"{session_id}.{expires}").encode()):
            return None
        session = DeskSession(session_id, int(expires))
        if session.expires_at <= self.clock() or self.ended.contains(session.id):
            return None
        return session

    def end(self, session: DeskSession) -> None:
        self.ended.add(session.id, session.expires_at, now=self.clock())

    def csrf_token(self, session: DeskSession) -> str:
        """The hidden field every desk form carries: bound to this session, useless for another."""
        return self._sign("csrf", session.id)

    def csrf_ok(self, session: DeskSession, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.csrf_token(session).encode())

    def _sign(self, purpose: str, payload: str) -> str:
        key = self.key() or b""
        return hmac.new(key, f"{purpose}:{payload}".encode(), hashlib.sha256).hexdigest()


def _ended_sessions(settings: Settings) -> "EndedSessions | EndedSessionsTable":
    if settings.uses_postgres:
        return EndedSessionsTable(settings.database_url)
    return EndedSessions(settings.data_dir / "desk_sessions.sqlite3")


class EndedSessions:
    """Session ids ended by a logout, each kept until the session would have expired anyway."""

    def __init__(self, path: Path):
        self.path = path

    def contains(self, session_id: str) -> bool:
        if not self.path.exists():  # nobody has logged out yet: no file to open on every request
            return False
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            try:
                return db.execute("SELECT 1 FROM ended WHERE id = ?", (session_id,)).fetchone() is not None
            except sqlite3.OperationalError:  # the file is there, its table not yet: nobody logged out
                return False

    def add(self, session_id: str, expires_at: int, now: float) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS ended (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)")
            db.execute("DELETE FROM ended WHERE expires_at <= ?", (now,))
            db.execute("INSERT OR IGNORE INTO ended (id, expires_at) VALUES (?, ?)", (session_id, expires_at))

"""All of the service's settings in one place.

Built once (by the CLI or a test) and passed down; nothing else reads the environment.
"""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def _templates_dir() -> Path:
    """The page templates: in the package when installed from a wheel, else the repository's templates/."""
    packaged = PACKAGE_DIR / "templates"
    return packaged if packaged.is_dir() else PROJECT_DIR / "templates"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="A11Y_", frozen=True)

    data_dir: Path = Path("data")
    audio_cache_dir: Path = Path("audio_cache")
    templates_dir: Path = Field(default_factory=lambda: _templates_dir())
    # The publisher lexicon file (format in a11y/speech/lexicon.py); PUT /api/lexicon rewrites it.
    # Until it exists, the package's default lexicon serves. Unset: <data_dir>/lexicon.txt.
    lexicon_path: Path | None = None

    # Voices in order of preference; the first that answers makes the audio.
    engines: Annotated[tuple[str, ...], NoDecode] = ("gtts", "espeak")
    espeak_voice: str = "ko"
    espeak_rate_wpm: int = Field(default=165, ge=80, le=450)
    espeak_pitch: int = Field(default=50, ge=0, le=99)
    gtts_lang: str = "ko"
    gtts_tld: str = "com"
    gtts_url: str = ""  # another address for Google's TTS endpoint (a proxy); empty: Google's own, from gtts_tld
    gtts_timeout_s: float = Field(default=5.0, gt=0)  # every request to Google gives up after this
    gtts_requests_per_second: float = Field(default=2.0, gt=0)  # Google answers 429 when pushed
    gtts_retries: int = Field(default=2, ge=0, le=10)  # after a 429, 5xx, timeout or dropped connection
    gtts_backoff_s: float = Field(default=0.5, ge=0)  # first retry waits about this, doubling each time
    gtts_breaker_failures: int = Field(default=3, ge=1)  # failures in a row that take Google's voice out...
    gtts_breaker_cooldown_s: float = Field(default=60.0, ge=0)  # ...for this long

    # Beyond one machine. Where articles live: empty, the SQLite file in data_dir; or postgresql://…
    database_url: str = ""
    # Where audio files live: empty, file://<audio_cache_dir>; file:///shared/folder for a volume every
    # node mounts; s3://bucket/prefix for object storage (s3_endpoint_url for a non-AWS service, the
    # usual AWS_* variables for credentials). With audio_public_url (a CDN in front of the bucket), audio
    # requests are redirected there.
    audio_store: str = ""
    s3_endpoint_url: str = ""
    audio_public_url: str = ""
    # Who makes audio: "local", this process (threads, and the pre-generation thread); "queue", any
    # number of `a11y worker` processes taking jobs from the queue in PostgreSQL; web nodes then never
    # synthesize, they queue and answer 503 with Retry-After until the audio exists.
    jobs: Literal["local", "queue"] = "local"

    # Audio: made ahead on ingest, and how long a listener's request waits for a segment being made.
    pregenerate: bool = True
    audio_wait_s: float = Field(default=10.0, ge=0)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1)
    public_url: str = ""  # absolute base for links in feeds; derived from the request when empty

    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)  # an upload, a file or a fetched page
    # An article larger than this is refused (422): its narration would take hours and its page
    # would be unusable with a screen reader. Counted over title, subtitles and every block's text.
    max_article_blocks: int = Field(default=500, ge=1)
    max_article_chars: int = Field(default=200_000, ge=100)
    # Article pages: take a publisher's article container by its known name (a fast path). Off, the
    # body is found by its text alone, as on a site the list has never seen.
    ingest_known_containers: bool = True
    # All request headers together (names and values): more is refused with 431. uvicorn's own limit
    # is loose (about a megabyte arrives before it gives up), so the service sets its own.
    max_header_bytes: int = Field(default=16 * 1024, ge=1024)
    # Writes (POST, PUT, DELETE) per client address: a burst of this many, refilled at this rate (429).
    write_burst: int = Field(default=30, ge=1)
    writes_per_minute: float = Field(default=60.0, gt=0)

    # Fetching an article by URL: the whole fetch's time limit, and whether private, loopback and
    # link-local addresses may be fetched (never in production: it lets a caller probe the network).
    fetch_timeout_s: float = Field(default=10.0, gt=0, le=120)
    allow_private_urls: bool = False

    # Writes need `Authorization: Bearer <token>`. The token is never in the repo: it comes from
    # the environment or from a file (e.g. one `make run` generates); with neither, writes are refused.
    publisher_token: SecretStr | None = None
    publisher_token_file: Path | None = None
    # The editors' desk (/desk): its session cookies are signed with this key; unset, a key derived
    # from the publisher token (so every worker agrees, and a new token ends every session).
    session_secret: SecretStr | None = None
    desk_session_hours: float = Field(default=9.0, gt=0, le=24 * 7)  # a working day
    # Login attempts per client address: a burst of this many, refilled at this rate (429).
    login_burst: int = Field(default=5, ge=1)
    logins_per_minute: float = Field(default=5.0, gt=0)
    # POST /api/say per client address (a CMS previews as an editor types): burst, then this rate.
    say_burst: int = Field(default=30, ge=1)
    says_per_minute: float = Field(default=120.0, gt=0)

    @field_validator("engines", mode="before")
    @classmethod
    def _split_engines(cls, value: object) -> object:
        if isinstance(value, str):
            value = [name.strip() for name in value.split(",") if name.strip()]
        return value

    @field_validator("engines")
    @classmethod
    def _known_engines(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from a11y.engines import ENGINE_NAMES

        if not value:
            raise ValueError("name at least one voice, e.g. 'gtts,espeak'")
        unknown = [name for name in value if name not in ENGINE_NAMES]
        if unknown:
            raise ValueError(f"unknown voice {unknown[0]!r}; choose from {', '.join(ENGINE_NAMES)}")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if value and not value.startswith(("postgresql://", "postgres://", "sqlite:///")):
            raise ValueError("use postgresql://user@host:port/database, or leave it empty for the SQLite file")
        return value

    @field_validator("audio_store")
    @classmethod
    def _audio_store(cls, value: str) -> str:
        if value and not value.startswith(("file:///", "s3://")):
            raise ValueError("use file:///absolute/folder or s3://bucket/prefix, or leave it empty")
        return value

    @model_validator(mode="after")
    def _queue_needs_postgres(self) -> "Settings":
        if self.jobs == "queue" and not self.uses_postgres:
            raise ValueError("jobs=queue needs a PostgreSQL database_url: the queue lives there")
        return self

    def publisher_token_value(self) -> str | None:
        if self.publisher_token is not None:
            return self.publisher_token.get_secret_value() or None
        if self.publisher_token_file is not None and self.publisher_token_file.is_file():
            return self.publisher_token_file.read_text(encoding="utf-8").strip() or None
        return None

    @property
    def database_path(self) -> Path:
        """The SQLite file: the one a `sqlite:///path` URL names (`sqlite:////srv/a.db` absolute), else
        the data folder's."""
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return self.data_dir / "a11y.sqlite3"

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def lexicon_file(self) -> Path:
        return self.lexicon_path or self.data_dir / "lexicon.txt"

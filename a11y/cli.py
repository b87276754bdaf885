"""The command line: `a11y serve | ingest | ...`. Flags become Settings; the rest is the service's."""

import re
import sqlite3
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from a11y.article import Article
from a11y.errors import first_line
from a11y.settings import Settings


def _settings(**overrides) -> Settings:
    try:
        return Settings(**{name: value for name, value in overrides.items() if value is not None})
    except ValidationError as error:
        raise click.ClickException(f"bad setting: {_first_error(error)}") from error


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "input"
    return f"{where}: {first['msg']}"


class _Commands(click.Group):
    """Every command: a database that does not answer, or one whose schema is older than this release,
    is said in one line (exit 1), whichever command met it."""

    def invoke(self, ctx: click.Context):
        from a11y.errors import Unavailable
        from a11y.store import SchemaOutdated

        try:
            return super().invoke(ctx)
        except (Unavailable, SchemaOutdated) as error:
            raise click.ClickException(first_line(error)) from error


@click.group(cls=_Commands)
def main() -> None:
    """a11y: Korean news articles as accessible pages and narrated audio."""


@main.command()
@click.option("--host", help="Address to listen on (default 127.0.0.1, or A11Y_HOST).")
@click.option("--port", type=int, help="Port to listen on (default 8000, or A11Y_PORT).")
@click.option("--workers", type=int, help="Worker processes (default 1, or A11Y_WORKERS).")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Start the web service (Granian; stop it with SIGTERM or Ctrl-C: what is in hand is finished first)."""
    from a11y.web.server import serve as run_server

    run_server(_settings(host=host, port=port, workers=workers))


@main.command()
@click.option("--concurrency", type=click.IntRange(1), default=1, show_default=True, help="Jobs at a time in this "
              "process. The offline voice is CPU-bound: start one worker per core rather than raising this.")
@click.option("--name", help="The worker's name in the logs (default a11y-worker).")
def worker(concurrency: int, name: str | None) -> None:
    """Make audio for the web nodes (A11Y_JOBS=queue): take jobs from the queue in A11Y_DATABASE_URL until
    SIGTERM or Ctrl-C (the job in hand is finished first). Start any number, on any machine."""
    from a11y.jobs.worker import run
    from a11y.logs import configure_logging

    settings = _settings()
    if settings.jobs != "queue":
        raise click.ClickException("a worker takes jobs from the queue: set A11Y_JOBS=queue and A11Y_DATABASE_URL")
    configure_logging()
    run(settings, concurrency, name=name)


_FORMAT_OPTION = click.option(
    "--format",
    "format_",
    type=click.Choice(["json", "html", "text"]),
    help="json (publisher JSON), html (an article page) or text (a page's copied text). Default: by the "
    "file's suffix, the server's Content-Type, or a look at the bytes.",
)


@main.command()
@click.argument("source", metavar="PATH|URL")
@_FORMAT_OPTION
def ingest(source: str, format_: str | None) -> None:
    """Store an article and print `created|updated ID` and its page URL.

    SOURCE is a file (publisher JSON, an article page's HTML, or its copied text) or an http(s) URL.
    The same source again updates the article in place (same ID); unchanged audio is kept.
    """
    from a11y.errors import Unavailable
    from a11y.service import Service

    settings = _settings()
    article = _read_source(source, format_, settings)
    try:
        stored, created = Service.from_settings(settings).ingest(article)
    except (sqlite3.Error, OSError) as error:  # a full or read-only disk: nothing was stored
        raise click.ClickException(f"cannot write the store in {settings.data_dir}: {error}") from error
    except Unavailable as error:  # the database does not answer: nothing was stored
        raise click.ClickException(f"nothing was stored: {error}") from error
    click.echo(f"{'created' if created else 'updated'} {stored.id}")
    click.echo(f"http://{settings.host}:{settings.port}/articles/{stored.id}")


@main.command("parse")
@click.argument("source", metavar="PATH|URL|-")
@_FORMAT_OPTION
def parse_command(source: str, format_: str | None) -> None:
    """Print the article in SOURCE as JSON; nothing is stored. `-` reads standard input."""
    click.echo(_read_source(source, format_, _settings()).model_dump_json(indent=2))


def _read_source(source: str, format_: str | None, settings: Settings) -> Article:
    from a11y.ingest import IngestError
    from a11y.ingest.sources import read_source

    try:
        return read_source(source, settings, format_, click.get_binary_stream("stdin"))
    except IngestError as error:
        raise click.ClickException(f"{source}: {error}") from error


@main.command()
@click.argument("article_ids", nargs=-1, metavar="[ID]...")
@click.option("--upgrade", is_flag=True, help="Also re-make audio a fallback voice made, with the preferred voice.")
def synth(article_ids: tuple[str, ...], upgrade: bool) -> None:
    """Make the audio of the articles named (all stored ones without an ID) now.

    Exits 0 only when every segment has audio (with --upgrade: the preferred voice's audio).
    """
    from a11y.jobs.batch import segments_to_make, synthesize_all
    from a11y.errors import NotFound
    from a11y.service import Service

    service = Service.from_settings(_settings())
    try:
        wanted = segments_to_make(service, list(article_ids))
    except NotFound as error:
        raise click.ClickException(str(error)) from error
    failures = 0
    with click.progressbar(
        length=len(wanted), label="audio", show_pos=True, show_eta=False, item_show_func=lambda status: status
    ) as bar:

        def progress(outcome) -> None:
            nonlocal failures
            failures += outcome.action == "failed"
            voice = f"{outcome.voice}{' (fallback)' if outcome.fallback else ''}" if outcome.voice else "-"
            bar.update(1, f"{voice}, {failures} failed")

        report = synthesize_all(service, wanted, upgrade, progress)
    made = ", ".join(f"{voice} {count}" for voice, count in sorted(report.made_by.items())) or "none"
    click.echo(
        f"{report.total} segments: {report.actions['had']} had audio, "
        f"{report.actions['made'] + report.actions['upgraded']} made ({made}), {len(report.failures)} failed"
    )
    for failure in report.failures:
        click.echo(f"failed: {failure.article_id} segment {failure.segment.index}: {failure.reason}", err=True)
    if report.failures:
        raise click.ClickException(f"{len(report.failures)} of {report.total} segments have no audio")
    if upgrade and report.fallback:
        raise click.ClickException(
            f"{report.fallback} of {report.total} segments still have only a fallback voice's audio"
        )
    fallback = f", {report.fallback} by a fallback voice" if report.fallback else ""
    click.echo(f"all {report.total} segments have audio{fallback}")


@main.group()
def cache() -> None:
    """The audio cache: what it holds, and clearing out what no article needs."""


@cache.command("stats")
def cache_stats() -> None:
    """Files and bytes in the audio cache, by voice; orphans are files no stored article needs."""
    from a11y.jobs.batch import needed_audio
    from a11y.service import Service

    service = Service.from_settings(_settings())
    keys, wholes = needed_audio(service)
    stats = service.audio_store_stats(keys, wholes)
    click.echo(f"files: {stats.files}, {stats.bytes} bytes")
    for voice, (files, size) in sorted(stats.by_voice.items()):
        click.echo(f"voice {voice}: {files} files, {size} bytes")
    click.echo(f"whole articles: {stats.whole[0]} files, {stats.whole[1]} bytes")
    click.echo(f"orphans: {stats.orphans[0]} files, {stats.orphans[1]} bytes")
    click.echo(f"unfinished writes: {stats.temporary[0]} files, {stats.temporary[1]} bytes")


@cache.command("prune")
@click.option("--max-bytes", "max_bytes", metavar="SIZE", help="Then evict least recently used files until the cache fits, e.g. 500M, 2G.")
def cache_prune(max_bytes: str | None) -> None:
    """Remove files no stored article needs (and dead writers' leftovers)."""
    from a11y.jobs.batch import needed_audio
    from a11y.service import Service

    limit = _parse_size(max_bytes) if max_bytes is not None else None
    service = Service.from_settings(_settings())
    keys, wholes = needed_audio(service)
    report = service.prune_audio_store(keys, wholes, limit)
    click.echo(
        f"removed {report.removed_files} files, {report.removed_bytes} bytes "
        f"({report.evicted_files} still needed, evicted to fit)"
    )
    click.echo(f"kept {report.kept_files} files, {report.kept_bytes} bytes")


@main.group()
def db() -> None:
    """The database's schema (PostgreSQL's is made here; the SQLite file makes its own at open)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database's schema to this release's; safe to run again, and from several nodes at once."""
    import psycopg

    from a11y.errors import Unavailable
    from a11y.store import upgrade

    settings = _settings()
    try:
        applied = upgrade(settings)
    except (Unavailable, psycopg.Error, sqlite3.Error, OSError) as error:  # psycopg: a statement refused
        raise click.ClickException(f"cannot upgrade the database: {first_line(error)}") from error
    for name in applied:
        click.echo(f"applied {name}")
    click.echo("the database schema is up to date")




_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _parse_size(text: str) -> int:
    """Bytes from '1048576', '500K', '500M' or '2G' (powers of 1024; 'MB' and 'MiB' read the same)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise click.ClickException(f"--max-bytes: expected a size such as 500M or 2G, not {text!r}")
    return int(float(match[1]) * _SIZE_UNITS[match[2].lower()])


@main.command()
@click.argument("text")
@click.option("--explain", "show_steps", is_flag=True, help="Also print each step that changed the text, and flags.")
def say(text: str, show_steps: bool) -> None:
    """Print how TEXT is spoken, one line out for each line in; TEXT '-' reads standard input.

    With --explain, each line's spoken form is followed by every step that changed it (the step's
    name, then the text before and after) and by what is left for the voice to guess (flags).
    """
    from a11y.speech import LexiconError, explain, normalize, with_lexicon

    settings = _settings()
    try:
        steps = with_lexicon(_lexicon_source(settings).current())
    except LexiconError as error:
        raise click.ClickException(f"bad lexicon: {error}") from error
    lines = click.get_text_stream("stdin") if text == "-" else text.splitlines() or [""]
    for line in lines:
        if not show_steps:
            click.echo(normalize(line.rstrip("\r\n"), steps))
            continue
        explanation = explain(line.rstrip("\r\n"), steps)
        click.echo(explanation.spoken)
        for change in explanation.changes:
            click.echo(f"  {change.step}:\n    - {change.before}\n    + {change.after}")
        for flag in explanation.flags:
            click.echo(f"  ! {flag.kind} {flag.text!r}: {flag.message}")
        if not explanation.flags:
            click.echo("  (남은 것 없음)")


def _lexicon_source(settings):
    """The lexicon in force, where the service keeps it: the file, or with PostgreSQL the database.
    Service.lexicon's choice, made here without importing the database layer on one machine
    (`a11y say` starts about 0.4 s sooner)."""
    from a11y.speech import LexiconFile

    if not settings.uses_postgres:
        return LexiconFile(settings.lexicon_file)
    from a11y.store import open_store
    from a11y.store.shared_state import LexiconTable

    return LexiconTable(open_store(settings), seed=settings.lexicon_file)


@main.command()
@click.argument("source", metavar="PATH|ID")
def script(source: str) -> None:
    """Print an article's narration script as JSON lines: kind, display, spoken, key, flags.

    PATH is an article file (publisher JSON, a page's HTML or its copied text); anything that is
    not a file is the ID of a stored article.
    """
    import json

    from a11y.errors import NotFound
    from a11y.service import Service
    from a11y.speech import LexiconError, flags_of
    from a11y.speech.normalizer import flag_dict

    settings = _settings()
    service = Service.from_settings(settings)
    path = Path(source)
    try:
        article = _read_article(path, settings) if path.is_file() else service.article(source).article
        segments = service.script(article)
    except NotFound as error:
        raise click.ClickException(f"{source}: neither an article file nor a stored article's ID") from error
    except LexiconError as error:
        raise click.ClickException(f"bad lexicon: {error}") from error
    for segment in segments:
        line = {
            "kind": segment.kind,
            "display": segment.display,
            "spoken": segment.spoken,
            "key": segment.key,
            "flags": [flag_dict(flag) for flag in flags_of(segment.spoken)],
        }
        click.echo(json.dumps(line, ensure_ascii=False))


def _read_article(path: Path, settings: Settings) -> Article:
    """An article file in any format ingest reads (it tells them apart by their bytes), within the limits."""
    from a11y.ingest import IngestError
    from a11y.ingest.sources import read_source

    try:
        return read_source(str(path), settings)
    except IngestError as error:
        raise click.ClickException(f"{path}: not a readable article: {error}") from error


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

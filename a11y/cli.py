"""The command line: `a11y serve | ingest | ...`. Flags become Settings; the rest is the service's."""

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from a11y.article import Article
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


@click.group()
def main() -> None:
    """a11y: Korean news articles as accessible pages and narrated audio."""


@main.command()
@click.option("--host", help="Address to listen on (default 127.0.0.1, or A11Y_HOST).")
@click.option("--port", type=int, help="Port to listen on (default 8000, or A11Y_PORT).")
@click.option("--workers", type=int, help="Worker processes (default 1, or A11Y_WORKERS).")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Start the web service."""
    import uvicorn

    settings = _settings(host=host, port=port, workers=workers)
    if settings.workers == 1:
        from a11y.web.app import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    else:
        # Each worker process builds the same Settings from the same environment.
        uvicorn.run(
            "a11y.web.app:create_app_from_environment",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
        )


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def ingest(source: Path) -> None:
    """Store an article (publisher JSON) and print its id and page URL."""
    from a11y.service import Service

    settings = _settings()
    try:
        article = Article.model_validate_json(source.read_bytes())
    except ValidationError as error:
        raise click.ClickException(f"{source}: not a valid article: {_first_error(error)}") from error
    stored, created = Service.from_settings(settings).ingest(article)
    click.echo(f"{'created' if created else 'updated'} {stored.id}")
    click.echo(f"http://{settings.host}:{settings.port}/articles/{stored.id}")


@main.command()
@click.argument("text")
def say(text: str) -> None:
    """Print how TEXT is spoken, one line out for each line in; TEXT '-' reads standard input."""
    from a11y.speech import LexiconError, LexiconFile, normalize, with_lexicon

    settings = _settings()
    try:
        steps = with_lexicon(LexiconFile(settings.lexicon_file).current())
    except LexiconError as error:
        raise click.ClickException(f"bad lexicon: {error}") from error
    lines = click.get_text_stream("stdin") if text == "-" else text.splitlines() or [""]
    for line in lines:
        click.echo(normalize(line.rstrip("\r\n"), steps))


@main.command()
@click.argument("source", metavar="PATH|ID")
def script(source: str) -> None:
    """Print an article's narration script as JSON lines: kind, display, spoken, key.

    PATH is an article file (publisher JSON, a page's HTML or its copied text); anything that is
    not a file is the ID of a stored article.
    """
    import json

    from a11y.service import NotFound, Service
    from a11y.speech import LexiconError

    service = Service.from_settings(_settings())
    path = Path(source)
    try:
        article = _read_article(path) if path.is_file() else service.article(source).article
        segments = service.script(article)
    except NotFound as error:
        raise click.ClickException(f"{source}: neither an article file nor a stored article's ID") from error
    except LexiconError as error:
        raise click.ClickException(f"bad lexicon: {error}") from error
    for segment in segments:
        line = {"kind": segment.kind, "display": segment.display, "spoken": segment.spoken, "key": segment.key}
        click.echo(json.dumps(line, ensure_ascii=False))


def _read_article(path: Path) -> Article:
    """An article file in any format ingest reads (it tells them apart by their bytes)."""
    from a11y.ingest import IngestError, parse

    try:
        return parse(path.read_bytes())
    except IngestError as error:
        raise click.ClickException(f"{path}: not a readable article: {error}") from error


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

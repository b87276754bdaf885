"""What can go wrong, in the service's own words. The web translates these to answers in one place
(a11y/web/http_errors.py), the CLI to one readable line; nothing below the web knows about HTTP."""


class NotFound(Exception):
    """What was asked for is not here; the message names it."""


class Unavailable(Exception):
    """Something the service needs (the database, the audio store, every voice) does not answer at
    the moment; asking again later may succeed. Never a cacheable answer."""


class NotReady(Exception):
    """What was asked for is being made (audio queued for a worker); ask again shortly."""


def first_line(error: BaseException) -> str:
    """An error's message cut to its first line (a driver's message can run to several), or its
    kind when it has none: for a log line or the CLI's one-line answer."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# Bad input: what cannot become an article, explained in a sentence a publisher can act on. The kinds
# differ in what the caller should do (the API answers each with its own status).


class IngestError(ValueError):
    """The input cannot become an article; the message says what was wrong and, where known, where."""


class InvalidArticle(IngestError):
    """Publisher JSON that breaks the schema; `errors` lists each field and what was wrong with it."""

    def __init__(self, message: str, errors: list[dict]):
        super().__init__(message)
        self.errors = errors


class TooLarge(IngestError):
    """More bytes than the service accepts (`max_body_bytes`)."""


class UnsupportedFormat(IngestError):
    """A media type that is none of JSON, HTML or plain text."""


class RefusedUrl(IngestError):
    """A URL the service will not fetch: not http(s), or a private, loopback or link-local address."""


class FetchFailed(IngestError):
    """The page could not be fetched: no answer in time, an HTTP error, too many redirects."""

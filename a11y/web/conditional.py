"""Conditional GET (RFC 9110 §13): whether a client's copy is still good, so it gets a 304.

Range, If-Range, HEAD, 206 and 416 are Starlette's FileResponse's work; it does not answer 304, so
this does, for audio files and pages alike.
"""

from email.utils import parsedate_to_datetime

from starlette.datastructures import Headers


def not_modified(headers: Headers, etag: str, modified_s: float | None = None) -> bool:
    """True when the request's validators match: If-None-Match first; If-Modified-Since only without it."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        return _etag_listed(if_none_match, etag)
    since = headers.get("if-modified-since")
    if since is None or modified_s is None:
        return False
    try:
        held = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # a date we cannot read validates nothing
    if held.tzinfo is None:
        return False  # HTTP dates are always GMT; one without a zone is not an HTTP date
    # Last-Modified has whole seconds: a file changed within the same second as the client's copy
    # compares equal, which is why the ETag (checked first) is the stronger validator.
    return int(modified_s) <= held.timestamp()


def _etag_listed(header: str, etag: str) -> bool:
    # If-None-Match compares weakly: W/"x" matches "x".
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))

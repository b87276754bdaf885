"""Which of the three formats some bytes are: by the declared media type, else by a look at them."""

import re

from a11y.errors import UnsupportedFormat

FORMATS = ("json", "html", "text")

_MEDIA_TYPES = {
    "application/json": "json",
    "text/json": "json",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
# Types that say nothing about the content (curl's default, a bare upload): look at the bytes.
_UNDECLARED = frozenset({"", "application/octet-stream", "application/x-www-form-urlencoded"})
SNIFF_BYTES = 2048
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<\?xml|<!--)", re.I)
_HTML_TAG = re.compile(rb"<(?:p|div|article|h1|br|section|figure|span)\b[^>]*>", re.I)


def detect_format(data: bytes, content_type: str | None = None) -> str:
    """'json', 'html' or 'text'. A declared type wins; an unknown declared type is refused."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media.endswith("+json"):
        return "json"
    if media in _MEDIA_TYPES:
        return _MEDIA_TYPES[media]
    if media not in _UNDECLARED:
        raise UnsupportedFormat(
            f"받을 수 없는 형식입니다: {media}. application/json, text/html, text/plain 중 하나로 보내 주세요."
        )
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 2:
        return "html"
    return "text"

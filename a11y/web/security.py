"""Security headers on every answer: what a browser may load and run on our pages.

Articles come from outside. Jinja escapes their text and ingest keeps only http(s) addresses for
photos and sources; this is the second wall: even markup that got through could run no script,
because scripts and styles may only come from our own `/static` files (none are inline).
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: http:",  # article photos stay on the publisher's servers
        "media-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# FastAPI's /docs and /redoc pages are built with an inline script and load their code from a CDN;
# they show only the API's own schema, never an article.
API_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' https://fastapi.tiangolo.com data:; "
    "worker-src blob:; frame-ancestors 'none'"
)
API_DOCS_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    # A photo request to a publisher's server does not tell it which article the reader is on.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",  # for browsers older than frame-ancestors
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SecurityHeaders:
    """Add the headers to every HTTP answer, leaving any a route set itself."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        policy = API_DOCS_POLICY if scope["path"] in API_DOCS_PATHS else CONTENT_SECURITY_POLICY
        extra = {**SECURITY_HEADERS, "content-security-policy": policy}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(name.encode(), value.encode()) for name, value in extra.items() if name.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

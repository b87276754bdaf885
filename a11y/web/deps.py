"""Shared request dependencies."""

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from a11y.service import Service


# async: FastAPI runs a plain `def` dependency in a worker thread, a trip every request would pay.
async def get_service(request: Request) -> Service:
    return request.app.state.service


def require_publisher(request: Request) -> None:
    """Writes need the publisher token, compared in constant time."""
    expected = request.app.state.settings.publisher_token_value()
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if expected is None:
        raise HTTPException(401, "이 서버에는 발행자 토큰이 설정되지 않아 쓰기를 받지 않습니다 (A11Y_PUBLISHER_TOKEN).")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(
            401, "발행자 토큰이 없거나 맞지 않습니다 (Authorization: Bearer …).", {"WWW-Authenticate": "Bearer"}
        )


ServiceDep = Annotated[Service, Depends(get_service)]
PublisherDep = Depends(require_publisher)

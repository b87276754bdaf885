"""Shared request dependencies."""

from typing import Annotated

from fastapi import Depends, Request

from a11y.service import Service


def get_service(request: Request) -> Service:
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]

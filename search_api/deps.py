"""Shared dependencies: the KnowledgeGraph of the app, and the API-key check for writes."""

from __future__ import annotations

import hmac

from fastapi import Header, Request

from kg.errors import PolicyKGError
from kg.service import KnowledgeGraph


class Unauthorized(PolicyKGError):
    status = 401
    title = "Unauthorized"


def get_kg(request: Request) -> KnowledgeGraph:
    return request.app.state.kg


def require_api_key(request: Request, x_api_key: str | None = Header(None)) -> None:
    expected = get_kg(request).settings.api_key
    if not expected:
        raise Unauthorized("Writes are disabled: set POLICYKG_API_KEY on the server.")
    if not x_api_key or not hmac.compare_digest(x_api_key.encode(), expected.encode()):
        raise Unauthorized("Missing or wrong X-API-Key header.")

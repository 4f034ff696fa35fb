"""SPARQL 1.1 Protocol, read-only: UPDATE and SERVICE refused, time and row limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Header, Query, Request
from fastapi.responses import Response

from kg.errors import QueryError
from kg.service import KnowledgeGraph
from search_api.deps import get_kg

router = APIRouter(tags=["sparql"])

_ACCEPTED = [
    "application/sparql-results+json",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/n-triples",
]
_FORMATS = {
    "json": _ACCEPTED[0],
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
}


def _negotiate(accept: str | None, fmt: str | None) -> str:
    if fmt:
        return _FORMATS[fmt]
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip()
        if media in _ACCEPTED:
            return media
    return _ACCEPTED[0]


def _run(kg: KnowledgeGraph, query: str, media: str) -> Response:
    if not query.strip():
        raise QueryError("The query is empty.")
    out = kg.store.query_serialized(
        query, media, limit=kg.settings.sparql_row_limit, timeout_s=kg.settings.sparql_timeout_s
    )
    headers = {"X-Truncated": "true"} if out.truncated else {}
    return Response(out.body, media_type=out.media_type, headers=headers)


@router.get("/sparql", response_class=Response)
def sparql_get(
    query: Annotated[
        str,
        Query(min_length=1, max_length=20_000, examples=["SELECT * WHERE { ?s ?p ?o } LIMIT 5"]),
    ],
    format: Annotated[str | None, Query(pattern="^(json|csv|tsv|turtle)$")] = None,
    accept: Annotated[str | None, Header()] = None,
    kg: KnowledgeGraph = Depends(get_kg),
) -> Response:
    return _run(kg, query, _negotiate(accept, format))


@router.post("/sparql", response_class=Response)
async def sparql_post(
    request: Request,
    query: Annotated[str | None, Form(max_length=20_000)] = None,
    accept: Annotated[str | None, Header()] = None,
    kg: KnowledgeGraph = Depends(get_kg),
) -> Response:
    if query is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/sparql-update"):
            raise QueryError("Read-only endpoint: SPARQL Update is not allowed.")
        if content_type.startswith("application/sparql-query"):
            query = (await request.body()).decode("utf-8", errors="replace")
        else:
            raise QueryError("Send the query as form field 'query' or as application/sparql-query.")
    return _run(kg, query, _negotiate(accept, None))

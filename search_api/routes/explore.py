"""Entities, documents and graph neighbourhoods for the explorer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from kg.explore import document_view, entity_detail, export_subgraph, neighborhood, path
from kg.service import KnowledgeGraph
from search_api.deps import get_kg
from search_api.schemas import Subgraph

router = APIRouter(tags=["graph"])

Iri = Annotated[
    str,
    Query(
        min_length=1, max_length=500, examples=["https://w3id.org/policykg/id/scheme/strategic/OPT"]
    ),
]


@router.get("/entities/{iri:path}")
def entity(iri: str, kg: KnowledgeGraph = Depends(get_kg)) -> dict:
    return entity_detail(kg.store, iri)


@router.get("/documents/{doc_id}")
def document(doc_id: str, kg: KnowledgeGraph = Depends(get_kg)) -> dict:
    return document_view(kg.store, doc_id)


@router.get("/graph/neighborhood", response_model=Subgraph)
def graph_neighborhood(
    node: Iri,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    types: Annotated[str | None, Query(max_length=300, examples=["policy,technology"])] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
    kg: KnowledgeGraph = Depends(get_kg),
) -> Subgraph:
    kinds = [t for t in (types or "").split(",") if t] or None
    return Subgraph(**neighborhood(kg.store, node, depth, kinds, limit))


@router.get("/graph/path", response_model=Subgraph)
def graph_path(
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=500)],
    to: Annotated[str, Query(min_length=1, max_length=500)],
    kg: KnowledgeGraph = Depends(get_kg),
) -> Subgraph:
    return Subgraph(**path(kg.store, from_, to))


@router.get("/graph/export", response_class=Response)
def graph_export(
    node: Iri,
    format: Annotated[str, Query(pattern="^(graphml|gexf|jsonld)$")] = "graphml",
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
    kg: KnowledgeGraph = Depends(get_kg),
) -> Response:
    body, media = export_subgraph(neighborhood(kg.store, node, depth, None, limit), format)
    ext = {"graphml": "graphml", "gexf": "gexf", "jsonld": "jsonld"}[format]
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="policykg.{ext}"'},
    )

"""Hybrid passage search and entity search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from kg.retrieve import SearchFilters
from kg.service import KnowledgeGraph
from search_api.deps import get_kg
from search_api.schemas import EntityResults, SearchResponse

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResponse)
def search(
    q: Annotated[
        str, Query(min_length=1, max_length=500, examples=["hydrogen fuel cell vehicles"])
    ],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
    doc_type: str | None = None,
    ministry: Annotated[str | None, Query(max_length=200)] = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    lang: Annotated[str | None, Query(pattern="^(ko|en)$")] = None,
    region: Annotated[str | None, Query(max_length=10, examples=["24"])] = None,
    industry: Annotated[str | None, Query(max_length=300, examples=["OPT"])] = None,
    method: Annotated[str, Query(pattern="^(hybrid|dense|lexical|entity)$")] = "hybrid",
    kg: KnowledgeGraph = Depends(get_kg),
) -> SearchResponse:
    kg.ensure_index()
    filters = SearchFilters(doc_type, ministry, year_from, year_to, lang, region, industry)
    hits = kg.searcher.search(q, k, filters, method)
    return SearchResponse(query=q, results=hits)


@router.get("/entities/search", response_model=EntityResults)
def entity_search(
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["광산업"])],
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    kg: KnowledgeGraph = Depends(get_kg),
) -> EntityResults:
    kg.ensure_index()
    return EntityResults(results=kg.searcher.search_entities(q, k))

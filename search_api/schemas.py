"""Request and response models at the HTTP edge (OpenAPI shows them with examples)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kg.retrieve import SearchHit


class AskRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"question": "광주 광산업에 맞는 중앙정부 정책은?"}]}
    )
    question: str = Field(..., min_length=1, max_length=1000, description="Korean or English.")
    lang: Literal["ko", "en"] | None = Field(
        None, description="Answer language (default: the question's)."
    )


class SearchResponse(BaseModel):
    query: str
    results: list[SearchHit]


class AskResponse(BaseModel):
    question: str
    language: str
    intent: str
    entities: list[dict[str, Any]]
    answer: str
    items: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    subgraph: dict[str, list[dict[str, Any]]]
    messages: list[str]


class MatchesResponse(BaseModel):
    items: list[dict[str, Any]]
    page: int
    page_size: int
    total: int


class ItemsResponse(BaseModel):
    items: list[dict[str, Any]]


class RegionProfileResponse(BaseModel):
    region: dict[str, str]
    industries: list[dict[str, Any]]


class EntityResults(BaseModel):
    results: list[dict[str, Any]]


class Subgraph(BaseModel):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    path: list[str] | None = None


class IngestResponse(BaseModel):
    source: str
    status: str
    documents: int
    triples: int
    message: str
    index: dict[str, int] | None = None


class RemoveResponse(BaseModel):
    removed: list[str]

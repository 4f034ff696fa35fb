"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from kg import __version__
from kg.service import KnowledgeGraph
from search_api.deps import get_kg

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    version: str


class Ready(BaseModel):
    ready: bool
    graphs: int
    triples: int
    detail: str


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok", version=__version__)


@router.get("/ready", response_model=Ready)
def ready(kg: KnowledgeGraph = Depends(get_kg)) -> Ready:
    status = kg.readiness()
    return Ready(**status)

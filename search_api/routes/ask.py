"""Planner questions."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from kg.ask import Asker
from kg.service import KnowledgeGraph
from search_api.deps import get_kg
from search_api.schemas import AskRequest, AskResponse

router = APIRouter(tags=["questions"])


@router.post("/ask", response_model=AskResponse)
def ask(body: AskRequest, kg: KnowledgeGraph = Depends(get_kg)) -> AskResponse:
    return AskResponse(**Asker(kg).ask(body.question, body.lang).as_dict())

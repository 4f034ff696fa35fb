"""App factory: `create_app(settings)` builds the FastAPI app around one KnowledgeGraph."""

from __future__ import annotations

from fastapi import FastAPI

from kg import __version__
from kg.service import KnowledgeGraph
from kg.settings import Settings
from search_api.problems import install_problem_handlers
from search_api.routes import health


def create_app(settings: Settings | None = None, kg: KnowledgeGraph | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="policykg",
        version=__version__,
        description=(
            "Regional industrial policy knowledge graph: hybrid search, policy–industry "
            "matches with evidence, convergence and joint-business candidates, questions in "
            "Korean and English, read-only SPARQL."
        ),
    )
    app.state.kg = kg or KnowledgeGraph(settings)
    install_problem_handlers(app)
    app.include_router(health.router)
    return app

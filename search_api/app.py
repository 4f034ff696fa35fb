"""App factory: `create_app(settings)` builds the FastAPI app around one KnowledgeGraph."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from kg import __version__
from kg.service import KnowledgeGraph
from kg.settings import Settings
from search_api.problems import install_problem_handlers, problem
from search_api.routes import ask, documents, explore, health, matching, search, sparql

WEB_DIR = Path(__file__).parent / "web"


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

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_upload_bytes + 65536:
            return problem(
                413, "Payload too large", f"Request body over {settings.max_upload_mb:g} MB."
            )
        return await call_next(request)

    for module in (health, search, ask, matching, explore, sparql, documents):
        app.include_router(module.router)
    if (WEB_DIR / "index.html").is_file():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app

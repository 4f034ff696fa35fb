from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.bootstrap import initialise
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One embedding cache for the session: each text is encoded once across all stores,
    including the ones CLI commands open (they read POLICYKG_CACHE_DIR)."""
    path = tmp_path_factory.mktemp("embedding-cache")
    previous = os.environ.get("POLICYKG_CACHE_DIR")
    os.environ["POLICYKG_CACHE_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("POLICYKG_CACHE_DIR", None)
    else:
        os.environ["POLICYKG_CACHE_DIR"] = previous


@pytest.fixture
def settings(tmp_path: Path, embedding_cache: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", cache_dir=embedding_cache)


@pytest.fixture
def store() -> OxigraphStore:
    return OxigraphStore(None)


@pytest.fixture(scope="session")
def initialised_store() -> OxigraphStore:
    """Ontology + taxonomies in memory; shared read-only across tests (do not write to it)."""
    s = OxigraphStore(None)
    initialise(s)
    return s


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def demo_kg(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path):
    """The whole demo corpus ingested and indexed once per session (read-only for tests)."""
    from ingest.pipeline import Ingestor
    from kg.service import KnowledgeGraph

    settings = Settings(data_dir=tmp_path_factory.mktemp("demo"), cache_dir=embedding_cache)
    kg = KnowledgeGraph(settings)
    initialise(kg.store)
    results = Ingestor(kg.store, settings).ingest_paths([REPO / "corpus"])
    failed = [r for r in results if r.status == "failed"]
    assert not failed, failed
    kg.sync_index()
    yield kg
    kg.close()

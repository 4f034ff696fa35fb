from __future__ import annotations

from pathlib import Path

import pytest

from kg.bootstrap import initialise
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


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
def demo_kg(tmp_path_factory: pytest.TempPathFactory):
    """The whole demo corpus ingested and indexed once per session (read-only for tests)."""
    from ingest.pipeline import Ingestor
    from kg.service import KnowledgeGraph

    settings = Settings(data_dir=tmp_path_factory.mktemp("demo"))
    kg = KnowledgeGraph(settings)
    initialise(kg.store)
    results = Ingestor(kg.store, settings).ingest_paths([REPO / "corpus"])
    failed = [r for r in results if r.status == "failed"]
    assert not failed, failed
    kg.sync_index()
    yield kg
    kg.close()

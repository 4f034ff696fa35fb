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

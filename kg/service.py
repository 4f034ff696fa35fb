"""KnowledgeGraph: the one object the CLI and the API call; it owns the store and indexes.

Heavy parts (embedding model, indexes, feature matrices) load lazily on first use, never at
import, and are kept for the life of the process.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from kg.embed import Embedder
from kg.match import Matcher
from kg.settings import Settings
from kg.store import Store, open_store


class KnowledgeGraph:
    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store

    @cached_property
    def store(self) -> Store:
        return self._store or open_store(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        return Embedder(self.settings)

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.store, self.embedder)

    def readiness(self) -> dict[str, Any]:
        graphs = self.store.graphs()
        triples = self.store.triple_count()
        ok = len(graphs) > 0
        detail = "ok" if ok else "store is empty: run `policykg init` and `policykg ingest`"
        return {"ready": ok, "graphs": len(graphs), "triples": triples, "detail": detail}

    def close(self) -> None:
        if "embedder" in self.__dict__:
            self.embedder.close()
        if "store" in self.__dict__:
            self.store.close()

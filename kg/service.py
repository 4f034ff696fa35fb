"""KnowledgeGraph: the one object the CLI and the API call; it owns the store and indexes.

Heavy parts (embedding model, indexes, feature matrices) load lazily on first use, never at
import, and are kept for the life of the process.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import cached_property
from typing import Any

from kg.embed import Embedder
from kg.entities import labels_version, load_entity_labels
from kg.errors import NotFoundError
from kg.match import Matcher, store_signature
from kg.nlp import EntityRecognizer
from kg.retrieve import HybridSearcher
from kg.search_index import SearchIndex, SyncReport
from kg.settings import Settings
from kg.store import Store, open_store


class KnowledgeGraph:
    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._recognizer: EntityRecognizer | None = None
        self._recognizer_signature: str | None = None
        self._index_signature: str | None = None
        self._lock = threading.Lock()
        self._warming = False

    @cached_property
    def store(self) -> Store:
        return self._store or open_store(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        return Embedder(self.settings)

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.store, self.embedder)

    @cached_property
    def search_index(self) -> SearchIndex:
        return SearchIndex(self.settings, self.store, self.embedder)

    @property
    def recognizer(self) -> EntityRecognizer:
        """Rebuilt when the graph's labels change (a new taxonomy, organisations, ...)."""
        signature = store_signature(self.store)
        if self._recognizer is None or self._recognizer_signature != signature:
            labels = load_entity_labels(self.store)
            if self._recognizer is None or self._recognizer.version != labels_version(labels):
                self._recognizer = EntityRecognizer(labels)
            self._recognizer_signature = signature
        return self._recognizer

    @property
    def searcher(self) -> HybridSearcher:
        return HybridSearcher(self.search_index, self.recognizer)

    def sync_index(self, progress: Callable[[str], None] | None = None) -> SyncReport:
        with self._lock:
            return self.search_index.sync(progress)

    def ensure_index(self) -> None:
        """Never answer from an index that disagrees with the store: sync first.

        The full comparison runs only when the store's sources have changed since the last one.
        """
        signature = store_signature(self.store)
        if signature == self._index_signature:
            return
        if not self.search_index.is_current():
            self.sync_index()
        self._index_signature = signature

    def warm_up(self, schemes: tuple[str, ...] = ("strategic",)) -> None:
        """Load what the first request would otherwise wait for (model, recogniser, index,
        match features), so that a planner's first question is not the slow one."""
        self._warming = True
        try:
            self.embedder.encode(["warm-up"])
            _ = self.recognizer
            self.ensure_index()
            for scheme in schemes:
                # A store without this scheme is still a valid store.
                with contextlib.suppress(NotFoundError):
                    self.matcher.features(scheme)
        finally:
            self._warming = False

    def readiness(self) -> dict[str, Any]:
        graphs = self.store.graphs()
        triples = self.store.triple_count()
        ok = len(graphs) > 0
        detail = "ok" if ok else "store is empty: run `policykg init` and `policykg ingest`"
        if ok and self._warming:
            detail = "ok; still loading models and match features in the background"
        return {"ready": ok, "graphs": len(graphs), "triples": triples, "detail": detail}

    def close(self) -> None:
        if "embedder" in self.__dict__:
            self.embedder.close()
        if "store" in self.__dict__:
            self.store.close()

"""Passage and entity indexes (dense FAISS + lexical BM25) kept in step with the store.

`state.json` records, per source graph, the content hash and the ids it contributed. It is
written last, after both indexes are saved; on open, any disagreement between the store's
sources, the state and the indexes' own manifests means the indexes are re-synchronised
before they answer (never served stale). Sync is incremental: only changed sources are
re-indexed, and the embedding cache means unchanged passages are never re-encoded.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.embed import Embedder
from kg.errors import IndexMismatchError
from kg.lexical.bm25 import LexicalIndex
from kg.ontology import SPARQL_PREFIXES
from kg.settings import Settings
from kg.sources import list_sources
from kg.store.base import Store
from kg.vectors.base import VectorIndex
from kg.vectors.factory import new_vector_index

STATE_FILE = "state.json"
ENTITY_KEY = "entities"
VIEW_VERSION = "v3"  # bump when _passages_of changes what the embedding model reads


@dataclass
class SyncReport:
    added: int
    removed: int
    sources_changed: int
    passages: int
    entities: int


def _write_json_atomic(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".state-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class SearchIndex:
    def __init__(self, settings: Settings, store: Store, embedder: Embedder) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.dir = settings.index_dir
        self.passages_dense: VectorIndex = new_vector_index(settings, embedder.model_name)
        self.entities_dense: VectorIndex = new_vector_index(settings, embedder.model_name)
        self.passages_lexical = LexicalIndex()
        self.entities_lexical = LexicalIndex()
        self.state: dict[str, dict[str, object]] = {}
        self._load()

    # -- persistence ----------------------------------------------------------------------

    def _paths(self) -> dict[str, Path]:
        return {
            "passages_dense": self.dir / "passages-dense",
            "entities_dense": self.dir / "entities-dense",
            "passages_lexical": self.dir / "passages-lexical",
            "entities_lexical": self.dir / "entities-lexical",
        }

    def _load(self) -> None:
        state_path = self.dir / STATE_FILE
        if not state_path.is_file():
            return
        try:
            self.state = json.loads(state_path.read_text(encoding="utf-8"))
            for name, path in self._paths().items():
                if path.exists():
                    getattr(self, name).load(path)
        except (IndexMismatchError, OSError, ValueError):
            self._reset()  # unreadable or inconsistent: rebuilt by the next sync
            return
        if not self._consistent():
            self._reset()

    def _reset(self) -> None:
        self.state = {}
        self.passages_dense = new_vector_index(self.settings, self.embedder.model_name)
        self.entities_dense = new_vector_index(self.settings, self.embedder.model_name)
        self.passages_lexical = LexicalIndex()
        self.entities_lexical = LexicalIndex()

    def _consistent(self) -> bool:
        passage_ids = sum(len(v["ids"]) for k, v in self.state.items() if k != ENTITY_KEY)  # type: ignore[arg-type]
        entity_ids = len(self.state.get(ENTITY_KEY, {}).get("ids", []))  # type: ignore[union-attr]
        return len(self.passages_dense) == passage_ids == len(self.passages_lexical) and len(
            self.entities_dense
        ) == entity_ids == len(self.entities_lexical)

    def save(self) -> None:
        for name, path in self._paths().items():
            getattr(self, name).save(path)
        _write_json_atomic(self.dir / STATE_FILE, self.state)  # last: commits the new state

    # -- synchronisation ------------------------------------------------------------------

    def stale_sources(self) -> tuple[dict[str, str], list[str]]:
        """(sources to (re)index: graph → hash, graphs to drop)."""
        current = {
            s.graph: s.content_hash
            for s in list_sources(self.store)
            if "/graph/matches-" not in s.graph
        }
        indexed = {g: v["hash"] for g, v in self.state.items() if g != ENTITY_KEY}
        changed = {g: h for g, h in current.items() if indexed.get(g) != self._key(h)}
        gone = [g for g in indexed if g not in current]
        return changed, gone

    def _key(self, content_hash: str) -> str:
        """What an indexed source is compared by: its content and how its passages are shown
        to the embedding model, so that a change of either re-indexes it."""
        views = "multilingual" if self.settings.embedding_multilingual else "english-views"
        return f"{content_hash}|{VIEW_VERSION}-{views}"

    def is_current(self) -> bool:
        changed, gone = self.stale_sources()
        return (
            not gone and not any(self._passages_of(g) for g in changed) and self._entities_current()
        )

    def _entities_current(self) -> bool:
        return self.state.get(ENTITY_KEY, {}).get("hash") == self._entity_signature()

    def _entity_signature(self) -> str:
        from kg.entities import labels_version, load_entity_labels

        return labels_version(load_entity_labels(self.store))

    def _passages_of(self, graph: str) -> list[dict[str, object]]:
        """Passages with their text and the view the embedding model is given."""
        rows = self.store.select(
            SPARQL_PREFIXES
            + f"""SELECT ?p ?text ?lang ?title (GROUP_CONCAT(DISTINCT ?l; separator="; ") AS ?en)
                WHERE {{
                  GRAPH <{graph}> {{
                    ?p a pkg:Passage ; pkg:text ?text ; pkg:passageOf ?d .
                    OPTIONAL {{ ?p dcterms:language ?lang }}
                    OPTIONAL {{ ?d dcterms:title ?title FILTER(lang(?title) != "ko") }} }}
                  OPTIONAL {{
                    GRAPH <{graph}> {{ ?p pkg:mentions ?c }}
                    ?c skos:prefLabel ?l FILTER(lang(?l) = "en") }}
                }} GROUP BY ?p ?text ?lang ?title ORDER BY ?p"""
        )
        for r in rows:
            r["view"] = r["text"]
            if r["lang"] == "ko" and not self.settings.embedding_multilingual:
                # An English-only model turns Korean text into noise that looks alike for
                # every Korean passage; it reads the passage through its English labels instead.
                r["view"] = ". ".join(str(x) for x in (r["title"], r["en"]) if x) or r["text"]
        return rows

    def sync(self, progress: Callable[[str], None] | None = None) -> SyncReport:
        changed, gone = self.stale_sources()
        added = removed = 0
        for graph in gone:
            ids = self.state.pop(graph)["ids"]  # type: ignore[index]
            self.passages_dense.remove(ids)
            self.passages_lexical.remove(ids)
            removed += len(ids)
        for graph, content_hash in changed.items():
            if progress:
                progress(graph)
            old = self.state.get(graph, {}).get("ids", [])
            if old:
                self.passages_dense.remove(old)  # type: ignore[arg-type]
                self.passages_lexical.remove(old)  # type: ignore[arg-type]
                removed += len(old)  # type: ignore[arg-type]
            rows = self._passages_of(graph)
            ids = [str(r["p"]) for r in rows]
            if ids:
                texts = [str(r["text"]) for r in rows]
                self.passages_dense.add(ids, self.embedder.encode([str(r["view"]) for r in rows]))
                self.passages_lexical.add(ids, texts)
                added += len(ids)
            self.state[graph] = {"hash": self._key(content_hash), "ids": ids}
        entity_changed = not self._entities_current()
        if entity_changed:
            self._sync_entities()
        if changed or gone or entity_changed:
            self.save()
        return SyncReport(
            added,
            removed,
            len(changed) + len(gone),
            len(self.passages_lexical),
            len(self.entities_lexical),
        )

    def _sync_entities(self) -> None:
        rows = self.store.select(
            SPARQL_PREFIXES
            + """SELECT ?e (GROUP_CONCAT(DISTINCT ?l; separator=" | ") AS ?labels)
                  (SAMPLE(?d) AS ?def) WHERE {
              ?e skos:prefLabel|skos:altLabel ?l .
              OPTIONAL { ?e skos:definition|dcterms:description ?d }
              FILTER NOT EXISTS { ?e a skos:ConceptScheme }
            } GROUP BY ?e ORDER BY ?e"""
        )
        ids = [str(r["e"]) for r in rows]
        texts = [f"{r['labels']}. {r['def'] or ''}".strip() for r in rows]
        self.entities_dense = new_vector_index(self.settings, self.embedder.model_name)
        self.entities_lexical = LexicalIndex()
        if ids:
            self.entities_dense.add(ids, self.embedder.encode(texts))
            self.entities_lexical.build(ids, texts)
        self.state[ENTITY_KEY] = {"hash": self._entity_signature(), "ids": ids}

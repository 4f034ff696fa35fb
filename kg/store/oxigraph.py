"""Embedded default: pyoxigraph on disk (RocksDB) under the data directory."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store.base import QueryOutput, Row, Store, check_read_only
from kg.store.results import write_solutions

_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_DATASET_FORMATS = {
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_STAGING = "urn:policykg:staging"


def to_python(term: Any) -> Any:
    """Literal → int/float/bool/str by datatype; IRIs and blank nodes → their string value."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if dt in {"integer", "int", "long", "short", "nonNegativeInteger", "gYear"}:
                return int(term.value)
            if dt in {"decimal", "double", "float"}:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == "boolean":
            return term.value == "true"
        return term.value
    return term.value


class OxigraphStore(Store):
    def __init__(self, path: Path | None) -> None:
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:  # e.g. another process holds the RocksDB lock
            hint = ""
            if "lock" in str(exc).lower():
                hint = (
                    " Another policykg process (e.g. `policykg serve`) has it open: stop it, or"
                    " use the HTTP API while it runs."
                )
            raise StoreError(f"Cannot open the store at {path}: {exc}.{hint}") from exc
        self.path = path
        # The on-disk store takes an exclusive lock, so this process is the only writer.
        self._writes = 0

    @property
    def write_version(self) -> int | None:
        return self._writes

    def _query(self, sparql: str) -> Any:
        try:
            return self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"Query failed: {exc}") from exc

    def select(self, sparql: str, *, limit: int | None = None) -> list[Row]:
        result = self._query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("Expected a SELECT query.")
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            rows.append({n: to_python(solution[n]) for n in names})
            if limit is not None and len(rows) >= limit:
                break
        return rows

    def ask(self, sparql: str) -> bool:
        result = self._query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("Expected an ASK query.")
        return bool(result)

    def query_serialized(
        self, sparql: str, media_type: str, *, limit: int, timeout_s: float
    ) -> QueryOutput:
        check_read_only(sparql)
        started = time.monotonic()
        result = self._query(sparql)
        if isinstance(result, ox.QueryTriples):
            fmt = _GRAPH_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
            triples, truncated = _bounded(result, limit, started, timeout_s)
            return QueryOutput(ox.serialize(triples, format=fmt), fmt.media_type, truncated)
        if isinstance(result, ox.QueryBoolean):
            fmt = _RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
            return QueryOutput(result.serialize(format=fmt), fmt.media_type)
        names = [v.value for v in result.variables]
        solutions, truncated = _bounded(result, limit, started, timeout_s)
        body, out_type = write_solutions(names, solutions, media_type)
        return QueryOutput(body, out_type, truncated)

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple]) -> None:
        # Serialising in Rust and loading the bytes is ~2x faster than building Quad objects
        # in Python; load() is one transaction either way.
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        self._writes += 1
        target = ox.NamedNode(graph)
        if not self._store.contains_named_graph(target):
            self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
            return
        staging = ox.NamedNode(f"{_STAGING}:{graph}")
        if self._store.contains_named_graph(staging):
            self._store.remove_graph(staging)
        # The MOVE swaps the graph in one update transaction, so a reader sees either the old
        # graph or the new one, never a mix.
        self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=staging)
        self._store.update(
            f"DROP SILENT GRAPH <{graph}> ; MOVE SILENT <{staging.value}> TO <{graph}>"
        )

    def remove_graph(self, graph: str) -> bool:
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return False
        self._writes += 1
        self._store.remove_graph(node)
        return True

    def graphs(self) -> list[str]:
        return sorted(
            g.value for g in self._store.named_graphs() if not g.value.startswith(_STAGING)
        )

    def triple_count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return int(self.select(q)[0]["n"])

    def export(self, media_type: str) -> bytes:
        if media_type in _DATASET_FORMATS:
            return self._store.dump(format=_DATASET_FORMATS[media_type])
        fmt = _GRAPH_FORMATS.get(media_type)
        if fmt is None:
            raise QueryError(f"Unsupported export format: {media_type}")
        triples = (q.triple for q in self._store.quads_for_pattern(None, None, None, None))
        return ox.serialize(triples, format=fmt)

    def close(self) -> None:
        self._store.flush()
        del self._store


def _bounded(result: Any, limit: int, started: float, timeout_s: float) -> tuple[list, bool]:
    items = []
    for item in result:
        if len(items) >= limit:
            return items, True
        if time.monotonic() - started > timeout_s:
            raise QueryError(f"Query exceeded the time limit of {timeout_s:g} s.")
        items.append(item)
    return items, False

"""Remote backend: any SPARQL 1.1 Protocol endpoint (Fuseki, GraphDB, Virtuoso, QLever...).

Writes use SPARQL Update with one request per source so the endpoint applies it atomically.
Queries should see all named graphs as the default graph; configure the server so (e.g. Fuseki
`unionDefaultGraph`), as the embedded store does.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.rdf import to_ntriples
from kg.store.base import QueryOutput, Row, Store, check_read_only

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {"integer", "int", "long", "decimal", "double", "float", "gYear"}


def _value(binding: dict[str, str]) -> object:
    value = binding["value"]
    dt = binding.get("datatype", "")
    if dt.startswith(_XSD) and dt[len(_XSD) :] in _NUMERIC:
        return float(value) if dt.endswith(("decimal", "double", "float")) else int(value)
    if dt == _XSD + "boolean":
        return value == "true"
    return value


class SparqlEndpointStore(Store):
    def __init__(self, query_url: str, update_url: str | None, timeout_s: float = 30.0) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self._client = httpx.Client(timeout=timeout_s)

    def _post_query(self, sparql: str, accept: str) -> httpx.Response:
        try:
            response = self._client.post(
                self.query_url, data={"query": sparql}, headers={"Accept": accept}
            )
        except httpx.HTTPError as exc:
            raise StoreError(f"SPARQL endpoint {self.query_url} unreachable: {exc}") from exc
        if response.status_code == 400:
            raise QueryError(f"SPARQL endpoint rejected the query: {response.text[:300]}")
        if response.status_code >= 300:
            raise StoreError(f"SPARQL endpoint answered {response.status_code}")
        return response

    def _update(self, sparql: str) -> None:
        try:
            response = self._client.post(self.update_url, data={"update": sparql})
        except httpx.HTTPError as exc:
            raise StoreError(f"SPARQL endpoint {self.update_url} unreachable: {exc}") from exc
        if response.status_code >= 300:
            raise StoreError(
                f"SPARQL update failed ({response.status_code}): {response.text[:300]}"
            )

    def select(self, sparql: str, *, limit: int | None = None) -> list[Row]:
        data = self._post_query(sparql, "application/sparql-results+json").json()
        rows = [
            {v: _value(b[v]) if v in b else None for v in data["head"]["vars"]}
            for b in data["results"]["bindings"]
        ]
        return rows[:limit] if limit is not None else rows

    def ask(self, sparql: str) -> bool:
        return bool(self._post_query(sparql, "application/sparql-results+json").json()["boolean"])

    def query_serialized(
        self, sparql: str, media_type: str, *, limit: int, timeout_s: float
    ) -> QueryOutput:
        check_read_only(sparql)
        response = self._post_query(sparql, media_type)
        return QueryOutput(response.content, response.headers.get("content-type", media_type))

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple]) -> None:
        ntriples = to_ntriples(triples)
        self._update(
            f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}"
        )

    def remove_graph(self, graph: str) -> bool:
        existed = graph in self.graphs()
        if existed:
            self._update(f"DROP GRAPH <{graph}>")
        return existed

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in rows)

    def triple_count(self, graph: str | None = None) -> int:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"])

    def export(self, media_type: str) -> bytes:
        query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        return self._post_query(query, media_type).content

    def close(self) -> None:
        self._client.close()

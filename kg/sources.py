"""Named graphs as units of ingest: write one whole (validated, with PROV), list, remove."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kg.errors import InputError
from kg.ontology import PKG, PROV, RDFS, SPARQL_PREFIXES
from kg.provenance import source_triples, with_count
from kg.rdf import Triples
from kg.store.base import Store
from kg.validate import validate_triples


@dataclass(frozen=True)
class SourceInfo:
    graph: str
    label: str
    content_hash: str
    path: str | None
    time: str | None
    triples: int


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def current_hash(store: Store, graph: str) -> str | None:
    rows = store.select(
        f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ <{graph}> <{PKG.contentHash}> ?h }} }}", limit=1
    )
    return str(rows[0]["h"]) if rows else None


def put_source(
    store: Store,
    graph: str,
    triples: Triples,
    *,
    content_hash: str,
    label: str,
    activity: str,
    path: str | None = None,
    fmt: str | None = None,
    validate: bool = True,
) -> int:
    """Replace `graph` with `triples` plus its provenance; nothing is written if SHACL fails.

    Returns the number of triples written.
    """
    full = Triples(triples)
    full.extend(
        source_triples(
            graph,
            content_hash=content_hash,
            label=label,
            activity_kind=activity,
            path=path,
            fmt=fmt,
        )
    )
    with_count(full, graph)
    if validate:
        report = validate_triples(full)
        if not report.conforms:
            raise InputError(
                f"{label}: {report.violations} SHACL violation(s); nothing was written.\n"
                + report.text[:2000]
            )
    store.replace_graph(graph, full)
    return len(full)


def list_sources(store: Store) -> list[SourceInfo]:
    rows = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?g ?label ?hash ?path ?time ?n WHERE {{
          GRAPH ?g {{ ?g a pkg:Source ; <{PKG.contentHash}> ?hash ; <{RDFS.label}> ?label ;
                     <{PROV.wasGeneratedBy}> ?act .
                  OPTIONAL {{ ?g pkg:sourcePath ?path }} OPTIONAL {{ ?g pkg:tripleCount ?n }}
                  OPTIONAL {{ ?act prov:startedAtTime ?time }} }}
        }} ORDER BY ?g"""
    )
    return [
        SourceInfo(
            graph=str(r["g"]),
            label=str(r["label"]),
            content_hash=str(r["hash"]),
            path=r["path"],
            time=r["time"],
            triples=int(r["n"] or 0),
        )
        for r in rows
    ]

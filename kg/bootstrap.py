"""`policykg init`: the ontology and the shipped taxonomies, each in its own named graph."""

from __future__ import annotations

import pyoxigraph as ox

from kg.ontology import ONTOLOGY_FILE, ONTOLOGY_GRAPH, graph_iri
from kg.rdf import Triples
from kg.sources import current_hash, put_source, sha256
from kg.store.base import Store
from kg.taxonomy import DATA, builtin_schemes

# Inputs whose content decides whether the taxonomy graphs must be rebuilt.
_TAXONOMY_INPUTS = sorted(DATA.glob("*.csv"))


def taxonomy_graph(scheme: str) -> str:
    return graph_iri(f"taxonomy-{scheme}")


def initialise(store: Store) -> dict[str, int]:
    """Load what is missing or changed; returns triples written per graph (0 = unchanged)."""
    written: dict[str, int] = {}
    onto_bytes = ONTOLOGY_FILE.read_bytes()
    onto_hash = sha256(onto_bytes)
    if current_hash(store, str(ONTOLOGY_GRAPH)) != onto_hash:
        triples = Triples(ox.parse(onto_bytes, format=ox.RdfFormat.TURTLE))
        written["ontology"] = put_source(
            store,
            str(ONTOLOGY_GRAPH),
            triples,
            content_hash=onto_hash,
            label="policykg ontology",
            activity="load ontology",
            path="ontologies/policykg.ttl",
            fmt="text/turtle",
            validate=False,
        )
    else:
        written["ontology"] = 0
    tax_hash = sha256(b"".join(p.read_bytes() for p in _TAXONOMY_INPUTS))
    schemes = None
    for name in ("ksic", "strategic", "nge2009", "regions"):
        graph = taxonomy_graph(name)
        if current_hash(store, graph) == tax_hash:
            written[name] = 0
            continue
        schemes = schemes or builtin_schemes()
        written[name] = put_source(
            store,
            graph,
            schemes[name],
            content_hash=tax_hash,
            label=f"taxonomy {name}",
            activity="build taxonomy",
            path="ontologies/data",
            fmt="text/csv",
        )
    return written

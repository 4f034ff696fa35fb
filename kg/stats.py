"""Store statistics: triples per named graph, instances per class."""

from __future__ import annotations

from kg.store.base import Store


def triples_per_graph(store: Store) -> list[tuple[str, int]]:
    rows = store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    return [(str(r["g"]), int(r["n"])) for r in rows]


def instances_per_class(store: Store) -> list[tuple[str, int]]:
    rows = store.select(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)"
    )
    return [(str(r["c"]), int(r["n"])) for r in rows]


def concepts_per_scheme(store: Store) -> list[tuple[str, int]]:
    rows = store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?scheme (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c skos:inScheme ?s . "
        "?s skos:notation ?scheme } GROUP BY ?scheme ORDER BY ?scheme"
    )
    return [(str(r["scheme"]), int(r["n"])) for r in rows]

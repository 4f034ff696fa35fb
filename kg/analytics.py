"""Graph analytics on a networkx projection of the RDF graph.

The projection keeps the links that carry meaning for matching and exploration: documents to
the concepts they mention, concept hierarchies and mappings, technologies to industries,
organisations to industries, technologies and regions. Personalised PageRank runs for many
seeds at once as sparse matrix iterations.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from kg.ontology import SPARQL_PREFIXES
from kg.store.base import Store

# predicate → (edge label, weight)
_EDGES = {
    "https://w3id.org/policykg/ontology#mentions": ("mentions", 1.0),
    "http://www.w3.org/2004/02/skos/core#broader": ("broader", 0.5),
    "http://www.w3.org/2004/02/skos/core#narrowMatch": ("narrowMatch", 1.0),
    "http://www.w3.org/2004/02/skos/core#relatedMatch": ("relatedMatch", 0.7),
    "http://www.w3.org/2004/02/skos/core#closeMatch": ("closeMatch", 1.0),
    "https://w3id.org/policykg/ontology#technologyOf": ("technologyOf", 1.0),
    "https://w3id.org/policykg/ontology#activeIn": ("activeIn", 0.5),
    "https://w3id.org/policykg/ontology#worksOn": ("worksOn", 0.5),
    "https://w3id.org/policykg/ontology#locatedIn": ("locatedIn", 0.3),
    "https://w3id.org/policykg/ontology#partOfRegion": ("partOfRegion", 0.3),
    "https://w3id.org/policykg/ontology#issuedBy": ("issuedBy", 0.3),
}


def project(store: Store) -> nx.Graph:
    """Undirected weighted graph; nodes carry `kind` and `label` for display."""
    values = " ".join(f"<{p}>" for p in _EDGES)
    rows = store.select(
        SPARQL_PREFIXES
        # Passage-level mentions are summarised on their document.
        + f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o .
            FILTER NOT EXISTS {{ ?s a pkg:Passage }} }}"""
    )
    g = nx.Graph()
    for r in rows:
        s, o = str(r["s"]), str(r["o"])
        label, weight = _EDGES[str(r["p"])]
        if g.has_edge(s, o):
            g[s][o]["weight"] = max(g[s][o]["weight"], weight)
        else:
            g.add_edge(s, o, weight=weight, label=label)
    return g


@dataclass
class PageRankIndex:
    nodes: list[str]
    position: dict[str, int]
    transition: sp.csr_matrix  # column-stochastic

    @classmethod
    def from_graph(cls, g: nx.Graph) -> PageRankIndex:
        nodes = list(g.nodes)
        a = nx.to_scipy_sparse_array(g, nodelist=nodes, weight="weight", format="csr")
        degree = np.asarray(a.sum(axis=0)).ravel()
        degree[degree == 0] = 1.0
        transition = sp.csr_matrix(a @ sp.diags(1.0 / degree))
        return cls(nodes, {n: i for i, n in enumerate(nodes)}, transition)

    def personalised(
        self, seeds: list[dict[str, float]], alpha: float = 0.85, iterations: int = 30
    ) -> np.ndarray:
        """PageRank per seed distribution (columns), all at once: nodes × len(seeds)."""
        n = len(self.nodes)
        restart = np.zeros((n, len(seeds)), dtype=np.float64)
        for j, seed in enumerate(seeds):
            for node, w in seed.items():
                if node in self.position:
                    restart[self.position[node], j] += w
        sums = restart.sum(axis=0)
        sums[sums == 0] = 1.0
        restart /= sums
        scores = restart.copy()
        for _ in range(iterations):
            scores = alpha * (self.transition @ scores) + (1 - alpha) * restart
        return scores


def shortest_path(g: nx.Graph, source: str, target: str, cutoff: int = 4) -> list[str]:
    """A shortest path preferring strong links; empty when none within `cutoff` hops."""
    if source not in g or target not in g:
        return []
    try:
        path = nx.shortest_path(g, source, target)
    except nx.NetworkXNoPath:
        return []
    return path if len(path) - 1 <= cutoff else []

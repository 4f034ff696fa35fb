"""Graph exploration for the web UI: entity details, neighbourhoods, paths, document view,
and exports of a subgraph as GraphML, GEXF (Gephi) or JSON-LD."""

from __future__ import annotations

import io
import json
from collections import deque
from typing import Any

import networkx as nx

from kg.errors import InputError, NotFoundError
from kg.ontology import PREFIXES, SPARQL_PREFIXES
from kg.retrieve import describe_entities
from kg.store.base import Store

# Links shown in the explorer (literal-valued and bookkeeping predicates are left out).
_HIDDEN = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "https://w3id.org/policykg/ontology#fromSource",
    "http://www.w3.org/2004/02/skos/core#inScheme",
    "http://www.w3.org/2004/02/skos/core#topConceptOf",
    "http://www.w3.org/2004/02/skos/core#hasTopConcept",
    "http://www.w3.org/ns/prov#wasGeneratedBy",
}
MAX_LIMIT = 2000


def short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return iri


def _check_iri(iri: str) -> str:
    if not iri or any(c in iri for c in '<> "{}|\\^`\n'):
        raise InputError(f"Not a valid IRI: {iri!r}")
    return iri


def entity_detail(store: Store, iri: str) -> dict[str, Any]:
    iri = _check_iri(iri)
    rows = store.select(
        f"SELECT ?p ?o (isLiteral(?o) AS ?lit) (lang(?o) AS ?lang) WHERE {{ <{iri}> ?p ?o }}"
    )
    incoming = store.select(
        f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> FILTER(!isLiteral(?s)) }} LIMIT 300"
    )
    if not rows and not incoming:
        raise NotFoundError(f"No entity {iri} in the graph.")
    info = describe_entities(store, [iri])
    labels: dict[str, str] = {}
    properties: dict[str, list[str]] = {}
    types: list[str] = []
    links_out: list[tuple[str, str]] = []
    for r in rows:
        p, o = str(r["p"]), r["o"]
        if p.endswith("#type"):
            types.append(short(str(o)))
        elif r["lit"]:
            if p.endswith("prefLabel") and r["lang"]:
                labels[str(r["lang"])] = str(o)
            properties.setdefault(short(p), []).append(str(o))
        elif p not in _HIDDEN:
            links_out.append((p, str(o)))
    links_in = [(str(r["p"]), str(r["s"])) for r in incoming if str(r["p"]) not in _HIDDEN]
    targets = describe_entities(
        store, list(dict.fromkeys([o for _, o in links_out] + [s for _, s in links_in]))
    )
    by_iri = {t["iri"]: t for t in targets}
    links = [
        {
            "predicate": short(p),
            "direction": d,
            "target": t,
            "label": by_iri.get(t, {}).get("label", short(t)),
            "kind": by_iri.get(t, {}).get("kind", "other"),
        }
        for d, items in (("out", links_out), ("in", links_in))
        for p, t in items
        if by_iri.get(t, {}).get("kind") not in ("passage",) or d == "out"
    ]
    evidence = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?p ?id ?text ?page WHERE {{
              ?p a pkg:Passage ; pkg:mentions <{iri}> ; pkg:text ?text ;
              pkg:passageOf/dcterms:identifier ?id OPTIONAL {{ ?p pkg:page ?page }} }} LIMIT 5"""
    )
    return {
        "iri": iri,
        "label": info[0]["label"] if info else short(iri),
        "labels": labels,
        "kind": info[0]["kind"] if info else "other",
        "types": types,
        "properties": properties,
        "links": links[:300],
        "evidence": [
            {
                "passage": str(e["p"]),
                "doc_id": str(e["id"]),
                "text": str(e["text"])[:600],
                "page": e["page"],
            }
            for e in evidence
        ],
    }


def _neighbours(store: Store, iris: list[str]) -> list[tuple[str, str, str]]:
    values = " ".join(f"<{i}>" for i in iris)
    hidden = " ".join(f"<{p}>" for p in _HIDDEN)
    rows = store.select(
        f"""SELECT ?s ?p ?o WHERE {{ VALUES ?x {{ {values} }}
          {{ ?x ?p ?o BIND(?x AS ?s) FILTER(isIRI(?o)) }}
          UNION {{ ?s ?p ?x BIND(?x AS ?o) FILTER(isIRI(?s)) }}
          FILTER(?p NOT IN ({hidden.replace("> <", ">, <")}))
          FILTER NOT EXISTS {{ ?s a <https://w3id.org/policykg/ontology#Mention> }}
          FILTER NOT EXISTS {{ ?s a <https://w3id.org/policykg/ontology#ScoreComponent> }}
        }} LIMIT 5000"""
    )
    return [(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows]


def neighborhood(
    store: Store, node: str, depth: int = 1, types: list[str] | None = None, limit: int = 300
) -> dict[str, Any]:
    """Nodes within `depth` links of `node` (breadth first), at most `limit` of them."""
    node = _check_iri(node)
    if not 1 <= depth <= 3:
        raise InputError("depth must be between 1 and 3.")
    limit = max(1, min(limit, MAX_LIMIT))
    seen = {node}
    edges: set[tuple[str, str, str]] = set()
    frontier = [node]
    for _ in range(depth):
        if not frontier or len(seen) >= limit:
            break
        found = _neighbours(store, frontier)
        nxt = []
        for s, p, o in found:
            for x in (s, o):
                if x not in seen and len(seen) < limit:
                    seen.add(x)
                    nxt.append(x)
            if s in seen and o in seen:
                edges.add((s, short(p).split(":", 1)[-1], o))
        frontier = nxt
    nodes = describe_entities(store, list(seen))
    if types:
        keep = {n["iri"] for n in nodes if n["kind"] in types or n["iri"] == node}
        nodes = [n for n in nodes if n["iri"] in keep]
        edges = {e for e in edges if e[0] in keep and e[2] in keep}
    if node not in {n["iri"] for n in nodes}:
        raise NotFoundError(f"No entity {node} in the graph.")
    return {
        "nodes": [
            {"id": n["iri"], "label": n["label"], "labels": n["labels"], "kind": n["kind"]}
            for n in nodes
        ],
        "edges": [{"source": s, "target": o, "label": p} for s, p, o in sorted(edges)],
    }


def path(store: Store, source: str, target: str, max_depth: int = 4) -> dict[str, Any]:
    """A shortest path by bidirectional breadth-first search over the explorer's links."""
    source, target = _check_iri(source), _check_iri(target)
    parents: dict[str, tuple[str | None, str | None]] = {source: (None, None)}
    queue = deque([source])
    depth = 0
    while queue and depth < max_depth and target not in parents:
        depth += 1
        level = list(queue)
        queue.clear()
        for s, p, o in _neighbours(store, level):
            for a, b in ((s, o), (o, s)):
                if a in level and b not in parents:
                    parents[b] = (a, short(p).split(":", 1)[-1])
                    queue.append(b)
    if target not in parents:
        raise NotFoundError(f"No path of at most {max_depth} links between the two nodes.")
    chain = [target]
    while parents[chain[-1]][0] is not None:
        chain.append(parents[chain[-1]][0])  # type: ignore[arg-type]
    chain.reverse()
    nodes = describe_entities(store, chain)
    edges = [
        {"source": chain[i], "target": chain[i + 1], "label": parents[chain[i + 1]][1]}
        for i in range(len(chain) - 1)
    ]
    return {
        "nodes": [
            {"id": n["iri"], "label": n["label"], "labels": n["labels"], "kind": n["kind"]}
            for n in nodes
        ],
        "edges": edges,
        "path": chain,
    }


def document_view(store: Store, doc_id: str) -> dict[str, Any]:
    safe = doc_id.replace("\\", "\\\\").replace('"', '\\"')
    rows = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?d ?title ?issuer ?year ?lang ?source WHERE {{ ?d a pkg:PolicyDocument ;
              dcterms:identifier "{safe}" ; dcterms:language ?lang .
          OPTIONAL {{ ?d dcterms:title ?title FILTER(lang(?title) != "ko") }}
          OPTIONAL {{ ?d dcterms:publisher ?issuer }} OPTIONAL {{ ?d pkg:year ?year }}
          OPTIONAL {{ ?d pkg:fromSource ?source }} }} LIMIT 1"""
    )
    if not rows:
        raise NotFoundError(f"No document '{doc_id}'.")
    d = rows[0]
    passages = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?p ?ord ?text ?start ?end ?page WHERE {{ ?p pkg:passageOf <{d["d"]}> ;
              pkg:ordinal ?ord ; pkg:text ?text ; pkg:startOffset ?start ; pkg:endOffset ?end .
              OPTIONAL {{ ?p pkg:page ?page }} }} ORDER BY ?ord"""
    )
    return {
        "doc_id": doc_id,
        "iri": str(d["d"]),
        "title": d["title"] or doc_id,
        "issuer": d["issuer"],
        "year": d["year"],
        "language": d["lang"],
        "source": d["source"],
        "passages": [
            {
                "passage": str(p["p"]),
                "ordinal": p["ord"],
                "text": p["text"],
                "start": p["start"],
                "end": p["end"],
                "page": p["page"],
            }
            for p in passages
        ],
    }


def export_subgraph(subgraph: dict[str, Any], fmt: str) -> tuple[bytes, str]:
    """GraphML or GEXF through networkx's writers; JSON-LD as a plain @graph document."""
    g = nx.DiGraph()
    for n in subgraph["nodes"]:
        g.add_node(n["id"], label=n["label"], kind=n["kind"])
    for e in subgraph["edges"]:
        g.add_edge(e["source"], e["target"], label=e["label"] or "")
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(g, buf)
        return buf.getvalue(), "application/graphml+xml"
    if fmt == "gexf":
        buf = io.BytesIO()
        nx.write_gexf(g, buf)
        return buf.getvalue(), "application/gexf+xml"
    if fmt == "jsonld":
        nodes = []
        for n in subgraph["nodes"]:
            links: dict[str, list[dict[str, str]]] = {}
            for e in subgraph["edges"]:
                if e["source"] == n["id"]:
                    links.setdefault(f"pkg:{e['label']}", []).append({"@id": e["target"]})
            nodes.append({"@id": n["id"], "rdfs:label": n["label"], "pkg:kind": n["kind"], **links})
        context = {k: str(v) for k, v in PREFIXES.items()}
        return json.dumps(
            {"@context": context, "@graph": nodes}, ensure_ascii=False
        ).encode(), "application/ld+json"
    raise InputError(f"Unknown export format '{fmt}': use graphml, gexf or jsonld.")

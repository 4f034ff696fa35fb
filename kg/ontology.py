"""Namespaces, IRI builders and access to the shipped ontology and shapes."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.settings import REPO_ROOT

PKG = Namespace("https://w3id.org/policykg/ontology#")
ID = Namespace("https://w3id.org/policykg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

ONTOLOGY_GRAPH = ID["graph/ontology"]
ONTOLOGY_FILE = REPO_ROOT / "ontologies" / "policykg.ttl"
SHAPES_FILE = REPO_ROOT / "ontologies" / "shapes.ttl"

PREFIXES = {
    "pkg": PKG,
    "id": ID,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "qb": QB,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "foaf": FOAF,
}

SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"

__all__ = [
    "DCTERMS",
    "FOAF",
    "ID",
    "ORG",
    "OWL",
    "PKG",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]


def slug(text: str) -> str:
    """A stable IRI-safe token; keeps Korean letters (percent-encoded by quote)."""
    token = re.sub(r"[^\w.-]+", "-", text.strip(), flags=re.UNICODE).strip("-").lower()
    return quote(token or "x", safe="-._~")


def scheme_iri(scheme: str) -> str:
    return str(ID[f"scheme/{slug(scheme)}"])


def concept_iri(scheme: str, code: str) -> str:
    return str(ID[f"scheme/{slug(scheme)}/{quote(code.strip(), safe='-._~')}"])


def document_iri(doc_id: str) -> str:
    return str(ID[f"doc/{slug(doc_id)}"])


def passage_iri(doc_id: str, ordinal: int) -> str:
    return f"{document_iri(doc_id)}/p{ordinal}"


def organisation_iri(org_id: str) -> str:
    return str(ID[f"org/{slug(org_id)}"])


def source_iri(key: str) -> str:
    """Named graph IRI for an ingested source (key: a path relative to its root, or upload name)."""
    return str(ID[f"source/{quote(key, safe='/-._~')}"])


def graph_iri(name: str) -> str:
    return str(ID[f"graph/{slug(name)}"])


@cache
def ontology_graph() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g


@cache
def shapes_graph() -> Graph:
    g = Graph()
    g.parse(SHAPES_FILE, format="turtle")
    return g


def sparql_string(value: str) -> str:
    """A SPARQL string literal for untrusted text (quotes, backslashes, newlines escaped)."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'

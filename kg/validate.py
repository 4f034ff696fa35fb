"""SHACL validation of graphs against ontologies/shapes.ttl (pyshacl)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.ontology import shapes_graph
from kg.rdf import to_ntriples


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    violations: int


def validate_triples(triples: Iterable[ox.Triple]) -> ValidationReport:
    data = Graph()
    data.parse(data=to_ntriples(triples), format="nt")
    return validate_graph(data, inplace=True)  # our own throwaway copy: no need to clone it


def validate_graph(data: Graph, *, inplace: bool = False) -> ValidationReport:
    conforms, report, report_text = validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, inplace=inplace
    )
    violations = sum(1 for _ in report.subjects(RDF.type, URIRef(SH.ValidationResult)))
    return ValidationReport(bool(conforms), str(report_text), violations)

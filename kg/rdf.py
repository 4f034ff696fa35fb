"""Building RDF terms and triples quickly with pyoxigraph's term types.

Ingest and matching emit ox.Triple objects straight into the store; no per-triple conversion
through rdflib (which would cost more than the whole write).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_DECIMAL = ox.NamedNode(XSD + "decimal")
_DATETIME = ox.NamedNode(XSD + "dateTime")
_INTEGER = ox.NamedNode(XSD + "integer")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def text(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=_INTEGER)


def decimal(value: float, places: int = 6) -> ox.Literal:
    """xsd:decimal (no exponent allowed), rounded for stable output."""
    return ox.Literal(f"{value:.{places}f}", datatype=_DECIMAL)


def now_literal() -> ox.Literal:
    return ox.Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=_DATETIME)


class Triples(list[ox.Triple]):
    """A list of triples with a compact `add` for IRIs given as strings."""

    def add(self, s: str | ox.NamedNode | ox.BlankNode, p: str, o: object) -> None:
        subject = ox.NamedNode(s) if isinstance(s, str) else s
        if isinstance(o, str):
            o = ox.NamedNode(o)
        self.append(ox.Triple(subject, ox.NamedNode(p), o))  # type: ignore[arg-type]

    def type(self, s: str, cls: str) -> None:
        self.add(s, RDF_TYPE.value, cls)


def to_ntriples(triples: Iterable[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()

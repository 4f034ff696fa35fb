"""The graph's own names for things: labels of concepts, organisations and programmes.

Entity recognition (ingest and questions) is built from these, so a term added to any
taxonomy is recognised after the next load, with no code change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kg.ontology import SPARQL_PREFIXES
from kg.store.base import Store

# rdf:type → entity kind; the first matching class wins (most specific first).
KIND_BY_CLASS = [
    ("https://w3id.org/policykg/ontology#Technology", "technology"),
    ("https://w3id.org/policykg/ontology#StrategicIndustry", "strategic_industry"),
    ("https://w3id.org/policykg/ontology#GrowthEngine", "growth_engine"),
    ("https://w3id.org/policykg/ontology#EconomicZone", "region"),
    ("https://w3id.org/policykg/ontology#Region", "region"),
    ("https://w3id.org/policykg/ontology#GovernmentBody", "ministry"),
    ("http://www.w3.org/ns/org#Organization", "organisation"),
    ("http://www.w3.org/ns/org#FormalOrganization", "organisation"),
    ("https://w3id.org/policykg/ontology#Programme", "programme"),
    ("https://w3id.org/policykg/ontology#Industry", "industry"),
]
_CLASS_RANK = {cls: i for i, (cls, _) in enumerate(KIND_BY_CLASS)}
KIND_OF_CLASS = dict(KIND_BY_CLASS)

# KSIC-style labels carry boilerplate that never appears in running text.
_EN_PREFIX = re.compile(r"^(manufacture|production|wholesale|retail sale|operation) of ", re.I)
_KO_SUFFIX = re.compile(r"\s*(제조업|생산업|도매업|소매업|서비스업|운영업|발전업|업)$")
_GENERIC = re.compile(r"\b(other|n\.e\.c|except|and related)\b|기타|그 외", re.I)


@dataclass(frozen=True)
class EntityLabel:
    iri: str
    label: str
    kind: str
    preferred: bool
    scheme: str | None


def _variants(label: str, kind: str) -> list[str]:
    """Running-text forms of a label: KSIC boilerplate removed, generic labels skipped."""
    label = label.strip()
    if kind != "industry":
        return [label]
    if _GENERIC.search(label):
        return []
    out = [label]
    for pattern in (_EN_PREFIX, _KO_SUFFIX):
        stripped = pattern.sub("", label).strip()
        if stripped and stripped != label:
            out.append(stripped)
    # Very short industry names ("업", "Mining") collide with ordinary words.
    return [v for v in out if len(v) >= (3 if re.search(r"[가-힣]", v) else 6)]


def load_entity_labels(store: Store) -> list[EntityLabel]:
    rows = store.select(
        SPARQL_PREFIXES
        + """SELECT ?e ?label ?pref ?type ?scheme WHERE {
          { ?e skos:prefLabel ?label BIND(true AS ?pref) }
          UNION { ?e skos:altLabel ?label BIND(false AS ?pref) }
          UNION { ?e a pkg:Programme ; dcterms:title ?label BIND(true AS ?pref) }
          ?e a ?type .
          OPTIONAL { ?e skos:inScheme/skos:notation ?scheme }
        }"""
    )
    best: dict[tuple[str, str, bool], tuple[int, str | None]] = {}
    for r in rows:
        rank = _CLASS_RANK.get(str(r["type"]))
        if rank is None:
            continue
        key = (str(r["e"]), str(r["label"]), bool(r["pref"]))
        if key not in best or rank < best[key][0]:
            best[key] = (rank, r["scheme"])
    labels = []
    for (iri, label, pref), (rank, scheme) in best.items():
        kind = KIND_BY_CLASS[rank][1]
        for variant in _variants(label, kind):
            labels.append(EntityLabel(iri, variant, kind, pref, scheme))
    labels.sort(key=lambda x: (x.iri, x.label, x.preferred))
    return labels


def labels_version(labels: list[EntityLabel]) -> str:
    digest = hashlib.sha256()
    for x in labels:
        digest.update(f"{x.iri}\t{x.label}\t{x.kind}\n".encode())
    return digest.hexdigest()[:16]

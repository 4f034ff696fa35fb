"""Triples for what ingest found: documents, passages, mentions, tables (ORG, SKOS, qb).

Everything is written into the source's named graph, whose PROV description (kg.provenance)
says which file, which hash, which activity and pipeline version; mentions add the passage and
character offsets they were found at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ingest.model import Mention, Passage
from kg.ontology import (
    DCTERMS,
    ID,
    ORG,
    PKG,
    QB,
    SKOS,
    concept_iri,
    document_iri,
    organisation_iri,
    passage_iri,
    slug,
)
from kg.rdf import Triples, decimal, integer, text
from kg.taxonomy import KSIC, REGIONS, STRATEGIC, TECHNOLOGIES, Concept, scheme_triples, split_list

_YEAR = re.compile(r"(19|20)\d\d")
ORG_CLASSES = {
    "ministry": PKG.GovernmentBody,
    "agency": PKG.GovernmentBody,
    "research_institute": PKG.ResearchInstitute,
    "university": PKG.University,
    "firm": PKG.Firm,
    "technopark": PKG.Technopark,
    "cluster": PKG.Cluster,
    "association": PKG.Association,
}


def document_triples(
    doc_id: str,
    meta: dict[str, object],
    passages: Sequence[Passage],
    mentions: Iterable[Mention],
    graph: str,
    *,
    issuer_iris: Sequence[str] = (),
    money: dict[int, list[str]] | None = None,
    years: dict[int, list[int]] | None = None,
) -> Triples:
    t = Triples()
    doc = document_iri(doc_id)
    language = str(meta.get("language") or "en")
    doc_type = str(meta.get("type") or "policy").lower()
    t.type(doc, str(PKG.PolicyDocument))
    t.type(doc, str(PKG.Programme if doc_type == "programme" else PKG.Policy))
    t.add(doc, str(DCTERMS.identifier), text(doc_id))
    t.add(
        doc,
        str(DCTERMS.title),
        text(str(meta.get("title") or doc_id), "en" if language == "en" else None),
    )
    if meta.get("title_ko"):
        t.add(doc, str(DCTERMS.title), text(str(meta["title_ko"]), "ko"))
    t.add(doc, str(DCTERMS.language), text(language))
    t.add(doc, str(PKG.documentType), text(doc_type))
    t.add(doc, str(PKG.fromSource), graph)
    for key, prop in (("issuer", DCTERMS.publisher), ("issuer_ko", DCTERMS.publisher)):
        if meta.get(key):
            t.add(doc, str(prop), text(str(meta[key]), "ko" if key.endswith("_ko") else None))
    for iri in issuer_iris:
        t.add(doc, str(PKG.issuedBy), iri)
    if meta.get("date"):
        date = str(meta["date"])
        t.add(doc, str(DCTERMS.issued), text(date))
        year = _YEAR.search(date)
        if year:
            t.add(doc, str(PKG.year), integer(int(year.group(0))))
    if meta.get("source"):
        t.add(doc, str(DCTERMS.source), text(str(meta["source"])))
    for p in passages:
        p_iri = passage_iri(doc_id, p.ordinal)
        t.type(p_iri, str(PKG.Passage))
        t.add(p_iri, str(PKG.passageOf), doc)
        t.add(p_iri, str(PKG.text), text(p.text))
        t.add(p_iri, str(PKG.ordinal), integer(p.ordinal))
        t.add(p_iri, str(PKG.startOffset), integer(p.start))
        t.add(p_iri, str(PKG.endOffset), integer(p.end))
        t.add(p_iri, str(DCTERMS.language), text(p.language))
        if p.page is not None:
            t.add(p_iri, str(PKG.page), integer(p.page))
        for amount in (money or {}).get(p.ordinal, []):
            t.add(p_iri, str(PKG.moneyAmount), text(amount))
        for year in (years or {}).get(p.ordinal, []):
            t.add(p_iri, str(PKG.targetYear), integer(year))
    linked: set[tuple[str, str]] = set()
    for k, m in enumerate(mentions):
        p_iri = passage_iri(doc_id, m.passage)
        m_iri = f"{p_iri}/m{k}"
        t.type(m_iri, str(PKG.CandidateTerm if m.concept is None else PKG.Mention))
        t.add(m_iri, str(PKG.inPassage), p_iri)
        t.add(m_iri, str(PKG.surface), text(m.surface))
        t.add(m_iri, str(PKG.startOffset), integer(m.start))
        t.add(m_iri, str(PKG.endOffset), integer(m.end))
        if m.concept is not None:
            t.add(m_iri, str(PKG.refersTo), m.concept)
            t.add(m_iri, str(PKG.confidence), decimal(m.confidence, 3))
            for subject in (p_iri, doc):
                if (subject, m.concept) not in linked:
                    linked.add((subject, m.concept))
                    t.add(subject, str(PKG.mentions), m.concept)
    return t


def organisation_triples(rows: Iterable[dict[str, str]]) -> Triples:
    t = Triples()
    for r in rows:
        o = organisation_iri(r["id"])
        t.type(o, str(ORG.Organization))
        t.type(o, str(ORG_CLASSES.get(r["type"].strip().lower(), ORG.Organization)))
        t.add(o, str(DCTERMS.identifier), text(r["id"]))
        for col, lang in (("name_en", "en"), ("name_ko", "ko")):
            if r.get(col):
                t.add(o, str(SKOS.prefLabel), text(r[col], lang))
        if r.get("region"):
            t.add(o, str(PKG.locatedIn), concept_iri(REGIONS, r["region"]))
        for code in split_list(r.get("ksic_codes")):
            t.add(o, str(PKG.activeIn), concept_iri(KSIC, code))
        for tech in split_list(r.get("technologies")):
            t.add(o, str(PKG.worksOn), concept_iri(TECHNOLOGIES, tech))
        if r.get("description_en"):
            t.add(o, str(DCTERMS.description), text(r["description_en"], "en"))
    return t


def technology_triples(rows: Iterable[dict[str, str]]) -> Triples:
    concepts = []
    for r in rows:
        industries = [concept_iri(KSIC, c) for c in split_list(r.get("ksic_codes"))]
        industries += [concept_iri(STRATEGIC, c) for c in split_list(r.get("industries"))]
        concepts.append(
            Concept(
                code=r["id"],
                labels={"en": r.get("label_en", ""), "ko": r.get("label_ko", "")},
                alt_labels=split_list(r.get("alt_labels")),
                definition=r.get("description_en", ""),
                mappings=[(str(PKG.technologyOf), i) for i in industries],
            )
        )
    return scheme_triples(
        TECHNOLOGIES, {"en": "Technologies", "ko": "기술"}, concepts, str(PKG.Technology)
    )


def statistics_triples(rows: Iterable[dict[str, str]], name: str) -> Triples:
    from kg.errors import InputError

    t = Triples()
    dataset = str(PKG.RegionalStatistics)
    for line, r in enumerate(rows, start=2):
        measure = r["measure"].strip().lower()
        try:
            year = int(float(r["year"]))
            value = float(r["value"].replace(",", ""))
        except ValueError:
            raise InputError(f"{name}, line {line}: year and value must be numbers.") from None
        if measure not in ("establishments", "employees"):
            raise InputError(f"{name}, line {line}: measure must be establishments or employees.")
        o = str(ID[f"obs/{slug(r['region_code'])}/{slug(r['ksic_code'])}/{year}/{measure}"])
        t.type(o, str(QB.Observation))
        t.add(o, str(QB.dataSet), dataset)
        t.add(o, str(PKG.refArea), concept_iri(REGIONS, r["region_code"]))
        t.add(o, str(PKG.refIndustry), concept_iri(KSIC, r["ksic_code"]))
        t.add(o, str(PKG.refYear), integer(year))
        t.add(o, str(PKG.measure), text(measure))
        t.add(o, str(PKG.obsValue), decimal(value, 2))
        if r.get("unit"):
            t.add(o, str(PKG.unit), text(r["unit"]))
        if r.get("source"):
            t.add(o, str(PKG.dataSource), text(r["source"]))
    return t

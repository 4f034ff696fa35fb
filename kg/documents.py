"""Policy documents and their passages as read from the store (for matching and indexing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.ontology import SPARQL_PREFIXES
from kg.store.base import Store


@dataclass
class PassageRecord:
    iri: str
    doc_iri: str
    ordinal: int
    text: str
    start: int
    end: int
    page: int | None
    language: str


@dataclass
class PolicyRecord:
    iri: str
    doc_id: str
    title: str
    title_ko: str | None
    doc_type: str
    year: int | None
    language: str
    issuer: str | None
    is_programme: bool
    passages: list[PassageRecord] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.passages)

    def summary_text(self, limit: int = 2000) -> str:
        """Title plus the opening of the body: what the document-level embedding sees."""
        return f"{self.title}\n\n{self.text[:limit]}"


def load_policies(store: Store, doc_iris: list[str] | None = None) -> list[PolicyRecord]:
    values = ""
    if doc_iris is not None:
        values = "VALUES ?d { " + " ".join(f"<{d}>" for d in doc_iris) + " }"
    docs = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?d ?id ?title ?title_ko ?type ?year ?lang ?issuer ?prog WHERE {{
          {values}
          ?d a pkg:PolicyDocument ; dcterms:identifier ?id ; dcterms:language ?lang ;
             pkg:documentType ?type .
          OPTIONAL {{ ?d dcterms:title ?title FILTER(lang(?title) != "ko") }}
          OPTIONAL {{ ?d dcterms:title ?title_ko FILTER(lang(?title_ko) = "ko") }}
          OPTIONAL {{ ?d pkg:year ?year }}
          OPTIONAL {{ ?d dcterms:publisher ?issuer FILTER(lang(?issuer) != "ko") }}
          BIND(EXISTS {{ ?d a pkg:Programme }} AS ?prog)
        }} ORDER BY ?id"""
    )
    records: dict[str, PolicyRecord] = {}
    for r in docs:
        iri = str(r["d"])
        if iri in records:
            continue
        records[iri] = PolicyRecord(
            iri=iri,
            doc_id=str(r["id"]),
            title=str(r["title"] or r["title_ko"] or r["id"]),
            title_ko=r["title_ko"],
            doc_type=str(r["type"]),
            year=r["year"],
            language=str(r["lang"]),
            issuer=r["issuer"],
            is_programme=bool(r["prog"]),
        )
    passages = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?p ?d ?ord ?text ?start ?end ?page ?lang WHERE {{
          {values}
          ?p pkg:passageOf ?d ; pkg:ordinal ?ord ; pkg:text ?text ; pkg:startOffset ?start ;
             pkg:endOffset ?end ; dcterms:language ?lang .
          OPTIONAL {{ ?p pkg:page ?page }}
        }} ORDER BY ?d ?ord"""
    )
    for r in passages:
        doc = records.get(str(r["d"]))
        if doc is not None:
            doc.passages.append(
                PassageRecord(
                    str(r["p"]),
                    doc.iri,
                    int(r["ord"]),
                    str(r["text"]),
                    int(r["start"]),
                    int(r["end"]),
                    r["page"],
                    str(r["lang"]),
                )
            )
    return [d for d in records.values() if d.passages]

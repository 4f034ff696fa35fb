"""SKOS concept schemes built reproducibly from CSV files kept in the repo.

The same builder serves the shipped schemes (KSIC 11, the strategic industries, the 2009 New
Growth Engines, regions) and a user's own `code,label[,description,parent,alt_labels]` table.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.lang import detect_language
from kg.ontology import PKG, SKOS, concept_iri, scheme_iri
from kg.rdf import Triples, text

DATA = Path(__file__).resolve().parents[1] / "ontologies" / "data"

KSIC = "ksic"
STRATEGIC = "strategic"
GROWTH_ENGINES = "nge2009"
REGIONS = "regions"
TECHNOLOGIES = "technologies"


@dataclass
class Concept:
    code: str
    labels: dict[str, str]
    alt_labels: list[str] = field(default_factory=list)
    definition: str = ""
    parents: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    # (SKOS mapping property, target IRI), e.g. strategic industry → KSIC codes.
    mappings: list[tuple[str, str]] = field(default_factory=list)


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def scheme_triples(
    scheme: str, title: dict[str, str], concepts: Iterable[Concept], concept_class: str
) -> Triples:
    """One concept scheme: labels per language, alt labels, broader/narrower, top concepts."""
    t = Triples()
    s_iri = scheme_iri(scheme)
    t.type(s_iri, str(SKOS.ConceptScheme))
    for lang, label in title.items():
        t.add(s_iri, str(SKOS.prefLabel), text(label, lang))
    t.add(s_iri, str(SKOS.notation), text(scheme))
    for c in concepts:
        c_iri = concept_iri(scheme, c.code)
        t.type(c_iri, str(SKOS.Concept))
        for cls in [concept_class, *c.classes]:
            t.type(c_iri, cls)
        t.add(c_iri, str(SKOS.inScheme), s_iri)
        t.add(c_iri, str(SKOS.notation), text(c.code))
        for lang, label in c.labels.items():
            if label:
                t.add(c_iri, str(SKOS.prefLabel), text(label, lang))
        for alt in c.alt_labels:
            t.add(c_iri, str(SKOS.altLabel), text(alt, detect_language(alt)))
        if c.definition:
            t.add(c_iri, str(SKOS.definition), text(c.definition, detect_language(c.definition)))
        if not c.parents:
            t.add(c_iri, str(SKOS.topConceptOf), s_iri)
            t.add(s_iri, str(SKOS.hasTopConcept), c_iri)
        for parent in c.parents:
            p_iri = concept_iri(scheme, parent)
            t.add(c_iri, str(SKOS.broader), p_iri)
            t.add(p_iri, str(SKOS.narrower), c_iri)
        for prop, target in c.mappings:
            t.add(c_iri, prop, target)
    return t


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ksic_concepts(path: Path = DATA / "ksic11.csv") -> list[Concept]:
    return [
        Concept(
            code=r["code"],
            labels={"ko": r["name_ko"], "en": r["name_en"]},
            parents=[r["parent"]] if r["parent"] else [],
        )
        for r in read_rows(path)
    ]


def ksic_refs(codes: str) -> list[str]:
    return [concept_iri(KSIC, c) for c in split_list(codes)]


def strategic_concepts(path: Path = DATA / "strategic_industries.csv") -> list[Concept]:
    return [
        Concept(
            code=r["code"],
            labels={"en": r["label_en"], "ko": r["label_ko"]},
            alt_labels=split_list(r["alt_labels"]),
            definition=r["description_en"],
            classes=[str(PKG.StrategicIndustry)],
            mappings=[(str(SKOS.narrowMatch), k) for k in ksic_refs(r["ksic_codes"])],
        )
        for r in read_rows(path)
    ]


def growth_engine_concepts(path: Path = DATA / "growth_engines.csv") -> list[Concept]:
    rows = read_rows(path)
    areas: dict[str, Concept] = {}
    engines = []
    for r in rows:
        area_code = f"AREA-{r['area'].upper()}"
        areas.setdefault(
            area_code,
            Concept(
                code=area_code,
                labels={"en": r["area_en"], "ko": r["area_ko"]},
                classes=[str(PKG.GrowthEngineArea)],
            ),
        )
        engines.append(
            Concept(
                code=r["code"],
                labels={"en": r["label_en"], "ko": r["label_ko"]},
                alt_labels=split_list(r["alt_labels"]),
                parents=[area_code],
                classes=[str(PKG.GrowthEngine)],
                mappings=[(str(SKOS.relatedMatch), k) for k in ksic_refs(r["ksic_codes"])],
            )
        )
    return [*areas.values(), *engines]


def region_concepts(path: Path = DATA / "regions.csv") -> list[Concept]:
    concepts = []
    for r in read_rows(path):
        parents = split_list(r["part_of"])
        concepts.append(
            Concept(
                code=r["code"],
                labels={"en": r["label_en"], "ko": r["label_ko"]},
                alt_labels=split_list(r["alt_labels"]),
                parents=parents[:1],
                classes=[str(PKG.EconomicZone)] if r["type"] == "zone" else [],
                mappings=[(str(PKG.partOfRegion), concept_iri(REGIONS, p)) for p in parents],
            )
        )
    return concepts


def builtin_schemes() -> dict[str, Triples]:
    """The shipped schemes by name, ready to load (each into its own named graph)."""
    industry = str(PKG.Industry)
    return {
        KSIC: scheme_triples(
            KSIC,
            {
                "en": "Korean Standard Industrial Classification (11th revision)",
                "ko": "한국표준산업분류 제11차",
            },
            ksic_concepts(),
            industry,
        ),
        STRATEGIC: scheme_triples(
            STRATEGIC,
            {"en": "Gwangju strategic industries", "ko": "광주 전략산업"},
            strategic_concepts(),
            industry,
        ),
        GROWTH_ENGINES: scheme_triples(
            GROWTH_ENGINES,
            {"en": "New Growth Engines (January 2009)", "ko": "신성장동력 (2009년 1월)"},
            growth_engine_concepts(),
            str(SKOS.Concept),  # engines and areas carry their own classes
        ),
        REGIONS: scheme_triples(
            REGIONS,
            {"en": "Regions (Statistics Korea codes)", "ko": "시도 (통계청 코드)"},
            region_concepts(),
            str(PKG.Region),
        ),
    }


def user_industry_concepts(rows: Iterable[dict[str, str]]) -> list[Concept]:
    """Rows of `code,label[,description,parent,alt_labels]` (a user's own industry scheme)."""
    concepts = []
    for r in rows:
        label = r["label"].strip()
        concepts.append(
            Concept(
                code=r["code"].strip(),
                labels={detect_language(label): label},
                alt_labels=split_list(r.get("alt_labels")),
                definition=(r.get("description") or "").strip(),
                parents=[r["parent"].strip()] if (r.get("parent") or "").strip() else [],
            )
        )
    return concepts

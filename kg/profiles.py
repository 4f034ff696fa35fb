"""Industry profiles: what a concept of any scheme looks like in text.

A profile gathers the concept's labels (ko/en), alternative labels and definition, the
technologies linked to it, and the KSIC industries it maps to. A concept of a user's scheme
with no mapping is aligned automatically to its nearest KSIC sections/divisions/groups by
label embedding; the alignment is reported as evidence, never silently assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kg.embed import Embedder
from kg.ontology import SPARQL_PREFIXES, sparql_string
from kg.store.base import Store
from kg.taxonomy import KSIC

ALIGN_TOP_K = 5
LABEL_WEIGHT = 0.7  # share of the label in the profile vector; the rest is expansion text


@dataclass
class IndustryProfile:
    iri: str
    code: str
    scheme: str
    label_en: str | None
    label_ko: str | None
    alt_labels: list[str] = field(default_factory=list)
    definition: str = ""
    ksic_codes: list[str] = field(default_factory=list)
    ksic_labels: list[str] = field(default_factory=list)
    technologies: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    aligned: list[tuple[str, str, float]] = field(default_factory=list)  # automatic KSIC map

    @property
    def label(self) -> str:
        return self.label_en or self.label_ko or self.code

    def label_text(self) -> str:
        return f"{self.label} industry" if self.label_en else f"{self.label} 산업"

    def expansion_texts(self) -> list[str]:
        texts = [t for t in (self.label_ko if self.label_en else None, self.definition) if t]
        texts += self.alt_labels + self.ksic_labels + [label for _, label in self.technologies]
        return texts

    def lexical_text(self) -> str:
        # The label counts twice: it is the most reliable evidence.
        return " ".join([self.label, self.label, *self.expansion_texts()])


@dataclass
class ProfileSet:
    scheme: str
    profiles: list[IndustryProfile]
    label_vectors: np.ndarray
    profile_vectors: np.ndarray

    def index(self, code_or_iri: str) -> int | None:
        for i, p in enumerate(self.profiles):
            if code_or_iri in (p.code, p.iri):
                return i
        return None


def _scheme_concepts(store: Store, scheme: str) -> list[IndustryProfile]:
    rows = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?c ?code ?en ?ko ?def WHERE {{
          ?c skos:inScheme ?s ; skos:notation ?code . ?s skos:notation {sparql_string(scheme)} .
          FILTER NOT EXISTS {{ ?c a pkg:GrowthEngineArea }}
          OPTIONAL {{ ?c skos:prefLabel ?en FILTER(lang(?en) = "en") }}
          OPTIONAL {{ ?c skos:prefLabel ?ko FILTER(lang(?ko) = "ko") }}
          OPTIONAL {{ ?c skos:definition ?def }}
        }} ORDER BY ?code"""
    )
    seen: dict[str, IndustryProfile] = {}
    for r in rows:
        iri = str(r["c"])
        if iri not in seen:
            seen[iri] = IndustryProfile(
                iri, str(r["code"]), scheme, r["en"], r["ko"], definition=r["def"] or ""
            )
    return list(seen.values())


def _attach_links(store: Store, profiles: list[IndustryProfile], scheme: str) -> None:
    by_iri = {p.iri: p for p in profiles}
    alts = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?c ?alt WHERE {{ ?c skos:inScheme/skos:notation {sparql_string(scheme)} ;
              skos:altLabel ?alt }}"""
    )
    for r in alts:
        by_iri[str(r["c"])].alt_labels.append(str(r["alt"]))
    if scheme == KSIC:
        for p in profiles:
            p.ksic_codes = [p.code]
    else:
        maps = store.select(
            SPARQL_PREFIXES
            + f"""SELECT ?c ?code ?label WHERE {{
                  ?c skos:inScheme/skos:notation {sparql_string(scheme)} ;
                  skos:narrowMatch|skos:relatedMatch|skos:closeMatch|skos:exactMatch ?k .
                  ?k skos:inScheme/skos:notation "{KSIC}" ; skos:notation ?code ;
                     skos:prefLabel ?label FILTER(lang(?label) = "en") }}"""
        )
        for r in maps:
            p = by_iri[str(r["c"])]
            p.ksic_codes.append(str(r["code"]))
            p.ksic_labels.append(str(r["label"]))
    # Technologies linked to the concept itself or to one of its KSIC codes.
    techs = store.select(
        SPARQL_PREFIXES
        + f"""SELECT DISTINCT ?c ?t ?label WHERE {{
          ?c skos:inScheme/skos:notation {sparql_string(scheme)} .
          {{ ?t pkg:technologyOf ?c }} UNION
          {{ ?c skos:narrowMatch|skos:relatedMatch|skos:closeMatch ?k . ?t pkg:technologyOf ?k }}
          ?t skos:prefLabel ?label FILTER(lang(?label) = "en") }}"""
    )
    for r in techs:
        by_iri[str(r["c"])].technologies.append((str(r["t"]), str(r["label"])))
    for p in profiles:
        p.technologies = sorted(set(p.technologies))


def _ksic_nodes(store: Store) -> tuple[list[str], list[str]]:
    rows = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?code ?label WHERE {{ ?k skos:inScheme/skos:notation "{KSIC}" ;
              skos:notation ?code ; skos:prefLabel ?label FILTER(lang(?label) = "en") }}
              ORDER BY ?code"""
    )
    # Sections and divisions repeat a label ("Education"): keep its first, broadest code.
    first: dict[str, str] = {}
    for r in rows:
        first.setdefault(str(r["label"]), str(r["code"]))
    return list(first.values()), list(first)


def build_profiles(store: Store, scheme: str, embedder: Embedder) -> ProfileSet:
    profiles = _scheme_concepts(store, scheme)
    if not profiles:
        empty = np.zeros((0, embedder.dimension), dtype=np.float32)
        return ProfileSet(scheme, [], empty, empty)
    _attach_links(store, profiles, scheme)
    label_vectors = embedder.encode([p.label_text() for p in profiles])
    unmapped = [i for i, p in enumerate(profiles) if not p.ksic_codes]
    if unmapped:
        codes, labels = _ksic_nodes(store)
        if codes:
            plain = embedder.encode([profiles[i].label for i in unmapped])
            sims = plain @ embedder.encode(labels).T
            for row, i in enumerate(unmapped):
                for j in np.argsort(-sims[row])[:ALIGN_TOP_K]:
                    profiles[i].aligned.append((codes[j], labels[j], float(sims[row, j])))
                    profiles[i].ksic_codes.append(codes[j])
                    profiles[i].ksic_labels.append(labels[j])
    # One batched encode for every profile's expansion texts, then a mean per profile.
    extras = [p.expansion_texts() for p in profiles]
    flat = [t for texts in extras for t in texts]
    encoded = embedder.encode(flat) if flat else np.zeros((0, label_vectors.shape[1]))
    vectors, cursor = [], 0
    for texts, label_vec in zip(extras, label_vectors, strict=True):
        v = label_vec
        if texts:
            block = encoded[cursor : cursor + len(texts)]
            v = LABEL_WEIGHT * label_vec + (1 - LABEL_WEIGHT) * block.mean(axis=0)
            cursor += len(texts)
        vectors.append(v / (np.linalg.norm(v) or 1.0))
    profile_vectors = np.asarray(vectors, dtype=np.float32).reshape(len(profiles), -1)
    return ProfileSet(scheme, profiles, label_vectors, profile_vectors)


def schemes_in_store(store: Store) -> list[str]:
    rows = store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT DISTINCT ?n WHERE { ?s a skos:ConceptScheme ; skos:notation ?n } ORDER BY ?n"
    )
    return [str(r["n"]) for r in rows]

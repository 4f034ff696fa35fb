"""Hybrid retrieval: dense (FAISS) + lexical (BM25) + entity evidence, fused by reciprocal rank.

Entities recognised in the query (Korean or English, from the graph's own labels) are
expanded one hop through the graph (an industry brings its technologies, a technology its
industries) and passages linked to them form a third ranking. This is also what makes
retrieval cross-lingual with an English-only embedding model: "광산업" is linked to the
photonics industry, whose English passages mention it or its technologies; the query is
also embedded through its entities' English labels.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kg.entities import KIND_OF_CLASS
from kg.errors import InputError
from kg.lang import detect_language
from kg.nlp import EntityRecognizer, Found
from kg.ontology import SPARQL_PREFIXES, concept_iri
from kg.search_index import SearchIndex

RRF_K = 60
METHODS = ("hybrid", "dense", "lexical", "entity")
MIN_LINK_CONFIDENCE = 0.5


@dataclass
class SearchFilters:
    doc_type: str | None = None
    ministry: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    language: str | None = None
    region: str | None = None  # region code: passages of documents mentioning the region
    industry: str | None = None  # concept IRI, or "scheme:code", or a strategic-industry code

    def any(self) -> bool:
        return any(v is not None for v in asdict(self).values())


@dataclass
class SearchHit:
    passage: str
    doc_id: str
    doc_title: str
    text: str
    start: int
    end: int
    page: int | None
    language: str
    score: float
    components: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def resolve_concept(value: str) -> str:
    """A concept IRI from an IRI, "scheme:code" or a bare strategic-industry code."""
    if value.startswith("http"):
        return value
    scheme, _, code = value.partition(":")
    return concept_iri(scheme, code) if code else concept_iri("strategic", value)


class HybridSearcher:
    def __init__(self, index: SearchIndex, recognizer: EntityRecognizer) -> None:
        self.index = index
        self.store = index.store
        self.recognizer = recognizer
        self.multilingual = index.settings.embedding_multilingual

    # -- query understanding --------------------------------------------------------------

    def linked_entities(self, query: str) -> list[Found]:
        return [
            f for f in self.recognizer.find(query) if f.iri and f.confidence >= MIN_LINK_CONFIDENCE
        ]

    def expand(self, iris: list[str]) -> dict[str, float]:
        """The linked concepts (weight 1) and their one-hop graph neighbours (weight 0.5)."""
        weights = dict.fromkeys(iris, 1.0)
        if not iris:
            return weights
        values = " ".join(f"<{i}>" for i in iris)
        rows = self.store.select(
            SPARQL_PREFIXES
            + f"""SELECT DISTINCT ?n WHERE {{ VALUES ?c {{ {values} }}
              {{ ?n pkg:technologyOf ?c }} UNION {{ ?c pkg:technologyOf ?n }}
              UNION {{ ?c skos:narrowMatch ?n }} UNION {{ ?n skos:broader ?c }} }} LIMIT 200"""
        )
        for r in rows:
            weights.setdefault(str(r["n"]), 0.5)
        return weights

    # -- filters --------------------------------------------------------------------------

    def allowed(self, f: SearchFilters) -> set[str] | None:
        if not f.any():
            return None
        where = ["?p pkg:passageOf ?d ."]
        if f.doc_type:
            where.append(f'?d pkg:documentType "{_escape(f.doc_type.lower())}" .')
        if f.ministry:
            where.append(
                "?d dcterms:publisher ?pub . "
                f'FILTER(CONTAINS(LCASE(STR(?pub)), LCASE("{_escape(f.ministry)}")))'
            )
        if f.year_from is not None or f.year_to is not None:
            where.append("?d pkg:year ?y .")
            if f.year_from is not None:
                where.append(f"FILTER(?y >= {int(f.year_from)})")
            if f.year_to is not None:
                where.append(f"FILTER(?y <= {int(f.year_to)})")
        if f.language:
            where.append(f'?p dcterms:language "{_escape(f.language)}" .')
        if f.region:
            where.append(f"?d pkg:mentions <{concept_iri('regions', f.region)}> .")
        if f.industry:
            iri = resolve_concept(f.industry)
            where.append(
                f"{{ ?d pkg:mentions <{iri}> }} UNION "
                f"{{ ?d pkg:mentions ?t . ?t pkg:technologyOf <{iri}> }}"
            )
        rows = self.store.select(
            SPARQL_PREFIXES + f"SELECT DISTINCT ?p WHERE {{ {' '.join(where)} }}"
        )
        return {str(r["p"]) for r in rows}

    # -- search ---------------------------------------------------------------------------

    def search(
        self, query: str, k: int = 10, filters: SearchFilters | None = None, method: str = "hybrid"
    ) -> list[SearchHit]:
        query = query.strip()
        if not query:
            raise InputError("The query is empty.")
        if method not in METHODS:
            raise InputError(f"Unknown method '{method}'; use one of {', '.join(METHODS)}.")
        allowed = self.allowed(filters or SearchFilters())
        if allowed is not None and not allowed:
            return []
        depth = max(50, k * 5)
        rankings: dict[str, list[tuple[str, float]]] = {}
        entities = self.linked_entities(query)
        labels = self._english_labels([f.iri for f in entities if f.iri]) if entities else []
        korean = detect_language(query) == "ko"
        if method in ("hybrid", "dense"):
            rankings["dense"] = self._dense(query, korean, labels, depth, allowed)
        if method in ("hybrid", "lexical"):
            # A Korean query also matches English passages through its entities' English
            # labels (광산업 → "Optical industry"): BM25 alone cannot cross languages.
            words = " ".join([query, *labels]) if korean else query
            rankings["lexical"] = self.index.passages_lexical.search(words, depth, allowed)
        if method in ("hybrid", "entity"):
            rankings["entity"] = self._entity(entities, depth, allowed)
        fused: dict[str, float] = {}
        components: dict[str, dict[str, float]] = {}
        for name, ranked in rankings.items():
            for rank, (pid, score) in enumerate(ranked):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
                components.setdefault(pid, {})[name] = round(score, 4)
                components[pid][f"{name}_rank"] = rank + 1
        top = sorted(fused, key=lambda p: -fused[p])[:k]
        return self._hits(top, fused, components)

    def _dense(
        self, query: str, korean: bool, labels: list[str], depth: int, allowed: set[str] | None
    ) -> list[tuple[str, float]]:
        # An English-only model reads a Korean query only through its entities' English
        # labels (the raw Korean would match every Korean passage alike); an English query
        # keeps its own wording first.
        views = [] if korean and not self.multilingual else [query]
        if labels:
            views.append("; ".join(labels))
        if not views:
            return []
        best: dict[str, float] = {}
        vectors = self.index.embedder.encode(views)
        for hits in self.index.passages_dense.search(vectors, depth, allowed):
            for pid, score in hits:
                best[pid] = max(best.get(pid, -1.0), score)
        return sorted(best.items(), key=lambda x: -x[1])[:depth]

    def _entity(
        self, entities: list[Found], depth: int, allowed: set[str] | None
    ) -> list[tuple[str, float]]:
        weights = self.expand(sorted({f.iri for f in entities if f.iri}))
        if not weights:
            return []
        values = " ".join(f"<{i}>" for i in weights)
        rows = self.store.select(
            SPARQL_PREFIXES
            + f"SELECT ?p ?c WHERE {{ VALUES ?c {{ {values} }} "
            + "?p a pkg:Passage ; pkg:mentions ?c }"
        )
        scores: dict[str, float] = {}
        for r in rows:
            pid = str(r["p"])
            if allowed is None or pid in allowed:
                scores[pid] = scores.get(pid, 0.0) + weights[str(r["c"])]
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:depth]

    def _english_labels(self, iris: list[str]) -> list[str]:
        values = " ".join(f"<{i}>" for i in iris)
        rows = self.store.select(
            SPARQL_PREFIXES
            + f"SELECT ?l WHERE {{ VALUES ?c {{ {values} }} "
            + '?c skos:prefLabel ?l FILTER(lang(?l) = "en") }'
        )
        return [str(r["l"]) for r in rows]

    def _hits(
        self, ids: list[str], fused: dict[str, float], components: dict[str, dict[str, float]]
    ) -> list[SearchHit]:
        if not ids:
            return []
        values = " ".join(f"<{i}>" for i in ids)
        rows = self.store.select(
            SPARQL_PREFIXES
            + f"""SELECT ?p ?id ?title ?text ?start ?end ?page ?lang WHERE {{
              VALUES ?p {{ {values} }}
              ?p pkg:passageOf ?d ; pkg:text ?text ; pkg:startOffset ?start ; pkg:endOffset ?end ;
                 dcterms:language ?lang . ?d dcterms:identifier ?id .
              OPTIONAL {{ ?d dcterms:title ?title FILTER(lang(?title) != "ko") }}
              OPTIONAL {{ ?p pkg:page ?page }} }}"""
        )
        meta = {str(r["p"]): r for r in rows}
        hits = []
        for pid in ids:
            r = meta.get(pid)
            if r is None:
                continue  # the index is ahead of a removal; sync will drop it
            hits.append(
                SearchHit(
                    passage=pid,
                    doc_id=str(r["id"]),
                    doc_title=str(r["title"] or r["id"]),
                    text=str(r["text"]),
                    start=int(r["start"]),
                    end=int(r["end"]),
                    page=r["page"],
                    language=str(r["lang"]),
                    score=round(fused[pid], 6),
                    components=components.get(pid, {}),
                )
            )
        return hits

    # -- entities ---------------------------------------------------------------------------

    def search_entities(self, query: str, k: int = 10) -> list[dict[str, str]]:
        query = query.strip()
        if not query:
            raise InputError("The query is empty.")
        fused: dict[str, float] = {}
        for rank, f in enumerate(self.linked_entities(query)):
            fused[f.iri] = fused.get(f.iri, 0.0) + 2.0 / (RRF_K + rank + 1)  # type: ignore[index]
        for rank, (iri, _) in enumerate(self.index.entities_lexical.search(query, k * 3)):
            fused[iri] = fused.get(iri, 0.0) + 1.0 / (RRF_K + rank + 1)
        dense = self.index.entities_dense.search(self.index.embedder.encode([query]), k * 3)[0]
        for rank, (iri, _) in enumerate(dense):
            fused[iri] = fused.get(iri, 0.0) + 1.0 / (RRF_K + rank + 1)
        top = sorted(fused, key=lambda i: -fused[i])[:k]
        return describe_entities(self.store, top)


def describe_entities(store, iris: list[str]) -> list[dict[str, Any]]:
    """Label (English first), labels per language and kind for each IRI, in the order given."""
    if not iris:
        return []
    values = " ".join(f"<{i}>" for i in iris)
    rows = store.select(
        SPARQL_PREFIXES
        + f"""SELECT ?e ?l ?t WHERE {{ VALUES ?e {{ {values} }} ?e a ?t .
          OPTIONAL {{ ?e skos:prefLabel|dcterms:title ?l }} }}"""
    )
    rank = {cls: i for i, cls in enumerate(KIND_OF_CLASS)}
    info: dict[str, dict[str, Any]] = {}
    for r in rows:
        e = str(r["e"])
        entry = info.setdefault(e, {"iri": e, "labels": {}, "kind": "other", "_rank": 999})
        if r["l"]:
            label = str(r["l"])
            entry["labels"].setdefault(detect_language(label), label)
        t = str(r["t"])
        if t in rank and rank[t] < entry["_rank"]:
            entry["kind"], entry["_rank"] = KIND_OF_CLASS[t], rank[t]
        elif t.endswith("#Passage"):
            entry["kind"], entry["_rank"] = "passage", -1
        elif t.endswith("#PolicyDocument") and entry["kind"] == "other":
            entry["kind"] = "policy"
    out = []
    for i in iris:
        if i in info:
            entry = info[i]
            labels = entry["labels"]
            label = labels.get("en") or labels.get("ko") or i.rsplit("/", 1)[-1]
            out.append({"iri": i, "label": label, "labels": labels, "kind": entry["kind"]})
    return out

"""Policy–industry matching: scores with their components, evidence passages and graph paths.

Feature matrices for a scheme are computed once per store state (kg.match_features); the
learned model (kg.match_model) turns them into logits; a region adds its location-quotient
advantage as a separate component. Explanations are built only for the pairs returned.
"""

from __future__ import annotations

import hashlib
import math
import threading
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from kg import PIPELINE_VERSION
from kg.analytics import shortest_path
from kg.embed import Embedder
from kg.errors import NotFoundError
from kg.match_features import FeatureSet, compute_features
from kg.match_model import MatchModel, load_model
from kg.ontology import ID, PKG, PROV, concept_iri, graph_iri, slug
from kg.rdf import Triples, decimal, integer, text
from kg.regional import RegionalProfile, RegionalStatistics
from kg.sources import list_sources, put_source, sha256
from kg.store.base import Store

REGIONAL_WEIGHT = 0.6  # logit units per doubling of the location quotient (capped at ±2)
METHOD = f"policykg-matcher/{PIPELINE_VERSION}"


@dataclass
class Evidence:
    passage: str
    doc_id: str
    text: str
    start: int
    end: int
    page: int | None
    similarity: float


@dataclass
class PathStep:
    node: str
    label: str
    relation: str | None = None


@dataclass
class MatchResult:
    policy: str
    policy_id: str
    policy_title: str
    policy_year: int | None
    is_programme: bool
    industry: str
    industry_code: str
    industry_label: str
    scheme: str
    score: float
    rank: int
    components: dict[str, float]
    features: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    paths: list[list[PathStep]] = field(default_factory=list)
    regional: dict[str, Any] | None = None
    alignment: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """The stable one-line contract: policy_id, industry_code, score, rank, components."""
        return {
            "policy_id": self.policy_id,
            "industry_code": self.industry_code,
            "score": round(self.score, 6),
            "rank": self.rank,
            "components": {k: round(v, 6) for k, v in self.components.items()},
        }


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


# Weak keys: a closed store's entry goes with it, never mistaken for a new store's.
_SIGNATURES: weakref.WeakKeyDictionary[Store, tuple[int, str]] = weakref.WeakKeyDictionary()


def store_signature(store: Store) -> str:
    """Changes whenever any source graph changes (content hashes of all sources).

    Listing the sources costs a query over every source graph, so for a store that counts its
    own writes the result is reused until the next write.
    """
    version = store.write_version
    cached = _SIGNATURES.get(store)
    if version is not None and cached is not None and cached[0] == version:
        return cached[1]
    digest = hashlib.sha256()
    for info in list_sources(store):
        if "/graph/matches-" not in info.graph:
            digest.update(f"{info.graph}={info.content_hash};".encode())
    signature = digest.hexdigest()[:16]
    if version is not None:
        _SIGNATURES[store] = (version, signature)
    return signature


class Matcher:
    def __init__(self, store: Store, embedder: Embedder, model: MatchModel | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.model = model or load_model()
        self._lock = threading.Lock()
        self._features: dict[tuple[str, str], FeatureSet] = {}
        self._regional: tuple[str, RegionalStatistics] | None = None
        self._labels: dict[str, str] = {}

    # -- cached state ---------------------------------------------------------------------

    def features(self, scheme: str) -> FeatureSet:
        signature = store_signature(self.store)
        with self._lock:
            key = (scheme, signature)
            if key not in self._features:
                fs = compute_features(
                    self.store,
                    self.embedder,
                    scheme,
                    self.model.metric_vector(),
                    self.model.label_heads(),
                )
                if not fs.profiles.profiles:
                    raise NotFoundError(f"No industry scheme named '{scheme}' in the store.")
                self._features = {
                    key: fs,
                    **{k: v for k, v in self._features.items() if k[1] == signature},
                }
            return self._features[key]

    def regional_statistics(self) -> RegionalStatistics:
        signature = store_signature(self.store)
        if self._regional is None or self._regional[0] != signature:
            self._regional = (signature, RegionalStatistics.from_store(self.store))
        return self._regional[1]

    # -- scoring --------------------------------------------------------------------------

    def regional_profiles(self, fs: FeatureSet, region: str) -> list[RegionalProfile | None]:
        stats = self.regional_statistics()
        return [stats.profile(region, p.ksic_codes) for p in fs.profiles.profiles]

    def logits(
        self, scheme: str, region: str | None = None
    ) -> tuple[FeatureSet, np.ndarray, np.ndarray]:
        """(features, text logits docs × concepts, regional logit per concept)."""
        fs = self.features(scheme)
        base = self.model.for_features(fs).logits(fs.values)
        regional = np.zeros(len(fs.profiles.profiles), dtype=np.float32)
        if region:
            for j, prof in enumerate(self.regional_profiles(fs, region)):
                if prof is not None and prof.lq_employees:
                    regional[j] = REGIONAL_WEIGHT * max(
                        -2.0, min(2.0, math.log2(prof.lq_employees))
                    )
        return fs, base, regional

    def _selection(
        self, scheme: str, policy: str | None, industry: str | None, region: str | None
    ) -> tuple[FeatureSet, np.ndarray, np.ndarray, list[int], list[int], np.ndarray]:
        fs, base, regional = self.logits(scheme, region)
        scores = sigmoid(base + regional[None, :])
        rows = list(range(len(fs.docs)))
        cols = list(range(len(fs.profiles.profiles)))
        if policy is not None:
            rows = [self._doc_index(fs, policy)]
        if industry is not None:
            j = fs.profiles.index(industry)
            if j is None:
                j = fs.profiles.index(concept_iri(scheme, industry))
            if j is None:
                raise NotFoundError(f"No industry '{industry}' in scheme '{scheme}'.")
            cols = [j]
        return fs, base, regional, rows, cols, scores[np.ix_(rows, cols)]

    def count(
        self,
        scheme: str,
        *,
        policy: str | None = None,
        industry: str | None = None,
        region: str | None = None,
        min_score: float = 0.0,
    ) -> int:
        """How many pairs `match` can page through with these filters."""
        sub = self._selection(scheme, policy, industry, region)[-1]
        return int((sub >= min_score).sum())

    def match(
        self,
        scheme: str,
        *,
        policy: str | None = None,
        industry: str | None = None,
        region: str | None = None,
        top: int = 10,
        min_score: float = 0.0,
        offset: int = 0,
        explain: bool = True,
    ) -> list[MatchResult]:
        """Ranked pairs: for one policy, for one industry, or all pairs (best first)."""
        fs, base, regional, rows, cols, sub = self._selection(scheme, policy, industry, region)
        order = np.argsort(-sub, axis=None, kind="stable")[: offset + top]
        picked = []
        for flat in order:
            i, j = divmod(int(flat), sub.shape[1])
            if sub[i, j] < min_score:
                break
            picked.append((rows[i], cols[j], float(sub[i, j])))
        picked = picked[offset:]
        profiles = self.regional_profiles(fs, region) if region else None
        return [
            self._result(fs, i, j, s, offset + rank + 1, base, regional, profiles, explain)
            for rank, (i, j, s) in enumerate(picked)
        ]

    def match_all(self, scheme: str, top: int, region: str | None = None) -> list[MatchResult]:
        """Top `top` industries for every policy, ranked within the policy (no explanations)."""
        fs, base, regional = self.logits(scheme, region)
        scores = sigmoid(base + regional[None, :])
        out = []
        for i in range(len(fs.docs)):
            for rank, j in enumerate(np.argsort(-scores[i])[:top]):
                out.append(
                    self._result(
                        fs, i, int(j), float(scores[i, j]), rank + 1, base, regional, None, False
                    )
                )
        return out

    # -- results and explanations ---------------------------------------------------------

    def _doc_index(self, fs: FeatureSet, policy: str) -> int:
        for i, d in enumerate(fs.docs):
            if policy in (d.doc_id, d.iri):
                return i
        raise NotFoundError(f"No policy document '{policy}' in the store.")

    def _result(
        self,
        fs: FeatureSet,
        i: int,
        j: int,
        score: float,
        rank: int,
        base: np.ndarray,
        regional: np.ndarray,
        profiles: list[RegionalProfile | None] | None,
        explain: bool,
    ) -> MatchResult:
        doc, prof = fs.docs[i], fs.profiles.profiles[j]
        model = self.model.for_features(fs)
        components = model.components(fs.values[i, j])
        components["bias"] = model.bias
        if regional.any():
            components["regional"] = float(regional[j])
        result = MatchResult(
            policy=doc.iri,
            policy_id=doc.doc_id,
            policy_title=doc.title,
            policy_year=doc.year,
            is_programme=doc.is_programme,
            industry=prof.iri,
            industry_code=prof.code,
            industry_label=prof.label,
            scheme=fs.profiles.scheme,
            score=score,
            rank=rank,
            components=components,
        )
        if profiles is not None and profiles[j] is not None:
            result.regional = profiles[j].as_dict()  # type: ignore[union-attr]
        if explain:
            from kg.match_features import FEATURES

            result.features = {f: float(v) for f, v in zip(FEATURES, fs.values[i, j], strict=True)}
            result.evidence = self._evidence(fs, i, j)
            result.paths = self._paths(fs, doc.iri, prof.iri)
            result.alignment = [
                {"ksic_code": c, "label": label, "similarity": round(s, 3)}
                for c, label, s in prof.aligned
            ]
        return result

    def _evidence(self, fs: FeatureSet, i: int, j: int, k: int = 3) -> list[Evidence]:
        rows = np.flatnonzero(fs.passage_owner == i)
        if not len(rows):
            return []
        sims = fs.passage_vectors[rows] @ fs.profiles.profile_vectors[j]
        passages = fs.docs[i].passages
        out = []
        for r in np.argsort(-sims)[:k]:
            p = passages[int(r)]
            out.append(
                Evidence(
                    p.iri,
                    fs.docs[i].doc_id,
                    p.text,
                    p.start,
                    p.end,
                    p.page,
                    round(float(sims[r]), 4),
                )
            )
        return out

    def _paths(self, fs: FeatureSet, source: str, target: str) -> list[list[PathStep]]:
        path = shortest_path(fs.graph, source, target)
        if not path:
            return []
        labels = self.labels(path)
        steps = [PathStep(path[0], labels.get(path[0], path[0]))]
        for a, b in zip(path, path[1:], strict=False):
            steps.append(PathStep(b, labels.get(b, b), fs.graph[a][b].get("label")))
        return [steps]

    def labels(self, iris: list[str]) -> dict[str, str]:
        missing = [i for i in iris if i not in self._labels]
        if missing:
            values = " ".join(f"<{i}>" for i in missing)
            rows = self.store.select(
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                "PREFIX dcterms: <http://purl.org/dc/terms/> "
                f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} "
                "{ ?x skos:prefLabel ?l } UNION { ?x dcterms:title ?l } FILTER(lang(?l) != 'ko') }"
            )
            for r in rows:
                self._labels.setdefault(str(r["x"]), str(r["l"]))
        return {i: self._labels.get(i, i.rsplit("/", 1)[-1]) for i in iris}


def write_matches(
    store: Store, scheme: str, results: list[MatchResult], region: str | None = None
) -> int:
    """Reified pkg:Match resources with PROV, one named graph per scheme (and region)."""
    name = f"matches-{scheme}" + (f"-{region}" if region else "")
    graph = graph_iri(name)
    t = Triples()
    activity = f"{graph}#activity"
    for r in results:
        key = "/".join(slug(x) for x in (scheme, region or "all", r.policy_id, r.industry_code))
        m = str(ID[f"match/{key}"])
        t.type(m, str(PKG.Match))
        t.add(m, str(PKG.policy), r.policy)
        t.add(m, str(PKG.industry), r.industry)
        t.add(m, str(PKG.score), decimal(r.score))
        t.add(m, str(PKG.rank), integer(r.rank))
        t.add(m, str(PKG.method), text(METHOD))
        t.add(m, str(PROV.wasGeneratedBy), activity)
        if region:
            t.add(m, str(PKG.forRegion), concept_iri("regions", region))
        for k, (comp, value) in enumerate(sorted(r.components.items())):
            c = f"{m}/c{k}"
            t.type(c, str(PKG.ScoreComponent))
            t.add(m, str(PKG.component), c)
            t.add(c, str(PKG.componentName), text(comp))
            t.add(c, str(PKG.componentValue), decimal(value))
        for ev in r.evidence:
            t.add(m, str(PKG.evidence), ev.passage)
    content = sha256(f"{METHOD}|{len(results)}|{[x.summary() for x in results]}".encode())
    return put_source(
        store,
        graph,
        t,
        content_hash=content,
        label=name,
        activity="match policies to industries",
        validate=len(t) < 200_000,
    )

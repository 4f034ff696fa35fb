"""Convergence-business candidates and supra-regional joint business.

A convergence candidate combines two (or three) industries that are each strong in the region
and that central policies or growth engines support together. Its score has three reported
parts: policy alignment (policies that match every part), regional strength (location
quotients) and relatedness (shared technologies, co-mention in policies, Adamic–Adar link
prediction on the industry–technology graph).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from kg.analytics import PageRankIndex
from kg.match import Matcher, sigmoid
from kg.match_features import FeatureSet
from kg.ontology import SPARQL_PREFIXES, concept_iri
from kg.regional import RegionalProfile
from kg.taxonomy import KSIC

WEIGHTS = {"policy_alignment": 0.45, "regional_strength": 0.3, "relatedness": 0.25}
LQ_CAP = 4.0
MAX_CANDIDATE_INDUSTRIES = 30


@dataclass
class Strength:
    iri: str
    code: str
    label: str
    profile: RegionalProfile | None

    @property
    def lq(self) -> float | None:
        return self.profile.lq_employees if self.profile else None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"iri": self.iri, "code": self.code, "label": self.label}
        if self.profile:
            out.update(self.profile.as_dict())
        return out


@dataclass
class Candidate:
    name: str
    industries: list[dict[str, Any]]
    score: float
    components: dict[str, float]
    shared_technologies: list[dict[str, str]] = field(default_factory=list)
    policies: list[dict[str, Any]] = field(default_factory=list)
    growth_engines: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    programmes: list[dict[str, Any]] = field(default_factory=list)
    region: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class JointItem:
    regions: list[str]
    industries: list[dict[str, Any]]
    kind: str  # shared | complementary
    score: float
    lq: dict[str, float | None]
    policies: list[dict[str, Any]]
    evidence: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def region_strengths(matcher: Matcher, scheme: str, region: str) -> list[Strength]:
    fs = matcher.features(scheme)
    profiles = matcher.regional_profiles(fs, region)
    return [
        Strength(p.iri, p.code, p.label, prof)
        for p, prof in zip(fs.profiles.profiles, profiles, strict=True)
    ]


def _strength_score(lqs: list[float | None]) -> float:
    """Geometric mean of capped LQs on a log scale: 0 at LQ 1/4, 1 at the cap."""
    values = [min(max(lq or 0.25, 0.25), LQ_CAP) for lq in lqs]
    mean_log = sum(math.log(v) for v in values) / len(values)
    return (mean_log - math.log(0.25)) / (math.log(LQ_CAP) - math.log(0.25))


class ConvergenceFinder:
    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._pagerank: dict[int, PageRankIndex] = {}

    def _pr(self, fs: FeatureSet) -> PageRankIndex:
        key = id(fs.graph)
        if key not in self._pagerank:
            self._pagerank = {key: PageRankIndex.from_graph(fs.graph)}
        return self._pagerank[key]

    def candidates(
        self, region: str, scheme: str = "strategic", top: int = 10, size: int = 2
    ) -> list[Candidate]:
        fs, base, _ = self.matcher.logits(scheme)
        scores = sigmoid(base)
        strengths = region_strengths(self.matcher, scheme, region)
        with_data = [s for s in strengths if s.lq is not None]
        pool = sorted(range(len(strengths)), key=lambda j: -(strengths[j].lq or 0.0))
        if with_data:  # industries the region is strong in; else its relatively strongest ones
            strong = [j for j in pool if (strengths[j].lq or 0) >= 1.0]
            pool = strong if len(strong) >= max(size, 3) else pool[: max(size + 2, 4)]
        pool = pool[:MAX_CANDIDATE_INDUSTRIES]
        techs = [set(p.technologies) for p in fs.profiles.profiles]
        mentions = self._mention_sets(fs)
        out = []
        for combo in itertools.combinations(pool, size):
            joint = np.min(scores[:, combo], axis=1)
            best_docs = np.argsort(-joint)[:5]
            alignment = float(joint[best_docs[:3]].mean()) if len(best_docs) else 0.0
            strength = _strength_score([strengths[j].lq for j in combo])
            shared = set.intersection(*(techs[j] for j in combo))
            relatedness = self._relatedness(fs, combo, techs, mentions)
            components = {
                "policy_alignment": round(alignment, 4),
                "regional_strength": round(strength, 4),
                "relatedness": round(relatedness, 4),
            }
            score = sum(WEIGHTS[k] * v for k, v in components.items())
            labels = [strengths[j].label for j in combo]
            shared_list = [
                {"iri": i, "label": lab} for i, lab in sorted(shared, key=lambda x: x[1])
            ]
            name = " × ".join(labels)
            if shared_list:
                name += ": " + ", ".join(t["label"] for t in shared_list[:3])
            cand = Candidate(
                name=name,
                industries=[{**strengths[j].as_dict(), "lq": strengths[j].lq} for j in combo],
                score=round(score, 4),
                components=components,
                shared_technologies=shared_list,
                policies=[
                    {
                        "doc_id": fs.docs[i].doc_id,
                        "title": fs.docs[i].title,
                        "score": round(float(joint[i]), 4),
                        "is_programme": fs.docs[i].is_programme,
                        "year": fs.docs[i].year,
                    }
                    for i in best_docs
                ],
                region=region,
            )
            cand.programmes = [p for p in cand.policies if p["is_programme"]]
            out.append(cand)
        out.sort(key=lambda c: -c.score)
        out = out[:top]
        for cand in out:
            idx = [fs.profiles.index(i["iri"]) for i in cand.industries]
            cand.growth_engines = self._growth_engines(
                fs, [fs.profiles.profiles[j].iri for j in idx if j is not None]
            )
            cand.organisations = self._organisations(
                region,
                [fs.profiles.profiles[j] for j in idx if j is not None],
                cand.shared_technologies,
            )
        return out

    def _mention_sets(self, fs: FeatureSet) -> list[set[str]]:
        """Documents that mention each industry or one of its technologies."""
        out = []
        for p in fs.profiles.profiles:
            nodes = [p.iri] + [t for t, _ in p.technologies]
            docs = {n for node in nodes if node in fs.graph for n in fs.graph[node] if "/doc/" in n}
            out.append(docs)
        return out

    def _relatedness(self, fs: FeatureSet, combo: tuple[int, ...], techs, mentions) -> float:
        pairs = list(itertools.combinations(combo, 2))
        values = []
        for a, b in pairs:
            union_t = techs[a] | techs[b]
            jaccard = len(techs[a] & techs[b]) / len(union_t) if union_t else 0.0
            union_d = mentions[a] | mentions[b]
            co_mention = len(mentions[a] & mentions[b]) / len(union_d) if union_d else 0.0
            ia, ib = fs.profiles.profiles[a].iri, fs.profiles.profiles[b].iri
            aa = 0.0
            if ia in fs.graph and ib in fs.graph:
                aa = next(iter(nx.adamic_adar_index(fs.graph, [(ia, ib)])))[2]
            link = 1 - math.exp(-aa / 3)  # squash the unbounded index into [0, 1)
            values.append((jaccard + co_mention + link) / 3)
        return sum(values) / len(values)

    def _growth_engines(self, fs: FeatureSet, iris: list[str]) -> list[dict[str, Any]]:
        pr = self._pr(fs)
        scores = pr.personalised([{i: 1.0} for i in iris])
        joint = scores.min(axis=1)
        engines = [n for n in pr.nodes if "/scheme/nge2009/GE" in n]
        ranked = sorted(engines, key=lambda n: -joint[pr.position[n]])[:3]
        labels = self.matcher.labels(ranked)
        return [
            {"iri": n, "label": labels[n], "score": round(float(joint[pr.position[n]]) * 1000, 4)}
            for n in ranked
            if joint[pr.position[n]] > 0
        ]

    def _organisations(self, region: str, profiles, shared) -> list[dict[str, Any]]:
        """Local organisations ranked by how many of the candidate's parts they work on:
        a shared technology counts double, then each industry they are active in."""
        shared_iris = {t["iri"] for t in shared}
        parts = []
        for p in profiles:
            parts.append(({c for c in p.ksic_codes}, {t for t, _ in p.technologies}))
        techs = shared_iris | {t for _, ts in parts for t in ts}
        codes = {c for cs, _ in parts for c in cs}
        if not codes and not techs:
            return []
        code_values = " ".join(f"<{concept_iri(KSIC, c)}>" for c in codes) or "<urn:none>"
        tech_values = " ".join(f"<{t}>" for t in techs) or "<urn:none>"
        place = concept_iri("regions", region)
        # VALUES first: the engine then starts from the few industries and technologies
        # instead of from every located organisation (150 ms → a few ms per call).
        rows = self.matcher.store.select(
            SPARQL_PREFIXES
            + f"""SELECT ?o ?label ?rcode ?code ?t WHERE {{
              {{ VALUES ?i {{ {code_values} }} ?o pkg:activeIn ?i . ?i skos:notation ?code }}
              UNION {{ VALUES ?t {{ {tech_values} }} ?o pkg:worksOn ?t }}
              ?o pkg:locatedIn ?r . ?r skos:notation ?rcode .
              FILTER(?r = <{place}> || EXISTS {{ ?r pkg:partOfRegion <{place}> }})
              ?o skos:prefLabel ?label FILTER(lang(?label) = "en") }}"""
        )
        hits: dict[str, dict[str, Any]] = {}
        for r in rows:
            entry = hits.setdefault(
                str(r["o"]),
                {
                    "iri": str(r["o"]),
                    "label": str(r["label"]),
                    "region": str(r["rcode"]),
                    "_h": set(),
                },
            )
            if r["t"]:
                entry["_h"].add(("shared", r["t"]) if r["t"] in shared_iris else ("tech", r["t"]))
            for k, (cs, ts) in enumerate(parts):
                if (r["code"] and r["code"] in cs) or (r["t"] and r["t"] in ts):
                    entry["_h"].add(("part", k))

        def weight(entry: dict[str, Any]) -> tuple[int, int, str]:
            h = entry["_h"]
            return (-len({x for x in h if x[0] == "part"}), -len(h), entry["label"])

        ranked = sorted(hits.values(), key=weight)[:12]
        return [{k: v for k, v in e.items() if k != "_h"} for e in ranked]

    def joint_business(
        self, regions: list[str], scheme: str = "strategic", top: int = 10
    ) -> list[JointItem]:
        fs, base, _ = self.matcher.logits(scheme)
        scores = sigmoid(base)
        support = np.sort(scores, axis=0)[-3:].mean(axis=0)  # best three policies per industry
        strengths = {r: region_strengths(self.matcher, scheme, r) for r in regions}
        techs = [set(p.technologies) for p in fs.profiles.profiles]
        mentions = self._mention_sets(fs)
        labels = dict(
            self.matcher.labels(
                [f"https://w3id.org/policykg/id/scheme/regions/{r}" for r in regions]
            )
        )
        name = {
            r: labels.get(f"https://w3id.org/policykg/id/scheme/regions/{r}", r) for r in regions
        }
        items: list[JointItem] = []
        n = len(fs.profiles.profiles)
        for r1, r2 in itertools.combinations(regions, 2):
            s1, s2 = strengths[r1], strengths[r2]
            for j in range(n):
                lq1, lq2 = s1[j].lq, s2[j].lq
                if lq1 and lq2 and lq1 >= 1 and lq2 >= 1:
                    score = float(support[j]) * _strength_score([lq1, lq2])
                    items.append(
                        self._joint(
                            fs, scores, [r1, r2], [j], "shared", score, {r1: lq1, r2: lq2}, name
                        )
                    )
            for a, b in itertools.permutations(range(n), 2):
                lqa, lqb = s1[a].lq, s2[b].lq
                if not (lqa and lqb and lqa >= 1.2 and lqb >= 1.2):
                    continue
                if (s2[a].lq or 0) >= 1 and (s1[b].lq or 0) >= 1:
                    continue  # both strong in both: already a shared item
                related = self._relatedness(fs, (a, b), techs, mentions)
                joint = float(np.sort(np.minimum(scores[:, a], scores[:, b]))[-3:].mean())
                score = joint * _strength_score([lqa, lqb]) * (0.5 + related)
                items.append(
                    self._joint(
                        fs,
                        scores,
                        [r1, r2],
                        [a, b],
                        "complementary",
                        score,
                        {
                            f"{r1}:{fs.profiles.profiles[a].code}": lqa,
                            f"{r2}:{fs.profiles.profiles[b].code}": lqb,
                        },
                        name,
                    )
                )
        items.sort(key=lambda x: -x.score)
        return items[:top]

    def _joint(self, fs, scores, regions, idx, kind, score, lq, name) -> JointItem:
        joint = np.min(scores[:, idx], axis=1)
        best = np.argsort(-joint)[:3]
        industries = [
            {
                "iri": fs.profiles.profiles[j].iri,
                "code": fs.profiles.profiles[j].code,
                "label": fs.profiles.profiles[j].label,
            }
            for j in idx
        ]
        lq_text = ", ".join(f"{k} LQ {v:.2f}" for k, v in lq.items() if v is not None)
        what = " and ".join(i["label"] for i in industries)
        evidence = (
            f"{name[regions[0]]} and {name[regions[1]]}: {what} ({lq_text}); "
            f"best supporting policy: {fs.docs[best[0]].title}"
            if len(best)
            else ""
        )
        return JointItem(
            regions=regions,
            industries=industries,
            kind=kind,
            score=round(score, 4),
            lq=lq,
            policies=[
                {
                    "doc_id": fs.docs[i].doc_id,
                    "title": fs.docs[i].title,
                    "score": round(float(joint[i]), 4),
                }
                for i in best
            ],
            evidence=evidence,
        )


def programmes_to_bid(
    matcher: Matcher, region: str | None, industry: str, scheme: str = "strategic", top: int = 10
) -> list[dict[str, Any]]:
    """Programmes first-class, then policies, ranked by match score with the region's advantage."""
    results = matcher.match(scheme, industry=industry, region=region, top=10_000, explain=False)
    items = []
    for r in results:
        bonus = (0.15 if r.is_programme else 0.0) + (0.05 if (r.policy_year or 0) >= 2018 else 0.0)
        items.append(
            {
                "doc_id": r.policy_id,
                "title": r.policy_title,
                "year": r.policy_year,
                "is_programme": r.is_programme,
                "score": round(min(1.0, r.score + bonus), 4),
                "match_score": round(r.score, 4),
                "components": {**r.components, "programme_bonus": bonus},
            }
        )
    items.sort(key=lambda x: -x["score"])
    return items[:top]

"""Planner questions in Korean or English, answered without an LLM.

Entities are recognised with the ingest NLP (graph labels, kiwipiepy for Korean), the intent is
read from keyword patterns, and the question is routed to the matcher, a graph query or hybrid
search. Every answer carries structured items, citations (document, passage, offsets) and the
subgraph it used. What was not understood is said plainly, never raised as a server error.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from kg.convergence import ConvergenceFinder, region_strengths
from kg.errors import InputError, NotFoundError
from kg.lang import detect_language
from kg.nlp import Found
from kg.ontology import SPARQL_PREFIXES, concept_iri, sparql_string
from kg.retrieve import SearchFilters, SearchHit, describe_entities

MAX_QUESTION_CHARS = 1000
INDUSTRY_KINDS = {"strategic_industry", "industry", "growth_engine"}

# Intent patterns, checked in this order; each is Korean | English.
INTENTS: list[tuple[str, re.Pattern[str]]] = [
    (
        "joint_business",
        re.compile(r"공동|협력|연계|함께|상생|초광역|joint|together|cooperat|collaborat", re.I),
    ),
    (
        "convergence",
        re.compile(r"융합|결합|접목|신사업|convergence|combin|converg|new business", re.I),
    ),
    (
        "organisations_for_technology",
        re.compile(
            r"기관|기업|대학|연구소|연구원|누가|organi[sz]ation|compan|firm|institut|universit|"
            r"who (in|provides|works|does)|which .*(bodies|centres|centers)",
            re.I,
        ),
    ),
    (
        "region_strengths",
        re.compile(
            r"강점|주력|특화|집중|경쟁력|입지계수|strength|concentrat|speciali[sz]|comparative "
            r"advantage|strong(est)? in|main industr",
            re.I,
        ),
    ),
    (
        "industries_for_policy",
        re.compile(
            r"어떤 (전략)?산업|어느 산업|무슨 산업|which (of .*)?(strategic )?industr|"
            r"what industr|growth engines? (matter|relate)|affect",
            re.I,
        ),
    ),
    (
        "policies_by_ministry_or_period",
        re.compile(r"(19|20)\d\d|부가 |부의 |ministry|발표|issued|adopted", re.I),
    ),
    (
        "policies_for_industry",
        re.compile(
            r"정책|계획|전략|지원|사업|policy|policies|plan|programme|program|support|target", re.I
        ),
    ),
]
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_MINISTRY_EN = re.compile(r"(Ministry of [A-Z][\w,]*(?: (?:and|of|[A-Z][\w,]*))*)")
_MINISTRY_KO = re.compile(r"([가-힣]{2,12}부)(?=가|는|의|에서|에|\s|$)")
_GROWTH_ENGINE = re.compile(r"신성장동력|growth engine", re.I)

TEXT = {
    "en": {
        "policies_for_industry": "Central policies that best fit {what}{where}:",
        "industries_for_policy": "Industries most related to “{what}”:",
        "convergence": "Convergence-business candidates{where}:",
        "region_strengths": "Strongest industries of {where_name} "
        "by location quotient (employees):",
        "organisations_for_technology": "Organisations working on {what}{where}:",
        "policies_by_ministry_or_period": "Policies {what}:",
        "joint_business": "Joint-business candidates for {what}:",
        "free_text": "Passages that answer best:",
        "no_entity": "I could not find an industry, technology, policy or region in the question, "
        "so here are the passages that match it best. Try naming an industry (e.g. optical, "
        "automobile), a technology (e.g. LiDAR) or a region (e.g. Gwangju).",
        "nothing": "I found nothing in the graph for this question.",
        "unknown_policy": "I could not tell which policy the question is about; "
        "showing related passages.",
    },
    "ko": {
        "policies_for_industry": "{where}{what}에 가장 잘 맞는 중앙정부 정책:",
        "industries_for_policy": "‘{what}’과 가장 관련이 깊은 산업:",
        "convergence": "{where}융합 신사업 후보:",
        "region_strengths": "{where_name}의 입지계수(종사자 기준) 상위 산업:",
        "organisations_for_technology": "{where}{what} 관련 기관:",
        "policies_by_ministry_or_period": "{what} 정책:",
        "joint_business": "{what} 공동사업 후보:",
        "free_text": "질문과 가장 관련 있는 문단:",
        "no_entity": "질문에서 산업·기술·정책·지역을 찾지 못해 관련 문단을 보여 드립니다. "
        "산업(예: 광산업, 자동차), 기술(예: 라이다) 또는 지역(예: 광주)을 넣어 다시 물어보세요.",
        "nothing": "이 질문에 대한 정보를 그래프에서 찾지 못했습니다.",
        "unknown_policy": "어떤 정책을 묻는지 알 수 없어 관련 문단을 보여 드립니다.",
    },
}


@dataclass
class Item:
    kind: str
    iri: str
    id: str
    label: str
    score: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Citation:
    n: int
    passage: str
    doc_id: str
    doc_title: str
    text: str
    start: int
    end: int
    page: int | None


@dataclass
class Answer:
    question: str
    language: str
    intent: str
    entities: list[dict[str, Any]]
    answer: str
    items: list[Item]
    citations: list[Citation]
    subgraph: dict[str, list[dict[str, Any]]]
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def classify_intent(question: str, entities: list[Found]) -> str:
    kinds = {f.kind for f in entities}
    regions = {f.iri for f in entities if f.kind == "region"}
    for intent, pattern in INTENTS:
        if not pattern.search(question):
            continue
        if intent == "joint_business" and not regions:
            continue
        if intent == "organisations_for_technology" and not kinds & {"technology", *INDUSTRY_KINDS}:
            continue
        if intent == "region_strengths" and not regions:
            continue
        if intent == "policies_by_ministry_or_period" and not (
            _YEAR.search(question)
            or "ministry" in kinds
            or _MINISTRY_EN.search(question)
            or _MINISTRY_KO.search(question)
        ):
            continue
        if intent == "policies_for_industry" and not kinds & {"technology", *INDUSTRY_KINDS}:
            continue
        return intent
    return "free_text"


class Asker:
    def __init__(self, kg: Any) -> None:  # kg.service.KnowledgeGraph (avoids an import cycle)
        self.kg = kg
        self.store = kg.store

    # -- entry point ----------------------------------------------------------------------

    def ask(self, question: str, lang: str | None = None) -> Answer:
        question = (question or "").strip()
        if not question:
            raise InputError("The question is empty.")
        if len(question) > MAX_QUESTION_CHARS:
            raise InputError(f"The question is longer than {MAX_QUESTION_CHARS} characters.")
        language = lang if lang in ("ko", "en") else detect_language(question)
        found = [f for f in self.kg.recognizer.find(question) if f.iri and f.confidence >= 0.5]
        intent = classify_intent(question, found)
        answer = Answer(
            question=question,
            language=language,
            intent=intent,
            entities=[
                {
                    "iri": f.iri,
                    "label": f.surface,
                    "kind": f.kind,
                    "surface": f.surface,
                    "confidence": f.confidence,
                }
                for f in found
            ],
            answer="",
            items=[],
            citations=[],
            subgraph={"nodes": [], "edges": []},
        )
        handler = getattr(self, f"_{intent}")
        try:
            handler(answer, found)
        except NotFoundError as exc:
            answer.messages.append(str(exc))
        if not answer.items and intent != "free_text":
            answer.messages.append(TEXT[language]["nothing"])
        self._add_search_citations(answer)
        self._localise(answer)
        self._compose(answer)
        self._finish_subgraph(answer, found)
        if self.kg.settings.llm_url and answer.citations:
            from kg.llm import generative_answer

            text, note = generative_answer(self.kg.settings, answer)
            if text:
                answer.answer = text
            if note:
                answer.messages.append(note)
        return answer

    # -- helpers --------------------------------------------------------------------------

    def _region(self, found: list[Found], default: str | None = "24") -> str | None:
        for f in found:
            if f.kind == "region" and f.iri and not f.iri.endswith("/00"):
                return f.iri.rsplit("/", 1)[-1]
        return default

    def _industries(self, found: list[Found]) -> list[tuple[str, str]]:
        """(scheme, code) of the industries named, technologies mapped to their industries."""
        out: list[tuple[str, str]] = []
        for f in found:
            if f.kind in ("strategic_industry", "industry") and f.iri:
                scheme, code = f.iri.rsplit("/", 2)[-2:]
                out.append((scheme, code))
        techs = [f.iri for f in found if f.kind == "technology" and f.iri]
        if techs:
            values = " ".join(f"<{t}>" for t in techs)
            rows = self.store.select(
                SPARQL_PREFIXES
                + f"""SELECT DISTINCT ?c WHERE {{ VALUES ?t {{ {values} }} ?t pkg:technologyOf ?c .
                      ?c a pkg:StrategicIndustry }}"""
            )
            out += [("strategic", str(r["c"]).rsplit("/", 1)[-1]) for r in rows]
        seen: list[tuple[str, str]] = []
        for x in out:
            if x not in seen:
                seen.append(x)
        return seen

    @staticmethod
    def _cite(answer: Answer, passage: Any, title: str) -> None:
        """Cite a passage (match evidence or search hit) once, numbered in order."""
        if all(c.passage != passage.passage for c in answer.citations):
            answer.citations.append(
                Citation(
                    len(answer.citations) + 1,
                    passage.passage,
                    passage.doc_id,
                    title,
                    passage.text,
                    passage.start,
                    passage.end,
                    passage.page,
                )
            )

    def _add_policy_citations(self, answer: Answer, evidence: list[Any]) -> None:
        for ev in evidence:
            self._cite(answer, ev, self._title(ev.doc_id))

    def _localise(self, answer: Answer) -> None:
        """A Korean answer names policies and concepts by their Korean titles and labels, where
        the graph has them (the English one stays otherwise)."""
        if answer.language != "ko":
            return
        doc_ids = {i.id for i in answer.items if i.kind == "policy"}
        doc_ids |= {c.doc_id for c in answer.citations}
        titles: dict[str, str] = {}
        if doc_ids:
            values = " ".join(sparql_string(d) for d in sorted(doc_ids))
            rows = self.store.select(
                SPARQL_PREFIXES
                + f"""SELECT ?id ?t WHERE {{ VALUES ?id {{ {values} }}
                      ?d dcterms:identifier ?id ; dcterms:title ?t FILTER(lang(?t) = "ko") }}"""
            )
            titles = {str(r["id"]): str(r["t"]) for r in rows}
        iris = [i.iri for i in answer.items if i.iri and i.kind != "policy"]
        korean = {
            e["iri"]: e["labels"]["ko"]
            for e in describe_entities(self.store, iris)
            if "ko" in e["labels"]
        }
        for item in answer.items:
            if item.kind == "policy":
                item.label = titles.get(item.id, item.label)
            else:
                item.label = korean.get(item.iri, item.label)
        for citation in answer.citations:
            citation.doc_title = titles.get(citation.doc_id, citation.doc_title)

    def _title(self, doc_id: str) -> str:
        rows = self.store.select(
            SPARQL_PREFIXES
            + f"SELECT ?t WHERE {{ ?d dcterms:identifier {sparql_string(doc_id)} ; "
            + "dcterms:title ?t "
            + 'FILTER(lang(?t) != "ko") }'
        )
        return str(rows[0]["t"]) if rows else doc_id

    def _search(
        self, answer: Answer, query: str, k: int = 5, filters: SearchFilters | None = None
    ) -> list[SearchHit]:
        self.kg.ensure_index()
        return self.kg.searcher.search(query, k, filters)

    def _add_search_citations(self, answer: Answer, k: int = 3) -> None:
        """Every answer also cites the passages that match the question best."""
        if len(answer.citations) >= 6:
            return
        for hit in self._search(answer, answer.question, k):
            self._cite(answer, hit, hit.doc_title)

    def _doc_items(self, answer: Answer, hits: list[SearchHit], limit: int = 6) -> None:
        seen = {i.id for i in answer.items}
        for hit in hits:
            if hit.doc_id in seen:
                continue
            seen.add(hit.doc_id)
            answer.items.append(
                Item("policy", hit.passage.rsplit("/p", 1)[0], hit.doc_id, hit.doc_title, hit.score)
            )
            if len(seen) >= limit:
                break

    # -- intents --------------------------------------------------------------------------

    def _policies_for_industry(self, answer: Answer, found: list[Found]) -> None:
        region = self._region(found, default=None)
        industries = self._industries(found)
        for scheme, code in industries[:2]:
            for r in self.kg.matcher.match(scheme, industry=code, region=region, top=5):
                answer.items.append(
                    Item(
                        "policy",
                        r.policy,
                        r.policy_id,
                        r.policy_title,
                        round(r.score, 4),
                        {
                            "industry": r.industry_label,
                            "industry_code": r.industry_code,
                            "components": r.components,
                            "year": r.policy_year,
                            "is_programme": r.is_programme,
                        },
                    )
                )
                self._add_policy_citations(answer, r.evidence[:1])
        answer.subgraph["edges"] += [
            {"source": i.detail["industry_code"], "target": i.iri, "label": "matches"}
            for i in answer.items
        ]

    def _industries_for_policy(self, answer: Answer, found: list[Found]) -> None:
        if _GROWTH_ENGINE.search(answer.question) and self._industries(found):
            self._growth_engines_for(answer, found)
            return
        doc = self._named_policy(answer.question)
        if doc is None:
            answer.messages.append(TEXT[answer.language]["unknown_policy"])
            self._doc_items(answer, self._search(answer, answer.question, 8))
            return
        for r in self.kg.matcher.match("strategic", policy=doc, top=3):
            answer.items.append(
                Item(
                    "strategic_industry",
                    r.industry,
                    r.industry_code,
                    r.industry_label,
                    round(r.score, 4),
                    {"policy": r.policy_id, "components": r.components},
                )
            )
            self._add_policy_citations(answer, r.evidence[:1])
        answer.items.insert(
            0, Item("policy", doc, doc.rsplit("/", 1)[-1], self._title(doc.rsplit("/", 1)[-1]))
        )

    def _growth_engines_for(self, answer: Answer, found: list[Found]) -> None:
        finder = ConvergenceFinder(self.kg.matcher)
        fs = self.kg.matcher.features("strategic")
        iris = [concept_iri(s, c) for s, c in self._industries(found)]
        for ge in finder._growth_engines(fs, iris):
            answer.items.append(
                Item(
                    "growth_engine",
                    ge["iri"],
                    ge["iri"].rsplit("/", 1)[-1],
                    ge["label"],
                    ge["score"],
                )
            )

    def _named_policy(self, question: str) -> str | None:
        """The document whose title the question quotes best (lexical match on titles)."""
        rows = self.store.select(
            SPARQL_PREFIXES + "SELECT ?d ?t WHERE { ?d a pkg:PolicyDocument ; dcterms:title ?t }"
        )
        from kg.lexical.tokenize import tokenize, tokenize_many

        q = set(tokenize(question))
        titles = [str(r["t"]) for r in rows]
        best, best_score = None, 0.0
        for r, terms in zip(rows, tokenize_many(titles), strict=True):
            t = set(terms)
            if not t:
                continue
            score = len(q & t) / len(t)
            if score > best_score and len(q & t) >= min(2, len(t)):
                best, best_score = str(r["d"]), score
        return best if best_score >= 0.5 else None

    def _convergence(self, answer: Answer, found: list[Found]) -> None:
        region = self._region(found)
        wanted = {code for _, code in self._industries(found)}
        candidates = ConvergenceFinder(self.kg.matcher).candidates(region or "24", top=15)
        if wanted:
            focused = [c for c in candidates if wanted & {i["code"] for i in c.industries}]
            both = [c for c in focused if wanted <= {i["code"] for i in c.industries}]
            candidates = both or focused or candidates
        for c in candidates[:5]:
            answer.items.append(
                Item(
                    "convergence",
                    "",
                    "+".join(i["code"] for i in c.industries),
                    c.name,
                    c.score,
                    {
                        "components": c.components,
                        "industries": [i["code"] for i in c.industries],
                        "policies": c.policies[:3],
                        "organisations": c.organisations[:5],
                        "growth_engines": c.growth_engines,
                    },
                )
            )
            for t in c.shared_technologies[:4]:
                if all(t["iri"] != i.iri for i in answer.items):
                    answer.items.append(
                        Item("technology", t["iri"], t["iri"].rsplit("/", 1)[-1], t["label"])
                    )
            for p in c.policies[:2]:
                if all(p["doc_id"] != i.id for i in answer.items):
                    answer.items.append(Item("policy", "", p["doc_id"], p["title"], p["score"]))

    def _region_strengths(self, answer: Answer, found: list[Found]) -> None:
        region = self._region(found) or "24"
        strengths = [s for s in region_strengths(self.kg.matcher, "strategic", region) if s.lq]
        for s in sorted(strengths, key=lambda s: -(s.lq or 0))[:6]:
            answer.items.append(
                Item("strategic_industry", s.iri, s.code, s.label, round(s.lq or 0, 3), s.as_dict())
            )
        stats = self.kg.matcher.regional_statistics()
        year = stats.years[-1] if stats.years else None
        if year is not None:
            lqs = []
            for code in stats.codes:
                lq = stats.location_quotient(region, (code,), year, "employees")
                employees = stats.values.get((region, code, year, "employees"), 0)
                if lq and employees >= 300:  # tiny industries have noisy quotients
                    lqs.append((lq, code))
            names = describe_entities(
                self.store, [concept_iri("ksic", c) for _, c in sorted(lqs, reverse=True)[:6]]
            )
            for (lq, code), info in zip(sorted(lqs, reverse=True)[:6], names, strict=False):
                answer.items.append(
                    Item("industry", info["iri"], code, info["label"], round(lq, 3))
                )
        answer.items.insert(
            0, Item("region", concept_iri("regions", region), region, self._region_label(region))
        )

    def _region_label(self, code: str) -> str:
        info = describe_entities(self.store, [concept_iri("regions", code)])
        return info[0]["label"] if info else code

    def _organisations_for_technology(self, answer: Answer, found: list[Found]) -> None:
        region = self._region(found, default=None)
        techs = [f.iri for f in found if f.kind == "technology" and f.iri]
        industries = [concept_iri(s, c) for s, c in self._industries(found)]
        rows = self._organisations(techs, industries, region)
        if not rows and region:
            rows = self._organisations(techs, industries, None)
            answer.messages.append(
                f"No organisation in region {region} found; showing all regions."
            )
        for r in rows[:8]:
            answer.items.append(
                Item(
                    "organisation",
                    str(r["o"]),
                    str(r["o"]).rsplit("/", 1)[-1],
                    str(r["label"]),
                    None,
                    {"region": r["region"], "via": str(r["via"])},
                )
            )
            answer.subgraph["edges"].append(
                {"source": str(r["o"]), "target": str(r["via"]), "label": "worksOn"}
            )

    def _organisations(
        self, techs: list[str], industries: list[str], region: str | None
    ) -> list[dict[str, Any]]:
        values_t = " ".join(f"<{t}>" for t in techs) or "<urn:none>"
        values_i = " ".join(f"<{i}>" for i in industries) or "<urn:none>"
        region_filter = ""
        if region:
            region_filter = (
                "?o pkg:locatedIn ?r . ?r skos:notation ?rc . "
                "OPTIONAL { ?r pkg:partOfRegion/skos:notation ?z } "
                f"FILTER(?rc = {sparql_string(region)} || ?z = {sparql_string(region)})"
            )
        rows = self.store.select(
            SPARQL_PREFIXES
            + f"""SELECT ?o ?label ?via (SAMPLE(?rcode) AS ?region) (MIN(?w) AS ?weight) WHERE {{
              {{ VALUES ?via {{ {values_t} }} ?o pkg:worksOn ?via BIND(1 AS ?w) }}
              UNION {{ VALUES ?via {{ {values_i} }} ?t pkg:technologyOf ?via .
                       ?o pkg:worksOn ?t BIND(2 AS ?w) }}
              {region_filter}
              ?o skos:prefLabel ?label FILTER(lang(?label) = "en")
              OPTIONAL {{ ?o pkg:locatedIn/skos:notation ?rcode }}
            }} GROUP BY ?o ?label ?via ORDER BY ?weight ?label LIMIT 40"""
        )
        seen, out = set(), []
        for r in rows:
            if r["o"] not in seen:
                seen.add(r["o"])
                out.append(r)
        return out

    def _policies_by_ministry_or_period(self, answer: Answer, found: list[Found]) -> None:
        # Years after the present are targets ("2050 carbon neutrality"), not issue dates.
        years = [int(y) for y in _YEAR.findall(answer.question) if int(y) <= date.today().year]
        ministry = None
        m = _MINISTRY_EN.search(answer.question) or _MINISTRY_KO.search(answer.question)
        if m:
            ministry = m.group(1).strip(" ,")
        for f in found:
            if f.kind == "ministry" and ministry is None:
                ministry = f.surface
        filters = SearchFilters(
            ministry=ministry,
            year_from=min(years) if years else None,
            year_to=max(years) if years else None,
        )
        hits = self._search(answer, answer.question, 20, filters)
        if not hits and years:
            filters.year_from = filters.year_to = None
            hits = self._search(answer, answer.question, 20, filters)
        if not hits and ministry:
            answer.messages.append(
                f"No document issued by '{ministry}' matched; the ministry filter was dropped."
            )
            filters.ministry = None
            hits = self._search(answer, answer.question, 20, filters)
        self._doc_items(answer, hits)
        answer.items and answer.items[0].detail.update({"ministry": ministry, "years": years})

    def _joint_business(self, answer: Answer, found: list[Found]) -> None:
        codes = [f.iri.rsplit("/", 1)[-1] for f in found if f.kind == "region" and f.iri]
        regions = [c for c in codes if c not in ("00", "HONAM")]
        if any(c == "HONAM" for c in codes):
            regions = sorted(set(regions) | {"24", "35", "36"})
        if len(regions) < 2:
            regions = sorted(set(regions) | {"24", "36"})
        wanted = {code for _, code in self._industries(found)}
        items = ConvergenceFinder(self.kg.matcher).joint_business(regions, top=20)
        if wanted:
            items = [i for i in items if wanted & {x["code"] for x in i.industries}] or items
        for j in items[:5]:
            answer.items.append(
                Item(
                    "joint_business",
                    "",
                    "+".join(x["code"] for x in j.industries),
                    j.evidence,
                    j.score,
                    {
                        "regions": j.regions,
                        "kind": j.kind,
                        "industries": j.industries,
                        "policies": j.policies,
                    },
                )
            )
            for x in j.industries:
                if all(x["iri"] != i.iri for i in answer.items):
                    answer.items.append(Item("strategic_industry", x["iri"], x["code"], x["label"]))
        self._doc_items(
            answer, self._search(answer, answer.question, 8), limit=len(answer.items) + 3
        )

    def _free_text(self, answer: Answer, found: list[Found]) -> None:
        if not found:
            answer.messages.append(TEXT[answer.language]["no_entity"])
        self._doc_items(answer, self._search(answer, answer.question, 8))

    # -- composing ------------------------------------------------------------------------

    def _compose(self, answer: Answer) -> None:
        text = TEXT[answer.language]
        regions = [e for e in answer.entities if e["kind"] == "region"]
        named = [e["surface"] for e in answer.entities if e["kind"] != "region"]
        what = ", ".join(dict.fromkeys(named)) or answer.question
        where_name = (
            regions[0]["surface"] if regions else ("광주" if answer.language == "ko" else "Gwangju")
        )
        where = ""
        if regions:
            where = f" in {where_name}" if answer.language == "en" else f"{where_name} "
        if answer.intent == "policies_by_ministry_or_period" and answer.items:
            detail = answer.items[0].detail
            parts = [
                x
                for x in (
                    detail.get("ministry"),
                    "–".join(map(str, sorted(set(detail.get("years", []))))),
                )
                if x
            ]
            what = (" · ".join(parts)) or what
        if answer.intent == "joint_business":
            what = " – ".join(r["surface"] for r in regions) or what
        head = text.get(answer.intent, text["free_text"]).format(
            what=what, where=where, where_name=where_name
        )
        lines = [head]
        for n, item in enumerate(
            [i for i in answer.items if i.kind not in ("region",)][:5], start=1
        ):
            score = f" ({item.score:.2f})" if item.score is not None else ""
            lines.append(f"{n}. {item.label}{score}")
        if answer.citations:
            cite = ", ".join(f"[{c.n}]" for c in answer.citations[:3])
            lines.append(("Evidence: " if answer.language == "en" else "근거: ") + cite)
        answer.answer = "\n".join(lines)

    def _finish_subgraph(self, answer: Answer, found: list[Found]) -> None:
        nodes: dict[str, dict[str, Any]] = {}
        for f in found:
            nodes[f.iri] = {"id": f.iri, "label": f.surface, "kind": f.kind}  # type: ignore[index]
        for item in answer.items:
            key = item.iri or f"{item.kind}:{item.id}"
            nodes.setdefault(key, {"id": key, "label": item.label[:80], "kind": item.kind})
            for f in found:
                if f.iri and f.iri != key:
                    answer.subgraph["edges"].append(
                        {"source": f.iri, "target": key, "label": "answers"}
                    )
        for c in answer.citations:
            nodes.setdefault(
                c.passage, {"id": c.passage, "label": f"{c.doc_id} [{c.n}]", "kind": "passage"}
            )
        edges = [
            e for e in answer.subgraph["edges"] if e["source"] in nodes and e["target"] in nodes
        ]
        answer.subgraph = {"nodes": list(nodes.values()), "edges": edges}

"""`policykg eval retrieval`: nDCG@10, Recall@20 and MRR per method over corpus/gold."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from kg.metrics import mean, ndcg_at_k, recall_at_k, reciprocal_rank
from kg.retrieve import HybridSearcher

METHODS = ("lexical", "dense", "hybrid")


def read_queries(path: Path) -> list[dict[str, Any]]:
    queries = []
    with path.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            relevance: dict[str, float] = {}
            for item in r["relevant"].split("|"):
                doc, _, grade = item.strip().partition(":")
                if doc:
                    relevance[doc] = float(grade or 1)
            queries.append(
                {"id": r["id"], "lang": r["lang"], "query": r["query"], "relevance": relevance}
            )
    return queries


def ranked_documents(
    searcher: HybridSearcher, query: str, method: str, depth: int = 60
) -> list[str]:
    """Documents in the order their first passage appears."""
    docs: list[str] = []
    for hit in searcher.search(query, depth, method=method):
        if hit.doc_id not in docs:
            docs.append(hit.doc_id)
    return docs


def evaluate(searcher: HybridSearcher, queries: list[dict[str, Any]]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for method in METHODS:
        per_lang: dict[str, dict[str, list[float]]] = {}
        for q in queries:
            ranked = ranked_documents(searcher, q["query"], method)
            for lang in ("all", q["lang"]):
                bucket = per_lang.setdefault(lang, {"ndcg@10": [], "recall@20": [], "mrr": []})
                bucket["ndcg@10"].append(ndcg_at_k(ranked, q["relevance"], 10))
                bucket["recall@20"].append(recall_at_k(ranked, q["relevance"], 20))
                bucket["mrr"].append(reciprocal_rank(ranked, q["relevance"]))
        report[method] = {
            lang: {m: round(mean(v), 4) for m, v in metrics.items()}
            | {"queries": len(metrics["mrr"])}
            for lang, metrics in per_lang.items()
        }
    return report

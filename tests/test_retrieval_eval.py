"""Retrieval quality on the dev gold set: hybrid must not lose to either single method."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.retrieval import evaluate, read_queries
from kg.sources import list_sources

GOLD = Path(__file__).resolve().parents[1] / "corpus" / "gold" / "retrieval.csv"


@pytest.fixture(scope="module")
def report(demo_kg):
    return evaluate(demo_kg.searcher, read_queries(GOLD))


def test_hybrid_at_least_each_single_method(report):
    for metric in ("ndcg@10", "recall@20"):
        hybrid = report["hybrid"]["all"][metric]
        assert hybrid >= report["lexical"]["all"][metric], metric
        assert hybrid >= report["dense"]["all"][metric], metric


def test_retrieval_is_useful_in_both_languages(report):
    assert report["hybrid"]["en"]["mrr"] >= 0.7
    assert report["hybrid"]["ko"]["mrr"] >= 0.5


def test_korean_query_reaches_english_only_documents(demo_kg):
    hits = demo_kg.searcher.search("해상풍력 발전", 20)
    assert any(h.doc_id == "offshore-wind-southwest" for h in hits)


def test_english_model_reads_korean_passages_through_english_labels(demo_kg):
    sources = list_sources(demo_kg.store)
    [graph] = [s.graph for s in sources if "ko-photonics-convergence" in s.graph]
    rows = demo_kg.search_index._passages_of(graph)
    korean = [r for r in rows if r["lang"] == "ko"]
    assert korean and all(r["view"] != r["text"] for r in korean)
    assert any("Optical" in str(r["view"]) or "optical" in str(r["view"]) for r in korean)


def test_korean_query_without_entities_has_no_dense_ranking(demo_kg):
    # With the English-only model the raw Korean would match every Korean passage alike.
    assert demo_kg.searcher.search("오늘 점심 메뉴는 무엇인가요", 10, method="dense") == []
    assert demo_kg.searcher.search("광산업 육성", 10, method="dense")

"""Retrieval quality on the dev gold set: hybrid must not lose to either single method."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.retrieval import evaluate, read_queries

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

"""Planner questions from corpus/gold, Korean and English, answered with the expected entities."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.ask import Asker, classify_intent
from kg.errors import InputError
from kg.lang import detect_language
from kg.ontology import concept_iri, document_iri, organisation_iri

GOLD = Path(__file__).resolve().parents[1] / "corpus" / "gold" / "questions.csv"
SCHEMES = {
    "strategic": "strategic",
    "ge": "nge2009",
    "region": "regions",
    "ksic": "ksic",
    "tech": "technologies",
}


def expected_iri(ref: str) -> str:
    kind, value = ref.split(":", 1)
    if kind == "doc":
        return document_iri(value)
    if kind == "org":
        return organisation_iri(value)
    return concept_iri(SCHEMES[kind], value)


def answered_iris(answer) -> set[str]:
    got = {i.iri for i in answer.items if i.iri}
    got |= {document_iri(i.id) for i in answer.items if i.kind == "policy"}
    got |= {document_iri(c.doc_id) for c in answer.citations}
    got |= {n["id"] for n in answer.subgraph["nodes"]}
    return got


@pytest.fixture(scope="module")
def results(demo_kg):
    asker = Asker(demo_kg)
    with GOLD.open(encoding="utf-8") as handle:
        questions = list(csv.DictReader(handle))
    return [(q, asker.ask(q["question"])) for q in questions]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_gold_questions_find_expected_entities(results, lang):
    rows = [(q, a) for q, a in results if q["lang"] == lang]
    hits = [
        bool({expected_iri(r) for r in q["expected"].split("|")} & answered_iris(a))
        for q, a in rows
    ]
    rate = sum(hits) / len(hits)
    missed = [q["id"] for (q, _), h in zip(rows, hits, strict=True) if not h]
    assert rate >= 0.8, f"{lang}: {rate:.0%} answered, missed {missed}"


def test_intents_are_recognised(results):
    agree = sum(q["intent"] == a.intent for q, a in results)
    assert agree / len(results) >= 0.75


def test_answers_have_text_citations_and_subgraph(results):
    for q, a in results:
        assert a.answer and a.language == q["lang"]
        assert a.citations, q["id"]
        c = a.citations[0]
        assert c.doc_id and c.end > c.start and c.text
        assert a.subgraph["nodes"]
        assert all(
            e["source"] in {n["id"] for n in a.subgraph["nodes"]} for e in a.subgraph["edges"]
        )


def test_out_of_domain_question_gets_a_helpful_reply(demo_kg):
    answer = Asker(demo_kg).ask("What is the recipe for kimchi stew?")
    assert answer.intent == "free_text"
    assert any("could not find" in m for m in answer.messages)


def test_korean_unknown_entity_reply_is_korean(demo_kg):
    answer = Asker(demo_kg).ask("오늘 점심 메뉴는 무엇인가요?")
    assert any("찾지 못해" in m for m in answer.messages)


def test_empty_and_overlong_questions_are_input_errors(demo_kg):
    with pytest.raises(InputError):
        Asker(demo_kg).ask("   ")
    with pytest.raises(InputError):
        Asker(demo_kg).ask("x" * 5000)


def test_classify_without_entities_falls_back_to_free_text():
    assert classify_intent("Tell me about industrial policy in general", []) == "free_text"


def test_korean_answers_use_korean_titles_and_labels(demo_kg):
    answer = Asker(demo_kg).ask("광주 광산업에 맞는 중앙정부 정책은 무엇인가요?")
    policies = [i for i in answer.items if i.kind == "policy"]
    assert policies and any(i.id == "photonics-industry-promotion" for i in policies)
    promotion = next(i for i in policies if i.id == "photonics-industry-promotion")
    assert detect_language(promotion.label) == "ko", promotion.label
    assert any(detect_language(c.doc_title) == "ko" for c in answer.citations)
    english = Asker(demo_kg).ask("Which central policies fit the optical industry in Gwangju?")
    same = next(i for i in english.items if i.id == "photonics-industry-promotion")
    assert detect_language(same.label) == "en"

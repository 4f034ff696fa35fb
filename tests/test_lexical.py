from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import IndexMismatchError, InputError
from kg.lexical import LexicalIndex, tokenize, tokenize_many

CORPUS = {
    "gwangju": "광주의 광산업을 육성하기 위한 광융합 산업 지원 정책",
    "busan": "부산의 해양 관광 산업과 항만 물류를 강화한다",
    "daegu": "대구는 섬유 산업과 의료 기기 산업을 집중 지원한다",
    "ev": "Electric vehicles and charging infrastructure for regional mobility",
    "steel": "Steel industry decarbonisation through hydrogen reduction",
    "chips": "Semiconductor clusters and workforce training programmes",
}


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    lex = LexicalIndex()
    lex.build(list(CORPUS), list(CORPUS.values()))
    return lex


def test_korean_keeps_content_morphemes_and_drops_particles():
    terms = tokenize("광주의 광산업을")
    assert "광주" in terms
    assert "광산업" in terms or "산업" in terms
    assert "의" not in terms and "을" not in terms


def test_korean_compound_is_indexed_however_kiwi_splits_it():
    # Kiwi keeps "스마트시티" whole in one context and splits it in another.
    assert "스마트시티" in tokenize("스마트시티를 조성한다")
    assert "스마트시티" in tokenize("AI반도체 스마트시티를")


def test_english_is_stemmed_lowercased_and_stop_words_dropped():
    assert tokenize("Vehicles") == tokenize("vehicle")
    assert tokenize("the policy of the region") == tokenize("Policies region")


def test_latin_words_in_korean_text_match_english_text():
    assert "vehicl" in tokenize("전기 vehicles 보급")


def test_tokenize_many_matches_tokenize():
    texts = ["광주의 광산업을", "Electric vehicles", "", "AI반도체 육성"]
    assert tokenize_many(texts) == [tokenize(t) for t in texts]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("광산업 육성", "gwangju"),
        ("해양 관광", "busan"),
        ("의료기기 섬유", "daegu"),
        ("electric vehicle charging", "ev"),
        ("hydrogen steel", "steel"),
    ],
)
def test_bm25_ranks_the_matching_passage_first(index, query, expected):
    assert index.search(query, k=3)[0][0] == expected


def test_allowed_restricts_results(index):
    hits = index.search("산업", k=5, allowed={"busan", "ev"})
    assert [doc_id for doc_id, _ in hits] == ["busan"]


def test_no_shared_terms_no_results(index):
    assert index.search("quantum cryptography", k=5) == []
    assert index.search("", k=5) == []


def test_empty_index_returns_nothing():
    assert LexicalIndex().search("광주", k=5) == []


def test_bad_k_is_an_input_error(index):
    with pytest.raises(InputError):
        index.search("광주", k=0)


def test_add_replaces_and_remove_drops():
    lex = LexicalIndex()
    lex.build(["a", "b"], ["수소 연료전지", "electric vehicles"])
    lex.add(["a", "c"], ["반도체 장비", "수소 충전소"])
    assert len(lex) == 3
    assert lex.search("수소", k=5)[0][0] == "c"
    lex.remove(["c", "missing"])
    assert lex.search("수소", k=5) == []
    assert [i for i, _ in lex.search("반도체", k=5)] == ["a"]


def test_save_load_round_trip(index, tmp_path: Path):
    index.save(tmp_path / "lexical")
    index.save(tmp_path / "lexical")  # overwriting an existing save works
    loaded = LexicalIndex()
    loaded.load(tmp_path / "lexical")
    assert len(loaded) == len(index)
    for query in ("광산업 육성", "electric vehicle"):
        assert loaded.search(query, k=3) == index.search(query, k=3)


def test_load_refuses_another_tokenizer(index, tmp_path: Path):
    index.save(tmp_path / "lexical")
    with pytest.raises(IndexMismatchError):
        LexicalIndex(tokenizer=lambda texts: [t.split() for t in texts]).load(tmp_path / "lexical")


def test_load_missing_directory_is_a_mismatch(tmp_path: Path):
    with pytest.raises(IndexMismatchError):
        LexicalIndex().load(tmp_path / "nowhere")

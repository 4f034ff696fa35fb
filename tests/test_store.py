from __future__ import annotations

import subprocess
import sys

import pytest

from kg.errors import QueryError
from kg.rdf import Triples, text
from kg.store.base import check_read_only
from kg.store.oxigraph import OxigraphStore

G1 = "http://example.org/g1"


def _triples(n: int, label: str = "x") -> Triples:
    t = Triples()
    for i in range(n):
        t.add(f"http://example.org/s{i}", "http://example.org/p", text(f"{label}{i}", "en"))
    return t


def test_round_trip_on_disk(tmp_path):
    path = tmp_path / "store"
    with OxigraphStore(path) as s:
        s.replace_graph(G1, _triples(3))
    with OxigraphStore(path) as s:
        assert s.graphs() == [G1]
        rows = s.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
        assert [r["o"] for r in rows] == ["x0", "x1", "x2"]


def test_replace_graph_replaces_whole_graph(store):
    store.replace_graph(G1, _triples(5, "old"))
    store.replace_graph(G1, _triples(2, "new"))
    values = {r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }")}
    assert values == {"new0", "new1"}
    assert store.triple_count(G1) == 2


def test_replace_leaves_other_graphs_alone(store):
    store.replace_graph(G1, _triples(2))
    store.replace_graph("http://example.org/g2", _triples(3))
    store.replace_graph(G1, _triples(1))
    assert store.triple_count("http://example.org/g2") == 3
    assert store.graphs() == [G1, "http://example.org/g2"]


def test_remove_graph(store):
    store.replace_graph(G1, _triples(2))
    assert store.remove_graph(G1) is True
    assert store.remove_graph(G1) is False
    assert store.triple_count() == 0


def test_failed_write_leaves_store_unchanged(store):
    store.replace_graph(G1, _triples(2, "keep"))

    def exploding():
        yield from _triples(3, "bad")
        raise RuntimeError("injected failure half-way")

    with pytest.raises(RuntimeError):
        store.replace_graph(G1, exploding())  # type: ignore[arg-type]
    assert {r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }")} == {"keep0", "keep1"}
    assert store.graphs() == [G1]


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "DELETE WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "drop graph <http://x>",
    ],
)
def test_read_only_check_refuses_updates(query):
    with pytest.raises(QueryError):
        check_read_only(query)


def test_read_only_check_allows_keywords_in_strings_and_names():
    check_read_only('SELECT ?add WHERE { ?s <http://x/drop> "delete me" } # insert')


def test_serialized_results_respect_row_limit(store):
    store.replace_graph(G1, _triples(10))
    out = store.query_serialized("SELECT ?o WHERE { ?s ?p ?o }", "text/csv", limit=4, timeout_s=5)
    assert out.truncated
    assert out.body.decode().strip().splitlines()[0] == "o"
    assert len(out.body.decode().strip().splitlines()) == 5


def test_syntax_error_is_query_error(store):
    with pytest.raises(QueryError, match="syntax"):
        store.select("SELEKT nothing")


def test_second_process_gets_a_helpful_lock_message(tmp_path):
    path = tmp_path / "s"
    holder = OxigraphStore(path)  # this process holds the lock while `holder` lives
    code = (
        "from pathlib import Path\nfrom kg.store.oxigraph import OxigraphStore\n"
        f"OxigraphStore(Path({str(path)!r}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert "policykg serve" in result.stderr and "LOCK" in result.stderr
    holder.close()

from __future__ import annotations

from kg.bootstrap import initialise
from kg.rdf import Triples, integer, text
from kg.sources import list_sources
from kg.validate import validate_triples

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pkg: <https://w3id.org/policykg/ontology#>
"""


def test_taxonomies_loaded_with_expected_sizes(initialised_store):
    rows = initialised_store.select(
        PREFIXES + "SELECT ?n (COUNT(?c) AS ?k) WHERE { ?c skos:inScheme ?s . ?s skos:notation ?n }"
        " GROUP BY ?n"
    )
    counts = {r["n"]: r["k"] for r in rows}
    assert counts["ksic"] == 2038
    assert counts["strategic"] == 6
    assert counts["nge2009"] == 17 + 3  # engines plus their three areas
    engines = initialised_store.select(PREFIXES + "SELECT ?e WHERE { ?e a pkg:GrowthEngine }")
    assert len(engines) == 17


def test_strategic_industries_join_ksic_with_both_languages(initialised_store):
    rows = initialised_store.select(
        PREFIXES
        + """SELECT ?en ?ko ?code WHERE {
          ?si a pkg:StrategicIndustry ; skos:notation "OPT" ; skos:narrowMatch ?k .
          ?k skos:notation ?code ; skos:prefLabel ?en , ?ko .
          FILTER(lang(?en) = "en" && lang(?ko) = "ko") }"""
    )
    codes = {r["code"] for r in rows}
    assert "26121" in codes
    assert any(r["ko"] == "발광 다이오드 제조업" for r in rows)


def test_honam_zone_contains_gwangju(initialised_store):
    assert initialised_store.ask(
        PREFIXES + 'ASK { ?g skos:notation "24" ; pkg:partOfRegion ?z . ?z skos:notation "HONAM" }'
    )


def test_initialise_is_idempotent(store):
    first = initialise(store)
    second = initialise(store)
    assert first["ksic"] > 16000
    assert set(second.values()) == {0}
    assert {s.label for s in list_sources(store)} >= {"taxonomy ksic", "policykg ontology"}


def test_shapes_reject_a_bad_graph_with_readable_report():
    t = Triples()
    concept = "http://example.org/c1"
    t.type(concept, "http://www.w3.org/2004/02/skos/core#Concept")
    t.add(concept, "http://www.w3.org/2004/02/skos/core#prefLabel", text("one", "en"))
    t.add(concept, "http://www.w3.org/2004/02/skos/core#prefLabel", text("two", "en"))
    obs = "http://example.org/o1"
    t.type(obs, "http://purl.org/linked-data/cube#Observation")
    t.add(obs, "https://w3id.org/policykg/ontology#refYear", integer(2020))
    report = validate_triples(t)
    assert not report.conforms
    assert report.violations >= 3
    assert "inScheme" in report.text or "concept scheme" in report.text

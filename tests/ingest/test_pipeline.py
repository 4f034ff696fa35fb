"""The ingest pipeline end to end on small fixtures: linking, provenance, safety, bad input."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

import ingest.pipeline as pipeline
from ingest.pipeline import Ingestor
from kg.bootstrap import initialise
from kg.settings import Settings
from kg.sources import list_sources
from kg.store.oxigraph import OxigraphStore
from kg.validate import validate_graph

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
PREFIXES = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

KOREAN_DOC = """---
id: test-ko
title: "Photonics test plan"
issuer: "Ministry of Trade, Industry and Energy"
date: 2020-01-15
type: plan
language: ko
---

## 추진 배경

광주의 광산업을 육성하고 전라남도와 함께 LED 조명과 라이다 기술을 키운다.
2030년까지 4조 원을 투자한다.
"""


@pytest.fixture(scope="module")
def base_store() -> OxigraphStore:
    store = OxigraphStore(None)
    initialise(store)
    ingestor = Ingestor(store, Settings())
    results = ingestor.ingest_paths([CORPUS / "technologies.csv", CORPUS / "organisations.csv"])
    assert [r.status for r in results] == ["added", "added"]
    return store


@pytest.fixture
def store(base_store: OxigraphStore) -> OxigraphStore:
    """A copy of the base store, so each test may write."""
    copy = OxigraphStore(None)
    copy._store.load(base_store.export("application/n-quads"), format=ox.RdfFormat.N_QUADS)
    return copy


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_korean_document_links_entities_with_passage_provenance(store, tmp_path, settings):
    path = _write(tmp_path, "ko.md", KOREAN_DOC)
    [result] = Ingestor(store, settings).ingest_paths([path])
    assert result.status == "added", result.message
    rows = store.select(
        PREFIXES
        + """SELECT ?surface ?concept ?start ?end ?conf ?page_text WHERE {
          ?m a pkg:Mention ; pkg:refersTo ?concept ; pkg:surface ?surface ; pkg:startOffset ?start ;
             pkg:endOffset ?end ; pkg:confidence ?conf ; pkg:inPassage ?p .
          ?p pkg:passageOf/dcterms:identifier "test-ko" ; pkg:text ?page_text }"""
    )
    concepts = {
        r["concept"].rsplit("/", 2)[-2] + "/" + r["concept"].rsplit("/", 1)[-1] for r in rows
    }
    assert {"strategic/OPT", "regions/24", "regions/36", "technologies/lidar"} <= concepts
    # Offsets point into the document text: the surface is found there.
    doc_text = path.read_text(encoding="utf-8").split("---", 2)[2].strip()
    assert any(r["surface"] == "광산업" for r in rows)
    for r in rows:
        assert 0 <= r["start"] < r["end"] and 0 < r["conf"] <= 1
        assert r["surface"] in doc_text
    # Every statement's graph says where it came from: file, hash, activity, pipeline version.
    prov = store.select(
        PREFIXES
        + """SELECT ?path ?hash ?agent WHERE { GRAPH ?g { ?d dcterms:identifier "test-ko" .
             ?g pkg:sourcePath ?path ; pkg:contentHash ?hash ; prov:wasGeneratedBy ?a .
             ?a prov:wasAssociatedWith ?agent } }"""
    )
    assert prov and prov[0]["path"].endswith("ko.md") and len(prov[0]["hash"]) == 64
    money = store.select(
        PREFIXES + "SELECT ?m ?y WHERE { ?p pkg:moneyAmount ?m ; pkg:targetYear ?y }"
    )
    assert money and money[0]["m"].startswith("4조") and money[0]["y"] == 2030


def test_reingest_unchanged_is_skipped_and_changed_replaces(store, tmp_path, settings):
    path = _write(tmp_path, "ko.md", KOREAN_DOC)
    ingestor = Ingestor(store, settings)
    assert ingestor.ingest_paths([path])[0].status == "added"
    before = store.triple_count()
    assert ingestor.ingest_paths([path])[0].status == "unchanged"
    assert store.triple_count() == before
    path.write_text(KOREAN_DOC.replace("라이다", "수소연료전지"), encoding="utf-8")
    assert ingestor.ingest_paths([path])[0].status == "updated"
    lidar = store.ask(PREFIXES + 'ASK { ?m pkg:surface "라이다" }')
    assert not lidar, "the old version's mentions must be gone"
    assert ingestor.remove(str(path))
    assert not store.ask(PREFIXES + 'ASK { ?d dcterms:identifier "test-ko" }')


def test_failure_half_way_leaves_store_exactly_as_before(store, tmp_path, settings, monkeypatch):
    path = _write(tmp_path, "ko.md", KOREAN_DOC)
    ingestor = Ingestor(store, settings)
    ingestor.ingest_paths([path])
    snapshot = store.export("application/n-quads")
    path.write_text(KOREAN_DOC.replace("광산업", "자동차산업"), encoding="utf-8")

    def explode(*args, **kwargs):
        raise pipeline.InputError("injected failure while writing triples")

    monkeypatch.setattr(pipeline, "document_triples", explode)
    [result] = ingestor.ingest_paths([path])
    assert result.status == "failed" and "injected" in result.message
    assert store.export("application/n-quads") == snapshot


def test_bad_inputs_are_reported_per_file_and_the_rest_goes_on(store, tmp_path):
    settings = Settings(data_dir=tmp_path / "d", max_upload_mb=0.01)
    files = [
        _write(tmp_path, "corrupt.pdf", b"%PDF-1.4 not really"),
        _write(tmp_path, "legacy.txt", "광주 광산업 육성 계획".encode("cp949")),
        _write(tmp_path, "stats.csv", "region_code,ksic_code,year,value\n24,26121,2020,5\n"),
        _write(tmp_path, "big.txt", "x" * 20_000),
        _write(tmp_path, "empty.md", ""),
        _write(tmp_path, "notes.xyz", "hello"),
    ]
    results = {Path(r.source).name: r for r in Ingestor(store, settings).ingest_paths(files)}
    assert results["legacy.txt"].status == "added"
    assert "not a readable PDF" in results["corrupt.pdf"].message
    assert "measure" in results["stats.csv"].message  # names the missing column
    assert "limit" in results["big.txt"].message
    assert "empty" in results["empty.md"].message
    assert "unknown format" in results["notes.xyz"].message
    assert sum(r.status == "failed" for r in results.values()) == 5
    korean = store.ask(PREFIXES + 'ASK { ?p pkg:text ?t FILTER(CONTAINS(?t, "광산업")) }')
    assert korean, "cp949 text must be decoded, not mangled"


def test_tables_and_user_taxonomy(store, tmp_path, settings):
    industries = _write(
        tmp_path,
        "sectors.csv",
        "code,label,description,parent,alt_labels\nE,Energy,,,\n"
        "E1,Solar power,Photovoltaic generation,E,PV|태양광\n",
    )
    policies = _write(
        tmp_path,
        "policies.csv",
        "id,title,description,objectives\n"
        "p1,Solar push,Subsidies for rooftop PV panels,More solar power\n",
    )
    ingestor = Ingestor(store, settings)
    assert (
        ingestor.ingest_paths([industries], as_kind="industries", scheme="mine")[0].status
        == "added"
    )
    assert ingestor.ingest_paths([policies], as_kind="policies")[0].status == "added"
    rows = store.select(
        PREFIXES
        + """SELECT ?c WHERE { ?c skos:inScheme/skos:notation "mine" ; skos:broader ?b .
             ?b skos:notation "E" }"""
    )
    assert len(rows) == 1
    linked = store.ask(
        PREFIXES + 'ASK { ?d dcterms:identifier "p1" ; pkg:mentions ?c . ?c skos:notation "E1" }'
    )
    assert linked, "a new taxonomy term is recognised in text with no code change"


def test_whole_ingested_graph_passes_shacl(store, tmp_path, settings):
    path = _write(tmp_path, "ko.md", KOREAN_DOC)
    Ingestor(store, settings).ingest_paths([path, CORPUS / "regions" / "regional_stats.csv"])
    merged = Graph()
    merged.parse(data=store.export("application/n-triples").decode(), format="nt")
    report = validate_graph(merged)
    assert report.conforms, report.text[:2000]
    sources = {s.path for s in list_sources(store)}
    assert any(p and p.endswith("regional_stats.csv") for p in sources)

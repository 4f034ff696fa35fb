"""Every endpoint through the ASGI test client, on the demo corpus."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from kg.match import store_signature
from search_api.app import create_app

OPT = "https://w3id.org/policykg/id/scheme/strategic/OPT"
GWANGJU = "https://w3id.org/policykg/id/scheme/regions/24"


@pytest.fixture(scope="module")
def client(demo_kg):
    demo_kg.settings.api_key = "secret"
    return TestClient(create_app(demo_kg.settings, demo_kg))


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_health_ready_and_docs(client):
    assert client.get("/health").json()["status"] == "ok"
    ready = client.get("/ready").json()
    assert ready["ready"] and ready["graphs"] > 100
    schema = client.get("/openapi.json").json()
    for path in (
        "/search",
        "/ask",
        "/matches",
        "/convergence",
        "/joint-business",
        "/programmes",
        "/graph/neighborhood",
        "/graph/path",
        "/sparql",
        "/documents",
    ):
        assert path in schema["paths"], path


def test_warm_up_loads_what_the_first_request_needs(demo_kg):
    demo_kg.warm_up(("strategic", "no-such-scheme"))
    signature = store_signature(demo_kg.store)
    assert ("strategic", signature) in demo_kg.matcher._features
    assert demo_kg.readiness()["detail"] == "ok"


def test_search_korean_query_finds_english_passages(client):
    body = client.get("/search", params={"q": "수소연료전지 자동차", "k": 10}).json()
    assert body["results"]
    languages = {r["language"] for r in body["results"]}
    assert "en" in languages, "cross-lingual: a Korean query reaches English passages"
    first = body["results"][0]
    assert (
        first["doc_id"]
        and first["end"] > first["start"]
        and "dense" in str(first["components"])
        or first["components"]
    )


def test_search_filters(client):
    body = client.get("/search", params={"q": "photonics", "lang": "ko", "k": 5}).json()
    assert body["results"] and all(r["language"] == "ko" for r in body["results"])
    body = client.get(
        "/search", params={"q": "strategy", "year_from": 2019, "year_to": 2019}
    ).json()
    years = {r["doc_id"] for r in body["results"]}
    assert years and all("2009" not in d for d in years)


def test_matches_json_pagination_and_csv(client):
    page1 = client.get(
        "/matches", params={"industry": "OPT", "region": "24", "page_size": 3}
    ).json()
    page2 = client.get(
        "/matches", params={"industry": "OPT", "region": "24", "page_size": 3, "page": 2}
    ).json()
    assert page1["total"] >= 6 and len(page1["items"]) == 3
    assert page1["items"][0]["score"] >= page1["items"][-1]["score"] >= page2["items"][0]["score"]
    first = page1["items"][0]
    assert (
        first["evidence"]
        and first["components"]["regional"] > 0
        and first["regional"]["lq_employees"] > 1
    )
    assert {i["policy_id"] for i in page1["items"]} & {
        "photonics-industry-promotion",
        "ko-photonics-convergence",
    }
    csv_response = client.get(
        "/matches", params={"industry": "OPT", "page_size": 5}, headers={"Accept": "text/csv"}
    )
    assert csv_response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.text.lstrip("\ufeff"))))
    assert len(rows) == 5 and rows[0]["industry_code"] == "OPT" and float(rows[0]["score"]) > 0


def test_convergence_joint_programmes_region(client):
    conv = client.get("/convergence", params={"region": "24", "top": 5}).json()["items"]
    assert conv and all(len(c["industries"]) == 2 for c in conv)
    pairs = [{i["code"] for i in c["industries"]} for c in conv]
    assert {"OPT", "AUT"} in pairs
    assert set(conv[0]["components"]) == {"policy_alignment", "regional_strength", "relatedness"}
    joint = client.get("/joint-business", params={"regions": "24,36"}).json()["items"]
    assert joint and joint[0]["regions"] == ["24", "36"] and joint[0]["evidence"]
    prog = client.get("/programmes", params={"industry": "AUT", "region": "24"}).json()["items"]
    assert prog and prog[0]["score"] >= prog[-1]["score"]
    profile = client.get("/regions/24/profile").json()
    assert profile["region"]["label"] == "Gwangju"
    assert profile["industries"][0]["lq_employees"] >= profile["industries"][-1]["lq_employees"]
    problem(client.get("/regions/99/profile"), 404)


def test_entities_graph_and_documents(client):
    entity = client.get(f"/entities/{OPT}").json()
    assert entity["labels"]["ko"] == "광산업" and entity["links"]
    found = client.get("/entities/search", params={"q": "라이다"}).json()["results"]
    assert found[0]["label"] == "LiDAR"
    hood = client.get("/graph/neighborhood", params={"node": OPT, "limit": 50}).json()
    assert 1 < len(hood["nodes"]) <= 50 and hood["edges"]
    only = client.get("/graph/neighborhood", params={"node": OPT, "types": "technology"}).json()
    assert {n["kind"] for n in only["nodes"]} <= {"technology", "strategic_industry"}
    path = client.get("/graph/path", params={"from": OPT, "to": GWANGJU}).json()
    assert path["path"][0] == OPT and path["path"][-1] == GWANGJU
    gexf = client.get("/graph/export", params={"node": OPT, "format": "gexf"})
    assert (
        gexf.headers["content-type"].startswith("application/gexf+xml") and b"<gexf" in gexf.content
    )
    doc = client.get("/documents/ko-photonics-convergence").json()
    assert doc["passages"] and doc["language"] == "ko"
    problem(client.get("/documents/nope"), 404)
    problem(client.get("/graph/neighborhood", params={"node": "not an iri"}), 422)


def test_sparql_protocol_read_only(client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/policykg/ontology#PolicyDocument> }"
    body = client.get("/sparql", params={"query": q}).json()
    assert int(body["results"]["bindings"][0]["n"]["value"]) >= 160
    tsv = client.post("/sparql", data={"query": q}, headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.startswith("?n")
    ttl = client.get(
        "/sparql",
        params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", "format": "turtle"},
    )
    assert ttl.headers["content-type"].startswith("text/turtle")
    problem(client.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}), 400)
    problem(
        client.post(
            "/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}
        ),
        400,
    )
    problem(
        client.get(
            "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}
        ),
        400,
    )
    problem(client.get("/sparql", params={"query": "SELEKT"}), 400)


def test_validation_errors_name_the_field(client):
    body = problem(client.get("/search", params={"q": "x", "k": 1000}), 422)
    assert body["errors"][0]["field"] == "k"
    problem(client.get("/matches", params={"industry": "NOPE"}), 404)
    problem(client.post("/ask", json={"question": ""}), 422)


def test_uploads_need_the_key_and_are_indexed(client):
    text = "광주 광산업과 LED 조명 산업을 키우는 시험용 계획입니다.".encode("cp949")
    problem(client.post("/documents", files={"file": ("plan.txt", text)}), 401)
    problem(
        client.post(
            "/documents", files={"file": ("plan.txt", text)}, headers={"X-API-Key": "nope"}
        ),
        401,
    )
    ok = client.post(
        "/documents", files={"file": ("plan.txt", text)}, headers={"X-API-Key": "secret"}
    )
    assert ok.status_code == 201 and ok.json()["status"] in ("added", "unchanged")
    query = "광산업과 LED 조명 산업을 키우는 시험용 계획"
    hits = client.get("/search", params={"q": query, "k": 5, "method": "lexical"}).json()["results"]
    assert any(h["doc_id"] == "plan" for h in hits)
    bad = client.post(
        "/documents", files={"file": ("x.pdf", b"%PDF-1.4 junk")}, headers={"X-API-Key": "secret"}
    )
    assert "PDF" in problem(bad, 422)["detail"]
    gone = client.delete("/documents/plan", headers={"X-API-Key": "secret"})
    assert gone.status_code == 200 and gone.json()["removed"]
    problem(client.delete("/documents/plan", headers={"X-API-Key": "secret"}), 404)


def test_oversized_upload_is_refused(client, demo_kg):
    limit = demo_kg.settings.max_upload_bytes
    big = b"a" * (limit + 70_000)
    problem(
        client.post(
            "/documents", files={"file": ("big.txt", big)}, headers={"X-API-Key": "secret"}
        ),
        413,
    )

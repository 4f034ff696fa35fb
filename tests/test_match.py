"""Matching: explained scores, write-back with PROV, and the tabular CLI contract."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from kg.match import sigmoid, write_matches
from kg.match_model import load_model
from policykg_cli.main import app

PREFIXES = (
    "PREFIX pkg: <https://w3id.org/policykg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
)


def test_components_add_up_to_the_score(demo_kg):
    [r] = demo_kg.matcher.match("strategic", policy="photonics-industry-promotion", top=1)
    assert r.industry_code == "OPT"
    assert math.isclose(float(sigmoid(np.array(sum(r.components.values())))), r.score, rel_tol=1e-4)
    assert r.evidence and r.evidence[0].doc_id == "photonics-industry-promotion"
    assert r.paths and r.paths[0][0].node == r.policy and r.paths[0][-1].node == r.industry


def test_region_adds_a_reported_advantage(demo_kg):
    plain = demo_kg.matcher.match("strategic", industry="OPT", top=1)[0]
    regional = demo_kg.matcher.match("strategic", industry="OPT", region="24", top=1)[0]
    assert "regional" not in plain.components
    assert regional.components["regional"] > 0 and regional.regional["lq_employees"] > 1
    assert regional.score > plain.score


def test_korean_policy_ranks_high_for_its_industry(demo_kg):
    ranked = [
        r.policy_id
        for r in demo_kg.matcher.match("strategic", industry="OPT", top=5, explain=False)
    ]
    assert "ko-photonics-convergence" in ranked


def test_all_pairs_are_written_back_with_provenance_and_pass_shacl(demo_kg):
    results = demo_kg.matcher.match_all("strategic", top=2)
    assert len(results) == 2 * len(demo_kg.matcher.features("strategic").docs)
    n = write_matches(demo_kg.store, "strategic", results)
    assert n > len(results) * 8
    rows = demo_kg.store.select(
        PREFIXES
        + """SELECT ?m ?score ?act WHERE { ?m a pkg:Match ; pkg:score ?score ; pkg:rank 1 ;
             prov:wasGeneratedBy ?act } LIMIT 5"""
    )
    assert rows and all(0 < r["score"] <= 1 for r in rows)


def test_model_weights_file_records_cross_validation():
    model = load_model()
    cv = model.info["cross_validation"]
    assert cv["ndcg@5"] > model.info["baseline_label_cosine"]["ndcg@5"]
    assert set(model.weights) >= {"dense_doc", "lexical", "entity"}
    assert "supervised" not in model.weights  # the generic model knows no particular industry
    [head] = model.heads
    assert head.model.info["cross_validation"]["ndcg@5"] > cv["ndcg@5"]
    assert head.head.coef.shape == (len(head.head.labels), 384)


def test_head_is_recognised_by_its_labels_only():
    head = load_model().heads[0].head
    labels = list(head.labels)
    shuffled = [label.upper().replace(" / ", "/") for label in reversed(labels)]
    rows = head.alignment(shuffled)
    assert rows is not None and [labels[r] for r in rows] == labels[::-1]
    assert head.alignment(labels[:-1]) is None
    assert head.alignment([*labels[:-1], "Semiconductors"]) is None


def test_generic_scheme_gets_no_supervised_component(demo_kg):
    fs = demo_kg.matcher.features("strategic")
    assert fs.head is None and not fs.feature("supervised").any()
    [r] = demo_kg.matcher.match("strategic", industry="OPT", top=1)
    assert "supervised" not in r.components and "text_dense" in r.components


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_tabular_contract_on_a_fresh_data_dir(runner, tmp_path):
    industries = tmp_path / "industries.csv"
    industries.write_text(
        "code,label\nS1,Energy\nS2,Health and healthcare\nS3,Automotive and road transportation\n",
        encoding="utf-8",
    )
    policies = tmp_path / "policies.csv"
    policies.write_text(
        "id,title,description,objectives\n"
        "p1,Hospital digitalisation,Support for hospitals and clinical data,Better patient care\n"
        "p2,Solar and wind expansion,Feed-in support for solar photovoltaic and wind farms,"
        "Cut carbon emissions of power generation\n",
        encoding="utf-8",
    )
    data = ["--data-dir", str(tmp_path / "data")]
    result = runner.invoke(
        app, [*data, "ingest", str(industries), "--as", "industries", "--scheme", "sec"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*data, "ingest", str(policies), "--as", "policies"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, [*data, "match", "--all", "--scheme", "sec", "--top", "3", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == 6
    assert set(lines[0]) == {"policy_id", "industry_code", "score", "rank", "components"}
    best = {x["policy_id"]: x["industry_code"] for x in lines if x["rank"] == 1}
    assert best == {"p1": "S2", "p2": "S1"}


def test_labelled_sectors_get_the_supervised_head(runner, tmp_path):
    labels = load_model().heads[0].head.labels
    industries = tmp_path / "sectors.csv"
    industries.write_text(
        "code,label\n" + "".join(f"X{i},{label}\n" for i, label in enumerate(labels)),
        encoding="utf-8",
    )
    policies = tmp_path / "policies.csv"
    policies.write_text(
        "id,title,text\n"
        "h,Clinical trials network,Grants for hospitals running clinical trials of new therapies\n"
        "s,Space programme,Satellite launchers and earth observation missions\n",
        encoding="utf-8",
    )
    data = ["--data-dir", str(tmp_path / "data")]
    for args in (
        [str(industries), "--as", "industries", "--scheme", "any-name"],
        [str(policies), "--as", "policies"],
    ):
        result = runner.invoke(app, [*data, "ingest", *args])
        assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, [*data, "match", "--all", "--scheme", "any-name", "--top", "1", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert all("supervised" in x["components"] for x in lines)
    code = {f"X{i}": label for i, label in enumerate(labels)}
    best = {x["policy_id"]: code[x["industry_code"]] for x in lines}
    assert best == {"h": "Health and healthcare", "s": "Aerospace"}


def test_match_needs_exactly_one_selector(runner, tmp_path):
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "match", "--policy", "a", "--all"])
    assert result.exit_code == 1
    assert "exactly one" in result.output

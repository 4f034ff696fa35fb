"""CLI smoke tests on a temporary data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg_cli.main import app

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> list[str]:
    path = tmp_path_factory.mktemp("cli")
    args = ["--data-dir", str(path)]
    result = CliRunner().invoke(app, [*args, "init"])
    assert result.exit_code == 0, result.output
    doc = CORPUS / "policies" / "written" / "photonics-industry-promotion.md"
    result = CliRunner().invoke(app, [*args, "ingest", str(doc), str(CORPUS / "technologies.csv")])
    assert result.exit_code == 0, result.output
    return args


def test_stats_shows_taxonomies(data_dir):
    result = CliRunner().invoke(app, [*data_dir, "stats"])
    assert result.exit_code == 0
    assert "2038" in result.output and "ksic" in result.output and "strategic" in result.output


def test_sparql_formats(data_dir):
    q = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX pkg: "
        "<https://w3id.org/policykg/ontology#> SELECT ?code ?en ?ko WHERE { "
        "?s a pkg:StrategicIndustry ; "
        "skos:notation ?code ; skos:narrowMatch ?k . ?k skos:prefLabel ?en , ?ko "
        'FILTER(lang(?en) = "en" && lang(?ko) = "ko") }'
    )
    as_json = CliRunner().invoke(app, [*data_dir, "sparql", q, "--format", "json"])
    assert as_json.exit_code == 0
    bindings = json.loads(as_json.stdout)["results"]["bindings"]
    assert {b["code"]["value"] for b in bindings} == {"OPT", "IAP", "AUT", "DES", "REN", "AI"}
    as_csv = CliRunner().invoke(app, [*data_dir, "sparql", q, "--format", "csv"])
    assert as_csv.stdout.splitlines()[0].strip() == "code,en,ko"


def test_user_errors_are_one_line_without_traceback(data_dir):
    result = CliRunner().invoke(app, [*data_dir, "sparql", "SELEKT ?x"])
    assert result.exit_code == 1
    assert "error:" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, [*data_dir, "sparql", "DELETE WHERE { ?s ?p ?o }"])
    assert result.exit_code == 1 and "not allowed" in result.output


def test_sources_remove_and_export(data_dir, tmp_path):
    sources = CliRunner().invoke(app, [*data_dir, "sources"])
    assert "photonics-industry-promotion.md" in sources.output
    out = tmp_path / "all.nq"
    result = CliRunner().invoke(app, [*data_dir, "export", "--format", "nquads", "-o", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 100_000
    missing = CliRunner().invoke(app, [*data_dir, "remove", "no-such-source"])
    assert missing.exit_code == 1


def test_ingest_batch_exits_nonzero_when_a_file_fails(data_dir, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    good = tmp_path / "ok.txt"
    good.write_text("LED lighting support for Gwangju.", encoding="utf-8")
    result = CliRunner().invoke(app, [*data_dir, "ingest", str(bad), str(good)])
    assert result.exit_code == 1
    assert "failed" in result.output and "added" in result.output

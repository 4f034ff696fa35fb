"""The demo corpus: counts, front-matter schema, and every file accounted for in SOURCES.md."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import frontmatter
import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ALLOWED_TYPES = {"strategy", "plan", "policy", "programme", "law", "initiative"}
REQUIRED = {"id", "title", "issuer", "type", "language", "source"}


def _docs(folder: str) -> list[frontmatter.Post]:
    return [frontmatter.load(p) for p in sorted((CORPUS / "policies" / folder).glob("*.md"))]


def test_policy_counts_and_languages():
    stip, written = _docs("stip"), _docs("written")
    assert len(stip) == 125
    assert len(written) >= 30
    assert sum(d["language"] == "ko" for d in written) >= 10


@pytest.mark.parametrize("folder", ["stip", "written"])
def test_front_matter_schema(folder):
    ids = set()
    for doc in _docs(folder):
        missing = REQUIRED - set(doc.metadata)
        assert not missing, (doc.get("id"), missing)
        assert doc["type"] in ALLOWED_TYPES and doc["language"] in ("ko", "en")
        assert re.fullmatch(r"\d{4}(-\d\d){0,2}", str(doc.get("date", "2000")))
        # Industries are found by extraction, never pre-labelled.
        assert not {"industries", "sectors", "growth_engines"} & set(doc.metadata)
        assert doc["id"] not in ids
        ids.add(doc["id"])
        assert len(doc.content) > 200


def test_tables_have_enough_rows():
    def rows(name: str) -> list[dict[str, str]]:
        with (CORPUS / name).open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    assert len(rows("organisations.csv")) >= 40
    assert len(rows("technologies.csv")) >= 80
    stats = rows("regions/regional_stats.csv")
    assert {r["region_code"] for r in stats} == {"00", "24", "35", "36"}
    assert len({r["year"] for r in stats}) >= 2 and {r["source"] for r in stats} == {"illustrative"}


def test_sources_md_accounts_for_every_file():
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for path in CORPUS.iterdir():
        if path.name in ("SOURCES.md", ".policykgignore"):
            continue
        assert path.name in sources, path.name
    for name in ("stip", "written", "regional_stats.csv", "ksic11.csv"):
        assert name in sources

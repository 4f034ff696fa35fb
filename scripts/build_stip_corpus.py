"""Turn OECD STIP Compass 2021 Korean initiatives into one Markdown policy document each.

The CSV's text is the survey's own (public, attributed in corpus/SOURCES.md); we only restructure
it. Sector labels are not written: extraction and matching must find industries themselves.
Run: python scripts/build_stip_corpus.py [SRC_CSV] [OUT_DIR]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "stip" / "stip2021_korea_unlabelled.csv"
DEFAULT_OUT = ROOT / "corpus" / "policies" / "stip"


def _clean(text: str) -> str:
    # The export doubles quotes and uses '¬' between co-responsible organisations.
    text = text.replace('""', '"').replace("¬", "; ")
    return re.sub(r"\s+", " ", text).strip()


def initiative_to_markdown(row: dict[str, str]) -> tuple[str, str]:
    """Return (document id, Markdown text) for one STIP initiative row."""
    number = row["initiative_id"].rstrip("/").rsplit("/", 1)[-1]
    doc_id = f"stip-{number}"
    meta: dict[str, object] = {
        "id": doc_id,
        "title": _clean(row["name_en"]),
        "issuer": _clean(row["responsible_org"]),
        "type": "initiative",
        "language": "en",
        "source": f"OECD STIP Compass 2021, {row['initiative_id']}",
    }
    if row.get("name_original"):
        meta["title_ko"] = _clean(row["name_original"])
    if row.get("start_year"):
        meta["date"] = str(int(float(row["start_year"])))
    body = [f"# {meta['title']}", ""]
    for heading, column in (
        ("Description", "description"),
        ("Objectives", "objectives"),
        ("Background", "background"),
    ):
        if row.get(column, "").strip():
            body += [f"## {heading}", "", _clean(row[column]), ""]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).strip()
    return doc_id, f"---\n{front}\n---\n\n" + "\n".join(body).rstrip() + "\n"


def main(src: Path = DEFAULT_SRC, out: Path = DEFAULT_OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with src.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        doc_id, text = initiative_to_markdown(row)
        (out / f"{doc_id}.md").write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} documents to {out}")
    return 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:3]]
    raise SystemExit(main(*args))

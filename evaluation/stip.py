"""The labelled OECD STIP Compass set as a matching benchmark.

Builds a store the way an outside user would: the 18 sectors as an `industries` table and
the initiatives as a `policies` table (`id,title,description,objectives,background`), both
through the ingest pipeline.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ingest.pipeline import Ingestor
from kg.bootstrap import initialise
from kg.errors import InputError
from kg.settings import REPO_ROOT, Settings
from kg.store.base import Store
from kg.store.oxigraph import OxigraphStore

SHARED = REPO_ROOT.parent / "shared" / "data" / "stip"
DEV_CSV = SHARED / "stip2021_dev.csv"
SECTORS_CSV = SHARED / "sectors.csv"
SCHEME = "stip-sectors"


@dataclass
class StipBenchmark:
    store: Store
    scheme: str
    gold: dict[str, dict[str, float]]  # policy id → {sector code: 1}


def _csv_bytes(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode()


def policy_id(initiative_url: str) -> str:
    return "stip-" + initiative_url.rstrip("/").rsplit("/", 1)[-1]


def build(
    settings: Settings, dev_csv: Path = DEV_CSV, sectors_csv: Path = SECTORS_CSV
) -> StipBenchmark:
    if not dev_csv.is_file() or not sectors_csv.is_file():
        raise InputError(f"STIP data not found at {dev_csv.parent} (shared/data/stip).")
    with sectors_csv.open(encoding="utf-8") as handle:
        sectors = list(csv.DictReader(handle))
    code_of = {s["label"]: s["code"] for s in sectors}
    with dev_csv.open(encoding="utf-8") as handle:
        initiatives = list(csv.DictReader(handle))
    rows, gold = [], {}
    for r in initiatives:
        pid = policy_id(r["initiative_id"])
        rows.append({**r, "id": pid, "title": r["name_en"]})
        gold[pid] = {code_of[s]: 1.0 for s in r["sectors"].split("|") if s in code_of}
    store = OxigraphStore(None)
    initialise(store)
    ingestor = Ingestor(store, settings)
    for data, name, kind, scheme in (
        (_csv_bytes(sectors, ["code", "label"]), "sectors.csv", "industries", SCHEME),
        (
            _csv_bytes(rows, ["id", "title", "description", "objectives", "background"]),
            "policies.csv",
            "policies",
            None,
        ),
    ):
        result = ingestor.ingest_bytes(data, name, as_kind=kind, scheme=scheme)
        if result.status == "failed":
            raise InputError(f"STIP benchmark: {name} failed to load: {result.message}")
    return StipBenchmark(store, SCHEME, {k: v for k, v in gold.items() if v})

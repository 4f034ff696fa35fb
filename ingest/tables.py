"""Tabular inputs (CSV, XLSX) with documented schemas, recognised by header or by `--as`.

| kind           | required columns                          | optional columns                    |
|----------------|-------------------------------------------|-------------------------------------|
| policies       | id, title, and text or description/...    | objectives, background, issuer,     |
|                |                                           | date, type, language, source        |
| industries     | code, label                               | description, parent, alt_labels     |
| statistics     | region_code, ksic_code, year, measure,    | unit, source                        |
|                | value                                     |                                     |
| organisations  | id, type, and name_en or name_ko          | region, ksic_codes, technologies,   |
|                |                                           | description_en                      |
| technologies   | id, and label_en or label_ko              | alt_labels, ksic_codes, industries, |
|                |                                           | description_en                      |
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Literal

from kg.errors import InputError

TableKind = Literal["policies", "industries", "statistics", "organisations", "technologies"]
TABLE_KINDS: tuple[str, ...] = (
    "policies",
    "industries",
    "statistics",
    "organisations",
    "technologies",
)
TABLE_EXTENSIONS = frozenset({".csv", ".tsv", ".xlsx"})

REQUIRED: dict[str, list[str | tuple[str, ...]]] = {
    "policies": ["id", "title", ("text", "description", "objectives", "background")],
    "industries": ["code", "label"],
    "statistics": ["region_code", "ksic_code", "year", "measure", "value"],
    "organisations": ["id", "type", ("name_en", "name_ko")],
    "technologies": ["id", ("label_en", "label_ko")],
}


@dataclass
class Table:
    kind: str
    rows: list[dict[str, str]]
    columns: list[str]


def _read_csv(data: bytes, name: str) -> tuple[list[str], list[dict[str, str]]]:
    from ingest.readers.text import decode_text

    text, _ = decode_text(data, name)
    delimiter = "\t" if name.lower().endswith(".tsv") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames:
        raise InputError(f"{name}: no header row.")
    columns = [c.strip().lower() for c in reader.fieldnames]
    rows = [
        {columns[i]: (v or "").strip() for i, v in enumerate(row.values()) if i < len(columns)}
        for row in reader
    ]
    return columns, rows


def _read_xlsx(data: bytes, name: str) -> tuple[list[str], list[dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError(f"{name} is not a readable XLSX workbook: {exc}") from exc
    values = list(sheet.iter_rows(values_only=True))
    if not values:
        raise InputError(f"{name}: the first sheet is empty.")
    columns = [str(c or "").strip().lower() for c in values[0]]
    rows = [
        {
            columns[i]: "" if v is None else str(v).strip()
            for i, v in enumerate(r)
            if i < len(columns)
        }
        for r in values[1:]
        if any(v is not None for v in r)
    ]
    return columns, rows


def detect_kind(columns: list[str]) -> str | None:
    for kind in TABLE_KINDS:
        if not _missing(kind, columns):
            return kind
    return None


def _closest_kind(columns: list[str]) -> str | None:
    """The kind whose required columns are most nearly present (at least half of them)."""
    best, best_missing = None, None
    for kind in TABLE_KINDS:
        missing = len(_missing(kind, columns))
        if missing * 2 <= len(REQUIRED[kind]) and (best_missing is None or missing < best_missing):
            best, best_missing = kind, missing
    return best


def _missing(kind: str, columns: list[str]) -> list[str]:
    present = set(columns)
    missing = []
    for req in REQUIRED[kind]:
        if isinstance(req, tuple):
            if not present.intersection(req):
                missing.append(" or ".join(req))
        elif req not in present:
            missing.append(req)
    return missing


def read_table(data: bytes, name: str, kind: str | None = None) -> Table:
    """Parse and check columns; the error names each missing column."""
    reader = _read_xlsx if name.lower().endswith(".xlsx") else _read_csv
    columns, rows = reader(data, name)
    if kind is None:
        kind = detect_kind(columns)
        if kind is None:
            closest = _closest_kind(columns)
            if closest is not None:
                raise InputError(
                    f"{name}: looks like a {closest} table but is missing column(s): "
                    f"{', '.join(_missing(closest, columns))}."
                )
            raise InputError(
                f"{name}: cannot tell what this table is from its columns ({', '.join(columns)}). "
                f"Use --as {{{','.join(TABLE_KINDS)}}}; schemas are in the README."
            )
    elif kind not in REQUIRED:
        raise InputError(f"Unknown table kind '{kind}'; use one of {', '.join(TABLE_KINDS)}.")
    missing = _missing(kind, columns)
    if missing:
        raise InputError(f"{name}: missing column(s) for a {kind} table: {', '.join(missing)}.")
    if not rows:
        raise InputError(f"{name}: the table has a header but no rows.")
    return Table(kind, rows, columns)

"""Generate illustrative regional industry statistics for Gwangju and its neighbours.

Official Statistics Korea extracts (Census on Establishments) cannot be fetched here, so this
script writes PLAUSIBLE, seeded stand-in values in the layout the real extracts will use:

    region_code,ksic_code,year,measure,value,unit,source

Every row has source=illustrative. Regions: 00 nation, 24 Gwangju, 35 Jeollabuk-do,
36 Jeollanam-do. Codes: all 77 KSIC divisions plus each strategic-industry code from
ontologies/data/strategic_industries.csv with its descendants and the groups/classes on its path.

Method (bottom-up, so every hierarchy constraint holds by construction):
1. National 2015 values are set per division from rounded census-like magnitudes. A few
   well-known subclasses are pinned to rough sizes (car assembly, LED, KEPCO, solar); the rest
   of each division is split over its other KSIC subclasses with random (Dirichlet-like) weights.
2. 2010 and 2020 values apply per-industry growth factors (software and renewables fast,
   shipbuilding and textiles shrinking), then each year is rescaled to census-like totals.
3. A region's share of each national subclass = target overall share x a specialisation
   factor (longest matching KSIC prefix, e.g. Gwangju LED 26121, Jeollanam-do steel 2411)
   x persistent noise x a regional trend (e.g. Gunsan plant closures), capped at 30 %.
4. Values are integers (regions floored from the national integer), then summed up the tree.
   Subclasses therefore sum exactly to their class when all are listed, regions never exceed
   the nation, and reruns are identical (random.Random(20240701), fixed iteration order).

Run: python scripts/generate_regional_stats.py [--check]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
KSIC_CSV = ROOT / "ontologies" / "data" / "ksic11.csv"
STRATEGIC_CSV = ROOT / "ontologies" / "data" / "strategic_industries.csv"
OUT_CSV = ROOT / "corpus" / "regions" / "regional_stats.csv"

SEED = 20240701
YEARS = (2010, 2015, 2020)
BASE_YEAR = 2015
MEASURES = {"establishments": "count", "employees": "persons"}
COLUMNS = ["region_code", "ksic_code", "year", "measure", "value", "unit", "source"]
NATION = "00"
REGIONS = ("24", "35", "36")
SHARE_CAP = 0.30  # keeps any region, and all three together, below the nation

# Census-like national totals (establishments, employees), rounded.
NATIONAL_TOTALS = {
    2010: (3_355_000, 17_647_000),
    2015: (3_874_000, 20_889_000),
    2020: (4_180_000, 22_900_000),
}

# Target overall shares of the nation (establishments, employees).
REGION_SHARES = {"24": (0.029, 0.028), "35": (0.038, 0.035), "36": (0.041, 0.037)}

# Relative 2015 size by division in thousands (establishments, employees); rescaled later.
DIVISION_BASE: dict[str, tuple[float, float]] = {
    "01": (3.5, 40), "02": (1.0, 9), "03": (1.5, 12), "05": (0.05, 3), "06": (0.03, 0.5),
    "07": (1.9, 13), "08": (0.05, 0.5), "10": (55, 330), "11": (3, 30), "12": (0.02, 2.5),
    "13": (24, 150), "14": (38, 170), "15": (7, 40), "16": (7, 35), "17": (6.5, 65),
    "18": (21, 80), "19": (0.3, 13), "20": (7, 140), "21": (1, 65), "22": (19, 240),
    "23": (13, 110), "24": (8, 160), "25": (66, 430), "26": (12, 480), "27": (8, 120),
    "28": (16, 210), "29": (40, 420), "30": (8, 360), "31": (4, 170), "32": (12, 60),
    "33": (13, 55), "34": (5, 30), "35": (2.2, 62), "36": (0.5, 10), "37": (0.8, 8),
    "38": (9, 75), "39": (0.2, 2), "41": (15, 450), "42": (110, 950), "45": (40, 170),
    "46": (280, 1250), "47": (600, 1550), "49": (380, 750), "50": (1.5, 28), "51": (0.1, 35),
    "52": (25, 170), "55": (55, 170), "56": (650, 1900), "58": (14, 170), "59": (12, 55),
    "60": (0.5, 35), "61": (3, 45), "62": (12, 230), "63": (3, 55), "64": (25, 400),
    "65": (5, 170), "66": (27, 170), "68": (140, 480), "70": (4, 120), "71": (55, 360),
    "72": (28, 260), "73": (20, 90), "74": (15, 450), "75": (35, 900), "76": (15, 60),
    "84": (12, 700), "85": (190, 1650), "86": (85, 1250), "87": (100, 600), "90": (15, 50),
    "91": (95, 330), "94": (105, 330), "95": (45, 90), "96": (220, 420), "97": (0.1, 0.2),
    "98": (0.01, 0.01), "99": (0.05, 2),
}  # fmt: skip

# Pinned 2015 national sizes in thousands (establishments, employees) for well-known subclasses
# whose size a random split would get badly wrong (e.g. car assembly, LED, KEPCO).
ANCHORS: dict[str, tuple[float, float]] = {
    "19210": (0.05, 10), "20111": (0.1, 18), "20121": (0.05, 1.5), "26121": (0.35, 16),
    "28113": (0.1, 3), "28202": (0.05, 6), "29172": (0.3, 9), "30121": (0.05, 95),
    "30122": (0.005, 1.5), "30123": (0.06, 22), "30124": (0.005, 0.3), "31111": (0.4, 95),
    "35111": (0.03, 12), "35113": (0.15, 10), "35114": (1.2, 4), "35120": (0.3, 22),
    "63992": (0.02, 0.3),
}  # fmt: skip
# Within-division weight multipliers (establishments, employees) for the unpinned subclasses.
SIZE_BOOST: dict[str, tuple[float, float]] = {
    "2611": (0.5, 4.0), "2851": (1.0, 2.0), "24111": (0.1, 1.5), "24112": (0.5, 3.0),
    "303": (1.5, 1.5), "31114": (2.0, 2.0), "62010": (3.0, 3.0), "62021": (1.5, 2.0),
}  # fmt: skip

# National growth (2010->2015, 2015->2020) by KSIC prefix; the default is the census average.
GROWTH_DEFAULT = (1.17, 1.10)
GROWTH: dict[str, tuple[float, float]] = {
    "01": (1.25, 1.15), "03": (1.0, 0.95), "05": (0.9, 0.85), "06": (0.9, 0.85),
    "07": (0.9, 0.85), "08": (0.9, 0.85), "10": (1.15, 1.08), "13": (0.95, 0.82),
    "14": (1.0, 0.85), "15": (0.95, 0.85), "19": (1.0, 1.0), "20": (1.08, 1.03),
    "20121": (1.1, 1.6), "24": (1.02, 0.92), "26": (1.05, 0.97), "26121": (1.35, 0.78),
    "2651": (0.9, 0.85), "2730": (1.1, 1.05), "28113": (2.0, 1.9), "28202": (1.8, 2.2),
    "28410": (0.8, 0.7), "2842": (1.25, 0.95), "2851": (1.0, 0.97), "30": (1.12, 0.98),
    "30121": (1.05, 0.9), "30122": (4.0, 3.5), "30124": (2.0, 3.0), "3033": (1.15, 1.08),
    "30332": (1.3, 1.25), "31": (0.95, 0.62), "35": (1.15, 1.2), "35111": (1.05, 1.0),
    "35113": (1.05, 0.95), "35114": (2.2, 2.6), "35115": (1.6, 1.8), "35119": (1.3, 1.5),
    "41": (1.0, 1.05), "42": (1.1, 1.08), "47": (1.08, 1.05), "56": (1.12, 1.06),
    "58": (1.1, 1.12), "5822": (1.2, 1.35), "58221": (1.2, 1.4), "62": (1.25, 1.35),
    "62010": (1.3, 1.45), "63": (1.25, 1.4), "63991": (1.3, 1.5), "63992": (1.5, 4.0),
    "64": (1.0, 0.98), "70": (1.2, 1.15), "7320": (1.15, 1.2), "84": (1.05, 1.08),
    "85": (1.05, 1.02), "86": (1.25, 1.22), "87": (1.4, 1.3),
}  # fmt: skip
# Extra establishment growth where many small units appeared (solar plants).
EST_GROWTH: dict[str, tuple[float, float]] = {"35114": (2.5, 2.0)}

# Regional specialisation factors (roughly the intended employee LQ) by KSIC prefix.
SPECIALISATION: dict[str, dict[str, float]] = {
    "24": {  # Gwangju: photonics/LED, appliances (Samsung), Kia plant, tyres, design
        "01": 0.25, "02": 0.2, "03": 0.05, "05": 0.1, "06": 0.1, "07": 0.2, "08": 0.2,
        "10": 0.7, "19": 0.05, "20": 0.45, "24": 0.35, "31": 0.08, "35": 0.6, "50": 0.1,
        "2211": 4.0, "23121": 2.0, "26121": 5.0, "2651": 1.3, "2652": 1.5, "2730": 3.0,
        "27301": 3.5, "28202": 1.2, "28301": 2.5, "2841": 2.5, "2842": 4.0, "2851": 5.0,
        "29172": 4.0, "3012": 2.5, "30122": 1.5, "303": 2.0, "3033": 2.5, "58": 0.6,
        "62": 0.55, "63": 0.6, "64": 0.9, "70": 0.8, "72": 0.9, "7320": 2.0, "85": 1.2,
        "86": 1.3,
    },
    "35": {  # Jeollabuk-do: trucks/buses, food, carbon fibre and polysilicon, farming
        "01": 2.6, "02": 1.6, "03": 1.3, "10": 1.6, "19": 0.2, "20": 1.4, "2050": 3.5,
        "20129": 3.0, "24": 0.75, "26121": 0.4, "2851": 0.3, "30": 1.6, "3012": 2.5,
        "30123": 8.0, "30124": 4.0, "31": 1.0, "35114": 2.5, "35115": 1.2, "58": 0.45,
        "62": 0.35, "63": 0.4, "70": 1.1,
    },
    "36": {  # Jeollanam-do: Yeosu petrochemicals, Gwangyang steel, shipyards, energy, fishing
        "01": 2.8, "02": 2.2, "03": 6.0, "10": 1.2, "102": 3.5, "19": 4.0, "20": 2.0,
        "2011": 5.0, "20111": 6.0, "24": 2.8, "2411": 4.0, "26121": 0.3, "2851": 0.2,
        "30": 0.25, "3012": 0.1, "31": 3.0, "3111": 4.5, "35": 1.8, "35114": 3.5,
        "35115": 3.0, "35120": 3.0, "50": 2.0, "58": 0.3, "62": 0.2, "63": 0.3, "7320": 0.5,
    },
}  # fmt: skip

# Regional trend factors (2010, 2020) relative to 2015, for known local events.
REGIONAL_TRENDS: dict[str, dict[str, tuple[float, float]]] = {
    "24": {  # national AI cluster from 2019
        "5822": (0.9, 1.3), "62": (0.9, 1.3), "63": (0.9, 1.35), "7320": (0.95, 1.1),
    },
    "35": {  # GM Gunsan closed 2018, Hyundai Gunsan shipyard idle from 2017
        "2050": (0.6, 1.2), "3012": (1.1, 0.55), "30121": (1.15, 0.35), "31": (1.3, 0.3),
        "35114": (0.8, 1.2),
    },
    "36": {  # KEPCO moved to Naju in 2014
        "3111": (1.05, 0.9), "35114": (0.8, 1.25), "35115": (0.7, 1.4), "35120": (0.3, 1.0),
    },
}  # fmt: skip

Key = tuple[str, str, int, str]  # (region_code, ksic_code, year, measure)
T = TypeVar("T")


def lookup(table: Mapping[str, T], code: str, default: T) -> T:
    """Return the entry for the longest prefix of `code` present in `table`."""
    for end in range(len(code), 0, -1):
        if code[:end] in table:
            return table[code[:end]]
    return default


def load_ksic(path: Path = KSIC_CSV) -> dict[str, tuple[str, str]]:
    """Map KSIC code -> (level, parent code), in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: (row["level"], row["parent"]) for row in csv.DictReader(handle)}


def select_codes(ksic: Mapping[str, tuple[str, str]], path: Path = STRATEGIC_CSV) -> list[str]:
    """All divisions plus each strategic code, its descendants and its path up to the division."""
    children: dict[str, list[str]] = defaultdict(list)
    for code, (_, parent) in ksic.items():
        children[parent].append(code)
    chosen = {code for code, (level, _) in ksic.items() if level == "division"}
    with path.open(encoding="utf-8", newline="") as handle:
        listed = [c for row in csv.DictReader(handle) for c in row["ksic_codes"].split("|") if c]
    for code in listed:
        if code not in ksic:
            raise SystemExit(f"strategic code {code} not in KSIC")
        stack = [code]
        while stack:
            node = stack.pop()
            chosen.add(node)
            stack.extend(children.get(node, []))
        node = code
        while ksic[node][0] != "division":
            node = ksic[node][1]
            chosen.add(node)
    # String order of hierarchical codes is a pre-order walk of the tree.
    return sorted(chosen)


def _lognormal(rng: random.Random, sigma: float) -> float:
    # Mean-one multiplicative noise, so noise does not shift the level on average.
    return math.exp(rng.gauss(0.0, sigma) - sigma * sigma / 2)


def national_subclass_values(
    rng: random.Random, ksic: Mapping[str, tuple[str, str]]
) -> dict[tuple[str, int, str], int]:
    """Integer national values per (subclass, year, measure)."""
    by_division: dict[str, list[str]] = defaultdict(list)
    for code, (level, _) in ksic.items():
        if level == "subclass":
            by_division[code[:2]].append(code)

    raw: dict[tuple[str, int, str], float] = {}
    for division in sorted(by_division):
        subclasses = sorted(by_division[division])
        est_w: dict[str, float] = {}
        emp_w: dict[str, float] = {}
        for code in subclasses:
            est_boost, emp_boost = lookup(SIZE_BOOST, code, (1.0, 1.0))
            weight = rng.gammavariate(1.2, 1.0)  # skewed sizes: a few big, many small
            est_w[code] = weight * est_boost
            # Average establishment size varies by activity, so employees get their own factor.
            emp_w[code] = weight * emp_boost * _lognormal(rng, 0.5)
        pinned = {
            code: tuple(1000.0 * v * _lognormal(rng, 0.1) for v in ANCHORS[code])
            for code in subclasses
            if code in ANCHORS
        }
        free = [code for code in subclasses if code not in pinned]
        # Unpinned subclasses share what the pinned ones leave of the division total.
        est_left, emp_left = (
            1000.0 * DIVISION_BASE[division][i] - sum(v[i] for v in pinned.values()) for i in (0, 1)
        )
        if est_left <= 0 or emp_left <= 0:
            raise SystemExit(f"ANCHORS exceed DIVISION_BASE for division {division}")
        est_sum, emp_sum = sum(est_w[c] for c in free), sum(emp_w[c] for c in free)
        for code in subclasses:
            if code in pinned:
                est_base, emp_base = pinned[code]
            else:
                est_base = est_left * est_w[code] / est_sum
                emp_base = emp_left * emp_w[code] / emp_sum
            base = {"establishments": est_base, "employees": emp_base}
            g_early, g_late = lookup(GROWTH, code, GROWTH_DEFAULT)
            x_early, x_late = lookup(EST_GROWTH, code, (1.0, 1.0))
            for measure, value in base.items():
                early, late = (
                    (g_early * x_early, g_late * x_late)
                    if measure == "establishments"
                    else (g_early, g_late)
                )
                raw[(code, BASE_YEAR, measure)] = value
                raw[(code, 2010, measure)] = value / early * _lognormal(rng, 0.06)
                raw[(code, 2020, measure)] = value * late * _lognormal(rng, 0.06)

    # One scalar per year and measure: hits census-like totals, keeps relative growth.
    for year in YEARS:
        for index, measure in enumerate(MEASURES):
            keys = [k for k in raw if k[1] == year and k[2] == measure]
            factor = NATIONAL_TOTALS[year][index] / sum(raw[k] for k in keys)
            for k in keys:
                raw[k] *= factor

    values: dict[tuple[str, int, str], int] = {}
    for code, year, measure in raw:
        if measure != "establishments":
            continue
        est = round(raw[(code, year, "establishments")])
        emp = round(raw[(code, year, "employees")])
        if emp > 0:
            est = max(est, 1)  # employment implies at least one establishment
        values[(code, year, "establishments")] = est
        values[(code, year, "employees")] = max(emp, est) if est else 0
    return values


def regional_subclass_values(
    rng: random.Random, national: Mapping[tuple[str, int, str], int]
) -> dict[Key, int]:
    """Integer regional values per subclass, each floored from the national integer."""
    subclasses = sorted({code for code, _, _ in national})
    values: dict[Key, int] = {}
    for region in REGIONS:
        spec, trends = SPECIALISATION[region], REGIONAL_TRENDS[region]
        division_noise = {code[:2]: 1.0 for code in subclasses}
        for division in sorted(division_noise):
            division_noise[division] = _lognormal(rng, 0.15)
        # Persistent structure: the same subclass noise in every year.
        structure = {code: _lognormal(rng, 0.3) for code in subclasses}
        shares: dict[tuple[str, int, str], float] = {}
        for code in subclasses:
            lq = lookup(spec, code, 1.0) * division_noise[code[:2]] * structure[code]
            f_early, f_late = lookup(trends, code, (1.0, 1.0))
            trend = {2010: f_early, 2015: 1.0, 2020: f_late}
            for year in YEARS:
                wobble = _lognormal(rng, 0.04)
                # Big plants raise employees more than establishment counts: damp that LQ.
                shares[(code, year, "establishments")] = lq**0.6 * trend[year] * wobble
                shares[(code, year, "employees")] = lq * trend[year] * wobble
        for year in YEARS:
            for index, measure in enumerate(MEASURES):
                keys = [(c, year, measure) for c in subclasses]
                implied = sum(national[k] * shares[k] for k in keys)
                target = REGION_SHARES[region][index] * sum(national[k] for k in keys)
                for k in keys:
                    shares[k] = min(shares[k] * target / implied, SHARE_CAP)
        for code in subclasses:
            for year in YEARS:
                est_key, emp_key = (code, year, "establishments"), (code, year, "employees")
                est = math.floor(national[est_key] * shares[est_key])
                emp = math.floor(national[emp_key] * shares[emp_key])
                # No establishment means no employees; otherwise at least one per establishment.
                values[(region, code, year, "establishments")] = est
                values[(region, code, year, "employees")] = max(emp, est) if est else 0
    return values


def build_rows() -> list[dict[str, str]]:
    """Generate all output rows deterministically."""
    rng = random.Random(SEED)
    ksic = load_ksic()
    codes = select_codes(ksic)
    national = national_subclass_values(rng, ksic)
    leaf: dict[Key, int] = {(NATION, c, y, m): v for (c, y, m), v in national.items()}
    leaf.update(regional_subclass_values(rng, national))

    # Sum subclasses up the parent chain so every aggregate equals the sum of its parts.
    totals: dict[Key, int] = defaultdict(int)
    for (region, code, year, measure), value in leaf.items():
        node = code
        while ksic[node][0] != "section":
            totals[(region, node, year, measure)] += value
            node = ksic[node][1]

    rows = []
    for region in (NATION, *REGIONS):
        for code in codes:
            for year in YEARS:
                for measure, unit in MEASURES.items():
                    rows.append(
                        {
                            "region_code": region,
                            "ksic_code": code,
                            "year": str(year),
                            "measure": measure,
                            "value": str(totals[(region, code, year, measure)]),
                            "unit": unit,
                            "source": "illustrative",
                        }
                    )
    return rows


def write_rows(rows: list[dict[str, str]], path: Path = OUT_CSV) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def location_quotient(data: Mapping[Key, int], region: str, code: str, year: int) -> float:
    """Employee LQ: the code's share in the region over its share in the nation."""
    divisions = {c for (_, c, _, _) in data if len(c) == 2}

    def share(reg: str) -> float:
        total = sum(data[(reg, d, year, "employees")] for d in divisions)
        return data[(reg, code, year, "employees")] / total

    return share(region) / share(NATION)


def check(path: Path = OUT_CSV) -> list[str]:
    """Return constraint violations in the written file (empty when all hold)."""
    ksic = load_ksic()
    codes = select_codes(ksic)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        problems = [] if reader.fieldnames == COLUMNS else [f"columns {reader.fieldnames}"]
        rows = list(reader)
    if rows != build_rows():
        problems.append("file differs from a fresh seeded run (not reproducible or edited)")

    data: dict[Key, int] = {}
    for row in rows:
        key = (row["region_code"], row["ksic_code"], int(row["year"]), row["measure"])
        if key in data:
            problems.append(f"duplicate {key}")
        if not row["value"].isdigit():
            problems.append(f"non-integer {key}: {row['value']}")
            continue
        if MEASURES.get(row["measure"]) != row["unit"] or row["source"] != "illustrative":
            problems.append(f"bad unit/source {key}")
        data[key] = int(row["value"])
    expected = {
        (r, c, y, m) for r in (NATION, *REGIONS) for c in codes for y in YEARS for m in MEASURES
    }
    if set(data) != expected:
        problems.append(f"{len(expected ^ set(data))} missing or unexpected keys")
        return problems

    chosen = set(codes)
    for region in (NATION, *REGIONS):
        for year in YEARS:
            for measure in MEASURES:
                # Sum of listed children must not exceed their listed parent.
                child_sums: dict[str, int] = defaultdict(int)
                for code in codes:
                    value = data[(region, code, year, measure)]
                    parent = ksic[code][1]
                    if parent in chosen:
                        child_sums[parent] += value
                        if value > data[(region, parent, year, measure)]:
                            problems.append(f"child > parent {region} {code} {year} {measure}")
                    if value > data[(NATION, code, year, measure)]:
                        problems.append(f"region > nation {region} {code} {year} {measure}")
                for parent, total in child_sums.items():
                    if total > data[(region, parent, year, measure)]:
                        problems.append(f"children sum > {parent} {region} {year} {measure}")
                for code in codes:
                    est = data[(region, code, year, "establishments")]
                    emp = data[(region, code, year, "employees")]
                    if emp < est or (est == 0 and emp > 0):
                        problems.append(f"employees vs establishments {region} {code} {year}")
    for code in codes:
        for year in YEARS:
            for measure in MEASURES:
                regional = sum(data[(r, code, year, measure)] for r in REGIONS)
                if regional > data[(NATION, code, year, measure)]:
                    problems.append(f"regions sum > nation {code} {year} {measure}")

    if location_quotient(data, "24", "26121", 2020) <= 1.5:
        problems.append("Gwangju LQ for LED 26121 (2020) not clearly above 1")
    if location_quotient(data, "24", "24", 2020) >= 1.0:
        problems.append("Gwangju LQ for basic metals 24 (2020) not below 1")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate the written CSV")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems[:50]:
            print(problem, file=sys.stderr)
        print(f"check: {'FAILED, ' + str(len(problems)) + ' problems' if problems else 'ok'}")
        return 1 if problems else 0
    rows = build_rows()
    write_rows(rows)
    print(f"wrote {len(rows)} rows to {OUT_CSV.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

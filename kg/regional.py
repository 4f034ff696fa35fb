"""Regional advantage from qb:Observations: location quotients, growth and shift-share.

Location quotient LQ = (x_rk / x_r) / (x_nk / x_n) with totals over KSIC divisions, on
employees (the classic LQ) and on establishments (a revealed comparative advantage in firm
counts). Shift-share splits a region's change into national growth, industry mix and a
regional (competitive) shift.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.ontology import SPARQL_PREFIXES
from kg.store.base import Store

NATION = "00"


@dataclass(frozen=True)
class RegionalProfile:
    region: str
    industry_codes: tuple[str, ...]
    year: int
    base_year: int | None
    employees: float
    establishments: float
    lq_employees: float | None
    lq_establishments: float | None
    growth: float | None
    national_growth: float | None
    shift_national: float | None
    shift_industry_mix: float | None
    shift_regional: float | None

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class RegionalStatistics:
    """In-memory view of the observations; built once per store version."""

    def __init__(self, values: dict[tuple[str, str, int, str], float]) -> None:
        self.values = values
        self.years = sorted({k[2] for k in values})
        self.regions = sorted({k[0] for k in values})
        self.codes = {k[1] for k in values}
        totals: dict[tuple[str, int, str], float] = defaultdict(float)
        for (region, code, year, measure), value in values.items():
            if len(code) == 2 and code.isdigit():  # divisions partition the economy
                totals[(region, year, measure)] += value
        self.totals = dict(totals)

    @classmethod
    def from_store(cls, store: Store) -> RegionalStatistics:
        rows = store.select(
            SPARQL_PREFIXES
            + """SELECT ?region ?code ?year ?measure ?value WHERE {
              ?o a qb:Observation ; pkg:refArea/skos:notation ?region ;
                 pkg:refIndustry/skos:notation ?code ; pkg:refYear ?year ;
                 pkg:measure ?measure ; pkg:obsValue ?value }"""
        )
        values = {
            (str(r["region"]), str(r["code"]), int(r["year"]), str(r["measure"])): float(r["value"])
            for r in rows
        }
        return cls(values)

    def __bool__(self) -> bool:
        return bool(self.values)

    def _sum(self, region: str, codes: tuple[str, ...], year: int, measure: str) -> float:
        return sum(self.values.get((region, c, year, measure), 0.0) for c in codes)

    def covered(self, codes: list[str]) -> tuple[str, ...]:
        """Codes with data, without any code whose ancestor is also listed (no double count)."""
        present = sorted(c for c in set(codes) if c in self.codes)
        return tuple(c for c in present if not any(c != o and c.startswith(o) for o in present))

    def location_quotient(
        self, region: str, codes: tuple[str, ...], year: int, measure: str
    ) -> float | None:
        x_rk = self._sum(region, codes, year, measure)
        x_nk = self._sum(NATION, codes, year, measure)
        x_r = self.totals.get((region, year, measure), 0.0)
        x_n = self.totals.get((NATION, year, measure), 0.0)
        if not (x_nk and x_r and x_n):
            return None
        return (x_rk / x_r) / (x_nk / x_n)

    def profile(
        self, region: str, codes: list[str], year: int | None = None
    ) -> RegionalProfile | None:
        covered = self.covered(codes)
        if not covered or region not in self.regions:
            return None
        year = year or self.years[-1]
        earlier = [y for y in self.years if y < year]
        base = earlier[-1] if earlier else None
        emp = self._sum(region, covered, year, "employees")
        est = self._sum(region, covered, year, "establishments")
        growth = national = s_nat = s_mix = s_reg = None
        if base is not None:
            e0 = self._sum(region, covered, base, "employees")
            n0 = self._sum(NATION, covered, base, "employees")
            n1 = self._sum(NATION, covered, year, "employees")
            t0 = self.totals.get((NATION, base, "employees"), 0.0)
            t1 = self.totals.get((NATION, year, "employees"), 0.0)
            if e0 and n0 and t0:
                growth = emp / e0 - 1
                g_industry = n1 / n0 - 1
                national = t1 / t0 - 1
                s_nat = e0 * national
                s_mix = e0 * (g_industry - national)
                s_reg = e0 * (growth - g_industry)
        return RegionalProfile(
            region=region,
            industry_codes=covered,
            year=year,
            base_year=base,
            employees=emp,
            establishments=est,
            lq_employees=self.location_quotient(region, covered, year, "employees"),
            lq_establishments=self.location_quotient(region, covered, year, "establishments"),
            growth=growth,
            national_growth=national,
            shift_national=s_nat,
            shift_industry_mix=s_mix,
            shift_regional=s_reg,
        )

"""What every benchmark script reports the same way: the run header, the JSON file, a table."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path

import psutil


def new_report(**fields: object) -> dict:
    """A report that starts with when and where it ran (load matters on a 2-core machine)."""
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": psutil.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": list(psutil.getloadavg()),
        },
        **fields,
    }


def write_report(report: dict, path: Path) -> None:
    """Rewritten after each step, so a long run that is interrupted still leaves its results."""
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")


def print_table(
    title: str, rows: list[tuple[str, dict]], columns: dict[str, str], name_width: int = 24
) -> None:
    """`columns`: report key → header; a missing value prints as '-'."""
    print(f"\n{title}")
    print(f"  {'':{name_width}}" + "".join(f"{c:>15}" for c in columns.values()))
    for name, row in rows:
        print(f"  {name:{name_width}}" + "".join(f"{row.get(c, '-')!s:>15}" for c in columns))

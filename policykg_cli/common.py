"""Shared CLI plumbing: settings from the global options, one-line errors, output formats."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import PolicyKGError
from kg.settings import Settings
from kg.store import Store, open_store

# Piped output (CI logs, files) gets a readable width instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

P = ParamSpec("P")
R = TypeVar("R")


class State:
    data_dir: Path | None = None

    def settings(self) -> Settings:
        overrides: dict[str, Any] = {}
        if self.data_dir is not None:
            overrides["data_dir"] = self.data_dir
        return Settings(**overrides)


state = State()


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn PolicyKGError into one clear line on stderr and exit code 1, no traceback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PolicyKGError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


@contextmanager
def opened_store(settings: Settings | None = None) -> Iterator[Store]:
    store = open_store(settings or state.settings())
    try:
        yield store
    finally:
        store.close()


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


def print_records(records: Sequence[dict[str, Any]], fmt: str, title: str | None = None) -> None:
    """Print dict records as table, json, jsonl or csv (stdout, machine formats unstyled)."""
    if fmt == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "jsonl":
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        if records:
            flat = [{k: _flat(v) for k, v in r.items()} for r in records]
            writer = csv.DictWriter(buf, fieldnames=list(flat[0]))
            writer.writeheader()
            writer.writerows(flat)
        sys.stdout.write(buf.getvalue())
    elif fmt == "table":
        columns = list(records[0]) if records else []
        print_table(title, columns, [[_flat(r[c]) for c in columns] for r in records])
    else:
        raise PolicyKGError(f"Unknown format '{fmt}': use table, json, jsonl or csv.")


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float):
        return round(value, 4)
    return value

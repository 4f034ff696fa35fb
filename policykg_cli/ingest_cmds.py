"""`policykg ingest`, `remove`, `sources`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ingest.pipeline import Ingestor, expand_paths
from ingest.tables import TABLE_KINDS
from kg.bootstrap import initialise
from kg.sources import list_sources
from policykg_cli.common import console, opened_store, print_table, state, user_errors

_STYLE = {"failed": "red", "added": "green", "updated": "cyan", "unchanged": "dim"}


@user_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to ingest.")],
    as_kind: Annotated[
        str | None,
        typer.Option("--as", help=f"Table kind: {', '.join(TABLE_KINDS)} (default: by header)."),
    ] = None,
    scheme: Annotated[str | None, typer.Option(help="Scheme name for an industries table.")] = None,
) -> None:
    """Ingest documents, tables and RDF files; unchanged sources are skipped."""
    settings = state.settings()
    files, _ = expand_paths(paths)
    with opened_store(settings) as store:
        # A fresh data directory gets the ontology and shipped taxonomies first (idempotent).
        initialise(store)
        ingestor = Ingestor(store, settings)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("Ingesting", total=len(files))
            results = ingestor.ingest_paths(
                paths,
                as_kind=as_kind,
                scheme=scheme,
                progress=lambda key: bar.update(task, advance=1, description=key[-40:]),
            )
    shown = [r for r in results if r.status != "unchanged"] if len(results) > 30 else results
    print_table(
        "Ingest",
        ["source", "status", "documents", "triples", "message"],
        [
            [
                r.source,
                f"[{_STYLE.get(r.status, '')}]{r.status}[/]",
                r.documents,
                r.triples,
                r.message[:300],
            ]
            for r in shown
        ],
    )
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    console.print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    if counts.get("failed"):
        raise typer.Exit(1)


@user_errors
def remove(
    source: Annotated[str, typer.Argument(help="Source path, graph IRI or document id.")],
) -> None:
    """Remove a source (its whole named graph) from the store."""
    settings = state.settings()
    with opened_store(settings) as store:
        removed = Ingestor(store, settings).remove(source)
    if not removed:
        from kg.errors import NotFoundError

        raise NotFoundError(f"No source matches '{source}'. See `policykg sources`.")
    for graph in removed:
        console.print(f"removed {graph}")


@user_errors
def sources() -> None:
    """List ingested sources with hash, time and triple count."""
    with opened_store() as store:
        infos = list_sources(store)
    print_table(
        "Sources",
        ["source", "sha256", "time", "triples"],
        [[i.path or i.graph, i.content_hash[:12], i.time, i.triples] for i in infos],
    )

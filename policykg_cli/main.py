"""Entry point: `policykg [--data-dir DIR] COMMAND`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.bootstrap import initialise
from kg.errors import InputError
from kg.stats import concepts_per_scheme, instances_per_class, triples_per_graph
from policykg_cli import ingest_cmds, match_cmds, search_cmds
from policykg_cli.common import console, opened_store, print_table, state, user_errors

app = typer.Typer(
    help="policykg: regional industrial policy knowledge graph and semantic search.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

_EXPORT_TYPES = {
    "turtle": "text/turtle",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
_QUERY_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

app.command()(ingest_cmds.ingest)
app.command()(ingest_cmds.remove)
app.command()(ingest_cmds.sources)
app.command()(match_cmds.match)
app.command()(match_cmds.convergence)
app.command()(match_cmds.joint)
app.command()(match_cmds.programmes)
app.command()(match_cmds.ask)
app.command()(search_cmds.index)
app.command()(search_cmds.search)
app.add_typer(match_cmds.eval_app, name="eval")


@app.callback()
def main(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", envvar="POLICYKG_DATA_DIR", help="Data directory."),
    ] = None,
) -> None:
    state.data_dir = data_dir


@app.command()
@user_errors
def init() -> None:
    """Create the data directory and load the ontology and the shipped taxonomies."""
    with console.status("Loading ontology and taxonomies…"), opened_store() as store:
        written = initialise(store)
    for graph, n in written.items():
        console.print(f"{graph:10} {'unchanged' if n == 0 else f'{n} triples'}")


@app.command()
@user_errors
def stats() -> None:
    """Triples per named graph, concepts per scheme and instances per class."""
    with opened_store() as store:
        print_table("Triples per named graph", ["graph", "triples"], triples_per_graph(store))
        print_table("Concepts per scheme", ["scheme", "concepts"], concepts_per_scheme(store))
        print_table("Instances per class", ["class", "instances"], instances_per_class(store)[:40])


@app.command()
@user_errors
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL 1.1 query (read-only).")],
    fmt: Annotated[str, typer.Option("--format", help="table, json, csv or tsv")] = "table",
    limit: Annotated[int, typer.Option(help="Row limit.")] = 1000,
) -> None:
    """Run a read-only SPARQL query against the store."""
    settings = state.settings()
    with opened_store(settings) as store:
        if fmt == "table":
            from kg.store.base import check_read_only

            check_read_only(query)
            rows = store.select(query, limit=limit)
            columns = list(rows[0]) if rows else []
            print_table(None, columns, [[r[c] for c in columns] for r in rows])
            return
        if fmt not in _QUERY_TYPES:
            raise InputError(f"Unknown format '{fmt}': use table, json, csv or tsv.")
        out = store.query_serialized(
            query, _QUERY_TYPES[fmt], limit=limit, timeout_s=settings.sparql_timeout_s
        )
        sys.stdout.buffer.write(out.body)


@app.command()
@user_errors
def export(
    fmt: Annotated[str, typer.Option("--format", help=", ".join(_EXPORT_TYPES))] = "nquads",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Export the whole graph (N-Quads/TriG keep named graphs and so provenance)."""
    if fmt not in _EXPORT_TYPES:
        raise InputError(f"Unknown format '{fmt}': use {', '.join(_EXPORT_TYPES)}.")
    with opened_store() as store:
        data = store.export(_EXPORT_TYPES[fmt])
    if output:
        output.write_bytes(data)
        console.print(f"wrote {len(data):,} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


@app.command()
@user_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Run the HTTP API and web UI with uvicorn. Models and match features load in the
    background right away, so the first request does not wait for them."""
    import threading

    import uvicorn

    from kg.service import KnowledgeGraph
    from search_api.app import create_app

    settings = state.settings()
    kg = KnowledgeGraph(settings)
    _ = kg.store  # open it here: a locked store fails now, with its message, not in a thread
    threading.Thread(target=kg.warm_up, name="policykg-warm-up", daemon=True).start()
    uvicorn.run(
        create_app(settings, kg),
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level="info",
    )


if __name__ == "__main__":
    app()

"""`policykg index` and `policykg search`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from kg.retrieve import SearchFilters
from policykg_cli.common import console, print_table, user_errors
from policykg_cli.match_cmds import knowledge_graph


@user_errors
def index() -> None:
    """Bring the search indexes in step with the store (incremental)."""
    with knowledge_graph() as kg, console.status("Indexing…") as status:
        report = kg.sync_index(lambda g: status.update(f"Indexing {g.rsplit('/', 1)[-1]}"))
    console.print(
        f"{report.sources_changed} source(s) changed: "
        f"+{report.added} / -{report.removed} passages; "
        f"index holds {report.passages} passages and {report.entities} entities"
    )


@user_errors
def search(
    query: Annotated[str, typer.Argument(help="Korean or English query.")],
    k: Annotated[int, typer.Option("-k", help="Number of passages.")] = 10,
    doc_type: Annotated[str | None, typer.Option(help="policy, programme, strategy, plan…")] = None,
    ministry: Annotated[str | None, typer.Option(help="Issuing ministry (substring).")] = None,
    year_from: Annotated[int | None, typer.Option(help="From year.")] = None,
    year_to: Annotated[int | None, typer.Option(help="To year.")] = None,
    lang: Annotated[str | None, typer.Option(help="Passage language: ko or en.")] = None,
    region: Annotated[str | None, typer.Option(help="Region code, e.g. 24.")] = None,
    industry: Annotated[
        str | None, typer.Option(help="Industry: OPT, ksic:26121, or an IRI.")
    ] = None,
    method: Annotated[str, typer.Option(help="hybrid, dense, lexical or entity")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Hybrid passage search with citations (document, passage, page/offset)."""
    filters = SearchFilters(doc_type, ministry, year_from, year_to, lang, region, industry)
    with knowledge_graph() as kg:
        kg.ensure_index()
        hits = kg.searcher.search(query, k, filters, method)
    if as_json:
        sys.stdout.write(
            json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2) + "\n"
        )
        return
    rows = [
        [
            i + 1,
            f"{h.score:.4f}",
            f"{h.doc_id} (p.{h.page})" if h.page else f"{h.doc_id} @{h.start}",
            h.text[:160].replace("\n", " "),
            " ".join(f"{k}={v}" for k, v in h.components.items() if not k.endswith("_rank")),
        ]
        for i, h in enumerate(hits)
    ]
    print_table(f"Search: {query}", ["#", "score", "citation", "passage", "components"], rows)

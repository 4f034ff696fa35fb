"""`policykg match` and `policykg eval`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.errors import InputError
from kg.match import MatchResult, write_matches
from kg.service import KnowledgeGraph
from policykg_cli.common import err_console, print_records, print_table, state, user_errors

eval_app = typer.Typer(
    help="Evaluate retrieval and matching against gold data.", no_args_is_help=True
)


@contextmanager
def knowledge_graph() -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph(state.settings())
    try:
        yield kg
    finally:
        kg.close()


def _row(r: MatchResult) -> dict[str, Any]:
    comps = ", ".join(f"{k} {v:+.2f}" for k, v in r.components.items() if k != "bias")
    return {
        "rank": r.rank,
        "score": round(r.score, 3),
        "policy": f"{r.policy_id}: {r.policy_title[:60]}",
        "industry": f"{r.industry_code} {r.industry_label}",
        "components": comps,
    }


@user_errors
def match(
    policy: Annotated[str | None, typer.Option(help="Policy document id.")] = None,
    industry: Annotated[str | None, typer.Option(help="Industry code in the scheme.")] = None,
    all_pairs: Annotated[
        bool, typer.Option("--all", help="Top K industries for every policy.")
    ] = False,
    region: Annotated[str | None, typer.Option(help="Region code (e.g. 24 Gwangju).")] = None,
    scheme: Annotated[
        str, typer.Option(help="Industry scheme (strategic, ksic, or yours).")
    ] = "strategic",
    top: Annotated[int, typer.Option(help="How many results (per policy with --all).")] = 10,
    min_score: Annotated[float, typer.Option(help="Drop pairs scoring below this.")] = 0.0,
    fmt: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv")] = "table",
    write: Annotated[bool, typer.Option(help="With --all: write matches into the graph.")] = True,
) -> None:
    """Rank policy–industry pairs with score components, evidence and graph paths."""
    if sum(x is not None and x is not False for x in (policy, industry, all_pairs or None)) != 1:
        raise InputError("Give exactly one of --policy ID, --industry CODE or --all.")
    if top < 1:
        raise InputError("--top must be at least 1.")
    with knowledge_graph() as kg:
        if all_pairs:
            results = kg.matcher.match_all(scheme, top, region)
            if write:
                n = write_matches(kg.store, scheme, results, region)
                err_console.print(f"wrote {len(results)} matches ({n} triples) into the graph")
        else:
            results = kg.matcher.match(
                scheme,
                policy=policy,
                industry=industry,
                region=region,
                top=top,
                min_score=min_score,
            )
    if fmt == "jsonl" and all_pairs:
        for r in results:
            sys.stdout.write(json.dumps(r.summary(), ensure_ascii=False) + "\n")
    elif fmt in ("json", "jsonl"):
        print_records([r.summary() if all_pairs else r.as_dict() for r in results], fmt)
    elif fmt == "csv":
        print_records([r.summary() for r in results], "csv")
    else:
        print_records([_row(r) for r in results], fmt, title=f"Matches ({scheme})")


@eval_app.command("matching")
@user_errors
def eval_matching(
    judgments: Annotated[Path, typer.Option(help="Graded judgments CSV.")] = Path(
        "corpus/gold/judgments.csv"
    ),
    stip_only: Annotated[bool, typer.Option(help="Only the STIP dev set.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """nDCG@5, P@1, Recall@3 on the STIP dev set and corpus/gold, baseline beside."""
    from evaluation.matching import evaluate_gold, evaluate_stip

    settings = state.settings()
    report: dict[str, Any] = {}
    if not stip_only:  # first: it fails fast when the demo corpus is not loaded
        with knowledge_graph() as kg:
            report["corpus_gold"] = evaluate_gold(kg.store, settings, judgments)
    report = {"stip_dev": evaluate_stip(settings), **report}
    if fmt == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return
    rows = []
    for dataset, result in report.items():
        for method, m in result.items():
            if isinstance(m, dict) and "ndcg@5" in m:
                rows.append(
                    [dataset, method, m.get("policies", ""), m["ndcg@5"], m["p@1"], m["recall@3"]]
                )
    print_table(
        "Matching evaluation", ["data", "method", "policies", "nDCG@5", "P@1", "Recall@3"], rows
    )
    err_console.print(report["stip_dev"]["note"])


@eval_app.command("retrieval")
@user_errors
def eval_retrieval(
    gold: Annotated[Path, typer.Option(help="Queries CSV.")] = Path("corpus/gold/retrieval.csv"),
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """nDCG@10, Recall@20 and MRR for lexical, dense and hybrid retrieval."""
    from evaluation.retrieval import evaluate, read_queries

    queries = read_queries(gold)
    with knowledge_graph() as kg:
        kg.ensure_index()
        report = evaluate(kg.searcher, queries)
    if fmt == "json":
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    rows = [
        [method, lang, m["queries"], m["ndcg@10"], m["recall@20"], m["mrr"]]
        for method, by_lang in report.items()
        for lang, m in by_lang.items()
    ]
    print_table(
        "Retrieval evaluation", ["method", "queries", "n", "nDCG@10", "Recall@20", "MRR"], rows
    )


@user_errors
def convergence(
    region: Annotated[str, typer.Option(help="Region code, e.g. 24 (Gwangju).")] = "24",
    scheme: Annotated[str, typer.Option(help="Industry scheme.")] = "strategic",
    top: Annotated[int, typer.Option(help="How many candidates.")] = 10,
    size: Annotated[int, typer.Option(min=2, max=3, help="Industries per candidate (2 or 3).")] = 2,
    fmt: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv")] = "table",
) -> None:
    """Convergence-business candidates: local strengths that central policies support together."""
    from kg.convergence import ConvergenceFinder

    with knowledge_graph() as kg:
        found = ConvergenceFinder(kg.matcher).candidates(region, scheme, top, size)
    if fmt != "table":
        print_records([c.as_dict() for c in found], fmt)
        return
    rows = [
        {
            "score": c.score,
            "candidate": c.name,
            "components": ", ".join(f"{k} {v:.2f}" for k, v in c.components.items()),
            "policies": "; ".join(p["doc_id"] for p in c.policies[:3]),
            "organisations": "; ".join(o["label"] for o in c.organisations[:3]),
        }
        for c in found
    ]
    print_records(rows, "table", title=f"Convergence candidates in region {region}")


@user_errors
def joint(
    regions: Annotated[str, typer.Option(help="Comma-separated region codes.")] = "24,36",
    scheme: Annotated[str, typer.Option(help="Industry scheme.")] = "strategic",
    top: Annotated[int, typer.Option(help="How many items.")] = 10,
    fmt: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv")] = "table",
) -> None:
    """Joint business between regions: shared or complementary strengths in one policy area."""
    from kg.convergence import ConvergenceFinder

    codes = [r.strip() for r in regions.split(",") if r.strip()]
    if len(codes) < 2:
        raise InputError("Give at least two region codes, e.g. --regions 24,36.")
    with knowledge_graph() as kg:
        items = ConvergenceFinder(kg.matcher).joint_business(codes, scheme, top)
    if fmt != "table":
        print_records([i.as_dict() for i in items], fmt)
        return
    rows = [{"score": i.score, "kind": i.kind, "evidence": i.evidence} for i in items]
    print_records(rows, "table", title=f"Joint business: {', '.join(codes)}")


@user_errors
def programmes(
    industry: Annotated[str, typer.Option(help="Industry code, e.g. OPT.")],
    region: Annotated[str | None, typer.Option(help="Region code.")] = None,
    scheme: Annotated[str, typer.Option(help="Industry scheme.")] = "strategic",
    top: Annotated[int, typer.Option(help="How many.")] = 10,
    fmt: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv")] = "table",
) -> None:
    """Central programmes and policies to bid for, for an industry (and region)."""
    from kg.convergence import programmes_to_bid

    with knowledge_graph() as kg:
        items = programmes_to_bid(kg.matcher, region, industry, scheme, top)
    if fmt != "table":
        print_records(items, fmt)
        return
    rows = [
        {
            "score": i["score"],
            "programme": i["is_programme"],
            "year": i["year"],
            "title": i["title"],
        }
        for i in items
    ]
    print_records(rows, "table", title=f"Programmes and policies for {industry}")


@user_errors
def ask(
    question: Annotated[str, typer.Argument(help="A planner's question in Korean or English.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Answer a planner's question with items and citations (no LLM needed)."""
    from kg.ask import Asker

    with knowledge_graph() as kg:
        kg.ensure_index()
        answer = Asker(kg).ask(question)
    if as_json:
        sys.stdout.write(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    from policykg_cli.common import console

    console.print(answer.answer)
    for m in answer.messages:
        console.print(f"[yellow]{m}[/]")
    for c in answer.citations:
        where = f"p.{c.page}" if c.page else f"chars {c.start}–{c.end}"
        console.print(f"[{c.n}] {c.doc_title} ({c.doc_id}, {where}): {c.text[:200]}")

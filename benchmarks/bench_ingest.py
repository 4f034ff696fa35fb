"""Ingest benchmark: policykg's store writes vs rdflib parsing the same triples (not a test).

Two corpora: the demo corpus (corpus/) and N generated Markdown policy documents, seeded,
English and Korean, ~1-2 KB each, written around real entity labels (corpus/technologies.csv,
ontologies/data/strategic_industries.csv, plus region and ministry names) so that entity
linking has work to do. The generator is shared with bench_matching.py and bench_api.py.

Measured, on in-memory stores prepared with kg.bootstrap.initialise:

- end to end: Ingestor.ingest_paths, as `policykg ingest` runs it (read, passages, NLP and
  linking, SHACL, write), with its time split into stages by timing wrappers around
  read_document, Ingestor._build, kg.sources.validate_triples (SHACL: its N-Triples round
  trip into rdflib, then kg.validate.validate_graph, i.e. pySHACL) and Store.replace_graph.
  With --e2e-docs, only that many generated documents go through it; the rest are ingested
  with SHACL switched off (put_source(validate=False)) so that the write path still covers
  every document.
- store write: every (graph, triples) the pipeline handed to OxigraphStore.replace_graph,
  replayed into a fresh in-memory store (the write step alone; every graph is new, as in a
  first ingest), replayed again over the existing graphs (a re-ingest: the atomic swap path),
  and every put_source call replayed with validate=False (adds each graph's PROV triples).
- baseline: rdflib Graph().parse(format="nt") of the same triples, i.e. the N-Triples export
  of the replay store. Target: replace_graph writes >= 10x the triples/s of that baseline.
- parts of a new graph's write, alone: pyoxigraph's N-Triples serialisation of the triples and
  Store.load of those bytes.

Rates use CPU time of the process (time.process_time: steadier than wall-clock on a shared
machine); wall-clock figures are reported beside them. Store writes and the rdflib parse are
each repeated (--repeats, --rdflib-repeats; at least 10 and 5 on the small demo corpus) and
the run with the least CPU time is reported (all runs are in the JSON). "rss" is process RSS
growth (noisy).

    .venv/bin/python benchmarks/bench_ingest.py --docs 10000            # all end to end
    .venv/bin/python benchmarks/bench_ingest.py --docs 100000 --e2e-docs 5000
"""

from __future__ import annotations

import argparse
import csv
import functools
import gc
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import psutil
from bench_report import new_report, write_report

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import ingest.pipeline as pipeline  # noqa: E402
import kg.sources as sources  # noqa: E402
import kg.validate as validation  # noqa: E402
from ingest.pipeline import Ingestor  # noqa: E402
from kg.bootstrap import initialise  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.store.oxigraph import OxigraphStore  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "ingest.json"
CORPUS = REPO / "corpus"
ONTOLOGY_DATA = REPO / "ontologies" / "data"
TARGET_SPEEDUP = 10

# -- synthetic policy documents ---------------------------------------------------------------

EN_TEMPLATES = (
    "The government will expand support for {a} and {b} across {r}.",
    "By {y} the plan aims to double exports of {a} and to open a test bed for {b}.",
    "A total of {m} is earmarked for research on {a}, with matching funds from {r}.",
    "Firms working on {a} can apply for grants and tax credits for joint projects with {b} "
    "suppliers.",
    "The {r} cluster will host a demonstration centre where {a} meets {b}.",
    "Training programmes will supply engineers for {a}, while rules on {b} will be eased.",
    "Public procurement will favour {a} so that small and medium-sized enterprises can grow.",
    "{a} and {b} are named as core technologies of the regional innovation strategy.",
    "The {w} {v} programme strengthens {u} and links it to {a}.",
    "Local universities and research institutes in {r} will run {w} projects on {b}.",
)
KO_TEMPLATES = (
    "{r}의 {a} 산업을 육성하고 {b} 기술 개발을 지원한다.",
    "{y}년까지 {m}을 투자하여 {a}와 {b} 분야의 기업을 키운다.",
    "정부는 {a} 실증 사업과 {b} 전문 인력 양성을 함께 추진한다.",
    "{r}에 {a} 혁신 클러스터를 조성하여 {b} 기업의 집적을 유도한다.",
    "{a} 관련 중소기업에는 연구개발 자금과 세제 혜택을 제공한다.",
    "{b} 표준화와 규제 개선을 통해 {a} 시장을 확대한다.",
    "지역 대학과 연구기관은 {a}와 {b}의 융합 연구를 수행한다.",
    "{w} {v} 사업은 {u} 역량을 높이고 {a}와 연계된다.",
    "{r} 지역의 {w} 기반을 바탕으로 {b} 수요를 창출한다.",
)
EN_WORD_LIST = (
    "innovation investment infrastructure startup employment training research development "
    "digital data platform network cooperation evaluation budget strategy manufacturing "
    "regional national export supply-chain demonstration standard certification talent"
)
EN_WORDS = EN_WORD_LIST.split()
KO_WORD_LIST = (
    "혁신 투자 기반 창업 일자리 교육 연구 개발 디지털 데이터 플랫폼 네트워크 협력 평가 예산 "
    "전략 제조 지역 국가 수출 공급망 실증 표준 인증 인재 거점 생태계 고도화"
)
KO_WORDS = KO_WORD_LIST.split()
EN_HEADINGS = ("Background", "Objectives", "Key measures", "Related industries", "Region")
KO_HEADINGS = ("추진 배경", "목표", "주요 내용", "관련 산업 및 기술", "지역")
DOC_TYPES = ("plan", "strategy", "roadmap", "initiative", "programme")


@dataclass
class Vocabulary:
    en: list[str]  # entity labels in English (labels and ASCII alternative labels)
    ko: list[str]  # entity labels with Hangul
    regions_en: list[str]
    regions_ko: list[str]
    issuers: list[tuple[str, str]]  # (English, Korean) ministry and agency names


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def load_vocabulary() -> Vocabulary:
    en: set[str] = set()
    ko: set[str] = set()
    for path in (CORPUS / "technologies.csv", ONTOLOGY_DATA / "strategic_industries.csv"):
        for row in _rows(path):
            names = [row.get("label_en", ""), row.get("label_ko", "")]
            names += (row.get("alt_labels") or "").split("|")
            for name in (n.strip() for n in names):
                if name:
                    (ko if _has_hangul(name) else en).add(name)
    regions = [r for r in _rows(ONTOLOGY_DATA / "regions.csv") if r["code"] != "00"]
    issuers = [
        (r["name_en"], r["name_ko"])
        for r in _rows(CORPUS / "organisations.csv")
        if r["type"] in ("ministry", "agency") and r.get("name_en") and r.get("name_ko")
    ]
    return Vocabulary(
        sorted(en),
        sorted(ko),
        [r["label_en"] for r in regions],
        [r["label_ko"] for r in regions],
        issuers,
    )


def _pick(rng: np.random.Generator, items: Sequence[str]) -> str:
    return items[int(rng.integers(len(items)))]


def _sentence(rng: np.random.Generator, vocab: Vocabulary, korean: bool) -> str:
    if korean:
        template = _pick(rng, KO_TEMPLATES)
        # Korean text names technologies in Korean, sometimes in English ("LED", "AI").
        labels = vocab.ko if rng.random() < 0.85 else vocab.en
        regions, words = vocab.regions_ko, KO_WORDS
        money = f"{int(rng.integers(1, 9))}조 {int(rng.integers(1, 9))}천억 원"
    else:
        template = _pick(rng, EN_TEMPLATES)
        labels, regions, words = vocab.en, vocab.regions_en, EN_WORDS
        money = f"KRW {int(rng.integers(50, 5000)):,} billion"
    return template.format(
        a=_pick(rng, labels),
        b=_pick(rng, labels),
        r=_pick(rng, regions),
        m=money,
        y=int(rng.integers(2025, 2036)),
        w=_pick(rng, words),
        v=_pick(rng, words),
        u=_pick(rng, words),
    )


def _paragraph(
    rng: np.random.Generator, vocab: Vocabulary, korean: bool, chars: tuple[int, int]
) -> str:
    target = int(rng.integers(chars[0], chars[1] + 1))
    sentences: list[str] = []
    while sum(len(s) + 1 for s in sentences) < target:
        sentences.append(_sentence(rng, vocab, korean))
    return " ".join(sentences)


def _metadata(
    rng: np.random.Generator, doc_id: str, vocab: Vocabulary, korean: bool
) -> dict[str, Any]:
    a, b = _pick(rng, vocab.en), _pick(rng, vocab.en)
    year = int(rng.integers(2009, 2025))
    issuer_en, issuer_ko = vocab.issuers[int(rng.integers(len(vocab.issuers)))]
    meta: dict[str, Any] = {
        "id": doc_id,
        "title": f"{a[:1].upper()}{a[1:]} and {b} promotion plan {year}",
        "issuer": issuer_en,
        "date": f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}",
        "type": _pick(rng, DOC_TYPES),
        "language": "ko" if korean else "en",
    }
    if korean:
        meta["title_ko"] = f"{_pick(rng, vocab.ko)}·{_pick(rng, vocab.ko)} 육성 계획"
        meta["issuer_ko"] = issuer_ko
    return meta


def policy_row(rng: np.random.Generator, n: int, vocab: Vocabulary, *, korean: bool) -> dict:
    """A row of a policies table: description, objectives and background, ~1-2 KB in all."""
    row = _metadata(rng, f"pol-{n:05d}", vocab, korean)
    row.pop("issuer_ko", None)  # not a column of the policies table
    chars = (130, 260) if korean else (250, 550)
    for column in ("description", "objectives", "background"):
        row[column] = _paragraph(rng, vocab, korean, chars)
    return row


def make_document(
    rng: np.random.Generator,
    n: int,
    vocab: Vocabulary,
    *,
    korean: bool,
    size_bytes: tuple[int, int] = (1000, 2000),
    paragraphs: int | None = None,
    paragraph_chars: tuple[int, int] = (450, 680),
) -> str:
    """A Markdown policy document with YAML front matter.

    By default sections of short paragraphs are added until the file is within `size_bytes`.
    With `paragraphs`, exactly that many paragraphs of `paragraph_chars` characters each, which
    ingest turns into one passage each (passages hold up to 800 characters).
    """
    meta = _metadata(rng, f"gen-{n:06d}", vocab, korean)
    front = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
    if paragraphs is not None:
        # No headings: ingest packs a heading with what follows, which would merge paragraphs.
        body = [_paragraph(rng, vocab, korean, paragraph_chars) for _ in range(paragraphs)]
        return "\n\n".join([f"---\n{front}---\n", *body]) + "\n"
    headings = KO_HEADINGS if korean else EN_HEADINGS
    parts = [f"---\n{front}---\n", f"# {meta.get('title_ko') or meta['title']}"]
    target = int(rng.integers(size_bytes[0], size_bytes[1] + 1))
    k = 0
    while len("\n\n".join(parts).encode()) < target - 150:
        parts.append(f"## {headings[k % len(headings)]}")
        k += 1
        parts.append(_paragraph(rng, vocab, korean, (120, 320) if korean else (200, 500)))
    return "\n\n".join(parts) + "\n"


def write_corpus(
    folder: Path, n: int, seed: int, korean_share: float = 0.5, **document_options: Any
) -> list[Path]:
    """`n` generated documents as folder/gen-NNNNNN.md (seeded: same seed, same files)."""
    rng = np.random.default_rng(seed)
    vocab = load_vocabulary()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        text = make_document(
            rng, i, vocab, korean=bool(rng.random() < korean_share), **document_options
        )
        path = folder / f"gen-{i:06d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# -- measurement ------------------------------------------------------------------------------


def rss() -> int:
    gc.collect()
    return psutil.Process().memory_info().rss


class Stages:
    """Wall and CPU seconds per stage, plus what the pipeline wrote (for replaying it)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.writes: list[tuple[str, Sequence[Any]]] = []  # replace_graph(graph, triples)
        self.puts: list[tuple[str, Sequence[Any], dict[str, Any]]] = []  # put_source calls

    def wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self.wall[name] += time.perf_counter() - start
                self.cpu[name] += time.process_time() - start_cpu

        return timed


def fresh_initialised_store(template: bytes) -> OxigraphStore:
    """An in-memory store holding what initialise() writes (loaded from its N-Quads dump)."""
    import pyoxigraph as ox

    store = OxigraphStore(None)
    store._store.load(template, format=ox.RdfFormat.N_QUADS)
    return store


def ingest_run(
    store: OxigraphStore, settings: Settings, paths: list[Path], *, shacl: bool = True
) -> tuple[dict, Stages]:
    """Ingestor.ingest_paths with every stage timed and every write recorded."""
    stages = Stages()
    ingestor = Ingestor(store, settings)
    ingestor._build = stages.wrap("build", ingestor._build)  # type: ignore[method-assign]
    original_write = store.replace_graph

    def record_write(graph: str, triples: Sequence[Any]) -> None:
        stages.writes.append((graph, triples))
        original_write(graph, triples)

    def record_put(store_: Any, graph: str, triples: Sequence[Any], **kwargs: Any) -> int:
        stages.puts.append((graph, triples, {k: v for k, v in kwargs.items() if k != "validate"}))
        return sources.put_source(store_, graph, triples, **kwargs, validate=shacl)

    store.replace_graph = stages.wrap("write", record_write)  # type: ignore[method-assign]
    try:
        with ExitStack() as stack:
            stack.enter_context(
                mock.patch.object(
                    pipeline, "read_document", stages.wrap("read", pipeline.read_document)
                )
            )
            stack.enter_context(
                mock.patch.object(
                    sources, "validate_triples", stages.wrap("shacl", sources.validate_triples)
                )
            )
            stack.enter_context(
                mock.patch.object(
                    validation,
                    "validate_graph",
                    stages.wrap("shacl_validate", validation.validate_graph),
                )
            )
            stack.enter_context(mock.patch.object(pipeline, "put_source", record_put))
            before = rss()
            start, start_cpu = time.perf_counter(), time.process_time()
            results = ingestor.ingest_paths(paths)
            cpu = time.process_time() - start_cpu
            wall = time.perf_counter() - start
            grown = rss() - before
    finally:
        del store.replace_graph  # the instance attribute; the class method shows again
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise SystemExit(f"ingest failed for {len(failed)} sources, e.g. {failed[0]}")
    docs = sum(r.documents for r in results)
    triples = sum(r.triples for r in results)
    build = stages.cpu["build"]
    shares = {
        "read": stages.cpu["read"],
        "nlp_and_triples": build - stages.cpu["read"],
        # validate_triples = N-Triples out of pyoxigraph + rdflib parse, then pySHACL proper
        "shacl_rdflib_parse": stages.cpu["shacl"] - stages.cpu["shacl_validate"],
        "shacl_validate": stages.cpu["shacl_validate"],
        "write": stages.cpu["write"],
        "other": cpu - build - stages.cpu["shacl"] - stages.cpu["write"],
    }
    row = {
        "sources": len(results),
        "documents": docs,
        "triples": triples,
        "shacl": shacl,
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 2),
        "docs_per_s": round(docs / cpu, 1),
        "wall_docs_per_s": round(docs / wall, 1),
        "triples_per_s": round(triples / cpu),
        "wall_triples_per_s": round(triples / wall),
        "stage_cpu_s": {k: round(v, 2) for k, v in shares.items()},
        "stage_share": {k: round(v / cpu, 3) for k, v in shares.items()},
        "in_pipeline_write_triples_per_s": round(
            sum(len(t) for _, t in stages.writes) / max(stages.cpu["write"], 1e-9)
        ),
        "rss_growth_mb": round(grown / 2**20, 1),
    }
    return row, stages


def _best_run(
    repeats: int, run: Callable[[], tuple[float, float]]
) -> tuple[float, float, list[float]]:
    """(CPU s, wall s) of the least disturbed of `repeats` runs (least CPU), and all CPU s."""
    runs = [run() for _ in range(repeats)]
    cpu, wall = min(runs)
    return cpu, wall, [round(c, 3) for c, _ in runs]


def _rates(triples: int, cpu: float, wall: float, runs: list[float]) -> dict:
    return {
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "triples_per_s": round(triples / cpu),
        "wall_triples_per_s": round(triples / wall),
        "cpu_s_runs": runs,
    }


def bench_store_write(stages: Stages, repeats: int) -> tuple[dict, bytes]:
    """Replays of the recorded writes; returns the N-Triples of what they wrote.

    replace_graph: into a fresh store, every graph new (a first ingest); replace_existing: the
    same writes again over graphs that exist (a re-ingest of changed sources, which takes the
    atomic swap path); put_source: put_source(validate=False) calls into a fresh store.
    """
    triples = sum(len(t) for _, t in stages.writes)
    last: list[OxigraphStore] = []

    def write_all(store: OxigraphStore) -> tuple[float, float]:
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        for graph, batch in stages.writes:
            store.replace_graph(graph, batch)
        return time.process_time() - start_cpu, time.perf_counter() - start

    def replace_new() -> tuple[float, float]:
        last.clear()
        store = OxigraphStore(None)
        last.append(store)
        return write_all(store)

    def replace_existing() -> tuple[float, float]:
        store = OxigraphStore(None)
        write_all(store)
        return write_all(store)

    def put_sources() -> tuple[float, float]:
        store = OxigraphStore(None)
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        for graph, batch, kwargs in stages.puts:
            sources.put_source(store, graph, batch, **kwargs, validate=False)
        return time.process_time() - start_cpu, time.perf_counter() - start

    before = rss()
    row: dict = {"graphs": len(stages.writes), "triples": triples}
    row["replace_graph"] = _rates(triples, *_best_run(repeats, replace_new))
    row["replace_graph"]["rss_mb"] = round((rss() - before) / 2**20, 1)
    store = last.pop()
    row["triples_in_store"] = store.triple_count()
    nt = store.export("application/n-triples")
    del store
    row["replace_existing"] = _rates(triples, *_best_run(repeats, replace_existing))
    row["put_source_no_validate"] = _rates(triples, *_best_run(repeats, put_sources))
    row["repeats"] = repeats
    row["ntriples_mb"] = round(len(nt) / 2**20, 1)
    return row, nt


def write_diagnostics(stages: Stages, repeats: int) -> dict:
    """The two halves of a write of a new graph, alone: pyoxigraph serialising the triples to
    N-Triples, and Store.load of those bytes into the graph (fresh store)."""
    import pyoxigraph as ox

    triples = sum(len(t) for _, t in stages.writes)
    data: list[tuple[Any, bytes]] = []

    def serialise() -> tuple[float, float]:
        data.clear()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        for graph, batch in stages.writes:
            data.append((ox.NamedNode(graph), ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)))
        return time.process_time() - start_cpu, time.perf_counter() - start

    def load() -> tuple[float, float]:
        store = ox.Store()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        for graph, body in data:
            store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return time.process_time() - start_cpu, time.perf_counter() - start

    return {
        "serialise_ntriples": _rates(triples, *_best_run(repeats, serialise)),
        "load_ntriples": _rates(triples, *_best_run(repeats, load)),
    }


def bench_rdflib(nt: bytes, repeats: int) -> dict:
    from rdflib import Graph

    lines = nt.count(b"\n")
    sizes: list[int] = []
    growth: list[int] = []

    def parse() -> tuple[float, float]:
        before = rss()
        start, start_cpu = time.perf_counter(), time.process_time()
        graph = Graph()
        graph.parse(data=nt, format="nt")
        cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start
        sizes.append(len(graph))
        growth.append(rss() - before)
        del graph
        return cpu, wall

    cpu, wall, runs = _best_run(repeats, parse)
    return {
        "triples": lines,
        "distinct_triples": sizes[0],
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "triples_per_s": round(lines / cpu),
        "wall_triples_per_s": round(lines / wall),
        "cpu_s_runs": runs,
        "rss_mb": round(max(growth) / 2**20, 1),
    }


def compare(write: dict, baseline: dict) -> dict:
    out = {}
    for name in ("replace_graph", "replace_existing", "put_source_no_validate"):
        out[name] = {
            "speedup": round(write[name]["triples_per_s"] / baseline["triples_per_s"], 2),
            "wall_speedup": round(
                write[name]["wall_triples_per_s"] / baseline["wall_triples_per_s"], 2
            ),
        }
    return out


# -- report -----------------------------------------------------------------------------------


def print_ingest(title: str, rows: list[tuple[str, dict]]) -> None:
    print(f"\n{title}")
    head = ("docs", "triples", "docs/s cpu", "docs/s wall", "triples/s cpu", "triples/s wall")
    stages = ("read", "nlp_and_triples", "shacl_rdflib_parse", "shacl_validate", "write", "other")
    print(f"  {'':36}" + "".join(f"{c:>15}" for c in head) + "   CPU share: " + " / ".join(stages))
    for name, r in rows:
        values = (
            r["documents"],
            r["triples"],
            r["docs_per_s"],
            r["wall_docs_per_s"],
            r["triples_per_s"],
            r["wall_triples_per_s"],
        )
        share = " / ".join(f"{100 * r['stage_share'][s]:.0f}%" for s in stages)
        print(f"  {name:36}" + "".join(f"{v!s:>15}" for v in values) + f"   {share}")


def print_write(title: str, write: dict, baseline: dict, ratios: dict) -> None:
    print(f"\n{title}")
    cols = ("triples", "cpu s", "wall s", "triples/s cpu", "triples/s wall", "x rdflib cpu")
    print(f"  {'':34}" + "".join(f"{c:>15}" for c in cols))
    rows = [
        ("replace_graph, new graphs", write["replace_graph"], ratios["replace_graph"]),
        ("replace_graph, graphs exist", write["replace_existing"], ratios["replace_existing"]),
        (
            "put_source(validate=False)",
            write["put_source_no_validate"],
            ratios["put_source_no_validate"],
        ),
        ("rdflib Graph().parse(nt)", baseline, {"speedup": 1.0}),
        ("  part: ox.serialize to N-Triples", write["serialise_ntriples"], {"speedup": "-"}),
        ("  part: Store.load of those bytes", write["load_ntriples"], {"speedup": "-"}),
    ]
    for name, r, ratio in rows:
        values = (
            r.get("triples", write["triples"]),
            r["cpu_s"],
            r["wall_s"],
            r["triples_per_s"],
            r["wall_triples_per_s"],
            ratio["speedup"],
        )
        print(f"  {name:34}" + "".join(f"{v!s:>15}" for v in values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="generated documents")
    parser.add_argument(
        "--e2e-docs",
        type=int,
        default=0,
        help="ingest only this many generated documents end to end, the rest without SHACL "
        "(0: all end to end)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="store-write replays (best)")
    parser.add_argument("--rdflib-repeats", type=int, default=2)
    parser.add_argument("--korean-share", type=float, default=0.5)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    e2e_docs = args.docs if args.e2e_docs <= 0 else min(args.e2e_docs, args.docs)

    report = new_report(
        docs=args.docs,
        e2e_docs=e2e_docs,
        seed=args.seed,
        target_speedup=TARGET_SPEEDUP,
    )
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    targets: list[tuple[str, dict]] = []
    try:
        settings = Settings(data_dir=tmp / "data")
        start = time.perf_counter()
        template_store = OxigraphStore(None)
        initialise(template_store)
        template = template_store.export("application/n-quads")
        report["initialise_s"] = round(time.perf_counter() - start, 2)
        del template_store

        if not args.skip_demo:
            store = fresh_initialised_store(template)
            row, stages = ingest_run(store, settings, [CORPUS])
            write, nt = bench_store_write(stages, max(args.repeats, 10))
            write |= write_diagnostics(stages, max(args.repeats, 10))
            baseline = bench_rdflib(nt, max(args.rdflib_repeats, 5))
            ratios = compare(write, baseline)
            report["demo"] = {
                "end_to_end": row,
                "store_write": write,
                "rdflib": baseline,
                "vs_rdflib": ratios,
            }
            write_report(report, args.out)
            print_ingest("End-to-end ingest: demo corpus", [("demo corpus (corpus/)", row)])
            print_write("Store write vs rdflib, demo corpus", write, baseline, ratios)
            targets.append(("demo corpus", report["demo"]))
            del store, stages, nt

        start = time.perf_counter()
        paths = write_corpus(tmp / "generated", args.docs, args.seed, args.korean_share)
        size = sum(p.stat().st_size for p in paths)
        report["generated"] = {
            "documents": args.docs,
            "generate_s": round(time.perf_counter() - start, 2),
            "mean_bytes": round(size / max(len(paths), 1)),
        }
        print(
            f"\ngenerated {args.docs:,} documents, {size / max(len(paths), 1):,.0f} bytes "
            f"each on average"
        )
        store = fresh_initialised_store(template)
        row, stages = ingest_run(store, settings, paths[:e2e_docs])
        rows = [(f"generated, {e2e_docs:,} docs", row)]
        report["generated"]["end_to_end"] = row
        write_report(report, args.out)
        if e2e_docs < args.docs:
            rest, rest_stages = ingest_run(store, settings, paths[e2e_docs:], shacl=False)
            stages.writes += rest_stages.writes
            stages.puts += rest_stages.puts
            rows.append((f"  rest, {len(paths) - e2e_docs:,} docs, no SHACL", rest))
            report["generated"]["rest_without_shacl"] = rest
        print_ingest("End-to-end ingest: generated corpus", rows)
        del store
        write, nt = bench_store_write(stages, args.repeats)
        write |= write_diagnostics(stages, args.repeats)
        del stages
        baseline = bench_rdflib(nt, args.rdflib_repeats)
        del nt
        ratios = compare(write, baseline)
        report["generated"] |= {"store_write": write, "rdflib": baseline, "vs_rdflib": ratios}
        write_report(report, args.out)
        print_write(
            f"Store write vs rdflib, generated corpus ({args.docs:,} docs)", write, baseline, ratios
        )
        targets.append((f"generated {args.docs:,} docs", report["generated"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    write_report(report, args.out)
    print("\nTargets")
    for name, section in targets:
        r = section["vs_rdflib"]["replace_graph"]
        ok = r["speedup"] >= TARGET_SPEEDUP
        print(
            f"  {name}: store write (OxigraphStore.replace_graph) triples/s vs rdflib parse: "
            f"{r['speedup']}x cpu, {r['wall_speedup']}x wall (target >= {TARGET_SPEEDUP}x) "
            f"{'PASS' if ok else 'FAIL'}"
        )
        put = section["vs_rdflib"]["put_source_no_validate"]
        again = section["vs_rdflib"]["replace_existing"]
        print(
            f"  {name}: also replace_graph over existing graphs {again['speedup']}x cpu, "
            f"put_source(validate=False) {put['speedup']}x cpu (no target)"
        )
        e2e = section["end_to_end"]
        e2e_ratio = e2e["triples_per_s"] / section["rdflib"]["triples_per_s"]
        print(
            f"  {name}: end to end {e2e['docs_per_s']} docs/s, {e2e['triples_per_s']:,} triples/s "
            f"cpu = {e2e_ratio:.2f}x the rdflib parse rate (reported, no target)"
        )
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()

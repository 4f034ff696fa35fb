"""Matching benchmark: all pairs of N policies x a whole industry scheme (not a test).

An in-memory store is prepared with kg.bootstrap.initialise, the demo corpus' technology and
organisation tables (so technology names in the text are linked; --no-tables skips them) and
--policies generated policies (seeded English and Korean text around real entity labels, see
bench_ingest.py), ingested as one policies CSV table with Ingestor.ingest_bytes.

Timed separately, for every (policy, concept) pair of --scheme (KSIC: 2,038 concepts):
- features: kg.match_features.compute_features, cold (empty embedding cache: every text is
  encoded) and warm (second run, same cache), with its time split by wrappers around its steps;
- scoring: MatchModel.logits on the docs x concepts x features tensor.
Baseline, same run: a naive Python double loop computing one cosine per pair over the same
document and profile vectors (those of the dense_doc feature), on a sample of pairs and
extrapolated to all pairs; beside it one numpy dot per pair, and the matrix product.

Rates use CPU time of the process (time.process_time; the embedding model runs on every core,
so its CPU time can exceed wall-clock); wall-clock figures are reported beside them. Memory:
peak process RSS sampled every 5 ms during each step (psutil) and its growth over the step's
start, plus the peak of Python-traced allocations (tracemalloc, numpy arrays included) in a
separate, untimed warm run.

    .venv/bin/python benchmarks/bench_matching.py --policies 1000 --scheme ksic
"""

from __future__ import annotations

import argparse
import csv
import functools
import gc
import io
import math
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import psutil
from bench_report import new_report, print_table, write_report

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench_ingest import load_vocabulary, policy_row  # noqa: E402

import kg.match_features as match_features  # noqa: E402
from ingest.pipeline import Ingestor  # noqa: E402
from kg.bootstrap import initialise  # noqa: E402
from kg.embed import Embedder  # noqa: E402
from kg.match_features import FeatureSet, compute_features, entity_summaries  # noqa: E402
from kg.match_model import load_model  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.store.oxigraph import OxigraphStore  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "matching.json"
CORPUS = REPO / "corpus"
# Steps of compute_features, timed by wrapping the names it calls.
STEPS = ("load_policies", "build_profiles", "entity_summaries", "lexical_features")
STEPS += ("entity_features",)


# -- data -------------------------------------------------------------------------------------


def policies_csv(n: int, seed: int, korean_share: float) -> bytes:
    rng = np.random.default_rng(seed)
    vocab = load_vocabulary()
    rows = [policy_row(rng, i, vocab, korean=bool(rng.random() < korean_share)) for i in range(n)]
    columns = ["id", "title", "title_ko", "issuer", "date", "type", "language"]
    columns += ["description", "objectives", "background"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


# -- measurement ------------------------------------------------------------------------------


class PeakRSS:
    """Peak RSS of a process while the block runs, sampled on a background thread."""

    def __init__(self, pid: int | None = None, interval: float = 0.005) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.start = self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> PeakRSS:
        gc.collect()
        self.start = self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    def as_dict(self) -> dict:
        return {
            "peak_rss_mb": round(self.peak / 2**20, 1),
            "rss_growth_mb": round((self.peak - self.start) / 2**20, 1),
        }


@contextmanager
def timed() -> Iterator[dict]:
    out: dict = {}
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        yield out
    finally:
        out["cpu_s"] = round(time.process_time() - start_cpu, 3)
        out["wall_s"] = round(time.perf_counter() - start, 3)


def cached_texts(settings: Settings) -> int:
    path = settings.embedding_cache_dir / "embeddings.sqlite3"
    if not path.is_file():
        return 0
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM embedding").fetchone()[0])


def features(store: OxigraphStore, embedder: Embedder, scheme: str) -> FeatureSet:
    """compute_features as the Matcher calls it (with the model's learned metric, if any)."""
    model = load_model()
    metric = model.metric_vector() if hasattr(model, "metric_vector") else None
    if metric is None:
        return compute_features(store, embedder, scheme)
    return compute_features(store, embedder, scheme, metric)


def features_run(store: OxigraphStore, embedder: Embedder, scheme: str) -> tuple[dict, FeatureSet]:
    """compute_features with its steps timed (CPU seconds) and peak RSS sampled."""
    cpu: dict[str, float] = defaultdict(float)
    depth = [0]  # encode calls inside a wrapped step count towards that step

    def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def step(*args: Any, **kwargs: Any) -> Any:
            if name == "encode" and depth[0]:
                return func(*args, **kwargs)
            depth[0] += 1
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                cpu[name] += time.process_time() - start
                depth[0] -= 1

        return step

    with ExitStack() as stack:
        for name in STEPS:
            stack.enter_context(
                mock.patch.object(match_features, name, wrap(name, getattr(match_features, name)))
            )
        stack.enter_context(mock.patch.object(embedder, "encode", wrap("encode", embedder.encode)))
        with PeakRSS() as memory, timed() as row:
            fs = features(store, embedder, scheme)
    pairs = fs.values.shape[0] * fs.values.shape[1]
    steps = {name: cpu[name] for name in (*STEPS, "encode")}
    steps["matrix_products_and_normalisation"] = row["cpu_s"] - sum(steps.values())
    row |= {
        "pairs": pairs,
        "pairs_per_s": round(pairs / row["cpu_s"]),
        "wall_pairs_per_s": round(pairs / row["wall_s"]),
        "step_cpu_s": {k: round(v, 3) for k, v in steps.items()},
        **memory.as_dict(),
        "tensor_mb": round(fs.values.nbytes / 2**20, 1),
    }
    return row, fs


def traced_peak(store: OxigraphStore, embedder: Embedder, scheme: str) -> float:
    """Peak Python-traced allocations (MB) of one warm compute_features run."""
    gc.collect()
    tracemalloc.start()
    try:
        features(store, embedder, scheme)
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()


def batched_profile_encoding(settings: Settings, fs: FeatureSet) -> dict:
    """What build_profiles' encoding would cost in one batched call: the same texts (labels and
    every profile's expansion texts) encoded at once, into an empty cache."""
    texts = [p.label_text() for p in fs.profiles.profiles]
    texts += [t for p in fs.profiles.profiles for t in p.expansion_texts()]
    fresh = Embedder(settings.model_copy(update={"cache_dir": settings.data_dir / "cache-batch"}))
    with timed() as row:
        fresh.encode(texts)
    fresh.close()
    row["texts"] = len(texts)
    row["distinct_texts"] = len(set(texts))
    return row


def bench_scoring(fs: FeatureSet, repeats: int) -> dict:
    model = load_model()
    model.logits(fs.values)  # warm
    cpu, wall = [], []
    with PeakRSS() as memory:
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            logits = model.logits(fs.values)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
    pairs = logits.size
    return {
        "pairs": pairs,
        "cpu_s": round(statistics.median(cpu), 4),
        "wall_s": round(statistics.median(wall), 4),
        "pairs_per_s": round(pairs / max(statistics.median(cpu), 1e-9)),
        "wall_pairs_per_s": round(pairs / statistics.median(wall)),
        "repeats": repeats,
        "model": model.info.get("trained_on", "weights file"),
        **memory.as_dict(),
    }


def doc_vectors(store: OxigraphStore, embedder: Embedder, fs: FeatureSet) -> np.ndarray:
    """The document vectors behind dense_doc (rebuilt as compute_features builds them when the
    feature set does not keep them)."""
    if getattr(fs, "doc_vectors", None) is not None:
        return fs.doc_vectors
    docs = fs.docs
    korean = [d.language == "ko" for d in docs]
    summaries = entity_summaries(store, docs) if any(korean) else []
    views = [
        f"{d.title}. {summaries[i]}" if korean[i] else d.summary_text() for i, d in enumerate(docs)
    ]
    return embedder.encode(views)


def bench_naive(docs: np.ndarray, profiles: np.ndarray, fs: FeatureSet, pairs: int) -> dict:
    """One cosine per pair in a Python double loop over sampled policies x all concepts."""
    n_docs, n_concepts = len(docs), len(profiles)
    rows = max(1, min(n_docs, math.ceil(pairs / n_concepts)))
    sample = np.random.default_rng(0).choice(n_docs, size=rows, replace=False)
    doc_lists = [docs[i].tolist() for i in sample]
    profile_lists = profiles.tolist()
    total = n_docs * n_concepts

    def python_loop() -> list[float]:
        out = []
        for a in doc_lists:
            for b in profile_lists:
                dot = sum(x * y for x, y in zip(a, b, strict=True))
                na = math.sqrt(sum(x * x for x in a))
                nb = math.sqrt(sum(y * y for y in b))
                out.append(dot / (na * nb))
        return out

    def numpy_loop() -> list[float]:
        out = []
        for i in sample:
            a = docs[i]
            for b in profiles:
                out.append(float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))))
        return out

    result: dict = {"sampled_pairs": rows * n_concepts, "pairs": total}
    expected = fs.feature("dense_doc")[sample].ravel()
    for name, loop in (("python_loop", python_loop), ("numpy_per_pair", numpy_loop)):
        with timed() as row:
            values = loop()
        row["pairs_per_s"] = round(rows * n_concepts / row["cpu_s"])
        row["wall_pairs_per_s"] = round(rows * n_concepts / row["wall_s"])
        row["extrapolated_all_pairs_cpu_s"] = round(total / row["pairs_per_s"], 1)
        row["max_abs_diff_vs_dense_doc"] = float(np.max(np.abs(np.array(values) - expected)))
        result[name] = row
    cpu, wall = [], []
    for _ in range(5):
        start, start_cpu = time.perf_counter(), time.process_time()
        docs @ profiles.T
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    result["matrix"] = {
        "cpu_s": round(statistics.median(cpu), 4),
        "wall_s": round(statistics.median(wall), 4),
        "pairs_per_s": round(total / max(statistics.median(cpu), 1e-9)),
        "wall_pairs_per_s": round(total / statistics.median(wall)),
    }
    return result


# -- report -----------------------------------------------------------------------------------


COLUMNS = {
    "cpu_s": "cpu s",
    "wall_s": "wall s",
    "pairs_per_s": "pairs/s cpu",
    "wall_pairs_per_s": "pairs/s wall",
    "peak_rss_mb": "peak RSS MB",
    "rss_growth_mb": "RSS growth MB",
}


def show_table(title: str, rows: list[tuple[str, dict]]) -> None:
    print_table(title, rows, COLUMNS, name_width=44)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--scheme", default="ksic")
    parser.add_argument("--naive-pairs", type=int, default=20_000, help="sampled for the loop")
    parser.add_argument("--scoring-repeats", type=int, default=5)
    parser.add_argument("--korean-share", type=float, default=0.5)
    parser.add_argument("--no-tables", action="store_true", help="skip technologies etc.")
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument(
        "--torch-threads", type=int, default=0, help="torch intra-op threads (0: its default)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    import torch

    if args.torch_threads:
        torch.set_num_threads(args.torch_threads)

    report = new_report(
        policies=args.policies,
        scheme=args.scheme,
        torch_threads=torch.get_num_threads(),
        seed=args.seed,
    )
    tmp = Path(tempfile.mkdtemp(prefix="bench-matching-"))
    try:
        # An explicit cache_dir: POLICYKG_CACHE_DIR in the environment must not warm the cold run.
        settings = Settings(data_dir=tmp / "data", cache_dir=tmp / "cache")
        store = OxigraphStore(None)
        setup: list[tuple[str, dict]] = []
        with timed() as row:
            initialise(store)
            ingestor = Ingestor(store, settings)
            if not args.no_tables:
                tables = [CORPUS / "technologies.csv", CORPUS / "organisations.csv"]
                results = ingestor.ingest_paths(tables)
                assert all(r.status == "added" for r in results), results
        setup.append(("initialise + demo tables", row))
        data = policies_csv(args.policies, args.seed, args.korean_share)
        with PeakRSS() as memory, timed() as row:
            result = ingestor.ingest_bytes(data, "policies.csv", as_kind="policies")
        if result.status != "added":
            raise SystemExit(f"ingest failed: {result.message[:500]}")
        row |= {
            "documents": result.documents,
            "triples": result.triples,
            "csv_mb": round(len(data) / 2**20, 2),
            "docs_per_s": round(result.documents / row["cpu_s"], 1),
            **memory.as_dict(),
        }
        setup.append((f"ingest {args.policies:,} policies (CSV)", row))
        embedder = Embedder(settings)
        with timed() as row:
            embedder.model  # noqa: B018 - loads the model, so cold features time encoding only
        setup.append(("load embedding model", row))
        report["setup"] = {name: r for name, r in setup}
        write_report(report, args.out)
        show_table("Setup", setup)

        cold, fs = features_run(store, embedder, args.scheme)
        cold["texts_encoded"] = cached_texts(settings)
        cold["profiles_batched_encoding"] = batched_profile_encoding(settings, fs)
        del fs
        warm, fs = features_run(store, embedder, args.scheme)
        n_docs, n_concepts, n_features = fs.values.shape
        report["features"] = {"cold": cold, "warm": warm}
        report["shape"] = {"policies": n_docs, "concepts": n_concepts, "features": n_features}
        write_report(report, args.out)
        scoring = bench_scoring(fs, args.scoring_repeats)
        report["scoring"] = scoring
        if not args.no_tracemalloc:
            report["features"]["warm"]["tracemalloc_peak_mb"] = traced_peak(
                store, embedder, args.scheme
            )
        vectors = doc_vectors(store, embedder, fs)
        naive = bench_naive(vectors, fs.profiles.profile_vectors, fs, args.naive_pairs)
        report["cosine_baseline"] = naive
        write_report(report, args.out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    pairs = n_docs * n_concepts
    show_table(
        f"Matching {n_docs:,} policies x {n_concepts:,} {args.scheme} concepts = {pairs:,} pairs "
        f"({n_features} features each)",
        [
            (f"features, cold ({cold['texts_encoded']:,} texts encoded)", cold),
            ("features, warm (embedding cache)", warm),
            ("scoring: MatchModel.logits", scoring),
        ],
    )
    for name in ("cold", "warm"):
        steps = report["features"][name]["step_cpu_s"]
        print(f"  {name} CPU s by step: " + ", ".join(f"{k} {v}" for k, v in steps.items()))
    batch = cold["profiles_batched_encoding"]
    print(
        f"  build_profiles encodes each profile's texts in its own call; the same "
        f"{batch['texts']:,} texts in one batched call: {batch['cpu_s']} s cpu, "
        f"{batch['wall_s']} s wall (cold build_profiles: "
        f"{cold['step_cpu_s']['build_profiles']} s cpu)"
    )
    if "tracemalloc_peak_mb" in warm:
        print(f"  warm features, peak Python-traced allocations: {warm['tracemalloc_peak_mb']} MB")

    sampled = naive["sampled_pairs"]
    show_table(
        f"One cosine per pair over the dense_doc vectors ({sampled:,} sampled pairs, "
        f"extrapolated to {pairs:,})",
        [
            ("naive Python double loop (lists)", naive["python_loop"]),
            ("Python double loop, numpy dot per pair", naive["numpy_per_pair"]),
            ("matrix product (docs @ profiles.T)", naive["matrix"]),
        ],
    )
    python_rate = naive["python_loop"]["pairs_per_s"]
    matrix_rate = naive["matrix"]["pairs_per_s"]
    print("\nSpeed-ups (CPU time; the loops are extrapolated from their sample)")
    print(
        f"  matrix cosine vs naive Python loop: {matrix_rate / python_rate:,.0f}x; "
        f"vs numpy dot per pair: {matrix_rate / naive['numpy_per_pair']['pairs_per_s']:,.0f}x"
    )
    print(
        f"  all {n_features} features, warm, vs ONE naive Python cosine per pair: "
        f"{warm['pairs_per_s'] / python_rate:,.1f}x; "
        f"cold: {cold['pairs_per_s'] / python_rate:,.1f}x"
    )
    print(
        f"  naive Python loop for all pairs (one feature): "
        f"{naive['python_loop']['extrapolated_all_pairs_cpu_s']:,} s cpu, vs "
        f"{warm['cpu_s']} s warm / {cold['cpu_s']} s cold for all {n_features} features"
    )
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()

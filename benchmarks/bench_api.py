"""API benchmark: latency of GET /search, GET /matches and POST /ask over loopback (not a test).

The script starts the server itself, `policykg --data-dir DIR serve --port FREE_PORT` on
127.0.0.1, and stops it at the end, also on error or Ctrl-C. DIR is built with `policykg
init`, `policykg ingest corpus/` and `policykg index` (each timed: wall-clock and the CPU
time of the child process), or given with --data-dir (already prepared; nothing is built).

Load: httpx clients in threads, a closed loop at concurrency 1 and 8, --requests requests per
endpoint and concurrency (default 100). Query mixes: /search the 40 gold retrieval queries
(corpus/gold/retrieval.csv, Korean and English), /ask the 35 gold planner questions
(corpus/gold/questions.csv), /matches what the UI asks for (each strategic industry, with and
without a region; single policies; KSIC industries and policies). Before measuring, every
distinct request is sent once at concurrency 1: this "first pass" (reported separately) loads
the model and indexes, computes the match features of each scheme and encodes each query, so
the measured requests then see a warm server, with query embeddings in its cache.

Server cost is also reported as the server process's CPU time per request (psutil), which a
busy machine disturbs less than latency; note that on 2 cores the load generator shares the
CPUs with the server. Server memory: RSS after start, after the first pass, peak under load.

--passages N (e.g. 100000) also builds a corpus of generated documents with 8 one-passage
paragraphs each (see bench_ingest.py) on top of the demo corpus. Two pilots (--pilot-docs / 4
and --pilot-docs documents) are ingested and indexed first and the full build time is
extrapolated linearly from them; above --max-build-min minutes the large corpus is not built
(unless --force) and only the estimate is reported, beside the demo-corpus measurements.

    .venv/bin/python benchmarks/bench_api.py
    .venv/bin/python benchmarks/bench_api.py --passages 100000
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil
from bench_report import new_report, write_report

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "api.json"
CORPUS = REPO / "corpus"
POLICYKG = REPO / ".venv" / "bin" / "policykg"
HOST = "127.0.0.1"
PARAGRAPHS_PER_DOC = 8

# /matches requests as the UI sends them (a demo-corpus policy id where one is needed).
MATCH_REQUESTS: list[dict[str, Any]] = [
    *({"scheme": "strategic", "industry": c} for c in ("OPT", "IAP", "AUT", "DES", "REN", "AI")),
    {"scheme": "strategic"},
    {"scheme": "strategic", "industry": "AUT", "region": "24"},
    {"scheme": "strategic", "industry": "REN", "region": "36"},
    {"scheme": "strategic", "policy": "photonics-industry-promotion"},
    {"scheme": "strategic", "policy": "ko-hydrogen-roadmap-2019"},
    {"scheme": "strategic", "min_score": 0.5, "page": 2},
    {"scheme": "ksic", "industry": "26121"},
    {"scheme": "ksic", "policy": "future-automobile-strategy-2019"},
]


@dataclass
class Request:
    endpoint: str
    method: str
    path: str
    params: dict[str, Any] | None = None
    body: dict[str, Any] | None = None


def _gold(name: str) -> list[dict[str, str]]:
    with (CORPUS / "gold" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def request_mixes() -> dict[str, list[Request]]:
    return {
        "search": [
            Request("search", "GET", "/search", {"q": r["query"], "k": 10})
            for r in _gold("retrieval.csv")
        ],
        "matches": [
            Request("matches", "GET", "/matches", {**p, "page_size": 10}) for p in MATCH_REQUESTS
        ],
        "ask": [
            Request("ask", "POST", "/ask", body={"question": r["question"]})
            for r in _gold("questions.csv")
        ],
    }


# -- server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def child_env() -> dict[str, str]:
    """The environment without POLICYKG_* settings (the data dir is given explicitly), offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env |= {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return env


def run_cli(data_dir: Path, *args: str, log: Path) -> dict:
    """One `policykg` command; wall-clock and the child's CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with log.open("ab") as out:
        done = subprocess.run(
            [str(POLICYKG), "--data-dir", str(data_dir), *args],
            cwd=REPO,
            env=child_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"policykg {' '.join(args)} failed ({done.returncode}):\n{tail}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}


def build_data_dir(data_dir: Path, log: Path) -> dict:
    steps = {"init": run_cli(data_dir, "init", log=log)}
    steps["ingest_corpus"] = run_cli(data_dir, "ingest", str(CORPUS), log=log)
    steps["index"] = run_cli(data_dir, "index", log=log)
    steps["total_wall_s"] = round(sum(s["wall_s"] for s in steps.values()), 1)
    return steps


class Server:
    """`policykg serve` in a child process; always stopped by close() (or the with-block)."""

    def __init__(self, data_dir: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [str(POLICYKG), "--data-dir", str(data_dir), "serve", "--host", HOST]
            + ["--port", str(self.port)],
            cwd=REPO,
            env=child_env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.process = psutil.Process(self.proc.pid)
        self.log = log

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_ready(self, timeout: float = 180.0) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.proc.poll() is not None:
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise SystemExit(f"the server exited with {self.proc.returncode}:\n{tail}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return time.perf_counter() - start
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"the server did not answer /health within {timeout:.0f} s")

    def cpu_s(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def rss_mb(self) -> float:
        return round(self.process.memory_info().rss / 2**20, 1)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


class PeakRSS:
    """Peak RSS of the server while the block runs, sampled on a background thread."""

    def __init__(self, process: psutil.Process, interval: float = 0.02) -> None:
        self.process = process
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return

    def __enter__(self) -> PeakRSS:
        self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# -- load -------------------------------------------------------------------------------------


def send(client: httpx.Client, req: Request) -> tuple[float, int]:
    start = time.perf_counter()
    if req.method == "GET":
        response = client.get(req.path, params=req.params)
    else:
        response = client.post(req.path, json=req.body)
    response.read()
    return time.perf_counter() - start, response.status_code


def _ms(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def summarise(latencies: list[float], codes: list[int], wall: float, server_cpu: float) -> dict:
    return {
        "requests": len(latencies),
        "errors": sum(1 for c in codes if c != 200),
        "status_codes": sorted(set(codes)),
        "p50_ms": _ms(latencies, 0.5),
        "p95_ms": _ms(latencies, 0.95),
        "max_ms": round(1000 * max(latencies), 1),
        "mean_ms": round(1000 * statistics.mean(latencies), 1),
        "req_per_s": round(len(latencies) / wall, 2),
        "server_cpu_ms_per_req": round(1000 * server_cpu / len(latencies), 1),
    }


def first_pass(server: Server, mixes: dict[str, list[Request]]) -> dict:
    """Every distinct request once, one at a time: what a cold server costs."""
    out = {}
    with httpx.Client(base_url=server.url, timeout=900) as client:
        for endpoint, mix in mixes.items():
            cpu = server.cpu_s()
            start = time.perf_counter()
            results = [send(client, req) for req in mix]
            wall = time.perf_counter() - start
            latencies, codes = [r[0] for r in results], [r[1] for r in results]
            out[endpoint] = summarise(latencies, codes, wall, server.cpu_s() - cpu)
            bad = [(req.params or req.body) for req, c in zip(mix, codes, strict=True) if c != 200]
            if bad:
                out[endpoint]["failed_requests"] = bad[:5]
    return out


def load(server: Server, mix: list[Request], n: int, concurrency: int, seed: int) -> dict:
    """`n` requests drawn from the mix (every request before any repeats), `concurrency` workers."""
    rng = np.random.default_rng(seed)
    order = [mix[int(i)] for k in range(math.ceil(n / len(mix))) for i in rng.permutation(len(mix))]
    order = order[:n]
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    position = iter(order)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    def worker(client: httpx.Client) -> None:
        while True:
            with lock:
                req = next(position, None)
            if req is None:
                return
            outcome = send(client, req)
            with lock:
                results.append(outcome)

    with httpx.Client(base_url=server.url, timeout=300, limits=limits) as client:
        cpu = server.cpu_s()
        with PeakRSS(server.process) as memory:
            start = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                for _ in range(concurrency):
                    pool.submit(worker, client)
            wall = time.perf_counter() - start
        server_cpu = server.cpu_s() - cpu
    row = summarise([r[0] for r in results], [r[1] for r in results], wall, server_cpu)
    row["concurrency"] = concurrency
    row["server_peak_rss_mb"] = round(memory.peak / 2**20, 1)
    return row


def measure(data_dir: Path, label: str, args: argparse.Namespace, log: Path) -> dict:
    mixes = request_mixes()
    with Server(data_dir, log) as server:
        startup = server.wait_ready()
        ready = httpx.get(f"{server.url}/ready", timeout=30).json()
        section: dict = {
            "data_dir": label,
            "store": {"graphs": ready.get("graphs"), "triples": ready.get("triples")},
            "startup_s": round(startup, 1),
            "server_rss_mb": {"after_start": server.rss_mb()},
        }
        print(f"\n[{label}] server on {server.url}, up in {startup:.1f} s, {ready}")
        section["first_pass"] = first_pass(server, mixes)
        section["server_rss_mb"]["after_first_pass"] = server.rss_mb()
        print_first_pass(section["first_pass"])
        section["load"] = {}
        for endpoint, mix in mixes.items():
            for concurrency in args.concurrency:
                row = load(server, mix, args.requests, concurrency, args.seed)
                section["load"][f"{endpoint}@{concurrency}"] = row
                print_row(endpoint, row)
        section["server_rss_mb"]["at_end"] = server.rss_mb()
        section["server_rss_mb"]["peak_under_load"] = max(
            r["server_peak_rss_mb"] for r in section["load"].values()
        )
        section["server_cpu_s_total"] = round(server.cpu_s(), 1)
    return section


# -- the large corpus -------------------------------------------------------------------------


def _pilot(demo_dir: Path, docs: int, seed: int, tmp: Path, log: Path) -> dict:
    """Ingest and index `docs` generated documents on top of a copy of the demo directory."""
    from bench_ingest import write_corpus  # this folder is on sys.path when run as a script

    folder = tmp / f"pilot-{docs}"
    write_corpus(folder, docs, seed, paragraphs=PARAGRAPHS_PER_DOC)
    data_dir = tmp / f"pilot-{docs}-data"
    shutil.copytree(demo_dir, data_dir)
    try:
        ingest = run_cli(data_dir, "ingest", str(folder), log=log)
        index = run_cli(data_dir, "index", log=log)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    return {"documents": docs, "ingest": ingest, "index": index}


def passages_corpus(
    args: argparse.Namespace, demo_dir: Path, demo_build: dict, tmp: Path, log: Path
) -> tuple[dict, Path | None]:
    """Pilots, estimate and (within budget) the build of the --passages corpus.

    Two pilots (a quarter of --pilot-docs, and --pilot-docs) on top of the demo directory give
    the cost per document of `ingest` and `index` as a slope, free of each command's start-up.
    """
    from bench_ingest import write_corpus

    docs = math.ceil(args.passages / PARAGRAPHS_PER_DOC)
    sizes = (max(1, args.pilot_docs // 4), args.pilot_docs)
    small, large = (_pilot(demo_dir, n, args.seed + 1, tmp, log) for n in sizes)
    slope = {
        step: (large[step]["wall_s"] - small[step]["wall_s"]) / (sizes[1] - sizes[0])
        for step in ("ingest", "index")
    }
    startup = {step: large[step]["wall_s"] - slope[step] * sizes[1] for step in slope}
    estimate_s = demo_build["total_wall_s"] + sum(
        startup[step] + slope[step] * docs for step in slope
    )
    info = {
        "passages": args.passages,
        "documents": docs,
        "pilots": [small, large],
        "seconds_per_document": {k: round(v, 3) for k, v in slope.items()},
        "estimated_build_min": round(estimate_s / 60, 1),
        "estimate": "demo build + linear in documents from the two pilots (HNSW above 50k "
        "vectors and a larger store make the real build slower: a lower bound)",
        "max_build_min": args.max_build_min,
    }
    print(
        f"\n--passages {args.passages:,}: {docs:,} documents x {PARAGRAPHS_PER_DOC} passages; "
        f"pilots of {sizes[0]} and {sizes[1]} docs: ingest {slope['ingest']:.3f} s/doc, index "
        f"{slope['index']:.3f} s/doc -> estimated build {estimate_s / 60:.1f} min "
        f"(budget {args.max_build_min:g} min)"
    )
    if estimate_s / 60 > args.max_build_min and not args.force:
        info["built"] = False
        print("  over budget: not built (use --force to build anyway)")
        return info, None
    folder = tmp / "generated"
    start = time.perf_counter()
    write_corpus(folder, docs, args.seed, paragraphs=PARAGRAPHS_PER_DOC)
    info["generate_s"] = round(time.perf_counter() - start, 1)
    big_dir = tmp / "data-passages"
    shutil.copytree(demo_dir, big_dir)
    steps = {"ingest_generated": run_cli(big_dir, "ingest", str(folder), log=log)}
    steps["index"] = run_cli(big_dir, "index", log=log)
    info |= {"built": True, "build": steps}
    built_s = demo_build["total_wall_s"] + sum(s["wall_s"] for s in steps.values())
    info["build_min"] = round(built_s / 60, 1)
    return info, big_dir


# -- report -----------------------------------------------------------------------------------

COLS = {
    "requests": "requests",
    "errors": "errors",
    "p50_ms": "p50 ms",
    "p95_ms": "p95 ms",
    "max_ms": "max ms",
    "req_per_s": "req/s",
    "server_cpu_ms_per_req": "server cpu ms/req",
}


def print_header(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'':16}" + "".join(f"{c:>19}" for c in COLS.values()))


def print_row(name: str, row: dict) -> None:
    if "concurrency" in row and name:
        name = f"{name} @ c={row['concurrency']}"
    print(f"  {name:16}" + "".join(f"{row.get(c, '-')!s:>19}" for c in COLS))


def print_first_pass(rows: dict) -> None:
    print_header("First pass (every distinct request once, c=1; cold caches)")
    for name, row in rows.items():
        print_row(name, row)
    print_header("Measured (warm)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="an already prepared data directory")
    parser.add_argument("--requests", type=int, default=100, help="per endpoint and concurrency")
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--passages", type=int, default=0, help="also a generated corpus")
    parser.add_argument("--pilot-docs", type=int, default=200)
    parser.add_argument("--max-build-min", type=float, default=20.0)
    parser.add_argument("--force", action="store_true", help="build over the time budget")
    parser.add_argument("--keep", action="store_true", help="keep the built data directories")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    # SIGTERM unwinds like Ctrl-C, so the finally blocks stop the server and clean up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.out.parent.mkdir(parents=True, exist_ok=True)

    report = new_report(
        requests=args.requests,
        concurrency=args.concurrency,
    )
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    log = tmp / "policykg.log"
    try:
        if args.data_dir:
            demo_dir = args.data_dir.resolve()
            report["build"] = "prepared directory given: not built"
        else:
            demo_dir = tmp / "data"
            report["build"] = build_data_dir(demo_dir, log)
            print(f"built the demo data directory: {report['build']}")
        write_report(report, args.out)
        report["demo"] = measure(demo_dir, "demo corpus", args, log)
        write_report(report, args.out)
        if args.passages:
            if not isinstance(report["build"], dict):
                raise SystemExit("--passages needs a demo build: omit --data-dir")
            info, big_dir = passages_corpus(args, demo_dir, report["build"], tmp, log)
            report["passages_corpus"] = info
            write_report(report, args.out)
            if big_dir is not None:
                report["passages_corpus"]["measured"] = measure(
                    big_dir, f"{args.passages:,} passages", args, log
                )
    finally:
        write_report(report, args.out)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print("\nServer memory (RSS MB):", report["demo"]["server_rss_mb"])
    if "passages_corpus" in report:
        info = report["passages_corpus"]
        print(
            f"--passages {info['passages']:,}: estimated build {info['estimated_build_min']} min"
            + (f", built in {info['build_min']} min" if info.get("built") else ", not built")
        )
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()

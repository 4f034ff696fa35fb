"""`policykg eval matching`: the STIP dev set and the corpus/gold judgments, baseline beside."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from evaluation import stip
from kg.embed import Embedder
from kg.errors import InputError
from kg.match_features import FeatureSet, compute_features
from kg.match_model import MatchModel, load_model
from kg.metrics import mean, ndcg_at_k, precision_at_1, recall_at_k
from kg.settings import Settings
from kg.store.base import Store

BASELINE = "dense_label"  # plain embedding cosine between policy text and industry label


def ranking_metrics(
    scores: np.ndarray, fs: FeatureSet, gold: dict[str, dict[str, float]]
) -> dict[str, float]:
    codes = [p.code for p in fs.profiles.profiles]
    nd, p1, r3 = [], [], []
    for i, doc in enumerate(fs.docs):
        relevance = gold.get(doc.doc_id)
        if not relevance or not any(v > 0 for v in relevance.values()):
            continue
        ranked = [codes[j] for j in np.argsort(-scores[i])]
        nd.append(ndcg_at_k(ranked, relevance, 5))
        p1.append(precision_at_1(ranked, relevance))
        r3.append(recall_at_k(ranked, relevance, 3))
    return {
        "policies": len(nd),
        "ndcg@5": round(mean(nd), 4),
        "p@1": round(mean(p1), 4),
        "recall@3": round(mean(r3), 4),
    }


def compare(fs: FeatureSet, gold: dict[str, dict[str, float]], model: MatchModel) -> dict[str, Any]:
    return {
        "baseline": ranking_metrics(fs.feature(BASELINE), fs, gold),
        "policykg": ranking_metrics(model.for_features(fs).logits(fs.values), fs, gold),
    }


def read_judgments(path: Path, scheme: str = "strategic") -> dict[str, dict[str, float]]:
    gold: dict[str, dict[str, float]] = defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["scheme"] == scheme:
                gold[r["policy_id"]][r["industry_code"]] = float(r["relevance"])
    return dict(gold)


def evaluate_stip(settings: Settings) -> dict[str, Any]:
    bench = stip.build(settings)
    model = load_model()
    fs = compute_features(
        bench.store, Embedder(settings), bench.scheme, model.metric_vector(), model.label_heads()
    )
    result = compare(fs, bench.gold, model)
    result["policykg_cross_validated"] = model.for_features(fs).info.get("cross_validation", {})
    result["note"] = (
        "policykg on the dev set is fitted to it; the cross-validated row is the honest "
        "estimate for unseen policies."
    )
    return result


def evaluate_gold(store: Store, settings: Settings, judgments: Path) -> dict[str, Any]:
    gold = read_judgments(judgments)
    model = load_model()
    fs = compute_features(
        store, Embedder(settings), "strategic", model.metric_vector(), model.label_heads()
    )
    if not {d.doc_id for d in fs.docs} & set(gold):
        raise InputError(
            f"None of the {len(gold)} judged policies is in the store at {settings.data_dir}: "
            "ingest the demo corpus first (`policykg init` and `policykg ingest corpus/`, or "
            "`make demo`), or pass --stip-only."
        )
    return compare(fs, gold, model)

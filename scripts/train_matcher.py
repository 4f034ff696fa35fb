"""Train the policy–industry match model on the labelled STIP dev set, with cross-validation.

Stages, all logistic regressions:
1. a diagonal metric between policy and industry-label embeddings (one weight per embedding
   dimension), which becomes the feature `dense_metric`;
2. the generic model: named, scheme-agnostic features (kg.match_features.FEATURES), used for
   every scheme;
3. the STIP-sector head (kg.match_head): one-vs-rest classifiers per sector on the policy
   embedding (feature `supervised`), then a final model over the generic features, that
   feature and per-sector offsets (`label_offset`). It applies only to a scheme with exactly
   these sector labels.
Later stages are trained on out-of-fold scores of earlier ones, so none sees a stage fitted to
the same policies. The reported CV is nested: per outer fold, every stage sees only its
training part. Reproducible: fixed folds and seeds. Writes kg/models/matcher.json with the
weights, the CV scores (mean over 3 seeded 5-fold splits, folds by policy) and the baseline.
Run: .venv/bin/python scripts/train_matcher.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from evaluation import stip
from evaluation.matching import BASELINE
from kg.embed import Embedder
from kg.match_features import FEATURES, FeatureSet, compute_features
from kg.match_head import LabelHead
from kg.match_model import MODEL_FILE, HeadModel, MatchModel
from kg.metrics import mean, ndcg_at_k, precision_at_1, recall_at_k
from kg.settings import Settings

C = 1.0
HEAD_C = 3.0  # per-sector classifiers: ~40 positives each, so weaker regularisation than C
METRIC_SCALE = 10.0  # puts the tiny per-dimension products on the scale C=1 expects
SEEDS = (0, 1, 2)
FOLDS = 5
METRIC = FEATURES.index("dense_metric")
SUPERVISED = FEATURES.index("supervised")
HEAD_ONLY = [FEATURES.index("supervised"), FEATURES.index("label_offset")]
GENERIC = [i for i in range(len(FEATURES)) if i not in HEAD_ONLY]

Stage = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (train rows, score rows) → scores


def scores_table(scores: np.ndarray, doc_ids: list[str], codes: list[str], gold) -> dict:
    nd, p1, r3 = [], [], []
    for i, pid in enumerate(doc_ids):
        if pid not in gold:
            continue
        ranked = [codes[j] for j in np.argsort(-scores[i])]
        nd.append(ndcg_at_k(ranked, gold[pid], 5))
        p1.append(precision_at_1(ranked, gold[pid]))
        r3.append(recall_at_k(ranked, gold[pid], 3))
    return {"ndcg@5": round(mean(nd), 4), "p@1": round(mean(p1), 4), "recall@3": round(mean(r3), 4)}


def out_of_fold(stage: Stage, rows: np.ndarray, k: int, seed: int) -> np.ndarray:
    out = np.zeros((len(rows), k))
    for inner_train, inner_test in KFold(FOLDS, shuffle=True, random_state=seed).split(rows):
        out[inner_test] = stage(rows[inner_train], rows[inner_test])
    return out


class Stages:
    def __init__(self, fs: FeatureSet, y: np.ndarray) -> None:
        self.docs = fs.doc_vectors
        self.labels = fs.profiles.label_vectors
        self.y = y

    def metric_weights(self, rows: np.ndarray) -> np.ndarray:
        """Stage 1: w such that (doc ⊙ label) · w scores a pair."""
        h = (self.docs[rows][:, None, :] * self.labels[None, :, :] * METRIC_SCALE).reshape(
            -1, self.docs.shape[1]
        )
        model = LogisticRegression(C=C, max_iter=5000).fit(h, self.y[rows].ravel())
        return model.coef_[0] * METRIC_SCALE

    def metric(self, train: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self.docs[rows] @ (self.labels * self.metric_weights(train)[None, :]).T

    def classifiers(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Stage 3a: one logistic classifier per industry on the policy embedding."""
        coef, intercept = [], []
        for j in range(self.y.shape[1]):
            model = LogisticRegression(C=HEAD_C, max_iter=5000).fit(
                self.docs[rows], self.y[rows, j]
            )
            coef.append(model.coef_[0])
            intercept.append(model.intercept_[0])
        return np.array(coef), np.array(intercept)

    def supervised(self, train: np.ndarray, rows: np.ndarray) -> np.ndarray:
        coef, intercept = self.classifiers(train)
        return self.docs[rows] @ coef.T + intercept[None, :]


def with_offsets(x: np.ndarray) -> np.ndarray:
    """Append one indicator per industry, whose weights become the per-industry offsets."""
    n, k, _ = x.shape
    return np.concatenate([x, np.broadcast_to(np.eye(k), (n, k, k))], axis=-1)


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    f = x.shape[-1]
    return LogisticRegression(C=C, max_iter=5000).fit(x.reshape(-1, f), y.ravel())


def predict(model: LogisticRegression, x: np.ndarray) -> np.ndarray:
    n, k, f = x.shape
    return model.decision_function(x.reshape(-1, f)).reshape(n, k)


def named(names: list[str], weights: np.ndarray) -> dict[str, float]:
    return {name: round(float(w), 5) for name, w in zip(names, weights, strict=True)}


def stacked(values: np.ndarray, stages: Stages, train: np.ndarray, test: np.ndarray, seed: int):
    """Feature tensors for train (out-of-fold stage scores) and test (stages fit on train)."""
    k = values.shape[1]
    x = values.copy()
    x[train, :, METRIC] = out_of_fold(stages.metric, train, k, seed)
    x[test, :, METRIC] = stages.metric(train, test)
    x[train, :, SUPERVISED] = out_of_fold(stages.supervised, train, k, seed)
    x[test, :, SUPERVISED] = stages.supervised(train, test)
    return x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="policykg-train-"))
    settings = Settings(data_dir=data_dir)
    bench = stip.build(settings)
    embedder = Embedder(settings)
    fs = compute_features(bench.store, embedder, bench.scheme)  # stage features are 0 here
    doc_ids = [d.doc_id for d in fs.docs]
    codes = [p.code for p in fs.profiles.profiles]
    y = np.array([[bench.gold.get(pid, {}).get(c, 0) > 0 for c in codes] for pid in doc_ids], int)
    n, k, _ = fs.values.shape
    stages = Stages(fs, y)
    baseline = scores_table(fs.feature(BASELINE), doc_ids, codes, bench.gold)
    runs: dict[str, list[dict]] = {"generic": [], "head": []}
    for seed in SEEDS:
        pred = {name: np.zeros((n, k)) for name in runs}
        for train, test in KFold(FOLDS, shuffle=True, random_state=seed).split(np.arange(n)):
            x = stacked(fs.values, stages, train, test, seed)
            generic = x[:, :, GENERIC]
            pred["generic"][test] = predict(fit(generic[train], y[train]), generic[test])
            head_x = with_offsets(x[:, :, GENERIC + [SUPERVISED]])
            pred["head"][test] = predict(fit(head_x[train], y[train]), head_x[test])
        for name in runs:
            runs[name].append(scores_table(pred[name], doc_ids, codes, bench.gold))
    cv = {name: {m: round(mean([r[m] for r in rs]), 4) for m in rs[0]} for name, rs in runs.items()}
    everyone = np.arange(n)
    x = fs.values.copy()
    x[:, :, METRIC] = out_of_fold(stages.metric, everyone, k, SEEDS[0])
    x[:, :, SUPERVISED] = out_of_fold(stages.supervised, everyone, k, SEEDS[0])
    generic_fit = fit(x[:, :, GENERIC], y)
    head_fit = fit(with_offsets(x[:, :, GENERIC + [SUPERVISED]]), y)
    cv_info = {"folds": FOLDS, "seeds": list(SEEDS), "nested": True}
    generic_names = [FEATURES[i] for i in GENERIC]
    head_names = [*generic_names, "supervised"]
    coef, intercept = stages.classifiers(everyone)
    head = LabelHead(
        labels=tuple(p.label for p in fs.profiles.profiles),
        coef=coef,
        intercept=intercept,
        offsets=head_fit.coef_[0][len(head_names) :],
        embedding_model=embedder.model_name,
    )
    head_model = MatchModel(
        weights={
            **named(head_names, head_fit.coef_[0][: len(head_names)]),
            "label_offset": 1.0,
        },
        bias=round(float(head_fit.intercept_[0]), 5),
        info={
            "model": "logistic regression over the generic features, per-sector classifiers "
            "(one-vs-rest, L2, C=3.0) and per-sector offsets",
            "cross_validation": {**cv_info, **cv["head"]},
        },
    )
    model = MatchModel(
        weights=named(generic_names, generic_fit.coef_[0]),
        bias=round(float(generic_fit.intercept_[0]), 5),
        info={
            "trained_on": "OECD STIP Compass 2021 dev set (256 labelled initiatives, 18 sectors)",
            "model": "logistic regression (L2, C=1.0) on scheme-agnostic features, stacked on "
            "a diagonal embedding metric",
            "embedding_model": embedder.model_name,
            "cross_validation": {**cv_info, **cv["generic"]},
            "baseline_label_cosine": baseline,
        },
        metric=tuple(float(v) for v in stages.metric_weights(everyone)),
        heads=(HeadModel(head, head_model),),
    )
    MODEL_FILE.write_text(model.to_json(), encoding="utf-8")
    print(f"baseline (label cosine):           {baseline}")
    print(f"cross-validated generic model:     {cv['generic']}")
    print(f"cross-validated STIP-sector head:  {cv['head']}")
    print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()

"""The learned combination of match features: a logistic model with named weights.

Trained by scripts/train_matcher.py on the labelled STIP dev set (cross-validated); the
weights file records the training data, the CV scores and the baseline. The generic
model's features are scheme-agnostic (no weight belongs to a particular industry), so it
applies to any SKOS scheme. A scheme we have labelled examples for also gets a supervised
head (kg.match_head) and its own final weights. Without a weights file, an even blend of the
normalised features is used.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from kg.match_features import COMPONENT_OF, FEATURES, FeatureSet
from kg.match_head import LabelHead

MODEL_FILE = Path(__file__).parent / "models" / "matcher.json"


@dataclass(frozen=True)
class MatchModel:
    weights: dict[str, float]
    bias: float
    info: dict[str, Any] = field(default_factory=dict)
    # Diagonal metric between policy and industry-label embeddings (one weight per dimension),
    # feeding the `dense_metric` feature; tied to the embedding model it was trained with.
    metric: tuple[float, ...] | None = None
    heads: tuple[HeadModel, ...] = ()

    def label_heads(self) -> tuple[LabelHead, ...]:
        return tuple(h.head for h in self.heads)

    def for_features(self, fs: FeatureSet) -> MatchModel:
        """The model that scores this feature set: its head's, when a head applied."""
        return self if fs.head is None else self.heads[fs.head].model

    def metric_vector(self) -> np.ndarray | None:
        return None if self.metric is None else np.asarray(self.metric, dtype=np.float32)

    def vector(self) -> np.ndarray:
        return np.array([self.weights.get(f, 0.0) for f in FEATURES], dtype=np.float32)

    def logits(self, values: np.ndarray) -> np.ndarray:
        return values @ self.vector() + self.bias

    def components(self, feature_values: np.ndarray) -> dict[str, float]:
        """Contribution of each component (sum of weight × feature) for one pair."""
        out: dict[str, float] = {}
        for name, value, w in zip(FEATURES, feature_values, self.vector(), strict=True):
            if not w:  # a feature this model does not use (e.g. `supervised` without a head)
                continue
            key = COMPONENT_OF[name]
            out[key] = out.get(key, 0.0) + float(value * w)
        return out

    def to_json(self) -> str:
        body = {"features": list(FEATURES), "weights": self.weights, "bias": self.bias, **self.info}
        if self.metric is not None:
            body["metric_weights"] = [round(x, 6) for x in self.metric]
        if self.heads:
            body["heads"] = [
                {"weights": h.model.weights, "bias": h.model.bias, **h.model.info}
                | h.head.to_dict()
                for h in self.heads
            ]
        text = json.dumps(body, indent=2, ensure_ascii=False)
        # One line per list of numbers keeps the classifier rows readable in a diff.
        return re.sub(r"\[\s+([-\d.e,\s]+?)\s+\]", _one_line, text) + "\n"


def _one_line(match: re.Match[str]) -> str:
    return "[" + " ".join(match.group(1).split()) + "]"


@dataclass(frozen=True)
class HeadModel:
    head: LabelHead
    model: MatchModel


FALLBACK = MatchModel(
    weights={"dense_doc_z": 0.5, "dense_doc_col": 0.3, "lexical_z": 0.3, "entity_z": 0.3},
    bias=-2.0,
    info={"trained_on": "none (fallback blend)"},
)


@cache
def load_model(path: Path = MODEL_FILE) -> MatchModel:
    if not path.is_file():
        return FALLBACK
    data = json.loads(path.read_text(encoding="utf-8"))
    reserved = ("features", "weights", "bias", "metric_weights", "heads")
    info = {k: v for k, v in data.items() if k not in reserved}
    metric = tuple(data["metric_weights"]) if data.get("metric_weights") else None
    heads = tuple(
        HeadModel(
            LabelHead.from_dict(h),
            MatchModel(
                dict(h["weights"]),
                float(h["bias"]),
                {k: v for k, v in h.items() if k not in (*reserved, *LabelHead.FIELDS)},
            ),
        )
        for h in data.get("heads", [])
    )
    return MatchModel(dict(data["weights"]), float(data["bias"]), info, metric, heads)

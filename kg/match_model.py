"""The learned combination of match features: a logistic model with named weights.

Trained by scripts/train_matcher.py on the labelled STIP dev set (cross-validated); the
weights file records the training data, the CV scores and the baseline. Features are
scheme-agnostic (no weight belongs to a particular industry), so the model applies to any
SKOS scheme. Without a weights file, an even blend of the normalised features is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from kg.match_features import COMPONENT_OF, FEATURES

MODEL_FILE = Path(__file__).parent / "models" / "matcher.json"


@dataclass(frozen=True)
class MatchModel:
    weights: dict[str, float]
    bias: float
    info: dict[str, Any] = field(default_factory=dict)
    # Diagonal metric between policy and industry-label embeddings (one weight per dimension),
    # feeding the `dense_metric` feature; tied to the embedding model it was trained with.
    metric: tuple[float, ...] | None = None

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
            key = COMPONENT_OF[name]
            out[key] = out.get(key, 0.0) + float(value * w)
        return out

    def to_json(self) -> str:
        body = {"features": list(FEATURES), "weights": self.weights, "bias": self.bias, **self.info}
        if self.metric is not None:
            body["metric_weights"] = [round(x, 6) for x in self.metric]
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


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
    reserved = ("features", "weights", "bias", "metric_weights")
    info = {k: v for k, v in data.items() if k not in reserved}
    metric = tuple(data["metric_weights"]) if data.get("metric_weights") else None
    return MatchModel(dict(data["weights"]), float(data["bias"]), info, metric)

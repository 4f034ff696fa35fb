"""Ranking metrics over graded relevance (0 = not relevant)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def dcg(gains: Sequence[float], k: int) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ndcg_at_k(ranked: Sequence[str], relevance: dict[str, float], k: int) -> float:
    ideal = dcg(sorted(relevance.values(), reverse=True), k)
    if ideal == 0:
        return 0.0
    return dcg([relevance.get(r, 0.0) for r in ranked], k) / ideal


def precision_at_1(ranked: Sequence[str], relevance: dict[str, float]) -> float:
    return float(bool(ranked) and relevance.get(ranked[0], 0.0) > 0)


def recall_at_k(ranked: Sequence[str], relevance: dict[str, float], k: int) -> float:
    relevant = {r for r, g in relevance.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevance: dict[str, float]) -> float:
    for i, r in enumerate(ranked):
        if relevance.get(r, 0.0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0

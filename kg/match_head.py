"""A supervised head for one labelled scheme: per-industry classifiers over policy embeddings.

The generic match model knows nothing about particular industries, so it carries over to any
scheme. When the scheme being matched is one we have labelled examples for (the OECD STIP
sectors), a head trained on those examples adds two features: `supervised` (a one-vs-rest
logistic classifier per industry on the policy embedding) and `label_offset` (how readily the
industry is labelled at all). The head is recognised by its concept labels, not by scheme name
or codes, so the same 18 sectors ingested under any name get it; any other scheme does not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np


def _norm(label: str) -> str:
    """Case, width and punctuation do not matter: "Marine/Ocean" is "Marine / Ocean"."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", label).casefold()))


@dataclass(frozen=True)
class LabelHead:
    labels: tuple[str, ...]
    coef: np.ndarray  # labels × embedding dim
    intercept: np.ndarray  # labels
    offsets: np.ndarray  # labels; learned per-industry offsets of the final model
    embedding_model: str

    FIELDS = ("labels", "coef", "intercept", "offsets", "embedding_model")

    def alignment(self, concept_labels: list[str]) -> np.ndarray | None:
        """Head row for each concept, or None unless the scheme has exactly these labels."""
        rows = {_norm(label): i for i, label in enumerate(self.labels)}
        normed = [_norm(label) for label in concept_labels]
        if len(normed) != len(rows) or set(normed) != set(rows):
            return None
        return np.array([rows[label] for label in normed])

    def features(self, doc_vectors: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(`supervised`, `label_offset`) for every policy × concept, concepts in scheme order."""
        supervised = doc_vectors @ self.coef[rows].T + self.intercept[rows][None, :]
        offsets = np.broadcast_to(self.offsets[rows][None, :], supervised.shape)
        return supervised, np.array(offsets)

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "embedding_model": self.embedding_model,
            "intercept": [round(float(v), 6) for v in self.intercept],
            "offsets": [round(float(v), 6) for v in self.offsets],
            "coef": [[round(float(v), 6) for v in row] for row in self.coef],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LabelHead:
        return cls(
            labels=tuple(data["labels"]),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=np.asarray(data["intercept"], dtype=np.float32),
            offsets=np.asarray(data["offsets"], dtype=np.float32),
            embedding_model=str(data["embedding_model"]),
        )

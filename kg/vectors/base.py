"""The vector index interface: string ids in, (id, cosine score) out, persisted with a manifest.

Every backend writes `manifest.json` last, so a directory with a manifest describes a complete,
verified index; the manifest also names the embedding model, because vectors from another model
are meaningless to this one's queries.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MANIFEST_NAME = "manifest.json"

Hit = tuple[str, float]


@dataclass(frozen=True)
class IndexManifest:
    """What an index holds; `checksum` and `created` are None until the current state is saved."""

    model: str
    dimension: int | None
    count: int
    kind: str
    checksum: str | None = None
    created: str | None = None


class VectorIndex(ABC):
    """Inner-product search over L2-normalised vectors, so scores are cosine similarities.

    Reads may run concurrently; writes (add, remove, load) must be serialised by the caller.
    """

    @abstractmethod
    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Insert vectors (normalised on the way in), replacing any with the same id."""

    @abstractmethod
    def remove(self, ids: Sequence[str]) -> None:
        """Drop vectors by id; unknown ids are ignored."""

    @abstractmethod
    def search(
        self, vectors: np.ndarray, k: int, allowed: set[str] | None = None
    ) -> list[list[Hit]]:
        """For each query vector, up to `k` (id, score) pairs, best first; `allowed` filters ids."""

    @abstractmethod
    def save(self, directory: str | os.PathLike[str]) -> None:
        """Persist atomically: after a crash the directory still holds the previous index."""

    @abstractmethod
    def load(self, directory: str | os.PathLike[str]) -> None:
        """Replace this index with a saved one; IndexMismatchError if it fails verification."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def __contains__(self, doc_id: object) -> bool: ...

    @property
    @abstractmethod
    def manifest(self) -> IndexManifest: ...

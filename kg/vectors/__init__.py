"""Dense vector indexes: callers use `VectorIndex` and `open_vector_index`, never a backend."""

from kg.vectors.base import MANIFEST_NAME, IndexManifest, VectorIndex
from kg.vectors.factory import open_vector_index, vector_index_dir

__all__ = ["MANIFEST_NAME", "IndexManifest", "VectorIndex", "open_vector_index", "vector_index_dir"]

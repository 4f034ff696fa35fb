"""Choose the store backend from settings; the only module that names backends."""

from __future__ import annotations

from kg.errors import ConfigError
from kg.settings import Settings
from kg.store.base import Store


def open_store(settings: Settings, *, in_memory: bool = False) -> Store:
    if settings.store_backend == "sparql":
        from kg.store.sparql import SparqlEndpointStore

        if not settings.sparql_query_url:
            raise ConfigError("POLICYKG_SPARQL_QUERY_URL is required for the 'sparql' backend.")
        return SparqlEndpointStore(settings.sparql_query_url, settings.sparql_update_url)
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(None if in_memory else settings.store_path)

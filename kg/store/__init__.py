"""RDF store seam: callers use `Store` from base.py; only factory.py names backends."""

from kg.store.base import QueryOutput, Row, Store
from kg.store.factory import open_store

__all__ = ["QueryOutput", "Row", "Store", "open_store"]

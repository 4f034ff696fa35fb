"""The narrow store interface: named graphs replaced whole, SPARQL 1.1 read queries.

Kept small on purpose so that a remote SPARQL 1.1 endpoint can implement it too.
Writes come as pyoxigraph triples, which the embedded store takes as they are and a remote
endpoint receives as N-Triples.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError

Row = dict[str, Any]

_FORBIDDEN = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|SERVICE)\b", re.IGNORECASE
)
# Strings, IRIs, variables and prefixed names may contain the keywords harmlessly.
_NOT_KEYWORDS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\s]*>|[?$]\w+|[\w-]*:[\w-]+|#[^\n]*"
)


def check_read_only(sparql: str) -> None:
    """Refuse SPARQL Update operations and federated SERVICE calls on read paths."""
    stripped = _NOT_KEYWORDS.sub(" ", sparql)
    found = _FORBIDDEN.search(stripped)
    if found:
        raise QueryError(
            f"Read-only endpoint: '{found.group(1).upper()}' is not allowed "
            "(SPARQL Update and SERVICE are refused)."
        )


@dataclass(frozen=True)
class QueryOutput:
    """A serialised query result ready to send: body and its media type."""

    body: bytes
    media_type: str
    truncated: bool = False


class Store(ABC):
    """A quad store with one named graph per ingested source."""

    @abstractmethod
    def select(self, sparql: str, *, limit: int | None = None) -> list[Row]:
        """Run a SELECT; rows map variable names to Python values (str, int, float, bool)."""

    @abstractmethod
    def ask(self, sparql: str) -> bool: ...

    @abstractmethod
    def query_serialized(
        self, sparql: str, media_type: str, *, limit: int, timeout_s: float
    ) -> QueryOutput:
        """Run any read query and serialise it (SPARQL JSON/CSV/TSV, or Turtle/N-Triples)."""

    @abstractmethod
    def replace_graph(self, graph: str, triples: Sequence[ox.Triple]) -> None:
        """Atomically make `graph` hold exactly these triples (creating or replacing it)."""

    @abstractmethod
    def remove_graph(self, graph: str) -> bool:
        """Drop a named graph; True when it existed."""

    @abstractmethod
    def graphs(self) -> list[str]: ...

    @property
    def write_version(self) -> int | None:
        """A counter bumped by every write through this object, or None when others may write
        too (a remote endpoint), in which case callers must not cache what they derive."""
        return None

    @abstractmethod
    def triple_count(self, graph: str | None = None) -> int: ...

    @abstractmethod
    def export(self, media_type: str) -> bytes:
        """All named graphs as N-Quads or TriG, or merged as Turtle/N-Triples/JSON-LD."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files or connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Typed values passed between ingest steps (read → passages → NLP → link → write)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PageSpan:
    """Characters [start, end) of the document text come from page `number` (1-based)."""

    number: int
    start: int
    end: int


@dataclass
class RawDocument:
    """What a reader returns: the full text, page spans when the format has pages, metadata.

    `meta` keys (all optional): id, title, title_ko, issuer, issuer_ko, date, type, language,
    source — front matter for Markdown, document properties for PDF/DOCX/HWPX, <title> for HTML.
    """

    text: str
    fmt: str
    meta: dict[str, Any] = field(default_factory=dict)
    pages: list[PageSpan] = field(default_factory=list)
    encoding: str | None = None  # for text formats: the encoding that was detected

    def page_at(self, offset: int) -> int | None:
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.number
        return self.pages[-1].number if self.pages and offset >= self.pages[-1].end else None


@dataclass(frozen=True)
class Passage:
    ordinal: int
    text: str
    start: int
    end: int
    page: int | None
    language: str


@dataclass(frozen=True)
class Mention:
    """A recognised span; `concept` is None for an unlinked candidate term."""

    passage: int
    start: int  # offsets in the document text
    end: int
    surface: str
    concept: str | None
    kind: str  # industry, technology, growth_engine, region, organisation, candidate, ...
    confidence: float

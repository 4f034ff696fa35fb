"""Helpers every reader shares, so all formats hand on text normalised the same way."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ingest.model import PageSpan, RawDocument
from kg.lang import detect_language

# C0/C1 control characters other than tab and newline: PDF and DOCX extraction leaks them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRAILING = re.compile(r"[ \t\u3000\u00a0]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFC, Unix newlines, no trailing spaces, at most one blank line in a row, stripped ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    text = _TRAILING.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs separated by one blank line, empty ones dropped."""
    return normalise("\n\n".join(p for p in (normalise(p) for p in paragraphs) if p.strip()))


def build(
    text: str,
    fmt: str,
    meta: dict[str, Any] | None = None,
    *,
    pages: list[PageSpan] | None = None,
    encoding: str | None = None,
) -> RawDocument:
    """A RawDocument with empty metadata values dropped and a language guessed if none given."""
    clean: dict[str, Any] = {}
    for key, value in (meta or {}).items():
        if isinstance(value, str):
            value = normalise(value).strip()
        if value is None or value == "":
            continue
        clean[key] = value
    clean.setdefault("language", detect_language(text))
    return RawDocument(text=text, fmt=fmt, meta=clean, pages=pages or [], encoding=encoding)

"""Cut a document into passages that keep character offsets (and pages) of the original.

Paragraphs (blank-line separated) are packed up to a size; a heading starts a new passage and
stays with the paragraph after it, so a passage never runs across a section boundary; a
paragraph longer than the size is cut at sentence ends.
"""

from __future__ import annotations

import re

from ingest.model import Passage, RawDocument
from kg.lang import detect_language

_PARAGRAPH = re.compile(r"\S(?:.*?)(?=\n\s*\n|\Z)", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=다\.)\s*|(?<=[.!?]\))\s+")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _split_long(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    pieces, cursor = [], start
    cuts = [start + m.end() for m in _SENTENCE_END.finditer(text[start:end])] + [end]
    piece_start = start
    for cut in cuts:
        if cut - piece_start > size and cursor > piece_start:
            pieces.append((piece_start, cursor))
            piece_start = cursor
        cursor = cut
    pieces.append((piece_start, end))
    # A single sentence longer than the size is cut hard; rare, and offsets stay exact.
    out = []
    for a, b in pieces:
        while b - a > size * 2:
            out.append((a, a + size))
            a += size
        out.append((a, b))
    return out


def _is_heading(text: str) -> bool:
    return text.startswith("#") or (len(text) < 80 and "\n" not in text and not text.endswith("."))


def split_passages(doc: RawDocument, size: int = 800) -> list[Passage]:
    """Passages of at most about `size` characters, never crossing a page boundary."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    for a, b in _paragraph_spans(text):
        spans.extend(_split_long(text, a, b, size) if b - a > size else [(a, b)])
    packed: list[tuple[int, int]] = []
    only_heading = False  # the last packed passage is a heading with nothing after it yet
    for a, b in spans:
        heading = _is_heading(text[a:b].strip())
        if packed:
            pa, _ = packed[-1]
            same_page = doc.page_at(pa) == doc.page_at(a)
            fits = b - pa <= size and not heading
            if same_page and (fits or only_heading and b - pa <= size * 2):
                packed[-1] = (pa, b)
                only_heading = False
                continue
        packed.append((a, b))
        only_heading = heading
    passages = []
    for i, (a, b) in enumerate(packed):
        chunk = text[a:b]
        passages.append(Passage(i, chunk, a, b, doc.page_at(a), detect_language(chunk)))
    return passages

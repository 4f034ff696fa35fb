"""Word (.docx) via python-docx: body paragraphs and table cells in document order."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.model import RawDocument
from kg.errors import InputError

from ._common import build, join_paragraphs


def _table_blocks(table: Table) -> Iterator[str]:
    """One block per cell, row by row; merged cells repeat in python-docx, so dedupe them."""
    seen: set[object] = set()  # holding the elements keeps lxml's proxies, hence identity, stable
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _blocks(cell.iter_inner_content())


def _blocks(items: Iterable[Paragraph | Table]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Table):
            yield from _table_blocks(item)
        else:
            yield item.text


def read(data: bytes, name: str) -> RawDocument:
    """Paragraphs separated by blank lines; core properties title/author → title/issuer."""
    try:
        document = docx.Document(io.BytesIO(data))
        text = join_paragraphs(list(_blocks(document.iter_inner_content())))
        props = document.core_properties
        meta = {"title": props.title, "issuer": props.author}
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types
        raise InputError(f"{name} is not a readable DOCX file: {exc}") from None
    return build(text, "docx", meta)

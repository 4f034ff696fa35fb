"""HTML (.html, .htm): visible text with block elements as paragraphs; <title> → meta title."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.element import PreformattedString

from ingest.model import RawDocument

from ._common import build, join_paragraphs
from .text import decode_text

_DROP = {
    "script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "object",
    "button", "select", "input", "textarea",
}  # fmt: skip
_BLOCK = {
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "ol", "p", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "body", "html",
}  # fmt: skip
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
# Browsers read "euc-kr" and its aliases as cp949 (its superset); so should we.
_KOREAN_LABELS = {"euc-kr", "euc_kr", "euckr", "ks_c_5601-1987", "ksc5601", "cp949", "uhc"}


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8 if valid, else the charset the page declares, else generic detection."""
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        encoding = "cp949" if label in _KOREAN_LABELS else label
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


class _Collector:
    """Walks the tree, turning inline runs into paragraphs that end at block boundaries."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer.clear()
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            self.paragraphs.append(paragraph)

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString) or isinstance(child, CData):
                    self._buffer.append(_SPACES.sub(" ", str(child)))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name in _DROP:
                    continue
                if name == "br":
                    self._buffer.append("\n")
                elif name == "pre":
                    self.flush()
                    self.paragraphs.append(child.get_text())
                elif name in _BLOCK:
                    self.flush()
                    self.walk(child)
                    self.flush()
                else:
                    self.walk(child)


def read(data: bytes, name: str) -> RawDocument:
    """Visible text without scripts, styles and navigation; one paragraph per block element."""
    markup, encoding = _decode(data, name)
    soup = BeautifulSoup(markup, "lxml")
    title_tag = soup.find("title")
    title = _SPACES.sub(" ", title_tag.get_text()).strip() if title_tag else None
    collector = _Collector()
    collector.walk(soup)
    collector.flush()
    return build(join_paragraphs(collector.paragraphs), "html", {"title": title}, encoding=encoding)

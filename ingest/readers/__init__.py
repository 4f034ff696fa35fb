"""One module per document format; `read_document` picks by file extension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.model import RawDocument
from kg.errors import InputError, TooLargeError

from . import docx, html, hwpx, markdown, pdf, text

Reader = Callable[[bytes, str], RawDocument]

_READERS: dict[str, Reader] = {
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".txt": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".pdf": pdf.read,
    ".docx": docx.read,
    ".hwpx": hwpx.read,
}

# .hwp is listed so that it reaches read_document, which explains how to convert it.
DOCUMENT_EXTENSIONS: frozenset[str] = frozenset(_READERS) | {".hwp"}

_MB = 1024 * 1024
_BOM = b"\xef\xbb\xbf"


def _mb(size: int) -> str:
    return f"{size / _MB:.2f}".rstrip("0").rstrip(".") + " MB"


def read_document(
    path: Path, *, max_bytes: int, data: bytes | None = None, filename: str | None = None
) -> RawDocument:
    """Read one document from `path`, or from `data` (an upload) named `filename`.

    Size, emptiness and format are checked before any parser sees the bytes.
    """
    name = filename or (path.name if data is not None else str(path))
    suffix = Path(filename or path.name).suffix.lower()
    if suffix == ".hwp":
        raise InputError(
            f"{name}: HWP 5 binary files are not supported; open it in Hangul and save it as "
            "HWPX or PDF"
        )
    reader = _READERS.get(suffix)
    if reader is None:
        supported = ", ".join(sorted(DOCUMENT_EXTENSIONS))
        problem = f"unsupported file type '{suffix}'" if suffix else "no file extension"
        raise InputError(f"{name}: {problem}; supported: {supported}")
    if data is None:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        if not path.is_file():
            raise InputError(f"{name} is not a file")
    else:
        size = len(data)
    if size > max_bytes:
        raise TooLargeError(
            f"{name} is {_mb(size)} ({size:,} bytes); the limit is {_mb(max_bytes)}"
        )
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{name} could not be read: {exc.strerror or exc}") from None
    if not data.removeprefix(_BOM).strip():
        raise InputError(f"{name} is empty")
    document = reader(data, name)
    if not document.text.strip():
        raise InputError(f"{name} contains no text")
    return document


__all__ = ["DOCUMENT_EXTENSIONS", "read_document"]

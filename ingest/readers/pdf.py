"""PDF (.pdf) via pypdf: text per page with exact page spans, so passages can cite pages."""

from __future__ import annotations

import io
import logging

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from ingest.model import PageSpan, RawDocument
from kg.errors import InputError

from ._common import build, normalise

PAGE_SEPARATOR = "\n\n"


def _open(data: bytes, name: str) -> PdfReader:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # corrupt files log noisy warnings
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf raises many types on malformed input
        raise InputError(f"{name} is not a readable PDF: {exc}") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except DependencyError:
            opened = False  # AES encryption needs the optional `cryptography` package
        except Exception as exc:
            raise InputError(f"{name} is encrypted and could not be opened: {exc}") from None
        if not opened:
            raise InputError(
                f"{name} is encrypted (password-protected); save an unprotected copy and try again"
            )
    return reader


def _meta(reader: PdfReader) -> dict[str, str | None]:
    try:
        info = reader.metadata
        return {"title": info.title, "issuer": info.author} if info else {}
    except Exception:  # broken Info dictionaries should not lose an otherwise readable text
        return {}


def read(data: bytes, name: str) -> RawDocument:
    """Pages normalised, joined by a blank line; PageSpan n covers exactly page n's text."""
    reader = _open(data, name)
    text = ""
    pages: list[PageSpan] = []
    try:
        page_list = list(reader.pages)
    except Exception as exc:
        raise InputError(f"{name} is not a readable PDF: {exc}") from None
    for number, page in enumerate(page_list, start=1):
        try:
            page_text = normalise(page.extract_text() or "")
        except Exception as exc:
            raise InputError(f"{name}: could not extract text from page {number}: {exc}") from None
        if text and page_text:
            text += PAGE_SEPARATOR
        start = len(text)
        text += page_text
        pages.append(PageSpan(number=number, start=start, end=len(text)))
    if not text.strip():
        raise InputError(
            f"{name} has no extractable text (it is probably a scanned image); "
            "run OCR on it (e.g. with ocrmypdf) and try again"
        )
    return build(text, "pdf", _meta(reader), pages=pages)

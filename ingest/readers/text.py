"""Plain text (.txt) and the encoding detection other text-based formats reuse.

Korean government files are often still saved as cp949 (EUC-KR); short ones fool generic
detectors, so a strict EUC-KR check with mostly-Hangul output is tried before them.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ingest.model import RawDocument
from kg.errors import InputError
from kg.lang import has_hangul

from ._common import build, normalise

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0e-\x1f]")  # not tab, newline, form feed, CR


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    return len(_CONTROLS.findall(text)) > max(2, len(text) // 100)


def _korean(data: bytes) -> str | None:
    """cp949 text when the bytes are valid EUC-KR (KS X 1001) and mostly Hangul, else None."""
    try:
        data.decode("euc-kr")
    except UnicodeDecodeError:
        return None
    text = data.decode("cp949")
    non_ascii = [ch for ch in text if ord(ch) > 127]
    hangul = sum(1 for ch in non_ascii if has_hangul(ch))
    return text if non_ascii and hangul * 2 >= len(non_ascii) else None


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to (text, encoding): BOM, UTF-8, Korean cp949, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        korean = _korean(data)
        if korean is not None:
            text, encoding = korean, "cp949"
        else:
            best = from_bytes(data).best()
            if best is None or best.encoding is None:
                raise InputError(
                    f"{name}: could not detect the text encoding; save it as UTF-8 and try again"
                ) from None
            text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise InputError(f"{name} does not look like a text file (it contains binary data)")
    return text, encoding


def read(data: bytes, name: str) -> RawDocument:
    """A .txt file: the decoded text, normalised, with the detected encoding recorded."""
    text, encoding = decode_text(data, name)
    return build(normalise(text), "text", encoding=encoding)

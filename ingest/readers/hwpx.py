"""HWPX (.hwpx), Hangul's OWPML format: a ZIP of XML parts; text is in Contents/section*.xml.

Paragraphs are <hp:p> elements holding <hp:t> runs. Tables sit inside paragraphs, so a
paragraph's own text is kept apart from the paragraphs nested in its cells.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from ingest.model import RawDocument
from kg.errors import InputError

from ._common import build, join_paragraphs

PARAGRAPH_NS = "http://www.hancom.co.kr/hwpml/2011/paragraph"
_SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5 binary (and old .doc) files
_MAX_XML_BYTES = 200 * 1024 * 1024  # uncompressed, to refuse ZIP bombs
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _is_paragraph_ns(tag: object) -> bool:
    # Match by local name in any Hancom paragraph namespace (2011 today; later versions too).
    return isinstance(tag, str) and "hancom.co.kr/hwpml" in tag and "/paragraph}" in tag


def _run_text(t: etree._Element) -> str:
    """Text of an <hp:t>, with <hp:tab/> and <hp:lineBreak/> children as tab and newline."""
    parts = [t.text or ""]
    for child in t:
        name = _local(child.tag)
        parts.append("\t" if name == "tab" else "\n" if name == "lineBreak" else "")
        parts.append(child.tail or "")
    return "".join(parts)


def _paragraphs(root: etree._Element, out: list[str]) -> None:
    """Document-order paragraphs; an outer paragraph's text is flushed before nested ones."""
    stack: list[list[str]] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not _is_paragraph_ns(element.tag):
            continue
        name = _local(element.tag)
        if name == "p" and event == "start":
            if stack and stack[-1]:
                out.append("".join(stack[-1]))
                stack[-1].clear()
            stack.append([])
        elif name == "p" and event == "end" and stack:
            out.append("".join(stack.pop()))
        elif name == "t" and event == "start" and stack:
            stack[-1].append(_run_text(element))


def _title(archive: zipfile.ZipFile) -> str | None:
    try:
        root = etree.fromstring(archive.read("Contents/content.hpf"), _PARSER)
    except Exception:  # a missing or broken package file only costs the title
        return None
    for element in root.iter():
        if _local(element.tag) == "title" and (element.text or "").strip():
            return element.text
    return None


def read(data: bytes, name: str) -> RawDocument:
    """Sections in numeric order, one paragraph per <hp:p>; OPF title → meta title."""
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"{name} is an HWP 5 binary file, not HWPX; open it in Hangul and save it as "
            "HWPX or PDF"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name} is not a readable HWPX file (not a ZIP archive)") from None
    with archive:
        found = [(m, info) for info in archive.infolist() if (m := _SECTION.match(info.filename))]
        if not found:
            raise InputError(f"{name} is not a readable HWPX file: no Contents/section*.xml")
        if sum(info.file_size for _, info in found) > _MAX_XML_BYTES:
            raise InputError(f"{name}: HWPX sections are too large when uncompressed")
        paragraphs: list[str] = []
        for _, info in sorted(found, key=lambda pair: int(pair[0].group(1))):
            try:
                root = etree.fromstring(archive.read(info), _PARSER)
            except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, OSError) as exc:
                raise InputError(
                    f"{name} is not a readable HWPX file: {info.filename}: {exc}"
                ) from None
            _paragraphs(root, paragraphs)
        title = _title(archive)
    return build(join_paragraphs(paragraphs), "hwpx", {"title": title})

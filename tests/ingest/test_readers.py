"""Document readers: one generated fixture per format, and every kind of bad input."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.readers import DOCUMENT_EXTENSIONS, read_document
from ingest.readers.text import decode_text
from kg.errors import InputError, TooLargeError

MB = 1024 * 1024
LIMIT = 5 * MB
KOREAN = "산업통상자원부는 반도체와 이차전지 산업의 지역 거점을 육성한다."


def read_bytes(data: bytes, filename: str, max_bytes: int = LIMIT):
    return read_document(Path(filename), max_bytes=max_bytes, data=data, filename=filename)


# --- fixture builders ---------------------------------------------------------------


def make_pdf(pages: list[str], title: str | None = None, author: str | None = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    for page in pages:
        y = 800
        for line in page.splitlines():
            pdf.setFont("Helvetica", 12)
            pdf.drawString(72, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypt_pdf(data: bytes, user_password: str, owner_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Regional Innovation Plan"
    document.core_properties.author = "Ministry of Trade, Industry and Energy"
    document.add_heading("Regional Innovation Plan", level=1)
    document.add_paragraph("The plan supports battery clusters.")
    document.add_paragraph("")  # empty paragraphs must not leave extra blank lines
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Region"
    table.cell(0, 1).text = "Industry"
    table.cell(1, 0).text = "Ulsan"
    table.cell(1, 1).text = "Hydrogen"
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Merged cell"
    document.add_paragraph("Closing paragraph after the tables.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS = "http://www.hancom.co.kr/hwpml/2011/section"


def section_xml(*paragraphs: str) -> str:
    body = "".join(paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">{body}</hs:sec>'
    )


def hp(*runs: str) -> str:
    return "<hp:p>" + "".join(f"<hp:run><hp:t>{r}</hp:t></hp:run>" for r in runs) + "</hp:p>"


def make_hwpx(sections: dict[str, str], title: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        if title is not None:
            archive.writestr(
                "Contents/content.hpf",
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"'
                ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<opf:metadata><dc:title>{title}</dc:title></opf:metadata></opf:package>",
            )
        for name, xml in sections.items():
            archive.writestr(name, xml)
    return out.getvalue()


# --- formats ----------------------------------------------------------------------


def test_document_extensions():
    # .hwp is accepted only so that read_document can explain how to convert it.
    assert {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx", ".hwpx", ".hwp"} == set(
        DOCUMENT_EXTENSIONS
    )


def test_pdf_two_pages_with_exact_spans():
    data = make_pdf(
        ["Semiconductor strategy\nfirst page text", "Battery industry\nsecond page text"],
        title="Growth Engines",
        author="Ministry of Knowledge Economy",
    )
    doc = read_bytes(data, "plan.pdf")
    assert doc.fmt == "pdf"
    assert [p.number for p in doc.pages] == [1, 2]
    first, second = doc.pages
    assert doc.text[first.start : first.end] == "Semiconductor strategy\nfirst page text"
    assert doc.text[second.start : second.end] == "Battery industry\nsecond page text"
    assert first.start == 0 and second.end == len(doc.text)
    assert doc.text[first.end : second.start] == "\n\n"
    assert doc.page_at(doc.text.index("Battery")) == 2
    assert doc.page_at(doc.text.index("first page")) == 1
    assert doc.meta["title"] == "Growth Engines"
    assert doc.meta["issuer"] == "Ministry of Knowledge Economy"
    assert doc.meta["language"] == "en"


def test_pdf_with_owner_password_only_opens():
    data = encrypt_pdf(make_pdf(["Open to read"]), user_password="", owner_password="owner")
    assert read_bytes(data, "owner.pdf").text == "Open to read"


def test_docx_paragraphs_and_table_cells_in_order():
    doc = read_bytes(make_docx(), "plan.docx")
    assert doc.fmt == "docx"
    assert doc.text.split("\n\n") == [
        "Regional Innovation Plan",
        "The plan supports battery clusters.",
        "Region",
        "Industry",
        "Ulsan",
        "Hydrogen",
        "Merged cell",
        "Closing paragraph after the tables.",
    ]
    assert doc.meta["title"] == "Regional Innovation Plan"
    assert doc.meta["issuer"] == "Ministry of Trade, Industry and Energy"
    assert doc.meta["language"] == "en"


def test_hwpx_sections_in_numeric_order_with_nested_table():
    table = (
        "<hp:p><hp:run><hp:t>표 제목</hp:t><hp:tbl><hp:tr><hp:tc><hp:subList>"
        + hp("셀 내용")
        + "</hp:subList></hp:tc></hp:tr></hp:tbl></hp:run></hp:p>"
    )
    data = make_hwpx(
        {
            "Contents/section10.xml": section_xml(hp("열째 절")),
            "Contents/section0.xml": section_xml(hp(KOREAN), hp("첫째 ", "문단<hp:tab/>끝"), table),
            "Contents/section2.xml": section_xml(hp("둘째 절"), hp("")),
        },
        title="지역산업 육성 계획",
    )
    doc = read_bytes(data, "계획.hwpx")
    assert doc.fmt == "hwpx"
    expected = [KOREAN, "첫째 문단\t끝", "표 제목", "셀 내용", "둘째 절", "열째 절"]
    assert doc.text.split("\n\n") == expected
    assert doc.meta["title"] == "지역산업 육성 계획"
    assert doc.meta["language"] == "ko"


def test_html_drops_scripts_and_navigation_keeps_blocks():
    page = """<!DOCTYPE html><html><head><title> Policy
      Briefing </title><style>p { color: red }</style></head>
      <body><nav><a href="/">Home</a> Menu</nav>
      <script>var secret = "do not index";</script>
      <h1>Hydrogen   economy</h1>
      <p>First <b>bold</b> paragraph<br>with a line break.</p>
      <!-- a comment -->
      <div><p>Nested paragraph.</p>Tail text</div>
      <ul><li>One</li><li>Two</li></ul>
      </body></html>"""
    doc = read_bytes(page.encode(), "brief.html")
    assert doc.fmt == "html"
    assert doc.meta["title"] == "Policy Briefing"
    assert doc.text == (
        "Hydrogen economy\n\nFirst bold paragraph\nwith a line break.\n\n"
        "Nested paragraph.\n\nTail text\n\nOne\n\nTwo"
    )
    for hidden in ("secret", "Menu", "color", "comment"):
        assert hidden not in doc.text


def test_html_declared_korean_charset():
    page = f'<html><head><meta charset="euc-kr"><title>정책</title></head><body><p>{KOREAN}</p>'
    doc = read_bytes(page.encode("cp949"), "korean.htm")
    assert doc.text == KOREAN
    assert doc.meta["title"] == "정책"
    assert doc.encoding == "cp949"
    assert doc.meta["language"] == "ko"


def test_markdown_front_matter_to_meta():
    source = (
        "---\ntitle: Semiconductor Strategy\ntitle_ko: 반도체 전략\ndate: 2019-04-30\n"
        "type: plan\n---\n\n# Heading\n\nBody text.\n"
    )
    doc = read_bytes(source.encode(), "strategy.md")
    assert doc.fmt == "markdown"
    assert doc.text == "# Heading\n\nBody text."
    assert doc.meta["title"] == "Semiconductor Strategy"
    assert doc.meta["title_ko"] == "반도체 전략"
    assert doc.meta["date"] == "2019-04-30"
    assert doc.meta["type"] == "plan"
    assert doc.meta["language"] == "en"


def test_markdown_year_and_partial_dates_become_strings():
    doc = read_bytes(b"---\ndate: 2011\nlanguage: ko\n---\nText", "a.markdown")
    assert doc.meta["date"] == "2011"
    assert doc.meta["language"] == "ko"  # front matter wins over detection
    doc = read_bytes(b"---\ndate: 2011-06\n---\n# Title from heading\nText", "b.md")
    assert doc.meta["date"] == "2011-06"
    assert doc.meta["title"] == "Title from heading"


def test_markdown_without_front_matter():
    doc = read_bytes("# 제목\n\n한국어 본문입니다.".encode(), "ko.md")
    assert doc.meta == {"title": "제목", "language": "ko"}


@pytest.mark.parametrize("text", [KOREAN, "한국 산업", "지역"])
def test_cp949_text_decodes_to_korean(text):
    doc = read_bytes(text.encode("cp949"), "korean.txt")
    assert doc.text == text
    assert doc.encoding == "cp949"
    assert doc.meta["language"] == "ko"


def test_utf8_bom_and_normalisation():
    decomposed = unicodedata.normalize("NFD", "한국")
    raw = f"\ufeffLine one   \r\nLine two\t\r\n\r\n\r\n\r\n{decomposed} end\r\n\n".encode()
    doc = read_bytes(raw, "notes.TXT")
    assert doc.fmt == "text"
    assert doc.encoding == "utf-8-sig"
    assert doc.text == "Line one\nLine two\n\n한국 end"
    assert unicodedata.is_normalized("NFC", doc.text)


def test_decode_text_helper():
    assert decode_text("정책".encode(), "a.csv") == ("정책", "utf-8")
    assert decode_text("정책 문서".encode("euc-kr"), "a.csv") == ("정책 문서", "cp949")


def test_read_from_path_matches_upload(tmp_path):
    path = tmp_path / "note.md"
    path.write_bytes(b"---\ntitle: T\n---\nSame text")
    from_path = read_document(path, max_bytes=LIMIT)
    from_upload = read_bytes(path.read_bytes(), "note.md")
    assert from_path == from_upload
    assert from_path.text == "Same text"


def test_filename_decides_format_for_uploads(tmp_path):
    doc = read_document(
        tmp_path / "ignored.pdf", max_bytes=LIMIT, data=b"plain words", filename="upload.txt"
    )
    assert doc.fmt == "text"
    assert doc.text == "plain words"


# --- bad input --------------------------------------------------------------------


def test_unknown_extension_lists_supported():
    with pytest.raises(InputError) as err:
        read_bytes(b"a,b\n1,2", "table.xlsx")
    message = str(err.value)
    assert "table.xlsx" in message and "'.xlsx'" in message
    assert ".pdf" in message and ".hwpx" in message and ".md" in message


def test_missing_extension():
    with pytest.raises(InputError, match="README: no file extension; supported: .docx"):
        read_bytes(b"text", "README")


def test_hwp_binary_rejected_with_advice():
    with pytest.raises(InputError, match=r"old\.hwp: HWP 5 .*HWPX or PDF"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.hwp")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf \n"])
@pytest.mark.parametrize("filename", ["blank.txt", "blank.pdf", "blank.hwpx"])
def test_empty_file(data, filename):
    with pytest.raises(InputError, match=rf"^{filename} is empty$"):
        read_bytes(data, filename)


def test_front_matter_only_has_no_text():
    with pytest.raises(InputError, match="meta.md contains no text"):
        read_bytes(b"---\ntitle: Only metadata\n---\n\n", "meta.md")


def test_oversized_upload():
    data = b"x" * (MB + MB // 2)
    with pytest.raises(TooLargeError) as err:
        read_bytes(data, "big.txt", max_bytes=MB)
    assert str(err.value) == "big.txt is 1.5 MB (1,572,864 bytes); the limit is 1 MB"
    assert isinstance(err.value, InputError) and err.value.status == 413


def test_oversized_file_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF" + b"0" * (2 * MB))

    def fail(_self):
        raise AssertionError("file read despite being too large")

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(TooLargeError, match=r"big\.pdf is 2 MB .*the limit is 1 MB"):
        read_document(path, max_bytes=MB)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="nowhere.txt: no such file"):
        read_document(tmp_path / "nowhere.txt", max_bytes=LIMIT)


def test_corrupt_pdf():
    data = bytes((i * 7919 + 13) % 256 for i in range(4096))
    with pytest.raises(InputError, match=r"^broken\.pdf is not a readable PDF: .+"):
        read_bytes(data, "broken.pdf")


def test_truncated_pdf():
    data = make_pdf(["Some text"])[:300]
    with pytest.raises(InputError, match=r"cut\.pdf is not a readable PDF"):
        read_bytes(data, "cut.pdf")


def test_encrypted_pdf():
    data = encrypt_pdf(make_pdf(["Secret plan"]), user_password="secret", owner_password="owner")
    with pytest.raises(InputError, match=r"locked\.pdf is encrypted \(password-protected\)"):
        read_bytes(data, "locked.pdf")


def test_scanned_pdf_suggests_ocr():
    with pytest.raises(InputError, match=r"scan\.pdf has no extractable text.*OCR"):
        read_bytes(make_pdf(["", ""]), "scan.pdf")


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 4, bytes([0x81, 0x00, 0xFE, 0x9F, 0x01]) * 40]
)
def test_undecodable_text(data):
    with pytest.raises(InputError, match=r"^bad\.txt: could not detect the text encoding"):
        read_bytes(data, "bad.txt")


def test_binary_data_in_text_file():
    with pytest.raises(InputError, match=r"bin\.txt does not look like a text file"):
        read_bytes(b"abc\x00def\x00" * 20, "bin.txt")


def test_corrupt_docx():
    with pytest.raises(InputError, match=r"^broken\.docx is not a readable DOCX file: "):
        read_bytes(b"PK\x03\x04 definitely not a zip archive", "broken.docx")


def test_docx_zip_without_document_part():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(InputError, match=r"^empty\.docx is not a readable DOCX file"):
        read_bytes(out.getvalue(), "empty.docx")


def test_hwpx_not_a_zip():
    with pytest.raises(InputError, match=r"bad\.hwpx is not a readable HWPX file \(not a ZIP"):
        read_bytes(b"this is plain text, not a zip", "bad.hwpx")


def test_hwpx_without_sections():
    data = make_hwpx({"Contents/header.xml": "<x/>"})
    with pytest.raises(InputError, match=r"nosec\.hwpx .*no Contents/section\*\.xml"):
        read_bytes(data, "nosec.hwpx")


def test_hwpx_malformed_section_xml():
    data = make_hwpx({"Contents/section0.xml": "<hs:sec><hp:p>unclosed"})
    with pytest.raises(InputError, match=r"xml\.hwpx is not a readable HWPX file: .*section0"):
        read_bytes(data, "xml.hwpx")


def test_hwp5_renamed_to_hwpx():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    with pytest.raises(InputError, match=r"renamed\.hwpx is an HWP 5 binary file"):
        read_bytes(data, "renamed.hwpx")


def test_invalid_front_matter():
    source = b"---\ntitle: [unclosed\ndate: 2020\n---\nBody"
    with pytest.raises(InputError, match=r"^bad\.md: invalid YAML front matter \(line \d+\): "):
        read_bytes(source, "bad.md")


def test_front_matter_must_be_a_mapping():
    with pytest.raises(InputError, match=r"list\.md: front matter must be a mapping"):
        read_bytes(b"---\n- a\n- b\n---\nBody", "list.md")

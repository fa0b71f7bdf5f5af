"""Bad documents give one clear line naming the file, through the project's error classes."""

from __future__ import annotations

import zipfile

import pypdfium2 as pdfium
import pytest
from support.documents import write_pdf

from adoption_audit.documents import read_document
from adoption_audit.errors import InputNotFound, UnreadableInput, UnsupportedFormat


def _fails(path, error=UnreadableInput, shown_as="reports/x"):
    with pytest.raises(error) as caught:
        read_document(path, shown_as=shown_as)
    message = str(caught.value)
    assert message.startswith(f"{shown_as}: ") and "\n" not in message
    return message


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.docx", "empty.pdf", "empty.html"])
def test_empty_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert "empty" in _fails(path)


def test_whitespace_only_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t\n")
    assert "empty" in _fails(path)


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "cpr.docx"
    path.write_text("This was saved as plain text with a .docx name.")
    assert "not a Word document" in _fails(path)


def test_zip_that_is_not_word(tmp_path):
    path = tmp_path / "cpr.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert "not a readable Word document" in _fails(path)


def test_pdf_that_will_not_open(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref or trailer")
    assert "PDF will not open" in _fails(path)


def test_file_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("<html>saved page</html>")
    assert "not a PDF" in _fails(path)


def test_encrypted_pdf(tmp_path):
    plain = write_pdf([["Confidential adoption panel minutes."]], tmp_path / "plain.pdf")
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Confidential adoption panel minutes.")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    assert "encrypted" in _fails(path)
    assert read_document(plain).blocks[0].text == "Confidential adoption panel minutes."


def test_pdf_without_text_layer(tmp_path):
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    pdf.save(str(path))
    pdf.close()
    assert "no text layer; scanned pages need OCR first" in _fails(path)


def test_undecodable_text(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Figures \x81\x8d\x8f\x90\x9d here\n")  # bytes Windows-1252 leaves undefined
    assert "cannot decode text as UTF-8 or Windows-1252" in _fails(path)


def test_binary_renamed_to_text(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in _fails(path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "minutes.odt"
    path.write_text("whatever")
    message = _fails(path, UnsupportedFormat)
    assert "'.odt'" in message and ".docx" in message


def test_missing_file(tmp_path):
    with pytest.raises(InputNotFound):
        read_document(tmp_path / "nowhere.pdf")


def test_html_with_nothing_readable(tmp_path):
    path = tmp_path / "chrome.html"
    path.write_text("<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>")
    assert "no readable text" in _fails(path)


def test_word_package_with_broken_xml(tmp_path):
    from support.documents import write_docx

    good = write_docx([("paragraph", "The child's plan is adoption.")], tmp_path / "good.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert "not a readable Word document" in _fails(broken)


def test_old_word_file_named_docx(tmp_path):
    path = tmp_path / "cpr.docx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504)
    assert "Word 97-2003" in _fails(path)

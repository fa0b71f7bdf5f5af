"""Plain text and markdown: decode the way council exports need, then lay out lines as blocks.

Line numbers are the file's own lines (``\\r\\n`` and ``\\r`` count as one line break). Form feeds are
page breaks: a line's page is one more than the form feeds before its first character; a file with no
form feed has no pages (``page`` None).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from adoption_audit.documents.lines import Line, blocks_from_lines
from adoption_audit.documents.model import ExtractedDocument
from adoption_audit.errors import UnreadableInput

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes, path: Path | str) -> tuple[str, str]:
    """``data`` as text and the encoding used: a BOM's, else UTF-8, else Windows-1252 (council exports).

    Raises UnreadableInput for an empty file, for bytes Windows-1252 leaves undefined, and for binary
    content (NUL bytes), which is what a PDF or DOCX renamed to .txt looks like.
    """
    if not data.strip():
        raise UnreadableInput("empty file: no text to read", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UnreadableInput(f"not valid {encoding} text ({error.reason} at byte {error.start})",
                                      path) from None
    if b"\x00" in data:
        raise UnreadableInput("binary content (NUL bytes), not a text file", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise UnreadableInput(
            f"cannot decode text as UTF-8 or Windows-1252 (byte 0x{data[error.start]:02x} at {error.start})",
            path) from None


def text_lines(text: str) -> tuple[list[Line], int | None]:
    """Lines of ``text`` with their numbers and pages, and the page count (None without form feeds)."""
    has_pages = "\f" in text.rstrip()
    page = 1
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            leading = len(raw) - len(raw.lstrip("\f \t"))
            page += raw[:leading].count("\f")
            line_page = page
            page += raw[leading:].count("\f")
        else:
            line_page = page
        lines.append(Line(raw.replace("\f", " ").rstrip(), number, line_page if has_pages else None))
    return lines, (page if has_pages else None)


def read_text(path: Path, shown_as: str, *, markdown: bool) -> ExtractedDocument:
    text, encoding = decode_text(path.read_bytes(), shown_as)
    if encoding == "utf-8-sig":
        text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, pages = text_lines(text)
    if pages is not None:  # a form feed after the last text does not open an empty page
        pages = max((line.page for line in lines if line.text.strip()), default=1)
    blocks = blocks_from_lines(lines, markdown=markdown)
    if not blocks:
        raise UnreadableInput("empty file: no text to read", shown_as)
    title = next((b.text for b in blocks if b.kind == "heading"), None)
    return ExtractedDocument(path=path, shown_as=shown_as, format="md" if markdown else "txt", blocks=blocks,
                             title=title, created=None, pages=pages, encoding=encoding, text=text)

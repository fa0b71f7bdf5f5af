"""``read_document``: one entry point that picks the reader by suffix and guarantees one-line errors."""

from __future__ import annotations

import time
from pathlib import Path

from adoption_audit.documents.model import DOCUMENT_SUFFIXES, SUFFIX_FORMATS, ExtractedDocument
from adoption_audit.errors import UnreadableInput, UnsupportedFormat, require_exists
from adoption_audit.logs import get_logger

log = get_logger("documents")


def read_document(path: Path, shown_as: str | None = None) -> ExtractedDocument:
    """Read a .txt, .md, .pdf, .docx or .html file into blocks with their page and line.

    ``shown_as`` is how the path appears in messages and outputs (default: the path as given). Raises
    InputNotFound, UnsupportedFormat (suffix) or UnreadableInput (empty, corrupt, encrypted, no text
    layer, undecodable), each naming ``shown_as`` in one line.
    """
    path = Path(path)
    shown = shown_as if shown_as is not None else str(path)
    require_exists(path)
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        readable = ", ".join(sorted(DOCUMENT_SUFFIXES))
        raise UnsupportedFormat(f"cannot read '{suffix or 'no suffix'}' documents (reads {readable})", shown)
    if path.is_dir():
        raise UnreadableInput("is a folder, not a document", shown)
    if path.stat().st_size == 0:
        raise UnreadableInput("empty file", shown)
    started = time.perf_counter()
    fmt = SUFFIX_FORMATS[suffix]
    if fmt in ("txt", "md"):
        from adoption_audit.documents.text import read_text

        document = read_text(path, shown, markdown=fmt == "md")
    elif fmt == "docx":
        from adoption_audit.documents.docx import read_docx

        document = read_docx(path, shown)
    elif fmt == "html":
        from adoption_audit.documents.html import read_html

        document = read_html(path, shown)
    else:
        from adoption_audit.documents.pdf import read_pdf

        document = read_pdf(path, shown)
    log.info("read %s document: %d blocks, %s pages, %d words in %.3f s", document.format,
             len(document.blocks), document.pages, document.words, time.perf_counter() - started)
    return document

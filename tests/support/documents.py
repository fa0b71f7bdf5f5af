"""Builders that write small DOCX and PDF files from a list of blocks, for tests of every text stage.

``write_docx`` takes ``(kind, content)`` pairs, where kind is one of:

- ``"title"``: paragraph in Word's Title style;
- ``"heading1"`` … ``"heading6"``: Word's Heading N style;
- ``"bold"``: a Normal paragraph whose runs are all bold (a heading "by look");
- ``"paragraph"``: a Normal paragraph (content may be a list of ``(text, bold)`` runs);
- ``"bullet"`` / ``"numbered"``: List Bullet / List Number paragraphs (numbering from the style);
- ``"table"``: a list of rows, each a list of cell texts; a cell of ``None`` is merged into the cell to
  its left (a horizontal span).

``write_pdf`` takes pages of lines; each line is a string, ``""`` for a paragraph gap, or ``(text, style)``
with style ``"heading"`` (bold, larger) or ``"bold"``. Long lines are wrapped by fpdf2 as a PDF would be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path


def write_docx(blocks: Iterable[tuple[str, object]], path: Path, *, title: str | None = None,
               created: dt.datetime | None = None, author: str | None = None) -> Path:
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "title":
            document.add_paragraph(str(content), style="Title")
        elif kind.startswith("heading"):
            document.add_heading(str(content), level=int(kind[len("heading"):] or 1))
        elif kind == "bold":
            document.add_paragraph().add_run(str(content)).bold = True
        elif kind == "paragraph":
            paragraph = document.add_paragraph()
            runs = content if isinstance(content, list) else [(str(content), False)]
            for text, bold in runs:
                paragraph.add_run(text).bold = bold or None
        elif kind == "bullet":
            document.add_paragraph(str(content), style="List Bullet")
        elif kind == "numbered":
            document.add_paragraph(str(content), style="List Number")
        elif kind == "table":
            _add_table(document, content)
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    if title is not None:
        document.core_properties.title = title
    if created is not None:
        document.core_properties.created = created
    if author is not None:
        document.core_properties.author = author
    path = Path(path)
    document.save(str(path))
    return path


def _add_table(document, rows: Sequence[Sequence[str | None]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
        for c, text in enumerate(row):
            if text is None and c > 0:
                start = c - 1
                while row[start] is None:
                    start -= 1
                table.cell(r, start).merge(table.cell(r, c))


def write_pdf(pages_of_lines: Iterable[Iterable[str | tuple[str, str]]], path: Path, *,
              title: str | None = None, created: dt.datetime | None = None, font_size: float = 11) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # the core fonts then cover £, – and curly quotes
    pdf.set_auto_page_break(auto=True, margin=15)
    if title is not None:
        pdf.set_title(title)
    pdf.set_creation_date(created or dt.datetime(2025, 7, 1, tzinfo=dt.UTC))
    line_height = font_size * 0.5
    for lines in pages_of_lines:
        pdf.add_page()
        for line in lines:
            text, style = (line, "") if isinstance(line, str) else line
            if not text:
                pdf.ln(line_height)
                continue
            if style == "heading":
                pdf.set_font("Helvetica", "B", font_size * 1.3)
                pdf.multi_cell(0, line_height * 1.4, text, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font("Helvetica", "B" if style == "bold" else "", font_size)
                pdf.multi_cell(0, line_height, text, new_x="LMARGIN", new_y="NEXT")
    path = Path(path)
    pdf.output(str(path))
    return path

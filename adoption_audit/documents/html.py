"""HTML pages (stdlib ``html.parser``): headings, paragraphs, list items and table rows, one line per block.

Text inside ``script``, ``style``, ``nav``, ``noscript``, ``template`` and ``head`` (other than
``<title>``) is skipped. Text not inside a block element (loose text in a ``div``) becomes a paragraph.
A block is bold when all its text is inside ``b``/``strong``. Entities are decoded by the parser.
``created`` comes from a ``<meta>`` date (``dcterms.created``, ``dc.date``, ``article:published_time`` …)
when it starts with an ISO date.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from adoption_audit.documents.model import CELL_SEPARATOR, Block, ExtractedDocument, fold
from adoption_audit.documents.text import decode_text
from adoption_audit.errors import UnreadableInput

_SKIP = frozenset({"script", "style", "nav", "noscript", "template", "head", "svg"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_BREAKS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
                           "pre", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "form", "hr", "body",
                           "address", "caption", "details", "summary"})
_BOLD = frozenset({"b", "strong"})
_DATE_META = frozenset({"dcterms.created", "dcterms.issued", "dc.date", "dc.date.created", "date",
                        "article:published_time", "citation_publication_date"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, int | None, bool, tuple[str, ...] | None, int | None, int | None]] = []
        self.title_parts: list[str] | None = None
        self.title: str | None = None
        self.created: str | None = None
        self.skip_depth = 0
        self.bold_depth = 0
        self.parts: list[tuple[str, bool]] = []  # text pieces of the open block, with their boldness
        self.kind, self.level = "paragraph", None
        self.table = -1
        self.table_rows: list[int] = []  # rows seen per open table (nested tables keep their own count)
        self.row_cells: list[str] | None = None
        self.cell_parts: list[str] | None = None

    # -- blocks -------------------------------------------------------------------------------------
    def _flush(self) -> None:
        text = fold("".join(piece for piece, _ in self.parts))
        if text and self.row_cells is None:
            bold = all(b for piece, b in self.parts if piece.strip())
            self.blocks.append((self.kind, text, self.level, bold, None, None, None))
        self.parts = []
        self.kind, self.level = "paragraph", None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "title":
            self.title_parts = []
            return
        if tag == "meta":
            named = {key: (value or "") for key, value in attrs}
            key = (named.get("name") or named.get("property") or "").lower()
            match = _ISO_DATE.match(named.get("content", "").strip())
            if key in _DATE_META and match and self.created is None:
                self.created = match.group(0)
            return
        if self.skip_depth:
            return
        if tag in _BOLD:
            self.bold_depth += 1
        elif tag == "br":
            self._text(" ")
        elif tag == "table":
            self._flush()
            self.table += 1
            self.table_rows.append(0)
        elif tag == "tr":
            self._flush()
            self.row_cells = []
        elif tag in ("td", "th") and self.row_cells is not None:
            self.cell_parts = []
        elif (tag in _HEADINGS or tag == "li" or tag in _BLOCK_BREAKS) and self.cell_parts is None:
            self._flush()
            if tag in _HEADINGS:
                self.kind, self.level = "heading", _HEADINGS[tag]
            elif tag == "li":
                self.kind = "list_item"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "title" and self.title_parts is not None:
            self.title = fold("".join(self.title_parts)) or None
            self.title_parts = None
            return
        if self.skip_depth:
            return
        if tag in _BOLD:
            self.bold_depth = max(0, self.bold_depth - 1)
        elif tag in ("td", "th") and self.cell_parts is not None and self.row_cells is not None:
            self.row_cells.append(fold("".join(self.cell_parts)))
            self.cell_parts = None
        elif tag == "tr" and self.row_cells is not None:
            self._end_row()
        elif tag == "table":
            self._end_row()
            if self.table_rows:
                self.table_rows.pop()
        elif (tag in _HEADINGS or tag == "li" or tag in _BLOCK_BREAKS) and self.cell_parts is None:
            self._flush()

    def _end_row(self) -> None:
        if self.cell_parts is not None and self.row_cells is not None:
            self.row_cells.append(fold("".join(self.cell_parts)))
            self.cell_parts = None
        if self.row_cells is not None and any(self.row_cells):
            cells = tuple(self.row_cells)
            row = self.table_rows[-1] if self.table_rows else 0
            self.blocks.append(("table_row", CELL_SEPARATOR.join(cells), None, False, cells,
                                max(self.table, 0), row))
            if self.table_rows:
                self.table_rows[-1] += 1
        self.row_cells = None

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
        elif not self.skip_depth:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.cell_parts is not None:
            self.cell_parts.append(data)
        elif self.row_cells is None:
            self.parts.append((data, self.bold_depth > 0))

    def close(self) -> None:
        super().close()
        self._end_row()
        self._flush()


def read_html(path: Path, shown_as: str) -> ExtractedDocument:
    markup, encoding = decode_text(path.read_bytes(), shown_as)
    parser = _BlockParser()
    parser.feed(markup.lstrip("\ufeff"))
    parser.close()
    blocks = [
        Block(text, None, line, kind, level=level, bold=bold, cells=cells, table=table, row=row)
        for line, (kind, text, level, bold, cells, table, row) in enumerate(parser.blocks, start=1)
    ]
    if not blocks:
        raise UnreadableInput("no readable text in the page (empty, or only scripts and navigation)", shown_as)
    title = parser.title or next((b.text for b in blocks if b.kind == "heading"), None)
    return ExtractedDocument(path=path, shown_as=shown_as, format="html", blocks=blocks, title=title,
                             created=parser.created, pages=None, encoding=encoding,
                             text="\n".join(block.text for block in blocks))

"""What reading a document produces: blocks of text with their place, for every text stage.

Claims (``nlp`` report claims) and CPR QA both quote a block or a sentence and give its ``line`` and
``page``; they read these objects and never open files themselves. Line numbers refer to
``ExtractedDocument.text``: for .txt/.md that is the file's own text, for DOCX and HTML one line per block,
for PDF the text layer's lines in page order (see ``docs/documents.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_row")

#: Suffixes ``read_document`` understands, lower case, mapped to the ``format`` it reports.
SUFFIX_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf",
                  ".docx": "docx", ".html": "html", ".htm": "html"}
DOCUMENT_SUFFIXES = frozenset(SUFFIX_FORMATS)

#: How a table row's cells are joined into ``Block.text``.
CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class Block:
    """One heading, paragraph, list item or table row, as a reader of the document sees it."""

    text: str  # whitespace folded to single spaces; hard-wrapped lines of one paragraph joined
    page: int | None  # 1-based where the format has pages (PDF; TXT with form feeds), else None
    line: int  # 1-based line in ExtractedDocument.text where this block starts
    kind: str  # heading | paragraph | list_item | table_row
    level: int | None = None  # heading level where known (DOCX Heading N, HTML hN, markdown #, "3.2" -> 2)
    bold: bool = False  # the whole block is bold (DOCX runs, PDF font weight, HTML <b>/<strong>, md **)
    style: str | None = None  # source style name (DOCX paragraph style), if any
    cells: tuple[str, ...] | None = None  # table_row only: cell texts; text is them joined by " | "
    table: int | None = None  # table_row only: 0-based table index within the document
    row: int | None = None  # table_row only: 0-based row index within its table (0 is usually the header)


@dataclass
class ExtractedDocument:
    """A document's blocks and metadata; ``text`` is what ``Block.line`` counts lines in."""

    path: Path
    shown_as: str
    format: str  # txt | md | pdf | docx | html
    blocks: list[Block]
    title: str | None = None  # DOCX core title, PDF Title, HTML <title>, else the first heading
    created: str | None = None  # ISO date (YYYY-MM-DD) from file metadata where the format has it
    pages: int | None = None
    encoding: str | None = None  # text formats only: utf-8 | utf-8-sig | utf-16 | cp1252
    text: str = ""
    meta: dict = field(default_factory=dict)  # format-specific extras (author, PDF producer …)

    @property
    def words(self) -> int:
        """Words in the blocks (whitespace-separated tokens), for coverage and benchmarks."""
        return sum(len(block.text.split()) for block in self.blocks)

    def headings(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "heading"]


def fold(text: str) -> str:
    """Whitespace (including non-breaking spaces, tabs, line breaks) folded to single spaces, trimmed."""
    return " ".join(text.split())

"""The python-docx reader that ``docx.read_docx`` replaced, kept as the oracle it is compared with.

``read_docx_reference`` is the reader as it was before the fast path (python-docx's package, style and
paragraph objects). Only the sameness tests (``tests/test_documents_docx_sameness.py``) and the DOCX
benchmark (``benchmarks/bench_documents.py``) call it: every DOCX the fast reader reads must give the same
blocks and metadata as this one. Do not change its behaviour; change ``docx.py`` and let the tests compare.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from adoption_audit.documents import shapes
from adoption_audit.documents.model import CELL_SEPARATOR, Block, ExtractedDocument, fold
from adoption_audit.errors import UnreadableInput

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of .doc files
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (f"{_W}{name}" for name in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _BREAKS = f"{_W}t", frozenset(f"{_W}{name}" for name in ("tab", "br", "cr"))
#: Drawings hold text boxes, whose text Word stores twice (DrawingML and a VML fallback): not read.
_SKIPPED = frozenset({f"{_W}drawing", f"{_W}pict", f"{_W}txbxContent", f"{_W}delText",
                      "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"})


def _body_items(container):
    """Paragraphs and tables in document order, including those inside content controls (``w:sdt``).

    Agency CPR templates put whole sections in content controls; ``iter_inner_content`` skips them.
    """
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _body_items(content)


def _unwrapped(container, tag: str):
    """Children with ``tag`` (rows of a table, cells of a row), looking through content controls."""
    for child in container.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _unwrapped(content, tag)


def _element_text(element) -> str:
    """All text under a paragraph or cell: runs, hyperlinks, inline content controls, tabs and breaks as
    spaces (python-docx's ``Paragraph.text`` misses inline content controls). Deleted text (``w:delText``)
    and text boxes are left out."""
    parts: list[str] = []
    _collect_text(element, parts)
    return "".join(parts)


def _collect_text(element, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _BREAKS or tag == _P:  # a paragraph start separates a cell's paragraphs
            parts.append(" ")
            if tag == _P:
                _collect_text(child, parts)
        elif tag not in _SKIPPED and isinstance(tag, str):
            _collect_text(child, parts)


def read_docx_reference(path: Path, shown_as: str) -> ExtractedDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(path):
        with path.open("rb") as handle:
            if handle.read(8) == _OLE_MAGIC:
                raise UnreadableInput("a Word 97-2003 (.doc) file named .docx: open it in Word and save as .docx",
                                      shown_as)
        raise UnreadableInput("not a Word document (.docx is a zip package; this file is not one)", shown_as)
    try:
        document = docx.Document(str(path))
        styles = _Styles(document)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise UnreadableInput(f"not a readable Word document ({type(error).__name__})", shown_as) from None

    blocks: list[Block] = []
    tables = 0
    for element in _body_items(document.element.body):
        if element.tag == _P:
            block = _paragraph_block(Paragraph(element, document), len(blocks) + 1, styles)
            if block is not None:
                blocks.append(block)
        else:
            row_index = 0
            for tr in _unwrapped(element, _TR):
                cells = tuple("" if tc.vMerge == "continue" else fold(_element_text(tc))
                              for tc in _unwrapped(tr, _TC))
                if not any(cells):
                    continue  # an empty spacer row carries nothing to quote
                blocks.append(Block(CELL_SEPARATOR.join(cells), None, len(blocks) + 1, "table_row",
                                    cells=cells, table=tables, row=row_index))
                row_index += 1
            tables += 1

    if not blocks:
        raise UnreadableInput("empty document: no paragraphs or tables with text", shown_as)
    core = document.core_properties
    title = fold(core.title or "") or next((b.text for b in blocks if b.kind == "heading"), None)
    created = core.created.date().isoformat() if core.created else None
    meta = {"author": core.author or None, "modified": core.modified.date().isoformat() if core.modified else None}
    return ExtractedDocument(path=path, shown_as=shown_as, format="docx", blocks=blocks, title=title,
                             created=created, pages=None, encoding=None,
                             text="\n".join(block.text for block in blocks), meta=meta)


class _Styles:
    """Style facts (name, bold, numbered) looked up once per style id.

    python-docx resolves ``paragraph.style`` by scanning every style each time, which made a 6,000-word CPR
    take 0.4 s; CPR QA reads many CPRs a second.
    """

    def __init__(self, document) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._by_id = {style.style_id: style for style in document.styles}
        self._default = {kind: document.styles.default(kind)
                         for kind in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)}
        self._paragraph_kind = WD_STYLE_TYPE.PARAGRAPH
        self._bold: dict[str | None, bool | None] = {}
        self._numbered: dict[str | None, bool] = {}

    def paragraph_style(self, paragraph):
        style = self._by_id.get(paragraph._p.style)
        return style if style is not None else self._default[self._paragraph_kind]

    def bold(self, style) -> bool | None:
        """Bold as the style (or a style it is based on) sets it; None when none of them says."""
        if style is None:
            return None
        key = style.style_id
        if key not in self._bold:
            found, current = None, style
            while current is not None and found is None:
                found = current.font.bold
                current = current.base_style
            self._bold[key] = found
        return self._bold[key]

    def run_bold(self, run) -> bool | None:
        if run.bold is not None:
            return run.bold
        style_id = run._r.style
        return self.bold(self._by_id.get(style_id)) if style_id else None

    def numbered(self, style) -> bool:
        """The style (or its base) carries Word numbering, and is not a heading style."""
        key = style.style_id if style is not None else None
        if key not in self._numbered:
            found, current = False, style
            while current is not None:
                ppr = current.element.pPr
                if ppr is not None and ppr.numPr is not None:
                    found = not _HEADING_STYLE.match(current.name or "")
                    break
                current = current.base_style
            self._numbered[key] = found
        return self._numbered[key]


def _paragraph_block(paragraph, line: int, styles: _Styles) -> Block | None:
    text = fold(_element_text(paragraph._p))
    if not text:
        return None
    paragraph_style = styles.paragraph_style(paragraph)
    style = paragraph_style.name if paragraph_style is not None else None
    bold = _all_bold(paragraph, paragraph_style, styles)
    level = _style_level(style)
    if level is not None:
        return Block(text, None, line, "heading", level=level, bold=bold, style=style)
    if _is_list(paragraph, paragraph_style, style, styles):
        # a heading numbered by Word ("3.2" comes from numPr, not the text) is told apart by being bold
        kind = "heading" if _short_bold(text, bold) else "list_item"
        return Block(text, None, line, kind, bold=bold, style=style)
    shaped, number_level = shapes.heading_shape(text, allow_title_case=False)
    if shaped or _short_bold(text, bold):
        return Block(text, None, line, "heading", level=number_level, bold=bold, style=style)
    return Block(text, None, line, "paragraph", bold=bold, style=style)


def _short_bold(text: str, bold: bool) -> bool:
    """A wholly bold paragraph of at most 10 words, not ending like a sentence, not a table-like row."""
    return bold and len(text.split()) <= shapes.MAX_HEADING_WORDS and not text.endswith(
        (".", ",", ";", "?", "!")) and not shapes.is_table_like(text)


def _style_level(style: str | None) -> int | None:
    if not style:
        return None
    match = _HEADING_STYLE.match(style.strip())
    if match:
        return int(match.group(1))
    if style.strip().lower() in ("title", "subtitle"):
        return 0 if style.strip().lower() == "title" else 1
    return None


def _is_list(paragraph, paragraph_style, style: str | None, styles: _Styles) -> bool:
    """Numbered or bulleted: Word numbering on the paragraph or its style, or a "List …" style.

    "List Paragraph" is only the indent Word gives list items, so it counts only with numbering.
    """
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        num_id = ppr.numPr.numId
        return num_id is None or num_id.val != 0  # numId 0 switches numbering off
    named = (style or "").strip().lower()
    return styles.numbered(paragraph_style) or (named.startswith("list") and named != "list paragraph")


def _all_bold(paragraph, paragraph_style, styles: _Styles) -> bool:
    """Every run with visible text is bold, directly, by its character style or by the paragraph style."""
    style_bold = bool(styles.bold(paragraph_style))
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    for run in runs:
        bold = styles.run_bold(run)
        if not (style_bold if bold is None else bold):
            return False
    return True

"""Word documents: body paragraphs and tables in document order, one line per block.

Headings come from the paragraph style (``Heading N``, ``Title``) and, because CPR templates are often
typed by hand, from the look of a short paragraph: wholly bold, numbered ("3.2 Health"), or ALL CAPS
(see ``shapes.heading_shape``). Numbered or bulleted paragraphs (``w:numPr`` on the paragraph or its
style, or a ``List`` style) are list items. Each table row is a ``table_row`` block; a merged cell is
given once (a horizontal span is one cell, a vertical continuation is an empty cell).

The XML is read directly with lxml (``docx_package`` opens the zip): one pass over the body, style facts
(name, bold, numbering) worked out once per style. It gives exactly what the python-docx reader it
replaced gives (``docx_reference``, compared on every DOCX fixture by the sameness tests) at several times
the speed, which CPR QA's throughput target needs.
"""

from __future__ import annotations

import re
import threading
import zipfile
from collections import OrderedDict
from pathlib import Path

from docx.styles import BabelFish
from lxml import etree

from adoption_audit.documents import shapes
from adoption_audit.documents.docx_package import MalformedPackage, read_word_package
from adoption_audit.documents.docx_package import W as _W
from adoption_audit.documents.model import CELL_SEPARATOR, Block, ExtractedDocument, fold
from adoption_audit.errors import UnreadableInput

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of .doc files
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (f"{_W}{name}" for name in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _BREAKS = f"{_W}t", frozenset(f"{_W}{name}" for name in ("tab", "br", "cr"))
_R, _P_PR, _R_PR, _TC_PR = (f"{_W}{name}" for name in ("r", "pPr", "rPr", "tcPr"))
_P_STYLE, _R_STYLE, _NUM_PR, _NUM_ID, _B = (f"{_W}{name}" for name in ("pStyle", "rStyle", "numPr", "numId", "b"))
_STYLE, _NAME, _BASED_ON, _V_MERGE = (f"{_W}{name}" for name in ("style", "name", "basedOn", "vMerge"))
_VAL, _TYPE, _STYLE_ID, _DEFAULT = (f"{_W}{name}" for name in ("val", "type", "styleId", "default"))
_NO_BREAK_HYPHEN, _STYLES = f"{_W}noBreakHyphen", f"{_W}styles"
_STYLES_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's settings
_STYLE_KINDS = frozenset({"paragraph", "character", "table", "numbering"})
_ON, _OFF = frozenset({"1", "true", "on"}), frozenset({"0", "false", "off"})
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


def read_docx(path: Path, shown_as: str) -> ExtractedDocument:
    """Blocks and metadata of a .docx; UnreadableInput (one line naming ``shown_as``) for a file that is
    not a zip, a Word 97 .doc renamed, a broken package or XML, or a document without text."""
    if not zipfile.is_zipfile(path):
        with path.open("rb") as handle:
            if handle.read(8) == _OLE_MAGIC:
                raise UnreadableInput("a Word 97-2003 (.doc) file named .docx: open it in Word and save as .docx",
                                      shown_as)
        raise UnreadableInput("not a Word document (.docx is a zip package; this file is not one)", shown_as)
    try:
        package = read_word_package(path)
        styles = _styles_for(package.styles_xml)
        blocks = _blocks(package.body, styles)
        core = package.core
    except MalformedPackage as error:
        raise UnreadableInput(f"not a readable Word document ({error.reason})", shown_as) from None

    if not blocks:
        raise UnreadableInput("empty document: no paragraphs or tables with text", shown_as)
    title = fold(core.title or "") or next((b.text for b in blocks if b.kind == "heading"), None)
    created = core.created.date().isoformat() if core.created else None
    meta = {"author": core.author or None, "modified": core.modified.date().isoformat() if core.modified else None}
    return ExtractedDocument(path=path, shown_as=shown_as, format="docx", blocks=blocks, title=title,
                             created=created, pages=None, encoding=None,
                             text="\n".join(block.text for block in blocks), meta=meta)


def _blocks(body, styles: _Styles) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    for element in _body_items(body):
        if element.tag == _P:
            block = _paragraph_block(element, len(blocks) + 1, styles)
            if block is not None:
                blocks.append(block)
        else:
            row_index = 0
            for tr in _unwrapped(element, _TR):
                cells = tuple("" if _continues_vertical_merge(tc) else fold(_element_text(tc))
                              for tc in _unwrapped(tr, _TC))
                if not any(cells):
                    continue  # an empty spacer row carries nothing to quote
                blocks.append(Block(CELL_SEPARATOR.join(cells), None, len(blocks) + 1, "table_row",
                                    cells=cells, table=tables, row=row_index))
                row_index += 1
            tables += 1
    return blocks


def _continues_vertical_merge(tc) -> bool:
    """``w:vMerge`` without a value, or ``continue``: the cell belongs to the merged cell above."""
    properties = tc.find(_TC_PR)
    merge = properties.find(_V_MERGE) if properties is not None else None
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _on_off(element) -> bool | None:
    """A ``w:b``-like toggle: absent None, no value True, else Word's on/off spellings."""
    if element is None:
        return None
    value = element.get(_VAL)
    if value is None or value in _ON:
        return True
    if value in _OFF:
        return False
    raise MalformedPackage("InvalidXmlError")


def _required_val(element) -> str:
    value = element.get(_VAL)
    if value is None:
        raise MalformedPackage("InvalidXmlError")
    return value


#: Style facts of the last few styles parts read, by content: CPRs from one template share them.
_RECENT_STYLES: OrderedDict[bytes, _Styles] = OrderedDict()
_RECENT_STYLES_KEPT = 4
_RECENT_STYLES_LOCK = threading.Lock()  # readers may run in threads (Dagster, a CLI pool)


def _styles_for(styles_xml: bytes) -> _Styles:
    """The ``_Styles`` of a styles part, parsed once per distinct content (parsing python-docx's 350 kB
    template took 3.7 ms, more than reading all the rest of a 6,000-word CPR).

    Keyed by the exact bytes, so a template edited in any way is parsed afresh; the facts are worked out
    from the XML alone, so sharing them between documents cannot change what a document gives.
    """
    with _RECENT_STYLES_LOCK:
        styles = _RECENT_STYLES.get(styles_xml)
        if styles is not None:
            _RECENT_STYLES.move_to_end(styles_xml)
            return styles
    try:
        root = etree.fromstring(styles_xml, _STYLES_PARSER)
    except etree.XMLSyntaxError:
        raise MalformedPackage("XMLSyntaxError") from None
    if root.tag != _STYLES:
        raise MalformedPackage("styles part of the wrong type")
    styles = _Styles(root)
    with _RECENT_STYLES_LOCK:
        _RECENT_STYLES[styles_xml] = styles
        while len(_RECENT_STYLES) > _RECENT_STYLES_KEPT:
            _RECENT_STYLES.popitem(last=False)
    return styles


class _Styles:
    """Style facts (name, bold, numbered) worked out once per style, from ``styles.xml`` as parsed.

    Lookups follow Word's rules as python-docx applied them: a paragraph's style id is looked up among all
    styles (the last with that id wins), a missing or unknown id means the default paragraph style (the
    last paragraph style marked default), and ``basedOn`` names the first style with that id.
    """

    def __init__(self, root) -> None:
        self._by_id: dict[str | None, object] = {}
        self._first_by_id: dict[str, object] = {}
        defaults: dict[str, object] = {}
        for style in root.iterchildren(_STYLE):
            kind = style.get(_TYPE)
            if kind not in _STYLE_KINDS:
                raise MalformedPackage("KeyError" if kind is None else "ValueError")
            style_id = style.get(_STYLE_ID)
            self._by_id[style_id] = style
            if style_id is not None:
                self._first_by_id.setdefault(style_id, style)
            if kind in ("paragraph", "character") and _on_off_attribute(style.get(_DEFAULT)):
                defaults[kind] = style
        self.default_paragraph = defaults.get("paragraph")
        self._name: dict[object, str | None] = {}
        self._bold: dict[object, bool | None] = {}
        self._numbered: dict[object, bool] = {}

    def paragraph_style(self, p):
        properties = p.find(_P_PR)
        style_element = properties.find(_P_STYLE) if properties is not None else None
        style = self._by_id.get(_required_val(style_element) if style_element is not None else None)
        return style if style is not None else self.default_paragraph

    def name(self, style) -> str | None:
        """The style's name as Word shows it (``Heading 1`` for the stored ``heading 1``)."""
        if style not in self._name:
            element = style.find(_NAME)
            self._name[style] = None if element is None else BabelFish.internal2ui(_required_val(element))
        return self._name[style]

    def _base(self, style):
        based_on = style.find(_BASED_ON)
        return None if based_on is None else self._first_by_id.get(_required_val(based_on))

    def bold(self, style) -> bool | None:
        """Bold as the style (or a style it is based on) sets it; None when none of them says."""
        if style is None:
            return None
        if style not in self._bold:
            found, current, seen = None, style, set()
            while current is not None and found is None and current not in seen:  # a loop of bases ends
                seen.add(current)
                properties = current.find(_R_PR)
                found = _on_off(properties.find(_B)) if properties is not None else None
                current = self._base(current)
            self._bold[style] = found
        return self._bold[style]

    def run_bold(self, r) -> bool | None:
        properties = r.find(_R_PR)
        if properties is None:
            return None
        direct = _on_off(properties.find(_B))
        if direct is not None:
            return direct
        style_element = properties.find(_R_STYLE)
        style_id = _required_val(style_element) if style_element is not None else None
        return self.bold(self._by_id.get(style_id)) if style_id else None

    def numbered(self, style) -> bool:
        """The style (or its base) carries Word numbering, and is not a heading style."""
        if style not in self._numbered:
            found, current, seen = False, style, set()
            while current is not None and current not in seen:
                seen.add(current)
                properties = current.find(_P_PR)
                if properties is not None and properties.find(_NUM_PR) is not None:
                    found = not _HEADING_STYLE.match(self.name(current) or "")
                    break
                current = self._base(current)
            self._numbered[style] = found
        return self._numbered[style]


def _on_off_attribute(value: str | None) -> bool:
    """``w:default`` and similar on/off attributes: absent is off."""
    if value is None:
        return False
    if value in _ON or value in _OFF:
        return value in _ON
    raise MalformedPackage("InvalidXmlError")


def _paragraph_block(p, line: int, styles: _Styles) -> Block | None:
    text = fold(_element_text(p))
    if not text:
        return None
    paragraph_style = styles.paragraph_style(p)
    style = styles.name(paragraph_style) if paragraph_style is not None else None
    bold = _all_bold(p, paragraph_style, styles)
    level = _style_level(style)
    if level is not None:
        return Block(text, None, line, "heading", level=level, bold=bold, style=style)
    if _is_list(p, paragraph_style, style, styles):
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


def _is_list(p, paragraph_style, style: str | None, styles: _Styles) -> bool:
    """Numbered or bulleted: Word numbering on the paragraph or its style, or a "List …" style.

    "List Paragraph" is only the indent Word gives list items, so it counts only with numbering.
    """
    properties = p.find(_P_PR)
    numbering = properties.find(_NUM_PR) if properties is not None else None
    if numbering is not None:
        num_id = numbering.find(_NUM_ID)
        if num_id is None:
            return True
        try:
            return int(_required_val(num_id)) != 0  # numId 0 switches numbering off
        except ValueError:
            raise MalformedPackage("ValueError") from None
    named = (style or "").strip().lower()
    return styles.numbered(paragraph_style) or (named.startswith("list") and named != "list paragraph")


def _all_bold(p, paragraph_style, styles: _Styles) -> bool:
    """Every run with visible text is bold, directly, by its character style or by the paragraph style."""
    style_bold = bool(styles.bold(paragraph_style))
    runs = [r for r in p.iterchildren(_R) if _run_has_text(r)]
    if not runs:
        return False
    for r in runs:
        bold = styles.run_bold(r)
        if not (style_bold if bold is None else bold):
            return False
    return True


def _run_has_text(r) -> bool:
    """The run shows something other than white space: text in a ``w:t`` or a non-breaking hyphen (tabs
    and breaks are white space)."""
    for child in r.iterchildren(_T, _NO_BREAK_HYPHEN):
        if child.tag == _NO_BREAK_HYPHEN or (child.text or "").strip():
            return True
    return False

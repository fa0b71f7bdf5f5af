"""PDF text layers (pypdfium2): the lines of each page in order, laid out as blocks by ``lines``.

pdfium gives each page's text with its line breaks, and for any character its box, font size, weight and
name, so paragraph gaps and headings come from the layout without pdfplumber (about 90 times slower,
see BENCHMARKS.md). Per line the reader looks at the first and last characters only:

- a vertical gap before a line wider than 1.3 times the page's usual (lower-quartile) line pitch starts a new paragraph;
- a short heading-shaped line (no final full stop, at most 12 words, not a table row) set in a bold
  face or at least 1.15 times the body size is *emphasised* and becomes a heading.

Pages are closed as soon as they are read. A PDF with no text at all is refused: it is a scan.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
from pathlib import Path

from adoption_audit.documents import shapes
from adoption_audit.documents.lines import Line, blocks_from_lines
from adoption_audit.documents.model import ExtractedDocument
from adoption_audit.errors import UnreadableInput

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
GAP_FACTOR = 1.3
LARGER_FACTOR = 1.15


def read_pdf(path: Path, shown_as: str) -> ExtractedDocument:
    import pypdfium2 as pdfium

    if not path.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
        raise UnreadableInput("not a PDF (no %PDF header)", shown_as)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise UnreadableInput("encrypted PDF: it needs a password to open", shown_as) from None
        raise UnreadableInput(f"PDF will not open ({reason})", shown_as) from None
    try:
        page_count = len(pdf)
        raw_lines: list[tuple[str, int, float, float, float, bool]] = []  # text, page, top, height, size, bold
        for index in range(page_count):
            raw_lines.extend(_page_lines(pdf, index))
        metadata = pdf.get_metadata_dict()
    finally:
        pdf.close()

    if not any(text.strip() for text, *_ in raw_lines):
        raise UnreadableInput("no text layer; scanned pages need OCR first", shown_as)
    if _unreadable_share(raw_lines) > 0.5:
        raise UnreadableInput("text layer unreadable (fonts without a Unicode map); the PDF needs OCR first",
                              shown_as)
    lines = _located_lines(raw_lines)
    running = _running_lines(lines, page_count)
    blocks = blocks_from_lines([line for line in lines if line.number not in running])
    title = (metadata.get("Title") or "").strip() or next((b.text for b in blocks if b.kind == "heading"), None)
    pages_with_text = {page for _, page, *_ in raw_lines}
    meta = {"producer": metadata.get("Producer") or None, "author": metadata.get("Author") or None,
            "pages_without_text": [p for p in range(1, page_count + 1) if p not in pages_with_text],
            "running_lines": sorted(running)}
    return ExtractedDocument(path=path, shown_as=shown_as, format="pdf", blocks=blocks, title=title,
                             created=_iso_date(metadata.get("CreationDate")), pages=page_count, encoding=None,
                             text="\n".join(line.text for line in lines), meta=meta)


def _page_lines(pdf, index: int) -> list[tuple[str, int, float, float, float, bool]]:
    """(text, page, top, height, font size, bold) for each non-empty line of one page, then close it."""
    from pypdfium2 import raw

    page = pdf[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        out = []
        offset = 0
        for match in [*_LINE_BREAK.finditer(text), None]:
            end = match.start() if match else len(text)
            line = text[offset:end]
            if line.strip():
                first = offset + (len(line) - len(line.lstrip()))
                last = offset + len(line.rstrip()) - 1
                _, bottom, _, top = textpage.get_charbox(first, loose=True)
                size = raw.FPDFText_GetFontSize(textpage.raw, first)
                bold = _is_bold(textpage, first) and _is_bold(textpage, last)
                out.append((line.replace("\x02", "-").replace("\ufffe", "-"), index + 1, top, top - bottom,
                            size, bold))
            if match:
                offset = match.end()
        return out
    finally:
        textpage.close()
        page.close()


def _is_bold(textpage, index: int) -> bool:
    from pypdfium2 import raw

    if raw.FPDFText_GetFontWeight(textpage.raw, index) >= 600:
        return True
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage.raw, index, buffer, 128, ctypes.byref(flags))
    return bool(_BOLD_NAME.search(buffer.value.decode("latin-1", "replace")))


def _located_lines(raw_lines) -> list[Line]:
    """Number the lines, and mark paragraph gaps and emphasised (heading) lines from the layout."""
    sizes = [size for *_, size, _ in raw_lines if size > 0]
    body_size = statistics.median(sizes) if sizes else 0.0
    pitches: dict[int, list[float]] = {}
    for previous, current in itertools.pairwise(raw_lines):
        if previous[1] == current[1] and previous[2] > current[2]:
            pitches.setdefault(current[1], []).append(previous[2] - current[2])
    everywhere = sorted(pitch for values in pitches.values() for pitch in values)
    overall = everywhere[len(everywhere) // 4] if everywhere else 0.0
    usual = {page: sorted(values)[len(values) // 4] for page, values in pitches.items() if len(values) >= 4}

    lines: list[Line] = []
    for number, (text, page, top, _height, size, bold) in enumerate(raw_lines, start=1):
        previous = raw_lines[number - 2] if number > 1 else None
        pitch = usual.get(page, overall)
        gap = bool(previous and previous[1] == page and pitch > 0 and previous[2] - top > GAP_FACTOR * pitch)
        larger = body_size > 0 and size >= LARGER_FACTOR * body_size
        stripped = text.strip()
        emphasis = (bold or larger) and _heading_like(stripped)
        lines.append(Line(stripped if emphasis else text.rstrip(), number, page, gap_before=gap,
                          emphasis=emphasis, bold=bold))
    return lines


def _unreadable_share(raw_lines) -> float:
    """Share of visible characters that are control or replacement characters (no ToUnicode map)."""
    visible = bad = 0
    for text, *_ in raw_lines:
        for char in text:
            if char.isspace():
                continue
            visible += 1
            bad += char == "\ufffd" or (ord(char) < 32 and char != "\x02")
    return bad / visible if visible else 0.0


def _running_lines(lines: list[Line], page_count: int) -> set[int]:
    """Line numbers of page furniture: page numbers, and headers or footers repeated across pages.

    Only a page's first two and last two lines are candidates. A page number ("12", "Page 3 of 20",
    "- 4 -") there is furniture; so is a line whose text, digits aside, opens or closes at least three
    pages and half of them (a running title, "Northfold Council – Annual Report 2024-25 – page 7"), unless
    set as a heading ("3 Section 3 …" opening each page is structure, not furniture). These
    lines stay in ``text`` (line numbers do not move) but make no blocks, so they neither become claims
    nor cut a paragraph that runs on to the next page.
    """
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page or 0, []).append(line)
    edges = [line for page_lines in by_page.values()
             for line in {id(x): x for x in page_lines[:2] + page_lines[-2:]}.values()]
    running = {line.number for line in edges if _PAGE_NUMBER.match(line.text.strip())}
    pages_by_key: dict[str, set[int]] = {}
    for line in edges:
        key = re.sub(r"\d+", "#", " ".join(line.text.split()).lower())
        pages_by_key.setdefault(key, set()).add(line.page or 0)
    repeated = {key for key, pages in pages_by_key.items() if len(pages) >= 3 and 2 * len(pages) >= page_count}
    running |= {line.number for line in edges if not line.emphasis
                and re.sub(r"\d+", "#", " ".join(line.text.split()).lower()) in repeated}
    return running


def _heading_like(text: str) -> bool:
    """Short enough and shaped like a heading when a font sets it apart (see the module doc)."""
    if not text or text.endswith((".", ",", ";", ":", "?", "!")) or shapes.is_table_like(text):
        return False
    if shapes.bullet_marker(text) and not shapes.SECTION_NUMBER.match(text):
        return False
    return len(text.split()) <= shapes.MAX_NUMBERED_HEADING_WORDS and len(text) <= shapes.MAX_HEADING_CHARS


def _iso_date(value: str | None) -> str | None:
    match = _PDF_DATE.match((value or "").strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"

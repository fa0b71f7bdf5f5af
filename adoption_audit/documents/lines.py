"""From lines of text to blocks: the layout rules shared by plain text, markdown and PDF text layers.

Line-based formats lose paragraph structure to hard wrapping; what is left is blank lines (or, in a PDF,
vertical gaps), list markers, section numbers, and the shape of short lines. The rules:

1. Lines are grouped by blank lines (a PDF gap, a page break, a markdown heading or table also end a group).
2. A group whose lines are mostly table-like rows ("2013/14 807.00") keeps one block per line.
3. Otherwise a group's lines are joined, starting a new block at each list marker ("-", "•", "1.", "a)",
   "(i)") and at each dotted section number ("2.2 The council ..."), since reports number paragraphs
   without blank lines between them.
4. Headings (see ``shapes.heading_shape``): a one-line group that looks like a heading and is followed by
   more text; or the first line of a group when it is short and numbered or ALL CAPS, or Title Case with a
   long (wrapped prose) line after it; or a line the PDF font marks as emphasised (bold or larger).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adoption_audit.documents import shapes
from adoption_audit.documents.model import CELL_SEPARATOR, Block, fold

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")


@dataclass
class Line:
    """One line of extracted text and its place."""

    text: str
    number: int  # 1-based line in ExtractedDocument.text
    page: int | None
    gap_before: bool = False  # PDF: a vertical gap wider than the line spacing precedes this line
    emphasis: bool = False  # PDF: the whole line is bold or set larger than the body text
    bold: bool = False


@dataclass
class _Item:
    lines: list[Line]
    kind: str = "paragraph"
    level: int | None = None
    bold: bool = False
    cells: tuple[str, ...] | None = None
    table: int | None = None
    row: int | None = None
    whole_group: bool = False  # the item is a group of its own (for the one-line heading rule)


def blocks_from_lines(lines: list[Line], *, markdown: bool = False) -> list[Block]:
    """Blocks for ``lines`` (blank lines included, as empty strings) by the rules in this module's doc."""
    wrap = _wrap_width(lines)
    items: list[_Item] = []
    tables = 0
    for group in _groups(lines, markdown):
        first = group[0].text
        if markdown and _MD_HEADING.match(first):
            match = _MD_HEADING.match(first)
            items.append(_Item(group, "heading", level=len(match.group(1)), whole_group=True))
            continue
        if markdown and first.lstrip().startswith("|"):
            row = 0
            for line in group:
                if _MD_TABLE_RULE.match(line.text):
                    continue
                cells = tuple(fold(c) for c in line.text.strip().strip("|").split("|"))
                items.append(_Item([line], "table_row", cells=cells, table=tables, row=row))
                row += 1
            tables += 1
            continue
        if len(group) == 1 and group[0].emphasis:
            items.append(_Item(group, "heading", level=shapes.section_level(first), whole_group=True))
            continue
        table_like = sum(shapes.is_table_like(line.text) for line in group)
        if len(group) >= 2 and table_like >= 2 and table_like * 2 >= len(group):
            items.extend(_Item([line], "list_item" if shapes.bullet_marker(line.text) else "paragraph")
                         for line in group)
            continue
        items.extend(_split_group(group, wrap))
    _mark_standalone_headings(items)
    items = _join_broken_paragraphs(items)
    return [_to_block(item) for item in items]


def _groups(lines: list[Line], markdown: bool) -> list[list[Line]]:
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        blank = not line.text.strip()
        starts_new = blank or line.gap_before or line.emphasis or (current and (
            line.page != current[-1].page or current[-1].emphasis
            or (markdown and (_MD_HEADING.match(line.text) or _MD_HEADING.match(current[-1].text)
                              or line.text.lstrip().startswith("|") != current[-1].text.lstrip().startswith("|")))
        ))
        if starts_new and current:
            groups.append(current)
            current = []
        if not blank:
            current.append(line)
    if current:
        groups.append(current)
    return groups


def _split_group(group: list[Line], wrap: int) -> list[_Item]:
    items: list[_Item] = []
    start = 0
    if len(group) >= 2 and _leads_group_as_heading(group[0], group[1], wrap):
        heading = _Item([group[0]], "heading", level=shapes.section_level(group[0].text))
        items.append(heading)
        start = 1
        # an ALL CAPS heading wrapped onto a second line ("4 CONCLUSION AND REASONS FOR THE" / "DECISION")
        while (start < len(group) and shapes.is_all_caps(group[0].text) and shapes.is_all_caps(group[start].text)
               and len(group[start].text.strip()) <= 0.65 * wrap):
            heading.lines.append(group[start])
            start += 1
    current: _Item | None = None
    for line in group[start:]:
        if current is None or shapes.bullet_marker(line.text) or shapes.DOTTED_SECTION.match(line.text):
            current = _Item([line], "list_item" if shapes.bullet_marker(line.text) else "paragraph")
            items.append(current)
        else:
            current.lines.append(line)
    if len(items) == 1 and start == 0:
        items[0].whole_group = True
    return items


def _leads_group_as_heading(first: Line, second: Line, wrap: int) -> bool:
    """The first line of a multi-line group is a heading when it is short and strongly heading-shaped."""
    text = first.text.strip()
    if len(text) > 0.65 * wrap or shapes.bullet_marker(text) and not shapes.SECTION_NUMBER.match(text):
        return False
    if second.text.strip()[:1].islower():
        return False  # "3.1 The panel met on" / "five occasions." is one wrapped sentence
    looks, _ = shapes.heading_shape(text, allow_title_case=False)
    if looks:
        return True
    title_case, _ = shapes.heading_shape(text)
    return title_case and len(second.text.strip()) >= 0.65 * wrap and second.text.strip()[:1].isupper()


def _mark_standalone_headings(items: list[_Item]) -> None:
    """A one-line group shaped like a heading, followed by text, is a heading (rule 4)."""
    for index, item in enumerate(items[:-1]):
        if item.kind != "paragraph" or not item.whole_group or len(item.lines) != 1:
            continue
        text = item.lines[0].text.strip()
        strong, level = shapes.heading_shape(text, allow_title_case=False)
        following = items[index + 1]
        if strong:
            item.kind, item.level = "heading", level
        elif shapes.heading_shape(text)[0] and following.kind in ("paragraph", "list_item") and (
            following.kind == "list_item" or len(_joined(following).split()) >= 6
        ):
            item.kind = "heading"


def _join_broken_paragraphs(items: list[_Item]) -> list[_Item]:
    """Join a paragraph to the one before when a blank line or page break cut a sentence in two.

    The earlier block ends without closing punctuation and the later one starts with a lower-case
    letter: double-spaced exports and PDF page breaks do this to reports.
    """
    out: list[_Item] = []
    for item in items:
        previous = out[-1] if out else None
        if (previous is not None and item.kind == "paragraph" and previous.kind in ("paragraph", "list_item")
                and item.lines[0].text.strip()[:1].islower()
                and not previous.lines[-1].text.rstrip().endswith((".", "!", "?", ":", ";"))
                and not shapes.is_table_like(previous.lines[-1].text)
                and not shapes.is_table_like(item.lines[0].text)):
            previous.lines.extend(item.lines)
            previous.whole_group = False
            continue
        out.append(item)
    return out


def _joined(item: _Item) -> str:
    return fold(" ".join(_dehyphen(item.lines)))


def _dehyphen(lines: list[Line]) -> list[str]:
    """Line texts, with a word hyphenated across a line break put back together.

    "adop-" / "tion" becomes "adoption"; a year range "2016-" / "17" becomes "2016-17" (hyphen kept).
    """
    out: list[str] = []
    for line in lines:
        text = line.text.strip()
        previous = out[-1] if out else ""
        word_split = previous.endswith("-") and previous[-2:-1].isalpha() and text[:1].islower()
        year_split = previous.endswith("-") and previous[-2:-1].isdigit() and text[:1].isdigit()  # 2016-/17
        if word_split or year_split:
            out[-1] = (previous[:-1] if word_split else previous) + text.split(" ", 1)[0]
            text = text.split(" ", 1)[1] if " " in text else ""
            if not text:
                continue
        out.append(text)
    return out


def _to_block(item: _Item) -> Block:
    first = item.lines[0]
    if item.kind == "table_row":
        return Block(CELL_SEPARATOR.join(item.cells or ()), first.page, first.number, "table_row",
                     cells=item.cells, table=item.table, row=item.row)
    text = _joined(item)
    if item.kind == "heading" and _MD_HEADING.match(first.text):
        text = fold(_MD_HEADING.match(first.text).group(2))
    bold = all(line.bold for line in item.lines)
    match = _MD_BOLD.match(text)
    if match:
        text, bold = fold(match.group(2)), True
    return Block(text, first.page, first.number, item.kind, level=item.level, bold=bold)


def _wrap_width(lines: list[Line]) -> int:
    """The width text was wrapped at: the 90th percentile of line lengths, at least 40 characters."""
    lengths = sorted(len(line.text.rstrip()) for line in lines if line.text.strip())
    if not lengths:
        return 80
    return max(40, lengths[int(0.9 * (len(lengths) - 1))])

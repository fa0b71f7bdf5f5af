"""Shapes of lines that every format judges the same way: bullets, section numbers, table-like rows,
and what a heading looks like when no style says so.

Precision matters more than recall here: a sentence taken for a heading splits a CPR section in two and
hides a claim's sentence, while a missed heading is still read as a paragraph. The rules are written out
in ``docs/documents.md``.
"""

from __future__ import annotations

import re

#: A list marker at the start of a line: -, *, •, ·, ▪, o, 1. 1) a) (a) (i) i.
BULLET = re.compile(
    r"^\s*(?:[-*•·▪●◦‣–]|o(?=\s)|\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivxlc]{1,5}\)|[ivx]{1,4}[.)])\s+(?=\S)"
)
#: A section number opening a numbered paragraph or heading: "3", "3.2", "3.2.1", "3.2." then text.
SECTION_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=[A-Za-z(\"'‘“])")
#: A dotted section number ("1.2 Under ...") starts a new paragraph even with no blank line before it.
DOTTED_SECTION = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=[A-Za-z(\"'‘“])")
NUMERIC_TOKEN = re.compile(r"^[(£$<>~≈+-]?\d[\d,./:%-]*[%)kmKM]?$|^(?:x|c|n/?a|-|–)$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "within", "&", "vs", "v", "per", "our", "their", "his", "her", "its"]
)
_LABEL_VALUE = re.compile(r":\s*[\d£$]")  # "Ethnicity: 10 White British" is a label and a figure
_FINAL_PUNCTUATION = tuple(".,;:!?")

MAX_HEADING_WORDS = 10
MAX_NUMBERED_HEADING_WORDS = 11
MAX_HEADING_CHARS = 90


def bullet_marker(line: str) -> str | None:
    """The list marker opening ``line``, or None."""
    match = BULLET.match(line)
    return match.group(0) if match else None


def numeric_tokens(text: str) -> int:
    return sum(1 for token in text.split() if NUMERIC_TOKEN.match(token))


def is_table_like(line: str) -> bool:
    """A line of a table flattened to text: short, with two or more figures making up a third of it.

    ("2013/14 807.00", "0-2 34 24", "Year end 2017 34 368.8"). Prose lines of a wrapped paragraph rarely
    carry two figures in a third of their words.
    """
    marker = bullet_marker(line)
    if marker and not marker.strip()[:1].isdigit():
        line = line[len(marker):]  # "- 29 children placed" is a list item, not a row
    tokens = line.split()
    if len(tokens) < 2 or len(line) > 100:
        return False
    figures = numeric_tokens(line)
    return figures >= 2 and figures * 3 >= len(tokens)


def is_all_caps(text: str) -> bool:
    """Capitals only, with at least one word of four letters (so "LCC, LC" or "A1" are not headings)."""
    letters = [c for c in text if c.isalpha()]
    return (len(letters) >= 3 and all(c.isupper() for c in letters)
            and any(len(word) >= 4 for word in _WORD.findall(text)))


def is_title_case(text: str) -> bool:
    """Every word but small words starts with a capital ("Contact With Birth Family", "Health")."""
    words = _WORD.findall(text)
    if not words or not words[0][0].isupper() or not any(w[1:].islower() for w in words):
        return False  # capitals alone ("LCC 2023/24") are judged by is_all_caps
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def section_level(text: str) -> int | None:
    """Heading level from a section number: "3 Health" -> 1, "3.2 Health" -> 2; None without a number."""
    match = SECTION_NUMBER.match(text)
    return match.group(1).count(".") + 1 if match else None


def heading_shape(text: str, *, allow_title_case: bool = True) -> tuple[bool, int | None]:
    """Whether a short line looks like a heading by itself, and its level when a section number gives one.

    A heading shape is: at most ``MAX_HEADING_WORDS`` words (numbered: ``MAX_NUMBERED_HEADING_WORDS``),
    no final full stop, comma, colon, semicolon, question or exclamation mark, not a table-like row, and
    one of: a section number followed by a capitalised word ("3.2 Health and development"), ALL CAPS, or
    Title Case (when ``allow_title_case``). Where the line stands (what follows it) is the caller's part.
    """
    text = text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or text.endswith(_FINAL_PUNCTUATION):
        return False, None
    if is_table_like(text) or not _WORD.search(text):
        return False, None
    words = text.split()
    match = SECTION_NUMBER.match(text)
    if match:
        rest = text[match.end():]
        if len(words) <= MAX_NUMBERED_HEADING_WORDS and rest[:1].isupper() and len(_WORD.findall(rest)) >= 1:
            return True, section_level(text)
        return False, None
    if len(words) > MAX_HEADING_WORDS or _LABEL_VALUE.search(text):
        return False, None
    if is_all_caps(text):
        return True, None
    if allow_title_case and is_title_case(text):
        return True, None
    return False, None

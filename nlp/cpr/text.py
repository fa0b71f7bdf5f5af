"""Sentences and short quotes: issues quote at most one sentence of a CPR, never more."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(\[])")
MAX_QUOTE_CHARS = 240


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a cheap splitter is enough to bound quotes and to scope pronoun checks."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, text[start:m.start() + 1].strip()))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return out


def sentence_at(text: str, offset: int) -> str:
    """The one sentence of ``text`` that holds ``offset``, cut to ``MAX_QUOTE_CHARS``."""
    chosen = text
    for start, sentence in sentences(text):
        if start <= offset:
            chosen = sentence
        else:
            break
    return short(chosen)


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"


_WORD = re.compile(r"\S*[^\W\d_]\S*")


def words(text: str) -> int:
    """Whitespace-separated tokens with a letter in them (dates and figures alone are not words)."""
    return len(_WORD.findall(text))

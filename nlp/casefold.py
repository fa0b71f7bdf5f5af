"""Case-insensitive regular expressions at case-sensitive speed.

Python's ``re`` gives up its fast literal scans under ``IGNORECASE``: the claim rules' patterns ("compared
to|up from|…", "an improvement of|missed by …$") ran 3-7 times slower than the same patterns matched
case-sensitively against lower-cased text, and they run once or more for every number of a report. A
lower-cased pattern matched case-sensitively against ``text.lower()`` finds exactly the matches
``IGNORECASE`` finds, at the same offsets, unless the text holds one of the four characters ``IGNORECASE``
matches to an ASCII letter ("İ", "ı", "ſ", the Kelvin sign): such text keeps the ``IGNORECASE`` pattern.
A match's groups are then lower-cased: callers that keep the printed words slice the original text by the
match's offsets.
"""

from __future__ import annotations

import re
import sys

# The only characters IGNORECASE matches to an ASCII letter of a pattern ("İ", "ı", "ſ", the Kelvin sign); "İ"
# is also the one character whose lower case is longer. Text without them folds exactly, ASCII or not.
_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")
_VERBATIM = re.compile(r"\\N\{[^}]*\}|\\.|\(\?P[<=][^>)]*[>)]", re.DOTALL)


def _lower_literals(pattern: str) -> str:
    """``pattern`` with its literal letters lower-cased, escapes (``\\S``, ``\\N{…}``) and group names kept.

    Under ``IGNORECASE`` the result matches exactly what ``pattern`` matches."""
    out, at = [], 0
    for keep in _VERBATIM.finditer(pattern):
        out += [pattern[at:keep.start()].lower(), keep.group(0)]
        at = keep.end()
    out.append(pattern[at:].lower())
    return "".join(out)


class Folded:
    """A compiled ``IGNORECASE`` pattern with ``re.Pattern``'s ``search``/``match``/``fullmatch``/``finditer``,
    matched case-sensitively on lower-cased text wherever that finds the same matches."""

    __slots__ = ("ignorecase", "lower")

    def __init__(self, pattern: str, flags: int = 0, first: str | None = None):
        """``first``: a character class (``"ioev"``) every match starts with; put as a look-ahead before the
        pattern, it lets a scan pass all other positions at once (the same matches, found sooner)."""
        if first:
            pattern = f"(?=[{first}])(?:{pattern})"
        self.ignorecase = re.compile(pattern, flags | re.IGNORECASE)
        lowered = _lower_literals(pattern)
        if re.search(r"\[[^]]*[A-Z]-[a-z]", pattern) or any(c.isalpha() and not c.isascii() for c in lowered):
            # "[A-z]", or a letter such as "ſ" or "K" that IGNORECASE matches to an ASCII one.
            raise ValueError(f"pattern cannot be folded: {pattern!r}")
        self.lower = re.compile(lowered, flags & ~re.IGNORECASE)

    @property
    def pattern(self) -> str:
        return self.ignorecase.pattern

    # ``lower``: ``text.lower()`` when the caller has it already (a block read by several patterns).
    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if _foldable(text):
            return self.lower.search(text.lower() if lower is None else lower, pos, endpos)
        return self.ignorecase.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if _foldable(text):
            return self.lower.match(text.lower() if lower is None else lower, pos, endpos)
        return self.ignorecase.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if _foldable(text):
            return self.lower.fullmatch(text.lower() if lower is None else lower, pos, endpos)
        return self.ignorecase.fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if _foldable(text):
            return self.lower.finditer(text.lower() if lower is None else lower, pos, endpos)
        return self.ignorecase.finditer(text, pos, endpos)


def _foldable(text: str) -> bool:
    """Whether lower-casing ``text`` keeps its length and every match (true of ASCII at once)."""
    return text.isascii() or not _SPECIAL.search(text)

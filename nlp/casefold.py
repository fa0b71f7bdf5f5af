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
    matched case-sensitively on lower-cased text wherever that finds the same matches.

    Three optional literal pre-tests skip the regex where it cannot match (Python's ``re`` has no literal
    pre-scan for alternations and look-arounds, so a pattern with no match in a window still costs ~1 µs;
    the claim rules try some twenty of them for every number, and most find nothing):

    - ``needs``: lower-case strings of which every match contains at least one ("target", "threshold").
    - ``heads``: for patterns anchored at the start (``^\\s*...``, used with ``match``): every match, leading
      whitespace removed, starts with one of these ("day", "month" for "... days longer").
    - ``tails``: for patterns anchored at the end (``...\\s*$``): every match, trailing whitespace removed, ends
      with one of these ("of", "by" for "an improvement of", "missed by").

    They are tested on the lower-cased window only (text holding one of the characters ``IGNORECASE`` folds to
    ASCII keeps the plain ``IGNORECASE`` search, without pre-tests), so the matches are exactly the pattern's;
    ``tests/test_nlp_prefilters.py`` checks every pre-tested pattern against the pattern alone.
    """

    __slots__ = ("_needs_unspaced", "_test", "heads", "ignorecase", "lower", "needs", "tails")

    def __init__(self, pattern: str, flags: int = 0, first: str | None = None, needs: tuple[str, ...] | None = None,
                 heads: tuple[str, ...] | None = None, tails: tuple[str, ...] | None = None):
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
        for literal in (needs or ()) + (heads or ()) + (tails or ()):
            if not literal or literal != literal.lower() or any(c.isalpha() and not c.isascii() for c in literal):
                raise ValueError(f"pre-test literals must be lower case, their letters ASCII: {literal!r}")
        self.needs = tuple(needs) if needs else None
        self.heads = tuple(heads) if heads else None
        self.tails = tuple(tails) if tails else None
        self._test = _pre_test(self.needs, self.heads, self.tails)  # None: no pre-test
        self._needs_unspaced = bool(needs) and not any(c.isspace() for literal in needs for c in literal)

    @property
    def pattern(self) -> str:
        return self.ignorecase.pattern

    def may_occur_in(self, text: str, lower: str | None = None) -> bool:
        """False only when no match can lie anywhere in ``text``, nor in any text cut from it with its whitespace
        changed: lets a caller skip building such a text. Decided by ``needs`` alone, and only when they hold no
        whitespace."""
        if not self._needs_unspaced or not (text.isascii() or not _SPECIAL.search(text)):
            return True
        if lower is None:
            lower = text.lower()
        for literal in self.needs:
            if literal in lower:
                return True
        return False

    # ``lower``: ``text.lower()`` when the caller has it already (a block read by several patterns).
    # The four methods repeat the same few lines on purpose: a shared helper would cost a call per search,
    # and they run some 300,000 times for a 100-page report (about 6% of the extraction's time).
    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if text.isascii() or not _SPECIAL.search(text):
            if lower is None:
                lower = text.lower()
            test = self._test
            if test is None or test(lower[pos:endpos] if pos or endpos < len(lower) else lower):
                return self.lower.search(lower, pos, endpos)
            return None
        return self.ignorecase.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if text.isascii() or not _SPECIAL.search(text):
            if lower is None:
                lower = text.lower()
            test = self._test
            if test is None or test(lower[pos:endpos] if pos or endpos < len(lower) else lower):
                return self.lower.match(lower, pos, endpos)
            return None
        return self.ignorecase.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if text.isascii() or not _SPECIAL.search(text):
            if lower is None:
                lower = text.lower()
            test = self._test
            if test is None or test(lower[pos:endpos] if pos or endpos < len(lower) else lower):
                return self.lower.fullmatch(lower, pos, endpos)
            return None
        return self.ignorecase.fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize, lower: str | None = None):
        if text.isascii() or not _SPECIAL.search(text):
            if lower is None:
                lower = text.lower()
            test = self._test
            if test is None or test(lower[pos:endpos] if pos or endpos < len(lower) else lower):
                return self.lower.finditer(lower, pos, endpos)
            return iter(())
        return self.ignorecase.finditer(text, pos, endpos)


def _pre_test(needs: tuple[str, ...] | None, heads: tuple[str, ...] | None, tails: tuple[str, ...] | None):
    """One function testing a lower-cased window against the pre-tests given (None when none is): made once a
    pattern, so the test run for every number is one call with nothing to look up."""
    if not (needs or heads or tails):
        return None
    if tails and not needs and not heads:
        return lambda lower: lower.rstrip().endswith(tails)
    if heads and not needs and not tails:
        return lambda lower: lower.lstrip().startswith(heads)

    def test(lower: str) -> bool:
        if needs:
            for literal in needs:
                if literal in lower:
                    break
            else:
                return False
        if heads and not lower.lstrip().startswith(heads):
            return False
        return not tails or lower.rstrip().endswith(tails)
    return test

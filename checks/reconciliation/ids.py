"""Child ids as the two systems key them, and how alike two ids are.

The same child can be ``NS001042`` in case management and ``1042`` in the 903 return (an authority
prefix, leading zeros lost to Excel), or have two digits swapped by a keying slip. Ids are reduced to
their core (upper case, separators dropped, a leading letter prefix dropped, leading zeros dropped)
before they are compared; a transposition of neighbouring characters scores above any other single
edit, because sequential ids (1042, 1043) are often siblings, not slips.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

_SEPARATORS = re.compile(r"[^0-9A-Z]")
_PREFIX = re.compile(r"^[A-Z]+(?=\d)")
TRANSPOSITION_SCORE = 0.9


def id_core(raw: str | None) -> str:
    """``' ns-001042 '`` -> ``'1042'``; an id with no digits keeps its letters."""
    if not raw:
        return ""
    text = _SEPARATORS.sub("", raw.upper())
    text = _PREFIX.sub("", text)
    return text.lstrip("0") or text


def id_similarity(a: str | None, b: str | None) -> float:
    """1.0 for the same core id, 0.9 for one swap of neighbouring characters, else edit similarity.

    Two blanks never agree: a missing id scores 0.
    """
    core_a, core_b = id_core(a), id_core(b)
    if not core_a or not core_b:
        return 0.0
    if core_a == core_b:
        return 1.0
    if DamerauLevenshtein.distance(core_a, core_b) == 1 and Levenshtein.distance(core_a, core_b) == 2:
        return TRANSPOSITION_SCORE
    return Levenshtein.normalized_similarity(core_a, core_b)

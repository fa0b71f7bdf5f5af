"""Unfinished template text: "[insert date]", "XX/XX/XXXX", "TBC", "Lorem ipsum", guidance notes left in,
and empty cells in the tables a CPR must fill (chronology, sign-off).

ADMs return a CPR with any of these (cpr_sections.md: ``placeholder_text`` is an error). The patterns live
in ``data/placeholders.yaml`` so an agency can add its own template's prompts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class PlaceholderHit:
    start: int
    end: int
    kind: str  # placeholder | guidance


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = yaml.safe_load(resources.files("adoption_audit.nlp.cpr").joinpath("data/placeholders.yaml")
                          .read_text(encoding="utf-8"))
    # "XX" and "TBC" are matched case-sensitively: "xx" in a word list or "tbc" in a URL are not prompts.
    case_sensitive = {r"\bX{2,}\b", r"\bXX/XX(?:/XX(?:XX)?)?\b", r"\b(?:TBC|TBA|TBD)\b"}
    parts_ci = [p for p in data["patterns"] if p not in case_sensitive]
    parts_cs = [p for p in data["patterns"] if p in case_sensitive]
    placeholder_ci = re.compile("|".join(parts_ci))  # run on lower-cased text: faster than IGNORECASE
    placeholder_cs = re.compile("|".join(parts_cs))
    guidance = re.compile("|".join(re.escape(g.lower()) for g in data["guidance"]))
    return placeholder_ci, placeholder_cs, guidance


@lru_cache(maxsize=8192)
def find_placeholders(text: str) -> tuple[PlaceholderHit, ...]:
    placeholder_ci, placeholder_cs, guidance = _patterns()
    lower = text.lower()  # same length as text for the characters CPRs use, so offsets carry over
    hits = [PlaceholderHit(m.start(), m.end(), "placeholder") for m in placeholder_ci.finditer(lower)]
    hits += [PlaceholderHit(m.start(), m.end(), "placeholder") for m in placeholder_cs.finditer(text)]
    hits += [PlaceholderHit(m.start(), m.end(), "guidance") for m in guidance.finditer(lower)]
    return tuple(sorted(hits, key=lambda h: h.start))


def strip_placeholders(text: str) -> str:
    """``text`` without its placeholders: what is left is the section's real content."""
    hits = find_placeholders(text)
    if not hits:
        return text
    if any(h.kind == "guidance" for h in hits):
        return ""  # a guidance note is the template talking, not the author
    out, last = [], 0
    for hit in hits:
        out.append(text[last:hit.start])
        last = max(last, hit.end)
    out.append(text[last:])
    return "".join(out)


def empty_cells(cells: tuple[str, ...] | None) -> list[int]:
    """Indexes of empty cells in a table row that has some content (a wholly empty row is layout)."""
    if not cells or not any(c.strip() for c in cells):
        return []
    return [i for i, cell in enumerate(cells) if not cell.strip() or cell.strip() in {"-", "–", "…", "..."}]

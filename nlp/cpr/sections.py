"""Headings to section ids, and a CPR's blocks cut into segments under their headings.

Agencies' templates name the same section many ways ("Health", "Medical adviser's summary", "3.2 Health
and development", "HEALTH:"), so a heading is matched through the variants in ``data/section_headings.yaml``:
exactly after normalising (numbering, case, punctuation, apostrophes), then with rapidfuzz for spelling
and wording, then by a key word ("Information about Jack's father" -> birth_father). A heading that
matches nothing is an *unknown heading*: it is listed in the result and its paragraphs are classified one
by one (see :mod:`.classifier`), never swallowed into the section above it.

A block is a heading when the reader says so (DOCX heading styles, markdown ``#``), or when it is short
and looks like one by itself: bold, numbered, ALL CAPS, Title Case, or a close match to a known heading
("Birth father:" on its own line in a text file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz, process

from adoption_audit.documents.model import Block
from adoption_audit.documents.shapes import heading_shape

IGNORE = "_ignore"
FUZZY_CUTOFF = 88  # max(ratio, token_sort_ratio) on normalised headings; 85 let "mother" match "other"
HEADING_MAX_WORDS = 12
INLINE_LABEL_MIN_REST_WORDS = 12  # "Health: <a sentence or more>" is a run-in heading; "Legal status: ICO" is a field

_NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|appendix)\s+(?:\d+|[a-z]|one|two|three|four|five|six)\b\s*[:.)\-–—]?\s+(?=\w)"
    r"|\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)]?\s+|[a-z]\d{1,2}(?:\.\d{1,2}){0,2}[.):]?\s+|\(?[a-z][.)]\s+"
    r"|\([ivx]{1,4}\)\s+|[ivx]{1,4}[.)]\s+)",
    re.IGNORECASE,
)
_CONTINUED = re.compile(r"\(\s*(?:continued|cont'?d?)\s*\)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_heading(text: str) -> str:
    """"3.2 Health & Development:" -> "health and development"; "Child’s Views" -> "childs views"."""
    text = _CONTINUED.sub(" ", text.replace("’", "'").replace("‘", "'"))
    for _ in range(2):  # "Part B - 3.2 Health"
        text = _NUMBERING.sub("", text, count=1)
    text = text.lower().replace("&", " and ").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class HeadingMatch:
    sections: tuple[str, ...]  # () unknown; ("_ignore",) a template heading with no section of its own
    how: str  # exact | fuzzy | keyword | none
    score: float = 0.0

    @property
    def known(self) -> bool:
        return bool(self.sections)


@dataclass(frozen=True)
class HeadingVariants:
    exact: dict[str, tuple[str, ...]]
    keywords: tuple[tuple[str, str], ...]  # (normalised phrase, section id) in priority order

    @property
    def choices(self) -> list[str]:
        return list(self.exact)


@lru_cache(maxsize=1)
def load_variants() -> HeadingVariants:
    data = yaml.safe_load(resources.files("adoption_audit.nlp.cpr").joinpath("data/section_headings.yaml")
                          .read_text(encoding="utf-8"))
    exact: dict[str, tuple[str, ...]] = {}
    for section, variants in data.items():
        if section.startswith("_") and section != IGNORE:
            continue
        for variant in variants:
            exact.setdefault(normalise_heading(variant), (section,))
    for variant, sections in data.get("_combined", {}).items():
        exact[normalise_heading(variant)] = tuple(sections)
    keywords = tuple((normalise_heading(phrase), section)
                     for section, phrases in data.get("_keywords", {}).items() for phrase in phrases)
    return HeadingVariants(exact=exact, keywords=keywords)


@lru_cache(maxsize=4096)
def match_heading(text: str) -> HeadingMatch:
    """Which section id(s) a heading names, if any."""
    norm = normalise_heading(text)
    if not norm:
        return HeadingMatch((), "none")
    variants = load_variants()
    if norm in variants.exact:
        return HeadingMatch(variants.exact[norm], "exact", 100.0)
    best = process.extractOne(norm, variants.choices, scorer=_heading_score, score_cutoff=FUZZY_CUTOFF)
    if best is not None:
        return HeadingMatch(variants.exact[best[0]], "fuzzy", best[1])
    for phrase, section in variants.keywords:
        if re.search(rf"\b{re.escape(phrase)}", norm):  # at a word's start: "father" not in "grandfather"
            return HeadingMatch((section,), "keyword", 80.0)
    return HeadingMatch((), "none")


def _heading_score(a: str, b: str, **_: object) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


@dataclass
class Segment:
    """A heading (or the document's start) and the blocks under it, up to the next heading."""

    heading: Block | None
    match: HeadingMatch
    blocks: list[Block] = field(default_factory=list)
    heading_text: str | None = None  # the heading as written, numbering kept, trailing colon dropped

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(s for s in self.match.sections if s != IGNORE)


def generic_heading(text: str, subject_names: frozenset[str] = frozenset()) -> str:
    """The heading with the child's name put back as the template had it: "Freddie's wishes and
    feelings" -> "the child's wishes and feelings", "About Freddie" -> "About the child"."""
    for name in subject_names:
        text = re.sub(rf"\b{re.escape(name)}(?:['’]s|s['’])", "the child's", text)
        text = re.sub(rf"\b{re.escape(name)}\b", "the child", text)
    return text


def looks_like_heading(block: Block, subject_names: frozenset[str] = frozenset()) -> bool:
    """A short block standing alone as a heading, by the reader's word or by its look."""
    if block.kind == "heading":
        styled = (block.style or "").lower().startswith(("heading", "title"))
        field = ":" in block.text.strip().rstrip(":")  # "Gender: Female" read as a heading by its look
        bare = generic_heading(block.text.strip().rstrip(":"), subject_names)
        return styled or not field or match_heading(bare).how in ("exact", "fuzzy")
    if block.kind not in ("paragraph", "list_item"):  # "1. Child's details" reads as a list item
        return False
    text = block.text.strip()
    words = text.split()
    if not words or len(words) > HEADING_MAX_WORDS or len(text) > 100 or text.endswith((".", ",", ";", "?", "!")):
        return False
    bare = generic_heading(text.rstrip(":").strip(), subject_names)
    if ":" in bare:  # "Social Worker: Jane Price" is a field, not a heading
        return False
    match = match_heading(bare)
    if match.how in ("exact", "fuzzy"):
        return True
    unnumbered = _NUMBERING.sub("", bare, count=1)
    if any(c.isdigit() for c in unnumbered):  # "Date of Birth 03/02/2021"
        return False
    if unnumbered != bare and match.known and len(words) <= 8:  # "D2. Views of the birth parents and family"
        return True
    if block.kind == "list_item":  # a numbered item is a heading only when it names a section
        return bool(re.match(r"\s*\d", text)) and len(words) <= 8 and match_heading(bare).known
    if block.bold and bare[:1].isalnum():
        return True
    return heading_shape(bare)[0]


def _inline_label(block: Block) -> tuple[str, str] | None:
    """"Health: Ellie was born at 39 weeks ..." -> ("Health", rest) when the label names a section."""
    if block.kind != "paragraph" or ":" not in block.text[:60]:
        return None
    label, rest = block.text.split(":", 1)
    if len(label.split()) > 6 or len(rest.split()) < INLINE_LABEL_MIN_REST_WORDS:
        return None
    match = match_heading(label)
    if match.how in ("exact", "fuzzy") and IGNORE not in match.sections:
        return label.strip(), rest.strip()
    return None


def _form_row(block: Block, subject_names: frozenset[str]) -> tuple[str, str] | None:
    """A form-style template row, "Health | <the section's text>": the first cell names a section and the
    rest is a paragraph or more (or nothing yet). A short value ("Legal status | ICO") is a field."""
    if block.kind != "table_row" or not block.cells or len(block.cells) < 2:
        return None
    label, rest = block.cells[0].strip().rstrip(":"), " ".join(c.strip() for c in block.cells[1:] if c.strip())
    if not label or len(label.split()) > 8 or 0 < len(rest.split()) < INLINE_LABEL_MIN_REST_WORDS:
        return None
    match = match_heading(generic_heading(label, subject_names))
    if match.how in ("exact", "fuzzy") and IGNORE not in match.sections:
        return label, rest
    return None


def segment(blocks: list[Block], subject_names: frozenset[str] = frozenset()) -> list[Segment]:
    """Cut blocks into segments at every heading; the first segment holds what comes before any heading.

    ``subject_names`` are the child's names, so that "Freddie's wishes and feelings" matches as
    "the child's wishes and feelings"."""
    segments = [Segment(heading=None, match=HeadingMatch((), "none"))]
    active = segments[0]  # the segment of the last real heading (run-in labels aside)
    for block in blocks:
        if looks_like_heading(block, subject_names):
            text = block.text.strip().rstrip(":").strip()
            segments.append(Segment(heading=block, match=match_heading(generic_heading(text, subject_names)),
                                    heading_text=text))
            active = segments[-1]
            continue
        inline = _inline_label(block) or _form_row(block, subject_names)
        if inline:
            label, rest = inline
            head = Block(text=label, page=block.page, line=block.line, kind="heading")
            body = [Block(text=rest, page=block.page, line=block.line, kind="paragraph")] if rest else []
            segments.append(Segment(heading=head, match=match_heading(generic_heading(label, subject_names)),
                                    blocks=body, heading_text=label))
            # A run-in label covers its own paragraph only: what follows goes back under the last heading.
            segments.append(Segment(heading=None, match=active.match, heading_text=active.heading_text))
            continue
        segments[-1].blocks.append(block)
    return [s for s in segments if s.heading is not None or s.blocks]

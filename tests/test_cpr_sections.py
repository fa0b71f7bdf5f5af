"""Headings to section ids, and segments: numbering, spelling and wording variants; unknown headings kept apart."""

import pytest
from adoption_audit.nlp.cpr.sections import looks_like_heading, match_heading, normalise_heading, segment

from adoption_audit.documents import Block


@pytest.mark.parametrize("heading, expected", [
    ("3.2 Health and development", ("health", "development")),
    ("HEALTH:", ("health",)),
    ("Helth summary", ("health",)),
    ("Section 4: Brothers & Sisters", ("siblings",)),
    ("Part B - Chronology of Significant Events", ("chronology",)),
    ("The Child’s Wishes and Feelings", ("child_wishes",)),
    ("Birth Father's Views", ("birth_parents_wishes",)),
    ("Information about Jack's father", ("birth_father",)),
    ("Grandparents", ("wider_family",)),
    ("Voice of the Child", ("child_wishes",)),
    ("Recommendation to the ADM", ("recommendation",)),
    ("Identity (ethnicity, religion, culture, language)", ("identity",)),
    ("Summary of Medical Adviser", ("health",)),
    ("7. Sign Off", ("signoff",)),
    ("Birth parents", ("birth_mother", "birth_father")),
])
def test_headings_match_their_sections(heading, expected):
    assert match_heading(heading).sections == expected


@pytest.mark.parametrize("heading", ["Other information", "Paternal family tree notes", "Appendix 3", "Miscellaneous"])
def test_unrelated_headings_match_nothing(heading):
    assert not match_heading(heading).known


def test_template_headings_are_ignored_not_unknown():
    assert match_heading("Part 2: The Family").sections == ("_ignore",)
    assert match_heading("CHILD PERMANENCE REPORT").sections == ("_ignore",)


def test_grandfather_is_not_father():
    assert match_heading("Maternal grandfather").sections == ("wider_family",)


def test_normalise_strips_numbering_and_punctuation():
    assert normalise_heading("  12.3.1 Child’s Health & Development: ") == "childs health and development"
    assert normalise_heading("(b) Contact") == "contact"


def _block(text, line, kind="paragraph", bold=False, style=None):
    return Block(text=text, page=None, line=line, kind=kind, bold=bold, style=style)


def test_headings_by_look():
    assert looks_like_heading(_block("Birth father", 1))  # sentence case, a known section
    assert looks_like_heading(_block("ADDITIONAL NOTES", 1))  # all caps
    assert looks_like_heading(_block("Things that matter", 1, bold=True))
    assert looks_like_heading(_block("4. Contact", 1, kind="list_item"))
    assert not looks_like_heading(_block("Social Worker: Jane Price", 1))
    assert not looks_like_heading(_block("Date of Birth 03/02/2021", 1))
    assert not looks_like_heading(_block("She likes the park.", 1))
    assert not looks_like_heading(_block("Gender: Female", 1, kind="heading"))
    assert looks_like_heading(_block("Contact: the plan", 1, kind="heading", style="Heading 2"))


def test_unknown_heading_is_its_own_segment_not_swallowed():
    blocks = [_block("Health", 1, "heading"), _block("Growth is on the 50th centile.", 2),
              _block("Other information", 3, "heading"), _block("Letterbox contact once a year.", 4)]
    segments = segment(blocks)
    assert [s.sections for s in segments] == [("health",), ()]
    assert segments[1].heading_text == "Other information"
    assert [b.line for b in segments[0].blocks] == [2]


def test_run_in_label_covers_its_paragraph_only():
    blocks = [_block("Part 1: The child", 1, "heading"),
              _block("Health: she was born at 38 weeks and her growth and immunisations are all fine so far.", 2),
              _block("She loves the park and the swings.", 3)]
    segments = segment(blocks)
    health = next(s for s in segments if s.sections == ("health",))
    assert [b.line for b in health.blocks] == [2]
    assert any(3 in [b.line for b in s.blocks] and s.sections == () for s in segments)

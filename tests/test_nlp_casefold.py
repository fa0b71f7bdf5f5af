"""`Folded` patterns find exactly what `re.IGNORECASE` finds, at the same offsets, on any text."""

import re

from adoption_audit.nlp.casefold import Folded
from hypothesis import given, settings
from hypothesis import strategies as st

PATTERNS = [
    r"\b(?:compared (?:to|with)|up from|down from)\b",
    r"an? (?P<dir>improvement|increase|reduction) of",
    r"\bmissed by\b|\bexceeded by\b",
    r"\b(?:over|under|nearly|around|at least)\s+\d",
    r"\bAt 31 March\b",
]
# Text built from the patterns' own words in mixed case, digits, and the characters that fold oddly.
WORDS = ["compared", "To", "WITH", "up", "FROM", "Down", "an", "A", "Improvement", "INCREASE", "reduction",
         "of", "Missed", "by", "EXCEEDED", "over", "Nearly", "around", "at", "LEAST", "31", "March", "AT",
         "İ", "ı", "ſ", "\u212a", "Zoë", "7", "days", ",", "."]


def ignorecase_matches(pattern, text):
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def folded_matches(pattern, text):
    return [(m.start(), m.end()) for m in Folded(pattern, re.IGNORECASE).finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.sampled_from(PATTERNS))
def test_same_matches_as_ignorecase(words, pattern):
    text = " ".join(words)
    assert folded_matches(pattern, text) == ignorecase_matches(pattern, text)


def test_the_special_characters_keep_ignorecase_behaviour():
    text = "AT LEAST 5 and \u212aelvin at leaſt 6"
    for pattern in PATTERNS:
        assert folded_matches(pattern, text) == ignorecase_matches(pattern, text)

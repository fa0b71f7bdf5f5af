"""Numbers as reports print them, and the interval each printed figure stands for.

A printed figure is not a point: "£1.2m" is any amount in [1.15m, 1.25m), "45%" any share in [44.5, 45.5),
"over 40" anything above 40. The audit compares intervals, so this module turns every printed form into
``value`` plus ``low``/``high`` and the ``bound`` word that set them. Counts printed as whole numbers are
exact (a report does not round "34 children"). Suppressed cells (``x``, ``c``, ``*``, ``<5``) are unknown,
never zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from adoption_audit.nlp.casefold import Folded

DATA = Path(__file__).resolve().parent / "data"

# Digits: "1,234", "£1,622,481.01", "£1.2m", "8.3%", "413.4". Not glued to letters ("A1", "Executive1",
# "1st") or to another number's slash ("2015/16" is a period, read by periods.py).
NUMBER_RE = re.compile(
    r"(?=[£\d])(?<![\w£.,/])(?P<gbp>£\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>m|k|bn|million|billion|thousand)\b)?(?P<pct>\s?%|\s?per\s?cent\b)?(?![\w/])"
    r"(?!\.\d)"
)
MULTIPLIERS = {"m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3, "bn": 1e9, "billion": 1e9}
SUPPRESSED_RE = re.compile(r"^\s*(?:x|c|\*|-|–|n/a|<\s?(\d+))\s*$", re.IGNORECASE)

# Words in front of a figure that make it a bound rather than an exact value; whole words only ("specific. 28"
# is not "c. 28").
BOUND_WORDS = [
    (re.compile(r"(?<![A-Za-z])(?:over|more than|in excess of|above|exceeding|upwards of)\s+$", re.IGNORECASE), "over"),
    (re.compile(r"(?<![A-Za-z])(?:under|less than|fewer than|below|<)\s*$", re.IGNORECASE), "under"),
    (re.compile(r"(?<![A-Za-z])(?:at least|a minimum of|no fewer than|no less than|minimum of)\s+$", re.IGNORECASE), "at_least"),
    (re.compile(r"(?<![A-Za-z])(?:at most|up to|no more than|a maximum of|maximum of)\s+$", re.IGNORECASE), "at_most"),
    (re.compile(r"(?<![A-Za-z])(?:nearly|almost|just under|close to)\s+$", re.IGNORECASE), "nearly"),
    (re.compile(r"(?<![A-Za-z])(?:around|about|approximately|approx\.?|roughly|circa|c\.|some|an estimated|estimated)\s+$",
                re.IGNORECASE), "about"),
]
ABOUT_SHARE = 0.1  # "around 30" is read as 30 ± 10% (or ± half the printed unit, whichever is wider)


@dataclass(slots=True)
class PrintedNumber:
    """One figure as printed: its value, the interval it stands for, and what set the interval."""

    value: float | int | None
    low: float | None
    high: float | None
    bound: str | None = None
    gbp: bool = False
    percent: bool = False
    decimals: int = 0


def parse_digits(num: str, *, gbp: bool = False, mult: str | None = None, percent: bool = False) -> PrintedNumber:
    """The value and printed-precision interval of a digit figure such as ``1,234.5`` with its £/m/% marks."""
    if not mult and not percent and num.isdecimal():
        # A plain whole number ("34", "£209"), four figures in five: exact. The same value the general path
        # gives (through float, as there).
        value = int(float(num))
        return PrintedNumber(value, float(value), float(value), gbp=gbp, percent=False, decimals=0)
    return _parse_any_digits(num, gbp, mult, percent)


def _parse_any_digits(num: str, gbp: bool, mult: str | None, percent: bool) -> PrintedNumber:
    plain = num.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    factor = MULTIPLIERS.get((mult or "").lower(), 1.0)
    raw = float(plain)
    value: float | int = raw * factor
    if factor == 1.0 and decimals == 0:
        value = int(raw)
    elif float(value).is_integer() and decimals == 0:
        value = int(value)
    else:
        value = round(value, max(decimals, 0) + (6 if factor > 1 else 0))
    if decimals == 0 and factor == 1.0 and not percent:
        # A whole count or a whole pound amount is exact: "34 children", "£209,763".
        return PrintedNumber(value, float(value), float(value), gbp=gbp, percent=percent, decimals=decimals)
    half = 0.5 * 10 ** (-decimals) * factor
    return PrintedNumber(value, float(value) - half, float(value) + half, gbp=gbp, percent=percent,
                         decimals=decimals)


# One pattern for the list, led by a look-ahead for the bound words' first characters (the search runs for every
# number; the look-ahead lets it pass other positions at once).
BOUND_ANY = Folded("|".join(f"(?P<{bound}>{pattern.pattern})" for pattern, bound in BOUND_WORDS),
                   first="abcefijlmnorsu<",
                   tails=("over", "than", "of", "above", "exceeding", "under", "below", "<", "least", "most", "to",
                          "nearly", "almost", "around", "about", "approximately", "approx", "approx.", "roughly",
                          "circa", "c.", "some", "estimated"))


def apply_bound(number: PrintedNumber, before: str) -> PrintedNumber:
    """Widen ``number`` by a bound word printed just before it ("over 40", "nearly 30")."""
    match = BOUND_ANY.search(before[-24:])
    return with_bound(number, match.lastgroup) if match else number


def with_bound(number: PrintedNumber, bound: str) -> PrintedNumber:
    v = float(number.value) if number.value is not None else None
    if v is None:
        return number
    low, high = number.low, number.high
    if bound == "over":
        low, high = v, None
    elif bound == "under":
        low, high = (0.0 if v >= 0 else None), v
    elif bound == "at_least":
        low, high = v, None
    elif bound == "at_most":
        low, high = (0.0 if v >= 0 else None), v
    elif bound == "nearly":
        low, high = v * (1 - ABOUT_SHARE), v
    elif bound == "about":
        spread = max(abs(v) * ABOUT_SHARE, (number.high - number.low) / 2 if number.high is not None else 0)
        low, high = v - spread, v + spread
    return PrintedNumber(number.value, low, high, bound, number.gbp, number.percent, number.decimals)


def parse_suppressed(cell: str) -> PrintedNumber | None:
    """A suppressed table cell (``x``, ``c``, ``*``, ``<5``): unknown value, never zero."""
    match = SUPPRESSED_RE.match(cell)
    if not match:
        return None
    if match.group(1):
        return PrintedNumber(None, 0.0, float(match.group(1)), "under")
    return PrintedNumber(None, None, None, "suppressed")


ASCII_DIGIT = re.compile(r"[0-9]")
ANY_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)`` at C speed: a regex finds decimal digits (all of which are
    ``isdigit``); only non-ASCII text without one needs the character loop (superscripts, circled digits)."""
    if ASCII_DIGIT.search(text) or ANY_DIGIT.search(text):
        return True
    return not text.isascii() and any(map(str.isdigit, text))


@lru_cache(maxsize=1)
def number_words() -> dict:
    return yaml.safe_load((DATA / "number_words.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def number_word_re() -> Folded:
    """Number words ("Nineteen", "Twenty-Three", "a third"). Matched on lower-cased text (see
    :class:`~adoption_audit.nlp.casefold.Folded`): the words as printed are the text at the match's offsets."""
    words = number_words()
    units = "|".join(sorted(words["units"], key=len, reverse=True))
    tens = "|".join(sorted(words["tens"], key=len, reverse=True))
    fractions = "|".join(re.escape(f) for f in sorted(words["fractions"], key=len, reverse=True))
    # The look-ahead for the words' first letters lets the scan pass every other position at once.
    first = "".join(sorted({w[0].lower() for group in ("units", "tens", "fractions") for w in words[group]}))
    # Every match holds one of the words; the ones holding no other ("eight", not "eighteen") are enough to
    # test first: five blocks in six name none of them.
    every = {w.lower() for group in ("units", "tens", "fractions") for w in words[group]}
    needs = tuple(sorted(w for w in every if not any(other != w and other in w for other in every)))
    return Folded(
        rf"(?=[{re.escape(first)}])"
        rf"(?<![\w-])(?:(?P<fraction>{fractions})|(?P<tens>{tens})(?:[- ](?P<tens_unit>{units}))?|(?P<unit>{units}))"
        r"(?![\w-])", needs=needs)


def word_value(match: re.Match) -> float | int:
    """The value of a number-word match from :func:`number_word_re`."""
    words = number_words()
    if match.group("fraction"):
        return words["fractions"][match.group("fraction").lower()]
    if match.group("tens"):
        value = words["tens"][match.group("tens").lower()]
        if match.group("tens_unit"):
            value += words["units"][match.group("tens_unit").lower()]
        return value
    return words["units"][match.group("unit").lower()]

"""A printed number is an interval: what a report's figure can truly stand for.

"413.4 days" is any value in [413.35, 413.45); "65%" is [64.5, 65.5); "£1.2m" is [£1.15m, £1.25m);
"over £400,000" is anything above £400,000; "around 30" is roughly 27 to 33. A count of children printed
as a whole number is exact. Two figures conflict only when their intervals cannot meet, which is how
XBRL calculation checks treat rounded figures; every audit rule compares intervals, never raw values.

A suppressed or unreadable figure (``value`` None: "x", "c", "<5") is unknown, never zero: it yields no
interval and rules skip it or widen a sum to allow anything.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from adoption_audit.nlp.report_model import Claim

# "about" and "nearly" allow this share of the value either way (or below, for "nearly"); a printed
# round figure ("around 30") is rarely more than a tenth out, and a wider tolerance would hide errors.
ABOUT_SHARE = 0.10
# Float arithmetic slack, far below any printed precision.
EPSILON = 1e-9

_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_MULTIPLIER = re.compile(r"\d\s*(m|million|k|thousand|bn|billion)\b", re.IGNORECASE)
_MULTIPLIERS = {"m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3, "bn": 1e9, "billion": 1e9}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def meets(self, other: Interval) -> bool:
        """True when some single true value could lie in both intervals."""
        return max(self.low, other.low) <= min(self.high, other.high) + EPSILON

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def scale(self, factor: float) -> Interval:
        ends = (self.low * factor, self.high * factor)
        return Interval(min(ends), max(ends))

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def certainly_above_zero(self) -> bool:
        return self.low > EPSILON

    @property
    def certainly_below_zero(self) -> bool:
        return self.high < -EPSILON

    def absolute(self) -> Interval:
        """The interval of |x| for x in this interval."""
        if self.low >= 0:
            return self
        if self.high <= 0:
            return Interval(-self.high, -self.low)
        return Interval(0.0, max(-self.low, self.high))


UNKNOWN_NON_NEGATIVE = Interval(0.0, math.inf)


def printed_step(claim: Claim) -> float:
    """The value of one unit in the last printed digit: 1 for "413", 0.1 for "413.4", 100000 for "£1.2m"."""
    text = claim.text or ""
    match = _NUMBER.search(text)
    decimals = len(match.group(1)) if match and match.group(1) else 0
    step = 10.0 ** -decimals
    multiplier = _MULTIPLIER.search(text)
    if multiplier:
        step *= _MULTIPLIERS[multiplier.group(1).lower()]
    return step


def interval_of(claim: Claim) -> Interval | None:
    """The interval ``claim`` stands for, or None when its value is unknown (suppressed, unreadable).

    The extractor's own ``low``/``high`` win when it set them; otherwise the interval comes from the
    printed precision, the unit (counts are exact whole numbers) and the bound word.
    """
    if claim.value is None:
        return None
    value = float(claim.value)
    if claim.low is not None or claim.high is not None:
        low = claim.low if claim.low is not None else -math.inf
        high = claim.high if claim.high is not None else math.inf
        return Interval(float(low), float(high))
    if claim.unit == "count" and float(value).is_integer() and not _MULTIPLIER.search(claim.text or ""):
        half = 0.0  # "41 households" is 41, not 40.5 to 41.5
    else:
        half = printed_step(claim) / 2
    bound = claim.bound
    floor = 0.0 if claim.unit in ("count", "gbp", "days", "months") else -math.inf  # no negative counts
    if bound in ("over", "more_than"):
        return Interval(value, math.inf)
    if bound == "at_least":
        return Interval(value - half, math.inf)
    if bound in ("under", "less_than"):
        return Interval(min(floor, value), value)
    if bound == "at_most":
        return Interval(min(floor, value), value + half)
    if bound == "nearly":
        return Interval(value * (1 - ABOUT_SHARE) - half, value + half)
    if bound == "about":
        spread = max(abs(value) * ABOUT_SHARE, half)
        return Interval(value - spread, value + spread)
    return Interval(value - half, value + half)


def show(claim: Claim) -> str:
    """The figure as printed (its words), for messages: '41', 'over £400,000', '413.4 days'."""
    text = (claim.text or "").strip()
    if text:
        return text
    value = claim.value
    if value is None:
        return "(suppressed)"
    return f"{value:,}" if isinstance(value, int) or float(value).is_integer() else f"{value:,.2f}"


def show_interval(interval: Interval, unit: str | None = None) -> str:
    """An interval for messages: '412.5 to 413.5 days', or one figure when exact."""
    def fmt(x: float) -> str:
        if math.isinf(x):
            return "any" if x > 0 else "-any"
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    suffix = {"days": " days", "percent": "%", "months": " months"}.get(unit or "", "")
    if interval.exact:
        return fmt(interval.low) + suffix
    if math.isinf(interval.high):
        return f"at least {fmt(interval.low)}{suffix}"
    return f"{fmt(interval.low)} to {fmt(interval.high)}{suffix}"

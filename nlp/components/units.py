"""``report_units``: the unit of each number, from its own marks and the words after it.

Reads ``Doc._.numbers`` and the text; sets each mention's ``unit``: ``gbp`` (£), ``percent`` (%, per cent),
``days``, ``months``, ``ratio`` (rates per 10,000, fractions), else ``count``. Weeks, years and hours are
durations that no catalogued figure is counted in ("3-year average", "6 weeks post placement"): skipped
as ``duration``.
"""

from __future__ import annotations

from adoption_audit.nlp.casefold import Folded
from adoption_audit.nlp.components import block_state
from spacy.language import Language
from spacy.tokens import Doc

AFTER_UNIT = [
    (Folded(r"^[\s-]?(?:per\s?cent|percent|pc)\b"), "percent"),
    (Folded(r"^[\s-]?(?:calendar\s+|working\s+|average\s+)?days?\b"), "days"),
    (Folded(r"^[\s-]?(?:calendar\s+)?months?\b"), "months"),
    (Folded(r"^[\s-]?weeks?\b"), "weeks"),
    (Folded(r"^[\s-]?(?:years?|yrs)\b(?!\s+(?:olds?|of age))"), "years"),
    (Folded(r"^[\s-]?(?:hours?|hrs|minutes?|mins)\b"), "hours"),
]
# The list above as one pattern (one match a number instead of up to six): each alternative starts with a
# letter, so the optional "[\s-]" before them is taken or not alike for all, and the first that matches wins
# as it did in the list.
_PREFIX = r"^[\s-]?"
assert all(p.pattern.startswith(_PREFIX) for p, _ in AFTER_UNIT)
UNIT_AFTER = Folded(_PREFIX + "(?:" + "|".join(f"(?P<{unit}>{p.pattern[len(_PREFIX):]})" for p, unit in AFTER_UNIT) + ")",
                    heads=("-", "per", "pc", "calendar", "working", "average", "day", "month", "week", "year", "yrs",
                           "hour", "hrs", "minute", "min"))
RATE_NEAR = Folded(r"per\s+(?:10,000|10 000|1,000|100,000|10000)|\brate\b", needs=("per", "rate"))


class ReportUnits:
    def __call__(self, doc: Doc) -> Doc:
        state = block_state(doc)
        text = state.text
        for number in state.numbers or ():
            if number.unit in ("gbp", "percent", "ratio"):
                continue
            found = UNIT_AFTER.match(text[number.end:number.end + 24])
            if found:
                number.unit = unit = found.lastgroup
                if unit in ("weeks", "years", "hours") and number.skip is None:
                    number.skip = "duration"  # no catalogued figure is counted in weeks or years
            else:
                if number.decimals and RATE_NEAR.search(text[max(0, number.start - 60):number.start]):
                    number.unit = "ratio"
        return doc


@Language.factory("report_units", assigns=["doc._.numbers"], requires=["doc._.numbers"])
def make_report_units(nlp: Language, name: str) -> ReportUnits:
    return ReportUnits()

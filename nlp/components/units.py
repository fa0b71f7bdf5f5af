"""``report_units``: the unit of each number, from its own marks and the words after it.

Reads ``Doc._.numbers`` and the text; sets each mention's ``unit``: ``gbp`` (£), ``percent`` (%, per cent),
``days``, ``months``, ``ratio`` (rates per 10,000, fractions), else ``count``. Weeks, years and hours are
durations that no catalogued figure is counted in ("3-year average", "6 weeks post placement"): skipped
as ``duration``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

AFTER_UNIT = [
    (re.compile(r"^[\s-]?(?:per\s?cent|percent|pc)\b", re.IGNORECASE), "percent"),
    (re.compile(r"^[\s-]?(?:calendar\s+|working\s+|average\s+)?days?\b", re.IGNORECASE), "days"),
    (re.compile(r"^[\s-]?(?:calendar\s+)?months?\b", re.IGNORECASE), "months"),
    (re.compile(r"^[\s-]?weeks?\b", re.IGNORECASE), "weeks"),
    (re.compile(r"^[\s-]?(?:years?|yrs)\b(?!\s+(?:olds?|of age))", re.IGNORECASE), "years"),
    (re.compile(r"^[\s-]?(?:hours?|hrs|minutes?|mins)\b", re.IGNORECASE), "hours"),
]
RATE_NEAR = re.compile(r"per\s+(?:10,000|10 000|1,000|100,000|10000)|\brate\b", re.IGNORECASE)


class ReportUnits:
    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one Underscore per call: each ``doc._`` builds a new one
        text = ext.plain_text
        for number in ext.numbers or ():
            if number.unit in ("gbp", "percent", "ratio"):
                continue
            after = text[number.end:number.end + 24]
            for pattern, unit in AFTER_UNIT:
                if pattern.match(after):
                    number.unit = unit
                    if unit in ("weeks", "years", "hours") and number.skip is None:
                        number.skip = "duration"  # no catalogued figure is counted in weeks or years
                    break
            else:
                if RATE_NEAR.search(text[max(0, number.start - 60):number.start]) and number.decimals:
                    number.unit = "ratio"
        return doc


@Language.factory("report_units", assigns=["doc._.numbers"], requires=["doc._.numbers"])
def make_report_units(nlp: Language, name: str) -> ReportUnits:
    return ReportUnits()

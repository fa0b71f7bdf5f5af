"""``report_periods``: the period expressions of a block, and the numbers that are only parts of them.

Reads the text; sets ``Doc._.periods`` (see :mod:`adoption_audit.nlp.periods`) and marks numbers inside a
date or a period ("31st March 2019", "2015-2018", "year end 2017") with skip ``date`` or ``period``: a year
is when a figure happened, never a figure.
"""

from __future__ import annotations

from bisect import bisect_right

from adoption_audit.nlp.components import block_state
from adoption_audit.nlp.numbers import has_digit
from adoption_audit.nlp.periods import find_periods
from spacy.language import Language
from spacy.tokens import Doc

DATE_KINDS = {"date", "event_date", "month", "span"}


class ReportPeriods:
    def __call__(self, doc: Doc) -> Doc:
        state = block_state(doc)
        text = state.text
        lower = state.lower
        periods = find_periods(text, lower) if has_digit(text) or "year" in lower else []
        state.periods = periods
        spans = [p for p in periods if p.kind not in ("previous", "current", "three_year")]
        starts = [p.start for p in spans]
        for number in state.numbers or ():
            # The last period starting at or before the number is the only one that can contain it.
            at = bisect_right(starts, number.start) - 1
            for period in spans[at:at + 1] if at >= 0 else ():
                if period.start <= number.start < period.end:
                    number.skip = ("date" if period.kind in DATE_KINDS else "year" if period.kind == "year"
                                   else "period")
                    break
        return doc


@Language.factory("report_periods", assigns=["doc._.periods", "doc._.numbers"], requires=["doc._.numbers"])
def make_report_periods(nlp: Language, name: str) -> ReportPeriods:
    return ReportPeriods()

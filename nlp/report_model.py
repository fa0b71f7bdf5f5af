"""What reading a published report produces: documents and numeric claims (the ``reports claims`` contract).

Claims are the hand-off from ``nlp`` to the audit rules in ``checks``: rules read these objects and never
re-parse text. Fields beyond the contract's (``low``/``high``, ``direction``, ``total_of`` …) carry what the
rules need; the contract allows added fields, never renamed or dropped ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def financial_year_between(start: str | None, end: str | None) -> str | None:
    """``2018-19`` when ISO dates ``start``..``end`` are exactly one April–March year, else None."""
    if not (start and end):
        return None
    first, last = int(start[:4]), int(end[:4])
    if start[5:] == "04-01" and end[5:] == "03-31" and last == first + 1:
        return f"{first}-{str(last)[2:]}"
    return None


@dataclass
class ReportDocument:
    id: str  # doc1, doc2 … in the order the documents were given
    path: str  # as shown to the user (see adoption_audit.provenance.display_path)
    title: str | None = None
    period_start: str | None = None  # ISO date, the reporting period the document covers
    period_end: str | None = None
    published: str | None = None  # YYYY-MM or YYYY-MM-DD: when it was written or published
    authorities: list[str] = field(default_factory=list)
    format: str = ""
    pages: int | None = None
    words: int = 0

    @property
    def period(self) -> str | None:
        """The document's own financial year (``2018-19``) when its period is one April–March year."""
        return financial_year_between(self.period_start, self.period_end)

    def to_json(self) -> dict:
        period = {"start": self.period_start, "end": self.period_end} if self.period_start else None
        return {"id": self.id, "path": self.path, "title": self.title, "period": period,
                "published": self.published, "authorities": self.authorities, "format": self.format,
                "pages": self.pages, "words": self.words}


@dataclass
class Claim:
    document: str
    page: int | None
    line: int
    quote: str
    text: str  # the words that state the figure, e.g. "41 households"
    value: float | int | None
    unit: str  # count | days | months | percent | gbp | ratio
    metric: str | None
    period: str | None  # YYYY-YY, YYYY-MM-DD, YYYY-YY..YYYY-YY, or None
    entity: str | None
    kind: str  # stated | previous | difference | change_percent | part | target
    # Beyond the contract, for the audit rules:
    id: str = ""  # C0001 …, stable within one extraction
    low: float | None = None  # the interval the printed figure stands for ("£1.2m", "around 30", "over 40")
    high: float | None = None
    bound: str | None = None  # over | under | at_least | at_most | about | None (exact)
    direction: str | None = None  # increase | decrease | improvement | deterioration | same | None
    total_of: str | None = None  # for kind == part: id of the claim that is the total
    breakdown: dict | None = None  # for kind == part: e.g. {"sex": "male"} or {"authority": "eastvale"}
    compared_to: str | None = None  # id of the claim this one is compared with (previous, difference …)
    char_start: int | None = None  # offsets of ``text`` inside ``quote``, for highlighting
    char_end: int | None = None
    period_text: str | None = None  # the period words as printed ("2017/18", "the previous year"), if any

    CONTRACT_FIELDS = ("document", "page", "line", "quote", "text", "value", "unit", "metric", "period",
                       "entity", "kind")

    def to_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.CONTRACT_FIELDS}
        data.update({"id": self.id, "low": self.low, "high": self.high, "bound": self.bound,
                     "direction": self.direction, "total_of": self.total_of, "breakdown": self.breakdown,
                     "compared_to": self.compared_to, "period_text": self.period_text,
                     "char_start": self.char_start, "char_end": self.char_end})
        return data


@dataclass
class DateMention:
    """A date the text tells something happened (or will happen) on, for the ``future_date`` audit rule.

    Not a claim: dates are skipped as numbers, but "an agreement was made in December 2019" in a report
    written in July 2019 cannot be true, so the reader hands dated events over with their tense.
    """

    document: str
    page: int | None
    line: int
    quote: str
    text: str  # the words of the date, e.g. "December 2019"
    date: str  # ISO, as precise as printed: YYYY, YYYY-MM or YYYY-MM-DD
    tense: str | None = None  # past (told as done) | present | future | None (cannot tell)
    char_start: int | None = None  # offsets of ``text`` inside ``quote``
    char_end: int | None = None


@dataclass
class YearRange:
    """A span of years as printed ("2018-2021", "2024-2021"), in any sentence, figure or not.

    Not a claim: passed on so the ``period_label`` audit rule can see a reversed range in a sentence that
    states no figure ("the strategy 2021-2015 was agreed by both councils").
    """

    document: str
    page: int | None
    line: int
    quote: str
    text: str  # the range as printed
    char_start: int | None = None  # offsets of ``text`` inside ``quote``
    char_end: int | None = None


@dataclass
class ClaimExtraction:
    """Everything read from a set of documents, with the coverage an auditor needs to judge it."""

    documents: list[ReportDocument]
    claims: list[Claim]
    unreadable: list[dict] = field(default_factory=list)  # {"path": …, "reason": …}
    numbers_read: int = 0  # every number token seen, claims or not
    numbers_skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (dates, regulation no. …)
    dates: list[DateMention] = field(default_factory=list)  # dated events, for the future_date audit rule
    year_ranges: list[YearRange] = field(default_factory=list)  # printed year spans, for period_label

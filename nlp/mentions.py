"""What the pipeline's components find in a block of text, before document-level linking.

Offsets are character offsets into the Doc's text. Components append to ``Doc._`` lists of these; the
claims component turns numbers into :class:`DraftClaim` objects; :mod:`adoption_audit.nlp.claims` links
drafts across sentences and blocks and makes the contract's :class:`~adoption_audit.nlp.report_model.Claim`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class NumberMention:
    start: int
    end: int
    text: str
    value: float | int | None
    low: float | None
    high: float | None
    bound: str | None = None
    unit: str = "count"  # count | days | months | percent | gbp | ratio | weeks | years (the last two: durations)
    word: bool = False  # written as a word ("Nineteen", "a third")
    skip: str | None = None  # why this number is not a claim (date, year, regulation …), None if it may be one
    decimals: int = 0


@dataclass(slots=True)
class MetricMention:
    start: int
    end: int
    metric: str
    how: str  # phrase | cue | fuzzy


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    entity: str
    comparator: bool = False  # England, statistical neighbours: a benchmark, not the agency itself


@dataclass(slots=True)
class DraftClaim:
    """One number read as a claim inside one sentence, before document-level resolution."""

    number: NumberMention
    sent_start: int
    sent_end: int
    metric: str | None = None
    metric_how: str | None = None
    kind: str = "stated"
    period_kind: str | None = None  # fy | range | date | previous | current | event_date | month | year …
    period_value: str | None = None
    period_text: str | None = None
    entity: str | None = None
    comparator: bool = False
    entity_adjacent: bool = False  # named right after the number ("8 Eastvale children"): a breakdown
    direction: str | None = None
    text: str = ""
    part_of_previous: bool = False  # a bare number that breaks down an earlier total ("44 X children; 8 Y")
    breakdown: dict | None = field(default=None)
    anchor: int | None = None  # index (in the sentence's drafts) of the claim this one compares with

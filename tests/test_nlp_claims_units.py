"""The pieces of claim reading: printed numbers, periods, skip reasons, kinds, parts and links."""

from __future__ import annotations

import pytest
from adoption_audit.nlp.numbers import apply_bound, parse_digits, parse_suppressed
from adoption_audit.nlp.periods import find_periods
from adoption_audit.nlp.pipelines import claims_pipeline


def test_printed_precision_sets_the_interval():
    money = parse_digits("1.2", gbp=True, mult="m")
    assert money.value == 1_200_000 and money.low == pytest.approx(1_150_000) and money.high == pytest.approx(1_250_000)
    assert parse_digits("1,622,481.01", gbp=True).value == pytest.approx(1622481.01)
    assert parse_digits("34").low == parse_digits("34").high == 34
    share = parse_digits("8.3", percent=True)
    assert (share.low, share.high) == (pytest.approx(8.25), pytest.approx(8.35))
    over = apply_bound(parse_digits("40"), "we approved over ")
    assert over.bound == "over" and over.low == 40 and over.high is None


def test_suppressed_cells_are_unknown_not_zero():
    assert parse_suppressed("x").value is None and parse_suppressed("x").low is None
    small = parse_suppressed("<5")
    assert small.value is None and small.high == 5


@pytest.mark.parametrize("text,kind,value", [
    ("in 2015/16", "fy", "2015-16"), ("in 2015-16", "fy", "2015-16"), ("for 2015-2016", "fy", "2015-16"),
    ("1 April 2018 to 31 March 2019", "fy", "2018-19"), ("at 31 March 2019", "date", "2019-03-31"),
    ("2016-17 to 2018-19", "range", "2016-17..2018-19"), ("year end 2017", "fy", "2016-17"),
    ("the three years to 31 March 2019", "range", "2016-17..2018-19"), ("the previous year", "previous", None),
    ("2019-2018", "invalid", None),
])
def test_period_spellings(text, kind, value):
    found = find_periods(text)
    assert (found[0].kind, found[0].value) == (kind, value)


def _drafts(text):
    return claims_pipeline()(text)


def test_non_claims_are_counted_with_their_reason():
    doc = _drafts("2.3 Under Regulation 21 of the 2005 regulations, call 01632 960418 about children aged 16.")
    reasons = {n.text: n.skip for n in doc._.numbers}
    assert reasons["2.3"] == "paragraph_number" and reasons["21"] == "reference"
    assert reasons["2005"] == "year" and reasons["16"] == "age"
    assert "phone" in reasons.values() and not doc._.draft_claims


def test_kinds_and_direction():
    doc = _drafts("The agency approved 41 adopter households this year, up from 37 in 2017/18.")
    stated, previous = doc._.draft_claims
    assert (stated.metric, stated.kind, previous.kind, previous.metric) == (
        "adopters_approved", "stated", "previous", "adopters_approved")
    assert previous.period_value == "2017-18" and previous.direction == "increase"
    change = _drafts("This is an 8.3% increase on last year.")._.draft_claims[0]
    assert change.kind == "change_percent"
    gap = _drafts("The threshold was missed by 88 days.")._.draft_claims[0]
    assert gap.kind == "difference"


def test_breakdowns_are_parts_of_their_total():
    doc = _drafts("45 children were placed: 24 Northshire children, 13 Eastvale children and 8 Westmoor children.")
    total, *parts = doc._.draft_claims
    assert total.kind == "stated" and [p.kind for p in parts] == ["part"] * 3
    assert parts[0].breakdown == {"authority": "Northshire"}
    sexes = _drafts("The panel has 9 members, 3 males and 6 females.")._.draft_claims
    assert [d.breakdown for d in sexes[1:]] == [{"sex": "M"}, {"sex": "F"}]


def test_number_words():
    doc = _drafts("Twenty-Three adoption panels were held. One of them was cancelled.")
    assert [(d.number.value, d.metric) for d in doc._.draft_claims] == [(23, "panels_held")]


def test_dated_events_carry_their_tense():
    from pathlib import Path

    from adoption_audit.nlp.claims import extract_claims

    report = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "three_rivers_annual_2018_19.txt"
    extraction = extract_claims([(report, report.name)])
    template = next(d for d in extraction.dates if d.date == "2018-06")
    assert template.tense == "past" and template.quote[template.char_start:].startswith("June 2018")
    document = extraction.documents[0]
    assert (document.period_start, document.period_end, document.published) == ("2018-04-01", "2019-03-31",
                                                                                "2019-07")


def test_threshold_wording_and_previous_year_of_a_stock():
    doc = _drafts("The A2 threshold is 121 days, so the threshold was missed by 50 days.")
    assert [(d.metric, d.kind) for d in doc._.draft_claims] == [("a2_threshold_days", "target"),
                                                                (None, "difference")]  # A2's own figure: linked later
    gap = _drafts("Our A2 figure missed the DfE target for indicator 2 by 88 days.")._.draft_claims[0]
    assert (gap.metric, gap.kind) == ("a2_days", "difference")
    waiting = _drafts("At 31 March 2019, 5 children were waiting for adoption, down from 6 a year earlier.")
    assert [(d.kind, d.period_kind) for d in waiting._.draft_claims] == [("stated", "date"), ("previous", "previous")]

"""Each audit rule on constructed claims: it finds what cannot be true and leaves true figures alone."""

from __future__ import annotations

from datetime import date

import pytest
from adoption_audit.checks.audit import audit
from adoption_audit.checks.audit.intervals import Interval, interval_of
from adoption_audit.nlp.report_model import Claim, ClaimExtraction, DateMention, ReportDocument

DOC = ReportDocument(id="doc1", path="reports/northshire_2018_19.txt", title="Northshire annual adoption report",
                     period_start="2018-04-01", period_end="2019-03-31", published="2019-07",
                     authorities=["northshire"])


def claim(id, value, metric, *, line=1, quote=None, text=None, unit="count", period="2018-19", kind="stated",
          document="doc1", **extra):
    text = text or (f"{value}" if unit != "days" else f"{value} days")
    default = f"In this period {text} {(metric or 'other things').replace('_', ' ')} were recorded."
    return Claim(document=document, page=extra.pop("page", None), line=line, quote=quote or default,
                 text=text, value=value, unit=unit, metric=metric, period=period, entity=extra.pop("entity", None),
                 kind=kind, id=id, **extra)


def run(*claims, documents=(DOC,), dates=(), metrics=None, today=date(2026, 11, 24)):
    extraction = ClaimExtraction(documents=list(documents), claims=list(claims), dates=list(dates))
    return audit(extraction, metrics=metrics, today=today)


def rules(result, severity=None):
    return sorted(f.rule for f in result.findings if severity is None or f.severity == severity)


# --- intervals ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value,unit,bound,expected", [
    ("41 households", 41, "count", None, Interval(41, 41)),
    ("413.4 days", 413.4, "days", None, Interval(413.35, 413.45)),
    ("413 days", 413, "days", None, Interval(412.5, 413.5)),
    ("65%", 65, "percent", None, Interval(64.5, 65.5)),
    ("£1.2m", 1_200_000, "gbp", None, Interval(1_150_000, 1_250_000)),
    ("over £400,000", 400_000, "gbp", "over", Interval(400_000, float("inf"))),
])
def test_printed_number_is_an_interval(text, value, unit, bound, expected):
    got = interval_of(claim("C1", value, None, text=text, unit=unit, bound=bound))
    assert got.low == pytest.approx(expected.low) and got.high == pytest.approx(expected.high)


def test_suppressed_value_is_unknown():
    assert interval_of(claim("C1", None, "adoption_orders", text="x")) is None


# --- conflicting_values -------------------------------------------------------------------------------

def test_same_metric_period_different_values_is_an_error_with_both_places():
    result = run(claim("C1", 41, "adopters_approved", line=10), claim("C2", 43, "adopters_approved", line=80))
    assert rules(result) == ["conflicting_values"]
    finding = result.findings[0]
    assert finding.severity == "error" and {finding.stated, finding.expected} == {41, 43}
    assert [e["line"] for e in finding.evidence] == [10, 80]
    assert "41" in finding.message and "43" in finding.message and "line 10" in finding.message


def test_rounded_figures_that_can_meet_are_not_a_conflict():
    result = run(claim("C1", 413, "a1_days", unit="days", period="2015-16..2017-18", line=3),
                 claim("C2", 413.4, "a1_days", unit="days", period="2015-16..2017-18", line=9))
    assert result.findings == []
    assert result.coverage.claims_checked == 2


def test_previous_year_figure_against_the_earlier_report_across_documents():
    earlier = ReportDocument(id="doc2", path="reports/northshire_strategy.txt", authorities=["northshire"],
                             period_start="2017-04-01", period_end="2018-03-31", published="2018-06")
    result = run(claim("C1", 33, "adopters_approved", kind="previous", period="2017-18", line=5),
                 claim("C2", 18, "adopters_approved", period="2017-18", document="doc2", line=40),
                 documents=(DOC, earlier))
    (finding,) = result.findings
    assert finding.rule == "conflicting_values" and finding.severity == "error"
    assert "previous year" in finding.message and "northshire_strategy.txt" in finding.message


def test_different_entities_are_not_compared():
    result = run(claim("C1", 44, "adoption_orders", entity="northshire"),
                 claim("C2", 8, "adoption_orders", entity="eastvale", line=2))
    assert result.findings == []


REGIONAL = ReportDocument(id="doc2", path="reports/regional.txt", title="Northshire and Eastvale Adoption Agency",
                          authorities=["Northshire", "Eastvale"], period_start="2018-04-01", period_end="2019-03-31")


def test_unknown_entity_across_documents_is_a_warning_not_an_error():
    westmoor = ReportDocument(id="doc1", path="reports/westmoor.txt", authorities=["Westmoor"],
                              period_start="2018-04-01", period_end="2019-03-31")
    result = run(claim("C1", 30, "adoption_orders"), claim("C2", 52, "adoption_orders", document="doc2"),
                 documents=(westmoor, REGIONAL))
    assert rules(result, "error") == [] and rules(result, "warning") == ["conflicting_values"]


def test_an_agency_total_is_not_compared_with_a_member_councils_figure():
    """An unnamed figure in an agency's report is the agency's total: against a member council's figure
    (in its own report, or named in the agency's) it is a whole against a part, not a conflict. When the
    council was only inferred (the other document names one council), it may not be: a warning, never an error."""
    own_report = run(claim("C1", 30, "adoption_orders", entity="Northshire"),
                     claim("C2", 52, "adoption_orders", document="doc2"), documents=(DOC, REGIONAL))
    inferred = run(claim("C1", 30, "adoption_orders"), claim("C2", 52, "adoption_orders", document="doc2"),
                   documents=(DOC, REGIONAL))
    assert rules(inferred, "error") == [] and rules(inferred, "warning") == ["conflicting_values"]
    named_part = run(claim("C1", 52, "adoption_orders", document="doc2", line=3),
                     claim("C2", 8, "adoption_orders", document="doc2", line=20, entity="Eastvale",
                           quote="Eastvale saw 8 adoption orders granted in the year."),
                     documents=(REGIONAL,))
    assert own_report.findings == [] and named_part.findings == []


def test_the_same_agency_figure_given_twice_still_conflicts():
    """Both unnamed, in one agency report (or in two reports of the same agency): one fact, two values."""
    quote = "In this period {} adoption orders were granted by the agency."
    within = run(claim("C1", 52, "adoption_orders", document="doc2", line=3, quote=quote.format(52)),
                 claim("C2", 55, "adoption_orders", document="doc2", line=40, quote=quote.format(55)),
                 documents=(REGIONAL,))
    later = ReportDocument(id="doc3", path="reports/regional_2019_20.txt", authorities=["Eastvale", "Northshire"],
                           period_start="2019-04-01", period_end="2020-03-31")
    across = run(claim("C1", 52, "adoption_orders", document="doc2", line=3, quote=quote.format(52)),
                 claim("C2", 49, "adoption_orders", document="doc3", kind="previous", line=8,
                       quote="49 adoption orders were granted by the agency in the previous year."),
                 documents=(REGIONAL, later))
    assert [(f.rule, f.severity) for f in within.findings] == [("conflicting_values", "error")]
    assert [(f.rule, f.severity) for f in across.findings] == [("conflicting_values", "error")]


def test_the_england_average_is_not_the_agencys_figure():
    result = run(claim("C1", 374, "a1_days", unit="days", document="doc2"),
                 claim("C2", 486, "a1_days", unit="days", document="doc2", line=2, entity="England"),
                 documents=(REGIONAL,))
    assert result.findings == []


def test_point_in_time_one_day_apart_is_the_same_basis():
    result = run(claim("C1", 21, "adopters_waiting", period="2016-03-31"),
                 claim("C2", 21, "adopters_waiting", period="2016-04-01", line=9))
    assert result.findings == [] and result.coverage.claims_checked == 2


def test_definitional_neighbours_are_a_warning():
    result = run(claim("C1", 51, "adm_adoption_decisions"), claim("C2", 46, "cprs_considered", line=30))
    assert [(f.rule, f.severity) for f in result.findings] == [("conflicting_values", "warning")]


# --- breakdown_sum ------------------------------------------------------------------------------------

def test_parts_that_do_not_add_up_are_an_error():
    total = claim("T", 34, "adopters_approved", line=7)
    parts = [claim(f"P{i}", v, "adopters_approved", kind="part", total_of="T", breakdown={"ethnicity": e}, line=7)
             for i, (v, e) in enumerate([(28, "wbri"), (4, "aind"), (1, "mwbc")])]
    result = run(total, *parts)
    (finding,) = result.findings
    assert finding.rule == "breakdown_sum" and finding.severity == "error"
    assert finding.stated == 34 and finding.expected == 33


def test_parts_that_add_up_are_fine_and_checked():
    total = claim("T", 52, "adoption_orders")
    parts = [claim("P1", 44, "adoption_orders", kind="part", total_of="T", breakdown={"authority": "northshire"}),
             claim("P2", 8, "adoption_orders", kind="part", total_of="T", breakdown={"authority": "eastvale"})]
    result = run(total, *parts)
    assert result.findings == [] and result.coverage.claims_checked == 3


def test_a_suppressed_part_only_allows_more():
    total = claim("T", 20, "children_placed")
    parts = [claim("P1", 18, "children_placed", kind="part", total_of="T", breakdown={"sex": "F"}),
             claim("P2", None, "children_placed", kind="part", total_of="T", breakdown={"sex": "M"}, text="x")]
    assert run(total, *parts).findings == []
    parts[0].value, parts[0].text = 21, "21"
    assert rules(run(total, *parts)) == ["breakdown_sum"]


def test_parts_of_another_metric_are_a_definitional_warning():
    total = claim("T", 66, "children_placed")
    parts = [claim("P1", 41, "adoption_orders", kind="part", total_of="T", breakdown={"placement": "in_house"}),
             claim("P2", 11, "adoption_orders", kind="part", total_of="T", breakdown={"placement": "inter_agency"})]
    (finding,) = run(total, *parts).findings
    assert (finding.rule, finding.severity) == ("breakdown_sum", "warning")


# --- direction_word -----------------------------------------------------------------------------------

def test_increase_contradicted_by_the_figures():
    quote = "The agency approved 31 households, an increase from 37 in 2017/18."
    result = run(claim("C1", 31, "adopters_approved", quote=quote, direction="increase", compared_to="C2"),
                 claim("C2", 37, "adopters_approved", quote=quote, kind="previous", period="2017-18"))
    assert rules(result, "error") == ["direction_word"]


def test_fewer_days_is_an_improvement():
    quote = "A1 was 380 days, an improvement on 402 days last year."
    good = run(claim("C1", 380, "a1_days", unit="days", quote=quote, direction="improvement"),
               claim("C2", 402, "a1_days", unit="days", quote=quote, kind="previous", period="2017-18"))
    assert good.findings == []
    bad = run(claim("C1", 420, "a1_days", unit="days", quote=quote, direction="improvement"),
              claim("C2", 402, "a1_days", unit="days", quote=quote, kind="previous", period="2017-18"))
    assert rules(bad) == ["direction_word"]


def test_rounded_figures_that_may_have_risen_are_not_flagged():
    quote = "A3 stands at 65%, an increase compared to 65% last year."
    result = run(claim("C1", 65, "a3_percent", unit="percent", text="65%", quote=quote, direction="increase"),
                 claim("C2", 65, "a3_percent", unit="percent", text="65%", quote=quote, kind="previous",
                       period="2017-18"))
    assert result.findings == []


def test_improvement_of_an_ambiguous_count_is_skipped_not_guessed():
    quote = "Panels held: 12, an improvement on 14."
    result = run(claim("C1", 12, "panels_held", quote=quote, direction="improvement"),
                 claim("C2", 14, "panels_held", quote=quote, kind="previous", period="2017-18"))
    assert result.findings == [] and "C1" in result.skipped


# --- stated_difference and percent_change ----------------------------------------------------------------

def test_missed_by_days_against_the_target():
    stated = claim("C1", 209, "a2_days", unit="days", line=40)
    target = claim("C2", 121, "a2_threshold_days", unit="days", kind="target", line=48)
    right = claim("C3", 88, "a2_days", unit="days", kind="difference", line=50,
                  quote="The target for A2 was missed by 88 days.")
    assert run(stated, target, right).findings == []
    wrong = claim("C3", 98, "a2_days", unit="days", kind="difference", line=50,
                  quote="The target for A2 was missed by 98 days.")
    result = run(stated, target, wrong)
    (finding,) = result.findings  # the figures are in other sentences: which ones are meant is a guess
    assert (finding.rule, finding.severity, finding.stated, finding.expected) == ("stated_difference", "warning", 98, 88)


def test_difference_with_both_figures_in_its_sentence_is_an_error():
    quote = "A2 was 171 days against the threshold of 121 days, missing it by 40 days."
    result = run(claim("C1", 171, "a2_days", unit="days", quote=quote),
                 claim("C2", 121, "a2_threshold_days", unit="days", kind="target", quote=quote),
                 claim("C3", 40, "a2_days", unit="days", kind="difference", quote=quote))
    assert [(f.rule, f.severity, f.expected) for f in result.findings] == [("stated_difference", "error", 50)]


def test_difference_with_two_possible_pairs_accepts_either_and_warns_when_neither_fits():
    scorecard = claim("C1", 209, "a2_days", unit="days", period="2012-13..2014-15", line=40)
    in_year = claim("C4", 168, "a2_days", unit="days", line=42)
    target = claim("C2", 121, "a2_threshold_days", unit="days", kind="target", line=48)
    fits_first = claim("C3", 88, "a2_days", unit="days", kind="difference", line=50, quote="Target missed by 88 days.")
    assert run(scorecard, in_year, target, fits_first).findings == []
    fits_none = claim("C3", 60, "a2_days", unit="days", kind="difference", line=50, quote="Target missed by 60 days.")
    assert [(f.rule, f.severity) for f in run(scorecard, in_year, target, fits_none).findings] == [
        ("stated_difference", "warning")]


def test_percent_change_with_rounding_tolerance():
    quote = "Households rose to 5,985, an increase of 4% from 5,735."
    current = claim("C1", 5985, "adopter_enquiries", text="5,985", quote=quote)
    previous = claim("C2", 5735, "adopter_enquiries", text="5,735", quote=quote, kind="previous", period="2017-18")
    ok = claim("C3", 4, "adopter_enquiries", unit="percent", text="4%", kind="change_percent", quote=quote,
               direction="increase")
    assert run(current, previous, ok).findings == []
    wrong = claim("C3", 6, "adopter_enquiries", unit="percent", text="6%", kind="change_percent", quote=quote,
                  direction="increase")
    assert rules(run(current, previous, wrong)) == ["percent_change"]


def test_percent_change_against_last_years_report():
    last_year = ReportDocument(id="doc0", path="reports/northshire_2017_18.txt", authorities=["northshire"],
                               period_start="2017-04-01", period_end="2018-03-31", published="2018-07")
    quote = "52 adoption orders were granted, an 8.3% increase year on year."
    this = claim("C1", 52, "adoption_orders", quote=quote)
    change = claim("C2", 8.3, "adoption_orders", unit="percent", text="8.3%", kind="change_percent", quote=quote)
    before = claim("C3", 48, "adoption_orders", period="2017-18", document="doc0")
    assert run(this, change, before, documents=(DOC, last_year)).findings == []
    before.value, before.text = 45, "45"
    assert rules(run(this, change, before, documents=(DOC, last_year))) == ["percent_change"]


# --- weighted_average ---------------------------------------------------------------------------------

def _scorecard(average, text):
    rows = [("2015-16", 46, 493.5), ("2016-17", 34, 368.8), ("2017-18", 26, 329.9)]
    claims = []
    for i, (year, n, days) in enumerate(rows):
        row = f"Year end {year} {n} {days}"
        claims += [claim(f"N{i}", n, "adoption_orders", period=year, quote=row, line=10 + i),
                   claim(f"A{i}", days, "a1_days", unit="days", text=f"{days}", period=year, quote=row, line=10 + i)]
    claims.append(claim("AVG", average, "a1_days", unit="days", text=text, period="2015-16..2017-18", line=14))
    return claims


def test_weighted_average_matches_children_weighted_mean():
    assert run(*_scorecard(413.4, "413.4")).findings == []  # (46x493.5 + 34x368.8 + 26x329.9) / 106 = 413.37


def test_unweighted_mean_is_caught():
    result = run(*_scorecard(397.4, "397.4"))  # the plain mean of the three years
    (finding,) = result.findings
    assert finding.rule == "weighted_average" and finding.severity == "error"
    assert finding.expected == pytest.approx(413.4, abs=0.1)


def test_average_outside_its_yearly_range_without_counts():
    yearly = [claim(f"A{i}", d, "a2_days", unit="days", text=str(d), period=y, line=i)
              for i, (y, d) in enumerate([("2015-16", 187.8), ("2016-17", 147.0), ("2017-18", 135.2)])]
    assert run(*yearly, claim("AVG", 162.0, "a2_days", unit="days", text="162.0", period="2015-16..2017-18")
               ).findings == []
    assert rules(run(*yearly, claim("AVG", 192.0, "a2_days", unit="days", text="192.0",
                                    period="2015-16..2017-18"))) == ["weighted_average"]


# --- period_label -------------------------------------------------------------------------------------

def test_reversed_year_range_is_an_error():
    quote = "The target of 50 approvals is set in the Permanence Strategy 2018-2012."
    result = run(claim("C1", 50, "adopters_approved", kind="target", period="2019-20", quote=quote))
    (finding,) = [f for f in result.findings if f.rule == "period_label"]
    assert finding.severity == "error" and "2018-2012" in finding.message


def test_forward_ranges_and_money_are_not_reversed():
    quote = "The strategy 2018-2021 follows the plan for 2016-2017, costing £2018-£2015."
    assert [f for f in run(claim("C1", 5, None, quote=quote)).findings if f.rule == "period_label"] == []


def test_report_period_not_april_to_march_is_a_warning():
    calendar_year = ReportDocument(id="doc1", path="reports/cal.txt", period_start="2018-01-01",
                                   period_end="2018-12-31", authorities=["northshire"])
    result = run(claim("C1", 5, "adoption_orders", period=None), documents=(calendar_year,))
    assert [(f.rule, f.severity) for f in result.findings] == [("period_label", "warning")]


def test_last_years_label_on_this_years_figure_is_a_warning():
    result = run(claim("C1", 353, "adopter_enquiries", period="2017-18"))
    assert [(f.rule, f.severity) for f in result.findings] == [("period_label", "warning")]
    ok = run(claim("C1", 353, "adopter_enquiries", period="2017-18"), claim("C2", 380, "adopter_enquiries", line=4))
    assert [f for f in ok.findings if f.rule == "period_label"] == []


# --- future_date --------------------------------------------------------------------------------------

def _date(text, iso, tense):
    return DateMention(document="doc1", page=None, line=90, quote=f"An agreement was made in {text}.", text=text,
                       date=iso, tense=tense)


def test_event_after_the_report_told_as_done_is_an_error():
    (finding,) = run(dates=[_date("December 2019", "2019-12", "past")]).findings
    assert (finding.rule, finding.severity) == ("future_date", "error")


@pytest.mark.parametrize("text,iso,tense", [("December 2019", "2019-12", "future"), ("2019", "2019", "past"),
                                            ("July 2019", "2019-07", "past"), ("May 2019", "2019-05", "past")])
def test_plans_and_dates_within_the_report_month_are_fine(text, iso, tense):
    assert run(dates=[_date(text, iso, tense)]).findings == []


# --- source_mismatch ----------------------------------------------------------------------------------

class Row:
    def __init__(self, metric, authority, period, value, source="ssda903", rows=0, breakdown=None):
        self.metric, self.authority, self.period, self.value = metric, authority, period, value
        self.source, self.rows, self.breakdown = source, rows, breakdown


def test_claim_against_the_source_figure():
    rows = [Row("adoption_orders", "northshire", "2018-19", 35, rows=35),
            Row("adoption_orders", "northshire", "2018-19", 36, source="case_management", rows=36)]
    assert run(claim("C1", 36, "adoption_orders"), metrics=rows).findings == []
    (finding,) = run(claim("C1", 38, "adoption_orders"), metrics=rows).findings
    assert (finding.rule, finding.severity) == ("source_mismatch", "error")
    sources = [e for e in finding.evidence if "source" in e]
    assert len(sources) == 2 and all(e["rows"] and "select" in e["query"] for e in sources)


def test_average_within_printed_precision_of_the_source():
    rows = [Row("a1_days", "northshire", "2016-17..2018-19", 413.37, rows=102)]
    assert run(claim("C1", 413.4, "a1_days", unit="days", text="413.4", period="2016-17..2018-19"),
               metrics=rows).findings == []


# --- the whole audit ----------------------------------------------------------------------------------

def test_fingerprints_survive_moving_the_sentences():
    first = run(claim("C1", 41, "adopters_approved", line=10), claim("C2", 43, "adopters_approved", line=80))
    moved = run(claim("C7", 41, "adopters_approved", line=200, page=4),
                claim("C9", 43, "adopters_approved", line=12))
    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in moved.findings]
    changed = run(claim("C1", 41, "adopters_approved", line=10), claim("C2", 44, "adopters_approved", line=80))
    assert changed.findings[0].fingerprint != first.findings[0].fingerprint


def test_coverage_counts_checked_and_skipped_with_reasons():
    result = run(claim("C1", 41, "adopters_approved"), claim("C2", 43, "adopters_approved", line=2),
                 claim("C3", 7, None, line=3), claim("C4", 9, "panels_held", line=4))
    assert result.coverage.claims == 4 and result.coverage.claims_checked == 2
    assert result.skipped == {"C3": "not a catalogued figure",
                              "C4": "no other figure for the same metric, period and entity"}
    assert result.exit_code == 1


def test_a_smaller_figure_in_the_same_sentence_is_a_share_not_a_conflict():
    quote = "Of the 41 households approved, 30 were White British and 11 were of other backgrounds."
    result = run(claim("C1", 41, "adopters_approved", quote=quote), claim("C2", 30, "adopters_approved", quote=quote),
                 claim("C3", 41, "adopters_approved", line=9))
    assert result.findings == [] and "part of the larger figure" in result.skipped["C2"]


def test_a_count_printed_with_decimals_is_not_compared():
    result = run(claim("C1", 52, "adoption_orders"), claim("C2", 448.0, "adoption_orders", text="448.0", line=9))
    assert result.findings == [] and "decimals" in result.skipped["C2"]


def test_differently_worded_figures_are_a_warning_not_an_error():
    result = run(claim("C1", 34, "adopters_approved", quote="34 adopters were approved in this period."),
                 claim("C2", 5, "adopters_approved", line=9,
                       quote="5 households with ethnicities other than White British were approved this year."))
    assert [(f.rule, f.severity) for f in result.findings] == [("conflicting_values", "warning")]


def test_in_a_document_covering_several_years_an_inherited_year_is_uncertain():
    strategy = ReportDocument(id="doc1", path="reports/strategy.txt", period_start="2016-04-01",
                              period_end="2017-03-31", authorities=["northshire"])
    explicit = [claim(f"E{y}", 10 + y, "adoption_orders", period=f"20{y}-{y + 1}", period_text=f"20{y}-{y + 1}",
                      quote=f"In 20{y}-{y + 1} there were {10 + y} adoption orders granted for our children.", line=y)
                for y in (15, 16, 17)]
    result = run(*explicit, claim("C1", 10, "adopters_approved", line=40, period="2016-17",
                                  quote="10 adopters were approved in this period."),
                 claim("C2", 18, "adopters_approved", line=60, period="2016-17",
                       quote="18 adopters approved in this period."),
                 documents=(strategy,))
    assert [(f.rule, f.severity) for f in result.findings] == [("conflicting_values", "warning")]


def test_plans_for_next_year_are_not_facts_to_conflict():
    result = run(claim("C1", 15, "children_placed_inter_agency", period="2019-20",
                       quote="15 of these households we plan to match with children placed by other agencies."),
                 claim("C2", 6, "children_placed_inter_agency", period="2019-20", line=30,
                       quote="The remaining 6 will be placed with children from other agencies."))
    assert [f.severity for f in result.findings if f.rule == "conflicting_values"] == ["warning"]


def test_claims_mixed_from_two_extractions_are_refused():
    from adoption_audit.errors import AdoptionAuditError

    with pytest.raises(AdoptionAuditError, match="claim ids repeat"):
        run(claim("C1", 41, "adopters_approved"), claim("C1", 43, "adopters_approved", document="doc2"),
            documents=(DOC, REGIONAL))

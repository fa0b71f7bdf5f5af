"""The Great Expectations suites: they catch what the schemas catch, add distribution checks, render docs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
from adoption_audit.checks.expectations import run_expectations, suite_for
from adoption_audit.checks.extracts import ASF_LEDGER, CM_CHILD_JOURNEYS
from adoption_audit.checks.validation import ExtractReport, SourcesValidation, validate_sources
from test_validation_helpers import application, write_rows


def ledger_report(rows: list[tuple], previous_rows: int | None = None, path="northshire/2019-03-31/asf.csv",
                  extract_date=date(2019, 3, 31)) -> ExtractReport:
    frame = pl.DataFrame(rows, schema={"application_id": pl.String, "family_id": pl.String,
                                       "application_date": pl.Date, "amount": pl.Decimal(12, 2),
                                       "top_up": pl.Boolean, "source_row": pl.Int64}, orient="row")
    return ExtractReport(path=path, kind="asf_ledger", authority="northshire", extract_date=extract_date,
                         rows=frame.height, valid=frame.height, quarantined=0, encoding="utf-8", valid_frame=frame,
                         previous_rows=previous_rows)


def failed(report) -> set[tuple[str, str | None, str]]:
    return {(f["expectation"], f["column"], f["level"]) for f in report.failed}


def test_business_expectations_fail_on_rows_the_schema_would_quarantine(tmp_path):
    rows = [("A1", "F1", date(2018, 5, 1), Decimal("10.00"), False, 2),
            ("A1", "F2", date(2019, 6, 1), Decimal("-3.00"), None, 3)]  # repeated key, future, negative
    result = SourcesValidation(root=tmp_path, extracts=[ledger_report(rows)])
    (report,) = run_expectations(result)
    assert not report.success
    assert failed(report) == {("expect_compound_columns_to_be_unique", None, "business"),
                              ("expect_column_pair_values_a_to_be_greater_than_b", "application_date", "business"),
                              ("expect_column_values_to_be_between", "amount", "business")}


def test_each_extract_is_judged_by_its_own_date_and_key(tmp_path):
    """The same application id in two yearly extracts is fine; a 2019 date is future only for 2018's."""
    early = ledger_report([("A1", "F1", date(2017, 5, 1), Decimal("10.00"), False, 2)],
                          path="northshire/2018-03-31/asf.csv", extract_date=date(2018, 3, 31))
    late = ledger_report([("A1", "F1", date(2019, 1, 1), Decimal("10.00"), False, 2)])
    (report,) = run_expectations(SourcesValidation(root=tmp_path, extracts=[early, late]))
    assert report.success and report.extracts == 2
    late.valid_frame = late.valid_frame.with_columns(pl.lit(date(2019, 1, 1)).alias("application_date"))
    early.valid_frame = early.valid_frame.with_columns(pl.lit(date(2019, 1, 1)).alias("application_date"))
    (report,) = run_expectations(SourcesValidation(root=tmp_path, extracts=[early, late]))
    assert failed(report) == {("expect_column_pair_values_a_to_be_greater_than_b", "application_date", "business")}


def test_row_count_against_the_previous_extract_is_a_distribution_check(tmp_path):
    rows = [("A1", "F1", date(2018, 5, 1), Decimal("10.00"), False, 2)]
    result = SourcesValidation(root=tmp_path, extracts=[ledger_report(rows, previous_rows=40)])
    (report,) = run_expectations(result)
    assert failed(report) == {("expect_column_values_to_be_between", "rows_vs_previous", "distribution")}
    assert report.business_failures == 0 and report.distribution_failures == 1


def test_previous_extract_comes_from_the_same_authority_and_kind(tmp_path):
    write_rows(tmp_path / "northshire" / "2018-03-31" / "asf.csv", [application(i, application_date="2017-06-01")
                                                                      for i in range(10)])
    write_rows(tmp_path / "northshire" / "2019-03-31" / "asf.csv", [application(1)])
    write_rows(tmp_path / "eastvale" / "2019-03-31" / "asf.csv", [application(1)])
    result = validate_sources(tmp_path, previous={"eastvale/asf_ledger": 1})
    previous = {r.path: r.previous_rows for r in result.extracts}
    assert previous == {"northshire/2018-03-31/asf.csv": None, "northshire/2019-03-31/asf.csv": 10,
                        "eastvale/2019-03-31/asf.csv": 1}
    docs = tmp_path / "docs"
    (report,) = run_expectations(result, data_docs=docs)
    assert failed(report) == {("expect_column_values_to_be_between", "rows_vs_previous", "distribution")}
    assert (docs / "index.html").exists() and list(docs.glob("validations/**/*.html"))


def test_suite_mirrors_the_data_model():
    suite = suite_for(CM_CHILD_JOURNEYS)
    pairs = [(e.column_A, e.column_B) for e in suite.expectations
             if e.expectation_type == "expect_column_pair_values_a_to_be_greater_than_b" and e.column_A != "extract_date"]
    # entered care -> placement order -> match -> placed -> adoption order (the date of birth is private)
    assert pairs == [("placement_order_date", "entered_care_date"), ("match_date", "placement_order_date"),
                     ("placed_date", "match_date"), ("adoption_order_date", "placed_date")]
    about_birth = [e.expectation_type for e in suite.expectations
                   if "date_of_birth" in (getattr(e, "column", None), getattr(e, "column_A", None),
                                          getattr(e, "column_B", None))]
    assert about_birth == ["expect_column_values_to_not_be_null"]  # Data Docs never show a date of birth
    in_set = {e.column for e in suite.expectations if e.expectation_type == "expect_column_values_to_be_in_set"}
    assert in_set == {c.name for c in CM_CHILD_JOURNEYS.columns if c.type == "code"}
    assert suite_for(ASF_LEDGER).expectations


def test_large_kinds_are_sampled(tmp_path):
    rows = [(f"A{i}", "F1", date(2018, 5, 1), Decimal("10.00"), False, i + 2) for i in range(3)]
    result = SourcesValidation(root=tmp_path, extracts=[ledger_report(rows)])
    (report,) = run_expectations(result, sample_rows=1)
    assert report.sampled and report.checked_rows == 1

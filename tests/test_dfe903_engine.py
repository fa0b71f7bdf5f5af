"""The DfE 903 rule engine: quarantine items, collection years, dates and codes as the DfE reads them,
the documented deviations from the DfE tool, and the sample return from the DfE validator's own tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from adoption_audit.checks.dfe903 import CollectionYear, check_return, rules_for, run_rules
from adoption_audit.checks.dfe903.dates import parsed
from adoption_audit.checks.dfe903.reading import read_return
from test_dfe903_rules import A, E, H, P, clean_return, frames

from adoption_audit.errors import AdoptionAuditError, BadCollectionYear

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "ssda903" / "csc-validator-be-903"
Y2223 = CollectionYear.parse("2022-23")


def _flags(rows, year=Y2223, only=None) -> set[tuple[str, str, int]]:
    flagged = run_rules(frames(rows), year, only=only)
    return set(zip(flagged["rule"], flagged["kind"], flagged["_row"], strict=True))


def test_check_return_gives_quarantine_items_with_the_dfe_rule():
    rows = clean_return()
    rows[A][0]["DATE_INT"] = "02/04/2020"
    items = check_return(frames(rows), collection_year="2022-23",
                         paths={A: "north/2023-03-31/ad1.csv", P: "north/2023-03-31/p4a.csv"}, authority="north")
    ad1 = [i for i in items if i.dfe_rule == "523" and i.kind == A]
    assert len(ad1) == 1
    item = ad1[0]
    assert (item.path, item.row, item.key, item.rule, item.authority) == ("north/2023-03-31/ad1.csv", 2, "C1",
                                                                          "dfe_523", "north")
    assert item.columns == ("DATE_INT",)
    assert item.reason.startswith("Date of decision that the child should be placed for adoption should be the same")
    assert "DATE_INT 02/04/2020" in item.reason and "DATE_PLACED 01/04/2020" in item.reason
    assert item.to_json()["dfe_rule"] == "523" and item.to_json()["collection_year"] == "2022-23"


def test_clean_return_has_no_findings_and_dates_are_judged_against_its_year():
    assert check_return(frames(clean_return()), collection_year="2022-23", paths={}) == []
    # the same return judged as 2017-18: its decision and adoption lie beyond that year
    late = {i.dfe_rule for i in check_return(frames(clean_return()), collection_year="2017-18", paths={})}
    assert late == {"117", "602"}


def test_dates_of_birth_stay_out_of_reasons():
    rows = clean_return()
    rows[A][0]["DOB"] = "02/01/2015"
    item = next(i for i in check_return(frames(rows), collection_year="2022-23", paths={}) if i.dfe_rule == "INT11")
    assert "2015" not in item.reason


def test_collection_years():
    year = CollectionYear.parse("2017-18")
    assert (year.start, year.end, year.label) == (date(2017, 4, 1), date(2018, 3, 31), "2017-18")
    assert CollectionYear.parse("2017/2018") == year
    assert CollectionYear.of_extract_date(date(2018, 3, 31)) == year
    assert CollectionYear.of_extract_date(date(2018, 6, 30)) == year  # the collection window after the year
    assert CollectionYear.of_extract_date(date(2018, 11, 30)) == CollectionYear.parse("2018-19")
    with pytest.raises(BadCollectionYear, match="2017-19"):
        CollectionYear.parse("2017-19")
    assert issubclass(BadCollectionYear, AdoptionAuditError)


def test_dates_are_strict_dd_mm_yyyy():
    text = pl.DataFrame({"D": ["1/4/2019", "01/04/2019", "01/04/19", "31/02/2021", "2019-04-01", None, "01/04/1066"]})
    got = text.select(parsed("D")).to_series().to_list()
    assert got == [date(2019, 4, 1), date(2019, 4, 1), None, None, None, None, None]


def test_codes_and_ids_are_upper_cased_as_the_dfe_tool_does():
    rows = clean_return()
    rows[E][1]["PLACE"] = "a5"
    rows[A][0]["CHILD"] = " c1 "
    assert _flags(rows) == set()


def test_rules_follow_the_collection_year():
    kinds = [H, E, A, P, "ssda903_uasc"]
    codes_2324 = {r.code for r in rules_for(CollectionYear.parse("2023-24"), kinds)}
    codes_2526 = {r.code for r in rules_for(CollectionYear.parse("2025-26"), kinds)}
    assert "231" not in codes_2324 and "233" not in codes_2324
    assert {"231", "233"} <= codes_2526
    # rules that need a table the return lacks do not run, as in the DfE tool
    assert not {r.code for r in rules_for(Y2223, [H, E])} & {"523", "INT01", "551"}


def test_freeing_orders_leave_rule_557_in_2024_25():
    rows = clean_return()
    rows[E][1].update(LS="D1", PLACE="U1", REC="E13")  # freeing order, left care, not adopted
    assert ("557", E, 3) in _flags(rows, only=["557"])
    rows = clean_return(new_sex=True)
    rows[E][1].update(LS="D1", PLACE="U1", REC="E13")
    assert _flags(rows, CollectionYear.parse("2024-25"), only=["557"]) == set()


def test_k3_is_a_placement_from_2024_25():
    rows = clean_return(new_sex=True)
    rows[E][2]["PLACE"] = "K3"
    assert _flags(rows, CollectionYear.parse("2023-24"), only=["146"]) == {("146", E, 4)}
    assert _flags(rows, CollectionYear.parse("2024-25"), only=["146"]) == set()
    assert _flags(rows, CollectionYear.parse("2025-26"), only=["146"]) == set()


# ---- documented deviations (docs/dfe-rules.md): where the DfE tool is wrong, ours is right
def test_336_tests_placements_with_current_foster_carers_a3_a5_not_a4():
    rows = clean_return()
    rows[E][0]["PLACE"] = "R1"
    rows[E][1]["PLACE"] = "A4"  # placed with new adopters: no foster placement needed before
    assert _flags(rows, only=["336"]) == set()


def _earlier_adoption(rows) -> None:
    """C1 was adopted in 2017, the adoption broke down, and C1 came back into care in 2019."""
    rows[E].insert(0, {"CHILD": "C1", "DECOM": "01/01/2017", "RNE": "S", "LS": "E1", "CIN": "N1", "PLACE": "A6",
                       "PLACE_PROVIDER": "PR1", "DEC": "01/06/2017", "REC": "E12"})


def test_ad1_is_held_against_the_adoption_in_the_year_not_an_earlier_one():
    rows = clean_return()
    _earlier_adoption(rows)
    rows[A][0]["FOSTER_CARE"] = "1"  # right for this year's A5 placement, wrong for the 2017 A6 one
    assert _flags(rows, only=["331", "335", "521", "582", "558"]) == set()


def test_583_finds_the_latest_decision_by_date_not_by_text():
    rows = clean_return()
    rows[P][0]["DATE_PLACED_CEASED"], rows[P][0]["REASON_PLACED_CEASED"] = "01/05/2021", "RD1"
    # 05/01/2022 is later than 01/04/2020 as a date, earlier as text
    rows[P].append({"CHILD": "C1", "DOB": "01/01/2015", "DATE_PLACED": "05/01/2022"})
    assert _flags(rows, only=["583"]) == set()


def test_523_and_525_read_the_latest_decision():
    rows = clean_return()
    rows[P].insert(0, {"CHILD": "C1", "DOB": "01/01/2015", "DATE_PLACED": "01/08/2019",
                       "DATE_PLACED_CEASED": "01/02/2020", "REASON_PLACED_CEASED": "RD1"})
    assert _flags(rows, only=["523", "525"]) == set()


def test_a_child_whose_only_start_date_is_unreadable_does_not_stop_the_rules():
    """The DfE tool raises (and skips the rule for everyone) when a child's every candidate DECOM is not a date."""
    rows = clean_return()
    rows[E][2]["DECOM"] = "2021-05-01"
    flagged = _flags(rows)
    assert ("141", E, 4) in flagged
    rows[P][0]["DATE_PLACED"] = "01/01/2019"
    assert ("1003", P, 2) in _flags(rows, only=["1003"])


def test_empty_tables_and_missing_columns_are_handled():
    tables = frames(clean_return())
    tables[A] = tables[A].drop("LS_ADOPTR").clear()
    assert run_rules(tables, Y2223).height == 0


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample 903 return not present")
def test_sample_return_matches_the_dfe_tool_counts():
    """Counts the DfE tool (csc-validator-be-903 0.1.17, rules lac2022_23) gives on its own fake data, 2017-18."""
    tables, paths = read_return(SAMPLE, ["header.csv", "episodes.csv", "ad1.csv", "placed_for_adoption_errors.csv"])
    flagged = run_rules(tables, CollectionYear.parse("2017-18"))
    counts = {(r, k): n for r, k, n in flagged.group_by("rule", "kind").len().iter_rows()}
    dfe = {("551", E): 761, ("408", E): 359, ("553", E): 361, ("557", E): 286, ("529", E): 398, ("217", E): 325,
           ("390", E): 90, ("602", A): 27, ("120", P): 30, ("117", P): 4, ("118", P): 2, ("1003", P): 3,
           ("579", P): 1, ("523", A): 29, ("520", A): 6, ("334", A): 4}
    assert {key: counts.get(key, 0) for key in dfe} == dfe
    assert paths[E] == "episodes.csv"

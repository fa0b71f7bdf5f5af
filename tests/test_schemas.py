"""Each rule of the extract schemas, on small fictional files: what fails, with which rule and reason."""

from __future__ import annotations

import pytest
from adoption_audit.checks.validation import validate_sources
from test_validation_helpers import application, episode, journey, write_rows


def run(tmp_path, name, rows, *, extract_date="2019-03-31"):
    write_rows(tmp_path / "northshire" / extract_date / name, rows)
    return validate_sources(tmp_path)


def rules_by_row(result):
    """The schema's own rules (the DfE's 903 rules, which also run on 903 files, are tested elsewhere)."""
    return {(q.row, q.rule) for q in result.quarantine if q.dfe_rule is None}


def test_clean_journeys_all_go_on(tmp_path):
    result = run(tmp_path, "j.csv", [journey(i) for i in range(5)])
    report = result.extracts[0]
    assert (report.rows, report.valid, report.quarantined) == (5, 5, 0)
    assert result.clean
    assert report.valid_frame["placed_date"].dtype.__class__.__name__ == "Date"


@pytest.mark.parametrize("text", ["31/02/2017", "1/4/2017", "01/04/17", "2017-13-01", "15.02.2017", "soon"])
def test_strict_dates(tmp_path, text):
    result = run(tmp_path, "j.csv", [journey(1), journey(2, placed_date=text)])
    assert rules_by_row(result) == {(3, "valid_date")}
    item = result.quarantine[0]
    assert item.columns == ("placed_date",) and text in item.reason and item.key == "J0002"


def test_both_date_forms_and_midnight_are_accepted(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, placed_date="2017-02-15"), journey(2, placed_date="15/02/2017 00:00")])
    assert result.clean
    assert result.extracts[0].valid_frame["placed_date"].n_unique() == 1


def test_dates_out_of_order(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, match_date="01/08/2016")])  # before the placement order
    (item,) = result.quarantine
    assert item.rule == "dates_in_order" and item.columns == ("placement_order_date", "match_date")
    assert "01/08/2016" in item.reason and "12/09/2016" in item.reason


def test_a_gap_in_the_journey_does_not_hide_an_order_fault(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, match_date="", placed_date="01/01/2016")])
    assert rules_by_row(result) == {(2, "dates_in_order")}


def test_future_is_judged_against_each_returns_own_date(tmp_path):
    write_rows(tmp_path / "northshire" / "2017-03-31" / "j.csv", [journey(1)])  # adopted 20/10/2017: future then
    write_rows(tmp_path / "northshire" / "2018-03-31" / "j.csv", [journey(1)])
    result = validate_sources(tmp_path)
    assert [(q.path, q.rule, q.columns) for q in result.quarantine] == [
        ("northshire/2017-03-31/j.csv", "date_not_future", ("adoption_order_date",))]


def test_required_and_codes(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, sex="", ethnicity="wbri"), journey(2, sex="X", ffa="maybe")])
    assert rules_by_row(result) == {(2, "required"), (3, "allowed_code")}
    code_item = next(q for q in result.quarantine if q.rule == "allowed_code")
    assert code_item.columns == ("sex", "ffa")  # one item per rule, every column named


def test_personal_columns_are_never_quoted(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, first_name="Zebediah", placed_date="nope"),
                                     journey(2, date_of_birth="31/02/2014"),
                                     journey(3, date_of_birth="01/01/2017")])  # born after entering care
    assert [q.rule for q in result.quarantine] == ["valid_date", "valid_date", "dates_in_order"]
    for item in result.quarantine:
        assert "Zebediah" not in item.reason and "2014" not in item.reason and "01/01/2017" not in item.reason


def test_duplicate_keys_first_goes_on_later_quarantined(tmp_path):
    rows = [journey(1), journey(2), journey(1, child_id="C9999"), journey(3, journey_id="")]
    result = run(tmp_path, "j.csv", rows)
    assert rules_by_row(result) == {(4, "unique_key"), (5, "required")}
    dup = next(q for q in result.quarantine if q.rule == "unique_key")
    assert "row 2" in dup.reason


def test_blank_keys_never_agree(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, journey_id=""), journey(2, journey_id="")])
    assert rules_by_row(result) == {(2, "required"), (3, "required")}


def test_episode_compound_key_compares_dates_not_text(tmp_path):
    rows = [episode(1), episode(1, DECOM="2017-04-01"), episode(1, DECOM="01/10/2017", DEC="")]
    result = run(tmp_path, "e.csv", rows, extract_date="2018-03-31")
    assert rules_by_row(result) == {(3, "unique_key")}


def test_excel_damaged_ids_are_repaired_not_stripped(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, child_id="1042.0"), journey(2, child_id="000417")])
    assert result.extracts[0].valid_frame["child_id"].to_list() == ["1042", "000417"]


def test_amounts(tmp_path):
    rows = [application(1), application(2, amount="-40.00"), application(3, amount="£1,200.50"),
            application(4, amount="12.345"), application(5, amount="0")]
    result = run(tmp_path, "asf.csv", rows)
    assert rules_by_row(result) == {(3, "amount_positive"), (5, "valid_amount"), (6, "amount_positive")}
    assert str(result.extracts[0].valid_frame["amount"].to_list()[1]) == "1200.50"


def test_rows_add_up_and_a_row_counts_once(tmp_path):
    rows = [journey(1, sex="Q", placed_date="31/02/2017", match_date="01/01/2015"), journey(2)]
    result = run(tmp_path, "j.csv", rows)
    report = result.extracts[0]
    assert {q.rule for q in result.quarantine} == {"allowed_code", "valid_date", "dates_in_order"}
    assert (report.rows, report.valid, report.quarantined) == (2, 1, 1)


def test_every_check_is_named_as_its_rule():
    """Check names are the quarantine's rule names, for every model however many were built before it."""
    from adoption_audit.checks.extracts import EXTRACT_KINDS
    from adoption_audit.checks.schemas import BUILTIN_RULES, RULES, schema_for

    for kind in EXTRACT_KINDS:
        schema = schema_for(kind).to_schema()
        names = {c.name for c in schema.checks}
        names |= {BUILTIN_RULES.get(c.name.split("(")[0], c.name) for col in schema.columns.values()
                  for c in col.checks}
        assert names <= set(RULES), (kind, names - set(RULES))


def test_codes_are_trimmed_and_upper_cased_before_checking(tmp_path):
    result = run(tmp_path, "j.csv", [journey(1, sex=" f ", ethnicity="wbri\t", ffa=" yes"), journey(2)])
    assert result.clean
    frame = result.extracts[0].valid_frame
    assert frame["sex"].to_list() == ["F", "F"] and frame["ffa"].to_list() == [True, False]

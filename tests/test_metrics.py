"""Computed figures against hand-computed values on a small world whose every date is written here.

Northshire: ten children (C1-C10) in case management, five of them also in 903 returns kept for
2015-16 to 2019-20 (episodes repeated across returns, later copies completing earlier ones), four
adopter households, three panels, four CPRs and four ASF applications. Eastvale: one child whose ids
collide with Northshire's, to prove records are kept apart by authority.

Hand-computed figures (days are date differences):
  A1 days: C1 324 (2015-06-01 -> 2016-04-20), C2 324, C3 158, C4 379, C5 316, C6 476.
  Adopted 2016-17: C1, C2; 2017-18: C3; 2018-19: C4, C5, C6 (C6's order 2019-01-15).
  A1 2016-17..2018-19 weighted = (324+324+158+379+316+476) / 6 = 1977 / 6 = 329.5
  (the mean of the yearly means would be 290.8: the weighting matters).
  A10: C5 moved in with the foster carers who adopted her on 2017-05-01: 21 days; 2018-19 = 876/3 = 292.0.
  A2: C1 46, C2 46, C4 122, C5 62, C6 0 (matched before the order), C3 excluded (no order): 276/5 = 55.2.
  A20: C1 228, C2 228, C4 212, C5 235, C6 457: 1360/5 = 272.0.
  A3: all but C6 (476 days) within 426: 2018-19 = 2/3 = 66.7%, 3-year = 5/6 = 83.3%.
"""

from datetime import date

import duckdb
import pytest
from adoption_audit.checks.metrics import compute_metrics, explain
from adoption_audit.checks.metrics.periods import financial_year, parse_period
from adoption_audit.checks.metrics.warehouse import create_tables, insert_records

from adoption_audit.errors import BadPeriod, UnknownMetric

D = date
NORTH, EAST = "northshire", "eastvale"


def journey(jid, child, dob, sex, eth, entered, adm=None, po=None, link=None, match=None, placed=None, ao=None,
            ptype=None, fc=None, ffa=False, sib=None, changed=None, disrupted=None):
    return {"journey_id": jid, "child_id": child, "local_authority": NORTH, "sex": sex, "date_of_birth": dob,
            "ethnicity": eth, "entered_care_date": entered, "adm_decision_date": adm, "placement_order_date": po,
            "link_identified_date": link, "match_date": match, "placed_date": placed,
            "foster_carer_adopter_start_date": fc, "adoption_order_date": ao, "placement_type": ptype,
            "ffa": ffa, "sibling_group_id": sib, "plan_changed_date": changed,
            "plan_changed_reason": "SGO" if changed else None, "disruption_date": disrupted,
            "disruption_stage": "BEFORE_ORDER" if disrupted else None}


JOURNEYS = [
    journey("J1", "C1", D(2015, 5, 10), "F", "WBRI", D(2015, 6, 1), D(2015, 10, 1), D(2016, 1, 15), D(2016, 2, 1),
            D(2016, 3, 1), D(2016, 4, 20), D(2016, 11, 30), "IN_HOUSE", sib="SG1"),
    journey("J2", "C2", D(2014, 2, 3), "M", "WBRI", D(2015, 6, 1), D(2015, 10, 1), D(2016, 1, 15), D(2016, 2, 1),
            D(2016, 3, 1), D(2016, 4, 20), D(2016, 12, 5), "IN_HOUSE", sib="SG1"),
    journey("J3", "C3", D(2016, 8, 1), "F", "MWBC", D(2016, 8, 5), D(2016, 9, 1), None, None,
            D(2016, 12, 1), D(2017, 1, 10), D(2017, 7, 20), "IN_HOUSE"),
    journey("J4", "C4", D(2016, 1, 20), "M", "WBRI", D(2016, 11, 1), D(2017, 3, 1), D(2017, 6, 1), D(2017, 8, 1),
            D(2017, 10, 1), D(2017, 11, 15), D(2018, 6, 1), "INTER_AGENCY"),
    journey("J5", "C5", D(2017, 4, 2), "F", "WBRI", D(2017, 4, 10), D(2017, 7, 1), D(2017, 12, 1), None,
            D(2018, 2, 1), D(2018, 2, 20), D(2018, 9, 10), "IN_HOUSE", fc=D(2017, 5, 1), ffa=True),
    journey("J6", "C6", D(2013, 6, 30), "M", "BAFR", D(2016, 6, 1), D(2017, 1, 10), D(2017, 9, 1), None,
            D(2017, 8, 15), D(2017, 9, 20), D(2019, 1, 15), "IN_HOUSE"),
    journey("J7", "C7", D(2018, 1, 5), "F", "WBRI", D(2018, 2, 1), D(2018, 6, 1), D(2018, 10, 1), D(2018, 12, 1),
            D(2019, 2, 1), D(2019, 3, 31), None, "INTER_AGENCY"),
    journey("J8", "C8", D(2018, 3, 9), "M", "WOTH", D(2018, 4, 1), D(2018, 8, 1), D(2018, 12, 10), D(2019, 2, 1),
            D(2019, 3, 25), D(2019, 4, 1), None, "IN_HOUSE"),
    journey("J9", "C9", D(2017, 11, 11), "F", "WBRI", D(2018, 1, 15), D(2018, 9, 1), D(2019, 1, 20), D(2019, 3, 1),
            changed=D(2019, 12, 1)),
    journey("J10", "C10", D(2012, 3, 3), "M", "WBRI", D(2016, 5, 1), D(2016, 9, 1), D(2017, 1, 10), None,
            D(2017, 4, 1), D(2017, 5, 1), None, "IN_HOUSE", disrupted=D(2017, 10, 1)),
]
# An older extract's copy of J4, before the order was recorded: the later extract must win.
OLD_J4 = {**JOURNEYS[3], "adoption_order_date": None, "match_date": D(2017, 9, 30)}

HOUSEHOLDS = [
    {"household_id": "H1", "local_authority": NORTH, "enquiry_date": D(2017, 5, 1), "initial_visit_date": D(2017, 6, 1),
     "stage_one_start_date": D(2017, 7, 1), "stage_two_start_date": D(2017, 10, 1), "panel_date": D(2018, 2, 1),
     "approval_date": D(2018, 2, 15), "outcome": "APPROVED", "applicant_ethnicity": "WBRI", "child_specific": False,
     "second_time_adopter": False, "matched_date": D(2018, 6, 1)},
    {"household_id": "H2", "local_authority": NORTH, "enquiry_date": D(2018, 1, 10), "initial_visit_date": D(2018, 2, 1),
     "stage_one_start_date": D(2018, 3, 1), "stage_two_start_date": D(2018, 6, 1), "panel_date": D(2018, 11, 1),
     "approval_date": D(2018, 11, 20), "outcome": "APPROVED", "applicant_ethnicity": "BAFR", "child_specific": False,
     "second_time_adopter": True},
    {"household_id": "H3", "local_authority": NORTH, "enquiry_date": D(2018, 4, 5), "initial_visit_date": D(2018, 5, 1),
     "stage_one_start_date": D(2018, 6, 1), "outcome": "WITHDRAWN", "outcome_date": D(2018, 9, 1)},
    {"household_id": "H4", "local_authority": NORTH, "enquiry_date": D(2018, 9, 1), "initial_visit_date": D(2018, 10, 1),
     "stage_one_start_date": D(2018, 11, 1), "stage_two_start_date": D(2019, 1, 15), "panel_date": D(2019, 3, 20),
     "approval_date": D(2019, 3, 31), "outcome": "WITHDRAWN", "outcome_date": D(2019, 6, 1),
     "applicant_ethnicity": "WBRI", "child_specific": True, "second_time_adopter": False},
]

PANELS = [
    {"case_id": "K1", "panel_id": "P1", "panel_date": D(2018, 2, 1), "case_type": "ADOPTER_APPROVAL", "subject_id": "H1",
     "recommendation": "RECOMMENDED", "adm_decision": "AGREED", "adm_decision_date": D(2018, 2, 15)},
    {"case_id": "K3", "panel_id": "P2", "panel_date": D(2018, 11, 1), "case_type": "ADOPTER_APPROVAL", "subject_id": "H2",
     "recommendation": "RECOMMENDED", "adm_decision": "AGREED", "adm_decision_date": D(2018, 11, 20)},
    {"case_id": "K4", "panel_id": "P2", "panel_date": D(2018, 11, 1), "case_type": "PLAN", "subject_id": "C7",
     "recommendation": "RECOMMENDED", "adm_decision": "AGREED", "adm_decision_date": D(2018, 11, 5)},
    {"case_id": "K5", "panel_id": "P3", "panel_date": D(2019, 3, 20), "case_type": "ADOPTER_APPROVAL", "subject_id": "H4",
     "recommendation": "RECOMMENDED", "adm_decision": "AGREED", "adm_decision_date": D(2019, 3, 31)},
    {"case_id": "K6", "panel_id": "P3", "panel_date": D(2019, 3, 20), "case_type": "MATCH", "subject_id": "C8",
     "recommendation": "RECOMMENDED", "adm_decision": "AGREED", "adm_decision_date": D(2019, 3, 25)},
]

CPRS = [
    {"cpr_id": "R1", "child_id": "C7", "cpr_received_date": D(2018, 5, 20), "adm_decision": "ADOPTION",
     "adm_decision_date": D(2018, 6, 1)},
    {"cpr_id": "R2", "child_id": "C8", "cpr_received_date": D(2018, 7, 25), "adm_decision": "ADOPTION",
     "adm_decision_date": D(2018, 8, 1)},
    {"cpr_id": "R3", "child_id": "C9", "cpr_received_date": D(2018, 8, 20), "adm_decision": "ADOPTION",
     "adm_decision_date": D(2018, 9, 1)},
    {"cpr_id": "R4", "child_id": "C11", "cpr_received_date": D(2019, 2, 10), "adm_decision": "NOT_ADOPTION",
     "adm_decision_date": D(2019, 2, 20)},
]

ASF = [
    {"application_id": "A1", "family_id": "F1", "application_date": D(2018, 5, 1), "amount": 1500},
    {"application_id": "A2", "family_id": "F1", "application_date": D(2018, 9, 1), "amount": 2500.50},
    {"application_id": "A3", "family_id": "F2", "application_date": D(2019, 3, 31), "amount": 1000},
    {"application_id": "A4", "family_id": "F3", "application_date": D(2019, 4, 1), "amount": 750},
]


def ep(child, decom, rne, ls, place, provider, dec, rec, postcode):
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": ls, "CIN": "N1", "PLACE": place,
            "PLACE_PROVIDER": provider, "DEC": dec, "REC": rec, "PL_POST": postcode}


def header(child, sex, dob, ethnic):
    return {"CHILD": child, "SEX": sex, "DOB": dob, "ETHNIC": ethnic}


C1_H, C4_H, C5_H = header("C1", "2", D(2015, 5, 10), "WBRI"), header("C4", "1", D(2016, 1, 20), "WBRI"), \
    header("C5", "2", D(2017, 4, 2), "WBRI")
C7_H, C8_H = header("C7", "2", D(2018, 1, 5), "WBRI"), header("C8", "1", D(2018, 3, 9), "WOTH")
# Each 903 return holds the episodes open during its year, as they stood at its 31 March.
RETURNS_903 = {
    D(2016, 3, 31): {
        "ssda903_header": [C1_H],
        "ssda903_episodes": [ep("C1", D(2015, 6, 1), "S", "C2", "U1", "PR1", D(2016, 1, 15), "X1", "NS1 1AA"),
                             ep("C1", D(2016, 1, 15), "L", "E1", "U1", "PR1", None, None, "NS1 1AA")]},
    D(2017, 3, 31): {
        "ssda903_header": [C1_H, C4_H],
        "ssda903_episodes": [ep("C1", D(2016, 1, 15), "L", "E1", "U1", "PR1", D(2016, 4, 20), "X1", "NS1 1AA"),
                             ep("C1", D(2016, 4, 20), "T", "E1", "A6", "PR1", D(2016, 11, 30), "E11", "NS6 6FF"),
                             ep("C4", D(2016, 11, 1), "S", "C2", "U3", "PR1", None, None, "NS2 2BB")],
        "ssda903_ad1": [{"CHILD": "C1", "DATE_INT": D(2015, 10, 1), "DATE_MATCH": D(2016, 3, 1), "FOSTER_CARE": "0"}]},
    D(2018, 3, 31): {
        "ssda903_header": [C4_H, C5_H, C7_H],
        "ssda903_episodes": [
            ep("C4", D(2016, 11, 1), "S", "C2", "U3", "PR1", D(2017, 6, 1), "X1", "NS2 2BB"),
            ep("C4", D(2017, 6, 1), "L", "E1", "U3", "PR1", D(2017, 11, 15), "X1", "NS2 2BB"),
            ep("C4", D(2017, 11, 15), "T", "E1", "A6", "PR4", None, None, "NS3 3CC"),
            ep("C5", D(2017, 4, 10), "S", "C2", "U1", "PR1", D(2017, 5, 1), "X1", "NS4 4DD"),
            ep("C5", D(2017, 5, 1), "P", "C2", "U1", "PR1", D(2017, 12, 1), "X1", "NS5 5EE"),
            ep("C5", D(2017, 12, 1), "L", "E1", "U1", "PR1", D(2018, 2, 20), "X1", "NS5 5EE"),
            ep("C5", D(2018, 2, 20), "T", "E1", "A5", "PR1", None, None, "NS5 5EE"),
            ep("C7", D(2018, 2, 1), "S", "C2", "U1", "PR1", None, None, "NS7 7GG")]},
    D(2019, 3, 31): {
        "ssda903_header": [C4_H, C5_H, C7_H, C8_H],
        "ssda903_episodes": [
            ep("C4", D(2017, 11, 15), "T", "E1", "A6", "PR4", D(2018, 6, 1), "E11", "NS3 3CC"),
            ep("C5", D(2018, 2, 20), "T", "E1", "A5", "PR1", D(2018, 9, 10), "E11", "NS5 5EE"),
            ep("C7", D(2018, 2, 1), "S", "C2", "U1", "PR1", D(2018, 10, 1), "X1", "NS7 7GG"),
            ep("C7", D(2018, 10, 1), "L", "E1", "U1", "PR1", D(2019, 3, 31), "X1", "NS7 7GG"),
            ep("C7", D(2019, 3, 31), "T", "E1", "A4", "PR4", None, None, "NS8 8HH"),
            ep("C8", D(2018, 4, 1), "S", "C2", "U1", "PR1", D(2018, 12, 10), "X1", "NS9 9JJ"),
            ep("C8", D(2018, 12, 10), "L", "E1", "U1", "PR1", None, None, "NS9 9JJ")],
        "ssda903_ad1": [{"CHILD": "C4", "DATE_INT": D(2017, 3, 1), "DATE_MATCH": D(2017, 10, 1), "FOSTER_CARE": "0"},
                        {"CHILD": "C5", "DATE_INT": D(2017, 7, 1), "DATE_MATCH": D(2018, 2, 1), "FOSTER_CARE": "1"}],
        "ssda903_placed_for_adoption": [{"CHILD": "C7", "DATE_PLACED": D(2018, 6, 1)},
                                        {"CHILD": "C8", "DATE_PLACED": D(2018, 8, 1)}]},
    D(2020, 3, 31): {
        "ssda903_header": [C7_H, C8_H],
        "ssda903_episodes": [
            ep("C7", D(2019, 3, 31), "T", "E1", "A4", "PR4", None, None, "NS8 8HH"),
            ep("C8", D(2018, 12, 10), "L", "E1", "U1", "PR1", D(2019, 4, 1), "X1", "NS9 9JJ"),
            ep("C8", D(2019, 4, 1), "T", "E1", "A6", "PR1", None, None, "NS9 9JJ")],
        "ssda903_placed_for_adoption": [{"CHILD": "C7", "DATE_PLACED": D(2018, 6, 1)},
                                        {"CHILD": "C8", "DATE_PLACED": D(2018, 8, 1)}]},
}

EAST_JOURNEY = {**journey("J1", "C1", D(2016, 2, 2), "M", "WBRI", D(2017, 5, 1), D(2017, 7, 1), D(2017, 9, 1), None,
                          D(2017, 12, 1), D(2018, 1, 10), D(2018, 7, 1), "IN_HOUSE"), "local_authority": EAST}


def build_world(con: duckdb.DuckDBPyConnection) -> None:
    create_tables(con)
    insert_records(con, "cm_child_journeys", [OLD_J4], NORTH, D(2019, 3, 31))
    insert_records(con, "cm_child_journeys", JOURNEYS, NORTH, D(2020, 3, 31))
    insert_records(con, "cm_adopter_households", HOUSEHOLDS, NORTH, D(2020, 3, 31))
    insert_records(con, "panel_log", PANELS, NORTH, D(2020, 3, 31))
    insert_records(con, "cpr_log", CPRS, NORTH, D(2020, 3, 31))
    insert_records(con, "asf_ledger", ASF, NORTH, D(2020, 3, 31))
    for extract_date, tables in RETURNS_903.items():
        for kind, records in tables.items():
            insert_records(con, kind, records, NORTH, extract_date)
    insert_records(con, "cm_child_journeys", [EAST_JOURNEY], EAST, D(2019, 3, 31))


@pytest.fixture(scope="module")
def world():
    con = duckdb.connect()
    build_world(con)
    values = compute_metrics(con)
    yield con, values
    con.close()


def pick(values, metric, period, source, authority=NORTH, breakdown=None):
    found = [v for v in values if (v.metric, v.period, v.source, v.authority, v.breakdown)
             == (metric, period, source, authority, breakdown)]
    assert len(found) <= 1, found
    return found[0] if found else None


def value(values, metric, period, source="case_management", authority=NORTH, breakdown=None):
    row = pick(values, metric, period, source, authority, breakdown)
    return None if row is None else row.value


CM, SSDA903, PANEL, FINANCE = "case_management", "ssda903", "panel_adm", "finance"


def test_financial_year_boundary_31_march_and_1_april():
    assert financial_year(D(2019, 3, 31)) == "2018-19"
    assert financial_year(D(2019, 4, 1)) == "2019-20"
    assert parse_period("2016-17..2018-19").first_year == 2016
    with pytest.raises(BadPeriod):
        parse_period("2018-20")


def test_placement_on_31_march_counts_in_the_year_ending_then(world):
    _, values = world
    # C7 moved in on 31 March 2019, C8 on 1 April 2019, in both systems.
    for source in (CM, SSDA903):
        assert value(values, "children_placed", "2018-19", source) == 1
        assert value(values, "children_placed", "2019-20", source) == 1
    con, _ = world
    assert explain(con, "children_placed", NORTH, "2018-19") == {CM: ["C7"], SSDA903: ["C7"]}
    assert explain(con, "children_placed", NORTH, "2019-20") == {CM: ["C8"], SSDA903: ["C8"]}


def test_activity_counts_per_year(world):
    _, values = world
    assert value(values, "adoption_orders", "2016-17") == 2
    assert value(values, "adoption_orders", "2018-19") == 3
    assert value(values, "adoption_orders", "2016-17", SSDA903) == 1  # only C1 of the pair is in the 903 world
    assert value(values, "adoption_orders", "2018-19", SSDA903) == 2
    assert value(values, "placement_orders", "2018-19") == 3  # C7, C8, C9
    assert value(values, "placement_orders", "2018-19", SSDA903) == 2
    assert value(values, "adm_adoption_decisions", "2018-19") == 3
    assert value(values, "adm_adoption_decisions", "2018-19", SSDA903) == 2
    assert value(values, "adm_adoption_decisions", "2018-19", PANEL) == 3  # R4 was not for adoption
    assert value(values, "children_matched", "2018-19") == 2
    assert value(values, "children_matched", "2018-19", PANEL) == 1  # K6; K4 was a plan case
    assert value(values, "children_placed_inter_agency", "2018-19") == 1
    assert value(values, "children_placed_inter_agency", "2018-19", SSDA903) == 1
    assert value(values, "sibling_groups_placed", "2016-17") == 1
    assert value(values, "ffa_placements", "2017-18") == 1  # C5 moved in with her FfA carers 1 May 2017
    assert value(values, "disruptions", "2017-18") == 1
    assert value(values, "plans_changed", "2019-20") == 1


def test_zero_is_a_value_when_the_system_has_data(world):
    _, values = world
    assert value(values, "disruptions", "2018-19") == 0
    assert value(values, "children_waiting", "2020-03-31") == 0
    assert value(values, "adoption_orders", "2018-19", FINANCE) is None  # not a finance figure


def test_breakdowns(world):
    _, values = world
    assert value(values, "adoption_orders", "2018-19", breakdown={"placement": "inter_agency"}) == 1
    assert value(values, "adoption_orders", "2018-19", breakdown={"placement": "in_house"}) == 2
    assert value(values, "adoption_orders", "2018-19", breakdown={"sex": "M"}) == 2
    assert value(values, "adoption_orders", "2018-19", breakdown={"ethnicity": "BAFR"}) == 1
    # Age at the event: C6 (born 30 June 2013) was 5 at the order; C4 2, C5 1.
    assert value(values, "adoption_orders", "2018-19", breakdown={"age_band": "5_to_9"}) == 1
    assert value(values, "adoption_orders", "2018-19", breakdown={"age_band": "1_to_4"}) == 2
    assert value(values, "adoption_orders", "2018-19", SSDA903, breakdown={"sex": "F"}) == 1  # 903 SEX 2 -> F
    assert value(values, "adopters_approved", "2018-19", breakdown={"ethnicity": "BAFR"}) == 1


def test_stocks_at_31_march(world):
    _, values = world
    # At 31 March 2019: C8 (placed the next day) and C9 wait, both with a link; C7 moved in that day.
    assert value(values, "children_waiting", "2019-03-31") == 2
    assert value(values, "children_waiting_with_link", "2019-03-31") == 2
    assert value(values, "adopters_waiting", "2018-03-31") == 1
    assert value(values, "adopters_waiting", "2019-03-31") == 2
    assert value(values, "adopters_waiting", "2020-03-31") == 1  # H4 withdrew after approval
    con, _ = world
    assert explain(con, "children_waiting", NORTH, "2019-03-31") == {CM: ["C8", "C9"]}


def test_adopters_panels_asf(world):
    _, values = world
    expected = {"adopter_enquiries": 2, "initial_visits": 2, "stage_one_starts": 2, "stage_two_starts": 2,
                "adopters_approved": 2, "adopters_approved_child_specific": 1, "adopters_approved_second_time": 1}
    assert {m: value(values, m, "2018-19") for m in expected} == expected
    assert value(values, "adopters_approved", "2018-19", PANEL) == 2
    assert value(values, "panels_held", "2018-19", PANEL) == 2
    assert value(values, "panel_cases", "2018-19", PANEL) == 4
    assert value(values, "cprs_considered", "2018-19", PANEL) == 4
    assert value(values, "asf_amount", "2018-19", FINANCE) == 5000.5
    assert value(values, "asf_families", "2018-19", FINANCE) == 2
    assert value(values, "asf_amount", "2019-20", FINANCE) == 750


def test_scorecard_per_year(world):
    _, values = world
    a1 = pick(values, "a1_days", "2018-19", CM)
    assert (a1.value, a1.numerator, a1.denominator, a1.rows) == (390.3, 1171, 3, 3)
    assert value(values, "a1_days", "2016-17") == 324
    assert value(values, "a1_days", "2017-18") == 158
    assert value(values, "a10_days", "2018-19") == 292.0
    assert value(values, "a3_percent", "2018-19") == 66.7
    # From the 903 returns: C4 is timed from the episode that opened his period of care in the 2017
    # return (379 days) and C5 from hers (316): (379 + 316) / 2.
    a1_903 = pick(values, "a1_days", "2018-19", SSDA903)
    assert (a1_903.value, a1_903.numerator, a1_903.denominator) == (347.5, 695, 2)
    # A10 from the 903: C5's foster carers (FOSTER_CARE 1) had her from 1 May 2017 at the same postcode.
    assert value(values, "a10_days", "2018-19", SSDA903) == (379 + 21) / 2


def test_scorecard_three_year_weighted_by_children(world):
    _, values = world
    a1 = pick(values, "a1_days", "2016-17..2018-19", CM)
    assert (a1.numerator, a1.denominator, a1.value) == (1977, 6, 329.5)
    a2 = pick(values, "a2_days", "2016-17..2018-19", CM)
    assert (a2.numerator, a2.denominator, a2.value) == (276, 5, 55.2)
    a20 = pick(values, "a20_days", "2016-17..2018-19", CM)
    assert (a20.numerator, a20.denominator, a20.value) == (1360, 5, 272.0)
    a3 = pick(values, "a3_percent", "2016-17..2018-19", CM)
    assert (a3.numerator, a3.denominator, a3.value) == (5, 6, 83.3)
    assert value(values, "a1_threshold_days", "2016-17..2018-19", "dfe") == 426
    assert value(values, "a2_threshold_days", "2016-17..2018-19", "dfe") == 121
    con, _ = world
    assert explain(con, "a1_days", NORTH, "2016-17..2018-19")[CM] == ["C1", "C2", "C3", "C4", "C5", "C6"]


def test_windows_need_three_reported_years(world):
    _, values = world
    # Eastvale's data cover 2017-18 and 2018-19 only: a yearly A1 but no 3-year figure.
    assert value(values, "a1_days", "2018-19", authority=EAST) == 254
    assert not [v for v in values if v.authority == EAST and ".." in v.period]


def test_records_are_kept_apart_by_authority(world):
    con, values = world
    assert explain(con, "adoption_orders", EAST, "2018-19") == {CM: ["C1"]}
    assert value(values, "adoption_orders", "2018-19", authority=EAST) == 1


def test_latest_extract_wins(world):
    con, _ = world
    # The 2019 extract's J4 had no order; the 2020 extract's copy has it, and only one J4 is counted.
    assert explain(con, "adoption_orders", NORTH, "2018-19")[CM] == ["C4", "C5", "C6"]
    # The old copy's match date (30 September 2017) would add a fifth row to 2017-18.
    assert explain(con, "children_matched", NORTH, "2017-18")[CM] == ["C10", "C4", "C5", "C6"]
    assert con.execute("select count(*) from metric_events where metric = 'children_matched' "
                       "and source = 'case_management' and period = '2017-18' and authority = 'northshire'").fetchone()[0] == 4


def test_contract_json_shape(world):
    _, values = world
    row = pick(values, "adoption_orders", "2018-19", CM, breakdown={"placement": "inter_agency"}).to_json()
    assert list(row) == ["metric", "authority", "period", "breakdown", "value", "numerator", "denominator",
                         "source", "rows"]
    assert row["breakdown"] == {"placement": "inter_agency"} and row["rows"] == 1


def test_explain_rejects_unknown_metric_and_period(world):
    con, _ = world
    with pytest.raises(UnknownMetric):
        explain(con, "adopters_eaten", NORTH, "2018-19")
    with pytest.raises(BadPeriod):
        explain(con, "adoption_orders", NORTH, "18/19")


def test_empty_warehouse_gives_no_metrics():
    con = duckdb.connect()
    assert compute_metrics(con) == []


def test_recomputing_gives_the_same_table(world):
    con, values = world
    assert compute_metrics(con) == values


def test_years_before_the_first_extract_make_no_figure():
    """A case-management extract dated 31 March 2019 carries a history back to 2015, but only 2018-19
    is reported: the data team's extracts cover that year alone."""
    con = duckdb.connect()
    build_world_single = [journey("J1", "C1", D(2015, 5, 10), "F", "WBRI", D(2015, 6, 1), D(2015, 10, 1),
                                  D(2016, 1, 15), None, D(2016, 3, 1), D(2016, 4, 20), D(2018, 11, 30), "IN_HOUSE")]
    create_tables(con)
    insert_records(con, "cm_child_journeys", build_world_single, NORTH, D(2019, 3, 31))
    values = compute_metrics(con)
    assert {v.period for v in values if v.metric == "adoption_orders"} == {"2018-19"}
    assert value(values, "children_placed", "2018-19") == 0
    assert explain(con, "children_placed", NORTH, "2016-17") == {CM: ["C1"]}  # the event is kept, for explain


def test_a_child_recorded_twice_after_a_disruption():
    """Case management records a new journey when a placement disrupts: the decision and the order are
    repeated but happened once; the child was placed twice. The 903 shows both adoptive moves, and A1
    times the child to the family who adopted."""
    con = duckdb.connect()
    create_tables(con)
    first = journey("J1", "C1", D(2016, 2, 2), "F", "WBRI", D(2016, 5, 1), D(2016, 9, 1), D(2016, 12, 1), None,
                    D(2017, 2, 1), D(2017, 3, 1), None, "IN_HOUSE", disrupted=D(2017, 6, 1))
    second = journey("J2", "C1", D(2016, 2, 2), "F", "WBRI", D(2016, 5, 1), D(2016, 9, 1), D(2016, 12, 1), None,
                     D(2017, 9, 1), D(2017, 10, 2), D(2018, 5, 1), "INTER_AGENCY")
    insert_records(con, "cm_child_journeys", [first, second], NORTH, D(2019, 3, 31))
    episodes = [ep("C1", D(2016, 5, 1), "S", "C2", "U1", "PR1", D(2016, 12, 1), "X1", "NS1"),
                ep("C1", D(2016, 12, 1), "L", "E1", "U1", "PR1", D(2017, 3, 1), "X1", "NS1"),
                ep("C1", D(2017, 3, 1), "P", "E1", "A6", "PR1", D(2017, 6, 1), "X1", "NS2"),
                ep("C1", D(2017, 6, 1), "P", "E1", "U1", "PR1", D(2017, 10, 2), "X1", "NS1"),
                ep("C1", D(2017, 10, 2), "P", "E1", "A6", "PR4", D(2018, 5, 1), "E11", "NS3")]
    insert_records(con, "ssda903_episodes", episodes, NORTH, D(2019, 3, 31))
    insert_records(con, "ssda903_episodes", episodes[:3], NORTH, D(2017, 3, 31))
    values = compute_metrics(con)
    for source in (CM, SSDA903):
        assert value(values, "placement_orders", "2016-17", source) == 1, source
        assert value(values, "children_placed", "2016-17", source) == 1, source  # 1 March 2017
        assert value(values, "children_placed", "2017-18", source) == 1, source  # 2 October 2017
        # A1: entered care 1 May 2016, moved in with the adopters 2 October 2017: 519 days.
        assert value(values, "a1_days", "2018-19", source) == 519, source
    assert value(values, "adoption_orders", "2018-19", SSDA903, breakdown={"placement": "inter_agency"}) == 1

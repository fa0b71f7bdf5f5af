"""Case management against the 903 return on a hand-written world with one planted difference per child.

Northshire keeps one 903 return (2019-03-31, so 2018-19 is the year both systems cover) and a
case-management extract of 2020-03-31. Children, and what differs:
  1001 same in both                     -> nothing
  NS001002 / 1002 id keyed differently  -> linked by score, warning
  1003 adoption order 1 Oct vs 6 Oct    -> error, differs by 5 days
  1004 in case management only          -> error, missing in the 903 return
  1005 in the 903 return only           -> error, missing in case management
  1006 birth date day/month transposed  -> error, says transposed
  1007 in-house in 903, inter-agency CM -> warning, code differs
  1087 / 1078 digits transposed          -> linked by score, warning
  1100, 1101 twins, same everything but the id -> linked by id, nothing
  1111 adopted 2015-16, before the 903 returns kept -> nothing
"""

from datetime import date

import duckdb
import pytest
from adoption_audit.checks.metrics.warehouse import create_tables, insert_records
from adoption_audit.checks.reconciliation import reconcile
from adoption_audit.checks.reconciliation.ids import id_core, id_similarity
from adoption_audit.checks.reconciliation.linkage import ChildRecord, candidate_pairs, dob_similarity

D = date
NORTH = "northshire"
BASE = {"dob": D(2016, 3, 7), "sex": "F", "entered": D(2017, 6, 1), "po": D(2018, 2, 1), "match": D(2018, 5, 1),
        "placed": D(2018, 6, 1), "ao": D(2018, 12, 3), "ptype": "IN_HOUSE"}


def journey(child, **changes):
    c = {**BASE, **changes}
    return {"journey_id": f"J{child}", "child_id": child, "local_authority": NORTH, "sex": c["sex"],
            "date_of_birth": c["dob"], "ethnicity": "WBRI", "entered_care_date": c["entered"],
            "adm_decision_date": D(2017, 12, 1), "placement_order_date": c["po"], "match_date": c["match"],
            "placed_date": c["placed"], "adoption_order_date": c["ao"], "placement_type": c["ptype"]}


def return_903(child, **changes):
    c = {**BASE, **changes}
    provider = "PR1" if c["ptype"] == "IN_HOUSE" else "PR4"
    episodes = [
        {"CHILD": child, "DECOM": c["entered"], "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1",
         "PLACE_PROVIDER": "PR1", "DEC": c["po"], "REC": "X1", "PL_POST": "WV1"},
        {"CHILD": child, "DECOM": c["po"], "RNE": "L", "LS": "E1", "CIN": "N1", "PLACE": "U1",
         "PLACE_PROVIDER": "PR1", "DEC": c["placed"], "REC": "X1", "PL_POST": "WV1"},
        {"CHILD": child, "DECOM": c["placed"], "RNE": "T", "LS": "E1", "CIN": "N1", "PLACE": "A6",
         "PLACE_PROVIDER": provider, "DEC": c["ao"], "REC": "E11" if c["ao"] else None, "PL_POST": "WV2"},
    ]
    header = {"CHILD": child, "SEX": "2" if c["sex"] == "F" else "1", "DOB": c["dob"], "ETHNIC": "WBRI"}
    ad1 = {"CHILD": child, "DATE_INT": D(2017, 12, 1), "DATE_MATCH": c["match"], "FOSTER_CARE": "0"}
    return header, episodes, ad1 if c["ao"] else None


CM_CHILDREN = [journey("1001"), journey("NS001002", dob=D(2015, 9, 9)), journey("1003", ao=D(2018, 10, 1)),
               journey("1004", dob=D(2014, 1, 20), ao=None), journey("1006"),
               journey("1007", dob=D(2016, 11, 2), ptype="INTER_AGENCY"),
               journey("1087", dob=D(2017, 1, 30), sex="M"),
               journey("1100", dob=D(2016, 5, 5), sex="M"), journey("1101", dob=D(2016, 5, 5), sex="M"),
               journey("1111", entered=D(2014, 1, 1), po=D(2014, 8, 1), match=D(2014, 10, 1), placed=D(2014, 11, 1),
                       ao=D(2015, 6, 1))]
RETURN_CHILDREN = [return_903("1001"), return_903("1002", dob=D(2015, 9, 9)), return_903("1003", ao=D(2018, 10, 6)),
                   return_903("1005", dob=D(2013, 2, 14), entered=D(2017, 3, 1)), return_903("1006", dob=D(2016, 7, 3)),
                   return_903("1007", dob=D(2016, 11, 2)), return_903("1078", dob=D(2017, 1, 30), sex="M"),
                   return_903("1100", dob=D(2016, 5, 5), sex="M"), return_903("1101", dob=D(2016, 5, 5), sex="M")]


@pytest.fixture(scope="module")
def result():
    con = duckdb.connect()
    create_tables(con)
    insert_records(con, "cm_child_journeys", CM_CHILDREN, NORTH, D(2020, 3, 31))
    return_date = D(2019, 3, 31)
    insert_records(con, "ssda903_header", [h for h, _, _ in RETURN_CHILDREN], NORTH, return_date)
    insert_records(con, "ssda903_episodes", [e for _, eps, _ in RETURN_CHILDREN for e in eps], NORTH, return_date)
    insert_records(con, "ssda903_ad1", [a for _, _, a in RETURN_CHILDREN if a], NORTH, return_date)
    yield con, reconcile(con)
    con.close()


def child_findings(findings, cm_id=None, ssda903_id=None):
    def matches(f):
        ids = {(e.get("system"), e.get("id")) for e in f.evidence}
        return ((cm_id is None or ("case_management", cm_id) in ids)
                and (ssda903_id is None or ("ssda903", ssda903_id) in ids)
                and not any("ids" in e for e in f.evidence))
    return [f for f in findings if matches(f)]


def test_links_by_id_and_by_score(result):
    _, rec = result
    links = {(k.cm_id, k.ssda903_id): k for k in rec.links}
    assert links[("1001", "1001")].method == "id"
    scored = {pair: k for pair, k in links.items() if k.method == "scored"}
    assert set(scored) == {("NS001002", "1002"), ("1087", "1078")}
    for link in scored.values():
        assert link.threshold == 0.8 and link.score >= link.threshold
    assert links[("1100", "1100")].method == "id" and links[("1101", "1101")].method == "id"
    assert rec.unlinked_case_management == ["1004", "1111"] and rec.unlinked_ssda903 == ["1005"]


def test_identical_children_give_no_findings(result):
    _, rec = result
    for child in ("1001", "1100", "1101", "1111"):
        assert child_findings(rec.findings, cm_id=child) == [], child


def test_each_planted_difference_is_one_finding(result):
    _, rec = result
    (order,) = child_findings(rec.findings, cm_id="1003", ssda903_id="1003")
    assert order.severity == "error" and order.metric == "adoption_orders" and "differs by 5 days" in order.message
    (missing_903,) = child_findings(rec.findings, cm_id="1004")
    assert missing_903.severity == "error" and "missing in the 903 return" in missing_903.message
    (missing_cm,) = child_findings(rec.findings, ssda903_id="1005")
    assert "missing in case management" in missing_cm.message
    (birth,) = child_findings(rec.findings, cm_id="1006")
    assert birth.severity == "error" and "day and month transposed" in birth.message
    assert "2016" not in birth.message  # never a date of birth in a finding
    (code,) = child_findings(rec.findings, cm_id="1007")
    assert code.severity == "warning" and "INTER_AGENCY".lower() in code.message
    for cm_id, ssda903_id in (("NS001002", "1002"), ("1087", "1078")):
        (keyed,) = child_findings(rec.findings, cm_id=cm_id, ssda903_id=ssda903_id)
        assert keyed.severity == "warning" and "threshold 0.80" in keyed.message


def test_findings_carry_evidence_queries(result):
    con, rec = result
    for finding in rec.findings:
        assert finding.rule == "source_mismatch" and finding.evidence
        for item in finding.evidence:
            assert {"source", "rows", "query"} <= set(item)
            # The query an auditor reopens runs on the warehouse and returns the rows the item counts.
            assert len(con.execute(item["query"]).fetchall()) == item["rows"] > 0
    assert con.execute("select count(*) from reconciliation_findings").fetchone()[0] == len(rec.findings)
    assert con.execute("select count(*) from record_links where method = 'scored' and threshold = 0.8"
                       ).fetchone()[0] == 2


def test_figure_level_difference(result):
    _, rec = result
    # 2018-19 adoption orders: case management 1001, NS001002, 1003, 1006, 1007, 1087, 1100, 1101 (8);
    # the 903 return 1001, 1002, 1003, 1005, 1006, 1007, 1078, 1100, 1101 (9). Linked ids are
    # translated, so only 1005 makes the difference.
    figures = [f for f in rec.findings if any("ids" in e for e in f.evidence)]
    (orders,) = [f for f in figures if f.metric == "adoption_orders"]
    assert (orders.stated, orders.expected, orders.period, orders.severity) == (8, 9, "2018-19", "error")
    assert "(only in the 903 return: 1005)" in orders.message and "NS001002" not in orders.message
    # Children placed: 1004 only in case management, 1005 only in the 903: 9 each, so the figures
    # agree and only the child-level findings show the two differences.
    assert not [f for f in figures if f.metric == "children_placed"]
    # A1 averages over different children (1005, in care since 1 March 2017, only in the 903): not comparable.
    (a1,) = [f for f in figures if f.metric == "a1_days"]
    assert a1.severity == "warning" and "not comparable" in a1.message


def test_id_variants():
    assert id_core(" ns-001042 ") == "1042" and id_core("C1042") == "1042" and id_core("0042") == "42"
    assert id_similarity("NS001042", "1042") == 1.0
    assert id_similarity("1087", "1078") == 0.9  # a keying transposition
    assert id_similarity("1087", "1088") < 0.9  # a neighbouring id is more likely a sibling
    assert id_similarity("", "") == 0.0  # two blanks never agree


def test_dates_of_birth_compared_as_dates():
    assert dob_similarity(D(2016, 3, 7), D(2016, 7, 3)) == 0.8
    assert dob_similarity(D(2016, 3, 7), D(2016, 3, 9)) == 0.5
    assert dob_similarity(None, None) == 0.0


def test_blocking_is_not_all_pairs():
    left = [ChildRecord("case_management", NORTH, f"{i}", D(2010 + i % 8, 1 + i % 12, 1 + i % 28), "F") for i in range(200)]
    right = [ChildRecord("ssda903", NORTH, f"X{i}", D(2010 + i % 8, 1 + i % 12, 1 + i % 28), "F") for i in range(200)]
    pairs = candidate_pairs(left, right)
    assert len(pairs) < len(left) * len(right) / 10
    assert all((i, i) in pairs for i in range(200))

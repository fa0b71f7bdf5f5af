"""The synthetic world generator: a coherent world, the 903 return mirroring case management, the same
files for the same seed, and planted faults exactly where the manifest says (every other row clean).

The row rules are checked by an independent checker written here from the data model (not from the
generator's code), so the tests can say which rows are faulty without trusting the manifest.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from adoption_audit.checks.extracts import ETHNICITY_CODES, EXTRACT_KINDS

from adoption_audit.synthetic import GenerateOptions, generate, read_manifest

# DfE code lists for the 903 columns the generator writes (collection years 2015-16 to 2024-25).
SSDA903_CODES = {
    "ETHNIC": set(ETHNICITY_CODES),
    "RNE": {"S", "P", "L", "T", "U", "B"},
    "LS": {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"},
    "CIN": {f"N{i}" for i in range(1, 9)},
    "PLACE": {"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
              "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"},
    "PLACE_PROVIDER": {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"},
    "REC": {"E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6", "E7",
            "E8", "E9", "E14", "E15", "E16", "E17", "X1"},
    "REASON_PLACE_CHANGE": {"CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ",
                            "PLACE", "CUSTOD", "OTHER"},
    "FOSTER_CARE": {"0", "1"}, "NB_ADOPTR": {"1", "2"}, "SEX_ADOPTR": {"M1", "F1", "MM", "FF", "MF"},
    "LS_ADOPTR": {"L0", "L11", "L12", "L2", "L3", "L4"}, "REASON_PLACED_CEASED": {"RD1", "RD2", "RD3", "RD4"},
}
CHAINS = {
    "cm_child_journeys": [("date_of_birth", "entered_care_date"), ("entered_care_date", "adm_decision_date"),
                          ("entered_care_date", "placement_order_date"), ("placement_order_date", "match_date"),
                          ("match_date", "placed_date"), ("placed_date", "adoption_order_date"),
                          ("link_identified_date", "match_date"), ("entered_care_date", "match_date"),
                          ("entered_care_date", "placed_date"), ("match_date", "adoption_order_date")],
    "cm_adopter_households": [(a, b) for i, a in enumerate(
        ("enquiry_date", "information_event_date", "initial_visit_date", "stage_one_start_date",
         "stage_two_start_date", "panel_date", "approval_date", "matched_date"))
        for b in ("enquiry_date", "information_event_date", "initial_visit_date", "stage_one_start_date",
                  "stage_two_start_date", "panel_date", "approval_date", "matched_date")[i + 1:]],
    "cpr_log": [("cpr_received_date", "adm_decision_date")],
    "panel_log": [("panel_date", "adm_decision_date")],
    "ssda903_episodes": [("DECOM", "DEC")],
    "ssda903_ad1": [("DOB", "DATE_INT"), ("DATE_INT", "DATE_MATCH")],
    "ssda903_placed_for_adoption": [("DOB", "DATE_PLACED"), ("DATE_PLACED", "DATE_PLACED_CEASED")],
}


def read_rows(root: Path, extract: dict) -> list[dict]:
    """A generated CSV (or XLSX) as a list of {column: text}, blanks as ''."""
    path = root / extract["path"]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).active
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    text = path.read_bytes().decode(extract["encoding"])
    return list(csv.DictReader(io.StringIO(text, newline="")))


def parse(text: str) -> date | None:
    if not text:
        return None
    d, m, y = text.split("/")
    assert len(d) == 2 and len(m) == 2 and len(y) == 4, text
    return date(int(y), int(m), int(d))


def row_violations(extract: dict, rows: list[dict]) -> set[tuple[int, str]]:
    """(spreadsheet row, rule) for every generic rule each row breaks."""
    kind = EXTRACT_KINDS[extract["kind"]]
    cutoff = date.fromisoformat(extract["extract_date"])
    found: set[tuple[int, str]] = set()
    keys: dict[tuple, list[int]] = {}
    for number, row in enumerate(rows, start=2):
        for column in kind.columns:
            value = row[column.name]
            if column.required and value == "":
                found.add((number, "required"))
            codes = set(column.codes) if column.codes else SSDA903_CODES.get(column.name)
            if value and codes and value not in codes:
                found.add((number, "allowed_code"))
            if value and column.type == "date" and parse(value) > cutoff:
                found.add((number, "date_not_future"))
            if value and column.type == "amount" and float(value) <= 0:
                found.add((number, "amount_positive"))
        for first, second in CHAINS.get(kind.kind, []):
            a, b = parse(row[first]), parse(row[second])
            if a and b and a > b:
                found.add((number, "dates_in_order"))
        keys.setdefault(tuple(row[k] for k in kind.key), []).append(number)
    for numbers in keys.values():
        if len(numbers) > 1:
            found |= {(n, "unique_key") for n in numbers}
    return found


SEED = 2026


def build(root: Path, **overrides):
    options = {"out": root, "authorities": 3, "first_year": 2022, "last_year": 2024, "seed": SEED,
               "defects": True, "size": 0.25, **overrides}
    return generate(GenerateOptions(**options))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    build(root)
    manifest = read_manifest(root)
    tables = {e["path"]: read_rows(root, e) for e in manifest["extracts"]}
    return root, manifest, tables


@pytest.fixture(scope="module")
def clean_world(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean")
    build(root, defects=False, first_year=2019, last_year=2024, size=0.4)
    manifest = read_manifest(root)
    tables = {e["path"]: read_rows(root, e) for e in manifest["extracts"]}
    return root, manifest, tables


def digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def expected_rule(fault: dict) -> str:
    return "allowed_code" if fault["rule"].startswith("dfe_") else fault["rule"]


# --- shape of what is written ---------------------------------------------------------------------

def test_every_file_has_the_columns_of_the_data_model(world):
    root, manifest, tables = world
    assert len(manifest["extracts"]) == 3 * 3 * 9
    for extract in manifest["extracts"]:
        path = root / extract["path"]
        header = path.read_bytes().decode(extract["encoding"]).splitlines()[0].split(",")
        assert header == list(EXTRACT_KINDS[extract["kind"]].column_names), extract["path"]
        assert len(tables[extract["path"]]) == extract["rows"]


def test_scale_parameters_are_respected(tmp_path):
    result = build(tmp_path, authorities=2, first_year=2019, last_year=2020, defects=False, size=0.1)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["eastvale", "northshire"]
    for authority in ("eastvale", "northshire"):
        assert sorted(p.name for p in (tmp_path / authority).iterdir()) == ["2020-03-31", "2021-03-31"]
    assert len(result.extracts) == 2 * 2 * 9 and result.faults == []
    bigger = build(tmp_path / "bigger", authorities=2, first_year=2019, last_year=2020, defects=False, size=0.4)
    assert bigger.rows_by_kind["ssda903_episodes"] > 2.5 * result.rows_by_kind["ssda903_episodes"]


def test_same_seed_same_files_and_other_seed_other_files(tmp_path):
    build(tmp_path / "a", authorities=2, first_year=2023, last_year=2024, size=0.15)
    build(tmp_path / "b", authorities=2, first_year=2023, last_year=2024, size=0.15)
    build(tmp_path / "c", authorities=2, first_year=2023, last_year=2024, size=0.15, seed=SEED + 1)
    first, second, other = digest(tmp_path / "a"), digest(tmp_path / "b"), digest(tmp_path / "c")
    assert first == second
    assert first.keys() == other.keys() and first != other


def test_an_authority_is_the_same_whatever_the_number_generated(tmp_path):
    build(tmp_path / "one", authorities=1, first_year=2024, last_year=2024, size=0.15, defects=False)
    build(tmp_path / "two", authorities=2, first_year=2024, last_year=2024, size=0.15, defects=False)
    one, two = digest(tmp_path / "one"), digest(tmp_path / "two")
    assert {k: v for k, v in two.items() if k.startswith("northshire/")} == {
        k: v for k, v in one.items() if k.startswith("northshire/")}


def test_local_systems_export_in_their_own_encoding(world):
    root, manifest, _ = world
    encodings = {(e["authority"], e["kind"]): e["encoding"] for e in manifest["extracts"]}
    assert encodings[("eastvale", "cm_child_journeys")] == "cp1252"
    assert encodings[("westmoor", "cm_child_journeys")] == "utf-8-sig"
    assert {v for (a, k), v in encodings.items() if k.startswith("ssda903")} == {"utf-8"}
    eastvale = [e for e in manifest["extracts"] if e["authority"] == "eastvale" and e["kind"] == "cm_child_journeys"]
    raw = b"".join((root / e["path"]).read_bytes() for e in eastvale)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # names such as Zoë or O’Neill arrive as single Windows-1252 bytes
    assert (root / manifest["extracts"][-1]["path"]).read_bytes().isascii()  # 903 files are ASCII


def test_sex_codes_follow_the_collection_year(clean_world):
    _, manifest, tables = clean_world
    for extract in manifest["extracts"]:
        if extract["kind"] == "ssda903_header":
            sexes = {r["SEX"] for r in tables[extract["path"]]}
            assert sexes == ({"M", "F"} if extract["extract_date"] >= "2025-03-31" else {"1", "2"}), extract["path"]


# --- a coherent, clean world ----------------------------------------------------------------------

def test_a_world_without_defects_breaks_no_rule(clean_world):
    _, manifest, tables = clean_world
    for extract in manifest["extracts"]:
        assert row_violations(extract, tables[extract["path"]]) == set(), extract["path"]


def latest(manifest: dict, tables: dict, kind: str, key) -> dict[str, dict]:
    """Every record of a kind for each authority, the latest extract's copy winning."""
    records: dict = {}
    for extract in sorted(manifest["extracts"], key=lambda e: e["extract_date"]):
        if extract["kind"] == kind:
            for row in tables[extract["path"]]:
                records[(extract["authority"], key(row))] = row
    return records


def test_durations_land_where_scorecards_put_them(clean_world):
    _, manifest, tables = clean_world
    journeys = latest(manifest, tables, "cm_child_journeys", lambda r: r["journey_id"]).values()

    def mean_days(start, end):
        gaps = [(parse(j[end]) - parse(j[start])).days for j in journeys if j[start] and j[end]]
        assert len(gaps) > 30
        return sum(gaps) / len(gaps)

    assert 400 <= mean_days("entered_care_date", "placed_date") <= 600  # A1
    assert 150 <= mean_days("placement_order_date", "match_date") <= 300  # A2
    assert 280 <= mean_days("entered_care_date", "placement_order_date") <= 450  # A20
    routes = defaultdict(int)
    for j in journeys:
        routes["ffa"] += j["ffa"] == "Y"
        routes["carers_adopt"] += bool(j["foster_carer_adopter_start_date"])
        routes["siblings"] += bool(j["sibling_group_id"])
        routes["inter_agency"] += j["placement_type"] == "INTER_AGENCY"
        routes["plan_changed"] += bool(j["plan_changed_date"])
        routes["disrupted"] += bool(j["disruption_date"])
        routes["waiting"] += bool(j["adm_decision_date"]) and not j["placed_date"] and not j["plan_changed_date"]
    assert all(routes[k] > 0 for k in ("ffa", "carers_adopt", "siblings", "inter_agency", "plan_changed",
                                        "disrupted", "waiting")), routes


def test_the_903_return_mirrors_case_management(clean_world):
    _, manifest, tables = clean_world
    journeys = latest(manifest, tables, "cm_child_journeys", lambda r: r["journey_id"])
    episodes = latest(manifest, tables, "ssda903_episodes", lambda r: (r["CHILD"], r["DECOM"]))
    ad1 = {(e["authority"], r["CHILD"]): (r, e["extract_date"]) for e in manifest["extracts"]
           if e["kind"] == "ssda903_ad1" for r in tables[e["path"]]}
    by_child = defaultdict(list)
    for (authority, (child, _)), row in episodes.items():
        by_child[(authority, child)].append(row)
    adopted = [((a, j["child_id"]), j) for (a, _), j in journeys.items() if j["adoption_order_date"]]
    assert len(adopted) > 20
    first_year_start = parse("01/04/2019")
    for key, journey in adopted:
        order = parse(journey["adoption_order_date"])
        if order < first_year_start:
            continue  # adopted before the first return generated
        eps = sorted(by_child[key], key=lambda r: parse(r["DECOM"]))
        adoption = [e for e in eps if e["REC"] in ("E11", "E12")]
        assert len(adoption) == 1 and adoption[0]["DEC"] == journey["adoption_order_date"], key
        assert adoption[0]["DECOM"] == journey["placed_date"] and adoption[0]["PLACE"] in ("A3", "A4", "A5", "A6")
        assert (adoption[0]["PLACE"] == "A5") == bool(journey["foster_carer_adopter_start_date"])
        row, extract_date = ad1[key]
        assert row["DATE_INT"] == journey["adm_decision_date"] and row["DATE_MATCH"] == journey["match_date"]
        cutoff = date.fromisoformat(extract_date)
        assert cutoff >= order > cutoff.replace(year=cutoff.year - 1)
        orders = [e for e in eps if e["LS"] == "E1"]
        if journey["placement_order_date"] and parse(journey["placement_order_date"]) >= first_year_start:
            assert orders and orders[0]["DECOM"] == journey["placement_order_date"]
    # and every AD1 child is an adopted child of case management
    adopted_keys = {k for k, _ in adopted}
    assert set(ad1) <= adopted_keys


def test_households_panels_and_cprs_refer_to_real_records(clean_world):
    _, manifest, tables = clean_world
    households = latest(manifest, tables, "cm_adopter_households", lambda r: r["household_id"])
    journeys = latest(manifest, tables, "cm_child_journeys", lambda r: r["journey_id"])
    children = {(a, j["child_id"]) for (a, _), j in journeys.items()}
    panels = [(e["authority"], r) for e in manifest["extracts"] if e["kind"] == "panel_log" for r in tables[e["path"]]]
    assert {r["case_type"] for _, r in panels} >= {"ADOPTER_APPROVAL", "MATCH", "DEREGISTRATION", "PLAN"}
    for authority, case in panels:
        if case["case_type"] in ("ADOPTER_APPROVAL", "DEREGISTRATION"):
            assert (authority, case["subject_id"]) in households
        else:
            assert (authority, case["subject_id"]) in children
    # panels sit once or twice a month
    sittings = defaultdict(set)
    for authority, case in panels:
        sittings[(authority, case["panel_date"][3:])].add(case["panel_date"])
    assert max(len(s) for s in sittings.values()) <= 2
    approved = [h for h in households.values() if h["approval_date"]]
    assert approved and all(h["panel_date"] for h in approved)
    cprs = [(e["authority"], r) for e in manifest["extracts"] if e["kind"] == "cpr_log" for r in tables[e["path"]]]
    # a CPR the ADM has agreed belongs to a journey; one still pending may not have one yet
    assert all((a, r["child_id"]) in children for a, r in cprs if r["adm_decision"] == "ADOPTION")
    assert any(r["rework_requested"] == "Y" for _, r in cprs)


# --- planted faults -------------------------------------------------------------------------------

def test_every_planted_row_fault_is_where_the_manifest_says_and_no_other_row_is_faulty(world):
    _, manifest, tables = world
    expected = defaultdict(set)
    for fault in manifest["faults"]:
        if fault["stage"] == "validation":
            expected[fault["file"]].add((fault["row"], expected_rule(fault)))
            expected[fault["file"]] |= {(r, expected_rule(fault)) for r in fault.get("related_rows", [])}
    assert sum(len(v) for v in expected.values()) >= 3 * 21
    for extract in manifest["extracts"]:
        assert row_violations(extract, tables[extract["path"]]) == expected.get(extract["path"], set()), extract["path"]


def test_the_manifest_row_holds_the_fault(world):
    _, manifest, tables = world
    kinds = {f["fault"] for f in manifest["faults"]}
    assert kinds >= {"dates_out_of_order", "duplicate_key", "invalid_code", "blank_required", "amount_wrong_sign",
                     "future_date", "missing_in_case_management", "id_variant", "dob_differs", "name_differs"}
    for fault in manifest["faults"]:
        rows = tables[fault["file"]]
        row = rows[fault["row"] - 2]
        columns = fault["columns"]
        key_column = {"cm_child_journeys": "journey_id", "cm_adopter_households": "household_id",
                      "panel_log": "case_id", "cpr_log": "cpr_id", "asf_ledger": "application_id"}.get(
                          fault["kind"], "CHILD")
        assert row[key_column] == fault["key"], fault
        if fault["stage"] == "reconciliation":
            assert row[{"cm_child_journeys": "child_id", "cpr_log": "child_id"}.get(fault["kind"], "CHILD")] \
                == fault["child_id"]
        if fault["fault"] == "blank_required":
            assert row[columns[0]] == ""
        elif fault["fault"] == "invalid_code":
            assert row[columns[0]] and row[columns[0]] not in (
                EXTRACT_KINDS[fault["kind"]].column(columns[0]).codes or SSDA903_CODES[columns[0]])
        elif fault["fault"] == "amount_wrong_sign":
            assert float(row["amount"]) < 0
        elif fault["fault"] == "future_date":
            assert parse(row[columns[0]]) > date.fromisoformat(fault["extract_date"])
        elif fault["fault"] == "dates_out_of_order":
            assert parse(row[columns[0]]) > parse(row[columns[1]])
        elif fault["fault"] == "duplicate_key":
            assert [rows[r - 2][key_column] for r in fault["related_rows"]] == [fault["key"]]


def cm_children(manifest, tables, authority):
    return {r["child_id"]: r for e in manifest["extracts"] if e["authority"] == authority
            and e["kind"] == "cm_child_journeys" for r in tables[e["path"]]}


def ssda903_children(manifest, tables, authority):
    return {r["CHILD"]: r for e in manifest["extracts"] if e["authority"] == authority
            and e["kind"] == "ssda903_header" for r in tables[e["path"]]}


def test_cross_system_faults_really_differ_between_the_systems(world):
    _, manifest, tables = world
    cross = [f for f in manifest["faults"] if f["stage"] == "reconciliation" and "occurrences" in f]
    assert {f["fault"] for f in cross} == {"missing_in_case_management", "id_variant", "dob_differs",
                                           "date_differs", "name_differs"}
    for fault in cross:
        cm = cm_children(manifest, tables, fault["authority"])
        header = ssda903_children(manifest, tables, fault["authority"])
        child = fault["ssda903_child"]
        assert child in header
        for where in fault["occurrences"]:
            assert tables[where["file"]][where["row"] - 2][fault["columns"][0] if fault["fault"] != "name_differs"
                                                           else "child_id"]
        if fault["fault"] == "missing_in_case_management":
            assert child not in cm
        elif fault["fault"] == "id_variant":
            variant = fault["child_id"]
            assert variant in cm and child not in cm and variant not in header
            assert variant != child and (variant.endswith(child) or variant == child.lstrip("0")
                                         or sorted(variant) == sorted(child))
        elif fault["fault"] == "dob_differs":
            ours, theirs = parse(cm[child]["date_of_birth"]), parse(header[child]["DOB"])
            assert ours != theirs and (ours.day, ours.month) == (theirs.month, theirs.day)
        elif fault["fault"] == "date_differs":
            journey = cm[child]
            episodes = [r for e in manifest["extracts"] if e["authority"] == fault["authority"]
                        and e["kind"] == "ssda903_episodes" for r in tables[e["path"]]
                        if r["CHILD"] == child and r["REC"] in ("E11", "E12")]
            assert episodes and episodes[0]["DEC"] != journey["adoption_order_date"]
            assert (parse(episodes[0]["DEC"]) - parse(journey["adoption_order_date"])).days == fault["detail"]["days"]
        elif fault["fault"] == "name_differs":
            row = tables[fault["file"]][fault["row"] - 2]
            assert row["child_id"] == child
            assert row["child_name"] != f"{cm[child]['first_name']} {cm[child]['surname']}"


# --- small parts ----------------------------------------------------------------------------------

def test_years_and_authority_names():
    from adoption_audit.errors import InvalidOption
    from adoption_audit.synthetic import parse_years
    from adoption_audit.synthetic.names import authority_names, typo

    assert parse_years("2015-16..2024-25") == (2015, 2024)
    assert parse_years("2019-20") == (2019, 2019)
    assert parse_years("2009-10..2009-10") == (2009, 2009)
    for bad in ("2019-18", "2019/20", "2020-21..2019-20", "19-20"):
        with pytest.raises(InvalidOption):
            parse_years(bad)
    names = authority_names(150)
    assert names[:3] == ["northshire", "eastvale", "westmoor"] and len(set(names)) == 150
    for pick in range(30):
        assert typo("O’Neill", pick) != "O’Neill" and typo("Ashworth", pick) != "Ashworth"

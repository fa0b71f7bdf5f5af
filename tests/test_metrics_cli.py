"""``adoption-audit metrics compute / explain / reconcile`` on CSV extracts, through validation."""

import csv
import json
import subprocess
import sys
from pathlib import Path

JOURNEY_COLUMNS = ["journey_id", "child_id", "local_authority", "sex", "date_of_birth", "ethnicity",
                   "entered_care_date", "placement_order_date", "match_date", "placed_date", "adoption_order_date",
                   "placement_type", "ffa"]
JOURNEYS = [
    ["J1", "K101", "amberdale", "F", "04/05/2016", "WBRI", "09/01/2017", "01/09/2017", "01/11/2017", "31/03/2018",
     "01/06/2018", "IN_HOUSE", "N"],
    ["J2", "K102", "amberdale", "M", "12/08/2016", "WBRI", "09/02/2017", "01/10/2017", "01/12/2017", "01/04/2018",
     "02/07/2018", "INTER_AGENCY", "N"],
]
EPISODE_COLUMNS = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                   "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]
EPISODES = [
    ["K101", "09/01/2017", "S", "C2", "N1", "U1", "PR1", "01/09/2017", "X1", "", "", "", ""],
    ["K101", "01/09/2017", "L", "E1", "N1", "U1", "PR1", "31/03/2018", "X1", "", "", "", ""],
    ["K101", "31/03/2018", "T", "E1", "N1", "A6", "PR1", "01/06/2018", "E11", "", "", "", ""],
]
HEADER = [["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"], ["K101", "2", "04/05/2016", "WBRI", "", "", ""]]


def _write(path: Path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def cli(*args):
    return subprocess.run([sys.executable, "-m", "adoption_audit", *args], check=False, capture_output=True, text=True,
                          timeout=300)


def _sources(tmp_path: Path) -> Path:
    root = tmp_path / "sources"
    _write(root / "amberdale" / "2019-03-31" / "child_journeys.csv", [JOURNEY_COLUMNS, *JOURNEYS])
    _write(root / "amberdale" / "2018-03-31" / "episodes.csv", [EPISODE_COLUMNS, *EPISODES[:2]])
    _write(root / "amberdale" / "2018-03-31" / "header.csv", HEADER)
    _write(root / "amberdale" / "2019-03-31" / "episodes.csv", [EPISODE_COLUMNS, *EPISODES[2:]])
    _write(root / "amberdale" / "2019-03-31" / "header.csv", HEADER)
    return root


def test_compute_json_follows_the_contract(tmp_path):
    result = cli("metrics", "compute", str(_sources(tmp_path)))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["run"]["tool"] == "adoption-audit" and document["run"]["inputs"]
    assert all(not Path(i["path"]).is_absolute() for i in document["run"]["inputs"])
    rows = {(m["metric"], m["period"], m["source"], json.dumps(m["breakdown"])): m for m in document["metrics"]}
    # K101 moved in on 31 March 2018 (2017-18); K102 on 1 April 2018 (2018-19).
    assert rows[("children_placed", "2017-18", "case_management", "null")]["value"] == 1
    assert rows[("children_placed", "2018-19", "case_management", "null")]["value"] == 1
    assert rows[("adoption_orders", "2018-19", "case_management", "null")]["value"] == 2
    # The 903 copy of K101 spans two returns: entered care 9 Jan 2017 (2018 return), moved in 31 Mar 2018.
    a1 = rows[("a1_days", "2018-19", "ssda903", "null")]
    assert (a1["value"], a1["numerator"], a1["denominator"], a1["rows"]) == (446, 446, 1, 1)
    placed = rows[("adoption_orders", "2018-19", "case_management", '{"placement": "inter_agency"}')]
    assert placed["value"] == 1


def test_compute_csv(tmp_path):
    out = tmp_path / "metrics.csv"
    result = cli("metrics", "compute", str(_sources(tmp_path)), "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "metric,authority,period,breakdown,value,numerator,denominator,source,rows"
    assert any(line.startswith("adoption_orders,amberdale,2018-19,,2,") for line in lines)


def test_explain_lists_ids(tmp_path):
    result = cli("metrics", "explain", "adoption_orders", str(_sources(tmp_path)), "--authority", "amberdale",
                 "--period", "2018-19")
    assert result.returncode == 0, result.stderr
    sources = {s["source"]: s for s in json.loads(result.stdout)["sources"]}
    assert sources["case_management"]["ids"] == ["K101", "K102"] and sources["case_management"]["value"] == 2
    assert sources["ssda903"]["ids"] == ["K101"]


def test_reconcile_exits_1_on_error_findings(tmp_path):
    result = cli("metrics", "reconcile", str(_sources(tmp_path)))
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    messages = [f["message"] for f in document["findings"]]
    assert any("K102" in m and "missing in the 903 return" in m for m in messages)
    assert all(f["rule"] == "source_mismatch" and f["id"].startswith("F") for f in document["findings"])


def test_bad_breakdown_is_one_line(tmp_path):
    result = cli("metrics", "explain", "adoption_orders", str(_sources(tmp_path)), "--authority", "amberdale",
                 "--period", "2018-19", "--breakdown", "placement")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1

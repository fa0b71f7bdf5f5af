"""SSDA903 tables the toolkit does not check are recognised by their columns and skipped, not rejected."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from adoption_audit.checks.validation import validate_sources
from adoption_audit.checks.validation.reading import SkippedTable, UnreadableExtract, read_extract
from test_validation_helpers import episode, workbook, write_rows

SHARED_903 = Path("/work/shared/data/ssda903/csc-validator-be-903")
REASON = "an SSDA903 table adoption-audit does not check"

# The DfE's column names for each table, written out here (not taken from the code under test).
OTHER_903 = {
    "ssda903_reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "ssda903_oc2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                    "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                    "INTERVENTION_OFFERED"],
    "ssda903_oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ssda903_missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "ssda903_sw_episodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "ssda903_dolo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}


def write_table(path: Path, columns: list[str], rows: int = 2, *, delimiter: str = ",", encoding: str = "utf-8"):
    """A small fictional table: a child id, and a made-up value in every other column."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(columns)
        for n in range(rows):
            writer.writerow([f"{n:06d}" if c == "CHILD" else "01/06/2017" if "D" in c else "X" for c in columns])
    return path


def full_return(root: Path) -> Path:
    """One authority's 903 folder: an episodes file we check, every other table, and one stray file."""
    folder = root / "northshire" / "2018-03-31"
    write_rows(folder / "episodes.csv", [episode(1, DEC="", REC=""), episode(2, DEC="", REC="")])  # still in care
    for kind, columns in OTHER_903.items():
        write_table(folder / f"{kind.removeprefix('ssda903_')}.csv", columns)
    return folder


@pytest.mark.parametrize("kind", sorted(OTHER_903))
def test_each_other_903_table_is_recognised_by_its_columns(tmp_path, kind):
    path = write_table(tmp_path / "export_7.csv", OTHER_903[kind])  # the name says nothing
    with pytest.raises(SkippedTable) as caught:
        read_extract(path)
    assert caught.value.table.kind == kind and caught.value.reason == REASON


def test_recognised_through_delimiter_case_bom_and_encoding(tmp_path):
    columns = [" review_code", "Child", "dob ", "REVIEW"]  # reordered, other case, stray spaces
    path = write_table(tmp_path / "r.csv", columns, delimiter=";", encoding="utf-8-sig")
    with pytest.raises(SkippedTable) as caught:
        read_extract(path)
    assert caught.value.table.kind == "ssda903_reviews"
    cp1252 = write_table(tmp_path / "m.csv", OTHER_903["ssda903_missing"], encoding="cp1252")
    cp1252.write_bytes(cp1252.read_bytes() + "000009,01/06/2017,£,01/06/2017,\n".encode("cp1252"))
    with pytest.raises(SkippedTable):
        read_extract(cp1252)


def test_a_table_missing_its_distinctive_columns_is_still_rejected(tmp_path):
    path = write_table(tmp_path / "reviews.csv", ["CHILD", "DOB", "REVIEW"])  # no REVIEW_CODE
    with pytest.raises(UnreadableExtract, match="names no known extract"):
        read_extract(path)


def test_a_known_kind_wins_over_an_unchecked_table(tmp_path):
    rows = [{**episode(1), "REVIEW": "01/06/2017", "REVIEW_CODE": "PN1"}]
    assert read_extract(write_rows(tmp_path / "e.csv", rows)).kind.kind == "ssda903_episodes"


def test_xlsx_sheets(tmp_path):
    reviews = [OTHER_903["ssda903_reviews"], ["000001", "01/01/2010", "01/06/2017", "PN1"]]
    with pytest.raises(SkippedTable):
        read_extract(workbook(tmp_path / "reviews.xlsx", {"Reviews": reviews}))
    episodes = [list(episode(1)), list(episode(1).values())]
    both = workbook(tmp_path / "both.xlsx", {"Reviews": reviews, "Episodes": episodes})
    raw = read_extract(both)  # a sheet we check comes before a sheet we skip
    assert raw.kind.kind == "ssda903_episodes" and raw.sheet == "Episodes"


def test_full_return_is_skipped_listed_and_clean(tmp_path):
    full_return(tmp_path)
    result = validate_sources(tmp_path)
    assert [e.kind for e in result.extracts] == ["ssda903_episodes"]
    assert result.rejected == []
    document = result.to_json()
    assert sorted(document["skipped"], key=lambda s: s["kind"]) == [
        {"path": f"northshire/2018-03-31/{kind.removeprefix('ssda903_')}.csv", "kind": kind, "reason": REASON}
        for kind in sorted(OTHER_903)]
    assert result.clean  # skipped files do not make the run unclean


def cli(*args):
    return subprocess.run([sys.executable, "-m", "adoption_audit", *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_cli_exit_code_and_table(tmp_path):
    folder = full_return(tmp_path)
    shown = cli("sources", "validate", str(tmp_path))
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "Skipped files" in shown.stdout and "ssda903_oc3" in shown.stdout and "6 skipped" in shown.stdout
    report = tmp_path / "report.json"
    assert cli("sources", "validate", str(tmp_path), "--format", "json", "--out", str(report)).returncode == 0
    assert len(json.loads(report.read_text())["skipped"]) == 6
    (folder / "notes.csv").write_text("what,ever\n1,2\n")  # matches nothing at all: still rejected
    stray = cli("sources", "validate", str(tmp_path), "--format", "json")
    assert stray.returncode == 1
    document = json.loads(stray.stdout)
    assert [r["path"] for r in document["rejected"]] == ["northshire/2018-03-31/notes.csv"]
    assert len(document["skipped"]) == 6


@pytest.mark.skipif(not SHARED_903.exists(), reason="shared 903 sample data not on this machine")
def test_the_whole_shared_903_return_folder(tmp_path):
    folder = tmp_path / "demo" / "2018-03-31"
    folder.mkdir(parents=True)
    for path in SHARED_903.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    result = validate_sources(tmp_path)
    assert result.rejected == []
    assert {s.path.rsplit("/", 1)[1]: s.kind for s in result.skipped} == {
        "reviews.csv": "ssda903_reviews", "oc2.csv": "ssda903_oc2", "oc3.csv": "ssda903_oc3",
        "missing.csv": "ssda903_missing", "sw_episodes.csv": "ssda903_sw_episodes", "DoLo.csv": "ssda903_dolo"}
    assert len(result.extracts) == 7  # header, episodes, ad1, two placed-for-adoption files, permanence, uasc

"""Reading messy council exports: encodings, delimiters, sheets, missing columns, garbage."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from adoption_audit.checks.validation import validate_sources
from adoption_audit.checks.validation.reading import UnreadableExtract, read_extract
from test_validation_helpers import application, episode, journey, workbook, write_rows

SHARED_903 = Path("/work/shared/data/ssda903/csc-validator-be-903")


def test_windows_1252_is_read_and_reported(tmp_path):
    path = write_rows(tmp_path / "asf.csv", [application(1, family_id="F£1")], encoding="cp1252")
    raw = read_extract(path)
    assert raw.encoding == "cp1252"
    assert raw.frame["family_id"].to_list() == ["F£1"]


def test_utf8_bom_is_read(tmp_path):
    path = write_rows(tmp_path / "asf.csv", [application(1)], encoding="utf-8-sig")
    raw = read_extract(path)
    assert raw.kind.kind == "asf_ledger" and raw.encoding == "utf-8-sig"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_other_delimiters_are_found(tmp_path, delimiter):
    path = write_rows(tmp_path / "episodes.csv", [episode(1), episode(2)], delimiter=delimiter)
    raw = read_extract(path)
    assert raw.kind.kind == "ssda903_episodes" and raw.delimiter == delimiter
    assert raw.frame["CHILD"].to_list() == ["000001", "000002"]  # leading zeros kept


def test_kind_comes_from_columns_not_file_name(tmp_path):
    path = write_rows(tmp_path / "export_final_v2.csv", [journey(1)])
    assert read_extract(path).kind.kind == "cm_child_journeys"


def test_header_case_and_spaces_are_forgiven(tmp_path):
    rows = [{f" {k.upper()} ": v for k, v in application(1).items()}]
    assert read_extract(write_rows(tmp_path / "a.csv", rows)).kind.kind == "asf_ledger"


def test_missing_columns_are_named(tmp_path):
    rows = [{k: v for k, v in episode(1).items() if k not in ("LS",)}]
    with pytest.raises(UnreadableExtract, match=r"lacks .*LS"):
        read_extract(write_rows(tmp_path / "e.csv", rows))


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \r\n", "empty"),
    (b"\x00\x01\x02garbage\xff\xfe" * 50, "binary"),
    (b"name,colour\nx,y\n", "no known extract"),
])
def test_unreadable_files_are_one_line(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableExtract, match=message) as caught:
        read_extract(path)
    assert "\n" not in caught.value.reason


def test_header_only_file_is_an_empty_extract(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(",".join(application(1)) + "\n")
    raw = read_extract(path)
    assert raw.frame.height == 0 and raw.kind.kind == "asf_ledger"


def test_xlsx_with_data_on_another_sheet_below_a_title(tmp_path):
    columns = list(application(1))
    row = application(7)
    values = [row[c] for c in columns]
    values[columns.index("application_id")] = 1042.0  # Excel turned the id into a number
    values[columns.index("application_date")] = datetime(2018, 6, 1)
    path = workbook(tmp_path / "ledger.xlsx", {"Notes": [["Read me first"]],
                                                "Ledger": [["ASF ledger, fictional"], columns, values]})
    raw = read_extract(path)
    assert raw.sheet == "Ledger" and raw.encoding == "xlsx"
    assert raw.frame["_row"].to_list() == [3]  # the spreadsheet's own row number
    result_dir = tmp_path / "src" / "northshire" / "2019-03-31"
    result_dir.mkdir(parents=True)
    path.rename(result_dir / "ledger.xlsx")
    result = validate_sources(tmp_path / "src")
    report = result.extracts[0]
    assert report.valid == 1, result.quarantine
    assert report.valid_frame["application_id"].to_list() == ["1042"]


def test_xlsx_without_the_columns_is_rejected(tmp_path):
    folder = tmp_path / "src" / "northshire" / "2019-03-31"
    folder.mkdir(parents=True)
    workbook(folder / "reviews.xlsx", {"Sheet1": [["CHILD", "REVIEW"], ["1", "01/01/2019"]]})
    result = validate_sources(tmp_path / "src")
    assert [r.to_json() for r in result.rejected] == [
        {"path": "northshire/2019-03-31/reviews.xlsx", "reason": "No sheet has the expected columns."}]


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    folder = tmp_path / "northshire" / "2019-03-31"
    write_rows(folder / "journeys.csv", [journey(1), journey(2)])
    (folder / "broken.csv").write_bytes(b"\x00\xff" * 100)
    (folder / "empty.csv").write_bytes(b"")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "README.md").write_text("notes for the data team")
    result = validate_sources(tmp_path)
    assert [e.path for e in result.extracts] == ["northshire/2019-03-31/journeys.csv"]
    assert sorted(r.path for r in result.rejected) == ["northshire/2019-03-31/broken.csv",
                                                        "northshire/2019-03-31/empty.csv",
                                                        "northshire/2019-03-31/old.xls"]
    assert "save it as .xlsx or CSV" in next(r.reason for r in result.rejected if r.path.endswith(".xls"))


def test_ragged_row_is_quarantined_not_lost(tmp_path):
    folder = tmp_path / "northshire" / "2019-03-31"
    path = write_rows(folder / "asf.csv", [application(1), application(2)])
    path.write_text(path.read_text() + "A3,F3,2018-06-01,10.00,N,extra\n")
    result = validate_sources(tmp_path)
    report = result.extracts[0]
    assert (report.rows, report.valid, report.quarantined) == (3, 2, 1)
    assert [(q.row, q.rule) for q in result.quarantine] == [(4, "row_shape")]


@pytest.mark.skipif(not SHARED_903.exists(), reason="shared 903 sample data not on this machine")
def test_real_format_903_return(tmp_path):
    folder = tmp_path / "demo" / "2018-03-31"
    folder.mkdir(parents=True)
    for name in ("header.csv", "episodes.csv", "ad1.csv", "placed_for_adoption.csv", "sw_episodes.csv"):
        (folder / name).write_bytes((SHARED_903 / name).read_bytes())
    result = validate_sources(tmp_path)
    kinds = {e.kind: e for e in result.extracts}
    assert set(kinds) == {"ssda903_header", "ssda903_episodes", "ssda903_ad1", "ssda903_placed_for_adoption"}
    assert kinds["ssda903_episodes"].rows == 5050 and kinds["ssda903_header"].rows == 2675
    for report in result.extracts:
        assert report.rows == report.valid + report.quarantined
    assert result.rejected == []  # a 903 table we do not check is skipped, not rejected
    assert [(s.path, s.kind) for s in result.skipped] == [("demo/2018-03-31/sw_episodes.csv", "ssda903_sw_episodes")]

"""Validation end to end: the contract's JSON, the CLI, the warehouse, the quarantine CSVs, DfE rules."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest
from adoption_audit.checks.validation import validate_sources, write_quarantine_csvs, write_warehouse
from test_validation_helpers import application, episode, journey, write_rows


@pytest.fixture
def sources(tmp_path):
    root = tmp_path / "sources"
    write_rows(root / "northshire" / "2019-03-31" / "journeys.csv",
               [journey(1), journey(2, match_date="01/08/2016"), journey(3, first_name="Oriel", sex="Z")])
    write_rows(root / "northshire" / "2019-03-31" / "asf.csv", [application(1, family_id="F£1"), application(2, amount="-5")],
               encoding="cp1252")
    write_rows(root / "eastvale" / "2019-03-31" / "asf.csv", [application(1)])
    (root / "eastvale" / "2019-03-31" / "notes.csv").write_text("what,ever\n1,2\n")
    return root


def test_contract_json(sources):
    document = validate_sources(sources).to_json()
    assert set(document) >= {"extracts", "quarantine", "rejected", "run"}
    extract = next(e for e in document["extracts"] if e["path"] == "northshire/2019-03-31/asf.csv")
    assert {k: extract[k] for k in ("kind", "authority", "rows", "valid", "quarantined", "encoding")} == {
        "kind": "asf_ledger", "authority": "northshire", "rows": 2, "valid": 1, "quarantined": 1,
        "encoding": "cp1252"}
    item = next(q for q in document["quarantine"] if q["rule"] == "dates_in_order")
    assert item["path"] == "northshire/2019-03-31/journeys.csv" and item["row"] == 3 and item["key"] == "J0002"
    assert isinstance(item["columns"], list) and item["reason"]
    assert document["rejected"][0]["path"] == "eastvale/2019-03-31/notes.csv"
    assert document["run"]["tool"] == "adoption-audit"
    assert all(not i["path"].startswith("/") for i in document["run"]["inputs"])
    for extract in document["extracts"]:
        assert extract["rows"] == extract["valid"] + extract["quarantined"]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "adoption_audit", *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_cli_table_and_exit_codes(sources, tmp_path):
    result = cli("sources", "validate", str(sources))
    assert result.returncode == 1, result.stderr
    assert "northshire/2019-03-31/journeys.csv" in result.stdout and "notes.csv" in result.stdout
    assert "Oriel" not in result.stdout
    clean = tmp_path / "clean"
    write_rows(clean / "westmoor" / "2019-03-31" / "asf.csv", [application(1)])
    assert cli("sources", "validate", str(clean)).returncode == 0


def test_cli_json_to_file(sources, tmp_path):
    out = tmp_path / "report.json"
    result = cli("sources", "validate", str(sources), "--format", "json", "--out", str(out))
    assert result.returncode == 1 and result.stdout == ""
    document = json.loads(out.read_text())
    assert len(document["quarantine"]) == 3 and "Oriel" not in out.read_text()


def test_cli_bad_collection_year_is_one_line(sources):
    result = cli("sources", "validate", str(sources), "--collection-year", "2019")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_warehouse_tables_typed_and_idempotent(sources, tmp_path):
    result = validate_sources(sources)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for _ in range(2):
        write_warehouse(result, con)
    types = dict(con.execute("select column_name, data_type from information_schema.columns "
                             "where table_name = 'cm_child_journeys'").fetchall())
    assert types["placed_date"] == "DATE" and types["ffa"] == "BOOLEAN" and types["child_id"] == "VARCHAR"
    assert types["source_row"] == "BIGINT" and types["extract_date"] == "DATE"
    amount_type = con.execute("select data_type from information_schema.columns where table_name = 'asf_ledger' "
                              "and column_name = 'amount'").fetchone()[0]
    assert amount_type == "DECIMAL(12,2)"
    assert con.execute("select count(*) from cm_child_journeys").fetchone()[0] == 1
    assert con.execute("select count(*) from asf_ledger").fetchone()[0] == 2
    assert con.execute("select count(*) from quarantine").fetchone()[0] == len(result.quarantine)
    assert con.execute("select sum(rows) - sum(valid) - sum(quarantined) from extracts").fetchone()[0] == 0
    assert con.execute("select count(*) from ssda903_episodes").fetchone()[0] == 0  # every kind has a table
    lineage = con.execute("select authority, source_path, source_row from asf_ledger where authority = 'eastvale'"
                          ).fetchall()
    assert lineage == [("eastvale", "eastvale/2019-03-31/asf.csv", 2)]


def test_quarantine_csvs(sources, tmp_path):
    result = validate_sources(sources)
    folder = tmp_path / "quarantine"
    (folder).mkdir()
    (folder / "stale.csv").write_text("old")
    written = write_quarantine_csvs(result, folder)
    assert sorted(p.name for p in written) == ["northshire__2019-03-31__asf_ledger.csv",
                                                "northshire__2019-03-31__cm_child_journeys.csv"]
    assert not (folder / "stale.csv").exists()
    raw = (folder / "northshire__2019-03-31__asf_ledger.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"amount_positive" in raw


def test_dfe_rules_join_the_quarantine(tmp_path):
    pytest.importorskip("adoption_audit.checks.dfe903")
    folder = tmp_path / "northshire" / "2018-03-31"
    write_rows(folder / "episodes.csv", [episode(1, RNE="S", LS="ZZ")])
    result = validate_sources(tmp_path)
    dfe = [q for q in result.quarantine if q.dfe_rule]
    assert dfe, "the DfE rules did not run on a 903 return"
    assert all(q.path == "northshire/2018-03-31/episodes.csv" and q.kind == "ssda903_episodes" for q in dfe)
    report = result.extracts[0]
    errors = {q.row for q in result.quarantine if q.severity == "error"}
    assert report.quarantined == len(errors) and report.rows == report.valid + report.quarantined


def test_cli_data_docs_on_request(sources, tmp_path):
    docs = tmp_path / "docs"
    result = cli("sources", "validate", str(sources), "--data-docs", str(docs))
    assert result.returncode == 1, result.stderr
    assert (docs / "index.html").exists()


def test_cli_dir_that_is_a_file_is_exit_2(tmp_path):
    path = write_rows(tmp_path / "asf.csv", [application(1)])
    result = cli("sources", "validate", str(path))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "asf.csv" in result.stderr and "Traceback" not in result.stderr

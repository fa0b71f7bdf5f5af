"""The raw layer: every file as it arrived (raw_files, raw_<kind> assets) ahead of the validated tables."""

from __future__ import annotations

import hashlib

import dagster as dg
import duckdb
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.validation import raw_files, validate_sources, write_raw_files
from adoption_audit.pipelines.resources import resources_for
from test_validation_helpers import application, journey, source_assets, write_rows

from adoption_audit.settings import RunSettings


def sources(root):
    folder = root / "northshire" / "2019-03-31"
    write_rows(folder / "journeys.csv", [journey(1), journey(2), journey(3, sex="Q")])
    write_rows(folder / "asf.csv", [application(1, family_id="F£1"), application(2)], encoding="cp1252")
    write_rows(root / "eastvale" / "2019-06-30" / "asf.csv", [application(1)])
    write_rows(folder / "reviews.csv", [{"CHILD": "000001", "DOB": "01/01/2010", "REVIEW": "01/06/2017",
                                         "REVIEW_CODE": "PN1"}])
    (folder / "notes.csv").write_text("what,ever\n1,2\n")
    return root


def test_one_record_per_file_with_its_facts(tmp_path):
    root = sources(tmp_path / "src")
    records = {r.path: r for r in raw_files(validate_sources(root))}
    assert sorted(records) == ["eastvale/2019-06-30/asf.csv", "northshire/2019-03-31/asf.csv",
                               "northshire/2019-03-31/journeys.csv", "northshire/2019-03-31/notes.csv",
                               "northshire/2019-03-31/reviews.csv"]
    for path, record in records.items():
        data = (root / path).read_bytes()
        assert record.bytes == len(data) and record.sha256 == hashlib.sha256(data).hexdigest()
    ledger = records["northshire/2019-03-31/asf.csv"]
    assert (ledger.kind, ledger.status, ledger.rows, ledger.encoding) == ("asf_ledger", "read", 2, "cp1252")
    assert str(ledger.extract_date) == "2019-03-31" and ledger.authority == "northshire"
    journeys = records["northshire/2019-03-31/journeys.csv"]
    assert journeys.rows == 3  # every row that arrived, the quarantined one too
    reviews = records["northshire/2019-03-31/reviews.csv"]
    assert (reviews.kind, reviews.status, reviews.rows) == ("ssda903_reviews", "skipped", None)
    notes = records["northshire/2019-03-31/notes.csv"]
    assert (notes.kind, notes.status) == (None, "rejected")
    assert str(records["eastvale/2019-06-30/asf.csv"].extract_date) == "2019-06-30"


def test_raw_files_table_is_replaced_whole(tmp_path):
    root = sources(tmp_path / "src")
    records = raw_files(validate_sources(root))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for _ in range(2):
        assert write_raw_files(records, con) == 5
    assert con.execute("select count(*) from raw_files").fetchone()[0] == 5
    assert dict(con.execute("select status, count(*) from raw_files group by 1").fetchall()) == {
        "read": 3, "skipped": 1, "rejected": 1}
    types = dict(con.execute("select column_name, data_type from information_schema.columns "
                             "where table_name = 'raw_files'").fetchall())
    assert types["extract_date"] == "DATE" and types["bytes"] == "BIGINT" and types["rows"] == "BIGINT"


def test_graph_reads_raw_then_validated(tmp_path):
    settings = RunSettings(sources=tmp_path, reports=tmp_path, cprs=tmp_path, out=tmp_path / "out")
    definitions = dg.Definitions(assets=source_assets(settings),
                                 resources=resources_for(settings))
    assets = definitions.get_repository_def().asset_graph
    for kind in EXTRACT_KINDS:
        assert assets.get(dg.AssetKey(f"validated_{kind}")).parent_keys == {dg.AssetKey(f"raw_{kind}")}
        assert assets.get(dg.AssetKey(f"raw_{kind}")).parent_keys == set()
    assert dg.AssetKey("raw_ssda903_episodes") in assets.get(dg.AssetKey("quarantine")).parent_keys


def test_raw_assets_materialise_with_counts(tmp_path):
    src = sources(tmp_path / "src")
    settings = RunSettings(sources=src, reports=tmp_path, cprs=tmp_path, out=tmp_path / "out")
    result = dg.materialize(source_assets(settings), resources=resources_for(settings),
                            raise_on_error=False)
    materialised = {m.asset_key.to_user_string(): m.metadata for m in result.get_asset_materialization_events()
                    for m in [m.event_specific_data.materialization]}
    ledger = materialised["raw_asf_ledger"]
    assert ledger["files"].value == 2 and ledger["authorities"].value == 2 and ledger["rows"].value == 3
    assert ledger["encoding_cp1252"].value == 1 and ledger["encoding_utf-8"].value == 1
    assert ledger["bytes"].value == sum((src / p).stat().st_size for p in ("northshire/2019-03-31/asf.csv",
                                                                          "eastvale/2019-06-30/asf.csv"))
    assert materialised["raw_ssda903_episodes"]["files"].value == 0
    assert materialised["quarantine"]["skipped_files"].value == 1
    assert materialised["quarantine"]["rejected_files"].value == 1
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw_files").fetchone()[0] == 5
    assert "Tamsin" not in str(materialised)

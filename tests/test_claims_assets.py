"""The report assets: the claims table over a reports folder, one inventory partition per document, the sensor."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
from adoption_audit.pipelines.assets import reports as report_assets
from adoption_audit.pipelines.resources import resources_for

from adoption_audit.settings import RunSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def _settings(tmp_path: Path) -> RunSettings:
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("northshire_scrutiny_2019.txt", "three_rivers_annual_2018_19.pdf"):
        shutil.copy(FIXTURES / name, reports / name)
    (reports / "broken.docx").write_bytes(b"not a word file")
    return RunSettings(sources=tmp_path / "sources", reports=reports, cprs=tmp_path / "cprs", out=tmp_path / "out")


def test_report_claims_table_and_check(tmp_path):
    settings = _settings(tmp_path)
    defs = dg.Definitions(assets=[report_assets.report_claims], asset_checks=[report_assets.every_report_readable],
                          resources=resources_for(settings))
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process()
    assert result.success
    [check] = result.get_asset_check_evaluations()
    assert not check.passed and check.metadata["files"].value == 3 and check.metadata["documents_read"].value == 2
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        documents = con.execute("select id, path from report_documents order by id").fetchall()
        approved = con.execute("select document, value, period, kind from report_claims where metric = "
                               "'adopters_approved' and kind in ('stated', 'previous') order by document, kind, value"
                               ).fetchall()
        skipped = dict(con.execute("select reason, numbers from report_numbers_skipped").fetchall())
    assert [p for _, p in documents] == ["northshire_scrutiny_2019.txt", "three_rivers_annual_2018_19.pdf"]
    assert ("doc1", 37.0, "2017-18", "previous") in approved and ("doc2", 41.0, "2018-19", "stated") in approved
    assert skipped["phone"] >= 1 and skipped["paragraph_number"] >= 5


def test_inventory_partition_per_document_and_sensor(tmp_path):
    settings = _settings(tmp_path)
    resources = resources_for(settings)
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, resources=resources)
        first = report_assets.new_report_files(context)
        keys = sorted(r.partition_key for r in first.run_requests if r.partition_key)
        assert keys == ["broken.docx", "northshire_scrutiny_2019.txt", "three_rivers_annual_2018_19.pdf"]
        assert [r.asset_selection for r in first.run_requests if not r.partition_key] == [[dg.AssetKey("report_claims")]]
        instance.add_dynamic_partitions(report_assets.report_documents.name, keys)
        again = report_assets.new_report_files(dg.build_sensor_context(instance=instance, resources=resources,
                                                                       cursor=first.cursor))
        assert not again.run_requests  # nothing new, nothing requested
        for key in keys:
            result = dg.materialize([report_assets.report_inventory], partition_key=key, instance=instance,
                                    resources=resources)
            assert result.success
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        rows = {r[0]: r[1:] for r in con.execute("select path, readable, pages, words from report_inventory").fetchall()}
    assert rows["broken.docx"][0] is False
    assert rows["three_rivers_annual_2018_19.pdf"][0] is True and rows["three_rivers_annual_2018_19.pdf"][1] >= 1
    assert rows["northshire_scrutiny_2019.txt"][2] > 200


def test_a_job_of_every_asset_runs_without_a_partition(tmp_path):
    """The nightly job selects every asset and has no partition key: the inventory then covers the folder."""
    settings = _settings(tmp_path)
    job = dg.define_asset_job("every_asset", selection=dg.AssetSelection.all())
    defs = dg.Definitions(assets=[report_assets.report_inventory, report_assets.report_claims],
                          asset_checks=[report_assets.every_report_readable], jobs=[job],
                          resources=resources_for(settings))
    result = defs.resolve_job_def("every_asset").execute_in_process(raise_on_error=False)
    assert result.success
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*), sum(readable::int) from report_inventory").fetchone() == (3, 2)

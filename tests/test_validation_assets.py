"""The sources assets materialise on a tmp folder: warehouse tables, quarantine CSVs, Data Docs, checks."""

from __future__ import annotations

import dagster as dg
import duckdb
from adoption_audit.pipelines.assets import sources as sources_assets
from adoption_audit.pipelines.resources import resources_for
from test_validation_helpers import application, journey, write_rows

from adoption_audit.settings import RunSettings


def test_assets_materialise(tmp_path):
    src = tmp_path / "sources"
    write_rows(src / "northshire" / "2019-03-31" / "journeys.csv",
               [journey(1), journey(2, sex="Q"), journey(3, sex="Q")])
    write_rows(src / "northshire" / "2019-03-31" / "asf.csv", [application(1)])
    settings = RunSettings(sources=src, reports=tmp_path, cprs=tmp_path, out=tmp_path / "out")
    result = dg.materialize(dg.load_assets_from_modules([sources_assets]), resources=resources_for(settings),
                            raise_on_error=False)
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    pandera = evaluations[("validated_cm_child_journeys", "pandera")]
    # more than half the rows failed: the extract is broken, an error that blocks the metrics
    assert not pandera.passed and pandera.severity == dg.AssetCheckSeverity.ERROR
    assert pandera.metadata["quarantined_rows"].value == 2
    assert evaluations[("validated_cm_child_journeys", "rows_add_up")].passed
    assert evaluations[("validated_asf_ledger", "pandera")].passed
    assert evaluations[("validated_asf_ledger", "great_expectations")].passed
    out = tmp_path / "out"
    assert (out / "quarantine" / "northshire__2019-03-31__cm_child_journeys.csv").exists()
    assert (out / "data-docs" / "index.html").exists()
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from cm_child_journeys").fetchone()[0] == 1
        assert con.execute("select count(*) from quarantine").fetchone()[0] == 2
    metadata = str([e.metadata for e in evaluations.values()])
    assert "Tamsin" not in metadata and "Quillfeather" not in metadata


def test_a_few_quarantined_rows_warn_and_do_not_block(tmp_path):
    src = tmp_path / "sources"
    write_rows(src / "northshire" / "2019-03-31" / "journeys.csv", [journey(1), journey(2, sex="Q")])
    settings = RunSettings(sources=src, reports=tmp_path, cprs=tmp_path, out=tmp_path / "out")
    result = dg.materialize(dg.load_assets_from_modules([sources_assets]), resources=resources_for(settings),
                            raise_on_error=False)
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    pandera = evaluations[("validated_cm_child_journeys", "pandera")]
    assert not pandera.passed and pandera.severity == dg.AssetCheckSeverity.WARN  # half: handled, not broken
    assert result.success

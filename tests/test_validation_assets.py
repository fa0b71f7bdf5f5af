"""The sources assets materialise on a tmp folder: warehouse tables, quarantine CSVs, Data Docs, checks."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest
from adoption_audit.pipelines.resources import resources_for
from test_validation_helpers import application, journey, source_assets, write_rows

from adoption_audit.settings import RunSettings


def test_assets_materialise(tmp_path):
    src = tmp_path / "sources"
    # 13 of 25 rows fail: more than half of an extract big enough to judge
    write_rows(src / "northshire" / "2019-03-31" / "journeys.csv",
               [journey(n, sex="Q") if n <= 13 else journey(n) for n in range(1, 26)])
    write_rows(src / "northshire" / "2019-03-31" / "asf.csv", [application(1)])
    settings = RunSettings(sources=src, reports=tmp_path, cprs=tmp_path, out=tmp_path / "out")
    result = dg.materialize(source_assets(settings), resources=resources_for(settings),
                            raise_on_error=False)
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    pandera = evaluations[("validated_cm_child_journeys", "pandera")]
    # more than half the rows failed: the extract is broken, an error that blocks the metrics
    assert not pandera.passed and pandera.severity == dg.AssetCheckSeverity.ERROR
    assert pandera.metadata["quarantined_rows"].value == 13
    assert evaluations[("validated_cm_child_journeys", "rows_add_up")].passed
    assert evaluations[("validated_asf_ledger", "pandera")].passed
    assert evaluations[("validated_asf_ledger", "great_expectations")].passed
    out = tmp_path / "out"
    assert (out / "quarantine" / "northshire__2019-03-31__cm_child_journeys.csv").exists()
    assert (out / "data-docs" / "index.html").exists()
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from cm_child_journeys").fetchone()[0] == 12
        assert con.execute("select count(*) from quarantine").fetchone()[0] == 13
    metadata = str([e.metadata for e in evaluations.values()])
    assert "Tamsin" not in metadata and "Quillfeather" not in metadata


@pytest.mark.parametrize("rows", [[journey(1), journey(2, sex="Q")],  # half: handled, not broken
                                  [journey(1), journey(2, sex="Q"), journey(3, sex="Q")]])  # too few to judge
def test_a_few_quarantined_rows_warn_and_do_not_block(tmp_path, rows):
    src = tmp_path / "sources"
    write_rows(src / "northshire" / "2019-03-31" / "journeys.csv", rows)
    settings = RunSettings(sources=src, reports=tmp_path, cprs=tmp_path, out=tmp_path / "out")
    result = dg.materialize(source_assets(settings), resources=resources_for(settings),
                            raise_on_error=False)
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    pandera = evaluations[("validated_cm_child_journeys", "pandera")]
    assert not pandera.passed and pandera.severity == dg.AssetCheckSeverity.WARN
    assert result.success

"""The ``metrics`` and ``source_reconciliation`` assets materialise on a warehouse of validated tables."""

import json
from datetime import date

import dagster as dg
import duckdb
from adoption_audit.checks.metrics.warehouse import create_tables, insert_records
from adoption_audit.pipelines.assets import metrics as metrics_assets
from adoption_audit.pipelines.partitions import nightly_partitions
from adoption_audit.pipelines.resources import resources_for

from adoption_audit.settings import RunSettings

D = date


def _journey(child, ao):
    return {"journey_id": f"J{child}", "child_id": child, "local_authority": "westmoor", "sex": "M",
            "date_of_birth": D(2016, 4, 4), "ethnicity": "WBRI", "entered_care_date": D(2017, 1, 9),
            "placement_order_date": D(2017, 9, 1), "match_date": D(2017, 11, 1), "placed_date": D(2017, 12, 1),
            "adoption_order_date": ao, "placement_type": "IN_HOUSE"}


def _episodes(child, ao):
    return [{"CHILD": child, "DECOM": D(2017, 1, 9), "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1",
             "PLACE_PROVIDER": "PR1", "DEC": D(2017, 9, 1), "REC": "X1"},
            {"CHILD": child, "DECOM": D(2017, 9, 1), "RNE": "L", "LS": "E1", "CIN": "N1", "PLACE": "U1",
             "PLACE_PROVIDER": "PR1", "DEC": D(2017, 12, 1), "REC": "X1"},
            {"CHILD": child, "DECOM": D(2017, 12, 1), "RNE": "T", "LS": "E1", "CIN": "N1", "PLACE": "A6",
             "PLACE_PROVIDER": "PR1", "DEC": ao, "REC": "E11"}]


def _westmoor(tmp_path, acknowledgements=None):
    """A warehouse of one authority's validated rows: W1 in both systems (orders 3 days apart), W2 in case
    management only. Returns the settings and the figures' definitions for partition ``westmoor``."""
    settings = RunSettings(sources=tmp_path / "sources", reports=tmp_path / "reports", cprs=tmp_path / "cprs",
                           out=tmp_path / "out", authorities={"westmoor": None}, acknowledgements=acknowledgements)
    settings.out.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse)) as con:
        create_tables(con)
        insert_records(con, "cm_child_journeys", [_journey("W1", D(2018, 6, 1)), _journey("W2", D(2018, 7, 1))],
                       "westmoor", D(2019, 3, 31))
        insert_records(con, "ssda903_episodes", _episodes("W1", D(2018, 6, 4)), "westmoor", D(2019, 3, 31))
        insert_records(con, "ssda903_header", [{"CHILD": "W1", "SEX": "1", "DOB": D(2016, 4, 4), "ETHNIC": "WBRI"}],
                       "westmoor", D(2019, 3, 31))
    built = metrics_assets.build(nightly_partitions(settings.layout))  # one partition: westmoor
    return settings, dg.Definitions(assets=[a for a in built if not isinstance(a, dg.AssetChecksDefinition)],
                                    asset_checks=[a for a in built if isinstance(a, dg.AssetChecksDefinition)],
                                    resources=resources_for(settings))


def test_assets_materialise_and_checks_run(tmp_path):
    settings, defs = _westmoor(tmp_path)
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(partition_key="westmoor")
    assert result.success
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {"metrics_trace_to_events": True, "sources_agree": False}
    metadata = {m.asset_key.to_user_string(): m.step_materialization_data.materialization.metadata
                for m in result.get_asset_materialization_events()}
    assert metadata["source_reconciliation"]["findings_error"].value >= 2  # W2 missing, W1's order 3 days apart
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select value from metrics where metric = 'adoption_orders' and period = '2018-19' "
                           "and source = 'case_management' and breakdown is null").fetchone()[0] == 2
        messages = [r[0] for r in con.execute("select message from reconciliation_findings").fetchall()]
    assert any("W2" in m and "missing in the 903 return" in m for m in messages)
    assert any("differs by 3 days" in m for m in messages)


def test_acknowledged_reconciliation_errors_no_longer_fail(tmp_path):
    """An auditor acknowledges every error the reconciliation found (by fingerprint, as for the report
    audit): the check passes, the nightly summary's count leaves them out, the JSON marks them."""
    settings, defs = _westmoor(tmp_path / "first")
    assert defs.resolve_implicit_global_asset_job_def().execute_in_process(partition_key="westmoor").success
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        errors = [r[0] for r in con.execute("select fingerprint from reconciliation_findings "
                                            "where severity = 'error'").fetchall()]
    assert len(errors) >= 2
    acks = tmp_path / "acknowledgements.yaml"
    acks.write_text("acknowledgements:\n" + "".join(
        f"  {fp}:\n    by: A. Auditor\n    reason: Known data-entry lag, corrected in the next return.\n"
        for fp in errors), encoding="utf-8")
    settings, defs = _westmoor(tmp_path / "second", acknowledgements=acks)
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(partition_key="westmoor")
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["sources_agree"].passed and checks["sources_agree"].metadata["error_findings"].value == 0
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from reconciliation_findings where severity = 'error' "
                           "and acknowledged is null").fetchone()[0] == 0
    document = json.loads((settings.out / "reconciliation.json").read_text(encoding="utf-8"))
    marked = {f["fingerprint"] for f in document["findings"] if f["acknowledged"]}
    assert marked == set(errors)

"""The CPR assets: inbox partitions, the sensor, cpr_results, the readiness check, outputs and privacy."""

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from adoption_audit.pipelines.assets import cpr
from adoption_audit.pipelines.resources import resources_for

from adoption_audit.settings import RunSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cprs"
NAMES_IN_FIXTURES = ("Poppy", "Hargreaves", "Kayleigh", "Alfie", "Morton", "Amira", "Khan", "Reuben", "Isla",
                     "Kofi", "Mensah")


@pytest.fixture
def settings(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("complete_numbered.txt", "thin_health.txt", "complete_docx_bold.docx"):
        shutil.copy(FIXTURES / name, inbox / name)
    return RunSettings(sources=tmp_path, reports=tmp_path, cprs=inbox, out=tmp_path / "out")


def _results(settings):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute("select path, ready_for_adm, errors, warnings, issue_codes from cpr_results "
                           "order by path").fetchall()


def test_nightly_run_checks_the_whole_inbox(settings):
    result = dg.materialize([cpr.cpr_qa, cpr.cpr_summary], resources=resources_for(settings), raise_on_error=False)
    assert result.success
    rows = _results(settings)
    assert [(r[0], r[1]) for r in rows] == [("complete_docx_bold.docx", True), ("complete_numbered.txt", True),
                                            ("thin_health.txt", False)]
    assert "thin_section:health" in rows[2][4]
    (check,) = result.get_asset_check_evaluations()
    assert check.check_name == cpr.READY_CHECK and not check.passed
    assert check.metadata["not_ready"].value == 1 and check.metadata["ready"].value == 2
    summary = json.loads((settings.out / "cpr-qa-summary.json").read_text())
    assert summary["checked"] == 3 and summary["ready"] == 2
    assert summary["most_common_gaps"] == [{"gap": "thin_section:health", "cprs": 1}]
    qa = json.loads((settings.out / "cpr-qa.json").read_text())
    assert len(qa["documents"]) == 3 and qa["run"]["inputs"][0]["path"] == "complete_docx_bold.docx"
    assert (settings.out / "cpr-qa.html").exists()


def test_metadata_and_summary_carry_no_names(settings):
    result = dg.materialize([cpr.cpr_qa, cpr.cpr_summary], resources=resources_for(settings), raise_on_error=False)
    metadata = [str(e.materialization.metadata) for e in result.get_asset_materialization_events()]
    metadata += [str(e.metadata) for e in result.get_asset_check_evaluations()]
    metadata.append((settings.out / "cpr-qa-summary.json").read_text())
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        metadata.append(str(con.execute("select * from cpr_results").fetchall()))
    for text in metadata:
        for name in NAMES_IN_FIXTURES:
            assert name not in text


def test_one_partition_checks_one_cpr_and_keeps_the_others(settings):
    resources = resources_for(settings)
    dg.materialize([cpr.cpr_qa], resources=resources, raise_on_error=False)
    keys = cpr.inbox_files(settings.cprs)
    key = next(k for k, (_, shown) in keys.items() if shown == "thin_health.txt")
    (settings.cprs / "thin_health.txt").write_text(
        (FIXTURES / "complete_caps.txt").read_text(encoding="utf-8"), encoding="utf-8")  # corrected
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(cpr.cpr_files.name, list(keys))
    result = dg.materialize([cpr.cpr_qa], resources=resources, partition_key=key, instance=instance,
                            raise_on_error=False)
    assert result.success
    (check,) = result.get_asset_check_evaluations()
    assert check.passed and check.metadata["cprs_checked"].value == 1
    assert [(r[0], r[1]) for r in _results(settings)] == [
        ("complete_docx_bold.docx", True), ("complete_numbered.txt", True), ("thin_health.txt", True)]


def test_sensor_adds_partitions_for_new_and_runs_changed_files(settings):
    instance = dg.DagsterInstance.ephemeral()
    resources = resources_for(settings)
    context = dg.build_sensor_context(instance=instance, resources=resources)
    first = cpr.cpr_inbox_sensor(context)
    assert len(first.run_requests) == 3
    (add,) = first.dynamic_partitions_requests
    assert sorted(add.partition_keys) == sorted(cpr.inbox_files(settings.cprs))
    assert all(key.startswith("cpr-") for key in add.partition_keys)  # opaque: file names can name children
    instance.add_dynamic_partitions(cpr.cpr_files.name, list(add.partition_keys))

    shutil.copy(FIXTURES / "missing_siblings.md", settings.cprs / "new.md")
    second = cpr.cpr_inbox_sensor(dg.build_sensor_context(instance=instance, resources=resources,
                                                          cursor=first.cursor))
    new_key = cpr.partition_key("new.md")
    assert [r.partition_key for r in second.run_requests] == [new_key]
    assert second.dynamic_partitions_requests[0].partition_keys == [new_key]

    third = cpr.cpr_inbox_sensor(dg.build_sensor_context(instance=instance, resources=resources,
                                                         cursor=second.cursor))
    assert not third.run_requests  # nothing new, nothing changed

"""Partitions by authority x collection year, driven the way the daemon drives them (issue 8).

The schedule's run requests are executed as the daemon would launch them, then the automation
conditions are evaluated (as the ``nightly_follow_on`` sensor does) and what they request is executed:
the figures for the authorities the sources changed, then the documents.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest
from adoption_audit.checks.validation import SourceLayout, SourcePartition
from adoption_audit.pipelines.assets import cpr, reports
from adoption_audit.pipelines.definitions import build_definitions
from adoption_audit.pipelines.freshness import NIGHTLY_OUTPUTS

from adoption_audit.errors import ConfigError
from adoption_audit.paths import FIXTURES
from adoption_audit.settings import RunSettings

AUTHORITIES, YEARS = ("eastvale", "northshire"), ("2023-24", "2024-25")
NIGHT = datetime(2026, 11, 24, 2, 0, tzinfo=ZoneInfo("Europe/London"))


def two_by_two(tmp_path) -> RunSettings:
    (tmp_path / "reports").mkdir()
    (tmp_path / "cprs").mkdir()
    return RunSettings(sources=FIXTURES / "sources", reports=tmp_path / "reports", cprs=tmp_path / "cprs",
                       out=tmp_path / "out", authorities=dict.fromkeys(AUTHORITIES), years=YEARS)


def query(settings: RunSettings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def requested(evaluation, key: str) -> set:
    return set(evaluation.get_requested_partitions(dg.AssetKey(key)))


@pytest.fixture(scope="module")
def scheduled_night(tmp_path_factory):
    """Two authorities x two years (of the fixtures' three x three) through the schedule's run requests,
    then the figures and documents the automation conditions ask for."""
    tmp_path = tmp_path_factory.mktemp("partitions")
    settings = two_by_two(tmp_path)
    defs = build_definitions(settings)
    schedule = defs.get_schedule_def("nightly_reconciliation")
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=NIGHT,
                                            repository_def=defs.get_repository_def(), resources=defs.resources)
        requests = schedule.evaluate_tick(context).run_requests
        cursor = dg.evaluate_automation_conditions(defs=defs, instance=instance).cursor
        sources_job = defs.resolve_job_def(schedule.job_name)
        source_runs = [sources_job.execute_in_process(partition_key=r.partition_key, tags=r.tags, instance=instance,
                                                      asset_selection=r.asset_selection, raise_on_error=False)
                       for r in requests]
        after_sources = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=cursor)
        figure_runs = [defs.resolve_job_def("nightly_figures").execute_in_process(
            partition_key=authority, instance=instance, raise_on_error=False)
            for authority in sorted(requested(after_sources, "metrics"))]
        after_figures = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=after_sources.cursor)
        materialised = {key: set(instance.get_materialized_partitions(dg.AssetKey(key)))
                        for key in ("validated_ssda903_episodes", "quarantine", "metrics", "source_reconciliation")}
    return {"settings": settings, "requests": requests, "source_runs": source_runs, "figure_runs": figure_runs,
            "after_sources": after_sources, "after_figures": after_figures, "materialised": materialised}


def test_schedule_requests_one_run_per_authority_and_year(scheduled_night):
    requests = scheduled_night["requests"]
    keys = {r.partition_key for r in requests}
    assert keys == {f"{a}|{y}" for a in AUTHORITIES for y in YEARS}
    assert len({r.run_key for r in requests}) == 4 and all("2026-11-24" in r.run_key for r in requests)


def test_source_partitions_write_only_their_own_rows(scheduled_night):
    settings = scheduled_night["settings"]
    assert all(run.success for run in scheduled_night["source_runs"])
    assert scheduled_night["materialised"]["validated_ssda903_episodes"] == {f"{a}|{y}" for a in AUTHORITIES
                                                                             for y in YEARS}
    extracts = set(query(settings, "select authority, strftime(extract_date, '%Y-%m-%d') from extracts"))
    # Extracts dated 31 March 2024 and 2025 are the 2023-24 and 2024-25 returns; westmoor and 2022-23 are
    # not configured, so not read.
    assert extracts == {(a, d) for a in AUTHORITIES for d in ("2024-03-31", "2025-03-31")}
    for table in ("ssda903_episodes", "cm_child_journeys", "raw_files", "quarantine"):
        assert set(query(settings, f"select distinct authority from {table}")) == {(a,) for a in AUTHORITIES}, table


def test_source_checks_ran_per_partition(scheduled_night):
    for run in scheduled_night["source_runs"]:
        evaluations = run.get_asset_check_evaluations()
        by_name = {(e.asset_key.to_user_string(), e.check_name): e for e in evaluations}
        assert by_name[("validated_ssda903_episodes", "rows_add_up")].passed
        assert {name for _, name in by_name} >= {"pandera", "great_expectations", "rows_add_up", "dfe903_rules"}
        # The DfE rules judge the partition's own return, not every return validated so far.
        assert by_name[("validated_ssda903_episodes", "dfe903_rules")].metadata["returns_checked"].value == 1


def test_automation_asks_for_the_changed_authorities_then_the_documents(scheduled_night):
    after_sources, after_figures = scheduled_night["after_sources"], scheduled_night["after_figures"]
    assert requested(after_sources, "metrics") == set(AUTHORITIES)
    assert requested(after_sources, "source_coverage") == {None}
    assert not requested(after_sources, "findings")  # the figures it reads are not there yet
    assert all(run.success for run in scheduled_night["figure_runs"])
    assert scheduled_night["materialised"]["metrics"] == set(AUTHORITIES)
    assert requested(after_figures, "source_reconciliation") == set()  # ran in the same figures runs
    assert scheduled_night["materialised"]["source_reconciliation"] == set(AUTHORITIES)


def test_figures_hold_each_authority_once_and_checks_judge_their_own(scheduled_night):
    settings = scheduled_night["settings"]
    assert set(query(settings, "select distinct authority from metrics")) == {(a,) for a in AUTHORITIES}
    duplicated = query(settings, """select metric, authority, period, source, breakdown, count(*) from metrics
                                    group by all having count(*) > 1""")
    assert not duplicated
    for run in scheduled_night["figure_runs"]:
        agree = [e for e in run.get_asset_check_evaluations() if e.check_name == "sources_agree"]
        authority = run.dagster_run.tags["dagster/partition"]
        errors = query(settings, "select count(*) from reconciliation_findings where severity = 'error' "
                                 f"and entity = '{authority}'")[0][0]
        assert agree and agree[0].metadata["error_findings"].value == errors


def test_same_source_partition_twice_leaves_other_partitions_alone(tmp_path):
    settings = two_by_two(tmp_path)
    defs = build_definitions(settings)
    job = defs.resolve_job_def("nightly_sources")

    def tables() -> dict:
        return {t: sorted(map(repr, query(settings, f"select * from {t}")))
                for t in ("ssda903_episodes", "quarantine", "extracts", "raw_files")}

    with dg.instance_for_test() as instance:
        for key in ("eastvale|2024-25", "northshire|2024-25"):
            assert job.execute_in_process(partition_key=key, instance=instance).success
        before = tables()
        assert job.execute_in_process(partition_key="eastvale|2024-25", instance=instance).success
        after = tables()
    assert before == after
    assert len({row for row in before["extracts"]}) == 2 * 9  # two returns of nine extracts each


def test_quarantine_csvs_of_other_partitions_survive_a_partition_run(tmp_path):
    settings = two_by_two(tmp_path)
    job = build_definitions(settings).resolve_job_def("nightly_sources")
    with dg.instance_for_test() as instance:
        for key in ("eastvale|2024-25", "northshire|2024-25", "eastvale|2024-25"):
            assert job.execute_in_process(partition_key=key, instance=instance).success
    names = sorted(p.name for p in (settings.out / "quarantine").glob("*.csv"))
    assert {n.split("__")[0] for n in names} == set(AUTHORITIES)
    assert all("__2025-03-31__" in n for n in names)


def test_report_sensor_runs_new_and_changed_documents_and_the_claims(tmp_path):
    settings = two_by_two(tmp_path)
    first = sorted((FIXTURES / "reports").glob("*.txt"))[:2]
    shutil.copy(first[0], settings.reports / first[0].name)
    defs = build_definitions(settings)
    sensor = defs.get_sensor_def("new_report_files")
    with dg.instance_for_test() as instance:
        def tick(cursor):
            context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs, resources=defs.resources)
            return sensor(context)

        def launched(result) -> set:
            return {(r.asset_selection[0].to_user_string(), r.partition_key) for r in result.run_requests}

        one = tick(None)
        assert launched(one) == {("report_inventory", first[0].name), ("report_claims", None)}
        assert one.dynamic_partitions_requests[0].partition_keys == [first[0].name]
        instance.add_dynamic_partitions("report_documents", [first[0].name])
        assets = {"report_inventory": reports.report_inventory, "report_claims": reports.report_claims}
        for request in one.run_requests:  # execute them, as the daemon would
            asset = assets[request.asset_selection[0].to_user_string()]
            assert dg.materialize([asset], partition_key=request.partition_key, instance=instance,
                                  resources=defs.resources).success
        assert query(settings, "select path from report_documents") == [(first[0].name,)]
        assert not tick(one.cursor).run_requests  # nothing new: nothing launched
        shutil.copy(first[1], settings.reports / first[1].name)
        (settings.reports / first[0].name).write_text("A corrected report.\n", encoding="utf-8")
        two = tick(one.cursor)
        assert launched(two) == {("report_inventory", first[0].name), ("report_inventory", first[1].name),
                                 ("report_claims", None)}
        assert two.dynamic_partitions_requests[0].partition_keys == [first[1].name]


def test_cpr_sensor_runs_only_new_or_changed_cprs(tmp_path):
    settings = two_by_two(tmp_path)
    names = sorted(p.name for p in (FIXTURES / "cprs").glob("*.txt"))[:2]
    shutil.copy(FIXTURES / "cprs" / names[0], settings.cprs / names[0])
    defs = build_definitions(settings)
    sensor = defs.get_sensor_def("cpr_inbox_sensor")
    with dg.instance_for_test() as instance:
        one = sensor(dg.build_sensor_context(instance=instance, cursor=None, definitions=defs, resources=defs.resources))
        assert len(one.run_requests) == 1
        instance.add_dynamic_partitions("cpr_files", one.dynamic_partitions_requests[0].partition_keys)
        request = one.run_requests[0]
        result = dg.materialize([cpr.cpr_qa], partition_key=request.partition_key, instance=instance,
                                resources=defs.resources)
        assert result.success
        assert query(settings, "select count(*) from cpr_results")[0][0] == 1
        shutil.copy(FIXTURES / "cprs" / names[1], settings.cprs / names[1])
        two = sensor(dg.build_sensor_context(instance=instance, cursor=one.cursor, definitions=defs, resources=defs.resources))
        assert [r.partition_key for r in two.run_requests] == two.dynamic_partitions_requests[0].partition_keys
        assert request.partition_key not in {r.partition_key for r in two.run_requests}


def test_freshness_policy_on_every_nightly_output(tmp_path):
    graph = build_definitions(two_by_two(tmp_path)).get_repository_def().asset_graph
    fresh = {key for key in graph.get_all_asset_keys() if graph.get(key).freshness_policy is not None}
    assert fresh == set(NIGHTLY_OUTPUTS)
    policy = graph.get(dg.AssetKey("metrics")).freshness_policy
    assert policy.deadline_cron == "0 7 * * *" and policy.timezone == "Europe/London"


def test_layout_places_every_file_and_lists_the_rest(tmp_path):
    root = tmp_path / "sources"
    for folder in ("north/2024-03-31", "north/2025-06-30", "north/misc", "south/2025-03-31"):
        (root / folder).mkdir(parents=True)
        (root / folder / "episodes.csv").write_text("CHILD\n1\n", encoding="utf-8")
    own = tmp_path / "elsewhere"
    (own / "2025-03-31").mkdir(parents=True)
    (own / "2025-03-31" / "header.csv").write_text("CHILD\n1\n", encoding="utf-8")
    found = SourceLayout(root)
    assert found.authorities() == ["north", "south"]
    assert found.collection_years() == ["2023-24", "2024-25"]
    assert [f.relative for f in found.outside()] == ["north/misc/episodes.csv"]
    listed = SourceLayout(root, {"north": None, "west": own}, ("2024-25",))
    assert [f.relative for f in listed.files()] == ["north/2024-03-31/episodes.csv", "north/2025-06-30/episodes.csv",
                                                     "north/misc/episodes.csv", "west/2025-03-31/header.csv"]
    assert [f.relative for f in listed.partition_files(SourcePartition("north", "2024-25"))] == [
        "north/2025-06-30/episodes.csv"]
    assert {f.relative for f in listed.outside()} == {"north/2024-03-31/episodes.csv", "north/misc/episodes.csv"}


def test_config_lists_authorities_with_their_own_folders(tmp_path):
    own = tmp_path / "north-903"
    own.mkdir()
    config = tmp_path / "run.yaml"
    config.write_text(f"authorities:\n  - south\n  - code: north\n    sources: {own}\nyears: [2024-25]\n",
                      encoding="utf-8")
    settings = RunSettings.load(config)
    assert settings.authorities == {"south": None, "north": own}
    assert settings.years == ("2024-25",)
    config.write_text("authorities:\n  - 'bad code'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="authority code"):
        RunSettings.load(config)
    config.write_text("years: [2024]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="collection year"):
        RunSettings.load(config)


def test_a_broken_extract_stops_its_authority_only(tmp_path, monkeypatch):
    """13 of 25 journeys quarantined: the partition's blocking check fails. That authority gets no figures
    tonight; the other authority's figures and the documents still run, and the run exits 1."""
    from adoption_audit.pipelines.nightly import run_nightly
    from test_validation_helpers import journey, write_rows

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    sources = tmp_path / "sources"
    write_rows(sources / "north" / "2025-03-31" / "journeys.csv",
               [journey(n, sex="Q") if n <= 13 else journey(n) for n in range(1, 26)])
    write_rows(sources / "south" / "2025-03-31" / "journeys.csv", [journey(n) for n in range(1, 26)])
    settings = RunSettings(sources=sources, reports=FIXTURES / "reports", cprs=tmp_path / "cprs", out=tmp_path / "out")
    (tmp_path / "cprs").mkdir()
    summary = run_nightly(settings)
    assert summary.skipped == ["nightly_figures (north)"]
    assert not summary.success and summary.exit_code == 1
    assert "validated_cm_child_journeys:pandera (north|2024-25)" in summary.checks_failed
    assert len(summary.run_ids) == 4  # two source partitions, south's figures, the documents
    assert set(query(settings, "select distinct authority from metrics")) == {("south",)}
    assert (settings.out / "findings.json").exists() and (settings.out / "cpr-qa-summary.json").exists()
    # The next night the broken partition runs (and stops its authority) again: no fingerprint was kept
    # for it, so it is never passed over as unchanged while it is broken. The good one is passed over.
    again = run_nightly(settings)
    assert again.unchanged == 1 and again.skipped == ["nightly_figures (north)"] and again.exit_code == 1


def test_only_changed_partitions_run_again(tmp_path, monkeypatch):
    """A second night with nothing changed re-validates nothing; a changed extract re-validates its own
    partition and its authority's figures only; the schedule asks for the same."""
    from adoption_audit.checks.validation.fingerprint import changed_partitions
    from adoption_audit.pipelines.nightly import run_nightly

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    sources = tmp_path / "sources"
    for day in ("2024-03-31", "2025-03-31"):
        shutil.copytree(FIXTURES / "sources" / "eastvale" / day, sources / "eastvale" / day)
    settings = RunSettings(sources=sources, reports=tmp_path / "reports", cprs=tmp_path / "cprs", out=tmp_path / "out")
    (tmp_path / "reports").mkdir()
    (tmp_path / "cprs").mkdir()
    first = run_nightly(settings)
    assert len(first.run_ids) == 4 and first.unchanged == 0  # two years, the authority's figures, documents
    front = (settings.out / "data-docs" / "index.html").read_text(encoding="utf-8")
    assert 'href="eastvale/2023-24/index.html"' in front and 'href="eastvale/2024-25/index.html"' in front
    quiet = run_nightly(settings)
    assert len(quiet.run_ids) == 1 and quiet.unchanged == 2  # the documents only
    panel = sources / "eastvale" / "2025-03-31" / "panel_log.csv"
    panel.write_bytes(panel.read_bytes() + panel.read_bytes().splitlines(keepends=True)[-1])  # a row resent
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert [p.key for p in changed_partitions(settings.layout, con)] == ["eastvale|2024-25"]
    defs = build_definitions(settings)
    schedule = defs.get_schedule_def("nightly_reconciliation")
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=NIGHT,
                                            repository_def=defs.get_repository_def(), resources=defs.resources)
        assert [r.partition_key for r in schedule.evaluate_tick(context).run_requests] == ["eastvale|2024-25"]
    changed = run_nightly(settings)
    assert len(changed.run_ids) == 3 and changed.unchanged == 1
    everything = run_nightly(settings, everything=True)
    assert len(everything.run_ids) == 4

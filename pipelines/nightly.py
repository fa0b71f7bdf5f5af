"""Run the nightly job in process on one Dagster instance and summarise what it did.

``adoption-audit run`` is a thin caller of :func:`run_nightly`; the summary is read from the run's own
events (assets materialised, checks passed and failed) and from the warehouse tables the assets wrote
(findings by severity, CPRs ready or not), so it reports what happened rather than what was intended.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from adoption_audit.paths import PROJECT_ROOT, dagster_home
from adoption_audit.settings import RunSettings


@dataclass
class NightlySummary:
    success: bool
    run_id: str
    assets_materialised: int
    checks_passed: int
    checks_failed: list[str] = field(default_factory=list)  # error severity: these fail the run's exit code
    checks_warned: list[str] = field(default_factory=list)  # warning severity: shown, not failing
    findings_by_severity: dict[str, int] = field(default_factory=dict)  # the report audit
    reconciliation_by_severity: dict[str, int] = field(default_factory=dict)  # case management vs 903
    cprs_ready: int | None = None
    cprs_not_ready: int | None = None
    quarantined_rows: int | None = None
    out: Path | None = None

    @property
    def exit_code(self) -> int:
        """The contract: 1 when any error finding or CPR not ready, else 0. A failed run or a failed
        error-severity check also exits 1: Dagster itself marks such a run a success unless the check
        blocks, and a nightly scheduler must see it."""
        if not self.success or self.checks_failed:
            return 1
        errors = self.findings_by_severity.get("error", 0) + self.reconciliation_by_severity.get("error", 0)
        if errors or self.cprs_not_ready:
            return 1
        return 0


def prepare_instance() -> dg.DagsterInstance:
    """The local instance under ``DAGSTER_HOME``, configured by the project's ``dagster.yaml``."""
    home = dagster_home()
    project_yaml = PROJECT_ROOT / "dagster.yaml"
    if project_yaml.exists() and not (home / "dagster.yaml").exists():
        shutil.copyfile(project_yaml, home / "dagster.yaml")
    return dg.DagsterInstance.get()


# The event log keeps every event (the UI shows them); the terminal shows only Dagster's warnings.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}

StepProgress = Callable[[str, int, int], None]  # (step key, steps finished, steps in the run)

STEP_DONE = (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.STEP_SKIPPED)


def run_nightly(settings: RunSettings, on_step: StepProgress | None = None) -> NightlySummary:
    """Execute the nightly job in process; ``on_step`` is told as each step finishes (for a progress bar)."""
    from adoption_audit.pipelines.definitions import build_definitions

    defs = build_definitions(settings)
    job = defs.resolve_job_def("nightly")
    steps = len(job.graph.nodes)
    with prepare_instance() as instance:
        run_id = str(uuid.uuid4())  # known before the run starts, so its events can be followed
        outcome: dict = {}
        worker = threading.Thread(
            target=lambda: outcome.update(result=job.execute_in_process(
                instance=instance, raise_on_error=False, run_id=run_id, run_config=QUIET_CONSOLE)),
            name="nightly-run")
        worker.start()
        if on_step:
            _follow_steps(instance, run_id, worker, steps, on_step)
        worker.join()
        result = outcome["result"]
        evaluations = result.get_asset_check_evaluations()
        summary = NightlySummary(
            success=result.success,
            run_id=result.run_id,
            assets_materialised=len(result.get_asset_materialization_events()),
            checks_passed=sum(1 for e in evaluations if e.passed),
            checks_failed=_failed(evaluations, dg.AssetCheckSeverity.ERROR),
            checks_warned=_failed(evaluations, dg.AssetCheckSeverity.WARN),
            out=settings.out,
        )
    _add_warehouse_counts(summary, settings.warehouse)
    return summary


def _failed(evaluations, severity: dg.AssetCheckSeverity) -> list[str]:
    return sorted(f"{e.asset_key.to_user_string()}:{e.check_name}" for e in evaluations
                  if not e.passed and e.severity == severity)


def _follow_steps(instance: dg.DagsterInstance, run_id: str, worker: threading.Thread, steps: int,
                  on_step: StepProgress) -> None:
    """Report finished steps from the run's event log while the run executes in ``worker``."""
    seen: set[str] = set()
    while True:
        alive = worker.is_alive()
        for event_type in STEP_DONE:
            for record in instance.get_records_for_run(run_id, of_type=event_type, limit=10_000).records:
                key = record.event_log_entry.step_key
                if key and key not in seen:
                    seen.add(key)
                    on_step(key, len(seen), max(steps, len(seen)))
        if not alive:
            return
        time.sleep(0.2)


def _add_warehouse_counts(summary: NightlySummary, warehouse: Path) -> None:
    if not warehouse.exists():
        return
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
        if "findings" in tables:
            summary.findings_by_severity = dict(con.execute(
                "select severity, count(*) from findings where acknowledged is null group by 1").fetchall())
        if "reconciliation_findings" in tables:
            summary.reconciliation_by_severity = dict(con.execute(
                "select severity, count(*) from reconciliation_findings group by 1").fetchall())
        if "cpr_results" in tables:
            ready, not_ready = con.execute(
                "select count(*) filter (where ready_for_adm), count(*) filter (where not ready_for_adm) "
                "from cpr_results").fetchone()
            summary.cprs_ready, summary.cprs_not_ready = ready, not_ready
        if "quarantine" in tables:
            summary.quarantined_rows = con.execute("select count(*) from quarantine").fetchone()[0]

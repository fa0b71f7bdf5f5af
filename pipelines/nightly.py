"""Run the nightly stages on one Dagster instance and summarise what they did.

``adoption-audit run`` is a thin caller of :func:`run_nightly`. The nightly run is three stage jobs
(:mod:`.jobs`): one ``nightly_sources`` run per authority and collection year, one ``nightly_figures``
run per authority, then one ``nightly_documents`` run. They execute in this order, each stage after the
last has finished, as the schedule and the automation sensor run them under the daemon. A failed source
partition keeps its authority's figures from running that night; the others, and the documents, go on. With
``workers`` above 1 the runs of a stage execute in that many processes at once (parallel partitions);
otherwise one after the other in this process, with a progress bar per step.

The summary is read from the runs' own events (assets materialised, checks passed and failed) and from
the warehouse tables the assets wrote (findings by severity, CPRs ready or not), so it reports what
happened rather than what was intended.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
from adoption_audit.checks.duckdb_tables import column_names, table_names
from adoption_audit.checks.validation.layout import SourceLayout

from adoption_audit.paths import PROJECT_ROOT, dagster_home
from adoption_audit.settings import RunSettings


@dataclass
class NightlySummary:
    success: bool
    run_id: str  # the last stage's run
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
    run_ids: list[str] = field(default_factory=list)  # every run, in the order they were started
    unchanged: int = 0  # source partitions not re-validated: their extracts had not changed
    skipped: list[str] = field(default_factory=list)  # runs not started: their authority's sources failed

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


@dataclass(frozen=True)
class PlannedRun:
    job: str
    partition: str | None  # None: the stage is not partitioned


def _changed_only(stages: list[list[PlannedRun]], settings: RunSettings) -> list[list[PlannedRun]]:
    from adoption_audit.checks.validation.fingerprint import changed_partitions

    con = duckdb.connect(str(settings.warehouse), read_only=True) if settings.warehouse.exists() else None
    try:
        changed = changed_partitions(settings.layout, con)
    finally:
        if con is not None:
            con.close()
    keys, authorities = {p.key for p in changed}, {p.authority for p in changed}
    return [[run for run in stage if run.partition is None
             or (run.job == "nightly_sources" and run.partition in keys)
             or (run.job == "nightly_figures" and run.partition in authorities)]
            for stage in stages]


def _needs_blocked_authority(run: PlannedRun, blocked: set[str]) -> bool:
    """An authority whose source partition failed (a blocking check: the extract is broken) gets no
    figures tonight: they would mix this year's broken extract with last night's rows. Its previous figures
    stay, shown stale by the freshness policy; every other authority, and the documents, go on."""
    return run.job == "nightly_figures" and run.partition in blocked


def _blocked_by(run: PlannedRun, success: bool) -> set[str]:
    """The authority a run blocks: that of a failed source partition (none otherwise)."""
    if success or run.job != "nightly_sources" or not run.partition:
        return set()
    return {SourceLayout.partition_of(run.partition).authority}


def nightly_plan(defs: dg.Definitions) -> list[list[PlannedRun]]:
    """The nightly run's stages, each the runs it takes: every partition of the stage's job."""
    from adoption_audit.pipelines.jobs import STAGE_NAMES

    stages = []
    for name in STAGE_NAMES:
        partitions = defs.resolve_job_def(name).partitions_def
        if isinstance(partitions, (dg.MultiPartitionsDefinition, dg.StaticPartitionsDefinition)):
            stages.append([PlannedRun(name, key) for key in partitions.get_partition_keys()])
        else:  # not partitioned, or per CPR (dynamic): one run over everything
            stages.append([PlannedRun(name, None)])
    return stages


@dataclass
class RunOutcome:
    run_id: str
    success: bool
    materialised: int
    evaluations: list  # (check name, passed, severity name)


def run_nightly(settings: RunSettings, on_step: StepProgress | None = None, workers: int = 1,
                everything: bool = False) -> NightlySummary:
    """Execute the nightly stages; ``on_step`` is told as each step finishes (for a progress bar).

    Only the source partitions whose extracts (or the validation code) changed since they were last
    validated into this warehouse run, and the figures of their authorities; ``everything`` runs them all.
    The documents stage always runs: reports and CPRs are read whole each time."""
    from adoption_audit.pipelines.definitions import build_definitions

    defs = build_definitions(settings)
    stages = everything_planned = nightly_plan(defs)
    if not everything:
        stages = _changed_only(stages, settings)
    steps = sum(len(defs.resolve_job_def(run.job).graph.nodes) for stage in stages for run in stage)
    outcomes: list[RunOutcome] = []
    unchanged = len(everything_planned[0]) - len(stages[0]) if stages else 0
    blocked: set[str] = set()  # authorities with a failed source partition
    skipped: list[str] = []
    progress = _Progress(steps, on_step)
    with prepare_instance() as instance:
        for stage in stages:
            runs = [run for run in stage if not _needs_blocked_authority(run, blocked)]
            skipped += [f"{run.job} ({run.partition})" for run in stage if run not in runs]
            if workers > 1 and len(runs) > 1:
                done = _run_parallel(settings, runs, workers, progress)
            else:
                done = [_run_in_process(defs, run, instance, progress) for run in runs]
            outcomes += done
            for run, outcome in zip(runs, done, strict=True):
                blocked |= _blocked_by(run, outcome.success)
    evaluations = [e for o in outcomes for e in o.evaluations]
    summary = NightlySummary(
        success=bool(outcomes) and all(o.success for o in outcomes) and not skipped,
        skipped=skipped, unchanged=unchanged,
        run_id=outcomes[-1].run_id if outcomes else "",
        run_ids=[o.run_id for o in outcomes],
        assets_materialised=sum(o.materialised for o in outcomes),
        checks_passed=sum(1 for _, passed, _ in evaluations if passed),
        checks_failed=_failed(evaluations, dg.AssetCheckSeverity.ERROR),
        checks_warned=_failed(evaluations, dg.AssetCheckSeverity.WARN),
        out=settings.out,
    )
    _add_warehouse_counts(summary, settings.warehouse)
    return summary


@dataclass
class LaunchedRun:
    planned: PlannedRun
    run_id: str
    success: bool


def launch_nightly(instance: dg.DagsterInstance) -> list[LaunchedRun]:
    """The nightly stages as launched runs: ``dg.execute_job`` on each stage's reconstructable job, so the
    steps execute on the executor ``ADOPTION_AUDIT_EXECUTOR`` names (other processes, Celery workers), as
    the daemon's runs do. Settings come from the environment, as in a launched run. An authority whose
    source partition failed gets no figures, as in :func:`run_nightly`."""
    from adoption_audit.pipelines import definitions

    defs = definitions.build_definitions(RunSettings.load())
    launched: list[LaunchedRun] = []
    blocked: set[str] = set()
    for stage in nightly_plan(defs):
        for planned in stage:
            if _needs_blocked_authority(planned, blocked):
                continue
            partitions = defs.resolve_job_def(planned.job).partitions_def
            tags = partitions.get_tags_for_partition_key(planned.partition) if planned.partition else {}
            target = dg.reconstructable(getattr(definitions, planned.job))
            with dg.execute_job(target, instance, tags=tags, raise_on_error=False) as result:
                launched.append(LaunchedRun(planned, result.run_id, result.success))
            blocked |= _blocked_by(planned, result.success)
    return launched


class _Progress:
    """Counts finished steps across every run of the nightly, for one progress bar."""

    def __init__(self, total: int, on_step: StepProgress | None):
        self.total, self.done, self.on_step = total, 0, on_step

    def step(self, key: str) -> None:
        self.done += 1
        if self.on_step:
            self.on_step(key, self.done, max(self.total, self.done))


def _run_in_process(defs: dg.Definitions, planned: PlannedRun, instance: dg.DagsterInstance,
                    progress: _Progress) -> RunOutcome:
    job = defs.resolve_job_def(planned.job)
    run_id = str(uuid.uuid4())  # known before the run starts, so its events can be followed
    outcome: dict = {}
    worker = threading.Thread(
        target=lambda: outcome.update(result=job.execute_in_process(
            instance=instance, raise_on_error=False, run_id=run_id, run_config=QUIET_CONSOLE,
            partition_key=planned.partition)),
        name=f"nightly-{planned.job}")
    worker.start()
    label = f" ({planned.partition})" if planned.partition else ""
    _follow_steps(instance, run_id, worker, lambda key: progress.step(key + label))
    worker.join()
    return _outcome(outcome["result"], planned)


def _outcome(result, planned: PlannedRun) -> RunOutcome:
    where = f" ({planned.partition})" if planned.partition else ""
    return RunOutcome(result.run_id, result.success, len(result.get_asset_materialization_events()),
                      [(f"{e.asset_key.to_user_string()}:{e.check_name}{where}", e.passed, e.severity.value)
                       for e in result.get_asset_check_evaluations()])


_WORKER_DEFS: dict = {}


def _start_worker(settings: RunSettings) -> None:
    from adoption_audit.pipelines.definitions import build_definitions

    _WORKER_DEFS["defs"] = build_definitions(settings)


def _run_in_worker(planned: PlannedRun) -> tuple[RunOutcome, int]:
    """One partition's run in a worker process, on the same instance (``DAGSTER_HOME``) and warehouse."""
    job = _WORKER_DEFS["defs"].resolve_job_def(planned.job)
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET_CONSOLE,
                                        partition_key=planned.partition)
    return _outcome(result, planned), len(job.graph.nodes)


def _run_parallel(settings: RunSettings, stage: list[PlannedRun], workers: int,
                  progress: _Progress) -> list[RunOutcome]:
    """A stage's runs in ``workers`` processes at once; progress moves as each run finishes. The DuckDB
    warehouse takes one writer at a time (the resource waits for the lock), so runs overlap their reading,
    validating and computing, and take turns to write."""
    import multiprocessing

    outcomes = []  # each worker opens the instance itself, from DAGSTER_HOME
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker, initargs=(settings,)) as pool:
        for outcome, steps in pool.map(_run_in_worker, stage):
            outcomes.append(outcome)
            for _ in range(steps):
                progress.step(f"{stage[0].job} ({len(outcomes)}/{len(stage)})")
    return outcomes


def _failed(evaluations: list, severity: dg.AssetCheckSeverity) -> list[str]:
    return sorted(name for name, passed, level in evaluations if not passed and level == severity.value)


def _follow_steps(instance: dg.DagsterInstance, run_id: str, worker: threading.Thread,
                  on_step: Callable[[str], None]) -> None:
    """Report finished steps from the run's event log while the run executes in ``worker``."""
    seen: set[str] = set()
    while True:
        alive = worker.is_alive()
        for event_type in STEP_DONE:
            for record in instance.get_records_for_run(run_id, of_type=event_type, limit=10_000).records:
                key = record.event_log_entry.step_key
                if key and key not in seen:
                    seen.add(key)
                    on_step(key)
        if not alive:
            return
        time.sleep(0.2)


def _add_warehouse_counts(summary: NightlySummary, warehouse: Path) -> None:
    if not warehouse.exists():
        return
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = table_names(con)
        if "findings" in tables:
            summary.findings_by_severity = dict(con.execute(
                "select severity, count(*) from findings where acknowledged is null group by 1").fetchall())
        if "reconciliation_findings" in tables:
            # A warehouse from before acknowledgements applied to reconciliation has no such column.
            unacknowledged = ("where acknowledged is null"
                              if "acknowledged" in column_names(con, "reconciliation_findings") else "")
            summary.reconciliation_by_severity = dict(con.execute(
                f"select severity, count(*) from reconciliation_findings {unacknowledged} group by 1").fetchall())
        if "cpr_results" in tables:
            ready, not_ready = con.execute(
                "select count(*) filter (where ready_for_adm), count(*) filter (where not ready_for_adm) "
                "from cpr_results").fetchone()
            summary.cprs_ready, summary.cprs_not_ready = ready, not_ready
        if "quarantine" in tables:
            summary.quarantined_rows = con.execute("select count(*) from quarantine").fetchone()[0]

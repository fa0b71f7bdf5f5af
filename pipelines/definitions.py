"""The one place where assets, checks, jobs, schedules, sensors and resources are wired together.

``defs`` uses the run settings from ``$ADOPTION_AUDIT_CONFIG`` or the embedded default, so
``dagster dev`` (``make dev``) and ``adoption-audit run`` see the same definitions. The settings also
give the partitions (the authorities and collection years: :mod:`.partitions`), which is why the
partitioned asset modules offer ``build(partitions)`` rather than module-level assets.
"""

from __future__ import annotations

import dagster as dg
from adoption_audit.pipelines import freshness, jobs, schedules
from adoption_audit.pipelines.alerts import alert_on_new_errors, alert_on_run_failure
from adoption_audit.pipelines.assets import audit, cpr, dfe903, inventory, metrics, reports, sources
from adoption_audit.pipelines.executors import executor_from_env
from adoption_audit.pipelines.partitions import nightly_partitions
from adoption_audit.pipelines.resources import resources_for

from adoption_audit.settings import RunSettings

ASSET_MODULES = [inventory, sources, reports, audit, cpr]  # module-level assets and checks
PARTITIONED_MODULES = [sources, metrics]  # build(partitions) gives their partitioned assets and checks

# Evaluates the eager() conditions that make the figures and documents follow the nightly source runs.
nightly_follow_on = dg.AutomationConditionSensorDefinition(
    "nightly_follow_on", target=dg.AssetSelection.all(), default_status=dg.DefaultSensorStatus.RUNNING,
    description="Runs the figures after their authority's sources, and the documents after the figures.")


def build_definitions(settings: RunSettings) -> dg.Definitions:
    partitions = nightly_partitions(settings.layout)
    built = [item for module in PARTITIONED_MODULES for item in module.build(partitions)]
    assets = [*dg.load_assets_from_modules(ASSET_MODULES),
              *(a for a in built if not isinstance(a, dg.AssetChecksDefinition))]
    stages = jobs.build()
    return dg.Definitions(
        assets=freshness.with_freshness(assets),
        asset_checks=[*dg.load_asset_checks_from_modules(ASSET_MODULES), *dfe903.asset_checks,
                      *(a for a in built if isinstance(a, dg.AssetChecksDefinition))],
        jobs=stages,
        schedules=[schedules.build(partitions, stages[0])],
        sensors=[alert_on_run_failure, alert_on_new_errors, cpr.cpr_inbox_sensor, reports.new_report_files,
                 nightly_follow_on],
        resources=resources_for(settings),
        executor=executor_from_env(),
    )


defs = build_definitions(RunSettings.load())


def stage_job(name: str) -> dg.JobDefinition:
    """A nightly stage's job, rebuilt from the environment: the target of ``dg.reconstructable`` for
    launched runs whose steps execute in other processes or on Celery workers."""
    return build_definitions(RunSettings.load()).resolve_job_def(name)


def nightly_sources() -> dg.JobDefinition:
    return stage_job("nightly_sources")


def nightly_figures() -> dg.JobDefinition:
    return stage_job("nightly_figures")


def nightly_documents() -> dg.JobDefinition:
    return stage_job("nightly_documents")

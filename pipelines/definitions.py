"""The one place where assets, checks, jobs and resources are wired together.

``defs`` uses the run settings from ``$ADOPTION_AUDIT_CONFIG`` or the embedded default, so
``dagster dev`` (``make dev``) and ``adoption-audit run`` see the same definitions.
"""

from __future__ import annotations

import dagster as dg
from adoption_audit.pipelines.alerts import alert_on_new_errors, alert_on_run_failure
from adoption_audit.pipelines.assets import audit, cpr, dfe903, inventory, metrics, reports, sources
from adoption_audit.pipelines.executors import executor_from_env
from adoption_audit.pipelines.jobs import nightly_job
from adoption_audit.pipelines.resources import resources_for
from adoption_audit.pipelines.schedules import nightly_schedule

from adoption_audit.settings import RunSettings

ASSET_MODULES = [inventory, sources, metrics, reports, audit, cpr]


def build_definitions(settings: RunSettings) -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_modules(ASSET_MODULES),
        asset_checks=[*dg.load_asset_checks_from_modules(ASSET_MODULES), *dfe903.asset_checks],
        jobs=[nightly_job],
        schedules=[nightly_schedule],
        sensors=[alert_on_run_failure, alert_on_new_errors, cpr.cpr_inbox_sensor,
                 reports.new_report_files],
        resources=resources_for(settings),
        executor=executor_from_env(),
    )


defs = build_definitions(RunSettings.load())


def nightly() -> dg.JobDefinition:
    """The nightly job, rebuilt from the environment: the target of ``dg.reconstructable`` for launched
    runs whose steps execute in other processes or on Celery workers."""
    return build_definitions(RunSettings.load()).resolve_job_def("nightly")

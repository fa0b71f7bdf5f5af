"""Schedules: the nightly run at 02:00 UK time, when case-management systems are quiet.

Europe/London keeps it at 02:00 through the clock changes. The schedule requests one ``nightly_sources``
run per authority and collection year whose extracts (or the validation code) changed since they were
last validated into the warehouse (:mod:`adoption_audit.checks.validation.fingerprint`); run keys carry
the night, so a tick is never launched twice. The figures of the authorities that changed, and the
documents, follow through declarative automation (:mod:`.jobs`). It starts stopped on a
local instance (turn it on in the UI or with ``dagster schedule start``); a shared deployment's
``dagster-daemon`` fires it.
"""

import dagster as dg
from adoption_audit.checks.validation.fingerprint import changed_partitions
from adoption_audit.pipelines.jobs import SOURCE_KEYS
from adoption_audit.pipelines.partitions import NightlyPartitions
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

CRON, TIMEZONE = "0 2 * * *", "Europe/London"


def nightly_run_requests(partitions: NightlyPartitions, night: str) -> list[dg.RunRequest]:
    """One run per authority and collection year; ``night`` (an ISO date) makes the run keys unique per night."""
    return [dg.RunRequest(run_key=f"{key}@{night}", partition_key=key, asset_selection=SOURCE_KEYS,
                          tags={"adoption-audit/night": night})
            for key in partitions.sources.get_partition_keys()]


def build(partitions: NightlyPartitions, sources_job) -> dg.ScheduleDefinition:
    @dg.schedule(name="nightly_reconciliation", job=sources_job, cron_schedule=CRON, execution_timezone=TIMEZONE,
                 description="Reconciliation every night at 02:00 Europe/London: every authority and year whose "
                             "extracts changed, then their figures and the audit.")
    def nightly_reconciliation(context: dg.ScheduleEvaluationContext, paths: ProjectPaths,
                               warehouse: DuckDBResource):
        night = context.scheduled_execution_time.date().isoformat()
        with warehouse.get_connection() as con:
            changed = {p.key for p in changed_partitions(paths.layout, con)}
        requests = [r for r in nightly_run_requests(partitions, night) if r.partition_key in changed]
        return requests or dg.SkipReason("no source partition changed since it was last validated")

    return nightly_reconciliation

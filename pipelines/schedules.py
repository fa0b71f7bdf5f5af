"""Schedules: the nightly run at 02:00 UK time, when case-management systems are quiet.

Europe/London keeps it at 02:00 through the clock changes. The schedule starts stopped on a local
instance (turn it on in the UI or with ``dagster schedule start``); a shared deployment's
``dagster.yaml`` runs the daemon that fires it.
"""

import dagster as dg
from adoption_audit.pipelines.jobs import nightly_job

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_reconciliation",
    job=nightly_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/London",
    description="Full reconciliation every night at 02:00 Europe/London.",
)

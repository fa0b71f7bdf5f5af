"""Alerts: tell the data team when the nightly run fails, or when it finds new errors.

A failed run alerts every time. A run that succeeds alerts only on *new* error findings (a fingerprint
not alerted before and not acknowledged), so the same known problem does not page anyone every night;
alerted fingerprints are kept in the warehouse table ``alerted_findings``, which an auditor can read.
Messages carry run ids, rule names, counts and fingerprints: never names or document text.

Delivery is a webhook (JSON POST: Teams/Slack-style incoming webhooks, or any HTTP endpoint) and/or
email through an SMTP relay, configured with environment variables (see docs/orchestration.md).
"""

from __future__ import annotations

import json
import smtplib
import urllib.request
from email.message import EmailMessage

import dagster as dg
from dagster_duckdb import DuckDBResource
from pydantic import Field

from adoption_audit.logs import get_logger

log = get_logger("alerts")


class Notifier(dg.ConfigurableResource):
    """Where alerts go. With neither a webhook nor an SMTP host set, alerts are only logged."""

    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "adoption-audit@localhost"
    smtp_to: list[str] = Field(default_factory=list)
    timeout_s: float = 10.0

    def send(self, subject: str, lines: list[str]) -> list[str]:
        """Deliver one alert; return the channels it went to (a failing channel is logged, not raised)."""
        delivered = []
        if self.webhook_url:
            body = json.dumps({"text": subject, "subject": subject, "lines": lines}).encode()
            request = urllib.request.Request(self.webhook_url, data=body,
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                    response.read()
                delivered.append("webhook")
            except OSError as error:
                log.warning("webhook alert not delivered: %s", type(error).__name__)
        if self.smtp_host and self.smtp_to:
            message = EmailMessage()
            message["Subject"], message["From"], message["To"] = subject, self.smtp_from, ", ".join(self.smtp_to)
            message.set_content("\n".join(lines))
            try:
                with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=self.timeout_s) as smtp:
                    smtp.send_message(message)
                delivered.append("email")
            except OSError as error:
                log.warning("email alert not delivered: %s", type(error).__name__)
        if not delivered:
            log.warning("alert: %s (%d lines; no channel configured or reachable)", subject, len(lines))
        return delivered


def failed_checks_of_run(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """``asset:check`` names of the checks that failed in one run."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    failed = []
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if not evaluation.passed:
            failed.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
    return sorted(failed)


def take_new_error_findings(warehouse: DuckDBResource) -> list[tuple[str, str]]:
    """(rule, fingerprint) of unacknowledged error findings not alerted before; marks them alerted."""
    with warehouse.get_connection() as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        sources = [t for t in ("findings", "reconciliation_findings") if t in tables]
        if not sources:
            return []
        unacknowledged = " union all ".join(
            f"select rule, fingerprint from {t} where severity = 'error' and acknowledged is null" for t in sources)
        con.execute("create table if not exists alerted_findings (fingerprint varchar primary key, "
                    "rule varchar, first_alerted timestamp default current_timestamp)")
        new = con.execute(
            f"select distinct rule, fingerprint from ({unacknowledged}) "
            "where fingerprint not in (select fingerprint from alerted_findings) order by 1, 2").fetchall()
        if new:
            con.executemany("insert into alerted_findings (fingerprint, rule) values (?, ?)",
                            [(fp, rule) for rule, fp in new])
    return [(rule, fp) for rule, fp in new]


# Every job of the code location is watched (no monitored_jobs): the nightly stages, and the runs the
# automation and file sensors launch, which Dagster gives its own implicit job.
@dg.run_failure_sensor(name="alert_on_run_failure",
                       description="Alert the data team when any run of the nightly, its follow-ons or a sensor fails.")
def alert_on_run_failure(context: dg.RunFailureSensorContext, notifier: Notifier) -> None:
    run = context.dagster_run
    failed_steps = sorted({e.step_key for e in context.get_step_failure_events() if e.step_key})
    notifier.send(f"adoption-audit: nightly run {run.run_id[:8]} failed",
                  [f"run id: {run.run_id}", f"failed steps: {', '.join(failed_steps) or 'none recorded'}"])


@dg.run_status_sensor(name="alert_on_new_errors", run_status=dg.DagsterRunStatus.SUCCESS,
                      description="Alert on failed checks and on error findings not alerted before.")
def alert_on_new_errors(context: dg.RunStatusSensorContext, notifier: Notifier, warehouse: DuckDBResource
                        ) -> dg.SkipReason | None:
    run_id = context.dagster_run.run_id
    failed = failed_checks_of_run(context.instance, run_id)
    new = take_new_error_findings(warehouse)
    if not new:
        return dg.SkipReason(f"no new error findings ({len(failed)} failed checks already known)")
    lines = [f"run id: {run_id}", f"failed checks: {', '.join(failed) or 'none'}",
             f"new error findings: {len(new)}"] + [f"  {rule} {fingerprint}" for rule, fingerprint in new]
    notifier.send(f"adoption-audit: {len(new)} new error finding(s) in nightly run {run_id[:8]}", lines)
    return None

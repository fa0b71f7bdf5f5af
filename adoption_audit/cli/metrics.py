"""``adoption-audit metrics compute``, ``metrics explain`` and ``metrics reconcile``: thin callers of
:mod:`adoption_audit.checks.metrics` and :mod:`adoption_audit.checks.reconciliation`.

Each validates DIR first (rows that fail validation are left out of every figure, and counted in the
``run`` block), then computes from the validated rows in an in-memory DuckDB.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from adoption_audit.cli.common import EXIT_FINDINGS, EXIT_OK, emit, finish, to_json
from adoption_audit.errors import AdoptionAuditError, require_exists
from adoption_audit.provenance import run_block
from adoption_audit.tabular_out import write_csv

app = typer.Typer(help="Compute catalogued metrics from validated sources, explain them, and reconcile "
                       "case management with the 903 return.", no_args_is_help=True)


class MetricsFormat(str, Enum):
    json = "json"
    csv = "csv"


OutOption = Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")]


def _load(directory: str):
    from adoption_audit.checks.metrics.warehouse import warehouse_from_sources

    return warehouse_from_sources(require_exists(directory))


def _run(validation) -> dict:
    return run_block(validation.inputs, validation.started, rows_read=validation.rows,
                     rows_quarantined=validation.quarantined_rows, files_rejected=len(validation.rejected))


@app.command("compute")
def compute(
    directory: Annotated[str, typer.Argument(metavar="DIR", help="Source extracts folder.")],
    format: Annotated[MetricsFormat, typer.Option("--format")] = MetricsFormat.json,
    out: OutOption = None,
) -> None:
    """Compute every catalogued metric for every authority and period in DIR."""
    from adoption_audit.checks.metrics import CONTRACT_FIELDS, compute_metrics

    con, validation = _load(directory)
    values = [v.to_json() for v in compute_metrics(con)]
    if format is MetricsFormat.csv:
        rows = [{**v, "breakdown": to_json(v["breakdown"]).replace("\n", "") if v["breakdown"] else None}
                for v in values]
        text = write_csv(rows, CONTRACT_FIELDS)
    else:
        text = to_json({"run": _run(validation), "metrics": values})
    emit(text, out)
    finish(EXIT_OK)


def _breakdown(option: str | None) -> dict | None:
    if not option:
        return None
    name, sep, value = option.partition("=")
    if not sep or not name or not value:
        raise AdoptionAuditError(f"'{option}' is not a breakdown such as placement=inter_agency", "--breakdown")
    return {name.strip(): value.strip()}


@app.command("explain")
def explain(
    metric: Annotated[str, typer.Argument(help="Metric id, e.g. adoption_orders.")],
    directory: Annotated[str, typer.Argument(metavar="DIR", help="Source extracts folder.")],
    authority: Annotated[str, typer.Option("--authority")],
    period: Annotated[str, typer.Option("--period", help="2018-19, 2019-03-31 or 2016-17..2018-19")],
    breakdown: Annotated[str | None, typer.Option("--breakdown", help="One part, e.g. placement=inter_agency.")] = None,
    out: OutOption = None,
) -> None:
    """List the child or household ids behind one metric value, per source system."""
    from adoption_audit.checks.metrics import compute_metrics
    from adoption_audit.checks.metrics import explain as explain_metric
    from adoption_audit.checks.metrics.periods import parse_period

    parse_period(period)  # a bad period is an error before any work
    part = _breakdown(breakdown)
    con, validation = _load(directory)
    values = {v.source: v for v in compute_metrics(con)
              if (v.metric, v.authority, v.period, v.breakdown) == (metric, authority, period, part)}
    ids = explain_metric(con, metric, authority, period, part)
    sources = [{"source": source, "value": values[source].value if source in values else None,
                "rows": values[source].rows if source in values else None, "ids": ids.get(source, [])}
               for source in sorted(set(values) | set(ids))]
    emit(to_json({"run": _run(validation), "metric": metric, "authority": authority, "period": period,
                  "breakdown": part, "sources": sources}), out)
    finish(EXIT_OK)


@app.command("reconcile")
def reconcile(
    directory: Annotated[str, typer.Argument(metavar="DIR", help="Source extracts folder.")],
    out: OutOption = None,
) -> None:
    """Compare case management with the 903 return child by child; exit 1 on any error finding."""
    from adoption_audit.checks.findings import number_findings
    from adoption_audit.checks.reconciliation import reconcile as reconcile_sources

    con, validation = _load(directory)
    result = reconcile_sources(con)
    findings = number_findings(result.findings)
    links = [{"authority": k.authority, "case_management": k.cm_id, "ssda903": k.ssda903_id, "method": k.method,
              "score": k.score, "threshold": k.threshold} for k in result.links]
    emit(to_json({"run": _run(validation), "links": links, "findings": [f.to_json() for f in findings]}), out)
    finish(EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK)

"""The report audit as assets: ``findings`` in the warehouse (with its checks) and the audit report in ``out/``.

``findings`` calls the same :func:`audit_reports` as ``adoption-audit reports audit``, on the run's reports
folder, with the catalogued figures of the ``metrics`` table as the sources to compare against and the
run's acknowledgements file. It depends on ``report_claims`` and ``metrics`` so that the claims table, the
metrics and the findings of one run come from the same inputs; it reads the documents again rather than
the claims table because an audit needs the whole extraction (documents, periods, coverage counts).

The nightly summary counts ``severity`` where ``acknowledged is null``; the check fails on unacknowledged
error findings, with counts (never document text) as metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
FINDINGS_COLUMNS = ("id varchar, fingerprint varchar, rule varchar, severity varchar, metric varchar, "
                    "period varchar, entity varchar, message varchar, stated double, expected double, "
                    "acknowledged varchar, acknowledged_by varchar, evidence varchar")


def report_files(folder: str | Path) -> list[tuple[Path, str]]:
    root = Path(folder)
    if not root.exists():
        return []
    return [(p, str(root)) for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith((".", "~$"))]


def _source_metrics(con) -> list | None:
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    if "metrics" not in tables:
        return None
    from adoption_audit.checks.metrics import read_metrics

    return read_metrics(con)


def _number(value):
    return float(value) if isinstance(value, (int, float)) else None


@dg.asset(group_name="reports", deps=[dg.AssetKey("report_claims"), dg.AssetKey("metrics")],
          automation_condition=dg.AutomationCondition.eager(),
          description="Findings of the report audit: every figure that cannot be true, with its evidence.")
def findings(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    from adoption_audit.checks.audit.run import audit_reports

    from adoption_audit.outputs.audit_json import audit_document

    with warehouse.get_connection() as con:
        metrics = _source_metrics(con)
    result, run = audit_reports(report_files(paths.reports), metrics=metrics,
                                acknowledgements=paths.acknowledgements or None)
    document = audit_document(result, run)
    rows = [(f.id, f.fingerprint, f.rule, f.severity, f.metric, f.period, f.entity, f.message, _number(f.stated),
             _number(f.expected), json.dumps(f.acknowledged) if f.acknowledged else None,
             (f.acknowledged or {}).get("by"), json.dumps(f.evidence, ensure_ascii=False))
            for f in result.findings]
    with warehouse.get_connection() as con:
        con.execute(f"create or replace table findings ({FINDINGS_COLUMNS})")
        if rows:
            con.executemany(f"insert into findings values ({', '.join('?' * 13)})", rows)
        con.execute("create or replace table audit_document (document json)")
        con.execute("insert into audit_document values (?)", [json.dumps(document, ensure_ascii=False, default=str)])
    summary = document["summary"]
    coverage = result.coverage
    return dg.MaterializeResult(metadata={
        "findings": len(result.findings),
        **{f"{severity}_findings": n for severity, n in summary["by_severity"].items()},
        "unacknowledged_errors": summary["unacknowledged_errors"],
        "documents": coverage.documents,
        "claims": coverage.claims,
        "claims_checked": coverage.claims_checked,
        "share_checked": round(coverage.share_checked, 3),
        "by_rule": dg.MetadataValue.json({r: c for r, c in summary["by_rule"].items() if any(c.values())}),
    })


@dg.asset_check(asset=findings, description="No error finding is left unacknowledged: a figure that cannot "
                                            "be true fails the run until it is corrected or explained.")
def no_unacknowledged_errors(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as con:
        counts = dict(con.execute("select severity, count(*) from findings where acknowledged is null "
                                  "group by 1").fetchall())
        acknowledged = con.execute("select count(*) from findings where acknowledged is not null").fetchone()[0]
        by_rule = dict(con.execute("select rule, count(*) from findings where severity = 'error' "
                                   "and acknowledged is null group by 1 order by 1").fetchall())
    errors = counts.get("error", 0)
    return dg.AssetCheckResult(
        passed=errors == 0, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"errors": errors, "warnings": counts.get("warning", 0), "info": counts.get("info", 0),
                  "acknowledged": acknowledged, "errors_by_rule": dg.MetadataValue.json(by_rule)},
    )


@dg.asset(group_name="reports", deps=[findings], automation_condition=dg.AutomationCondition.eager(),
          description="The audit for people: out/findings.json, out/findings.csv and out/audit-report.html.")
def audit_report(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    from adoption_audit.outputs.audit_csv import render_csv
    from adoption_audit.outputs.audit_html import render_html

    with warehouse.get_connection() as con:
        document = json.loads(con.execute("select document from audit_document").fetchone()[0])
    out = paths.out_dir
    (out / "findings.json").write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    render_csv(document, out / "findings.csv")
    (out / "audit-report.html").write_text(render_html(document), encoding="utf-8")
    return dg.MaterializeResult(metadata={
        "findings": len(document["findings"]),
        "html": dg.MetadataValue.path(str(out / "audit-report.html")),
        "json": dg.MetadataValue.path(str(out / "findings.json")),
        "csv": dg.MetadataValue.path(str(out / "findings.csv")),
    })

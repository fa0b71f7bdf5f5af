"""Computed figures and the case-management/903 reconciliation as Dagster assets.

Thin callers of :func:`adoption_audit.checks.metrics.build_metrics_table` and
:func:`adoption_audit.checks.reconciliation.reconcile`, the functions ``adoption-audit metrics`` runs.
They read the validated tables the ``validated_<kind>`` assets write to the warehouse, so a blocking
failed check upstream stops figures being computed from bad sources.

Not partitioned: 3-year scorecard figures and stocks need every year of an authority, and records
are kept once across all its yearly returns; the whole computation takes seconds for 150 authorities
by 10 years (benchmarks/bench_metrics.py), so partitions would add bookkeeping and no speed.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.findings import number_findings
from adoption_audit.checks.metrics import EVENTS_TABLE, METRICS_TABLE, build_metrics_table
from adoption_audit.checks.reconciliation import FINDINGS_TABLE, reconcile
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

from adoption_audit.outputs.audit_csv import render_csv
from adoption_audit.provenance import run_block

GROUP = "metrics"
VALIDATED = [dg.AssetKey(f"validated_{kind}") for kind in sorted(EXTRACT_KINDS)]


@dg.asset(group_name=GROUP, deps=VALIDATED,
          description="Every catalogued figure per authority, period, breakdown and source system (table "
                      "metrics), with the rows behind each (table metric_events).")
def metrics(warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        rows = build_metrics_table(con)
        authorities, periods, figures = con.execute(
            f"select count(distinct authority), count(distinct period), count(distinct metric) "
            f"from {METRICS_TABLE}").fetchone()
        by_source = dict(con.execute(f"select source, count(*) from {METRICS_TABLE} group by 1").fetchall())
    return dg.MaterializeResult(metadata={"rows": rows, "authorities": authorities, "periods": periods,
                                          "metrics": figures, **{f"rows_{s}": n for s, n in by_source.items()}})


@dg.asset_check(asset=metrics, description="Every whole figure's row count equals the event rows behind it, so "
                                           "each value can be explained down to its ids.")
def metrics_trace_to_events(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as con:
        untraced = con.execute(f"""
            select count(*) from {METRICS_TABLE} m
            where m.breakdown is null and m.kind in ('flow', 'stock') and m.rows <> (
                select count(*) from {EVENTS_TABLE} e where e.metric = m.metric and e.source = m.source
                and e.authority = m.authority and e.period = m.period)""").fetchone()[0]
    return dg.AssetCheckResult(passed=untraced == 0, metadata={"untraced_rows": untraced})


@dg.asset(group_name=GROUP, deps=[metrics],
          description="Case management against the 903 return, child by child: links (table record_links) "
                      "and source_mismatch findings (table reconciliation_findings).")
def source_reconciliation(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        result = reconcile(con)
    write_reconciliation_outputs(result.findings, Path(paths.sources), paths.out_dir)
    severities = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
    return dg.MaterializeResult(metadata={
        "links": len(result.links), "links_scored": sum(1 for k in result.links if k.method == "scored"),
        "unlinked_case_management": len(result.unlinked_case_management),
        "unlinked_ssda903": len(result.unlinked_ssda903), **{f"findings_{s}": n for s, n in severities.items()}})


def write_reconciliation_outputs(findings: list, sources: Path, out: Path) -> None:
    """``out/reconciliation.json`` (with provenance) and ``out/reconciliation.csv``, shaped like the audit's
    findings so the same spreadsheets and tools read both."""
    numbered = number_findings(list(findings))
    inputs = [(p, p.relative_to(sources).as_posix()) for p in sorted(sources.rglob("*"))
              if p.is_file() and p.suffix.lower() in (".csv", ".xlsx")] if sources.is_dir() else []
    document = {"run": run_block(inputs), "documents": [], "findings": [f.to_json() for f in numbered]}
    (out / "reconciliation.json").write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
    render_csv(document, out / "reconciliation.csv")


@dg.asset_check(asset=source_reconciliation,
                description="Case management and the 903 return agree: no error-severity source_mismatch. "
                            "An error (not blocking): the nightly run's exit code is 1 while one stands.")
def sources_agree(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as con:
        errors = con.execute(f"select count(*) from {FINDINGS_TABLE} where severity = 'error'").fetchone()[0]
    return dg.AssetCheckResult(passed=errors == 0, severity=dg.AssetCheckSeverity.ERROR,
                               metadata={"error_findings": errors})

"""Computed figures and the case-management/903 reconciliation as Dagster assets.

Thin callers of :func:`adoption_audit.checks.metrics.build_metrics_table` and
:func:`adoption_audit.checks.reconciliation.reconcile`, the functions ``adoption-audit metrics`` runs.
They read the validated tables the ``validated_<kind>`` assets write to the warehouse, so a blocking
failed check upstream stops figures being computed from bad sources.

Partitioned by authority (:mod:`..partitions`): an authority's figures need every year of it (3-year
scorecard figures, the latest copy of each record) and nothing of another authority. Each partition
computes in an in-memory copy of its authority's rows (:mod:`adoption_audit.checks.authority_slice`) and
replaces only those rows, so authorities compute in parallel and a re-run of one leaves the others
alone. Run without a partition, the same functions work on the whole warehouse.

Both assets follow their upstream on their own (``AutomationCondition.eager()``): when the nightly
schedule's source partitions finish, the automation sensor asks for the authorities they changed.
"""


import json
from datetime import date
from pathlib import Path

import dagster as dg
from adoption_audit.checks.audit.acknowledgements import apply_acknowledgements, load_acknowledgements
from adoption_audit.checks.authority_slice import compute_for_authority
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.findings import number_findings
from adoption_audit.checks.metrics import EVENTS_TABLE, METRICS_TABLE, build_metrics_table
from adoption_audit.checks.reconciliation import (
    FINDINGS_TABLE,
    LINKS_TABLE,
    findings_from_table,
    mark_acknowledged,
    reconcile,
)
from adoption_audit.pipelines.partitions import NightlyPartitions
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

from adoption_audit.outputs.audit_csv import render_csv
from adoption_audit.provenance import run_block

GROUP = "metrics"
VALIDATED = [dg.AssetKey(f"validated_{kind}") for kind in sorted(EXTRACT_KINDS)]


# The tables each stage reads and writes for one authority, with the column that names it.
VALIDATED_TABLES = {kind: "authority" for kind in sorted(EXTRACT_KINDS)}
FIGURE_TABLES = {METRICS_TABLE: "authority", EVENTS_TABLE: "authority"}
RECONCILIATION_TABLES = {LINKS_TABLE: "authority", FINDINGS_TABLE: "entity"}


def build(partitions: NightlyPartitions) -> list:
    """The figure assets for these partitions (from the run settings: see ``definitions``)."""
    follow = dg.AutomationCondition.eager()

    @dg.asset(group_name=GROUP, partitions_def=partitions.authorities, automation_condition=follow,
              deps=[dg.AssetDep(key, partition_mapping=partitions.by_authority) for key in VALIDATED],
              description="Every catalogued figure per authority, period, breakdown and source system (table "
                          "metrics), with the rows behind each (table metric_events).")
    def metrics(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
        authority = context.partition_key if context.has_partition_key else None
        rows = compute_for_authority(warehouse.get_connection, authority, VALIDATED_TABLES, FIGURE_TABLES,
                                     build_metrics_table)
        with warehouse.get_connection() as con:
            where, params = ("where authority = ?", [authority]) if authority else ("", [])
            periods, figures = con.execute(f"select count(distinct period), count(distinct metric) "
                                           f"from {METRICS_TABLE} {where}", params).fetchone()
            by_source = dict(con.execute(f"select source, count(*) from {METRICS_TABLE} {where} group by 1",
                                         params).fetchall())
        return dg.MaterializeResult(metadata={"rows": rows, "periods": periods, "metrics": figures,
                                              **{f"rows_{s}": n for s, n in by_source.items()}})

    @dg.asset_check(asset=metrics, description="Every whole figure's row count equals the event rows behind it, "
                                               "so each value can be explained down to its ids.")
    def metrics_trace_to_events(context: dg.AssetCheckExecutionContext,
                                warehouse: DuckDBResource) -> dg.AssetCheckResult:
        where, params = _authority_filter(context, "m.authority")
        with warehouse.get_connection() as con:
            untraced = con.execute(f"""
                select count(*) from {METRICS_TABLE} m
                where m.breakdown is null and m.kind in ('flow', 'stock') {where} and m.rows <> (
                    select count(*) from {EVENTS_TABLE} e where e.metric = m.metric and e.source = m.source
                    and e.authority = m.authority and e.period = m.period)""", params).fetchone()[0]
        return dg.AssetCheckResult(passed=untraced == 0, metadata={"untraced_rows": untraced})

    @dg.asset(group_name=GROUP, deps=[metrics], partitions_def=partitions.authorities, automation_condition=follow,
              description="Case management against the 903 return, child by child: links (table record_links) "
                          "and source_mismatch findings (table reconciliation_findings); out/reconciliation.json "
                          "and .csv hold every authority's.")
    def source_reconciliation(context: dg.AssetExecutionContext, paths: ProjectPaths,
                              warehouse: DuckDBResource) -> dg.MaterializeResult:
        authority = context.partition_key if context.has_partition_key else None
        result = compute_for_authority(warehouse.get_connection, authority, {**VALIDATED_TABLES, **FIGURE_TABLES},
                                       RECONCILIATION_TABLES, reconcile)
        acknowledgements = load_acknowledgements(paths.acknowledgements) if paths.acknowledgements else None
        with warehouse.get_connection() as con:
            every_authority = findings_from_table(con)
            acknowledged = apply_acknowledgements(every_authority, acknowledgements, date.today())
            mark_acknowledged(con, every_authority)
        write_reconciliation_outputs(every_authority, paths.layout.files(), paths.out_dir)
        severities = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
        return dg.MaterializeResult(metadata={
            "links": len(result.links), "links_scored": sum(1 for k in result.links if k.method == "scored"),
            "unlinked_case_management": len(result.unlinked_case_management),
            "unlinked_ssda903": len(result.unlinked_ssda903),
            **{f"findings_{s}": n for s, n in severities.items()}, "acknowledged": acknowledged["acknowledged"]})

    @dg.asset_check(asset=source_reconciliation,
                    description="Case management and the 903 return agree: no unacknowledged error-severity "
                                "source_mismatch. An error (not blocking): the nightly run's exit code is 1 while "
                                "one stands.")
    def sources_agree(context: dg.AssetCheckExecutionContext, warehouse: DuckDBResource) -> dg.AssetCheckResult:
        where, params = _authority_filter(context, "entity")
        with warehouse.get_connection() as con:
            errors = con.execute(f"select count(*) from {FINDINGS_TABLE} where severity = 'error' "
                                 f"and acknowledged is null {where}", params).fetchone()[0]
        return dg.AssetCheckResult(passed=errors == 0, severity=dg.AssetCheckSeverity.ERROR,
                                   metadata={"error_findings": errors})

    return [metrics, metrics_trace_to_events, source_reconciliation, sources_agree]


def _authority_filter(context: dg.AssetCheckExecutionContext, column: str) -> tuple[str, list]:
    """A partition's check judges its own authority's rows; unpartitioned, every authority's."""
    if context.has_partition_key:
        return f"and {column} = ?", [context.partition_key]
    return "", []


def write_reconciliation_outputs(findings: list, sources: list, out: Path) -> None:
    """``out/reconciliation.json`` (with provenance) and ``out/reconciliation.csv``, shaped like the audit's
    findings so the same spreadsheets and tools read both. ``sources`` are the source files (provenance)."""
    numbered = number_findings(list(findings))
    inputs = [(f.path, f.relative) for f in sources if f.path.suffix.lower() in (".csv", ".xlsx")]
    document = {"run": run_block(inputs), "documents": [], "findings": [f.to_json() for f in numbered]}
    (out / "reconciliation.json").write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
    render_csv(document, out / "reconciliation.csv")

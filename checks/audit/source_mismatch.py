"""``source_mismatch``: a report's figure differs from the figure computed from the source extracts.

With ``--sources DIR`` the extracts are validated, loaded into an in-memory DuckDB and every catalogued
metric is computed (``checks.metrics``). Each report claim of a catalogued metric is then compared with
the computed figure for the same metric, authority, period and breakdown. The computed value is exact;
the claim is its printed interval. A figure computed from more than one system (case management and the
903 return) is matched when the claim fits any of them: differences between systems are the sources'
own reconciliation, not the report's fault.

Severity: ``error`` when the claim's authority is known (its own, or its document's only authority);
``warning`` ("may not be comparable") when the report does not say which authority and the sources hold
exactly one. Evidence lists the claim and each source figure with its row count and the query behind it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from adoption_audit.checks.audit.context import AuditContext, authority_id
from adoption_audit.checks.audit.intervals import Interval
from adoption_audit.checks.findings import Finding
from adoption_audit.nlp.report_model import Claim

RULE = "source_mismatch"
METRIC_BREAKDOWNS = ("placement", "ethnicity", "sex", "age_band")


def metrics_from_sources(directory: str | Path) -> list:
    """Validate the extracts under ``directory`` and compute every catalogued metric, in memory."""
    import duckdb
    from adoption_audit.checks.metrics import compute_metrics
    from adoption_audit.checks.validation import validate_sources, write_warehouse

    validation = validate_sources(Path(directory))
    with duckdb.connect(":memory:") as con:
        write_warehouse(validation, con)
        return compute_metrics(con)


def _key_breakdown(breakdown: dict | None) -> str:
    return json.dumps(breakdown or {}, sort_keys=True)


def check(ctx: AuditContext) -> list[Finding]:
    if not ctx.metrics:
        return []
    index: dict[tuple, list] = defaultdict(list)
    authorities: dict[tuple, set] = defaultdict(set)
    for row in ctx.metrics:
        authority = authority_id(str(row.authority))
        index[(row.metric, authority, row.period, _key_breakdown(row.breakdown))].append(row)
        authorities[(row.metric, row.period)].add(authority)

    findings = []
    for claim in ctx.claims:
        if not _comparable_kind(claim) or claim.value is None:
            continue
        period = ctx.period_of(claim)
        entity, breakdown = _entity_and_breakdown(ctx, claim)
        if breakdown is False:
            ctx.skip(claim, "its breakdown is not one the sources are split by")
            continue
        severity = "error"
        if entity is None:
            known = authorities.get((claim.metric, period), set())
            if len(known) != 1:
                ctx.skip(claim, "the report does not say which authority the figure is for")
                continue
            entity, severity = next(iter(known)), "warning"
        rows = index.get((claim.metric, entity, period, _key_breakdown(breakdown)))
        if not rows:
            ctx.skip(claim, "no source figure for this metric, authority and period")
            continue
        ctx.mark_checked(RULE, claim)
        interval = ctx.interval(claim)
        if any(interval.meets(Interval(float(r.value), float(r.value))) for r in rows):
            continue
        findings.append(_finding(ctx, claim, entity, breakdown, rows, severity))
    return findings


def _comparable_kind(claim: Claim) -> bool:
    if not claim.metric:
        return False
    if claim.kind in ("stated", "previous", "part"):
        return True
    return claim.kind == "target" and "_threshold" in claim.metric


def _entity_and_breakdown(ctx: AuditContext, claim: Claim):
    """(authority, metric breakdown or None); breakdown False when the split is not one the sources have."""
    breakdown = dict(claim.breakdown or {})
    entity = ctx.entity_of(claim)
    if "authority" in breakdown:
        entity = authority_id(str(breakdown.pop("authority")))
    if any(name not in METRIC_BREAKDOWNS for name in breakdown):
        return entity, False
    return entity, (breakdown or None)


def _finding(ctx: AuditContext, claim: Claim, entity: str, breakdown, rows: list, severity: str) -> Finding:
    figures = " and ".join(f"{_fmt(r.value)} from {r.source} ({r.rows} rows)" for r in rows)
    split = f" ({', '.join(f'{k} {v}' for k, v in breakdown.items())})" if breakdown else ""
    message = (f"{ctx.label(claim.metric)}{split} for {entity.title()} in {ctx.period_of(claim)} is given as "
               f"{ctx.show(claim)} ({ctx.where(claim)}), but the source extracts give {figures}.")
    if severity == "warning":
        message += (" The report does not say which authority the figure covers, so it may not be comparable"
                    " with the one authority the sources hold.")
    evidence = [ctx.evidence(claim, "report")]
    for r in rows:
        where = [f"metric = '{r.metric}'", f"authority = '{r.authority}'", f"period = '{r.period}'",
                 f"source = '{r.source}'"]
        where.append("breakdown is null" if not r.breakdown else f"breakdown = '{_key_breakdown(r.breakdown)}'")
        evidence.append({"source": f"metrics ({r.source})", "rows": r.rows, "value": r.value,
                         "query": f"select value from metrics where {' and '.join(where)}"})
    return ctx.finding(RULE, severity, message, claim, entity=entity, stated=claim.value, expected=rows[0].value,
                       values=tuple(sorted(_key_breakdown(breakdown) + r.source for r in rows)), evidence=evidence)


def _fmt(value) -> str:
    return f"{value:,}" if isinstance(value, int) or float(value).is_integer() else f"{value:,.1f}"

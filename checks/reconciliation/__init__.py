"""Case management against the SSDA903 return, child by child and figure by figure.

``reconcile(con)`` reads the validated tables on a DuckDB connection, links each authority's children
across the two systems (:mod:`.linkage`), compares the linked records (:mod:`.compare`) and the
figures both systems give (adoption orders, placement orders, children placed, A1 and A2), and
returns ``source_mismatch`` findings. It also writes ``record_links`` (every link with its method,
score and threshold) and ``reconciliation_findings`` to the warehouse.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

import duckdb
import pyarrow as pa
from adoption_audit.checks.findings import Finding
from adoption_audit.checks.metrics import EVENTS_TABLE, METRICS_TABLE, build_metrics_table
from adoption_audit.checks.metrics.compute import insert_rows
from adoption_audit.checks.metrics.current import create_current_views, existing_tables
from adoption_audit.checks.metrics.journeys import create_journey_views
from adoption_audit.checks.metrics.periods import financial_year_start
from adoption_audit.checks.reconciliation.compare import RULE, compare_pair, missing_child
from adoption_audit.checks.reconciliation.linkage import THRESHOLD, ChildRecord, Link, link_records
from adoption_audit.checks.reconciliation.names import name_findings

from adoption_audit.logs import get_logger

log = get_logger("reconciliation")

RECONCILED_METRICS = ("adoption_orders", "placement_orders", "children_placed", "a1_days", "a2_days")
LINKS_TABLE, FINDINGS_TABLE = "record_links", "reconciliation_findings"

_RECORDS_SQL = """
select source, authority, child_id, dob, sex, entered_care, placement_order, placed, adoption_order, matched,
       placement
from child_journeys
where placement_order is not null or placed is not null or adoption_order is not null
qualify row_number() over (partition by source, authority, child_id
                           order by coalesce(adoption_order, placed, placement_order) desc, entered_care desc) = 1
order by source, authority, child_id
"""


@dataclass
class Reconciliation:
    links: list[Link]
    findings: list[Finding]
    unlinked_case_management: list[str]
    unlinked_ssda903: list[str]
    covered_years: dict[str, list[str]]


def _records(con: duckdb.DuckDBPyConnection) -> dict[str, list[ChildRecord]]:
    records: dict[str, list[ChildRecord]] = defaultdict(list)
    for source, authority, child, dob, sex, entered, po, placed, ao, matched, placement in \
            con.execute(_RECORDS_SQL).fetchall():
        records[source].append(ChildRecord(
            source, authority, child, dob, sex,
            {"entered_care": entered, "placement_order": po, "placed": placed, "adoption_order": ao},
            placement, matched))
    return records


def _covered_years(con: duckdb.DuckDBPyConnection) -> dict[str, set[int]]:
    """Per authority, the financial years both systems hold: each 903 return's year, up to the latest
    case-management extract."""
    cm_latest = dict(con.execute("select authority, max(extract_date) from current_cm_child_journeys "
                                 "group by authority").fetchall())
    returns = con.execute("select distinct authority, extract_date from ssda903_episodes").fetchall() \
        if "ssda903_episodes" in existing_tables(con) else []
    covered: dict[str, set[int]] = defaultdict(set)
    for authority, extract_date in returns:
        if authority in cm_latest and extract_date <= cm_latest[authority]:
            covered[authority].add(financial_year_start(extract_date))
    return covered


def _ids_behind(con: duckdb.DuckDBPyConnection, cells: list[tuple]) -> dict[tuple, set[str]]:
    """The ids behind each (metric, authority, period), per source, in one query."""
    if not cells:
        return {}
    con.execute("create or replace temp table reconciled_cells (metric varchar, authority varchar, period varchar)")
    insert_rows(con, "reconciled_cells", cells)
    behind: dict[tuple, set[str]] = defaultdict(set)
    for metric, authority, period, source, subject in con.execute(
            f"select e.metric, e.authority, e.period, e.source, e.subject_id from {EVENTS_TABLE} e "
            "semi join reconciled_cells c using (metric, authority, period)").fetchall():
        behind[(metric, authority, period, source)].add(subject)
    return behind


def _figure_findings(con: duckdb.DuckDBPyConnection, covered: dict[str, set[int]],
                     links: list[Link]) -> list[Finding]:
    """The same figure from both systems differs: one finding per metric, authority and year.

    The children behind each side are listed by case-management id (903 ids translated through the
    links), so the message names the children who make the difference."""
    if METRICS_TABLE not in existing_tables(con):
        build_metrics_table(con)
    metrics = ", ".join(f"'{m}'" for m in RECONCILED_METRICS)
    rows = con.execute(f"""
        select c.metric, c.authority, c.period, c.value, s.value, c.rows, s.rows, c.kind
        from {METRICS_TABLE} c join {METRICS_TABLE} s
          on s.metric = c.metric and s.authority = c.authority and s.period = c.period
         and s.source = 'ssda903' and s.breakdown is null
        where c.source = 'case_management' and c.breakdown is null and c.metric in ({metrics})
          and c.period not like '%..%' and c.value <> s.value
        order by 1, 2, 3""").fetchall()
    rows = [r for r in rows if int(r[2][:4]) in covered.get(r[1], ())]
    behind = _ids_behind(con, [r[:3] for r in rows])
    to_cm = {(k.authority, k.ssda903_id): k.cm_id for k in links}
    findings = []
    for metric, authority, period, cm_value, ssda903_value, cm_rows, ssda903_rows, kind in rows:
        ids = {source: behind.get((metric, authority, period, source), set())
               for source in ("case_management", "ssda903")}
        as_cm = {to_cm.get((authority, child), child): child for child in ids["ssda903"]}
        only_cm = sorted(ids["case_management"] - set(as_cm))
        only_903 = sorted(as_cm[child] for child in set(as_cm) - ids["case_management"])
        evidence = [{"source": EVENTS_TABLE, "rows": n, "system": source, "ids": sorted(ids[source]),
                     "query": f"select subject_id from {EVENTS_TABLE} where metric = '{metric}' and authority = "
                              f"'{authority}' and period = '{period}' and source = '{source}'"}
                    for source, n in (("case_management", cm_rows), ("ssda903", ssda903_rows))]
        detail = "; ".join(part for part in (
            f"only in case management: {', '.join(only_cm[:10])}" if only_cm else "",
            f"only in the 903 return: {', '.join(only_903[:10])}" if only_903 else "") if part)
        # An average over different children is not comparable: say so, at warning (the children who
        # differ have their own findings). Over the same children, different averages are an error.
        comparable = kind not in ("average", "percent") or not (only_cm or only_903)
        basis = "" if comparable else (f"; not comparable: averaged over different children ({cm_rows} and "
                                       f"{ssda903_rows})")
        findings.append(Finding(
            rule=RULE, severity="error" if comparable else "warning", metric=metric, period=period,
            entity=authority, stated=cm_value, expected=ssda903_value, evidence=evidence,
            message=(f"{metric} for {authority} in {period} is {cm_value:g} from case management and "
                     f"{ssda903_value:g} from the 903 return{basis}" + (f" ({detail})." if detail else "."))))
    return findings


def reconcile(con: duckdb.DuckDBPyConnection, threshold: float = THRESHOLD, write: bool = True) -> Reconciliation:
    """Link and compare every authority's children across case management and the 903 return."""
    create_current_views(con)
    create_journey_views(con)
    covered_years = _covered_years(con)

    def covered(authority: str, day) -> bool:
        return day is not None and financial_year_start(day) in covered_years.get(authority, ())

    def in_scope(record: ChildRecord) -> bool:
        return any(covered(record.authority, record.events.get(n))
                   for n in ("placement_order", "placed", "adoption_order"))

    records = _records(con)
    cm = [r for r in records["case_management"] if r.authority in covered_years]
    ssda903 = [r for r in records["ssda903"] if r.authority in covered_years]
    links, unlinked_cm, unlinked_903 = link_records(cm, ssda903, threshold)
    cm_by_id = {(r.authority, r.child_id): r for r in cm}
    ssda903_by_id = {(r.authority, r.child_id): r for r in ssda903}
    findings = []
    for link in links:
        pair = cm_by_id[(link.authority, link.cm_id)], ssda903_by_id[(link.authority, link.ssda903_id)]
        if in_scope(pair[0]) or in_scope(pair[1]):
            findings += compare_pair(link, *pair, covered)
    findings += [missing_child(r, covered) for r in unlinked_cm + unlinked_903 if in_scope(r)]
    findings += _figure_findings(con, covered_years, links)
    findings += name_findings(con)
    count_evidence_rows(con, findings)
    result = Reconciliation(links, findings, [r.child_id for r in unlinked_cm], [r.child_id for r in unlinked_903],
                            {a: sorted(f"{y}" for y in ys) for a, ys in covered_years.items()})
    if write:
        write_tables(con, result)
    log.info("reconciliation: %d links (%d scored), %d findings", len(links),
             sum(1 for link in links if link.method == "scored"), len(findings))
    return result


def count_evidence_rows(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    """Fill each record evidence item's ``rows``: how many copies its query returns (one grouped query
    per table, not one per finding). Every reconciliation finding's entity is its authority."""
    items = [(f.entity, e) for f in findings for e in f.evidence if e.get("rows") is None and "key_column" in e]
    wanted: dict[tuple, set[tuple]] = defaultdict(set)
    for authority, item in items:
        wanted[(item["source"], item["key_column"])].add((authority, item["id"]))
    counts: dict[tuple, int] = {}
    tables = existing_tables(con)
    for (table, column), keys in wanted.items():
        if table not in tables:
            continue
        con.execute("create or replace temp table evidence_keys (authority varchar, record varchar)")
        insert_rows(con, "evidence_keys", sorted(keys))
        for authority, record, n in con.execute(
                f'select t.authority, t."{column}", count(*) from "{table}" t join evidence_keys k '
                f'on k.authority = t.authority and k.record = t."{column}" group by all').fetchall():
            counts[(table, column, authority, record)] = n
    for authority, item in items:
        item["rows"] = counts.get((item["source"], item["key_column"], authority, item["id"]), 0)


def _write(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list], types: dict[str, pa.DataType]) -> None:
    """Replace ``table`` with ``columns`` (one Arrow batch: DuckDB's executemany is a statement per row)."""
    batch = pa.table({name: pa.array(values, type=types[name]) for name, values in columns.items()})
    con.register("reconciliation_batch", batch)
    try:
        con.execute(f"create or replace table {table} as select * from reconciliation_batch")
    finally:
        con.unregister("reconciliation_batch")


def write_tables(con: duckdb.DuckDBPyConnection, result: Reconciliation) -> None:
    text, number = pa.string(), pa.float64()
    links = result.links
    _write(con, LINKS_TABLE, {
        "authority": [k.authority for k in links], "cm_id": [k.cm_id for k in links],
        "ssda903_id": [k.ssda903_id for k in links], "method": [k.method for k in links],
        "score": [k.score for k in links], "threshold": [k.threshold for k in links],
        "parts": [json.dumps(k.parts) for k in links]},
        {"authority": text, "cm_id": text, "ssda903_id": text, "method": text, "score": number, "threshold": number,
         "parts": text})
    findings = result.findings
    _write(con, FINDINGS_TABLE, {
        "rule": [f.rule for f in findings], "severity": [f.severity for f in findings],
        "metric": [f.metric for f in findings], "period": [f.period for f in findings],
        "entity": [f.entity for f in findings], "message": [f.message for f in findings],
        "stated": [f.stated for f in findings], "expected": [f.expected for f in findings],
        "evidence": [json.dumps(f.evidence, default=str) for f in findings],
        "fingerprint": [f.fingerprint for f in findings],
        "finding_values": [json.dumps(list(f.values), default=str) for f in findings],
        "acknowledged": [json.dumps(f.acknowledged) if f.acknowledged else None for f in findings]},
        {"rule": text, "severity": text, "metric": text, "period": text, "entity": text, "message": text,
         "stated": number, "expected": number, "evidence": text, "fingerprint": text, "finding_values": text,
         "acknowledged": text})


def findings_from_table(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every authority's findings as the reconciliations wrote them (partitioned runs write one authority's
    rows each, and the outputs list them all), with the same fingerprints."""
    if FINDINGS_TABLE not in existing_tables(con):
        return []
    rows = con.execute(f"select rule, severity, message, metric, period, entity, stated, expected, evidence, "
                       f"finding_values from {FINDINGS_TABLE}").fetchall()
    return [Finding(rule=rule, severity=severity, message=message, metric=metric, period=period, entity=entity,
                    stated=_whole(stated), expected=_whole(expected), evidence=json.loads(evidence),
                    values=tuple(json.loads(values)) if values else ())
            for rule, severity, message, metric, period, entity, stated, expected, evidence, values in rows]


def mark_acknowledged(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    """Record in the table which findings an auditor's acknowledgement covers today (``findings`` as
    :func:`findings_from_table` read them, with ``acknowledged`` set), so the nightly exit code, the
    ``sources_agree`` check and the alerts leave them out. Set whole each time: an expired or removed
    acknowledgement stops applying."""
    con.execute(f"update {FINDINGS_TABLE} set acknowledged = null")
    marked = [(json.dumps(f.acknowledged), f.fingerprint) for f in findings if f.acknowledged]
    if marked:
        con.executemany(f"update {FINDINGS_TABLE} set acknowledged = ? where fingerprint = ?", marked)


def _whole(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


__all__ = ["FINDINGS_TABLE", "LINKS_TABLE", "RECONCILED_METRICS", "Reconciliation", "findings_from_table",
           "mark_acknowledged", "reconcile"]

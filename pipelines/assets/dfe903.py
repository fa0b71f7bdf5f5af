"""The DfE's 903 rules as Dagster asset checks on the validated 903 tables.

The source validation already runs the rules on each return as it arrives (their flags are in the
``quarantine`` table with a ``dfe_rule``). These checks run the same library function again on what
validation let through, return by return (authority and extract date, each judged by the rules of its
own collection year), so the Dagster UI shows, per validated table, how many rows each DfE rule flags
there and how many it flagged at validation. Metadata carries counts by rule only, never ids or names.

They do not block: removing a quarantined row can itself leave a cross-table rule unmet (an adoptive
placement whose decision row was quarantined), which the data officer needs to see, not a stopped run.
"""

from collections import Counter

import dagster as dg
import polars as pl
from adoption_audit.checks.dfe903 import RULES, CollectionYear, run_rules
from adoption_audit.checks.dfe903.dates import DATE_COLUMNS
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.validation.layout import SourceLayout, SourcePartition, collection_year_of
from dagster_duckdb import DuckDBResource

KINDS_903 = ("ssda903_header", "ssda903_episodes", "ssda903_ad1", "ssda903_placed_for_adoption")
OPTIONAL_903 = ("ssda903_uasc",)  # read when the warehouse has it (rule 231)


def validated_key(kind: str) -> dg.AssetKey:
    return dg.AssetKey(f"validated_{kind}")


def _text_table(con, kind: str, authority: str | None = None) -> pl.DataFrame | None:
    """The validated table as the rules read it: text columns (dates back to dd/mm/YYYY), ``_row`` from
    the source row, and the return it came from (one authority's returns when ``authority`` is given)."""
    if not con.execute("select count(*) from information_schema.tables where table_name = ?", [kind]).fetchall()[0][0]:
        return None
    dates = set(DATE_COLUMNS.get(kind, ()))
    columns = [f"""strftime("{c}", '%d/%m/%Y') as "{c}" """ if c in dates else f'cast("{c}" as varchar) as "{c}"'
               for c in EXTRACT_KINDS[kind].column_names]
    sql = (f'select {", ".join(columns)}, source_row as _row, authority, extract_date from "{kind}" '
           f"where extract_date is not null" + (" and authority = $authority" if authority else ""))
    return pl.from_arrow(con.sql(sql, params={"authority": authority} if authority else None).to_arrow_table())


def rule_counts(con, partition: SourcePartition | None = None) -> tuple[dict[str, Counter], int]:
    """Flags per kind and rule over every return in the warehouse (or in one source partition), and how
    many returns were checked. A partition's run checks its own returns only: checking every return in
    every partition's run would make a region's night grow with the square of its returns."""
    authority = partition.authority if partition else None
    tables = {k: t for k in (*KINDS_903, *OPTIONAL_903) if (t := _text_table(con, k, authority)) is not None}
    by_return: dict[tuple, dict[str, pl.DataFrame]] = {}
    for kind, table in tables.items():  # one pass per table, not one filter per return
        for (owner, extract_date), part in table.partition_by("authority", "extract_date", as_dict=True).items():
            if partition and collection_year_of(extract_date) != partition.year:
                continue
            by_return.setdefault((owner or "", extract_date), {})[kind] = part.drop("authority", "extract_date")
    counts: dict[str, Counter] = {k: Counter() for k in KINDS_903}
    for (_, extract_date), one in sorted(by_return.items()):
        flagged = run_rules(one, CollectionYear.of_extract_date(extract_date))
        for rule, kind, n in flagged.group_by("rule", "kind").len().iter_rows():
            counts.setdefault(kind, Counter())[rule] += n
    return counts, len(by_return)


def _at_validation(con, partition: SourcePartition | None = None) -> dict[str, Counter]:
    found: dict[str, Counter] = {k: Counter() for k in KINDS_903}
    if con.execute("select count(*) from information_schema.tables where table_name = 'quarantine'").fetchall()[0][0]:
        rows = con.execute("select kind, dfe_rule, extract_date, count(*) from quarantine where dfe_rule is not null "
                           + ("and authority = ? " if partition else "") + "group by all",
                           [partition.authority] if partition else []).fetchall()
        rows = [(kind, rule, n) for kind, rule, day, n in rows
                if partition is None or collection_year_of(day) == partition.year]
        for kind, rule, n in rows:
            found.setdefault(kind, Counter())[rule] += n
    return found


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec("dfe903_rules", asset=validated_key(k), blocking=False,
                             description="The DfE's SSDA903 adoption rules of each return's collection year: "
                                         "flags by rule in the validated rows (and at validation).")
           for k in KINDS_903],
    can_subset=False,
)
def dfe903_rules(context: dg.AssetCheckExecutionContext, warehouse: DuckDBResource):
    partition = SourceLayout.partition_of(context.partition_key) if context.has_partition_key else None
    with warehouse.get_connection() as con:
        counts, returns = rule_counts(con, partition)
        earlier = _at_validation(con, partition)
    for kind in KINDS_903:
        found = counts.get(kind, Counter())
        errors = sum(n for rule, n in found.items() if RULES[rule].severity == "error")
        metadata = {"returns_checked": returns, "flags": sum(found.values()), "error_flags": errors,
                    "flags_at_validation": sum(earlier.get(kind, Counter()).values()),
                    **{f"dfe_{rule}": n for rule, n in sorted(found.items())}}
        yield dg.AssetCheckResult(
            asset_key=validated_key(kind), check_name="dfe903_rules", passed=not found,
            severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN, metadata=metadata)


asset_checks = [dfe903_rules]

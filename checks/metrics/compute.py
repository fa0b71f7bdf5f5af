"""From validated tables to the long ``metrics`` table: events first, then one aggregation for all.

1. ``current_<kind>`` tables keep each source record once (latest return wins), and the journey tables
   put both systems' children in one shape.
2. The years each authority's extracts cover give the financial years reported and the 31 March
   dates stocks are counted at; then every family's event queries fill ``metric_events`` (one row per
   child, household or application counted) in one statement.
3. One SQL aggregation turns events into values: per financial year or date, per breakdown the
   catalogue offers, and for averages and percents the 3-year windows weighted by number of children.
4. The DfE thresholds are added for every scorecard period computed.
"""

from __future__ import annotations

import time

import duckdb
from adoption_audit.checks.catalogue import load_catalogue, load_thresholds
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.metrics import adopters, asf, children, panels, scorecard
from adoption_audit.checks.metrics.current import create_current_views, existing_tables
from adoption_audit.checks.metrics.events import EventQuery
from adoption_audit.checks.metrics.journeys import create_journey_views
from adoption_audit.checks.metrics.periods import fy_label_sql, fy_start_sql

from adoption_audit.logs import get_logger

log = get_logger("metrics")

FAMILIES = (children, adopters, panels, asf, scorecard)
EVENTS_TABLE, METRICS_TABLE = "metric_events", "metrics"
WINDOW_YEARS = 3

AGE_BAND_SQL = """case when age is null or age < 0 then null when age < 1 then 'under_1' when age < 5 then '1_to_4'
     when age < 10 then '5_to_9' when age < 16 then '10_to_15' else '16_plus' end"""

EVENTS_DDL = f"""create or replace table {EVENTS_TABLE} (
    metric varchar, source varchar, authority varchar, subject_id varchar, event_date date, year integer,
    period varchar, value double, placement varchar, ethnicity varchar, sex varchar, age_band varchar)"""

METRICS_DDL = f"""create or replace table {METRICS_TABLE} (
    metric varchar, authority varchar, period varchar, breakdown varchar, breakdown_name varchar,
    breakdown_value varchar, value double, numerator double, denominator bigint, source varchar, rows bigint,
    kind varchar, unit varchar)"""


def all_event_queries() -> list[EventQuery]:
    return [query for family in FAMILIES for query in family.EVENTS]


def _insert_events(con: duckdb.DuckDBPyConnection, queries: list[EventQuery]) -> None:
    """Run every definition in ``queries`` as one statement (one scan plan, run in parallel by DuckDB)."""
    if not queries:
        return
    parts = []
    for query in queries:
        period = "strftime(event_date, '%Y-%m-%d')" if query.stock else fy_label_sql("year")
        parts.append(f"""
        select '{query.metric}' as metric, '{query.source}' as source, authority, subject_id, event_date, year,
               {period} as period, value, placement, ethnicity, sex, {AGE_BAND_SQL} as age_band
        from (select *, {fy_start_sql('event_date')} as year, date_sub('year', dob, event_date) as age
              from ({query.sql}) where event_date is not null)""")
    con.execute(f"insert into {EVENTS_TABLE} " + " union all ".join(parts))


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert many small rows in one statement (DuckDB's ``executemany`` runs one statement per row)."""
    if not rows:
        return
    width = len(rows[0])
    placeholders = ", ".join(f"({', '.join('?' * width)})" for _ in rows)
    con.execute(f"insert into {table} values {placeholders}", [value for row in rows for value in row])


def _catalogue_tables(con: duckdb.DuckDBPyConnection) -> None:
    catalogue = load_catalogue()
    con.execute("create or replace temp table metric_catalogue (metric varchar, kind varchar, unit varchar)")
    insert_rows(con, "metric_catalogue", [(m.id, m.kind, m.unit) for m in catalogue])
    con.execute("create or replace temp table metric_breakdowns (metric varchar, dimension varchar)")
    insert_rows(con, "metric_breakdowns", [(m.id, b) for m in catalogue for b in m.breakdowns])


def _reporting_years(con: duckdb.DuckDBPyConnection) -> None:
    """Per authority: the financial years its extracts cover, and their 31 March dates.

    An extract dated 31 March 2019 covers 2018-19; an authority's figures run from the year of its
    earliest extract to the year of its latest, whatever the system. Events dated earlier (a history
    the first extract carries) stay in ``metric_events`` for explain, but make no figure: a 903 return
    only holds the episodes open in its year, so earlier years would be undercounted. A year still
    running at the latest extract (dated before 31 March) is reported to date.
    """
    tables = existing_tables(con)
    extracts = " union all ".join(
        f'select authority, min(extract_date) as first, max(extract_date) as latest from "{t}" group by authority'
        for t in sorted(tables) if t in EXTRACT_KINDS)
    if not extracts:
        extracts = "select cast(null as varchar) as authority, cast(null as date) as first, " \
                   "cast(null as date) as latest where false"
    con.execute(f"""create or replace temp table reporting_years as
        with spans as (select authority, min(first) as first, max(latest) as latest from ({extracts}) group by 1)
        select authority, year, make_date(year + 1, 3, 31) as on_date,
               make_date(year + 1, 3, 31) <= latest as complete
        from spans, range({fy_start_sql('first')}, {fy_start_sql('latest')} + 1) as r(year)""")
    con.execute("create or replace temp view year_ends as select authority, on_date from reporting_years "
                "where complete")


# The breakdowns every event carries a column for; the catalogue says which metrics offer each.
BREAKDOWN_DIMENSIONS = ("placement", "ethnicity", "sex", "age_band")
PARTS_SQL = "\n    union all\n".join(
    f"""    select cell, '{d}' as name, {d} as part, sum(value) as s, count(*) as n from e
    where {d} is not null and metric in (select metric from metric_breakdowns where dimension = '{d}')
    group by cell, {d}""" for d in BREAKDOWN_DIMENSIONS)

# The events are grouped by "cell" (a hash of metric, source, authority and period) for the whole, and
# by cell and part for each breakdown the catalogue offers: grouping on one integer is several times
# faster than on four strings at national size. 3-year windows are summed from the rate events.
AGGREGATE_SQL = f"""
insert into {METRICS_TABLE}
with e as (
    select *, hash(metric, source, authority, period) as cell
    from {EVENTS_TABLE} semi join reporting_years r using (authority, year)
), cells as (
    select cell, any_value(metric) as metric, any_value(source) as source, any_value(authority) as authority,
           any_value(period) as period, sum(value) as s, count(*) as n
    from e group by cell
), parts as (
{PARTS_SQL}
), rows_ as (
    select metric, source, authority, period, cast(null as varchar) as name, cast(null as varchar) as part, s, n
    from cells
    union all
    select c.metric, c.source, c.authority, c.period, p.name, p.part, p.s, p.n from parts p join cells c using (cell)
    union all
    select e.metric, e.source, e.authority, w.label, null, null, sum(e.value), count(*)
    from e join windows w on w.authority = e.authority and e.year between w.first_year and w.last_year
    where e.metric in (select metric from metric_catalogue where kind in ('average', 'percent'))
    group by e.metric, e.source, e.authority, w.label
), kept as (
    select r.*, c.kind, c.unit from rows_ r join metric_catalogue c using (metric)
    where r.name is null or c.kind in ('flow', 'stock')
)
select metric, authority, period, case when name is null then null else json_object(name, part)::varchar end,
       name, part,
       case when unit = 'count' then n
            when kind = 'average' then round(s / n, 1)
            when kind = 'percent' then round(100.0 * s / n, 1)
            else round(s, 2) end,
       case when kind in ('average', 'percent') then s end,
       case when kind in ('average', 'percent') then n end,
       source, n, kind, unit
from kept
"""


def _windows(con: duckdb.DuckDBPyConnection) -> None:
    """3-year scorecard windows: every run of three consecutive reported years of an authority."""
    con.execute(f"""create or replace temp table windows as
        select r.authority, r.year - {WINDOW_YEARS - 1} as first_year, r.year as last_year,
               {fy_label_sql(f'r.year - {WINDOW_YEARS - 1}')} || '..' || {fy_label_sql('r.year')} as label
        from reporting_years r
        where r.complete and (select count(*) from reporting_years p where p.authority = r.authority and p.complete
                              and p.year between r.year - {WINDOW_YEARS - 1} and r.year) = {WINDOW_YEARS}""")


ZERO_FILL_SQL = f"""
insert into {METRICS_TABLE}
select q.metric, r.authority, p.period, null, null, null, 0, null, null, q.source, 0, c.kind, c.unit
from metric_sources q
join metric_catalogue c using (metric)
join authority_systems s on s.system = q.source
join reporting_years r on r.authority = s.authority
cross join lateral (select case when q.stock then strftime(r.on_date, '%Y-%m-%d')
                                else {fy_label_sql('r.year')} end as period) p
where c.kind in ('flow', 'stock') and (r.complete or not q.stock)
  and not exists (select 1 from {METRICS_TABLE} m where m.metric = q.metric and m.source = q.source
                  and m.authority = r.authority and m.period = p.period and m.breakdown is null)
"""


def _zero_fill(con: duckdb.DuckDBPyConnection, queries: list[EventQuery]) -> None:
    """A count is 0, not absent, for a year an authority's system has data for but no event in."""
    con.execute("create or replace temp table metric_sources (metric varchar, source varchar, stock boolean)")
    insert_rows(con, "metric_sources", sorted({(q.metric, q.source, q.stock) for q in queries}))
    tables = existing_tables(con)
    systems = " union ".join(f"select distinct authority, '{kind.system}' as system from \"{kind.kind}\""
                             for kind in EXTRACT_KINDS.values() if kind.kind in tables)
    con.execute("create or replace temp table authority_systems as "
                + (systems or "select cast(null as varchar) as authority, cast(null as varchar) as system where false"))
    con.execute(ZERO_FILL_SQL)


def _thresholds(con: duckdb.DuckDBPyConnection) -> None:
    """A DfE threshold row beside every A1/A2 figure whose period a threshold applies to.

    A step applies to periods by their last financial year (a 3-year period ``2016-17..2018-19`` and
    the single year ``2018-19`` both end in 2018-19), as thresholds.yaml declares.
    """
    con.execute("create or replace temp table threshold_steps (metric varchar, indicator varchar, value double, "
                "first_end integer, last_end integer)")
    insert_rows(con, "threshold_steps", [(s.metric, s.indicator, float(s.value), int(s.first_end[:4]),
                                          int(s.last_end[:4]) if s.last_end else None) for s in load_thresholds()])
    con.execute(f"""insert into {METRICS_TABLE}
        select distinct s.metric, m.authority, m.period, null, null, null, s.value, null, null, 'dfe', 0, 'target', 'days'
        from {METRICS_TABLE} m join threshold_steps s on s.indicator = m.metric
        where m.breakdown is null
          and try_cast(regexp_extract(m.period, '(\\d{{4}})-\\d{{2}}$', 1) as integer)
              between s.first_end and coalesce(s.last_end, 9999)""")


def build_metrics_table(con: duckdb.DuckDBPyConnection) -> int:
    """Compute every catalogued metric from the validated tables on ``con``; return the rows written.

    Writes ``metric_events`` (the rows behind each figure) and ``metrics`` (the long table of the
    ``metrics compute`` contract). Idempotent: both tables are replaced.
    """
    started = time.perf_counter()
    present = create_current_views(con)
    create_journey_views(con)
    _catalogue_tables(con)
    con.execute(EVENTS_DDL)
    _reporting_years(con)
    queries = all_event_queries()
    _insert_events(con, queries)
    _windows(con)
    con.execute(METRICS_DDL)
    con.execute(AGGREGATE_SQL)
    _zero_fill(con, queries)
    _thresholds(con)
    rows = con.execute(f"select count(*) from {METRICS_TABLE}").fetchone()[0]
    log.info("metrics: %d rows from %d validated tables in %.2f s", rows, sum(present.values()),
             time.perf_counter() - started)
    return rows


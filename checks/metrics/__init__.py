"""Catalogued figures computed from validated sources, and the ids behind each one.

``compute_metrics(con)`` reads the validated tables on a DuckDB connection (one per extract kind, as
``checks.validation.write_warehouse`` writes them), writes the long ``metrics`` table and returns its
rows; ``explain`` lists the child, household or family ids behind one value. One module per family
holds the definitions as SQL: children, adopters, panels, asf, scorecard.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
from adoption_audit.checks.catalogue import catalogue_by_id
from adoption_audit.checks.metrics.compute import EVENTS_TABLE, METRICS_TABLE, build_metrics_table
from adoption_audit.checks.metrics.current import existing_tables
from adoption_audit.checks.metrics.periods import parse_period

from adoption_audit.errors import UnknownMetric

CONTRACT_FIELDS = ("metric", "authority", "period", "breakdown", "value", "numerator", "denominator", "source",
                   "rows")


@dataclass(frozen=True)
class MetricValue:
    """One row of the ``metrics compute`` contract."""

    metric: str
    authority: str
    period: str
    breakdown: dict | None
    value: float | int
    numerator: float | int | None
    denominator: int | None
    source: str
    rows: int

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in CONTRACT_FIELDS}


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_metrics(con: duckdb.DuckDBPyConnection) -> list[MetricValue]:
    """The ``metrics`` table as values, in a stable order."""
    rows = con.execute(f"""select metric, authority, period, breakdown, value, numerator, denominator, source, rows
                           from {METRICS_TABLE}
                           order by authority, metric, period, source, breakdown_name nulls first,
                                    breakdown_value""").fetchall()
    return [MetricValue(metric, authority, period, json.loads(breakdown) if breakdown else None, _number(value),
                        _number(numerator), denominator, source, rows_)
            for metric, authority, period, breakdown, value, numerator, denominator, source, rows_ in rows]


def compute_metrics(con: duckdb.DuckDBPyConnection) -> list[MetricValue]:
    """Compute every catalogued metric from the validated tables on ``con``; write and return them."""
    build_metrics_table(con)
    return read_metrics(con)


def explain(con: duckdb.DuckDBPyConnection, metric: str, authority: str, period: str,
            breakdown: dict | None = None) -> dict[str, list[str]]:
    """The ids behind ``metric`` for ``authority`` and ``period``, per source system.

    Children are listed by child id, households by household id, ASF figures by family id, panels by
    panel id. A 3-year period lists the children of its three years. Computes the metrics first when
    the warehouse has none yet.
    """
    if metric not in catalogue_by_id():
        raise UnknownMetric(f"'{metric}' is not a catalogued metric")
    parsed = parse_period(period)
    if EVENTS_TABLE not in existing_tables(con):
        build_metrics_table(con)
    where, params = ["metric = ?", "authority = ?"], [metric, authority]
    if parsed.is_date:
        where.append("period = ?")
        params.append(parsed.text)
    else:
        where.append("year between ? and ? and period not like '____-__-__'")
        params += [parsed.first_year, parsed.last_year]
    for name, value in (breakdown or {}).items():
        if name not in ("placement", "ethnicity", "sex", "age_band"):
            raise UnknownMetric(f"'{name}' is not a breakdown")
        where.append(f"{name} = ?")
        params.append(value)
    rows = con.execute(f"select source, subject_id from {EVENTS_TABLE} where {' and '.join(where)} "
                       "group by all order by source, subject_id", params).fetchall()
    ids: dict[str, list[str]] = {}
    for source, subject in rows:
        ids.setdefault(source, []).append(subject)
    return ids


__all__ = [
    "EVENTS_TABLE",
    "METRICS_TABLE",
    "MetricValue",
    "build_metrics_table",
    "compute_metrics",
    "explain",
    "read_metrics",
]

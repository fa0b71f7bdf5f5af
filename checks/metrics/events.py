"""The shape every metric definition shares: a query yielding one row per counted event.

A definition is a DuckDB ``select`` returning ``authority, subject_id, event_date, value, placement,
ethnicity, sex, dob``: one row per child, household, panel or application counted, dated by the event
that places it in a period. ``value`` is 1 for counts, pounds for money, days for averages and 0/1 for
percents. Keeping the rows (table ``metric_events``) is what makes every figure explainable: the ids
behind a value are the ``subject_id`` of its rows.

Stocks ("at 31 March") are the same, with ``event_date`` the date counted at; their queries join the
``year_ends`` table of (authority, on_date) the aggregation provides.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventQuery:
    metric: str
    source: str  # case_management | ssda903 | panel_adm | finance
    sql: str
    stock: bool = False


def journey_events(metric: str, source: str, date_column: str, where: str = "true") -> EventQuery:
    """Children counted by one date of their journey (``cm_journeys`` or ``ssda903_journeys``).

    A child's event counts once per date: when a placement disrupts and case management records the
    child's journey again, the new journey repeats the decision and the order, which happened once.
    (Only children with several journeys need the check; a 903 journey is a period of care, whose
    dates no other period repeats.)
    """
    columns = (f"authority, child_id as subject_id, {date_column} as event_date, 1.0 as value, placement, "
               "ethnicity, sex, dob")
    condition = f"{date_column} is not null and ({where})"
    if source != "case_management":
        return EventQuery(metric, source, f"select {columns} from ssda903_journeys where {condition}")
    return EventQuery(metric, source, f"""
        select {columns} from cm_journeys where journeys = 1 and {condition}
        union all
        select {columns} from cm_journeys where journeys > 1 and {condition}
        qualify row_number() over (partition by authority, child_id, {date_column} order by record_id) = 1""")

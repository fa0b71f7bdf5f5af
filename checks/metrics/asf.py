"""The Adoption Support Fund: money applied for, and families supported, in the financial year."""

from __future__ import annotations

from adoption_audit.checks.metrics.events import EventQuery
from adoption_audit.checks.metrics.periods import fy_start_sql

FINANCE = "finance"
_NO_BREAKDOWN = ("cast(null as varchar) as placement, cast(null as varchar) as ethnicity, "
                 "cast(null as varchar) as sex, cast(null as date) as dob")

EVENTS = [
    EventQuery("asf_amount", FINANCE, f"""
        select authority, family_id as subject_id, application_date as event_date, cast(amount as double) as value,
               {_NO_BREAKDOWN}
        from current_asf_ledger"""),
    # A family counts once a year however many applications it made: dated by its first that year.
    EventQuery("asf_families", FINANCE, f"""
        select authority, family_id as subject_id, min(application_date) as event_date, 1.0 as value, {_NO_BREAKDOWN}
        from current_asf_ledger group by authority, family_id, {fy_start_sql('application_date')}"""),
]

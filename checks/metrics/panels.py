"""Adoption panels and the ADM: meetings held, cases heard, and CPRs the ADM considered."""

from __future__ import annotations

from adoption_audit.checks.metrics.events import EventQuery

PANEL_ADM = "panel_adm"
_NO_BREAKDOWN = ("cast(null as varchar) as placement, cast(null as varchar) as ethnicity, "
                 "cast(null as varchar) as sex, cast(null as date) as dob")

EVENTS = [
    # One meeting is one panel_id, dated by its (earliest) panel date.
    EventQuery("panels_held", PANEL_ADM, f"""
        select authority, panel_id as subject_id, min(panel_date) as event_date, 1.0 as value, {_NO_BREAKDOWN}
        from current_panel_log group by authority, panel_id"""),
    EventQuery("panel_cases", PANEL_ADM, f"""
        select authority, subject_id, panel_date as event_date, 1.0 as value, {_NO_BREAKDOWN}
        from current_panel_log"""),
    # A CPR is considered when the ADM receives it; a reworked CPR comes back with a new cpr_id (our reading).
    EventQuery("cprs_considered", PANEL_ADM, f"""
        select authority, child_id as subject_id, cpr_received_date as event_date, 1.0 as value, {_NO_BREAKDOWN}
        from current_cpr_log"""),
]

"""Adopter recruitment: enquiries through approval, and approved households waiting at 31 March.

Households are counted by the date of each stage in the case-management extract; approvals also from
the panel/ADM log (the ADM's agreement to an approval case), so the two systems can be compared.
Breakdown: the first applicant's ethnicity.
"""

from __future__ import annotations

from adoption_audit.checks.metrics.events import EventQuery

CM = "case_management"


def household_events(metric: str, date_column: str, where: str = "true") -> EventQuery:
    return EventQuery(metric, CM, f"""
        select authority, household_id as subject_id, {date_column} as event_date, 1.0 as value,
               cast(null as varchar) as placement, upper(applicant_ethnicity) as ethnicity,
               cast(null as varchar) as sex, cast(null as date) as dob
        from current_cm_adopter_households where {date_column} is not null and ({where})""")


PANEL_APPROVALS = EventQuery("adopters_approved", "panel_adm", """
    select authority, subject_id, coalesce(adm_decision_date, panel_date) as event_date, 1.0 as value,
           cast(null as varchar) as placement, cast(null as varchar) as ethnicity, cast(null as varchar) as sex,
           cast(null as date) as dob
    from current_panel_log where upper(case_type) = 'ADOPTER_APPROVAL' and upper(adm_decision) = 'AGREED'""")

# Approved on or before the date, not matched by then, and not withdrawn or deregistered by then.
ADOPTERS_WAITING = EventQuery("adopters_waiting", CM, """
    select h.authority, h.household_id as subject_id, y.on_date as event_date, 1.0 as value,
           cast(null as varchar) as placement, upper(h.applicant_ethnicity) as ethnicity,
           cast(null as varchar) as sex, cast(null as date) as dob
    from current_cm_adopter_households h join year_ends y on y.authority = h.authority
    where h.approval_date <= y.on_date
      and (h.matched_date is null or h.matched_date > y.on_date)
      and not (upper(coalesce(h.outcome, '')) in ('WITHDRAWN', 'NOT_APPROVED') and h.outcome_date <= y.on_date)""",
    stock=True)

EVENTS = [
    household_events("adopter_enquiries", "enquiry_date"),
    household_events("initial_visits", "initial_visit_date"),
    household_events("stage_one_starts", "stage_one_start_date"),
    household_events("stage_two_starts", "stage_two_start_date"),
    household_events("adopters_approved", "approval_date"),
    PANEL_APPROVALS,
    household_events("adopters_approved_child_specific", "approval_date", "child_specific"),
    household_events("adopters_approved_second_time", "approval_date", "second_time_adopter"),
    ADOPTERS_WAITING,
]

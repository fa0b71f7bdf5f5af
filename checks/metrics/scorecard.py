"""The DfE adoption scorecard timeliness indicators, per child adopted, from each system.

Every indicator is over the children adopted in the period (adoption order granted), dated by the
adoption order. Each row's ``value`` is the child's days (A1, A2, A10, A20) or 1/0 (A3), so a year's
figure is the mean and the 3-year figure is the sum of days over the sum of children of the three
years, as the DfE scorecard weights it. Definitions, and where they are our reading, in docs/metrics.md.
"""

from __future__ import annotations

from adoption_audit.checks.metrics.events import EventQuery

A3_DAYS = 426  # 14 months, as the DfE counts it

SOURCES = {"case_management": "cm_journeys", "ssda903": "ssda903_journeys"}

# metric -> (days expression, which adopted children it covers)
INDICATORS = {
    # A1: entering care to moving in with the adoptive family.
    "a1_days": ("placed - entered_care", "placed is not null and entered_care is not null"),
    # A10: as A1, but a child adopted by its foster carers moved in when it moved in with them.
    "a10_days": ("coalesce(case when foster_carer_adopted then fc_start end, placed) - entered_care",
                 "placed is not null and entered_care is not null"),
    # A3: moved in within 426 days of entering care (our reading of "less than 14 months": 426 or fewer).
    "a3_percent": (f"case when placed - entered_care <= {A3_DAYS} then 1 else 0 end",
                   "placed is not null and entered_care is not null"),
    # A2: placement order to the ADM match decision; 0 when matched first; children placed before the
    # order without one (relinquished) or never placed are excluded, as the DfE does.
    "a2_days": ("greatest(matched - placement_order, 0)",
                "placement_order is not null and matched is not null and placed is not null"),
    # A20: entering care to the placement order (our reading: the A2 cohort's other half).
    "a20_days": ("placement_order - entered_care", "placement_order is not null and entered_care is not null"),
}


def _indicator(metric: str, source: str, view: str) -> EventQuery:
    days, cohort = INDICATORS[metric]
    return EventQuery(metric, source, f"""
        select authority, child_id as subject_id, adoption_order as event_date, cast({days} as double) as value,
               placement, ethnicity, sex, dob
        from {view} where adoption_order is not null and {cohort}""")


EVENTS = [_indicator(metric, source, view) for metric in INDICATORS for source, view in SOURCES.items()]

"""Children's activity: decisions, orders, matches, placements, adoptions, disruptions, and who waits.

Each figure is counted in the financial year of its event (the date the order was granted, the date
the child moved in), from each system that records it. Our readings of the 903 return are in
:mod:`adoption_audit.checks.metrics.journeys`.
"""

from __future__ import annotations

from adoption_audit.checks.metrics.events import EventQuery, journey_events
from adoption_audit.checks.metrics.journeys import SEX_SQL

CM, SSDA903, PANEL_ADM = "case_management", "ssda903", "panel_adm"

_HEADER_FIELDS = f"upper(h.ETHNIC) as ethnicity, {SEX_SQL.format(col='h.SEX')} as sex"

# The 903 return records an ADM decision in two tables: the placed-for-adoption table (children still
# in care) and AD1 (children adopted). A decision is one child and date; ``union`` keeps it once.
SSDA903_ADM_DECISIONS = EventQuery("adm_adoption_decisions", SSDA903, f"""
    select p.authority, p.CHILD as subject_id, p.DATE_PLACED as event_date, 1.0 as value,
           cast(null as varchar) as placement, {_HEADER_FIELDS}, coalesce(h.DOB, p.DOB) as dob
    from current_ssda903_placed_for_adoption p
    left join current_ssda903_header h on h.authority = p.authority and h.CHILD = p.CHILD
    where p.DATE_PLACED is not null
    union
    select a.authority, a.CHILD, a.DATE_INT, 1.0, cast(null as varchar), {_HEADER_FIELDS}, coalesce(h.DOB, a.DOB)
    from current_ssda903_ad1 a
    left join current_ssda903_header h on h.authority = a.authority and h.CHILD = a.CHILD
    where a.DATE_INT is not null""")

SSDA903_PLANS_CHANGED = EventQuery("plans_changed", SSDA903, f"""
    select p.authority, p.CHILD as subject_id, p.DATE_PLACED_CEASED as event_date, 1.0 as value,
           cast(null as varchar) as placement, {_HEADER_FIELDS}, coalesce(h.DOB, p.DOB) as dob
    from current_ssda903_placed_for_adoption p
    left join current_ssda903_header h on h.authority = p.authority and h.CHILD = p.CHILD
    where p.DATE_PLACED_CEASED is not null""")

# Every adoptive move in the 903: a child whose first adoptive placement disrupted and who moved in
# with another family is placed twice, as case management records two journeys.
SSDA903_PLACED = EventQuery("children_placed", SSDA903, """
    select * from (select authority, child_id as subject_id, placed as event_date, 1.0 as value, placement,
                          ethnicity, sex, dob from ssda903_adoptive_moves)""")

# The CPR log records the ADM's decision on each child's plan: a decision for adoption counts.
PANEL_ADM_DECISIONS = EventQuery("adm_adoption_decisions", PANEL_ADM, """
    select authority, child_id as subject_id, min(adm_decision_date) as event_date, 1.0 as value,
           cast(null as varchar) as placement, cast(null as varchar) as ethnicity, cast(null as varchar) as sex,
           cast(null as date) as dob
    from current_cpr_log where upper(adm_decision) = 'ADOPTION' and adm_decision_date is not null
    group by authority, child_id""")

PANEL_ADM_MATCHES = EventQuery("children_matched", PANEL_ADM, """
    select authority, subject_id, coalesce(adm_decision_date, panel_date) as event_date, 1.0 as value,
           cast(null as varchar) as placement, cast(null as varchar) as ethnicity, cast(null as varchar) as sex,
           cast(null as date) as dob
    from current_panel_log where upper(case_type) = 'MATCH' and upper(adm_decision) = 'AGREED'""")

# A sibling group is placed together when two or more of its children move in; it counts once, in the
# year its first child moved in (our reading).
SIBLING_GROUPS_PLACED = EventQuery("sibling_groups_placed", CM, """
    select authority, sibling_group_id as subject_id, min(placed) as event_date, 1.0 as value,
           first(placement order by placed, placement) as placement, cast(null as varchar) as ethnicity,
           cast(null as varchar) as sex, cast(null as date) as dob
    from cm_journeys where sibling_group_id is not null and placed is not null
    group by authority, sibling_group_id having count(distinct child_id) >= 2""")

# At 31 March: a decision or an order on or before the date, not yet placed, plan not changed, not adopted.
_WAITING = """
    select j.authority, j.child_id as subject_id, y.on_date as event_date, 1.0 as value, j.placement,
           j.ethnicity, j.sex, j.dob
    from cm_journeys j join year_ends y on y.authority = j.authority
    where least(j.adm_decision, j.placement_order) <= y.on_date
      and (j.placed is null or j.placed > y.on_date)
      and (j.plan_changed is null or j.plan_changed > y.on_date)
      and (j.adoption_order is null or j.adoption_order > y.on_date)"""

EVENTS = [
    journey_events("adm_adoption_decisions", CM, "adm_decision"),
    SSDA903_ADM_DECISIONS,
    PANEL_ADM_DECISIONS,
    *[journey_events("placement_orders", s, "placement_order") for s in (CM, SSDA903)],
    *[journey_events("children_matched", s, "matched") for s in (CM, SSDA903)],
    PANEL_ADM_MATCHES,
    journey_events("children_placed", CM, "placed"),
    SSDA903_PLACED,
    journey_events("children_placed_inter_agency", CM, "placed", "placement = 'inter_agency'"),
    EventQuery("children_placed_inter_agency", SSDA903, SSDA903_PLACED.sql + " where placement = 'inter_agency'"),
    *[journey_events("adoption_orders", s, "adoption_order") for s in (CM, SSDA903)],
    SIBLING_GROUPS_PLACED,
    journey_events("ffa_placements", CM, "coalesce(fc_start, placed)", "ffa"),
    journey_events("disruptions", CM, "disruption_date"),
    journey_events("plans_changed", CM, "plan_changed"),
    SSDA903_PLANS_CHANGED,
    EventQuery("children_waiting", CM, _WAITING, stock=True),
    EventQuery("children_waiting_with_link", CM, _WAITING + " and j.link_identified <= y.on_date", stock=True),
]

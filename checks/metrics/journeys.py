"""Child adoption journeys, one row per child per journey, from each system, in one shape.

Case management records a journey's dates directly. The SSDA903 return records episodes of care, so a
journey there is derived (our reading of the DfE's return guidance):

- a period of care starts at an episode with ``RNE = 'S'``; its DECOM is the date the child entered
  care. When the returns held begin part-way through a period (its first episode held is not an
  ``S``), the date is unknown (null), never guessed: such a child is left out of A1, A3, A10 and A20;
- the placement order is the DECOM of the period's first episode with legal status ``E1`` after one
  without it;
- the child moved in with the adopters at the DECOM of the episode that began the period's last run
  of adoptive placements (``PLACE`` A3-A6 after a placement that was not one): after a disruption, the
  family that went on to adopt, as the scorecard's "moving in with its adoptive family" means, and as
  case management records ``placed_date``. The placement is in-house when that episode's
  ``PLACE_PROVIDER`` is ``PR1`` (the council's own provision), else inter-agency;
- where the first episode held of a period already has the order or the adoptive placement, its RNE
  says whether that changed on its DECOM (legal status: S, L, T, B; placement: S, P, T, U, B); if not,
  the change predates the returns held and the date is unknown (null), like the entry date above;
- the adoption order is the DEC of the episode that ended with ``REC`` E11 or E12;
- for A10, where AD1 says the foster carers adopted (``FOSTER_CARE = 1``), the child moved in with
  them at the start of the unbroken run of episodes at the same placement postcode that ends in the
  adoption placement;
- the ADM decision and the match come from AD1 (``DATE_INT``, ``DATE_MATCH``), which the return only
  holds for children adopted, so they are attached to the period that ended in adoption.

Both views carry ``source``, so metrics and reconciliation treat the systems alike.
"""

from __future__ import annotations

import duckdb

ADOPTION_PLACEMENTS = "('A3', 'A4', 'A5', 'A6')"
ADOPTED_REASONS = "('E11', 'E12')"
PLACEMENT_CHANGES = "('S', 'P', 'T', 'U', 'B')"  # RNE codes on which the placement changes
LEGAL_STATUS_CHANGES = "('S', 'L', 'T', 'B')"  # RNE codes on which the legal status changes
JOURNEY_COLUMNS = ("source", "authority", "child_id", "record_id", "dob", "sex", "ethnicity", "entered_care",
                   "adm_decision", "placement_order", "link_identified", "matched", "placed", "fc_start",
                   "adoption_order", "placement", "foster_carer_adopted", "plan_changed", "sibling_group_id",
                   "ffa", "disruption_date")

SEX_SQL = ("case upper(trim({col})) when '1' then 'M' when 'M' then 'M' when '2' then 'F' when 'F' then 'F' "
           "when 'U' then 'U' when '0' then 'U' when '9' then 'U' else null end")

CM_JOURNEYS = f"""
create or replace temp table cm_journeys as
select 'case_management' as source, authority, child_id, journey_id as record_id,
       date_of_birth as dob, {SEX_SQL.format(col='sex')} as sex, upper(ethnicity) as ethnicity,
       entered_care_date as entered_care, adm_decision_date as adm_decision,
       placement_order_date as placement_order, link_identified_date as link_identified,
       match_date as matched, placed_date as placed, foster_carer_adopter_start_date as fc_start,
       adoption_order_date as adoption_order,
       case upper(placement_type) when 'IN_HOUSE' then 'in_house' when 'INTER_AGENCY' then 'inter_agency' end
           as placement,
       foster_carer_adopter_start_date is not null as foster_carer_adopted,
       plan_changed_date as plan_changed, sibling_group_id, coalesce(ffa, false) as ffa, disruption_date,
       count(*) over (partition by authority, child_id) as journeys
from current_cm_child_journeys
"""

SSDA903_EPISODES_MARKED = f"""
create or replace temp table ssda903_marked as
with periods as (
    select *, sum(case when upper(RNE) = 'S' then 1 else 0 end)
                  over (partition by authority, CHILD order by DECOM rows unbounded preceding) as care_period
    from current_ssda903_episodes
), runs as (
    select *, sum(case when PL_POST is null or PL_POST is distinct from previous_postcode then 1 else 0 end)
                  over (partition by authority, CHILD, care_period order by DECOM rows unbounded preceding) as run
    from (select *, lag(PL_POST) over (partition by authority, CHILD, care_period order by DECOM)
                        as previous_postcode from periods)
), neighbours as (
    select *, lag(upper(PLACE)) over held as previous_place, lag(upper(LS)) over held as previous_ls,
           row_number() over held = 1 as first_held
    from runs window held as (partition by authority, CHILD, care_period order by DECOM)
), starts as (
    -- An adoptive move: an A3-A6 placement after one that was not. An order: LS E1 after another status.
    -- For the first episode held of a period, RNE says whether the placement (S, P, T, U, B) or the
    -- legal status (S, L, T, B) changed on its DECOM; if not, the change happened before the returns
    -- held begin and its date is unknown.
    select *,
           upper(PLACE) in {ADOPTION_PLACEMENTS} and case when first_held then upper(RNE) in {PLACEMENT_CHANGES}
               else previous_place is null or previous_place not in {ADOPTION_PLACEMENTS} end as adoptive_move,
           upper(LS) = 'E1' and case when first_held then upper(RNE) in {LEGAL_STATUS_CHANGES}
               else previous_ls is distinct from 'E1' end as order_start
    from neighbours
)
select *, max(run) filter (where adoptive_move) over (partition by authority, CHILD, care_period) as adoption_run
from starts
"""

SSDA903_JOURNEYS = f"""
create or replace temp table ssda903_journeys as
with journeys as (
    select authority, CHILD as child_id, care_period,
           case when arg_min(upper(RNE), DECOM) = 'S' then min(DECOM) end as entered_care,
           min(DECOM) filter (where order_start) as placement_order,
           max(DECOM) filter (where adoptive_move) as placed,
           arg_max(upper(PLACE_PROVIDER), DECOM) filter (where adoptive_move) as provider,
           min(DECOM) filter (where run = adoption_run) as carer_start,
           max(DEC) filter (where upper(REC) in {ADOPTED_REASONS}) as adoption_order
    from ssda903_marked group by all
)
select 'ssda903' as source, j.authority, j.child_id, j.care_period,
       j.child_id || '/' || strftime(j.entered_care, '%Y-%m-%d') as record_id,
       h.DOB as dob, {SEX_SQL.format(col='h.SEX')} as sex, upper(h.ETHNIC) as ethnicity, j.entered_care,
       a.DATE_INT as adm_decision, j.placement_order, cast(null as date) as link_identified,
       a.DATE_MATCH as matched, j.placed,
       case when foster_carer_adopted then j.carer_start end as fc_start, j.adoption_order,
       case when j.placed is null then null when j.provider = 'PR1' then 'in_house' else 'inter_agency' end
           as placement,
       coalesce(foster_carer_adopted, false) as foster_carer_adopted,
       cast(null as date) as plan_changed, cast(null as varchar) as sibling_group_id, false as ffa,
       cast(null as date) as disruption_date
from journeys j
left join current_ssda903_header h on h.authority = j.authority and h.CHILD = j.child_id
left join (select *, upper(trim(cast(FOSTER_CARE as varchar))) in ('1', 'Y', 'TRUE') as foster_carer_adopted
           from current_ssda903_ad1) a
       on a.authority = j.authority and a.CHILD = j.child_id and j.adoption_order is not null
where j.placement_order is not null or j.placed is not null or j.adoption_order is not null
"""


# Every adoptive move the 903 records (a first placement that disrupted, and the next), for counting
# children placed; a journey's ``placed`` is only the last, the family that adopted.
SSDA903_ADOPTIVE_MOVES = """
create or replace temp table ssda903_adoptive_moves as
select m.authority, m.CHILD as child_id, m.DECOM as placed,
       case when upper(m.PLACE_PROVIDER) = 'PR1' then 'in_house' else 'inter_agency' end as placement,
       j.dob, j.sex, j.ethnicity
from ssda903_marked m
join ssda903_journeys j on j.authority = m.authority and j.child_id = m.CHILD and j.care_period = m.care_period
where m.adoptive_move
"""


def create_journey_views(con: duckdb.DuckDBPyConnection) -> None:
    """Temporary tables ``cm_journeys``, ``ssda903_journeys`` (with ``ssda903_adoptive_moves``) and
    their union ``child_journeys``, read from the ``current_<kind>`` tables."""
    con.execute(CM_JOURNEYS)
    con.execute(SSDA903_EPISODES_MARKED)
    con.execute(SSDA903_JOURNEYS)
    con.execute(SSDA903_ADOPTIVE_MOVES)
    columns = ", ".join(JOURNEY_COLUMNS)
    con.execute(f"create or replace temp table child_journeys as "
                f"select {columns} from cm_journeys union all select {columns} from ssda903_journeys")

"""The case-management system's extracts: child adoption journeys and adopter households.

A journey is in a yearly extract from the ADM's decision that the child should be placed for adoption
until the year its journey ended (adoption order, plan changed, or a disruption that closed it); a
household from its first enquiry until the year it withdrew, was not approved or was matched. Dates
after the extract date are blank, and so are the fields that only exist once they happen (placement
type once a link is made, the foster carers' start date once they are matched, reasons with their dates).
"""

from __future__ import annotations

import polars as pl

from adoption_audit.synthetic.systems import Cut, as_text, known
from adoption_audit.synthetic.world import AuthorityWorld

JOURNEY_DATES = ("entered_care_date", "adm_decision_date", "placement_order_date", "link_identified_date",
                 "match_date", "placed_date", "foster_carer_adopter_start_date", "adoption_order_date",
                 "plan_changed_date", "disruption_date")
HOUSEHOLD_DATES = ("enquiry_date", "information_event_date", "initial_visit_date", "stage_one_start_date",
                   "stage_two_start_date", "panel_date", "approval_date", "outcome_date", "matched_date")


def case_management_journeys(world: AuthorityWorld) -> pl.DataFrame:
    """Journeys joined with the child's details as case management holds them (defects may edit this)."""
    return world.journeys.join(
        world.children.select("child_id", "first_name", "surname", "sex", "date_of_birth", "ethnicity",
                              "disability"), on="child_id", how="left")


def extracts(world: AuthorityWorld, journeys: pl.DataFrame, cut: Cut) -> dict[str, pl.DataFrame]:
    end, start = cut.extract_date, cut.year_start
    live = journeys.filter((pl.col("adm_decision_date") <= end)
                           & (pl.col("journey_end").is_null() | (pl.col("journey_end") >= start)))
    live = live.with_columns([known(c, cut) for c in JOURNEY_DATES]).with_columns(
        pl.when(pl.col("link_identified_date").is_not_null()).then("placement_type").alias("placement_type"),
        pl.when(pl.col("match_date").is_not_null()).then("foster_carer_adopter_start_date")
        .alias("foster_carer_adopter_start_date"),
        pl.when(pl.col("plan_changed_date").is_not_null()).then("plan_changed_reason").alias("plan_changed_reason"),
        pl.when(pl.col("disruption_date").is_not_null()).then("disruption_stage").alias("disruption_stage"),
        pl.lit(world.name).alias("local_authority"),
    ).sort("journey_id")

    households = world.households.filter(
        (pl.col("enquiry_date") <= end)
        & (pl.coalesce("outcome_date", "matched_date").is_null() | (pl.coalesce("outcome_date", "matched_date") >= start)))
    households = households.with_columns([known(c, cut) for c in HOUSEHOLD_DATES]).with_columns(
        pl.when(pl.col("outcome_date").is_not_null()).then("outcome")
        .when(pl.col("approval_date").is_not_null()).then(pl.lit("APPROVED"))
        .otherwise(pl.lit("IN_PROGRESS")).alias("outcome"),
        pl.lit(world.name).alias("local_authority"),
    ).sort("household_id")
    return {
        "cm_child_journeys": as_text(live, "cm_child_journeys"),
        "cm_adopter_households": as_text(households, "cm_adopter_households"),
    }

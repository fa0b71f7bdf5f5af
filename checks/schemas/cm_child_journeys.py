"""Case-management child journeys: one row per child per adoption journey."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import CM_CHILD_JOURNEYS as KIND
from adoption_audit.checks.schemas.base import ExtractModel, codes, optional, required


class ChildJourneys(ExtractModel):
    """The adoption pathway in the order the Adoption Scorecard measures it (A1, A2, A10): a child enters
    care, the court grants a placement order, the ADM agrees the match, the child moves in with the
    adopters, the court makes the adoption order. No step can precede the one before it, and no child
    can do anything before being born."""

    _extract = KIND
    _date_order = (("date_of_birth", "entered_care_date", "placement_order_date", "match_date", "placed_date",
                    "adoption_order_date"),)

    journey_id: str = required()
    child_id: str = required()
    local_authority: str = required()
    first_name: str = optional()
    surname: str = optional()
    sex: str = required(isin=codes(KIND, "sex"))
    date_of_birth: pl.Date = required()
    ethnicity: str = required(isin=codes(KIND, "ethnicity"))
    disability: pl.Boolean = optional()
    entered_care_date: pl.Date = required()
    adm_decision_date: pl.Date = optional()
    placement_order_date: pl.Date = optional()
    link_identified_date: pl.Date = optional()
    match_date: pl.Date = optional()
    placed_date: pl.Date = optional()
    foster_carer_adopter_start_date: pl.Date = optional()
    adoption_order_date: pl.Date = optional()
    placement_type: str = optional(isin=codes(KIND, "placement_type"))
    sibling_group_id: str = optional()
    ffa: pl.Boolean = optional()
    plan_changed_date: pl.Date = optional()
    plan_changed_reason: str = optional(isin=codes(KIND, "plan_changed_reason"))
    disruption_date: pl.Date = optional()
    disruption_stage: str = optional(isin=codes(KIND, "disruption_stage"))


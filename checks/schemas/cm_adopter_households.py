"""Case-management adopter households: one row per household's recruitment journey."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import CM_ADOPTER_HOUSEHOLDS as KIND
from adoption_audit.checks.schemas.base import ExtractModel, codes, optional, required


class AdopterHouseholds(ExtractModel):
    """Adopter recruitment in its statutory order (Adoption Agencies Regulations 2005, two-stage process):
    an enquiry, stage one (pre-approval checks), stage two (assessment), the approval panel, the ADM's
    qualifying determination, then a match. Information events and initial visits are left out of the
    order on purpose: people often attend an event before they formally enquire."""

    _extract = KIND
    _date_order = (("enquiry_date", "stage_one_start_date", "stage_two_start_date", "panel_date",
                    "approval_date", "matched_date"),)

    household_id: str = required()
    local_authority: str = required()
    enquiry_date: pl.Date = required()
    information_event_date: pl.Date = optional()
    initial_visit_date: pl.Date = optional()
    stage_one_start_date: pl.Date = optional()
    stage_two_start_date: pl.Date = optional()
    panel_date: pl.Date = optional()
    approval_date: pl.Date = optional()
    outcome: str = optional(isin=codes(KIND, "outcome"))
    outcome_date: pl.Date = optional()
    applicant_ethnicity: str = optional(isin=codes(KIND, "applicant_ethnicity"))
    child_specific: pl.Boolean = optional()
    second_time_adopter: pl.Boolean = optional()
    sibling_approval: pl.Boolean = optional()
    matched_date: pl.Date = optional()

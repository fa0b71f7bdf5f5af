"""CPR log: one row per Child Permanence Report received by the ADM."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import CPR_LOG as KIND
from adoption_audit.checks.schemas.base import ExtractModel, codes, optional, required


class CprLog(ExtractModel):
    """The ADM decides on a CPR after receiving it."""

    _extract = KIND
    _date_order = (("cpr_received_date", "adm_decision_date"),)

    cpr_id: str = required()
    child_id: str = required()
    child_name: str = optional()
    cpr_received_date: pl.Date = required()
    adm_decision: str = optional(isin=codes(KIND, "adm_decision"))
    adm_decision_date: pl.Date = optional()
    rework_requested: pl.Boolean = optional()

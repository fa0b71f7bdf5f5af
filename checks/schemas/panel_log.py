"""Adoption panel and ADM log: one row per case heard at a panel."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import PANEL_LOG as KIND
from adoption_audit.checks.schemas.base import ExtractModel, codes, optional, required


class PanelLog(ExtractModel):
    """The ADM decides after the panel recommends (Adoption Agencies Regulations 2005, reg. 19 and 26),
    so an ADM decision cannot be dated before the panel it follows."""

    _extract = KIND
    _date_order = (("panel_date", "adm_decision_date"),)

    case_id: str = required()
    panel_id: str = required()
    panel_date: pl.Date = required()
    case_type: str = required(isin=codes(KIND, "case_type"))
    subject_id: str = required()
    recommendation: str = optional(isin=codes(KIND, "recommendation"))
    adm_decision: str = optional(isin=codes(KIND, "adm_decision"))
    adm_decision_date: pl.Date = optional()

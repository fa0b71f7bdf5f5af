"""SSDA903 episodes: one row per episode of care (a change of legal status, placement or carer)."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import SSDA903_EPISODES as KIND
from adoption_audit.checks.schemas.base import ExtractModel, optional, required


class Ssda903Episodes(ExtractModel):
    """An episode ends (DEC) on or after the day it starts (DECOM); a child has one episode starting on
    a given day (the DfE's key for the episodes file)."""

    _extract = KIND
    _date_order = (("DECOM", "DEC"),)

    CHILD: str = required()
    DECOM: pl.Date = required()
    RNE: str = required()
    LS: str = required()
    CIN: str = required()
    PLACE: str = required()
    PLACE_PROVIDER: str = optional()
    DEC: pl.Date = optional()
    REC: str = optional()
    REASON_PLACE_CHANGE: str = optional()
    HOME_POST: str = optional()
    PL_POST: str = optional()
    URN: str = optional()

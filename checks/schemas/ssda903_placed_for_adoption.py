"""SSDA903 placed for adoption: one row per decision that a child should be placed for adoption."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import SSDA903_PLACED_FOR_ADOPTION as KIND
from adoption_audit.checks.schemas.base import ExtractModel, optional, required


class Ssda903PlacedForAdoption(ExtractModel):
    """DATE_PLACED is the date of the decision to place; a decision stops applying (DATE_PLACED_CEASED)
    after it was made, and both follow the child's birth. DATE_PLACED is part of the key, so it is
    required: a row without it cannot be told from another decision for the same child."""

    _extract = KIND
    _date_order = (("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),)

    CHILD: str = required()
    DOB: pl.Date = optional()
    DATE_PLACED: pl.Date = required()
    DATE_PLACED_CEASED: pl.Date = optional()
    REASON_PLACED_CEASED: str = optional()

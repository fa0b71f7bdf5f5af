"""SSDA903 AD1: one row per child adopted in the year (or matched and placed)."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import SSDA903_AD1 as KIND
from adoption_audit.checks.schemas.base import ExtractModel, optional, required


class Ssda903Ad1(ExtractModel):
    """The decision that the child should be placed for adoption (DATE_INT) comes after birth and
    before the match (DATE_MATCH)."""

    _extract = KIND
    _date_order = (("DOB", "DATE_INT", "DATE_MATCH"),)

    CHILD: str = required()
    DOB: pl.Date = optional()
    DATE_INT: pl.Date = optional()
    DATE_MATCH: pl.Date = optional()
    FOSTER_CARE: str = optional()
    NB_ADOPTR: str = optional()
    SEX_ADOPTR: str = optional()
    LS_ADOPTR: str = optional()

"""SSDA903 header: one row per child in the return.

SSDA903 code lists change by collection year and belong to the DfE rules (``checks/dfe903``); the
schemas of the 903 files check structure, dates, keys and date order only.
"""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import SSDA903_HEADER as KIND
from adoption_audit.checks.schemas.base import ExtractModel, optional, required


class Ssda903Header(ExtractModel):
    _extract = KIND

    CHILD: str = required()
    SEX: str = required()
    DOB: pl.Date = required()
    ETHNIC: str = required()
    UPN: str = optional()
    MOTHER: str = optional()
    MC_DOB: pl.Date = optional()

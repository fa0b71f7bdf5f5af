"""SSDA903 previous permanence: one row per child, any permanence order before this period of care.

DATE_PERM is text on purpose: the DfE allows a partly known date (``zz/zz/2010``)."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import SSDA903_PREVIOUS_PERMANENCE as KIND
from adoption_audit.checks.schemas.base import ExtractModel, optional, required


class Ssda903PreviousPermanence(ExtractModel):
    _extract = KIND

    CHILD: str = required()
    DOB: pl.Date = optional()
    PREV_PERM: str = optional()
    LA_PERM: str = optional()
    DATE_PERM: str = optional()

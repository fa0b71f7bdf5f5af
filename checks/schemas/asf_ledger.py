"""Adoption Support Fund ledger: one row per application."""

from __future__ import annotations

from typing import Annotated

import pandera.polars as pa
import polars as pl
from adoption_audit.checks.extracts import ASF_LEDGER as KIND
from adoption_audit.checks.schemas.base import ExtractModel, optional, required


class AsfLedger(ExtractModel):
    """An application is for a sum of money: a zero or negative amount is a refund, a reversal or a
    keying slip, and none of them is an application."""

    _extract = KIND

    application_id: str = required()
    family_id: str = required()
    application_date: pl.Date = required()
    amount: Annotated[pl.Decimal, 12, 2] = required()
    top_up: pl.Boolean = optional()

    @pa.check("amount", name="amount_positive")
    def amount_positive(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).is_null() | (pl.col(data.key) > 0))

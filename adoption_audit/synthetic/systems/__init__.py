"""Source-system writers: each cuts, from an authority's world, the extracts its system would give on
an extract date, as text columns in the order ``checks.extracts`` declares (dates ``dd/mm/YYYY``).

A record is in a yearly extract when it was live during that financial year; anything dated after the
extract date has not happened yet and is blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from adoption_audit.checks.extracts import EXTRACT_KINDS

DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class Cut:
    """One extract date and the financial year it closes."""

    extract_date: date

    @property
    def year_start(self) -> date:
        return date(self.extract_date.year - 1, 4, 1) if self.extract_date.month <= 3 else date(
            self.extract_date.year, 4, 1)

    @property
    def next_day(self) -> date:
        return self.extract_date + timedelta(days=1)


def known(column: str, cut: Cut) -> pl.Expr:
    """The date if it had happened by the extract date, else blank."""
    return pl.when(pl.col(column) <= cut.extract_date).then(pl.col(column)).otherwise(None).alias(column)


def as_text(frame: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The extract's columns, in declared order, as the text a CSV export holds."""
    columns = []
    for column in EXTRACT_KINDS[kind].columns:
        if column.name not in frame.columns:
            columns.append(pl.lit(None, pl.String).alias(column.name))
        elif frame.schema[column.name] == pl.Date:
            columns.append(pl.col(column.name).dt.strftime(DATE_FORMAT))
        elif column.type == "amount":
            columns.append(_money(column.name))
        else:
            columns.append(pl.col(column.name).cast(pl.String))
    return frame.select(columns)


def _money(name: str) -> pl.Expr:
    """Pounds and pence as text with two decimals (``1234.50``), without a per-row Python call."""
    pence = (pl.col(name) * 100).round(0).cast(pl.Int64)
    return pl.format("{}.{}", (pence // 100).cast(pl.String),
                     (pence % 100).cast(pl.String).str.zfill(2)).alias(name)

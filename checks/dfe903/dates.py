"""Dates as the DfE 903 rules read them: ``dd/mm/YYYY`` only.

The DfE validator parses with ``pd.to_datetime(format="%d/%m/%Y", errors="coerce")``: a day or month of
one or two digits and a four-digit year parse; anything else (ISO dates, two-digit years, 31/02/2021,
years pandas cannot hold) becomes "not a date". Rules that compare dates treat such a value as blank,
and the date rules (102, 112, 113, 115, 116, 141, 147) report it as its own finding. polars' parser alone
is lenient (``01/04/19`` becomes the year 19), so a shape check comes first.
"""

from __future__ import annotations

from datetime import date

import polars as pl

DATE_SHAPE = r"^\d{1,2}/\d{1,2}/\d{4}$"
# pandas' nanosecond timestamps hold 1677-09-22 .. 2262-04-11; the DfE tool calls anything outside invalid.
EARLIEST, LATEST = date(1677, 9, 22), date(2262, 4, 11)

DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "ssda903_header": ("DOB", "MC_DOB"),
    "ssda903_episodes": ("DECOM", "DEC"),
    "ssda903_ad1": ("DOB", "DATE_INT", "DATE_MATCH"),
    "ssda903_placed_for_adoption": ("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),
    "ssda903_uasc": ("DOB", "DUC"),
}


def parsed(column: str) -> pl.Expr:
    """The column as a Date, null where blank or not a dd/mm/YYYY date."""
    text = pl.col(column)
    value = text.str.to_date("%d/%m/%Y", strict=False)
    return (pl.when(text.str.contains(DATE_SHAPE) & value.is_between(EARLIEST, LATEST))
            .then(value).otherwise(None).alias(d(column)))


def d(column: str) -> str:
    """Name of the parsed-date companion of a text column (``DECOM`` -> ``DECOM_d``)."""
    return f"{column}_d"


def invalid(column: str) -> pl.Expr:
    """Filled in, but not a date."""
    return pl.col(column).is_not_null() & pl.col(d(column)).is_null()


def add_years(column: str, years: int) -> pl.Expr:
    """The date ``years`` later (29 February becomes 28 February, as pandas' DateOffset does)."""
    return pl.col(column).dt.offset_by(f"{years}y")

"""Dates as whole days since 1970-01-01 in numpy arrays, so a whole authority's timelines are built at once.

``NO_DATE`` marks "did not happen"; :func:`date_series` turns such an array into a polars ``Date``
column with nulls there.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

NO_DATE = np.int64(-(2**40))
EPOCH = date(1970, 1, 1)


def day(value: date) -> int:
    return (value - EPOCH).days


def has(values: np.ndarray) -> np.ndarray:
    return values != NO_DATE


def date_series(name: str, values: np.ndarray) -> pl.Series:
    values = np.asarray(values, dtype=np.int64)
    present = has(values)
    series = pl.Series(name, np.where(present, values, 0).astype(np.int32)).cast(pl.Date)
    return pl.select(pl.when(pl.Series(present)).then(series).otherwise(None).alias(name)).to_series()


def month_day(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of each day number (for calendars and transposed dates)."""
    as_dates = np.asarray(values, dtype="datetime64[D]")
    years = as_dates.astype("datetime64[Y]").astype(int) + 1970
    months = as_dates.astype("datetime64[M]").astype(int) % 12 + 1
    days = (as_dates - as_dates.astype("datetime64[M]")).astype(int) + 1
    return years, months, days


def text_series(name: str, values) -> pl.Series:
    """A polars String column from a numpy array of text in which ``None`` (or "") means blank."""
    values = np.asarray(values, dtype=object)
    blank = np.equal(values, None) | np.equal(values, "")
    series = pl.Series(name, np.where(blank, "", values).astype(str), dtype=pl.String)
    if not blank.any():
        return series
    return pl.select(pl.when(pl.Series(~blank)).then(series).otherwise(None).alias(name)).to_series()


def frame(columns: dict) -> pl.DataFrame:
    """A DataFrame from numpy columns: object arrays become String columns (None -> null)."""
    return pl.DataFrame([text_series(k, v) if np.asarray(v).dtype == object or np.asarray(v).dtype.kind == "U"
                         else pl.Series(k, v) for k, v in columns.items()])

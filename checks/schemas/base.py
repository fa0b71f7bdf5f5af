"""What every extract's schema shares: the rules that follow from the data model itself.

Each extract's :class:`ExtractModel` subclass (one module per extract) declares its typed fields and its
own cross-field rules; the rules here are derived from ``checks/extracts.py`` so that they cannot drift
from it. Check names are the quarantine rule names (``valid_date``, ``unique_key``, …), so a pandera
failure case maps straight onto a quarantine record.

The frame a model validates is described in :mod:`.frame`.
"""

from __future__ import annotations

from typing import ClassVar

import pandera.polars as pa
import polars as pl
from adoption_audit.checks.extracts import ExtractKind
from adoption_audit.checks.schemas.frame import EXTRA_CELLS, EXTRACT_DATE, TEXT_SUFFIX

ALWAYS = pl.lit(True)


def all_of(conditions: list[pl.Expr]) -> pl.Expr:
    return pl.all_horizontal(conditions) if conditions else ALWAYS


def unparsed(name: str) -> pl.Expr:
    """The file had a value here, but it is not a value of the column's type."""
    return pl.col(name + TEXT_SUFFIX).is_not_null() & pl.col(name).is_null()


def in_order_expr(columns: tuple[str, ...]) -> pl.Expr:
    """True where every pair of present dates follows the declared order (a blank date is skipped, so a
    journey still under way is not an error)."""
    pairs = [(a, b) for i, a in enumerate(columns) for b in columns[i + 1:]]
    return all_of([pl.col(a).is_null() | pl.col(b).is_null() | (pl.col(a) <= pl.col(b)) for a, b in pairs])


def out_of_order_pairs(columns: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(columns) for b in columns[i + 1:]]


class ExtractModel(pa.DataFrameModel):
    """Rules every extract obeys. Subclasses set ``_extract`` (the kind) and ``_date_order`` (chains of date
    columns that must not go backwards)."""

    _extract: ClassVar[ExtractKind]  # underscore: pandera treats public attributes as fields
    _date_order: ClassVar[tuple[tuple[str, ...], ...]] = ()

    class Config:
        strict = False  # the frame also carries text twins, _row and _extract_date
        coerce = False  # never: types are parsed strictly before validation (BENCHMARKS.md gotchas)

    @classmethod
    def kind(cls) -> ExtractKind:
        return cls._extract

    @classmethod
    def _columns_of(cls, type_: str) -> list[str]:
        return [c.name for c in cls._extract.columns if c.type == type_]

    @pa.dataframe_check(name="valid_date")
    def valid_date(cls, data) -> pl.LazyFrame:
        """Dates are dd/mm/YYYY or YYYY-MM-DD and real calendar dates (31/02, 1/4/2019, 01/04/19 are not)."""
        return data.lazyframe.select(~pl.any_horizontal([unparsed(c) for c in cls._columns_of("date")] or [False]))

    # Each method is named as its rule: pandera (0.35) drops a check's ``name`` after the first model
    # built from a shared base class and falls back to the method's name for the next ones.
    @pa.dataframe_check(name="allowed_code")
    def allowed_code(cls, data) -> pl.LazyFrame:
        """Flags are Y or N (YES and NO are read as Y and N)."""
        return data.lazyframe.select(~pl.any_horizontal([unparsed(c) for c in cls._columns_of("flag")] or [False]))

    @pa.dataframe_check(name="valid_amount")
    def valid_amount(cls, data) -> pl.LazyFrame:
        """Amounts are pounds and pence: 1234.50, £1,234.50 or -12 (the sign is checked separately)."""
        return data.lazyframe.select(~pl.any_horizontal([unparsed(c) for c in cls._columns_of("amount")] or [False]))

    @pa.dataframe_check(name="valid_number")
    def valid_number(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.any_horizontal([unparsed(c) for c in cls._columns_of("int")] or [False]))

    @pa.dataframe_check(name="date_not_future")
    def date_not_future(cls, data) -> pl.LazyFrame:
        """No date is after the return's own extract date: an event cannot be recorded before it happens."""
        dates = [pl.col(c).is_null() | (pl.col(c) <= pl.col(EXTRACT_DATE)) for c in cls._columns_of("date")]
        return data.lazyframe.select(pl.col(EXTRACT_DATE).is_null() | all_of(dates))

    @pa.dataframe_check(name="dates_in_order")
    def dates_in_order(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(all_of([in_order_expr(chain) for chain in cls._date_order]))

    @pa.dataframe_check(name="unique_key")
    def unique_key(cls, data) -> pl.LazyFrame:
        """A record's key appears once; later rows repeating it are quarantined, the first goes on.

        Two blanks never agree: a row with a blank key part is not compared (it is quarantined as
        ``required`` instead), nor is one whose key date did not parse (``valid_date``).
        """
        key = list(cls._extract.key)
        incomplete = pl.any_horizontal([pl.col(k).is_null() for k in key])
        first = pl.struct(key).is_first_distinct() if len(key) > 1 else pl.col(key[0]).is_first_distinct()
        return data.lazyframe.select(incomplete | first)

    @pa.dataframe_check(name="row_shape")
    def row_shape(cls, data) -> pl.LazyFrame:
        """A row has no more cells than the header (a stray delimiter shifts every value after it)."""
        names = data.lazyframe.collect_schema().names()
        if EXTRA_CELLS not in names:
            return data.lazyframe.select(ALWAYS.alias("ok"))
        return data.lazyframe.select(pl.col(EXTRA_CELLS).is_null())


def required(**checks) -> pa.Field:
    """A column every row must fill (blank: rule ``required``)."""
    return pa.Field(nullable=False, **checks)


def optional(**checks) -> pa.Field:
    return pa.Field(nullable=True, **checks)


def codes(kind: ExtractKind, column: str) -> list[str]:
    """The allowed codes of a column, from the data model (one declaration for schema, GX and docs)."""
    return list(kind.column(column).codes or ())

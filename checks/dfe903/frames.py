"""One 903 return, prepared the way the DfE rules read it.

Every column arrives as text. Here codes are trimmed and upper-cased (the DfE tool upper-cases every
cell before any rule runs, ids included, so ``a1042`` and ``A1042`` are one child), blanks become null,
each date column gains a parsed companion (``DECOM_d``), and the episodes, sorted by child and start,
gain the facts several adoption rules need: which period of care each episode belongs to, and which
episode ended in the adoption this return reports.

The prepared tables are materialised once (every rule reads them), and only the columns the rules read
are kept; a column that is already clean is not copied, so a million clean episode rows cost little.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl
from adoption_audit.checks.dfe903 import dates
from adoption_audit.checks.dfe903.codelists import ADOPTED, CollectionYear
from adoption_audit.checks.dfe903.rule import EPISODES
from adoption_audit.checks.extracts import EXTRACT_KINDS

FREE_TEXT = {"UPN", "HOME_POST", "PL_POST", "URN", "CIN", "MOTHER"}  # columns no rule reads
DIRTY = r"^\s|\s$|[a-z]"


def _prepare(frame: pl.DataFrame | pl.LazyFrame, kind: str) -> pl.DataFrame:
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    declared = EXTRACT_KINDS[kind].column_names if kind in EXTRACT_KINDS else tuple(c for c in df.columns if c != "_row")
    wanted = [c for c in declared if c not in FREE_TEXT]
    if "_row" not in df.columns:
        df = df.with_row_index("_row", offset=2)
    df = df.select(pl.col("_row").cast(pl.Int64),
                   *[pl.col(c).cast(pl.Utf8) if c in df.columns else pl.lit(None, dtype=pl.Utf8).alias(c)
                     for c in wanted])
    if df.height and wanted:
        state = df.select([pl.col(c).str.contains(DIRTY).any().alias(f"{c}|dirty") for c in wanted]
                          + [(pl.col(c) == "").any().alias(f"{c}|empty") for c in wanted]).row(0, named=True)
        fixes = []
        for c in wanted:
            text = pl.col(c)
            if state[f"{c}|dirty"]:
                text = text.str.strip_chars().str.to_uppercase()
            if state[f"{c}|dirty"] or state[f"{c}|empty"]:
                fixes.append(pl.when(text != "").then(text).alias(c))
        if fixes:
            df = df.with_columns(fixes)
    date_columns = [c for c in dates.DATE_COLUMNS.get(kind, ()) if c in wanted]
    return df.with_columns([dates.parsed(c) for c in date_columns])


def _with_periods(episodes: pl.DataFrame, year: CollectionYear) -> pl.DataFrame:
    """Number each child's periods of care (a period ends with an episode whose REC is not X1), and mark
    the episode that ended in an adoption during the collection year (REC E11/E12, DEC in the year).

    Written as scans over the sorted frame rather than windows per child: a million rows in a fraction of
    a second."""
    eps = episodes.sort("CHILD", "DECOM_d", "_row", nulls_last=True)
    same_child = (pl.col("CHILD") == pl.col("CHILD").shift(1)).fill_null(False)
    ended_care = (pl.col("REC").is_not_null() & (pl.col("REC") != "X1")).shift(1).fill_null(False)
    last_of_child = (pl.col("CHILD") != pl.col("CHILD").shift(-1)).fill_null(True)
    eps = eps.with_columns(
        first_of_child=~same_child,
        period=(~same_child | ended_care).cum_sum(),
        adopted_in_year=(pl.col("REC").is_in(ADOPTED)
                         & pl.col("DEC_d").is_between(year.start, year.end)).fill_null(False),
    ).with_columns(
        latest_period=pl.col("period") == pl.when(last_of_child).then(pl.col("period")).backward_fill(),
    )
    adoptions = (eps.lazy().filter(pl.col("adopted_in_year")).group_by("CHILD")
                 .agg(adoption_period_id=pl.col("period").max()).collect())
    return (eps.join(adoptions, on="CHILD", how="left", maintain_order="left")
            .with_columns(
                adoption_period=(pl.col("period") == pl.col("adoption_period_id")).fill_null(False),
                # the period of care the return's adoption ended, or else the child's latest period of care
                period_of_adoption=pl.when(pl.col("adoption_period_id").is_not_null())
                .then(pl.col("period") == pl.col("adoption_period_id")).otherwise(pl.col("latest_period")))
            .drop("adoption_period_id"))


@dataclass
class Return903:
    """The prepared tables of one return (by extract kind) and its collection year."""

    year: CollectionYear
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    @classmethod
    def prepare(cls, tables: dict[str, pl.DataFrame | pl.LazyFrame], year: CollectionYear) -> Return903:
        prepared = {kind: _prepare(frame, kind) for kind, frame in tables.items() if frame is not None}
        if EPISODES in prepared:
            prepared[EPISODES] = _with_periods(prepared[EPISODES], year)
        return cls(year, prepared)

    def has(self, *kinds: str) -> bool:
        return all(k in self.tables for k in kinds)

    def __getitem__(self, kind: str) -> pl.LazyFrame:
        return self.tables[kind].lazy()

    @property
    def start(self) -> date:
        return self.year.start

    @property
    def end(self) -> date:
        return self.year.end

    def rows(self, kind: str, suffix: str) -> pl.LazyFrame:
        """The table with ``_row`` renamed ``_row_<suffix>``, ready to join."""
        return self[kind].rename({"_row": f"_row_{suffix}"})

"""What a DfE 903 rule is here, and the registry of them.

A rule is a function from the prepared return (:class:`~.frames.Return903`) to a lazy frame of flags,
one row per flagged (table, row): ``kind``, ``_row``, ``CHILD`` and ``values`` (the values involved, for
the reason). A rule that reads two tables flags the row in each, as the DfE tool does, so that a data
officer sees both ends of the disagreement. The code and message are the DfE's own, so findings carry the
numbers a 903 team already knows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl
from adoption_audit.checks.dfe903.codelists import CollectionYear

HEADER, EPISODES, AD1, P4A, UASC = (
    "ssda903_header", "ssda903_episodes", "ssda903_ad1", "ssda903_placed_for_adoption", "ssda903_uasc")
FLAG_SCHEMA = {"kind": pl.Utf8, "_row": pl.Int64, "CHILD": pl.Utf8, "values": pl.Utf8}
PRIVATE_COLUMNS = {"DOB", "MC_DOB"}  # dates of birth never go into a reason


@dataclass(frozen=True)
class Rule:
    code: str
    message: str | Callable[[CollectionYear], str]
    columns: tuple[str, ...]
    tables: tuple[str, ...]
    check: Callable[..., pl.LazyFrame]
    family: str
    since: CollectionYear | None = None  # first collection year the rule applies to
    severity: str = "error"  # "warning" for the DfE's queries ("please check", "in most circumstances")

    @property
    def name(self) -> str:
        return f"dfe_{self.code.lower()}"

    def applies_to(self, year: CollectionYear) -> bool:
        return self.since is None or year >= self.since

    def message_for(self, year: CollectionYear) -> str:
        return self.message(year) if callable(self.message) else self.message


RULES: dict[str, Rule] = {}


def dfe_rule(code: str, message, *, columns: Sequence[str], tables: Sequence[str],
             since: CollectionYear | None = None, severity: str = "error"):
    """Register a rule function under its DfE code."""

    def register(check: Callable[..., pl.LazyFrame]) -> Callable[..., pl.LazyFrame]:
        if code in RULES:
            raise ValueError(f"DfE rule {code} registered twice")
        family = check.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, message, tuple(columns), tuple(tables), check, family, since, severity)
        return check

    return register


Value = str | tuple[str, str]  # a column, or (label shown, column in the frame)


def describe(values: Sequence[Value]) -> pl.Expr:
    """``DATE_INT 01/02/2019, DATE_PLACED blank``: the values a flag is about."""
    parts = []
    for value in values:
        label, column = (value, value) if isinstance(value, str) else value
        if label in PRIVATE_COLUMNS:
            continue
        parts.append(pl.lit(f"{label} ") + pl.col(column).cast(pl.Utf8).fill_null("blank"))
    if not parts:
        return pl.lit("", dtype=pl.Utf8)
    return pl.concat_str(parts, separator=", ")


def flags(frame: pl.LazyFrame, kind: str, values: Sequence[Value] = (), *, row: str = "_row",
          child: str = "CHILD") -> pl.LazyFrame:
    """The flagged rows of ``kind`` in ``frame`` (one per row), in the common flag shape."""
    return frame.select(
        pl.lit(kind).alias("kind"),
        pl.col(row).cast(pl.Int64).alias("_row"),
        pl.col(child).alias("CHILD"),
        describe(values).alias("values"),
    ).filter(pl.col("_row").is_not_null())


def both(frame: pl.LazyFrame, left: tuple[str, str], right: tuple[str, str],
         values: Sequence[Value] = ()) -> pl.LazyFrame:
    """Flags for the rows at both ends of a joined pair: ``left``/``right`` are (kind, row column)."""
    return pl.concat([flags(frame, left[0], values, row=left[1]), flags(frame, right[0], values, row=right[1])])

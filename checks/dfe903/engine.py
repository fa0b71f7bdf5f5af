"""Run the DfE 903 rules of a collection year over one return, all in one polars query plan."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

# importing the families registers their rules
from adoption_audit.checks.dfe903 import adoption, crosstable, episodes, header, placement_orders  # noqa: F401
from adoption_audit.checks.dfe903.codelists import CollectionYear
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.rule import FLAG_SCHEMA, RULES, Rule


def rules_for(year: CollectionYear, kinds: Iterable[str], only: Iterable[str] | None = None) -> list[Rule]:
    """The year's rules whose tables are all present (as the DfE tool skips a rule missing a table)."""
    present, chosen = set(kinds), set(only) if only is not None else None
    return [rule for code, rule in RULES.items()
            if rule.applies_to(year) and set(rule.tables) <= present and (chosen is None or code in chosen)]


def run_rules(tables: dict[str, pl.DataFrame | pl.LazyFrame], year: CollectionYear,
              only: Iterable[str] | None = None) -> pl.DataFrame:
    """Every flag of the year's rules: columns ``rule``, ``kind``, ``_row``, ``CHILD``, ``values``, one row per
    rule and flagged (table, row), ordered by rule, table and row."""
    prepared = Return903.prepare(tables, year)
    chosen = rules_for(year, prepared.tables, only)
    if not chosen:
        return pl.DataFrame(schema={"rule": pl.Utf8, **FLAG_SCHEMA})
    plans = [rule.check(prepared).with_columns(rule=pl.lit(rule.code)) for rule in chosen]
    flagged = pl.concat(plans, how="vertical_relaxed").select("rule", *FLAG_SCHEMA)
    return (flagged.unique(["rule", "kind", "_row"], keep="first", maintain_order=True)
            .sort("rule", "kind", "_row").collect())

"""The DfE's SSDA903 validation rules that touch adoption, by their DfE codes.

``check_return`` is the entry point the source validation calls for every 903 return (one authority and
extract date): tables by extract kind, every column as text plus ``_row`` (the spreadsheet row, header =
row 1). It returns one :class:`~adoption_audit.checks.quarantine.QuarantineItem` per rule and flagged
row, keyed by CHILD, with the DfE's message and the values involved as the reason. Rules and code lists
are those of the return's collection year. docs/dfe-rules.md lists the rules and where ours deliberately
differ from the DfE's own validator.
"""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.dfe903.codelists import CollectionYear
from adoption_audit.checks.dfe903.engine import rules_for, run_rules
from adoption_audit.checks.dfe903.rule import RULES, Rule
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.quarantine import QuarantineItem

from adoption_audit.logs import get_logger

log = get_logger("dfe903")

__all__ = ["RULES", "CollectionYear", "Rule", "check_return", "rules_for", "run_rules", "to_quarantine"]


def check_return(tables: dict[str, pl.DataFrame], *, collection_year: str | CollectionYear,
                 paths: dict[str, str], authority: str = "") -> list[QuarantineItem]:
    """Run the year's DfE rules on one return and describe every flagged row as a quarantine item."""
    year = collection_year if isinstance(collection_year, CollectionYear) else CollectionYear.parse(collection_year)
    flagged = run_rules(tables, year)
    items = to_quarantine(flagged, year, paths, authority)
    log.info("dfe903 %s: %d flags from %d rules", year, len(items), flagged["rule"].n_unique())
    return items


def to_quarantine(flagged: pl.DataFrame, year: CollectionYear, paths: dict[str, str],
                  authority: str = "") -> list[QuarantineItem]:
    items = []
    messages = {code: rule.message_for(year) for code, rule in RULES.items()}
    for code, kind, row, child, values in flagged.iter_rows():
        rule = RULES[code]
        reason = f"{messages[code]} ({values})" if values else messages[code]
        own = EXTRACT_KINDS[kind].column_names if kind in EXTRACT_KINDS else rule.columns
        columns = tuple(c for c in rule.columns if c in own) or rule.columns
        items.append(QuarantineItem(
            path=paths.get(kind, kind), row=row, key=child, rule=rule.name, columns=columns, reason=reason,
            kind=kind, authority=authority, severity=rule.severity, dfe_rule=code,
            extra={"collection_year": year.label}))
    return items

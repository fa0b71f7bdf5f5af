"""From pandera's failure cases to quarantine records: every failing row, with its address and reason.

pandera (lazy, on polars) reports one failure case per failing row and check, with the row's position
in the frame. Each becomes a :class:`QuarantineItem` carrying the file, the spreadsheet row, the record's
own id, the rule (the check's name), the columns involved and a reason quoting their values. A row that
breaks one rule in several columns gets one item for that rule; a row that breaks several rules gets one
item per rule.
"""

from __future__ import annotations

import pandera.errors
import polars as pl
from adoption_audit.checks.extracts import ExtractKind
from adoption_audit.checks.quarantine import QuarantineItem
from adoption_audit.checks.schemas import BUILTIN_RULES, ExtractModel
from adoption_audit.checks.schemas.base import out_of_order_pairs
from adoption_audit.checks.validation import reasons
from adoption_audit.checks.validation.parsing import EXTRACT_DATE, ROW, TEXT_SUFFIX, has_text_twin

INDEX = "_index"


class SchemaBug(RuntimeError):
    """pandera reported a failure that is not about a row (a dtype or a missing column): a bug here."""


def failure_cases(model: type[ExtractModel], frame: pl.DataFrame) -> pl.DataFrame:
    """Every (row index, rule, column) pandera finds; empty when the frame is clean."""
    try:
        model.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    except pandera.errors.SchemaError as error:  # non-lazy paths still raise one error
        raise SchemaBug(str(error)) from None
    else:
        return pl.DataFrame(schema={"index": pl.Int64, "rule": pl.String, "column": pl.String})
    not_rows = cases.filter(pl.col("index").is_null())
    if not_rows.height:
        raise SchemaBug(f"{model.__name__}: {not_rows.select('column', 'check').rows()}")
    rule = pl.col("check").str.extract(r"^([a-z_]+)")
    return cases.select(pl.col("index").cast(pl.Int64), rule.replace(BUILTIN_RULES).alias("rule"),
                        pl.col("column"))


def quarantine_items(model: type[ExtractModel], frame: pl.DataFrame, cases: pl.DataFrame, *, path: str,
                     authority: str) -> list[QuarantineItem]:
    """Quarantine records for the failure cases of ``frame`` (the prepared frame ``model`` validated)."""
    if cases.height == 0:
        return []
    kind = model._extract
    failing = _failing_rows(frame, kind, cases)
    items: list[QuarantineItem] = []
    for (index, rule), group in _grouped(cases).items():
        row = failing[index]
        described = _describe(rule, group, row, kind, model)
        if not described:
            continue
        columns, reason = described
        items.append(QuarantineItem(path=path, row=row[ROW], key=_key(row, kind), rule=rule, columns=columns,
                                    reason=reason, kind=kind.kind, authority=authority))
    items.sort(key=lambda item: (item.row, item.rule))
    return items


def _grouped(cases: pl.DataFrame) -> dict[tuple[int, str], list[str]]:
    grouped: dict[tuple[int, str], list[str]] = {}
    for index, rule, column in cases.iter_rows():
        grouped.setdefault((index, rule), []).append(column)
    return grouped


def _failing_rows(frame: pl.DataFrame, kind: ExtractKind, cases: pl.DataFrame) -> dict[int, dict]:
    """The failing rows by index, with the first row sharing each key (for ``unique_key`` reasons)."""
    key = list(kind.key)
    rows = (frame.with_row_index(INDEX).with_columns(pl.col(INDEX).cast(pl.Int64))
            .filter(pl.col(INDEX).is_in(cases["index"].unique().implode())))
    repeated = cases.filter(pl.col("rule") == "unique_key")["index"]
    if repeated.len():
        keys = rows.filter(pl.col(INDEX).is_in(repeated.implode())).select(key).unique()
        firsts = (frame.join(keys, on=key, how="semi")
                  .group_by(key).agg(pl.col(ROW).min().alias("_first_row")))
        rows = rows.join(firsts, on=key, how="left")
    return {row[INDEX]: row for row in rows.iter_rows(named=True)}


def _key(row: dict, kind: ExtractKind) -> str | None:
    """The record's own id: the first column of its key (a child, household or application id)."""
    value = row.get(kind.key[0])
    return None if value is None else str(value)


def _unparsed(row: dict, column: str) -> bool:
    return row.get(column + TEXT_SUFFIX) is not None and row.get(column) is None


def _describe(rule: str, columns: list[str], row: dict, kind: ExtractKind,
              model: type[ExtractModel]) -> tuple[tuple[str, ...], str] | None:
    """The columns a failure concerns and its reason; None for a duplicate of another rule's report."""
    names = kind.column_names
    if rule == "required":
        # A typed cell that held text which would not parse is null too: its own rule reports it.
        blank = [c for c in columns if not (has_text_twin(kind.column(c).type) and _unparsed(row, c))]
        if not blank:
            return None
        return tuple(blank), " ".join(reasons.required(row, c, kind) for c in blank)
    if rule in ("allowed_code", "valid_date", "valid_amount", "valid_number"):
        types = {"allowed_code": ("code", "flag"), "valid_date": ("date",), "valid_amount": ("amount",),
                 "valid_number": ("int",)}[rule]
        involved = [c for c in names if kind.column(c).type in types and (
            c in columns or (has_text_twin(kind.column(c).type) and _unparsed(row, c)))]
        explain = getattr(reasons, rule)
        return tuple(involved), " ".join(explain(row, c, kind) for c in involved)
    if rule == "amount_positive":
        return tuple(columns), " ".join(reasons.amount_positive(row, c, kind) for c in columns)
    if rule == "date_not_future":
        late = [c for c in names if kind.column(c).type == "date" and row.get(c) is not None
                and row.get(EXTRACT_DATE) is not None and row[c] > row[EXTRACT_DATE]]
        return tuple(late), " ".join(reasons.date_not_future(row, c, kind) for c in late)
    if rule == "dates_in_order":
        for chain in model._date_order:
            for earlier, later in out_of_order_pairs(chain):
                if row.get(earlier) is not None and row.get(later) is not None and row[earlier] > row[later]:
                    return (earlier, later), reasons.dates_in_order(row, (earlier, later), kind)
        return None
    if rule == "unique_key":
        return kind.key, reasons.unique_key(row, kind.key, kind, row.get("_first_row"))
    if rule == "row_shape":
        return (), reasons.row_shape(row, len(names))
    return tuple(c for c in columns if c in names), f"The row breaks the rule '{rule}'."

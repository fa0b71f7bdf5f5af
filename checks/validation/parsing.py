"""From text cells to typed values, strictly and in bulk.

Every column of a source file is read as text first. This module turns that text into the types of
``checks/extracts.py`` with polars expressions (one pass over a million rows takes a fraction of a
second), and keeps the normalised text beside each typed value so that a rule can tell a blank cell
from a value that would not parse, and a reason can quote what the file said.

Why strict: ``pyarrow.compute.strptime`` turns 31/02/2021 into 3 March, and polars or DuckDB accept
``1/4/2019`` and ``01/04/19`` (year 19). A date here must have the exact shape ``dd/mm/YYYY`` or
``YYYY-MM-DD`` *and* be a real calendar date; anything else is kept as text and quarantined, never
guessed (see BENCHMARKS.md, gotchas).
"""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.extracts import ExtractKind
from adoption_audit.checks.schemas.frame import (  # the frame's columns
    EXTRA_CELLS,
    EXTRACT_DATE,
    ROW,
    TEXT_SUFFIX,
)

__all__ = ["EXTRACT_DATE", "EXTRA_CELLS", "ROW", "TEXT_SUFFIX", "prepare", "strict_date", "typed_value"]

UK_DATE = r"^\d{2}/\d{2}/\d{4}$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
# Excel and some case-management exports append a midnight time to a date: 01/04/2019 00:00:00.
MIDNIGHT = r"[ T]00:00(:00(\.0+)?)?$"
EXCEL_WHOLE_NUMBER = r"^(\d+)\.0+$"  # Excel turns the id 1042 into 1042.0; leading zeros are never touched
AMOUNT = r"^-?\d+(\.\d{1,2})?$"
INTEGER = r"^-?\d+$"
FLAG_TRUE, FLAG_FALSE = ("Y", "YES"), ("N", "NO")


def blank_to_null(name: str, repairs: frozenset[str] = frozenset({"trim", "empty"})) -> pl.Expr:
    """Trimmed text, with empty cells as null (each step only where the column needs it)."""
    text = pl.col(name)
    if "trim" in repairs:
        text = text.str.strip_chars()
    if "trim" in repairs or "empty" in repairs:
        text = pl.when(text.str.len_bytes() > 0).then(text)
    return text


ALL_REPAIRS = frozenset({"trim", "empty", "lower", "excel_number", "midnight", "uk", "iso"})


def normalised_text(name: str, type_: str, repairs: frozenset[str] = ALL_REPAIRS) -> pl.Expr:
    """The cell as rules see it: trimmed, blank as null; ids and codes repaired and upper-cased.

    ``repairs`` leaves out repairs a column is known not to need (see :func:`repairs_needed`).
    """
    text = blank_to_null(name, repairs)
    if type_ in ("id", "code", "flag") and "excel_number" in repairs:
        text = text.str.replace(EXCEL_WHOLE_NUMBER, "${1}")
    if type_ in ("code", "flag") and "lower" in repairs:
        text = text.str.to_uppercase()
    if type_ == "date" and "midnight" in repairs:
        text = text.str.replace(MIDNIGHT, "")
    if type_ == "amount":
        text = text.str.replace_all(r"[£,\s]", "")
    return text


def strict_date(text: pl.Expr, forms: frozenset[str] = ALL_REPAIRS) -> pl.Expr:
    """A Date only where the text has one of the two accepted shapes and is a real calendar date."""
    parsed = pl.lit(None, dtype=pl.Date)
    if "iso" in forms:
        parsed = pl.when(text.str.contains(ISO_DATE)).then(text.str.to_date("%Y-%m-%d", strict=False)).otherwise(parsed)
    if "uk" in forms:
        parsed = pl.when(text.str.contains(UK_DATE)).then(text.str.to_date("%d/%m/%Y", strict=False)).otherwise(parsed)
    return parsed


def repairs_needed(raw: pl.DataFrame, kind: ExtractKind) -> dict[str, frozenset[str]]:
    """Which repairs and date forms each column can need, from one cheap scan of the raw text.

    A regex replacement over a million cells costs about 0.1 s, and each rewritten column is a copy; a
    column with no cell ending ``.0`` cannot hold an Excel-damaged number, one without a ``/`` holds no
    dd/mm/YYYY date, one with no space at either end needs no trimming. Skipping what cannot apply keeps
    typing inside the end-to-end target, and a clean column is passed on without a copy, without
    changing any result.
    """
    probes, names = [], []
    for column in kind.columns:
        if column.name not in raw.columns:
            continue
        text = pl.col(column.name)
        probes.append((text.str.len_bytes() == 0).any().alias(f"{column.name}|empty"))
        if column.type in ("code", "flag"):  # one pass finds both: spaces to trim, lower case to raise
            probes.append(text.str.contains(r"^\s|\s$|[a-z]").any().alias(f"{column.name}|trim+lower"))
        else:
            probes.append(text.str.contains(r"^\s|\s$").any().alias(f"{column.name}|trim"))
        if column.type in ("id", "code", "flag"):
            probes.append(text.str.ends_with(".0").any().alias(f"{column.name}|excel_number"))
        if column.type == "date":
            probes += [(text.str.len_bytes().max() > 10).alias(f"{column.name}|midnight"),
                       text.str.contains("/", literal=True).any().alias(f"{column.name}|uk"),
                       text.str.contains("-", literal=True).any().alias(f"{column.name}|iso")]
        names.append(column.name)
    found = raw.select(probes).row(0, named=True) if probes else {}
    needed: dict[str, set[str]] = {name: set() for name in names}
    for probe, hit in found.items():
        name, repairs = probe.split("|")
        if hit:
            needed[name].update(repairs.split("+"))
    return {name: frozenset(repairs) for name, repairs in needed.items()}


def typed_value(text: pl.Expr, type_: str, repairs: frozenset[str] = ALL_REPAIRS) -> pl.Expr:
    """The typed value of normalised text; null where the text is blank or does not parse."""
    if type_ == "date":
        return strict_date(text, repairs)
    if type_ == "flag":
        return (pl.when(text.is_in(FLAG_TRUE)).then(True)
                .when(text.is_in(FLAG_FALSE)).then(False)
                .otherwise(None).cast(pl.Boolean))
    if type_ == "amount":
        return pl.when(text.str.contains(AMOUNT)).then(text).otherwise(None).cast(pl.Decimal(12, 2), strict=False)
    if type_ == "int":
        return pl.when(text.str.contains(INTEGER)).then(text).otherwise(None).cast(pl.Int64, strict=False)
    return text


TYPED_DTYPES = {"date": pl.Date, "flag": pl.Boolean, "amount": pl.Decimal(12, 2), "int": pl.Int64}


def has_text_twin(type_: str) -> bool:
    """Typed columns keep their text beside them; text, id and code columns are their own text."""
    return type_ in TYPED_DTYPES


def prepare(raw: pl.DataFrame, kind: ExtractKind, extract_date) -> pl.DataFrame:
    """The frame the schema validates: every declared column typed, text twins, row numbers, extract date.

    ``raw`` holds text columns (any missing optional column is added blank) and ``_row``.
    """
    expressions: list[pl.Expr] = [pl.col(ROW)]
    repairs = repairs_needed(raw, kind)
    for column in kind.columns:
        if column.name not in raw.columns:
            expressions.append(pl.lit(None, dtype=TYPED_DTYPES.get(column.type, pl.String)).alias(column.name))
            if has_text_twin(column.type):
                expressions.append(pl.lit(None, dtype=pl.String).alias(column.name + TEXT_SUFFIX))
            continue
        text = normalised_text(column.name, column.type, repairs[column.name])
        if has_text_twin(column.type):
            expressions.append(text.alias(column.name + TEXT_SUFFIX))
            expressions.append(typed_value(text, column.type, repairs[column.name]).alias(column.name))
        else:
            expressions.append(text.alias(column.name))
    expressions.append(pl.lit(extract_date, dtype=pl.Date).alias(EXTRACT_DATE))
    if EXTRA_CELLS in raw.columns:
        expressions.append(pl.col(EXTRA_CELLS))
    # Text twins are computed from the raw column before it is replaced by its typed value.
    return raw.lazy().select(expressions).collect()


def typed_columns(kind: ExtractKind) -> list[str]:
    """The columns of the validated table, in declared order."""
    return list(kind.column_names)

"""Plain-English reasons, one per rule, quoting the values the file held.

A reason is written for the data officer who will fix the row: which column, what it said, and what it
should be. Values are quoted as the file wrote them (after trimming). Columns marked ``personal`` in
the data model (names) and dates of birth are never quoted: the row number finds them.
"""

from __future__ import annotations

from adoption_audit.checks.extracts import ExtractKind
from adoption_audit.checks.validation.parsing import EXTRACT_DATE, TEXT_SUFFIX

# Readable names for the SSDA903 columns whose DfE names say little to a reader.
LABELS = {
    "DOB": "the date of birth", "DECOM": "the episode start", "DEC": "the episode end",
    "DATE_INT": "the decision to place for adoption", "DATE_MATCH": "the match",
    "DATE_PLACED": "the decision to place", "DATE_PLACED_CEASED": "the end of that decision",
    "MC_DOB": "the mother's child's date of birth",
}
MAX_CODES_SHOWN = 8
# Dates of birth identify a child almost as well as a name: never quoted (as the DfE rules do too).
PRIVATE_DATES = frozenset({"date_of_birth", "DOB", "MC_DOB"})


def label(column: str) -> str:
    if column in LABELS:
        return LABELS[column]
    return "the " + column.removesuffix("_date").replace("_", " ")


def shown(row: dict, column: str, kind: ExtractKind) -> str:
    """The value as the file held it, or a placeholder for personal columns and blanks."""
    if column in PRIVATE_DATES or (column in kind.column_names and kind.column(column).personal):
        return "(withheld)"
    value = row.get(column + TEXT_SUFFIX, row.get(column))
    return "blank" if value is None else str(value)


def _codes(kind: ExtractKind, column: str) -> str:
    allowed = kind.column(column).codes or ()
    listed = ", ".join(allowed[:MAX_CODES_SHOWN])
    return listed + (", …" if len(allowed) > MAX_CODES_SHOWN else "")


def required(row: dict, column: str, kind: ExtractKind) -> str:
    why = " (it is part of the record's key)" if column in kind.key else ""
    return f"{column} is blank; it is required{why}."


def allowed_code(row: dict, column: str, kind: ExtractKind) -> str:
    value = shown(row, column, kind)
    if kind.column(column).type == "flag":
        return f"{column} is '{value}'; a flag is Y or N."
    return f"{column} is '{value}', not one of its codes ({_codes(kind, column)})."


def valid_date(row: dict, column: str, kind: ExtractKind) -> str:
    return f"{column} '{shown(row, column, kind)}' is not a real date written dd/mm/YYYY or YYYY-MM-DD."


def valid_amount(row: dict, column: str, kind: ExtractKind) -> str:
    return f"{column} '{shown(row, column, kind)}' is not an amount in pounds and pence."


def valid_number(row: dict, column: str, kind: ExtractKind) -> str:
    return f"{column} '{shown(row, column, kind)}' is not a whole number."


def amount_positive(row: dict, column: str, kind: ExtractKind) -> str:
    return f"{column} is {shown(row, column, kind)}; an amount must be more than zero."


def date_not_future(row: dict, column: str, kind: ExtractKind) -> str:
    extract_date = row.get(EXTRACT_DATE)
    when = extract_date.strftime("%d/%m/%Y") if extract_date else "?"
    return f"{column} {shown(row, column, kind)} is after the extract date ({when})."


def dates_in_order(row: dict, pair: tuple[str, str], kind: ExtractKind) -> str:
    earlier, later = pair
    return (f"{label(later).capitalize()} ({later} {shown(row, later, kind)}) is before "
            f"{label(earlier)} ({earlier} {shown(row, earlier, kind)}).")


def unique_key(row: dict, columns: tuple[str, ...], kind: ExtractKind, first_row: int | None) -> str:
    key = ", ".join(f"{c} {shown(row, c, kind)}" for c in columns)
    where = f" row {first_row}" if first_row else " an earlier row"
    return f"The key ({key}) repeats{where}; only the first row with a key goes on."


def row_shape(row: dict, width: int) -> str:
    return (f"The row has {row.get('_extra_cells')} cells but the header has {width}: a stray delimiter "
            f"would shift every value after it.")

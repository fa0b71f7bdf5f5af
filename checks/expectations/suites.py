"""A Great Expectations 1.x suite per extract kind: the schema's business rules again, plus distribution.

The suite runs on one batch per kind: the valid rows of every extract of that kind in the run, each row
carrying its ``source_path``, its return's ``extract_date`` and its extract's ``rows_vs_previous``
(rows over the same authority's previous extract of the kind). Rules that belong to one extract are
written per extract on that batch: the key is unique within its file, a date is not after its own
return's extract date. GX's cost is per expectation and batch, not per row (about 0.4 s a batch), so one
batch per kind keeps a nightly run over 150 authorities at ten batches, not fifteen hundred.

The business expectations (required columns filled, codes in their lists, dates in order, amounts
positive, keys unique, no date after the extract date) repeat the pandera rules on the rows that passed
them: a second, independent implementation whose Data Docs an auditor can read without Python. The
distribution expectations are what pandera does not do: each extract's row count within half to twice
the same authority's previous extract of that kind, and the null rate of key columns.

Each expectation carries ``meta["level"]``: ``business`` (a failure is an error) or ``distribution``
(a failure is a warning: a surprising extract, not a wrong row). Data Docs show observed values, so no
expectation that can reveal a value is set on a date of birth or a personal column.
"""

from __future__ import annotations

from itertools import pairwise

import great_expectations as gx
import great_expectations.expectations as gxe
from adoption_audit.checks.extracts import ExtractKind
from adoption_audit.checks.schemas import schema_for

ROW_COUNT_RANGE = (0.5, 2.0)  # of the previous extract's rows: halved or doubled is a surprise
MAX_KEY_NULL_RATE = 0.0
PRIVATE_DATES = frozenset({"date_of_birth", "DOB", "MC_DOB"})
SOURCE_PATH, EXTRACT_DATE, ROWS_VS_PREVIOUS = "source_path", "extract_date", "rows_vs_previous"


def _business(expectation):
    expectation.meta = {"level": "business"}
    return expectation


def _distribution(expectation):
    expectation.meta = {"level": "distribution"}
    return expectation


def suite_for(kind: ExtractKind, *, name: str | None = None) -> gx.ExpectationSuite:
    """The suite for the batch of ``kind`` (see the module docstring for the batch's extra columns)."""
    expectations: list = []
    add = expectations.append
    add(_business(gxe.ExpectTableColumnsToMatchSet(column_set=list(kind.column_names), exact_match=False)))
    for column in kind.columns:
        if column.required:
            add(_business(gxe.ExpectColumnValuesToNotBeNull(column=column.name)))
        if column.type == "code" and column.codes:
            add(_business(gxe.ExpectColumnValuesToBeInSet(column=column.name, value_set=list(column.codes))))
        if column.type == "amount":
            add(_business(gxe.ExpectColumnValuesToBeBetween(column=column.name, min_value=0, strict_min=True)))
        if column.type == "date" and not (column.personal or column.name in PRIVATE_DATES):
            add(_business(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=EXTRACT_DATE, column_B=column.name, or_equal=True, ignore_row_if="either_value_is_missing")))
    for chain in schema_for(kind.kind)._date_order:
        for earlier, later in pairwise([c for c in chain if c not in PRIVATE_DATES]):
            add(_business(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=later, column_B=earlier, or_equal=True, ignore_row_if="either_value_is_missing")))
    add(_business(gxe.ExpectCompoundColumnsToBeUnique(column_list=[SOURCE_PATH, *kind.key])))
    for column in kind.key:
        add(_distribution(gxe.ExpectColumnValuesToNotBeNull(column=column, mostly=1 - MAX_KEY_NULL_RATE)))
    low, high = ROW_COUNT_RANGE
    add(_distribution(gxe.ExpectColumnValuesToBeBetween(column=ROWS_VS_PREVIOUS, min_value=low, max_value=high)))
    # Built whole (not with add_expectation, which needs a live data context): a suite is a declaration.
    return gx.ExpectationSuite(name=name or kind.kind, expectations=expectations)

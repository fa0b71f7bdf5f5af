"""Validated tables built directly, in the schema ``checks.validation.write_warehouse`` writes.

The metrics only ever read the warehouse, so a hand-written test world or a benchmark's generated
arrays can be put there without going through CSV files and validation: one table per extract kind,
the extract's columns typed (DATE, BOOLEAN flags, DECIMAL amounts, VARCHAR ids and codes) plus the
lineage columns ``authority, extract_date, source_path, source_row``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import duckdb
from adoption_audit.checks.extracts import EXTRACT_KINDS, LINEAGE_COLUMNS
from adoption_audit.checks.metrics.current import LINEAGE_TYPES, SQL_TYPES, existing_tables


def table_ddl(kind: str) -> str:
    extract = EXTRACT_KINDS[kind]
    columns = [f'"{c.name}" {SQL_TYPES[c.type]}' for c in extract.columns]
    columns += [f"{c} {LINEAGE_TYPES[c]}" for c in LINEAGE_COLUMNS]
    return f'create table if not exists "{kind}" ({", ".join(columns)})'


def create_tables(con: duckdb.DuckDBPyConnection, kinds: Iterable[str] | None = None) -> None:
    for kind in kinds or EXTRACT_KINDS:
        con.execute(table_ddl(kind))


def insert_records(con: duckdb.DuckDBPyConnection, kind: str, records: list[dict], authority: str,
                   extract_date: date, source_path: str | None = None) -> int:
    """Append ``records`` (dicts of column -> typed value; absent columns are null) as one extract."""
    if kind not in existing_tables(con):
        create_tables(con, [kind])
    names = list(EXTRACT_KINDS[kind].column_names)
    path = source_path or f"{authority}/{extract_date.isoformat()}/{EXTRACT_KINDS[kind].default_file}"
    unknown = {k for record in records for k in record} - set(names)
    if unknown:
        raise KeyError(f"{kind} has no column {sorted(unknown)}")
    rows = [[record.get(n) for n in names] + [authority, extract_date, path, number]
            for number, record in enumerate(records, 2)]
    if rows:
        placeholders = ", ".join("?" * (len(names) + len(LINEAGE_COLUMNS)))
        con.executemany(f'insert into "{kind}" values ({placeholders})', rows)
    return len(rows)


def warehouse_from_sources(directory, con: duckdb.DuckDBPyConnection | None = None):
    """Validate the extracts under ``directory`` and load the valid rows into ``con`` (default: in memory).

    Returns ``(con, validation)``: the validation result carries the inputs for provenance and the
    quarantine counts. Raises the validation's :class:`AdoptionAuditError` on unreadable input.
    """
    from adoption_audit.checks.validation import validate_sources, write_warehouse

    con = con or duckdb.connect()
    validation = validate_sources(directory)
    write_warehouse(validation, con)
    return con, validation

"""One authority's rows, worked on away from the shared warehouse, then put back in one transaction.

The figures and the reconciliation are partitioned by authority: an authority's metrics need all of its
years, and nothing of any other authority. The functions that compute them (``build_metrics_table``,
``reconcile``) read and replace whole tables, which is right for one authority's world. So a partitioned
run copies the authority's rows of the tables it reads into an in-memory DuckDB, runs the unchanged
function there, and replaces that authority's rows of the tables it wrote. Two gains beyond
correctness: the shared warehouse file is locked only while copying in and out (DuckDB allows one
writing process), so partitions compute in parallel; and a failure mid-way leaves the warehouse as it was.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TypeVar

import duckdb
import pyarrow as pa
from adoption_audit.checks.duckdb_tables import column_names, table_names, transaction

from adoption_audit.logs import get_logger

log = get_logger("warehouse")
T = TypeVar("T")


def compute_for_authority(connect: Callable, authority: str | None, reads: dict[str, str], writes: dict[str, str],
                          compute: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """``compute(con)`` on the whole warehouse (``authority`` None), or on an in-memory copy of one
    authority's rows of ``reads``, after which its rows of ``writes`` replace the warehouse's.
    ``connect()`` opens the warehouse (a context manager, as ``DuckDBResource.get_connection``)."""
    if authority is None:
        with connect() as con:
            return compute(con)
    with connect() as con:
        scratch = copy_authority(con, authority, reads)
    with scratch:
        result = compute(scratch)
        with connect() as con:
            replace_authority(con, scratch, authority, writes)
    return result


def copy_authority(con: duckdb.DuckDBPyConnection, authority: str, tables: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding ``authority``'s rows of ``tables`` (``{table: its authority column}``);
    tables the warehouse does not have are left out, as the functions expect of a warehouse."""
    scratch = duckdb.connect()
    present = table_names(con)
    for table, column in tables.items():
        if table not in present:
            continue
        rows = _arrow(con, f'select * from "{table}" where "{column}" = ?', [authority])
        scratch.register("_incoming", rows)
        scratch.execute(f'create table "{table}" as select * from _incoming')
        scratch.unregister("_incoming")
    return scratch


def replace_authority(con: duckdb.DuckDBPyConnection, scratch: duckdb.DuckDBPyConnection, authority: str,
                      tables: dict[str, str]) -> dict[str, int]:
    """Replace ``authority``'s rows of ``tables`` in the warehouse with the scratch database's; return rows
    written per table. A warehouse table whose columns differ from the scratch one's (an older version's)
    is recreated, as the validated tables are."""
    written: dict[str, int] = {}
    present = table_names(con)
    with transaction(con):
        for table, column in tables.items():
            rows = _arrow(scratch, f'select * from "{table}"')
            con.register("_incoming", rows)
            try:
                if table in present and column_names(con, table) == rows.schema.names:
                    con.execute(f'delete from "{table}" where "{column}" = ?', [authority])
                    con.execute(f'insert into "{table}" select * from _incoming')
                else:
                    if table in present:
                        log.warning("table %s had other columns: recreated for this authority's rows", table)
                    con.execute(f'create or replace table "{table}" as select * from _incoming')
            finally:
                con.unregister("_incoming")
            written[table] = rows.num_rows
    return written


def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pa.Table:
    """A query's rows as Arrow. Through ``execute`` (which finishes any result the connection still holds
    from the function that ran before); DuckDB's warning that this copies the rows once is silenced: at
    one authority's size the copy costs milliseconds."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
        return con.execute(sql, params or []).to_arrow_table()

"""Small questions every stage asks of the DuckDB warehouse: which tables, which columns, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Tables (and views) of the connection's current schema: temporary ones are not the warehouse's."""
    return {row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_schema = current_schema()").fetchall()}


def column_names(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """``table``'s columns in order; empty when there is no such table."""
    return [row[0] for row in con.execute(
        "select column_name from information_schema.columns where table_name = ? and table_schema = current_schema() "
        "order by ordinal_position", [table]).fetchall()]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Everything inside is written together or not at all: a reader sees the tables before or after."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")

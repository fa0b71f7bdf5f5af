"""Loading a validation run into DuckDB, and the quarantine CSVs a data officer opens in Excel.

One table per extract kind, named as the kind, holding every validated row of every authority and
extract date with the kind's columns typed (DATE, BOOLEAN for flags, DECIMAL(12,2) for amounts, VARCHAR
for ids, codes and text) and the lineage columns ``authority, extract_date, source_path, source_row``.
Beside them ``quarantine`` (every rejected row and its reason) and ``extracts`` (the counts per file).
``raw_files`` (:func:`write_raw_files`, the Dagster raw assets) lists every file found, read or not,
with its size and hash. Re-running replaces these tables whole: the same inputs always give the same
tables, never duplicates.

A partitioned run (one authority's collection year, :class:`~.layout.SourcePartition`) replaces only
that partition's rows in each of these tables, in one transaction, and leaves every other partition's
rows as they were: the same partition run twice gives the same tables.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
from adoption_audit.checks.duckdb_tables import column_names, table_names, transaction
from adoption_audit.checks.extracts import EXTRACT_KINDS, LINEAGE_COLUMNS, ExtractKind
from adoption_audit.checks.validation.layout import SourcePartition, collection_year_of
from adoption_audit.checks.validation.raw import RawFile
from adoption_audit.checks.validation.results import SourcesValidation

from adoption_audit.logs import get_logger
from adoption_audit.tabular_out import write_csv

log = get_logger("sources")

SQL_TYPES = {"date": "DATE", "flag": "BOOLEAN", "amount": "DECIMAL(12,2)", "int": "BIGINT"}
QUARANTINE_COLUMNS = ("path", "row", "key", "rule", "columns", "reason", "kind", "authority", "severity",
                      "dfe_rule")
QUARANTINE_DDL = ("quarantine (path VARCHAR, row BIGINT, key VARCHAR, rule VARCHAR, columns VARCHAR[], reason VARCHAR, "
                  "kind VARCHAR, authority VARCHAR, severity VARCHAR, dfe_rule VARCHAR, extract_date DATE)")
EXTRACTS_DDL = ("extracts (path VARCHAR, kind VARCHAR, authority VARCHAR, extract_date DATE, rows BIGINT, "
                "valid BIGINT, quarantined BIGINT, flagged BIGINT, encoding VARCHAR)")
RAW_FILES_DDL = ("raw_files (path VARCHAR, kind VARCHAR, status VARCHAR, authority VARCHAR, extract_date DATE, "
                 "rows BIGINT, bytes BIGINT, sha256 VARCHAR, encoding VARCHAR)")
EXTRACTS_COLUMNS = ("path", "kind", "authority", "extract_date", "rows", "valid", "quarantined", "flagged",
                    "encoding")


def table_ddl(kind: ExtractKind) -> str:
    return f"create or replace table {_kind_columns(kind)}"


def _kind_columns(kind: ExtractKind) -> str:
    columns = [f'"{c.name}" {SQL_TYPES.get(c.type, "VARCHAR")}' for c in kind.columns]
    columns += ["authority VARCHAR", "extract_date DATE", "source_path VARCHAR", "source_row BIGINT"]
    return f'"{kind.kind}" ({", ".join(columns)})'


def _prepare(con: duckdb.DuckDBPyConnection, columns: str, partition: SourcePartition | None) -> None:
    """Make table ``columns`` (``name (col TYPE, ...)``) ready for this run's rows: replaced whole, or
    for a partition, created when missing and cleared of the partition's rows.

    A table whose columns are not the ones declared (a warehouse from an older version) is recreated:
    its other partitions' rows are gone until those partitions run again, which the log says.
    """
    name = columns.split(" (", 1)[0].strip('"')
    if partition is None:
        con.execute(f"create or replace table {columns}")
        return
    con.execute(f"create table if not exists {columns}")
    declared = [part.strip().split(" ", 1)[0].strip('"') for part in columns.split(" (", 1)[1][:-1].split(", ")]
    if column_names(con, name) != declared:
        log.warning("table %s had other columns: recreated, other partitions fill it again when they run", name)
        con.execute(f"create or replace table {columns}")
        return
    dates = [d for (d,) in con.execute(f'select distinct extract_date from "{name}" where authority = ?',
                                        [partition.authority]).fetchall()
             if collection_year_of(d) == partition.year]
    if dates:
        con.execute(f'delete from "{name}" where authority = ? and extract_date in (select unnest(?))',
                    [partition.authority, dates])


def _with_lineage(report) -> pl.DataFrame:
    return report.valid_frame.with_columns(
        pl.lit(report.authority).alias("authority"), pl.lit(report.extract_date, dtype=pl.Date).alias("extract_date"),
        pl.lit(report.path).alias("source_path"),
    ).select(*EXTRACT_KINDS[report.kind].column_names, *LINEAGE_COLUMNS)


def write_warehouse(result: SourcesValidation, con: duckdb.DuckDBPyConnection,
                    partition: SourcePartition | None = None) -> dict[str, int]:
    """Replace the validated tables, ``quarantine`` and ``extracts`` (or only ``partition``'s rows in
    them); return rows written per table.

    Every kind gets its table, empty when no extract of it was found, so queries never fail on a
    missing table. One transaction: a reader sees the previous run's tables or this run's, never a mix.
    """
    with transaction(con):
        return _replace_tables(result, con, partition)


def _replace_tables(result: SourcesValidation, con: duckdb.DuckDBPyConnection,
                    partition: SourcePartition | None) -> dict[str, int]:
    written: dict[str, int] = {}
    by_kind = result.by_kind()
    for kind in EXTRACT_KINDS.values():
        _prepare(con, _kind_columns(kind), partition)
        frames = [_with_lineage(r) for r in by_kind.get(kind.kind, []) if r.valid_frame.height]
        if frames:
            _insert(con, kind.kind, pl.concat(frames, how="vertical"))
        written[kind.kind] = sum(f.height for f in frames)
    _prepare(con, QUARANTINE_DDL, partition)
    if result.quarantine:
        # Loaded as one Arrow table: DuckDB's executemany costs about a millisecond a row.
        items = pl.DataFrame([(q.path, q.row, q.key, q.rule, list(q.columns), q.reason, q.kind, q.authority,
                               q.severity, q.dfe_rule, r.extract_date) for r in result.extracts for q in r.items],
                             schema={"path": pl.String, "row": pl.Int64, "key": pl.String, "rule": pl.String,
                                     "columns": pl.List(pl.String), "reason": pl.String, "kind": pl.String,
                                     "authority": pl.String, "severity": pl.String, "dfe_rule": pl.String,
                                     "extract_date": pl.Date},
                             orient="row")
        _insert(con, "quarantine", items)
    _prepare(con, EXTRACTS_DDL, partition)
    if result.extracts:
        con.executemany("insert into extracts values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(r.path, r.kind, r.authority, r.extract_date, r.rows, r.valid, r.quarantined,
                          r.flagged, r.encoding) for r in result.extracts])
    written["quarantine"] = len(result.quarantine)
    written["extracts"] = len(result.extracts)
    return written


RAW_FILES_SCHEMA = {"path": pl.String, "kind": pl.String, "status": pl.String, "authority": pl.String,
                    "extract_date": pl.Date, "rows": pl.Int64, "bytes": pl.Int64, "sha256": pl.String,
                    "encoding": pl.String}


def write_raw_files(files: list[RawFile], con: duckdb.DuckDBPyConnection,
                    partition: SourcePartition | None = None) -> int:
    """Replace ``raw_files`` (one row per file found: read, skipped or rejected), or only ``partition``'s
    rows in it; return rows written.

    Loaded through Arrow: a national run has over ten thousand files, and executemany costs about a
    millisecond a row.
    """
    with transaction(con):
        _prepare(con, RAW_FILES_DDL, partition)
        if files:
            frame = pl.DataFrame([tuple(getattr(f, c) for c in RAW_FILES_SCHEMA) for f in files],
                                 schema=RAW_FILES_SCHEMA, orient="row")
            _insert(con, "raw_files", frame)
    return len(files)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Append ``frame`` (columns in the table's order) through Arrow, without a copy per row."""
    con.register("_incoming", frame.to_arrow())
    try:
        con.execute(f'insert into "{table}" select * from _incoming')
    finally:
        con.unregister("_incoming")


def quarantine_file_name(report, taken: set[str] = frozenset()) -> str:
    """``<authority>__<extract date>__<kind>.csv``, one per extract (the file's name is added when two
    extracts of one kind share an authority and date)."""
    when = report.extract_date.isoformat() if report.extract_date else "undated"
    name = f"{report.authority or 'unplaced'}__{when}__{report.kind}.csv"
    if name in taken:
        name = name.removesuffix(".csv") + f"__{Path(report.path).stem}.csv"
    return name


def write_quarantine_csvs(result: SourcesValidation, folder: Path,
                          partition: SourcePartition | None = None) -> list[Path]:
    """One Excel-safe CSV (UTF-8 with BOM) per extract with quarantined or flagged rows.

    Files left from an earlier run (of ``partition``, when given) are removed first, so the folder always
    matches the last run of each partition.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        if partition is None or _csv_in(old.name, partition):
            old.unlink()
    written: list[Path] = []
    for report in result.extracts:
        if not report.items:
            continue
        path = folder / quarantine_file_name(report, {p.name for p in written})
        rows = [{**q.to_json(), "columns": " ".join(q.columns)} for q in report.items]
        write_csv(rows, QUARANTINE_COLUMNS, path)
        written.append(path)
    return written


def _csv_in(name: str, partition: SourcePartition) -> bool:
    """Whether a quarantine CSV (``<authority>__<extract date>__...``) belongs to ``partition``."""
    authority, _, rest = name.partition("__")
    when = rest.split("__", 1)[0]
    try:
        day = date.fromisoformat(when)
    except ValueError:
        return False
    return authority == partition.authority and collection_year_of(day) == partition.year


def previous_row_counts(con: duckdb.DuckDBPyConnection, partition: SourcePartition,
                        first: date | None) -> dict[str, int]:
    """``"<authority>/<kind>"``: rows of the authority's latest extract of each kind dated before ``first``
    (the partition's earliest extract), as earlier partitions' runs recorded them in ``extracts``: what a
    partitioned run compares its row counts with."""
    if first is None or "extracts" not in table_names(con):
        return {}
    rows = con.execute("""select kind, rows from extracts where authority = ? and extract_date < ?
                          qualify row_number() over (partition by kind order by extract_date desc, path desc) = 1""",
                       [partition.authority, first]).fetchall()
    return {f"{partition.authority}/{kind}": n for kind, n in rows}

"""Read a folder of 903 CSV files into the tables ``check_return`` takes (every column as text, plus
``_row``), recognising each file by its columns. The source validation has its own, fuller reader (encodings,
XLSX, quarantine of unreadable files); this small one serves the comparison with the DfE tool, the
benchmarks and tests that start from files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from adoption_audit.checks.extracts import recognise

from adoption_audit.errors import UnreadableInput


def read_csv_as_text(path: Path) -> pl.DataFrame:
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise UnreadableInput(f"cannot read as CSV ({str(exc).splitlines()[0]})", path) from exc
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
    return frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))


def read_return(folder: Path, files: list[str] | None = None) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """Tables by extract kind and their display paths, for the 903 CSVs in ``folder``."""
    tables, paths = {}, {}
    for path in sorted(folder.glob("*.csv")) if files is None else [folder / f for f in files]:
        frame = read_csv_as_text(path)
        kind = recognise(frame.columns)
        if kind is None or kind.system != "ssda903" or kind.kind in tables:
            continue
        tables[kind.kind], paths[kind.kind] = frame, path.name
    return tables, paths

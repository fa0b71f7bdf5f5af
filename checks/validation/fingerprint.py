"""Which source partitions changed since they were last validated, so a night re-reads only those.

A data team keeps every return it ever sent, and most nights none of them changes: re-validating ten
years of a hundred and fifty authorities each night would spend hours confirming what is known (each
partition's run costs seconds, most of it Great Expectations' fixed cost per batch). A partition is
re-validated when its fingerprint differs from the one stored when it was last validated:

- the files it holds, by path and SHA-256 (a new, changed, renamed or removed extract), and
- the validation code itself (the schemas, the DfE rules, the expectations, the extract model): a
  changed rule re-validates every partition, so no figure rests on rules the code no longer has.

Fingerprints live in the warehouse (table ``source_partitions``), beside the rows they describe: a new
``out/`` folder has none, so everything runs; the Dagster instance's history is not consulted, as it may
belong to another warehouse.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import duckdb
from adoption_audit.checks.duckdb_tables import table_names
from adoption_audit.checks.validation.layout import SourceLayout, SourcePartition

from adoption_audit.provenance import sha256_of

PARTITIONS_TABLE = "source_partitions"
_CHECKS = Path(__file__).resolve().parent.parent  # adoption_audit/checks
VALIDATION_CODE = ("validation", "schemas", "dfe903", "expectations", "extracts.py", "quarantine.py")


@cache
def validation_code_version() -> str:
    """SHA-256 (first 16 hex) of every file the validation's outcome depends on."""
    digest = hashlib.sha256()
    for name in VALIDATION_CODE:
        target = _CHECKS / name
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".yaml", ".json", ".csv"):
                digest.update(path.relative_to(_CHECKS).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def partition_fingerprint(files: list[tuple[str, str | None]]) -> str:
    """The fingerprint of a partition's files, given as ``(path shown, SHA-256)``, and of the code."""
    payload = json.dumps([validation_code_version(), sorted((p, h or "") for p, h in files)])
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def stored_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """``(authority, year) -> fingerprint`` of every partition validated into this warehouse."""
    if PARTITIONS_TABLE not in table_names(con):
        return {}
    return {(a, y): f for a, y, f in con.execute(f"select authority, year, fingerprint from {PARTITIONS_TABLE}")
            .fetchall()}


def record_fingerprint(con: duckdb.DuckDBPyConnection, authority: str, year: str, fingerprint: str) -> None:
    con.execute(f"create table if not exists {PARTITIONS_TABLE} (authority varchar, year varchar, fingerprint varchar)")
    con.execute(f"delete from {PARTITIONS_TABLE} where authority = ? and year = ?", [authority, year])
    con.execute(f"insert into {PARTITIONS_TABLE} values (?, ?, ?)", [authority, year, fingerprint])


def changed_partitions(layout: SourceLayout, con: duckdb.DuckDBPyConnection | None) -> list[SourcePartition]:
    """Every configured partition whose fingerprint is not the stored one (all of them without a warehouse)."""
    files = layout.files()
    stored = stored_fingerprints(con) if con is not None else {}
    changed = []
    for authority in layout.authorities(files):
        for year in layout.collection_years(files):
            partition = SourcePartition(authority, year)
            held = [(f.relative, sha256_of(f.path)) for f in files if partition.holds(f)]
            if stored.get((authority, year)) != partition_fingerprint(held):
                changed.append(partition)
    return changed

"""What a run was given: every input file with its size and hash, so each output can be traced to it."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

from adoption_audit.provenance import sha256_of

INVENTORY_FOLDERS = ("sources", "reports", "cprs")


def list_inputs(root: Path) -> list[dict]:
    if not root.exists():
        return []
    return [{"path": p.relative_to(root).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_of(p)}
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")]


@dg.asset(group_name="inventory", description="Every input file of the run, with its size and SHA-256.",
          # Under the daemon, taken once a night after the schedule's tick (adoption-audit run takes it each run).
          automation_condition=dg.AutomationCondition.on_cron("0 2 * * *", "Europe/London"))
def input_inventory(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    rows = [(folder, *item.values()) for folder in INVENTORY_FOLDERS
            for item in list_inputs(Path(getattr(paths, folder)))]
    with warehouse.get_connection() as con:
        con.execute("create or replace table input_inventory "
                    "(folder varchar, path varchar, bytes bigint, sha256 varchar)")
        if rows:
            con.executemany("insert into input_inventory values (?, ?, ?, ?)", rows)
    counts = {folder: sum(1 for r in rows if r[0] == folder) for folder in INVENTORY_FOLDERS}
    return dg.MaterializeResult(metadata={f"{folder}_files": n for folder, n in counts.items()})


@dg.asset_check(asset=input_inventory, description="The run was given at least one input file.")
def inventory_not_empty(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as con:
        files = con.execute("select count(*) from input_inventory").fetchone()[0]
    return dg.AssetCheckResult(passed=files > 0, metadata={"files": files})

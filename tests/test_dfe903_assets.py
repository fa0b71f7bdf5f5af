"""The DfE rules as asset checks on the validated 903 tables.

A stand-in for the validation's multi-asset writes the validated tables exactly as the warehouse lays
them out (the validation's own DDL: typed dates, lineage columns), so these tests exercise the checks,
not the source validation (tested on its own)."""

from __future__ import annotations

import dagster as dg
import polars as pl
from adoption_audit.checks.dfe903.dates import DATE_COLUMNS
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.validation.warehouse import table_ddl
from adoption_audit.pipelines.assets import dfe903 as dfe903_assets
from adoption_audit.pipelines.resources import resources_for
from dagster_duckdb import DuckDBResource
from test_dfe903_rules import clean_return, frames

from adoption_audit.settings import RunSettings

KINDS = dfe903_assets.KINDS_903


def _validated_tables(rows: dict):
    @dg.multi_asset(specs=[dg.AssetSpec(dfe903_assets.validated_key(k)) for k in KINDS], can_subset=False)
    def validated_903(warehouse: DuckDBResource):
        with warehouse.get_connection() as con:
            for kind, text in frames(rows).items():
                if kind not in KINDS:
                    continue
                typed = text.with_columns(
                    [pl.col(c).str.to_date("%d/%m/%Y", strict=False) for c in DATE_COLUMNS[kind]],
                    authority=pl.lit("northshire"), extract_date=pl.lit("2023-03-31").str.to_date(),
                    source_path=pl.lit(f"northshire/2023-03-31/{kind}.csv"), source_row=pl.col("_row"),
                ).select(*EXTRACT_KINDS[kind].column_names, "authority", "extract_date", "source_path", "source_row")
                con.execute(table_ddl(EXTRACT_KINDS[kind]))
                arrow = typed.to_arrow()  # noqa: F841 (read by DuckDB by name)
                con.execute(f'insert into "{kind}" select * from arrow')
        for kind in KINDS:
            yield dg.MaterializeResult(asset_key=dfe903_assets.validated_key(kind))

    return validated_903


def _check_results(tmp_path, rows) -> dict[str, dg.AssetCheckEvaluation]:
    settings = RunSettings(sources=tmp_path / "sources", reports=tmp_path / "reports", cprs=tmp_path / "cprs",
                           out=tmp_path / "out")
    defs = dg.Definitions(assets=[_validated_tables(rows)], asset_checks=dfe903_assets.asset_checks,
                          resources=resources_for(settings))
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process()
    return {e.asset_key.path[-1]: e for e in result.get_asset_check_evaluations() if e.check_name == "dfe903_rules"}


def test_flags_are_counted_by_rule_on_each_validated_table(tmp_path):
    rows = clean_return()
    # placed, matched and adopted on one day: DfE query 582 (a warning), and nothing else on the episodes
    rows["ssda903_ad1"][0]["DATE_MATCH"] = rows["ssda903_episodes"][1]["DECOM"] = "01/09/2022"
    rows["ssda903_ad1"][0]["DATE_INT"] = "02/04/2020"  # differs from the decision date: DfE error 523
    checks = _check_results(tmp_path, rows)
    assert set(checks) == {f"validated_{k}" for k in KINDS}
    episodes = checks["validated_ssda903_episodes"]
    meta = {k: v.value for k, v in episodes.metadata.items()}
    assert not episodes.passed and episodes.severity == dg.AssetCheckSeverity.WARN
    assert (meta["dfe_582"], meta["returns_checked"], meta["error_flags"]) == (1, 1, 0)
    ad1 = checks["validated_ssda903_ad1"]
    assert not ad1.passed and ad1.severity == dg.AssetCheckSeverity.ERROR
    assert {k: v.value for k, v in ad1.metadata.items()}["dfe_523"] == 1
    assert checks["validated_ssda903_header"].passed


def test_a_clean_return_passes_every_check(tmp_path):
    checks = _check_results(tmp_path, clean_return())
    assert len(checks) == len(KINDS) and all(c.passed for c in checks.values())

"""Source extracts as Dagster assets: one raw and one validated asset per kind, the quarantine, and the
coverage of the sources folder. The graph reads ``raw_<kind> -> validated_<kind> -> metrics``.

Partitioned by authority x collection year (:mod:`..partitions`): a partition's run reads that
authority's extracts of that year only and replaces only that partition's rows in the warehouse, so
fifty partitions run in parallel and a re-run of one leaves the others alone. Run without a partition
(``dg.materialize`` in a test, a folder given on the command line), the same asset validates every file
and replaces the tables whole.

Thin callers of :func:`adoption_audit.checks.validation.validate_sources` (the same function the CLI
runs), so a rule behaves identically from both. Validation runs once per materialisation, in
``validated_sources``: each file is read once, and that read gives both layers. ``raw_<kind>`` records
the files of a kind as they arrived (rows, bytes, SHA-256, encoding, in warehouse table ``raw_files``);
``validated_<kind>`` writes the kind's typed table; asset checks attach the pandera result, the Great
Expectations result and ``rows_add_up`` to each validated kind. A failed error-severity check blocks
downstream assets (metrics) from running on bad sources. Metadata carries counts only, never names.
"""

from pathlib import Path

import dagster as dg
from adoption_audit.checks.expectations.site import write_site_index
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.validation import (
    RawFile,
    SourceLayout,
    SourcePartition,
    SourcesValidation,
    previous_row_counts,
    raw_files,
    validate_files,
    write_quarantine_csvs,
    write_raw_files,
    write_warehouse,
)
from adoption_audit.checks.validation.fingerprint import partition_fingerprint, record_fingerprint
from adoption_audit.pipelines.partitions import NightlyPartitions
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

GROUP = "sources"
KINDS = sorted(EXTRACT_KINDS)
# Quarantined rows are handled (kept, explained, left out of the figures), so they warn, whatever their
# share: a small extract with two bad rows must not stop every figure and the whole report audit. When
# more than half of a kind's rows fail, the extract itself is broken (the wrong file, a changed export,
# dates in a new format): figures from what is left would mislead, so the check is an error and blocks.
QUARANTINE_ERROR_SHARE = 0.5
# A share of a handful of rows says nothing about the export: one bad row of a one-row ASF ledger is 100%.
# Below this many rows (in the partition's extracts of a kind) quarantined rows only ever warn.
QUARANTINE_ERROR_MIN_ROWS = 20


def validated_key(kind: str) -> dg.AssetKey:
    return dg.AssetKey(f"validated_{kind}")


def raw_key(kind: str) -> dg.AssetKey:
    return dg.AssetKey(f"raw_{kind}")


def _checks_for(kind: str) -> list[dg.AssetCheckSpec]:
    key = validated_key(kind)
    return [
        dg.AssetCheckSpec("pandera", asset=key, blocking=True,
                          description="Every row passes the extract's pandera schema; quarantined rows warn, more "
                                      f"than {QUARANTINE_ERROR_SHARE:.0%} of them (of at least {QUARANTINE_ERROR_MIN_ROWS} rows) "
                                      "is an error."),
        dg.AssetCheckSpec("great_expectations", asset=key, blocking=True,
                          description="The Great Expectations suite: business rules (error) and distribution (warning)."),
        dg.AssetCheckSpec("rows_add_up", asset=key, blocking=True,
                          description="Rows read = rows valid + rows quarantined, for every file of this kind."),
    ]


def build(partitions: NightlyPartitions) -> list:
    """The source assets for these partitions (they come from the run settings: see ``definitions``)."""

    @dg.multi_asset(
        specs=[dg.AssetSpec(raw_key(k), group_name=GROUP,
                            description=f"{EXTRACT_KINDS[k].label}: the files as they arrived (authority, extract "
                                        "date, rows, bytes, SHA-256, encoding), in warehouse table raw_files.")
               for k in KINDS]
        + [dg.AssetSpec(validated_key(k), group_name=GROUP, deps=[raw_key(k)],
                        description=f"{EXTRACT_KINDS[k].label}: validated rows, typed, in warehouse table {k}.")
           for k in KINDS]
        + [dg.AssetSpec("quarantine", group_name=GROUP, deps=[raw_key(k) for k in KINDS],
                        description="Every quarantined row with its file, row, rule and reason (warehouse table "
                                    "and out/quarantine/*.csv); rejected and skipped files counted.")],
        check_specs=[spec for k in KINDS for spec in _checks_for(k)],
        partitions_def=partitions.sources,
        can_subset=False,
    )
    def validated_sources(context: dg.AssetExecutionContext, paths: ProjectPaths, warehouse: DuckDBResource):
        partition = SourceLayout.partition_of(context.partition_key) if context.has_partition_key else None
        yield from validate_partition(context, paths, warehouse, partition)

    return [validated_sources]


def validate_partition(context: dg.AssetExecutionContext, paths: ProjectPaths, warehouse: DuckDBResource,
                       partition: SourcePartition | None):
    """Validate one partition's files (or every file), write the warehouse and yield the assets' results."""
    layout = paths.layout
    if partition is not None:
        files = layout.partition_files(partition)
        first = min((f.extract_date for f in files if f.extract_date), default=None)
        with warehouse.get_connection() as con:
            previous = previous_row_counts(con, partition, first)
    else:
        files, previous = layout.files(), None
    result = validate_files(Path(paths.sources), files, previous=previous)
    arrived = raw_files(result)
    with warehouse.get_connection() as con:
        write_raw_files(arrived, con, partition)
        written = write_warehouse(result, con, partition)
    outcomes = [dg.MaterializeResult(asset_key=raw_key(kind), metadata=_raw_counts([f for f in arrived if f.kind == kind]))
                for kind in KINDS]
    csvs = write_quarantine_csvs(result, paths.out_dir / "quarantine", partition)
    # Great Expectations' site keeps the pages of the last build only: one site per partition keeps them all.
    docs = paths.out_dir / "data-docs"
    expectations = _expectations(result, docs / partition.authority / partition.year if partition else docs)
    if partition is not None:
        write_site_index(docs)
    by_kind = result.by_kind()
    for kind in KINDS:
        reports = by_kind.get(kind, [])
        counts = {"files": len(reports), "rows": sum(r.rows for r in reports),
                  "valid": sum(r.valid for r in reports), "quarantined": sum(r.quarantined for r in reports),
                  "flagged": sum(r.flagged for r in reports), "table_rows": written[kind]}
        outcomes.append(dg.MaterializeResult(asset_key=validated_key(kind), metadata=counts))
        outcomes += _kind_checks(kind, reports, expectations.get(kind))
    outcomes.append(dg.MaterializeResult(asset_key="quarantine", metadata={
        "rows": len(result.quarantine), "quarantined_rows": result.quarantined_rows,
        "rejected_files": len(result.rejected), "skipped_files": len(result.skipped), "csv_files": len(csvs)}))
    # The fingerprint goes in last, and only for a partition no error check failed on: an unchanged
    # partition is skipped on later nights, so one that is broken must run (and fail) every night until fixed.
    broken = any(isinstance(o, dg.AssetCheckResult) and not o.passed and o.severity == dg.AssetCheckSeverity.ERROR
                 for o in outcomes)
    if partition is not None and not broken:
        with warehouse.get_connection() as con:
            record_fingerprint(con, partition.authority, partition.year,
                               partition_fingerprint([(f.path, f.sha256) for f in arrived]))
    yield from outcomes
    context.log.info(f"validated {len(result.extracts)} extracts, {result.quarantined_rows} rows quarantined, "
                     f"{len(result.rejected)} files rejected, {len(result.skipped)} skipped")


@dg.asset(group_name=GROUP, deps=[validated_key(k) for k in KINDS],
          automation_condition=dg.AutomationCondition.eager(),
          description="Every source file found, and whether a partition (authority and collection year) holds "
                      "it: a file in an undated folder, of an authority or year not configured, is never read "
                      "by the nightly run, so it is listed here rather than passed over.")
def source_coverage(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    layout = paths.layout
    files = layout.files()
    outside = layout.outside(files)
    with warehouse.get_connection() as con:
        con.execute("create or replace table source_coverage (path varchar, authority varchar, extract_date date, "
                    "in_partition boolean)")
        if files:
            outside_paths = {f.relative for f in outside}
            con.executemany("insert into source_coverage values (?, ?, ?, ?)",
                            [(f.relative, f.authority, f.extract_date, f.relative not in outside_paths) for f in files])
    return dg.MaterializeResult(metadata={"files": len(files), "outside_partitions": len(outside),
                                          "authorities": len(layout.authorities(files)),
                                          "years": len(layout.collection_years(files))})


@dg.asset_check(asset=source_coverage, description="Every source file belongs to a partition (a warning: the "
                                                   "file is listed in table source_coverage, not read).")
def every_file_in_a_partition(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as con:
        outside = con.execute("select count(*) from source_coverage where not in_partition").fetchone()[0]
    return dg.AssetCheckResult(passed=outside == 0, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"files_outside_partitions": outside})


def _raw_counts(files: list[RawFile]) -> dict:
    """Counts for one kind's raw asset: files, authorities, rows, bytes and files per encoding."""
    encodings: dict[str, int] = {}
    for f in files:
        encodings[f.encoding or "unknown"] = encodings.get(f.encoding or "unknown", 0) + 1
    return {"files": len(files), "authorities": len({f.authority for f in files}),
            "rows": sum(f.rows or 0 for f in files), "bytes": sum(f.bytes or 0 for f in files),
            **{f"encoding_{e}": n for e, n in sorted(encodings.items())}}


def _expectations(result: SourcesValidation, data_docs: Path) -> dict:
    from adoption_audit.checks.expectations import run_expectations

    return {report.kind: report for report in run_expectations(result, data_docs=data_docs)}


def _kind_checks(kind: str, reports: list, expectations):
    key = validated_key(kind)
    rows = sum(r.rows for r in reports)
    valid = sum(r.valid for r in reports)
    quarantined = sum(r.quarantined for r in reports)
    share = quarantined / rows if rows else 0.0
    rules: dict[str, int] = {}
    for report in reports:
        for item in report.items:
            rules[item.rule] = rules.get(item.rule, 0) + 1
    yield dg.AssetCheckResult(
        asset_key=key, check_name="pandera", passed=quarantined == 0,
        severity=dg.AssetCheckSeverity.ERROR if share > QUARANTINE_ERROR_SHARE and rows >= QUARANTINE_ERROR_MIN_ROWS
        else dg.AssetCheckSeverity.WARN,
        metadata={"rows": rows, "quarantined_rows": quarantined, "quarantined_share": round(share, 4),
                  **{f"rule_{r}": n for r, n in sorted(rules.items())}})
    business = expectations.business_failures if expectations else 0
    distribution = expectations.distribution_failures if expectations else 0
    yield dg.AssetCheckResult(asset_key=key, check_name="great_expectations", passed=business + distribution == 0,
                              severity=dg.AssetCheckSeverity.ERROR if business else dg.AssetCheckSeverity.WARN,
                              metadata={"evaluated": expectations.evaluated if expectations else 0,
                                        "business_failures": business, "distribution_failures": distribution,
                                        "checked_rows": expectations.checked_rows if expectations else 0,
                                        "sampled": bool(expectations and expectations.sampled)})
    yield dg.AssetCheckResult(asset_key=key, check_name="rows_add_up", passed=rows == valid + quarantined,
                              severity=dg.AssetCheckSeverity.ERROR,
                              metadata={"rows": rows, "valid": valid, "quarantined": quarantined})

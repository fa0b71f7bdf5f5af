"""Running the suites on a validation run's valid rows and rendering Data Docs.

Great Expectations runs in an ephemeral context (nothing written but the Data Docs, no network, no
analytics, progress bars off), on pandas, one batch per extract kind (:mod:`.suites`). Above
``sample_rows`` rows a kind is checked on a documented, reproducible sample: ``sample_rows`` rows drawn
at random with seed 0 across all its extracts (so every authority is represented); the row-count
expectation still uses each extract's full count, which travels with the rows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from adoption_audit.checks.expectations.suites import EXTRACT_DATE, ROWS_VS_PREVIOUS, SOURCE_PATH, suite_for
from adoption_audit.checks.extracts import EXTRACT_KINDS
from adoption_audit.checks.validation.results import ExtractReport, SourcesValidation

from adoption_audit.logs import get_logger

log = get_logger("expectations")
SAMPLE_ROWS = 200_000
SAMPLE_SEED = 0


@dataclass
class ExpectationReport:
    """One kind's suite run: which expectations failed (names, columns, level; never values)."""

    kind: str
    extracts: int
    success: bool
    evaluated: int
    failed: list[dict] = field(default_factory=list)  # {"expectation", "column", "level"}
    checked_rows: int = 0
    sampled: bool = False

    @property
    def business_failures(self) -> int:
        return sum(1 for f in self.failed if f["level"] == "business")

    @property
    def distribution_failures(self) -> int:
        return len(self.failed) - self.business_failures


def _context(data_docs: Path | None):
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    if data_docs is not None:
        data_docs.mkdir(parents=True, exist_ok=True)
        context.add_data_docs_site(site_name="local", site_config={
            "class_name": "SiteBuilder",
            # GX wants an absolute folder; `out/` is relative on the embedded default.
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(Path(data_docs).resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
    return context


def batch_of(reports: list[ExtractReport], sample_rows: int):
    """The rows GX sees for one kind, as pandas: dates as datetimes (blanks are NaT and skipped), amounts
    as floats, and each row's source path, extract date and extract's rows over its predecessor's."""
    kind = EXTRACT_KINDS[reports[0].kind]
    frames = [r.valid_frame.select(kind.column_names).with_columns(
        pl.lit(r.path).alias(SOURCE_PATH), pl.lit(r.extract_date, dtype=pl.Date).alias(EXTRACT_DATE),
        pl.lit(r.rows / r.previous_rows if r.previous_rows else None, dtype=pl.Float64).alias(ROWS_VS_PREVIOUS))
        for r in reports]
    frame = pl.concat(frames, how="vertical")
    total = frame.height
    if total > sample_rows:
        frame = frame.sample(n=sample_rows, seed=SAMPLE_SEED)
    dates = [c.name for c in kind.columns if c.type == "date"] + [EXTRACT_DATE]
    frame = frame.with_columns([pl.col(c).cast(pl.Datetime("ms")) for c in dates]
                               + [pl.col(c.name).cast(pl.Float64) for c in kind.columns if c.type == "amount"])
    return frame.to_pandas(), frame.height < total


def run_expectations(result: SourcesValidation, *, data_docs: Path | None = None,
                     sample_rows: int = SAMPLE_ROWS, result_format: str = "SUMMARY") -> list[ExpectationReport]:
    """One suite run per extract kind; Data Docs HTML written to ``data_docs`` when given.

    ``result_format="COMPLETE"`` makes GX list every failing row (the benchmark times it against pandera);
    SUMMARY, the default, keeps a sample of failing values, which is all Data Docs needs.
    """
    import great_expectations as gx

    context = _context(data_docs)
    source = context.data_sources.add_pandas("sources")
    outcomes = []
    for kind_name, reports in sorted(result.by_kind().items()):
        kind = EXTRACT_KINDS[kind_name]
        batch = source.add_dataframe_asset(kind_name).add_batch_definition_whole_dataframe("valid_rows")
        suite = context.suites.add(suite_for(kind))
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=kind_name, data=batch,
                                                                                suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(name=kind_name, validation_definitions=[definition],
                                                           actions=[], result_format=result_format))
        frame, sampled = batch_of(reports, sample_rows)
        run = next(iter(checkpoint.run(batch_parameters={"dataframe": frame}).run_results.values()))
        failed = [{"expectation": r.expectation_config.type,
                   "column": r.expectation_config.kwargs.get("column") or r.expectation_config.kwargs.get("column_B"),
                   "level": (r.expectation_config.meta or {}).get("level", "business")}
                  for r in run.results if not r.success]
        outcomes.append(ExpectationReport(kind_name, len(reports), run.success, len(run.results), failed,
                                          len(frame), sampled))
        log.info("expectations %s: %d extracts, %d evaluated, %d failed", kind_name, len(reports),
                 len(run.results), len(failed))
    if data_docs is not None:
        # Once, at the end: an update action per checkpoint would rebuild the whole site every time.
        context.build_data_docs(site_names=["local"])
    return outcomes

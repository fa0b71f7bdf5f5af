"""``adoption-audit sources validate``: a thin caller of :func:`validate_sources`."""

from __future__ import annotations

import io
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from adoption_audit.checks.validation import SourcesValidation, validate_sources
from adoption_audit.cli.common import EXIT_FINDINGS, EXIT_OK, emit, finish, to_json
from adoption_audit.errors import require_exists

app = typer.Typer(help="Validate source-system extracts; quarantine bad rows with a reason.", no_args_is_help=True)


class SourcesFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("validate")
def validate(
    directory: str = typer.Argument(..., metavar="DIR", help="DIR/<authority>/<extract date>/<files>"),
    format: SourcesFormat = typer.Option(SourcesFormat.table, "--format", help="table (default) or json."),
    out: Path = typer.Option(None, "--out", help="Write here instead of stdout."),
    collection_year: str = typer.Option(None, "--collection-year", metavar="YYYY-YY",
                                        help="SSDA903 collection year for every return (default: from each "
                                             "return's extract date)."),
    data_docs: Path = typer.Option(None, "--data-docs", metavar="DIR",
                                   help="Also run the Great Expectations suites and write Data Docs HTML here."),
) -> None:
    """Validate every extract under DIR; exit 1 when any row was quarantined or any file rejected.

    SSDA903 tables the toolkit does not check (reviews, OC2, ...) are listed as skipped and do not change
    the exit code.
    """
    result = validate_sources(require_exists(directory), collection_year=collection_year)
    if data_docs is not None:
        from adoption_audit.checks.expectations import (
            run_expectations,  # GX is slow to import: only when asked
        )

        run_expectations(result, data_docs=data_docs)
    text = to_json(result.to_json()) if format is SourcesFormat.json else summary_table(result)
    emit(text, out)
    finish(EXIT_OK if result.clean else EXIT_FINDINGS)


def summary_table(result: SourcesValidation) -> str:
    """The counts per file, then the rejected and skipped files, as plain-text tables (no names, only counts)."""
    table = Table(title="Source extracts", show_lines=False)
    for heading in ("file", "kind", "authority", "rows", "valid", "quarantined", "encoding"):
        table.add_column(heading, justify="right" if heading in ("rows", "valid", "quarantined") else "left")
    for report in result.extracts:
        table.add_row(report.path, report.kind, report.authority, f"{report.rows:,}", f"{report.valid:,}",
                      f"{report.quarantined:,}", report.encoding)
    buffer = io.StringIO()
    console = Console(file=buffer, width=160, force_terminal=False, color_system=None)
    console.print(table)
    if result.rejected:
        rejected = Table(title="Rejected files")
        rejected.add_column("file")
        rejected.add_column("reason")
        for rejection in result.rejected:
            rejected.add_row(rejection.path, rejection.reason)
        console.print(rejected)
    if result.skipped:
        skipped = Table(title="Skipped files (not checked)")
        for heading in ("file", "kind", "reason"):
            skipped.add_column(heading)
        for item in result.skipped:
            skipped.add_row(item.path, item.kind, item.reason)
        console.print(skipped)
    rules: dict[str, int] = {}
    for item in result.quarantine:
        rules[item.rule] = rules.get(item.rule, 0) + 1
    console.print(f"{len(result.extracts)} extracts, {result.rows:,} rows, {result.quarantined_rows:,} quarantined, "
                  f"{len(result.rejected)} files rejected, {len(result.skipped)} skipped.")
    if rules:
        console.print("Quarantine by rule: " + ", ".join(f"{r} {n:,}" for r, n in sorted(rules.items())))
    return buffer.getvalue()

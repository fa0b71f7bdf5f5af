"""``adoption-audit run``: the nightly run (its three stages, every partition), on the embedded default."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from adoption_audit.settings import RunSettings


def run(
    config: Path = typer.Option(None, "--config", help="YAML run configuration (sources, reports, cprs, out)."),
    out: Path = typer.Option(None, "--out", help="Output folder (default out/)."),
    workers: int = typer.Option(1, "--workers", min=1,
                                help="Run each stage's partitions (authority x year, then authority) in this many "
                                     "processes at once; 1 runs them one after another with a progress bar per step."),
    everything: bool = typer.Option(False, "--all",
                                    help="Re-validate every source partition, not only those whose extracts changed "
                                         "since they were last validated into this warehouse."),
) -> None:
    """Run the nightly reconciliation in process and print a summary; exit 1 on error findings."""
    from adoption_audit.pipelines.nightly import run_nightly

    settings = RunSettings.load(config, out)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task("nightly run", total=None)

        def on_step(step: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, description=f"nightly run: {step}")

        summary = run_nightly(settings, on_step=on_step, workers=workers, everything=everything)
        progress.update(task, description="nightly run: done")
    console = Console(stderr=False)
    table = Table(title=f"adoption-audit nightly run {summary.run_id[:8]}", show_header=False)
    table.add_row("run", ("succeeded" if summary.success else "FAILED") + f" ({len(summary.run_ids)} Dagster runs)")
    table.add_row("assets materialised", str(summary.assets_materialised))
    if summary.unchanged:
        table.add_row("source partitions unchanged", f"{summary.unchanged} (not re-validated; --all to force)")
    for name in summary.skipped:
        table.add_row("  not run (its sources failed)", name)
    table.add_row("checks passed / warned / failed",
                  f"{summary.checks_passed} / {len(summary.checks_warned)} / {len(summary.checks_failed)}")
    for name, partitions in _by_check(summary.checks_failed):
        table.add_row("  failed (error)", name + partitions)
    for name, partitions in _by_check(summary.checks_warned):
        table.add_row("  warned", name + partitions)
    if summary.quarantined_rows is not None:
        table.add_row("rows quarantined", str(summary.quarantined_rows))
    table.add_row("report audit findings", _by_severity(summary.findings_by_severity))
    table.add_row("source reconciliation findings", _by_severity(summary.reconciliation_by_severity))
    if summary.cprs_ready is not None:
        table.add_row("CPRs ready / not ready", f"{summary.cprs_ready} / {summary.cprs_not_ready}")
    table.add_row("output", str(summary.out))
    console.print(table)
    raise typer.Exit(summary.exit_code)


def _by_check(names: list[str]) -> list[tuple[str, str]]:
    """One line per check, however many partitions it failed in: ``asset:check (eastvale|2024-25)`` becomes
    ``asset:check`` with ``in 3 partitions`` (or the one partition), so a regional run's summary stays short."""
    partitions: dict[str, list[str]] = {}
    for name in names:
        check, _, partition = name.partition(" (")
        partitions.setdefault(check, []).append(partition.rstrip(")"))
    lines = []
    for check, where in partitions.items():
        where = [w for w in where if w]
        shown = "" if not where else f" ({where[0]})" if len(where) == 1 else f" (in {len(where)} partitions)"
        lines.append((check, shown))
    return lines


def _by_severity(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts.get(s)) or "none"

"""``adoption-audit fixtures generate``."""

from __future__ import annotations

from pathlib import Path

import typer

from adoption_audit.errors import NotImplementedYet

app = typer.Typer(help="Generate synthetic source data (fictional children and households).", no_args_is_help=True)


@app.command("generate")
def generate(
    out: Path = typer.Option(..., "--out", help="Folder to write DIR/<authority>/<extract date>/ into."),
    authorities: int = typer.Option(3, "--authorities", min=1),
    years: str = typer.Option("2015-16..2024-25", "--years", help="Financial years, e.g. 2015-16..2024-25."),
    seed: int = typer.Option(1, "--seed"),
    defects: bool = typer.Option(False, "--defects", help="Plant known faults and write their manifest."),
) -> None:
    """Write a coherent synthetic world of source extracts, optionally with planted defects."""
    raise NotImplementedYet("fixtures generate")

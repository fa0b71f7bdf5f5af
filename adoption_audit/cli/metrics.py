"""``adoption-audit metrics compute`` and ``metrics explain``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from adoption_audit.errors import NotImplementedYet, require_exists

app = typer.Typer(help="Compute catalogued metrics from validated sources, and explain them.", no_args_is_help=True)


class MetricsFormat(str, Enum):
    json = "json"
    csv = "csv"


@app.command("compute")
def compute(
    directory: str = typer.Argument(..., metavar="DIR", help="Source extracts folder."),
    format: MetricsFormat = typer.Option(MetricsFormat.json, "--format"),
    out: Path = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """Compute every catalogued metric for every authority and period in DIR."""
    require_exists(directory)
    raise NotImplementedYet("metrics compute")


@app.command("explain")
def explain(
    metric: str = typer.Argument(..., help="Metric id, e.g. adoption_orders."),
    directory: str = typer.Argument(..., metavar="DIR", help="Source extracts folder."),
    authority: str = typer.Option(..., "--authority"),
    period: str = typer.Option(..., "--period", help="2018-19, 2019-03-31 or 2016-17..2018-19"),
) -> None:
    """List the child or household ids behind one metric value."""
    require_exists(directory)
    raise NotImplementedYet("metrics explain")

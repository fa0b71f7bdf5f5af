"""``adoption-audit sources validate``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from adoption_audit.errors import NotImplementedYet, require_exists

app = typer.Typer(help="Validate source-system extracts; quarantine bad rows with a reason.", no_args_is_help=True)


class SourcesFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("validate")
def validate(
    directory: str = typer.Argument(..., metavar="DIR", help="DIR/<authority>/<extract date>/<files>"),
    format: SourcesFormat = typer.Option(SourcesFormat.table, "--format", help="table (default) or json."),
    out: Path = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """Validate every extract under DIR; exit 1 when any row was quarantined or any file rejected."""
    require_exists(directory)
    raise NotImplementedYet("sources validate")

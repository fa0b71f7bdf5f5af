"""``adoption-audit cpr check``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from adoption_audit.cli.common import collect_files
from adoption_audit.errors import NotImplementedYet

app = typer.Typer(help="Quality-assure Child Permanence Reports before the ADM.", no_args_is_help=True)

CPR_SUFFIXES = (".docx", ".pdf", ".txt", ".md")


class CprFormat(str, Enum):
    json = "json"
    html = "html"


@app.command("check")
def check(
    paths: list[str] = typer.Argument(..., help="CPR files (.docx .pdf .txt .md) or folders of them."),
    format: CprFormat = typer.Option(CprFormat.json, "--format", help="json (default) or html."),
    out: Path = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """Check each CPR's sections and content; exit 1 when any CPR is not ready for the ADM."""
    collect_files(paths, CPR_SUFFIXES)
    raise NotImplementedYet("cpr check")

"""``adoption-audit reports claims`` and ``reports audit``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from adoption_audit.cli.common import collect_files
from adoption_audit.errors import NotImplementedYet

app = typer.Typer(help="Read published reports: extract numeric claims, audit them.", no_args_is_help=True)

REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


class ClaimsFormat(str, Enum):
    json = "json"
    csv = "csv"


class AuditFormat(str, Enum):
    json = "json"
    csv = "csv"
    html = "html"


@app.command("claims")
def claims(
    paths: list[str] = typer.Argument(..., help="Report files (.txt .md .pdf .docx .html) or folders of them."),
    format: ClaimsFormat = typer.Option(ClaimsFormat.json, "--format", help="json (default) or csv."),
    out: Path = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """Extract the numeric claims of published reports, with page, line and the sentence."""
    collect_files(paths, REPORT_SUFFIXES)
    raise NotImplementedYet("reports claims")


@app.command("audit")
def audit(
    paths: list[str] = typer.Argument(..., help="Report files or folders."),
    sources: str = typer.Option(None, "--sources", help="Source extracts folder to check report figures against."),
    format: AuditFormat = typer.Option(AuditFormat.json, "--format", help="json (default), csv or html."),
    out: Path = typer.Option(None, "--out", help="Write here instead of stdout."),
    acknowledgements: str = typer.Option(None, "--acknowledgements",
                                         help="YAML file of findings explained by an auditor."),
) -> None:
    """Audit reports within and across documents and, with --sources, against the source systems."""
    collect_files(paths, REPORT_SUFFIXES)
    raise NotImplementedYet("reports audit")

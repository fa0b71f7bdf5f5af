"""``adoption-audit cpr check``: a thin caller of :func:`adoption_audit.nlp.cpr.check.check_cprs`."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

import click
import typer

from adoption_audit.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_FINDINGS,
    EXIT_OK,
    collect_files,
    emit,
    finish,
    to_json,
)
from adoption_audit.errors import AdoptionAuditError

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
    """Check each CPR's sections and content; exit 1 when any CPR is not ready for the ADM.

    A path that is missing or a file that cannot be read is reported in one line on stderr and the other
    files are still checked; the exit code is then 2.
    """
    from adoption_audit.nlp.cpr.check import check_cprs
    from adoption_audit.nlp.cpr.report import cpr_document
    from adoption_audit.provenance import display_path, run_block

    started = datetime.now(UTC)
    files, failed = [], False
    for given in paths:
        try:
            files += collect_files([given], CPR_SUFFIXES)
        except AdoptionAuditError as error:
            click.echo(f"adoption-audit: error: {error.one_line()}", err=True)
            failed = True
    shown = [(path, display_path(path, given)) for path, given in files]
    unreadable: list[dict] = []
    results = check_cprs(shown, unreadable)
    for item in unreadable:
        click.echo(f"adoption-audit: error: {item['path']}: {item['reason']}", err=True)
    readable = {r.path for r in results}
    run = run_block([(p, s) for p, s in shown if s in readable], started=started)
    if results or not failed:
        if format is CprFormat.html:
            from adoption_audit.outputs.cpr_html import render_cprs

            emit(render_cprs(results, run, unreadable), out)
        else:
            emit(to_json(cpr_document(results, run, unreadable)), out)
    if failed or unreadable:
        finish(EXIT_CANNOT_RUN)
    finish(EXIT_OK if all(r.ready_for_adm for r in results) else EXIT_FINDINGS)

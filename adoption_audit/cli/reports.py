"""``adoption-audit reports claims`` and ``reports audit``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

import typer

from adoption_audit.cli.common import collect_files, emit, finish, to_json
from adoption_audit.errors import UnreadableInput
from adoption_audit.provenance import display_path, run_block
from adoption_audit.tabular_out import write_csv

app = typer.Typer(help="Read published reports: extract numeric claims, audit them.", no_args_is_help=True)

REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


CLAIM_COLUMNS = ("id", "document", "page", "line", "metric", "value", "unit", "period", "entity", "kind", "text",
                 "quote", "low", "high", "bound", "direction", "total_of", "compared_to", "breakdown", "period_text")


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
    from adoption_audit.nlp.claims import extract_claims

    started = datetime.now(UTC)
    files = collect_files(paths, REPORT_SUFFIXES)
    shown = [(path, display_path(path, given)) for path, given in files]
    extraction = extract_claims(shown)
    for item in extraction.unreadable:
        typer.echo(f"adoption-audit: warning: {item['path']}: {item['reason']}", err=True)
    if not extraction.documents:
        raise UnreadableInput("no document could be read", ", ".join(paths))
    readable = [(p, s) for p, s in shown if s not in {u["path"] for u in extraction.unreadable}]
    if format is ClaimsFormat.csv:
        rows = [c.to_json() | {"breakdown": json.dumps(c.breakdown) if c.breakdown else None}
                for c in extraction.claims]
        emit(write_csv(rows, CLAIM_COLUMNS), out)
        return
    emit(to_json({"documents": [d.to_json() for d in extraction.documents],
                  "claims": [c.to_json() for c in extraction.claims],
                  "coverage": {"numbers_read": extraction.numbers_read, "claims": len(extraction.claims),
                               "numbers_skipped": extraction.numbers_skipped},
                  "unreadable": extraction.unreadable,
                  "run": run_block(readable, started)}), out)


@app.command("audit")
def audit(
    paths: list[str] = typer.Argument(..., help="Report files or folders."),
    sources: str = typer.Option(None, "--sources", help="Source extracts folder to check report figures against."),
    format: AuditFormat = typer.Option(AuditFormat.json, "--format", help="json (default), csv or html."),
    out: Path = typer.Option(None, "--out", help="Write here instead of stdout."),
    acknowledgements: str = typer.Option(None, "--acknowledgements",
                                         help="YAML file of findings explained by an auditor."),
) -> None:
    """Audit reports within and across documents and, with --sources, against the source systems.

    Exit code 0 when no unacknowledged error was found, 1 when one was, 2 when the input cannot be read.
    """
    from adoption_audit.checks.audit.run import audit_reports
    from adoption_audit.outputs.audit_csv import render_csv
    from adoption_audit.outputs.audit_html import render_html
    from adoption_audit.outputs.audit_json import audit_document

    files = collect_files(paths, REPORT_SUFFIXES)
    if not files:
        raise UnreadableInput("no report files (.txt .md .pdf .docx .html) found", " ".join(paths))
    result, run = audit_reports(files, sources=sources, acknowledgements=acknowledgements)
    if not result.extraction.documents and result.extraction.unreadable:
        first = result.extraction.unreadable[0]
        raise UnreadableInput(f"no report could be read ({first['reason']})", first["path"])
    document = audit_document(result, run)
    if format is AuditFormat.csv:
        text = render_csv(document, out)
        if out is None:
            emit(text, None)
    else:
        emit(to_json(document) if format is AuditFormat.json else render_html(document), out)
    finish(result.exit_code)

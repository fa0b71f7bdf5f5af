"""Entry point: ``adoption-audit``. Each command group lives in its own module."""

from __future__ import annotations

import sys

import click
import typer

from adoption_audit import __version__
from adoption_audit.cli import cpr, fixtures, metrics, reports, run, sources
from adoption_audit.errors import AdoptionAuditError
from adoption_audit.logs import configure_logging

app = typer.Typer(
    name="adoption-audit",
    help="Reconcile adoption figures across source systems and published reports, validate source "
         "extracts, and QA Child Permanence Reports before they reach the Agency Decision Maker.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("run")(run.run)
app.add_typer(reports.app, name="reports")
app.add_typer(cpr.app, name="cpr")
app.add_typer(sources.app, name="sources")
app.add_typer(metrics.app, name="metrics")
app.add_typer(fixtures.app, name="fixtures")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"adoption-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
    log_level: str = typer.Option(None, "--log-level", envvar="ADOPTION_AUDIT_LOG_LEVEL",
                                  help="WARNING (default), INFO (counts and ids) or DEBUG (may include text)."),
) -> None:
    configure_logging(log_level)


def main() -> None:
    """Run the CLI; expected faults become one line on stderr and exit code 2, never a traceback."""
    try:
        app()
    except AdoptionAuditError as error:
        click.echo(f"adoption-audit: error: {error.one_line()}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("adoption-audit: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()

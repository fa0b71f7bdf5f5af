"""Resources: where the run reads and writes. Chosen from the run settings, so the CLI, ``dagster dev``
and tests all configure a run the same way."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from adoption_audit.checks.validation.layout import SourceLayout
from adoption_audit.pipelines.alerts import Notifier
from dagster_duckdb import DuckDBResource
from pydantic import Field

from adoption_audit.settings import RunSettings


class ProjectPaths(dg.ConfigurableResource):
    """The folders of one run: sources, reports and CPR inbox to read, and ``out`` to write."""

    sources: str
    reports: str
    cprs: str
    out: str
    acknowledgements: str | None = None
    authorities: dict[str, str] = Field(default_factory=dict)  # code -> its own folder ("" for sources/<code>); empty: every folder
    years: list[str] = Field(default_factory=list)  # collection years partitioned; empty: every year found

    @property
    def layout(self) -> SourceLayout:
        return SourceLayout(Path(self.sources), {code: Path(folder) if folder else None
                                                 for code, folder in self.authorities.items()}, tuple(self.years))

    @property
    def out_dir(self) -> Path:
        path = Path(self.out)
        path.mkdir(parents=True, exist_ok=True)
        return path


def notifier_from_env() -> Notifier:
    """Alert channels from the environment, so secrets never sit in the repository."""
    to = [a.strip() for a in os.environ.get("ADOPTION_AUDIT_ALERT_EMAIL_TO", "").split(",") if a.strip()]
    return Notifier(
        webhook_url=os.environ.get("ADOPTION_AUDIT_ALERT_WEBHOOK") or None,
        smtp_host=os.environ.get("ADOPTION_AUDIT_SMTP_HOST") or None,
        smtp_port=int(os.environ.get("ADOPTION_AUDIT_SMTP_PORT", "25")),
        smtp_from=os.environ.get("ADOPTION_AUDIT_ALERT_EMAIL_FROM", "adoption-audit@localhost"),
        smtp_to=to,
    )


def resources_for(settings: RunSettings) -> dict:
    settings.out.mkdir(parents=True, exist_ok=True)
    return {
        "notifier": notifier_from_env(),
        "paths": ProjectPaths(sources=str(settings.sources), reports=str(settings.reports), cprs=str(settings.cprs),
                              out=str(settings.out),
                              acknowledgements=str(settings.acknowledgements) if settings.acknowledgements else None,
                              authorities={code: str(folder or "") for code, folder in settings.authorities.items()},
                              years=list(settings.years)),
        "warehouse": DuckDBResource(database=str(settings.warehouse)),
    }

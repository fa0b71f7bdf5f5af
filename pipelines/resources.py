"""Resources: where the run reads and writes. Chosen from the run settings, so the CLI, ``dagster dev``
and tests all configure a run the same way."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from adoption_audit.settings import RunSettings


class ProjectPaths(dg.ConfigurableResource):
    """The folders of one run: sources, reports and CPR inbox to read, and ``out`` to write."""

    sources: str
    reports: str
    cprs: str
    out: str
    acknowledgements: str | None = None

    @property
    def out_dir(self) -> Path:
        path = Path(self.out)
        path.mkdir(parents=True, exist_ok=True)
        return path


def resources_for(settings: RunSettings) -> dict:
    settings.out.mkdir(parents=True, exist_ok=True)
    return {
        "paths": ProjectPaths(sources=str(settings.sources), reports=str(settings.reports), cprs=str(settings.cprs),
                              out=str(settings.out),
                              acknowledgements=str(settings.acknowledgements) if settings.acknowledgements else None),
        "warehouse": DuckDBResource(database=str(settings.warehouse)),
    }

"""What a validation run found: one report per extract, the quarantine, the rejected and skipped files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from adoption_audit.checks.quarantine import QuarantineItem, Rejection
from adoption_audit.checks.validation.reading import SourceFile

from adoption_audit.provenance import run_block


class RowsDoNotAddUp(AssertionError):
    """rows != valid + quarantined for an extract: a row was lost or counted twice (a bug, never data)."""


@dataclass
class ExtractReport:
    """One file's validation: its counts, the rows that go on (typed), and why the others did not."""

    path: str  # relative to the folder validated
    kind: str
    authority: str
    extract_date: date | None
    rows: int
    valid: int
    quarantined: int
    encoding: str
    valid_frame: pl.DataFrame  # typed columns of the kind, plus source_row
    flagged: int = 0  # rows with warnings only (they go on)
    sheet: str | None = None
    delimiter: str | None = None
    absent_columns: tuple[str, ...] = ()
    previous_rows: int | None = None  # the same authority and kind's previous extract, for distribution checks
    items: list[QuarantineItem] = field(default_factory=list, repr=False)

    def check_rows_add_up(self) -> None:
        if self.rows != self.valid + self.quarantined or self.valid_frame.height != self.valid:
            raise RowsDoNotAddUp(f"{self.path}: {self.rows} rows read, {self.valid} valid + {self.quarantined} "
                                 f"quarantined (valid frame {self.valid_frame.height})")

    def to_json(self) -> dict:
        data = {"path": self.path, "kind": self.kind, "authority": self.authority, "rows": self.rows,
                "valid": self.valid, "quarantined": self.quarantined, "encoding": self.encoding,
                "extract_date": self.extract_date.isoformat() if self.extract_date else None,
                "flagged": self.flagged}
        if self.sheet:
            data["sheet"] = self.sheet
        if self.absent_columns:
            data["absent_columns"] = list(self.absent_columns)
        return data


@dataclass(frozen=True)
class Skipped:
    """A file recognised as a table the toolkit does not check (an SSDA903 reviews file, say).

    Listed so the data officer sees it was found and why nothing came of it; unlike a rejection it is
    not a problem, so it does not change the exit code.
    """

    path: str
    kind: str
    reason: str
    authority: str = ""
    extract_date: date | None = None

    def to_json(self) -> dict:
        return {"path": self.path, "kind": self.kind, "reason": self.reason}


@dataclass
class SourcesValidation:
    """Every extract under one folder: the contract's ``extracts``, ``quarantine`` and ``rejected``."""

    root: Path
    extracts: list[ExtractReport] = field(default_factory=list)
    quarantine: list[QuarantineItem] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # additive to the contract
    inputs: list[tuple[Path, str]] = field(default_factory=list)  # (file, shown as) for provenance
    sources: list[SourceFile] = field(default_factory=list)  # every file found, with authority and date
    collection_year: str | None = None
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def rows(self) -> int:
        return sum(e.rows for e in self.extracts)

    @property
    def quarantined_rows(self) -> int:
        return sum(e.quarantined for e in self.extracts)

    @property
    def clean(self) -> bool:
        """Nothing quarantined and nothing rejected (the CLI's exit 0); skipped files do not count."""
        return not self.rejected and self.quarantined_rows == 0

    def by_kind(self) -> dict[str, list[ExtractReport]]:
        kinds: dict[str, list[ExtractReport]] = {}
        for report in self.extracts:
            kinds.setdefault(report.kind, []).append(report)
        return kinds

    def to_json(self) -> dict:
        extra = {"collection_year": self.collection_year} if self.collection_year else {}
        return {
            "extracts": [e.to_json() for e in self.extracts],
            "quarantine": [q.to_json() for q in self.quarantine],
            "rejected": [r.to_json() for r in self.rejected],
            "skipped": [s.to_json() for s in self.skipped],
            "run": run_block(self.inputs, self.started, **extra),
        }

"""The raw layer: every source file as it arrived, before any row of it is judged.

One record per file found under the sources folder: where it came from (authority, extract date), what
it was recognised as, what became of it (``read``, ``skipped`` or ``rejected``), and the facts an auditor
needs to show that the figures came from exactly this file: rows, bytes, SHA-256 and the text encoding.
Rows and encoding come from the validation run's own read of the file (a national 903 extract is not
read twice); bytes and hash are taken here, so commands that do not need them (the CLI's table) do not
pay for hashing every file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adoption_audit.checks.validation.results import SourcesValidation

from adoption_audit.provenance import sha256_of

READ, SKIPPED, REJECTED = "read", "skipped", "rejected"


@dataclass(frozen=True)
class RawFile:
    path: str  # relative to the sources folder, as every output shows it
    kind: str | None  # None when the file was rejected (it names no extract)
    status: str  # read | skipped | rejected
    authority: str
    extract_date: date | None
    rows: int | None  # data rows read; None when the body was not read (skipped or rejected)
    bytes: int | None  # None only if the file vanished during the run
    sha256: str | None
    encoding: str | None  # utf-8, utf-8-sig, cp1252 or xlsx; None when not read


def raw_files(result: SourcesValidation) -> list[RawFile]:
    """One record per file the validation run found, in path order."""
    read = {e.path: e for e in result.extracts}
    skipped = {s.path: s for s in result.skipped}
    records = []
    for source in result.sources:
        try:
            size, digest = source.path.stat().st_size, sha256_of(source.path)
        except OSError:
            size = digest = None
        report, skip = read.get(source.relative), skipped.get(source.relative)
        if report is not None:
            status, kind, rows, encoding = READ, report.kind, report.rows, report.encoding
        elif skip is not None:
            status, kind, rows, encoding = SKIPPED, skip.kind, None, None
        else:
            status, kind, rows, encoding = REJECTED, None, None, None
        records.append(RawFile(source.relative, kind, status, source.authority, source.extract_date, rows, size,
                               digest, encoding))
    return sorted(records, key=lambda r: r.path)

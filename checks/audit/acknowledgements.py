"""Acknowledgements: findings an auditor has explained, kept in a reviewable YAML file.

The DfE lets a known error in a return be bypassed with an explanation; auditors expect the same. The
file is keyed by finding fingerprint (stable across re-runs and edits elsewhere in the documents)::

    acknowledgements:
      3f9a0c1d2e4b5a67:
        by: A. Auditor (internal audit)
        reason: The 2017-18 figure was revised after the strategy was published.
        until: 2026-12-31        # optional; after this date the finding fails runs again

An acknowledged finding stays in every output, marked, and no longer fails the run or its checks. An
acknowledgement past its ``until`` date no longer applies (the finding is reported as expired).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from adoption_audit.checks.findings import Finding

from adoption_audit.errors import ConfigError, InputNotFound


@dataclass(frozen=True)
class Acknowledgement:
    fingerprint: str
    by: str
    reason: str
    until: date | None = None

    def applies_on(self, day: date) -> bool:
        return self.until is None or day <= self.until

    def to_json(self) -> dict:
        return {"by": self.by, "reason": self.reason, "until": self.until.isoformat() if self.until else None}


def load_acknowledgements(path: str | Path) -> dict[str, Acknowledgement]:
    """Read the file; a malformed one raises :class:`ConfigError` naming the file and the entry."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"not a readable YAML acknowledgements file ({type(error).__name__})", path) from None
    entries = data.get("acknowledgements", data) if isinstance(data, dict) else data
    if isinstance(entries, list):  # also accept a list of {fingerprint: …, by: …, reason: …}
        entries = {str(e.get("fingerprint")): e for e in entries if isinstance(e, dict)}
    if not isinstance(entries, dict):
        raise ConfigError("expected 'acknowledgements:' mapping finding fingerprints to by/reason/until", path)
    found = {}
    for fingerprint, entry in entries.items():
        if not isinstance(entry, dict) or not entry.get("by") or not entry.get("reason"):
            raise ConfigError(f"acknowledgement {fingerprint} needs 'by' and 'reason'", path)
        found[str(fingerprint)] = Acknowledgement(str(fingerprint), str(entry["by"]), str(entry["reason"]),
                                                  _until(entry.get("until"), fingerprint, path))
    return found


def _until(value, fingerprint, path: Path) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"acknowledgement {fingerprint}: 'until' is not a date (YYYY-MM-DD)", path) from None


def apply_acknowledgements(findings: list[Finding], acknowledgements: dict[str, Acknowledgement] | None,
                           today: date) -> dict[str, int]:
    """Mark each finding whose fingerprint is acknowledged (and not expired); return counts for coverage."""
    counts = {"acknowledged": 0, "expired": 0, "unused": 0}
    if not acknowledgements:
        return counts
    used = set()
    for finding in findings:
        ack = acknowledgements.get(finding.fingerprint)
        if ack is None:
            continue
        used.add(ack.fingerprint)
        if ack.applies_on(today):
            finding.acknowledged = ack.to_json()
            counts["acknowledged"] += 1
        else:
            finding.acknowledged = None
            finding.message += f" (An acknowledgement by {ack.by} expired on {ack.until.isoformat()}.)"
            counts["expired"] += 1
    counts["unused"] = len(set(acknowledgements) - used)
    return counts

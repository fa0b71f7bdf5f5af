"""Findings: what the audit and reconciliation rules report (the ``reports audit`` contract).

A finding's fingerprint comes from its rule, metric, period, entity and the values involved, so it
survives re-runs and edits elsewhere in a document; if the values change it is a new finding. This is
what acknowledgements are keyed on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    metric: str | None = None
    period: str | None = None
    entity: str | None = None
    stated: float | int | None = None
    expected: float | int | None = None
    evidence: list[dict] = field(default_factory=list)
    id: str = ""  # F0001 … assigned in output order
    acknowledged: dict | None = None  # {"by": …, "reason": …, "until": …} when an auditor explained it
    values: tuple = ()  # extra values that identify the finding (beyond stated/expected), for the fingerprint

    @property
    def fingerprint(self) -> str:
        parts = [self.rule, self.metric, self.period, self.entity, _norm(self.stated), _norm(self.expected),
                 *[_norm(v) for v in self.values]]
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]

    def to_json(self) -> dict:
        return {"id": self.id, "rule": self.rule, "severity": self.severity, "metric": self.metric,
                "period": self.period, "entity": self.entity, "message": self.message, "stated": self.stated,
                "expected": self.expected, "evidence": self.evidence, "fingerprint": self.fingerprint,
                "acknowledged": self.acknowledged}


def _norm(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings (errors first, then by rule and place) and give them ids F0001, F0002 …"""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    ordered = sorted(findings, key=lambda f: (rank.get(f.severity, 9), f.rule, f.metric or "", f.period or "",
                                              f.fingerprint))
    for number, finding in enumerate(ordered, 1):
        finding.id = f"F{number:04d}"
    return ordered

"""The ``reports audit`` JSON document (the contract's shape plus coverage, claims and a summary)."""

from __future__ import annotations

from collections import Counter

from adoption_audit.checks.audit import RULE_NAMES, RULES_VERSION, AuditResult
from adoption_audit.checks.findings import SEVERITIES


def audit_document(result: AuditResult, run: dict) -> dict:
    """Everything an auditor needs to reproduce and read the audit: ``run``, documents, findings, coverage.

    Contract fields (``documents``, ``findings`` with id, rule, severity, metric, period, entity, message,
    stated, expected, evidence) come first; added fields: ``fingerprint`` and ``acknowledged`` on each
    finding, ``coverage``, ``summary``, every ``claim`` read (with the rules that checked it or why none
    did) and the ``unreadable`` documents.
    """
    extraction = result.extraction
    findings = [f.to_json() for f in result.findings]
    cited: dict[str, list[str]] = {}
    for finding in result.findings:
        for item in finding.evidence:
            if item.get("claim"):
                cited.setdefault(item["claim"], []).append(finding.id)
    claims = []
    for claim in extraction.claims:
        data = claim.to_json()
        data["checked_by"] = result.checked.get(claim.id, [])
        data["skipped"] = result.skipped.get(claim.id)
        data["findings"] = sorted(set(cited.get(claim.id, [])))
        data["char_start"], data["char_end"] = claim.char_start, claim.char_end
        claims.append(data)
    return {
        "run": {**run, "rules_version": run.get("rules_version", RULES_VERSION)},
        "documents": [d.to_json() for d in extraction.documents],
        "findings": findings,
        "summary": summary(result),
        "coverage": result.coverage.to_json(),
        "claims": claims,
        "unreadable": list(extraction.unreadable),
    }


def summary(result: AuditResult) -> dict:
    by_severity = Counter(f.severity for f in result.findings)
    acknowledged = Counter(f.severity for f in result.findings if f.acknowledged)
    by_rule = {rule: {s: 0 for s in SEVERITIES} for rule in RULE_NAMES}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, {s: 0 for s in SEVERITIES})[finding.severity] += 1
    return {"findings": len(result.findings),
            "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "acknowledged": {s: acknowledged.get(s, 0) for s in SEVERITIES},
            "by_rule": by_rule,
            "unacknowledged_errors": result.count("error"),
            "exit_code": result.exit_code}

"""Auditing reports: consistency rules within and across documents and against the sources.

``audit(extraction)`` runs every rule over the claims one extraction read (``nlp.claims.extract_claims``)
and returns the numbered findings with the coverage an auditor needs: how many numbers were read, how
many became claims, how many claims at least one rule compared with another figure, and why the rest were
left alone. The CLI (``reports audit``) and the Dagster ``findings`` asset are thin callers of it.

One module per rule; each exposes ``RULE`` and ``check(ctx) -> list[Finding]`` and reads only claims.
Findings with the same fingerprint (the same inconsistency found from two places) are merged, keeping
every place as evidence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from adoption_audit.checks.audit import (
    breakdown_sum,
    conflicting_values,
    direction_word,
    future_date,
    percent_change,
    period_label,
    source_mismatch,
    stated_difference,
    weighted_average,
)
from adoption_audit.checks.audit.acknowledgements import Acknowledgement, apply_acknowledgements
from adoption_audit.checks.audit.context import AuditContext
from adoption_audit.checks.findings import Finding, number_findings
from adoption_audit.nlp.report_model import ClaimExtraction

from adoption_audit.logs import get_logger

RULES_VERSION = "2026.11.1"  # bump when a rule's logic or tolerance changes: findings may change with it
RULES = (conflicting_values, breakdown_sum, direction_word, stated_difference, percent_change, weighted_average,
         period_label, future_date, source_mismatch)
RULE_NAMES = tuple(module.RULE for module in RULES)

log = get_logger("audit")


@dataclass
class Coverage:
    numbers_read: int
    claims: int
    claims_catalogued: int
    claims_checked: int
    checked_by_rule: dict[str, int]
    skipped: dict[str, int]  # reason -> claims
    numbers_skipped: dict[str, int]  # reason -> numbers that did not become claims (dates, regulation no. …)
    documents: int
    unreadable: int
    acknowledgements: dict[str, int] = field(default_factory=dict)

    @property
    def share_checked(self) -> float:
        return self.claims_checked / self.claims if self.claims else 0.0

    def to_json(self) -> dict:
        return {"numbers_read": self.numbers_read, "claims": self.claims,
                "claims_catalogued": self.claims_catalogued, "claims_checked": self.claims_checked,
                "share_checked": round(self.share_checked, 4), "checked_by_rule": self.checked_by_rule,
                "skipped": self.skipped, "numbers_skipped": self.numbers_skipped, "documents": self.documents,
                "unreadable": self.unreadable, "acknowledgements": self.acknowledgements}


@dataclass
class AuditResult:
    extraction: ClaimExtraction
    findings: list[Finding]
    coverage: Coverage
    checked: dict[str, list[str]]  # claim id -> rules that compared it
    skipped: dict[str, str]  # claim id -> why no rule compared it

    def count(self, severity: str, *, include_acknowledged: bool = False) -> int:
        return sum(1 for f in self.findings
                   if f.severity == severity and (include_acknowledged or not f.acknowledged))

    @property
    def exit_code(self) -> int:
        """The contract: 1 when any error finding is not acknowledged, else 0."""
        return 1 if self.count("error") else 0

    def by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(f.rule for f in self.findings).items()))


def audit(extraction: ClaimExtraction, *, metrics: list | None = None,
          acknowledgements: dict[str, Acknowledgement] | None = None, today: date | None = None) -> AuditResult:
    """Run every rule over ``extraction`` (and, given ``metrics`` computed from sources, source_mismatch)."""
    ctx = AuditContext(extraction, metrics=metrics, today=today or date.today())
    found: list[Finding] = []
    for module in RULES:
        found += module.check(ctx)
    findings = number_findings(_merged(found))
    ack_counts = apply_acknowledgements(findings, acknowledgements, ctx.today)
    coverage, skipped = _coverage(ctx, ack_counts)
    log.info("audit: %d claims, %d checked, %d findings (%d error)", coverage.claims, coverage.claims_checked,
             len(findings), sum(1 for f in findings if f.severity == "error"))
    return AuditResult(extraction, findings, coverage,
                       {cid: sorted(rules) for cid, rules in ctx.checked.items()}, skipped)


def _merged(findings: list[Finding]) -> list[Finding]:
    """One finding per fingerprint; the evidence of duplicates is kept, the most severe wins."""
    rank = {"error": 0, "warning": 1, "info": 2}
    by_print: dict[str, Finding] = {}
    for finding in findings:
        kept = by_print.get(finding.fingerprint)
        if kept is None:
            by_print[finding.fingerprint] = finding
            continue
        if rank.get(finding.severity, 9) < rank.get(kept.severity, 9):
            finding.evidence, kept = kept.evidence + finding.evidence, finding
            by_print[finding.fingerprint] = kept
        else:
            kept.evidence = kept.evidence + finding.evidence
        seen, unique = set(), []
        for item in kept.evidence:
            key = (item.get("document"), item.get("line"), item.get("claim"), item.get("source"), item.get("text"))
            if key not in seen:
                seen.add(key)
                unique.append(item)
        kept.evidence = unique
    return list(by_print.values())


def _coverage(ctx: AuditContext, ack_counts: dict[str, int]) -> tuple[Coverage, dict[str, str]]:
    extraction = ctx.extraction
    skipped: dict[str, str] = {}
    for claim in ctx.claims:
        if ctx.checked.get(claim.id):
            continue
        reasons = ctx.skip_reasons.get(claim.id) or []
        if reasons:
            skipped[claim.id] = reasons[0]
        elif not claim.metric:
            skipped[claim.id] = "not a catalogued figure"
        elif claim.kind == "target":
            skipped[claim.id] = "a target: nothing to check it against"
        else:
            skipped[claim.id] = "no other figure for the same metric, period and entity"
    by_rule = Counter(rule for rules in ctx.checked.values() for rule in rules)
    coverage = Coverage(
        numbers_read=extraction.numbers_read or len(ctx.claims),
        claims=len(ctx.claims),
        claims_catalogued=sum(1 for c in ctx.claims if c.metric),
        claims_checked=sum(1 for c in ctx.claims if ctx.checked.get(c.id)),
        checked_by_rule={rule: by_rule.get(rule, 0) for rule in RULE_NAMES},
        skipped=dict(Counter(skipped.values()).most_common()),
        numbers_skipped=dict(extraction.numbers_skipped),
        documents=len(extraction.documents),
        unreadable=len(extraction.unreadable),
        acknowledgements=ack_counts,
    )
    return coverage, skipped


__all__ = ["RULES", "RULES_VERSION", "RULE_NAMES", "AuditResult", "Coverage", "audit"]

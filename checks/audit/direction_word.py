"""``direction_word``: "an increase", "up from", "improvement", "fell", "slight reduction" where the
figures say otherwise.

The extractor records the direction word attached to a comparison (``Claim.direction``); this rule takes
the two figures the comparison is about (see ``comparisons``) and asks whether the change between their
intervals can have that sign. "Improvement" depends on the measure: for days (A1, A2, A10, A20) and for
disruptions or children waiting, lower is better; for A3 and approvals, higher is better; for other
counts the rule does not guess and records the claim as skipped.

A change whose interval straddles zero (65% against 64.6%) could go either way: not a finding.
"""

from __future__ import annotations

from adoption_audit.checks.audit.comparisons import Pair, ambiguity_note, judge
from adoption_audit.checks.audit.context import AuditContext
from adoption_audit.checks.audit.intervals import EPSILON
from adoption_audit.checks.findings import Finding

RULE = "direction_word"

LOWER_IS_BETTER = {"disruptions", "children_waiting", "adopters_waiting", "plans_changed"}
HIGHER_IS_BETTER = {"a3_percent", "adopters_approved", "asf_families", "ffa_placements", "children_waiting_with_link"}
WORDS = {"increase": "an increase", "decrease": "a decrease", "improvement": "an improvement",
         "deterioration": "a deterioration", "same": "no change"}


def lower_is_better(metric: str | None, unit: str | None) -> bool | None:
    """True/False for measures with a known better direction, None when it cannot be told."""
    base = (metric or "").replace("_threshold", "")
    if unit in ("days", "months") or base.endswith("_days") or base in LOWER_IS_BETTER:
        return True
    if base in HIGHER_IS_BETTER:
        return False
    return None


def expected_sign(direction: str, metric: str | None, unit: str | None) -> int | None:
    """+1 for a rise, -1 for a fall, 0 for no change; None when 'improvement' cannot be read for this measure."""
    if direction == "increase":
        return 1
    if direction == "decrease":
        return -1
    if direction == "same":
        return 0
    if direction in ("improvement", "deterioration"):
        lower = lower_is_better(metric, unit)
        if lower is None:
            return None
        sign = -1 if lower else 1
        return sign if direction == "improvement" else -sign
    return None


def _fits(ctx: AuditContext, sign: int):
    def fits(pair: Pair) -> bool:
        current, baseline = ctx.interval(pair.current), ctx.interval(pair.baseline)
        change = current - baseline
        if sign > 0:
            return change.high > EPSILON
        if sign < 0:
            return change.low < -EPSILON
        return change.low <= EPSILON and change.high >= -EPSILON
    return fits


def check(ctx: AuditContext) -> list[Finding]:
    findings = []
    for claim in ctx.claims:
        if not claim.direction:
            continue
        unit = claim.unit if claim.kind != "change_percent" else None
        sign = expected_sign(claim.direction, claim.metric, unit)
        if sign is None:
            ctx.skip(claim, f"whether '{claim.direction}' means up or down is not known for this measure")
            continue
        verdict, pair, pairs = judge(ctx, RULE, claim, _fits(ctx, sign))
        if verdict not in ("error", "warning"):
            continue
        current, baseline = pair.current, pair.baseline
        word = WORDS.get(claim.direction, claim.direction)
        lower = lower_is_better(current.metric, current.unit)
        better = " (for this measure lower is better)" if lower and claim.direction in (
            "improvement", "deterioration") else ""
        message = (f"The report calls {ctx.label(current.metric).lower()} {word}{better} ({ctx.where(claim)}), "
                   f"but it is {ctx.show(current)} ({ctx.where(current, claim)}) against "
                   f"{ctx.show(baseline)} ({ctx.where(baseline, claim)}).{ambiguity_note(pairs)}")
        evidence = _unique([ctx.evidence(claim, "comparison"), ctx.evidence(current, "current"),
                            ctx.evidence(baseline, "baseline")])
        findings.append(ctx.finding(RULE, verdict, message, current, stated=current.value,
                                    expected=baseline.value, values=(claim.direction,), evidence=evidence))
    return findings


def _unique(items: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for item in items:
        if item["claim"] not in seen:
            seen.add(item["claim"])
            kept.append(item)
    return kept

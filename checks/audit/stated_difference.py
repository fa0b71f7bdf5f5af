"""``stated_difference``: "missed by 88 days", "an improvement of 37 days", "4 fewer than last year",
checked against the two figures the difference is between.

The stated difference is an interval (its printed precision) and so is the true difference of the two
figures' intervals; they must meet. "209 days" against a target of "121 days" is a difference of 88
exactly; "413 days" against "466 days" is anything from 52 to 54, so "an improvement of 53 days" fits.
Which figures are meant is resolved by ``comparisons`` (linked by the extractor, or nearby); when none can
be found the claim is recorded as skipped. The sign of the change is the ``direction_word`` rule's job.
"""

from __future__ import annotations

from adoption_audit.checks.audit.comparisons import Pair, ambiguity_note, judge
from adoption_audit.checks.audit.context import AuditContext
from adoption_audit.checks.audit.intervals import show_interval
from adoption_audit.checks.findings import Finding

RULE = "stated_difference"


def check(ctx: AuditContext) -> list[Finding]:
    findings = []
    for claim in ctx.claims:
        if claim.kind != "difference":
            continue
        stated = ctx.interval(claim)
        if stated is None:
            ctx.skip(claim, "suppressed or unreadable value")
            continue

        def fits(pair: Pair, stated=stated) -> bool:
            actual = (ctx.interval(pair.current) - ctx.interval(pair.baseline)).absolute()
            return actual.meets(stated.absolute())

        verdict, pair, pairs = judge(ctx, RULE, claim, fits)
        if verdict not in ("error", "warning"):
            continue
        actual = (ctx.interval(pair.current) - ctx.interval(pair.baseline)).absolute()
        message = (f"The report gives a difference of {ctx.show(claim)} ({ctx.where(claim)}), but "
                   f"{ctx.show(pair.current)} ({ctx.where(pair.current, claim)}) against "
                   f"{ctx.show(pair.baseline)} ({ctx.where(pair.baseline, claim)}) is a difference of "
                   f"{show_interval(actual, claim.unit)}.{ambiguity_note(pairs)}")
        expected = actual.low if actual.exact else round((actual.low + actual.high) / 2, 6)
        findings.append(ctx.finding(RULE, verdict, message, pair.current, metric=pair.current.metric,
                                    stated=claim.value, expected=expected,
                                    values=(pair.current.value, pair.baseline.value),
                                    evidence=_evidence(ctx, claim, pair)))
    return findings


def _evidence(ctx: AuditContext, claim, pair: Pair) -> list[dict]:
    items, seen = [], set()
    for c, role in ((claim, "difference"), (pair.current, "current"), (pair.baseline, "baseline")):
        if c.id not in seen:
            seen.add(c.id)
            items.append(ctx.evidence(c, role))
    return items

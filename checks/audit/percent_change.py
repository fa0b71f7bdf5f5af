"""``percent_change``: "an 8.3% increase year on year", "an increase of 4% from 5,735", checked against
the two figures.

The true change is (current - baseline) / baseline x 100 over the figures' intervals; the stated
percentage is an interval of its printed precision ("8.3%" is 8.25 to 8.35). They must meet. The
baseline may be in the same sentence, nearby, or the previous year's figure in another document (a
report's "8.3% increase" against last year's report). Signs are compared as magnitudes here; whether
"increase" is right is the ``direction_word`` rule's job.
"""

from __future__ import annotations

from adoption_audit.checks.audit.comparisons import Pair, ambiguity_note, judge
from adoption_audit.checks.audit.context import AuditContext
from adoption_audit.checks.audit.intervals import Interval, show_interval
from adoption_audit.checks.findings import Finding

RULE = "percent_change"


def change_percent(current: Interval, baseline: Interval) -> Interval | None:
    """The interval of (c - b) / b x 100 for c, b in the intervals, or None when b may be zero or less."""
    if baseline.low <= 0:
        return None
    ends = [(c / b - 1) * 100 for c in (current.low, current.high) for b in (baseline.low, baseline.high)]
    return Interval(min(ends), max(ends))


def check(ctx: AuditContext) -> list[Finding]:
    findings = []
    for claim in ctx.claims:
        if claim.kind != "change_percent":
            continue
        stated = ctx.interval(claim)
        if stated is None:
            ctx.skip(claim, "suppressed or unreadable value")
            continue

        def fits(pair: Pair, stated=stated) -> bool:
            actual = change_percent(ctx.interval(pair.current), ctx.interval(pair.baseline))
            return actual is None or actual.absolute().meets(stated.absolute())

        verdict, pair, pairs = judge(ctx, RULE, claim, fits)
        if verdict not in ("error", "warning"):
            continue
        actual = change_percent(ctx.interval(pair.current), ctx.interval(pair.baseline))
        message = (f"The report gives a change of {ctx.show(claim)} ({ctx.where(claim)}), but "
                   f"{ctx.show(pair.current)} ({ctx.where(pair.current, claim)}) against "
                   f"{ctx.show(pair.baseline)} ({ctx.where(pair.baseline, claim)}) is a change of "
                   f"{show_interval(_rounded(actual), 'percent')}.{ambiguity_note(pairs)}")
        expected = round((actual.low + actual.high) / 2, 1)
        evidence, seen = [], set()
        for c, role in ((claim, "change"), (pair.current, "current"), (pair.baseline, "baseline")):
            if c.id not in seen:
                seen.add(c.id)
                evidence.append(ctx.evidence(c, role))
        findings.append(ctx.finding(RULE, verdict, message, pair.current, stated=claim.value, expected=expected,
                                    values=(pair.current.value, pair.baseline.value), evidence=evidence))
    return findings


def _rounded(interval: Interval) -> Interval:
    return Interval(round(interval.low, 1), round(interval.high, 1))

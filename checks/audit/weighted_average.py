"""``weighted_average``: a multi-year average does not match its yearly figures and counts.

The DfE adoption scorecard's three-year A1, A2 and A10 figures are averages over children, not over years:
sum(children x yearly average) / sum(children). A report that prints the yearly figures with their counts
("Year end 2017 34 368.8") lets the three-year figure be recomputed, as an interval over the printed
precision of every input. Without counts only a weaker test is sound: any weighted average lies between
the smallest and the largest yearly figure, so a figure outside that range cannot be true.

Yearly figures are the claims of the same metric and entity for each year of the range, preferring the
same document; the count for a year is the count claim in the same table row (same quote). A range with
any year missing is skipped with that reason. The finding is an ``error`` when the yearly figures are the
rows just above the average in the same document (a scorecard table); otherwise the figures may belong
to another table or measure, and it is a ``warning``.
"""

from __future__ import annotations

from adoption_audit.checks.audit.context import AuditContext, range_years
from adoption_audit.checks.audit.intervals import Interval, show_interval
from adoption_audit.checks.findings import Finding
from adoption_audit.nlp.report_model import Claim

RULE = "weighted_average"
TABLE_LINES = 40  # how far above the average its yearly rows may stand


def check(ctx: AuditContext) -> list[Finding]:
    findings = []
    for claim in ctx.claims:
        years = range_years(ctx.period_of(claim) or "")
        if not years or not claim.metric or claim.kind not in ("stated", "previous"):
            continue
        if ctx.metric_kind(claim.metric) not in ("average", "percent"):
            continue
        stated = ctx.interval(claim)
        if stated is None:
            ctx.skip(claim, "suppressed or unreadable value")
            continue
        yearly = [_yearly(ctx, claim, year) for year in years]
        if any(y is None for y in yearly):
            missing = [year for year, y in zip(years, yearly) if y is None]
            ctx.skip(claim, f"yearly figures missing for {', '.join(missing)}")
            continue
        counts = [_count_for(ctx, y) for y in yearly]
        intervals = [ctx.interval(y) for y in yearly]
        if all(c is not None for c in counts):
            expected = _weighted(intervals, [ctx.interval(c) for c in counts])
            how = "weighted by the number of children each year"
        else:
            expected = Interval(min(i.low for i in intervals), max(i.high for i in intervals))
            how = "any average of them lies between the lowest and the highest yearly figure"
        ctx.mark_checked(RULE, claim, *yearly, *[c for c in counts if c is not None])
        if stated.meets(expected):
            continue
        listing = ", ".join(f"{ctx.show(y)} in {ctx.period_of(y)}" + (f" ({ctx.show(c)} children)" if c else "")
                            for y, c in zip(yearly, counts))
        message = (f"{ctx.label(claim.metric)} for {ctx.period_of(claim)} is given as {ctx.show(claim)} "
                   f"({ctx.where(claim)}), but the yearly figures ({listing}) give "
                   f"{show_interval(_round(expected), claim.unit)}: {how}.")
        evidence = [ctx.evidence(claim, "average")]
        for y, c in zip(yearly, counts):
            evidence.append(ctx.evidence(y, "year"))
            if c is not None and c.id != y.id and c.quote != y.quote:
                evidence.append(ctx.evidence(c, "count"))
        midpoint = round((expected.low + expected.high) / 2, 1)
        severity = "error" if _table_above(claim, yearly) else "warning"
        if severity == "warning":
            message += (" The yearly figures are not the rows just above the average, so they may belong to"
                        " another table or measure.")
        findings.append(ctx.finding(RULE, severity, message, claim, stated=claim.value, expected=midpoint,
                                    values=tuple(y.value for y in yearly), evidence=evidence))
    return findings


def _table_above(average: Claim, yearly: list[Claim]) -> bool:
    """The yearly figures are the rows just above the average, as in a scorecard table or its prose."""
    return all(y.document == average.document and average.line - TABLE_LINES <= y.line < average.line
               for y in yearly)


def _yearly(ctx: AuditContext, average: Claim, year: str) -> Claim | None:
    candidates = [c for c in ctx.claims if c.metric == average.metric and c.kind in ("stated", "previous")
                  and ctx.period_of(c) == year and ctx.entity_of(c) == ctx.entity_of(average)
                  and (ctx.entity_of(c) is not None or ctx.same_authorities(c, average))
                  and c.value is not None and not c.breakdown]
    candidates.sort(key=lambda c: (c.document != average.document, abs(c.line - average.line)))
    return candidates[0] if candidates else None


def _count_for(ctx: AuditContext, figure: Claim) -> Claim | None:
    """The number of children behind a yearly average: the count in the same table row."""
    counts = [c for c in ctx.same_sentence(figure) if c.unit == "count" and c.value is not None and c.value > 0]
    return counts[0] if len(counts) == 1 else None


def _weighted(values: list[Interval], counts: list[Interval]) -> Interval:
    low = sum(v.low * n.low for v, n in zip(values, counts)) / sum(n.low for n in counts)
    high = sum(v.high * n.high for v, n in zip(values, counts)) / sum(n.high for n in counts)
    return Interval(min(low, high), max(low, high))


def _round(interval: Interval) -> Interval:
    return Interval(round(interval.low, 2), round(interval.high, 2))

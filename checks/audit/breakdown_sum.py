"""``breakdown_sum``: the parts of a breakdown do not add up to their total.

"52 adoption orders ... 44 of one authority; 8 of another", "3 males & 6 females" of 9 members, the
ethnicity of approved households, in-house vs inter-agency, age bands, a table's rows against its total.
The extractor links each ``part`` claim to its total (``total_of``) and says which split it belongs to
(``breakdown``, e.g. ``{"ethnicity": "white_british"}``); parts of one split are summed as intervals.

- Parts that add up to more than the total cannot be true (``error``), even when only one part is given.
- Two or more parts of one split that add up to less than the total are read as the report's full
  breakdown (``error``), since a report that lists only some parts says so ("of whom", "including");
  a suppressed part ("x", "<5") is unknown and widens the sum, so it can only make the parts too many.
- When the parts count something else than the total (adoption orders split out of children placed),
  the difference is probably definitional: ``warning``.
- Only a clean split is held to its total: parts of one named dimension (sex, authority, ethnicity,
  placement, age band), each value once, in the total's own document. Parts labelled otherwise ("4 sets
  of 2 sibling groups", "of these"), or a value given twice ("3 males & 6 females ... except 1 male"),
  may overlap or nest: a mismatch is a ``warning``. Percentages and averages are not summed.
"""

from __future__ import annotations

from collections import defaultdict

from adoption_audit.checks.audit.context import AuditContext
from adoption_audit.checks.audit.intervals import UNKNOWN_NON_NEGATIVE, Interval, show_interval
from adoption_audit.checks.findings import Finding
from adoption_audit.nlp.report_model import Claim

RULE = "breakdown_sum"
ADDITIVE_UNITS = ("count", "gbp")
# Splits whose parts exclude one another; other labels ("sets", "of these") may overlap or nest.
DIMENSIONS = ("authority", "sex", "ethnicity", "placement", "age_band", "entity")


def _is_partition(parts: list[Claim]) -> bool:
    """Parts of one named dimension, each value once: a split whose parts cannot overlap."""
    keys = [tuple(sorted((p.breakdown or {}).items())) for p in parts]
    named = all(p.breakdown and set(p.breakdown) <= set(DIMENSIONS) for p in parts)
    return named and len(set(keys)) == len(keys)


def check(ctx: AuditContext) -> list[Finding]:
    splits: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in ctx.claims:
        if claim.kind != "part":
            continue
        if not claim.total_of or claim.total_of not in ctx.claims_by_id:
            ctx.skip(claim, "part of a breakdown whose total was not found")
            continue
        dimension = ",".join(sorted((claim.breakdown or {}).keys())) or "_"
        splits[(claim.total_of, dimension)].append(claim)

    findings = []
    for (total_id, dimension), parts in sorted(splits.items()):
        total = ctx.claims_by_id[total_id]
        finding = _check_split(ctx, total, dimension, parts)
        if finding:
            findings.append(finding)
    return findings


def _check_split(ctx: AuditContext, total: Claim, dimension: str, parts: list[Claim]) -> Finding | None:
    if total.unit not in ADDITIVE_UNITS:
        for part in parts:
            ctx.skip(part, "shares of a rate or percentage do not add up to it")
        return None
    parts = [p for p in parts if p.document == total.document]
    if not parts:
        return None
    total_interval = ctx.interval(total)
    if total_interval is None:
        for part in parts:
            ctx.skip(part, "the total is suppressed or unreadable")
        return None
    summed = Interval(0.0, 0.0)
    for part in parts:
        interval = ctx.interval(part)
        summed = summed + (interval if interval is not None else UNKNOWN_NON_NEGATIVE)
    too_many = summed.low > total_interval.high + 1e-9
    too_few = len(parts) >= 2 and summed.high < total_interval.low - 1e-9
    if len(parts) < 2 and not too_many:
        for part in parts:
            ctx.skip(part, "a single part of a breakdown: nothing to add up")
        return None
    ctx.mark_checked(RULE, total, *parts)
    if not (too_many or too_few):
        return None
    definitional = any(p.metric and total.metric and p.metric != total.metric for p in parts)
    partition = _is_partition(parts)
    severity = "error" if partition and not definitional else "warning"
    listed = " + ".join(ctx.show(p) for p in parts)
    label = ctx.label(total.metric)
    where = ctx.where(total)
    same_place = all(p.document == total.document and p.line == total.line for p in parts)
    places = "in the same sentence" if same_place else "at " + ", ".join(ctx.where(p, total) for p in parts)
    direction = "more than" if too_many else "less than"
    message = (f"{label} in {ctx.period_of(total)} is given as {ctx.show(total)} ({where}), but its parts "
               f"{places} add up to {show_interval(summed, total.unit)} ({listed}), {direction} the total.")
    if not partition and not definitional:
        message += (" The parts are not clearly one split of the total (no named dimension such as sex, "
                    "authority or ethnicity, or a value given twice), so this may not be a full breakdown.")
    if definitional:
        metrics = sorted({p.metric for p in parts if p.metric})
        message += (f" The parts count {', '.join(m.replace('_', ' ') for m in metrics)}, not "
                    f"{(total.metric or 'the total').replace('_', ' ')}: probably a definitional difference "
                    "the report should explain.")
    parts_sum = summed.low if summed.exact else round((summed.low + summed.high) / 2, 6)
    return ctx.finding(RULE, severity, message, total, stated=total.value, expected=parts_sum,
                       values=(dimension, *sorted(float(p.value) for p in parts if p.value is not None)),
                       evidence=[ctx.evidence(total, "total")] + [ctx.evidence(p, "part") for p in parts])

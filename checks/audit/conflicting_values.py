"""``conflicting_values``: the same metric, period and entity stated with values that cannot both be true.

Within one document ("34 adopters were approved" on one page, "35 adopter households were approved" on
another) and across documents (one report's "compared to 33 the previous year" against the earlier
report's own figure for that year). Figures are intervals (see ``intervals``): "413 days" and "413.4 days"
agree; 41 and 43 households do not.

Severity:
- ``error`` when the figures share their basis: same metric, normalised period, unit, breakdown and a
  known entity (the claim's or its document's only authority), or both without an entity in one document
  or in documents that cover the same authorities;
- not compared at all when one figure is an agency's own (no authority, in a document covering several
  authorities: the agency as a whole) and the other is one of that agency's member councils';
- ``warning`` ("may not be comparable") when one side's basis is unknown: one figure has no authority
  while the documents cover different authorities, or the smaller figure has no authority in a document
  that breaks the larger one down by authority (it may be one authority's share);
- ``warning`` for definitional neighbours that readers expect to match but that count different things
  (children presented to the ADM vs child permanence reports considered).
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from adoption_audit.checks.audit.context import FIGURE_KINDS, AuditContext, alike, authority_id
from adoption_audit.checks.findings import Finding
from adoption_audit.nlp.report_model import Claim

RULE = "conflicting_values"

# Metrics a reader expects to agree although they count different things; a difference deserves a
# sentence of explanation in the report, not an error.
DEFINITIONAL_NEIGHBOURS = {
    ("adm_adoption_decisions", "cprs_considered"):
        "children presented to the ADM and child permanence reports considered are counted differently "
        "(a report may be considered twice, or a plan agreed without a new report)",
}


def check(ctx: AuditContext) -> list[Finding]:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in ctx.claims:
        if claim.kind not in FIGURE_KINDS and not _authority_part(claim):
            continue
        if not claim.metric:
            ctx.skip(claim, "not a catalogued figure")
            continue
        period = ctx.period_of(claim)
        if not period:
            ctx.skip(claim, "no period could be resolved")
            continue
        if claim.value is None:
            ctx.skip(claim, "suppressed or unreadable value")
            continue
        if claim.unit == "count" and _decimal(claim):
            ctx.skip(claim, "a count printed with decimals: probably a figure read into the wrong column")
            continue
        if not _authority_part(claim) and _share_of_larger(ctx, claim):
            ctx.skip(claim, "probably a part of the larger figure in the same sentence")
            continue
        # An authority's share of a total ("8 Westmoor children" of 52 orders) is that authority's figure:
        # its entity says so, so the split itself is not part of the basis.
        breakdown = tuple(sorted((k, v) for k, v in (claim.breakdown or {}).items() if k != "authority"))
        groups[(claim.metric, period, claim.unit, breakdown)].append(claim)

    findings = [f for _key, claims in sorted(groups.items(), key=lambda kv: str(kv[0]))
                for f in _conflict(ctx, claims)]
    findings += _definitional(ctx, groups)
    return findings


def _authority_part(claim: Claim) -> bool:
    """A part that is one named authority's whole figure ("8 Westmoor children" of the agency's 52 orders)."""
    return claim.kind == "part" and bool(claim.entity) and set(claim.breakdown or {}) == {"authority"}


def _decimal(claim: Claim) -> bool:
    first = (claim.text or "").split()[0] if (claim.text or "").split() else ""
    return bool(re.fullmatch(r"[£]?\d[\d,]*\.\d+%?", first))


def _share_of_larger(ctx: AuditContext, claim: Claim) -> bool:
    """A smaller figure of the same metric and period in the same sentence as a larger one is a share of it
    ("Of the 41 households approved, 30 were White British"), whether or not the reader marked it a part."""
    period = ctx.period_of(claim)
    return any(other.metric == claim.metric and ctx.period_of(other) == period and other.kind in FIGURE_KINDS
               and other.value is not None and other.value > claim.value for other in ctx.same_sentence(claim))


def _basis(ctx: AuditContext, a: Claim, b: Claim) -> str:
    """'same' (like with like), 'unknown' (one side's authority cannot be told), or 'different'."""
    ea, eb = ctx.entity_of(a), ctx.entity_of(b)
    if ea and eb:
        return "same" if ea == eb else "different"
    if (ea or eb) in ctx.comparators:
        return "different"  # the England average against the agency's own figure
    if ea or eb:
        # An agency's own figure (no authority, in a document covering several) against a figure one of its
        # member councils is named for (in the agency's document, or as the council's own report): a total
        # and a share, not two values of one fact. A figure whose authority was only inferred from a
        # document naming one council may still be the agency's: not comparable, so a warning.
        named, unnamed = (a, b) if ea else (b, a)
        whole = ctx.whole_of(unnamed)
        member = whole is not None and (ea or eb) in whole
        return "different" if member and (named.entity or named.document == unnamed.document) else "unknown"
    if a.document == b.document:
        return "unknown" if _maybe_a_share(ctx, a, b) else "same"
    da, db = ctx.documents.get(a.document), ctx.documents.get(b.document)
    auth_a = {authority_id(x) for x in (da.authorities if da else [])}
    auth_b = {authority_id(x) for x in (db.authorities if db else [])}
    return "same" if auth_a == auth_b else "unknown"


def _maybe_a_share(ctx: AuditContext, a: Claim, b: Claim) -> bool:
    """The smaller figure may be one authority's share of the larger: the document splits it by authority."""
    small, large = sorted((a, b), key=lambda c: c.value)
    parts = [c for c in ctx.claims if c.kind == "part" and c.total_of == large.id]
    return any(c.entity or "authority" in (c.breakdown or {}) for c in parts) and small.value < large.value


def _conflict(ctx: AuditContext, claims: list[Claim]) -> list[Finding]:
    if len(claims) < 2:
        for claim in claims:
            ctx.skip(claim, "no other figure for the same metric, period and entity")
        return []
    certain, uncertain = [], []
    reasons: set[str] = set()
    for a, b in combinations(claims, 2):
        basis = _basis(ctx, a, b)
        if basis == "different":
            continue
        ctx.mark_checked(RULE, a, b)
        if ctx.interval(a).meets(ctx.interval(b)):
            continue
        doubt = _doubt(ctx, a, b, basis)
        if doubt:
            reasons.add(doubt)
            uncertain.append((a, b))
        else:
            certain.append((a, b))
    findings = []
    if certain:
        findings.append(_finding(ctx, certain, "error", " These figures cannot all be true."))
    in_error = {c.id for pair in certain for c in pair}
    uncertain = [(a, b) for a, b in uncertain if not (a.id in in_error and b.id in in_error)]
    if uncertain:
        findings.append(_finding(ctx, uncertain, "warning", " They may not be comparable: " + "; ".join(
            sorted(reasons)) + ". Check whether they count the same thing.", ("not comparable",)))
    return findings


def _doubt(ctx: AuditContext, a: Claim, b: Claim, basis: str) -> str | None:
    """Why two differing figures may not be the same fact, or None when they certainly are."""
    if basis == "unknown":
        return "one figure does not say which authority it covers"
    if not (ctx.names_metric(a) and ctx.names_metric(b)):
        return "a sentence does not name the figure, so which measure it is was taken from the text around it"
    if ctx.forecast(a) or ctx.forecast(b):
        return "a figure is for a period after the document's own, so it is a plan or forecast"
    if not (ctx.period_certain(a) and ctx.period_certain(b)):
        return "the document covers several years and the year of a figure is not stated beside it"
    if not alike(a, b):
        return "they are worded differently"
    return None


def _finding(ctx: AuditContext, pairs, severity: str, note: str, marker: tuple = ()) -> Finding:
    involved = _ordered({c.id: c for pair in pairs for c in pair}.values())
    first = involved[0]
    period = ctx.period_of(first)
    entity = ctx.entity_of(first)
    who = f" for {entity.title()}" if entity else ""
    message = f"{ctx.label(first.metric)}{who} in {period} is given as {_listing(ctx, involved)}.{note}"
    values = sorted({float(c.value) for c in involved})
    # stated/expected are the lowest and highest figures, so the fingerprint does not depend on where in
    # the documents each figure stands (moving a paragraph keeps the finding and its acknowledgement).
    low = min(involved, key=lambda c: c.value).value
    high = max(involved, key=lambda c: c.value).value
    return ctx.finding(RULE, severity, message, first, stated=low, expected=high,
                       values=(*values, *marker), evidence=[ctx.evidence(c) for c in involved])


def _ordered(claims) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.document, c.page or 0, c.line, c.id))


def _listing(ctx: AuditContext, claims: list[Claim]) -> str:
    parts = []
    for i, claim in enumerate(claims):
        previous = claims[i - 1] if i else None
        note = " (as the previous year's figure)" if claim.kind == "previous" else ""
        parts.append(f"{ctx.show(claim)}{note} on {ctx.where(claim, previous)}")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _definitional(ctx: AuditContext, groups: dict[tuple, list[Claim]]) -> list[Finding]:
    findings = []
    by_metric_period: dict[tuple, list[Claim]] = defaultdict(list)
    for (metric, period, _unit, breakdown), claims in groups.items():
        if not breakdown:
            by_metric_period[(metric, period)] += [c for c in claims if c.kind == "stated"]
    for (left, right), why in DEFINITIONAL_NEIGHBOURS.items():
        for (metric, period), lefts in sorted(by_metric_period.items()):
            if metric != left:
                continue
            for a in lefts:
                for b in by_metric_period.get((right, period), []):
                    if a.document != b.document or ctx.entity_of(a) != ctx.entity_of(b):
                        continue
                    ctx.mark_checked(RULE, a, b)
                    if ctx.interval(a).meets(ctx.interval(b)):
                        continue
                    message = (f"{ctx.label(a.metric)} in {period} is {ctx.show(a)} ({ctx.where(a)}) but "
                               f"{ctx.label(b.metric).lower()} is {ctx.show(b)} ({ctx.where(b, a)}): {why}; "
                               "the report should say why they differ.")
                    findings.append(ctx.finding(RULE, "warning", message, a, stated=a.value, expected=b.value,
                                                values=(b.metric,),
                                                evidence=[ctx.evidence(a), ctx.evidence(b)]))
    return findings

"""Which two figures a comparison is about: the current figure and the baseline it is measured from.

"41 households, up from 37 in 2017/18", "an improvement of 37 days", "missed by 88 days", "an 8.3%
increase year on year" each relate two figures. The candidates are first the other figures of the same
sentence (of the same unit for a difference), whatever metric each was matched to: a sentence that
compares two figures says best which two it means. The later year (or the stated figure, against a
``previous`` or ``target`` one) is the current figure. The extractor's ``compared_to`` (the figure a
comparison is anchored on) narrows the choice. With no figures beside it, a difference or percentage
looks at the related figures of the sentences before it (same metric and entity; a threshold counts as
its metric: ``a2_threshold_days`` belongs to ``a2_days``) and a percentage at last year's figure in
another document.

Real reports are ambiguous ("missed by 88 days" may be measured from the three-year figure or from the
in-year one). So rules try every candidate pair: a comparison is consistent when any pair fits it, is an
``error`` only when there was exactly one pair, taken from the comparison's own sentence, and it does not
fit, and a ``warning`` when several pairs were possible, or the figures had to be looked for in other
sentences or documents, and none fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from adoption_audit.checks.audit.context import AuditContext
from adoption_audit.nlp.report_model import Claim

# How far back a comparison sentence may point for its figures when the extractor did not link them.
LOOKBACK_LINES = 40
TARGET_WORDS = ("target", "threshold", "missed", "exceeded", "beat", "short of")


@dataclass
class Pair:
    current: Claim
    baseline: Claim
    nearby: bool = False  # found outside the comparison's own sentence: which figures are meant is a guess


def base_metric(metric: str | None) -> str | None:
    return metric.replace("_threshold", "") if metric else None


def _related(ctx: AuditContext, claim: Claim, other: Claim) -> bool:
    if other.id == claim.id or other.value is None:
        return False
    if base_metric(other.metric) != base_metric(claim.metric):
        return False
    return ctx.entity_of(other) == ctx.entity_of(claim)


def candidate_pairs(ctx: AuditContext, claim: Claim) -> list[Pair]:
    """Every (current, baseline) pair the comparison in ``claim`` may be about, best first.

    First the figures of the claim's own sentence (a sentence that compares two figures is the strongest
    evidence of which two it means, whatever metric each was matched to); then, for a difference or a
    percentage with no figures beside it, the related figures of the sentences before it and, for a
    percentage, last year's figure in another document.
    """
    linked = ctx.claims_by_id.get(claim.compared_to) if claim.compared_to else None
    if claim.kind in ("difference", "change_percent"):
        figures = _figures(ctx, claim, same_unit=claim.kind == "difference")
        if len(figures) >= 2 and linked is not None and linked.quote != claim.quote:
            linked = None  # the sentence holds both figures; an anchor from another sentence is a guess
        pairs = _oriented(figures, linked, include=None)
        if pairs or not claim.metric:
            return pairs
        return _nearby_pairs(ctx, claim, linked)
    if claim.kind in ("stated", "previous", "target", "part"):
        if claim.kind == "previous" and linked is not None and linked.value is not None:
            return [Pair(linked, claim)]
        figures = _figures(ctx, claim, same_unit=True) + [claim]
        return [p for p in _oriented(figures, linked, include=claim) if p.current.id != p.baseline.id]
    return []


def _figures(ctx: AuditContext, claim: Claim, *, same_unit: bool) -> list[Claim]:
    """The other figures of the claim's sentence that a comparison can be between."""
    return [c for c in ctx.same_sentence(claim) if c.value is not None and c.kind in ("stated", "previous", "target")
            and (c.unit == claim.unit if same_unit else c.unit != "percent" or claim.unit != "percent")]


def _rank(claim: Claim) -> tuple[int, int]:
    """Orders two figures in time: a previous or target figure is the baseline; else the earlier year."""
    from adoption_audit.checks.audit.context import fy_start

    kind = 0 if claim.kind in ("previous", "target") else 1
    return kind, fy_start((claim.period or "")[:7]) or 0


def _oriented(figures: list[Claim], linked: Claim | None, include: Claim | None) -> list[Pair]:
    """Pairs of distinct figures, current (later, or stated) first; unordered ties give both orders."""
    if linked is not None and linked.value is not None and all(f.id != linked.id for f in figures):
        figures = [*figures, linked]
    pairs: list[Pair] = []
    for i, a in enumerate(figures):
        for b in figures[i + 1:]:
            if a.id == b.id or (include is not None and include.id not in (a.id, b.id)):
                continue
            ra, rb = _rank(a), _rank(b)
            if ra == rb:
                pairs += [Pair(a, b), Pair(b, a)]
            else:
                pairs.append(Pair(a, b) if ra > rb else Pair(b, a))
    if linked is not None and linked.kind == "stated":
        preferred = [p for p in pairs if p.current.id == linked.id]
        pairs = preferred or pairs
    return pairs


def _nearby_pairs(ctx: AuditContext, claim: Claim, linked: Claim | None) -> list[Pair]:
    nearby = _before(ctx, claim)
    wants_target = any(word in (claim.quote or "").lower() for word in TARGET_WORDS)
    baseline_kinds = ("target",) if wants_target else ("previous",)
    baselines = [c for c in nearby if c.kind in baseline_kinds]
    if not wants_target and claim.kind == "change_percent" and not baselines:
        # "52 orders ... an 8.3% increase": the earlier figure may be stated in another document.
        baselines = _earlier_year_elsewhere(ctx, claim, [linked] if linked is not None else nearby)
    currents = [linked] if linked is not None and linked.kind == "stated" else [
        c for c in nearby if c.kind == "stated" and c.metric == base_metric(claim.metric)]
    return [Pair(c, b, nearby=True) for c in currents for b in baselines if c.id != b.id and c.unit == b.unit]


def _before(ctx: AuditContext, claim: Claim) -> list[Claim]:
    """Related claims in the same document up to LOOKBACK_LINES before ``claim``, nearest first."""
    found = [c for c in ctx.in_document(claim.document) if _related(ctx, claim, c)
             and claim.line - LOOKBACK_LINES <= c.line <= claim.line]
    return sorted(found, key=lambda c: claim.line - c.line)


def _earlier_year_elsewhere(ctx: AuditContext, claim: Claim, nearby: list[Claim]) -> list[Claim]:
    """The previous year's figure of the same metric and entity, stated in any document."""
    from adoption_audit.checks.audit.context import financial_year, fy_start

    currents = [c for c in nearby if c.kind == "stated" and c.metric == claim.metric]
    found = []
    for current in currents:
        start = fy_start(ctx.period_of(current) or "")
        if start is None:
            continue
        earlier = financial_year(start - 1)
        found += [c for c in ctx.claims if c.metric == claim.metric and c.kind in ("stated", "previous")
                  and ctx.period_of(c) == earlier and ctx.entity_of(c) == ctx.entity_of(current)
                  and c.value is not None and not c.breakdown]
    return found


def judge(ctx: AuditContext, rule: str, claim: Claim, fits) -> tuple[str, Pair | None, list[Pair]]:
    """Try every candidate pair against ``fits(pair) -> bool``; see the module docstring for the verdicts.

    Returns (verdict, the pair to report, all pairs): verdict is ``consistent``, ``error``, ``warning`` or
    ``unresolved`` (no pair found: the claim is skipped with a reason, not judged).
    """
    pairs = candidate_pairs(ctx, claim)
    if not pairs:
        ctx.skip(claim, "the figures this comparison relates to were not found")
        return "unresolved", None, []
    for pair in pairs:
        ctx.mark_checked(rule, claim, pair.current, pair.baseline)
    for pair in pairs:
        if fits(pair):
            return "consistent", pair, pairs
    figures = {frozenset((p.current.id, p.baseline.id)) for p in pairs}
    certain = len(figures) == 1 and not pairs[0].nearby
    return ("error" if certain else "warning"), pairs[0], pairs


def ambiguity_note(pairs: list[Pair]) -> str:
    if len({frozenset((p.current.id, p.baseline.id)) for p in pairs}) <= 1:
        return ""
    return (f" {len(pairs)} pairs of nearby figures could be meant and none fits; the report should say which"
            " figures it compares.")

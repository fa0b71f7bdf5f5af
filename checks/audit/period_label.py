"""``period_label``: a period that does not fit the report's own period or the April–March year.

- A reversed range ("the strategy 2018-2012", a claim period ``2019-20..2016-17``) cannot be true: ``error``.
- A report whose own period does not run from 1 April to 31 March (a calendar year, six months to
  September) cannot be compared with the DfE's financial-year figures without saying so: ``warning``.
  Several whole financial years (a strategy for 2019-22) fit.
- Current-year figures labelled with another period: a flow figure stated (not "previous", not a target)
  for the year just before the annual report's own (or a later one), when the report gives that metric
  for no other year at all (not a series or table), is most likely last year's label left on this year's
  figure: ``warning`` (the report may genuinely give only last year's figure, so it is not impossible).

Year ranges are looked for in the quotes the extractor carried over (claims, dated events and the
``year_ranges`` it passes on from sentences with no figure), never in re-read document text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from adoption_audit.checks.audit.context import AuditContext, fy_start
from adoption_audit.checks.findings import Finding

RULE = "period_label"

YEAR_RANGE = re.compile(r"(?<![\d/£])((?:19|20)\d{2})\s?[-–/]\s?((?:19|20)\d{2})(?![\d%])")
_CLAIM_RANGE = re.compile(r"^(\d{4})-\d{2}\.\.(\d{4})-\d{2}$")


def check(ctx: AuditContext) -> list[Finding]:
    return _reversed_ranges(ctx) + _document_periods(ctx) + _current_year_labels(ctx)


def _reversed_ranges(ctx: AuditContext) -> list[Finding]:
    findings, seen = [], set()
    places = [(c.document, c.page, c.line, c.quote, c) for c in ctx.claims]
    places += [(d.document, d.page, d.line, d.quote, None) for d in ctx.extraction.dates]
    # Spans of years in sentences with no figure or date ("the strategy 2021-2015 was agreed").
    places += [(r.document, r.page, r.line, r.quote, None) for r in getattr(ctx.extraction, "year_ranges", ())]
    for document, page, line, quote, claim in places:
        for match in YEAR_RANGE.finditer(quote or ""):
            first, last = int(match.group(1)), int(match.group(2))
            key = (document, line, match.group(0))
            if last >= first or key in seen:
                continue
            seen.add(key)
            doc = ctx.documents.get(document)
            name = Path(doc.path).name if doc else document
            where = f"page {page}, line {line}" if page else f"line {line}"
            message = (f"The period '{match.group(0)}' ({name} {where}) runs backwards: it ends in {last}, "
                       f"before it starts in {first}.")
            item = {"document": document, "page": page, "line": line, "quote": quote, "text": match.group(0),
                    "char_start": match.start(), "char_end": match.end()}
            findings.append(ctx.finding(RULE, "error", message, values=(name, match.group(0)), evidence=[item]))
    for claim in ctx.claims:
        match = _CLAIM_RANGE.match(claim.period or "")
        if match and int(match.group(2)) < int(match.group(1)):
            message = (f"{ctx.label(claim.metric)} is given for the period {claim.period} ({ctx.where(claim)}), "
                       "which runs backwards.")
            findings.append(ctx.finding(RULE, "error", message, claim, values=("range",),
                                        evidence=[ctx.evidence(claim)]))
            ctx.mark_checked(RULE, claim)
    return findings


def _document_periods(ctx: AuditContext) -> list[Finding]:
    findings = []
    for doc in ctx.extraction.documents:
        if not (doc.period_start and doc.period_end) or doc.period:
            continue
        if doc.period_start[5:] == "04-01" and doc.period_end[5:] == "03-31":
            continue  # several whole financial years (a three-year strategy) fit the April–March year
        message = (f"{Path(doc.path).name} covers {doc.period_start} to {doc.period_end}, which does not fit "
                   "the April–March year: its yearly figures cannot be compared with financial-year figures "
                   "without saying so.")
        item = {"document": doc.id, "page": None, "line": None, "quote": doc.title or ""}
        findings.append(ctx.finding(RULE, "warning", message, period=f"{doc.period_start}..{doc.period_end}",
                                    values=(Path(doc.path).name,), evidence=[item]))
    return findings


def _current_year_labels(ctx: AuditContext) -> list[Finding]:
    findings = []
    own_year: dict[tuple, bool] = defaultdict(bool)
    periods: dict[tuple, set] = defaultdict(set)
    for claim in ctx.claims:
        doc = ctx.documents.get(claim.document)
        periods[(claim.document, claim.metric)].add(ctx.period_of(claim))
        if doc and doc.period and ctx.period_of(claim) == doc.period and claim.kind == "stated":
            own_year[(claim.document, claim.metric)] = True
    for claim in ctx.claims:
        doc = ctx.documents.get(claim.document)
        if not (doc and doc.period and claim.metric and claim.kind == "stated"):
            continue
        if ctx.metric_kind(claim.metric) != "flow" or claim.breakdown:
            continue
        period = ctx.period_of(claim)
        if fy_start(period or "") is None:
            continue
        # Not marked as checked: coverage counts claims whose value was compared with another figure.
        if period == doc.period or own_year[(claim.document, claim.metric)]:
            continue
        if len(periods[(claim.document, claim.metric)]) > 1:
            continue  # a series of years (a table, a trend): older years are meant to be there
        later = fy_start(period) > fy_start(doc.period)
        if not later and fy_start(period) != fy_start(doc.period) - 1:
            continue  # only the year just before: figures from long ago are history, not a stale label
        message = (f"{ctx.label(claim.metric)} is given as {ctx.show(claim)} for {period} ({ctx.where(claim)}) "
                   f"in a report for {doc.period}, which gives no {doc.period} figure for it"
                   + (": a figure for a later year than the report's own." if later else
                      ": check whether this year's figure carries last year's label."))
        findings.append(ctx.finding(RULE, "warning", message, claim, stated=claim.value,
                                    values=(doc.period,), evidence=[ctx.evidence(claim)]))
    return findings

"""``future_date``: an event dated after the report was written, told as done.

"The agreement was made in December 2019" in a report signed in July 2019 cannot be true (an ``error``):
either the date or the report's date is wrong. Dates are compared at the precision both are printed
with: "2019" is not after "2019-07", "2019-12" is. Events told in the future ("will be reviewed in
December 2019") or present tense are plans, not findings; the extractor supplies the sentence's tense
(:class:`DateMention`), and a date introduced by "until", "by", "before", "due", "expected" … is a plan
even in a past-tense sentence ("a decision was made in August 2018 but no hearing is listed until
August 2019"). A report with no date of its own is judged against the day of the audit.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path

from adoption_audit.checks.audit.context import AuditContext
from adoption_audit.checks.findings import Finding

RULE = "future_date"


def earliest(iso: str) -> date | None:
    parts = [int(p) for p in iso.split("-") if p.isdigit()] if iso else []
    if not parts:
        return None
    year, month, day = (parts + [1, 1])[:3]
    return date(year, month, day)


def latest(iso: str) -> date | None:
    parts = [int(p) for p in iso.split("-") if p.isdigit()] if iso else []
    if not parts:
        return None
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


PLAN_WORDS = re.compile(r"\b(until|by|before|due|expected|planned|scheduled|from|for|next|upcoming|in the coming)\s+"
                        r"(?:\w+\s+){0,2}$", re.IGNORECASE)


def _plan_words_before(mention) -> bool:
    """'was made in August 2018 but a hearing not listed until August 2019': the later date is a plan."""
    quote = mention.quote or ""
    starts = [m.start() for m in re.finditer(re.escape(mention.text or "\0"), quote)] or [mention.char_start or 0]
    return any(start > 0 and PLAN_WORDS.search(quote[:start]) for start in starts)


def check(ctx: AuditContext) -> list[Finding]:
    findings = []
    for mention in ctx.extraction.dates:
        if mention.tense != "past" or _plan_words_before(mention):
            continue
        doc = ctx.documents.get(mention.document)
        written = (doc.published if doc else None) or None
        written_last = latest(written) if written else ctx.today
        happened = earliest(mention.date)
        if happened is None or written_last is None or happened <= written_last:
            continue
        name = Path(doc.path).name if doc else mention.document
        when = f"written in {written}" if written else f"audited on {ctx.today.isoformat()}"
        where = f"page {mention.page}, line {mention.line}" if mention.page else f"line {mention.line}"
        message = (f"{name} ({where}) tells of something done in {mention.text}, after the report was "
                   f"{when}: the date or the report's date is wrong.")
        item = {"document": mention.document, "page": mention.page, "line": mention.line,
                "quote": mention.quote, "text": mention.text}
        if mention.char_start is not None:
            item["char_start"], item["char_end"] = mention.char_start, mention.char_end
        findings.append(ctx.finding(RULE, "error", message, period=mention.date,
                                    values=(name, mention.date, written), evidence=[item]))
    return findings

"""What differs between a child's record in case management and in the 903 return, as findings.

Every difference is a ``source_mismatch`` finding naming the child's id on each side and the reason:

- a child in one system's adoption cohort and not the other's: ``error`` (the counts cannot both be true);
- an event date (entered care, placement order, match, moved in, adoption order) that differs, or that
  one system holds and the other does not: ``error``, with the difference in days;
- the date of birth differs (the message says so when day and month are transposed, never the dates):
  ``error``;
- a code that differs (in-house or inter-agency): ``warning``, since the 903 reading of a placement
  provider is ours (docs/metrics.md);
- an id keyed differently, linked by score: ``warning``, with the score and threshold.

Only events in years both systems cover are compared, so a case-management history longer than the
903 returns kept is not reported as missing from them.
"""

from __future__ import annotations

from datetime import date

from adoption_audit.checks.findings import Finding
from adoption_audit.checks.metrics.periods import financial_year
from adoption_audit.checks.reconciliation.linkage import ChildRecord, Link, dob_similarity

RULE = "source_mismatch"
SYSTEM_LABEL = {"case_management": "case management", "ssda903": "the 903 return"}
# field -> (the metric it feeds, what it is called in a message)
COMPARED_DATES = {
    "entered_care": ("a1_days", "date entered care"),
    "placement_order": ("placement_orders", "placement order date"),
    "matched": ("a2_days", "match date"),
    "placed": ("children_placed", "date moved in with the adopters"),
    "adoption_order": ("adoption_orders", "adoption order date"),
}
CM_TABLE, SSDA903_TABLES = "cm_child_journeys", {"entered_care": "ssda903_episodes", "placement_order":
                                                 "ssda903_episodes", "placed": "ssda903_episodes",
                                                 "adoption_order": "ssda903_episodes", "matched": "ssda903_ad1",
                                                 "dob": "ssda903_header", "placement": "ssda903_episodes"}


def evidence_item(table: str, system: str, authority: str, column: str, record: str) -> dict:
    """Where an auditor reopens a record: every copy of it in the warehouse's validated table, latest
    return first (``rows`` is filled in by :func:`count_evidence_rows`)."""
    return {"source": table, "rows": None, "id": record, "system": system, "key_column": column,
            "query": f"select * from {table} where authority = '{authority}' and \"{column}\" = '{record}' "
                     f"order by extract_date desc, source_row"}


def _evidence(authority: str, cm_id: str | None, ssda903_id: str | None, table_903: str) -> list[dict]:
    items = []
    if cm_id is not None:
        items.append(evidence_item(CM_TABLE, "case_management", authority, "child_id", cm_id))
    if ssda903_id is not None:
        items.append(evidence_item(table_903, "ssda903", authority, "CHILD", ssda903_id))
    return items


def _period(day: date | None) -> str | None:
    return financial_year(day) if day else None


def missing_child(record: ChildRecord, covered) -> Finding:
    """A child in one system's cohort with no counterpart in the other."""
    other = "ssda903" if record.source == "case_management" else "case_management"
    event = next(((name, record.events[name]) for name in ("adoption_order", "placed", "placement_order")
                  if record.events.get(name) and covered(record.authority, record.events[name])), (None, None))
    metric = COMPARED_DATES[event[0]][0] if event[0] else None
    cm_id = record.child_id if record.source == "case_management" else None
    ssda903_id = record.child_id if record.source == "ssda903" else None
    return Finding(
        rule=RULE, severity="error", metric=metric, period=_period(event[1]), entity=record.authority,
        message=(f"Child {record.child_id} is in {SYSTEM_LABEL[record.source]} "
                 f"({COMPARED_DATES[event[0]][1] if event[0] else 'adoption journey'} {event[1] or ''}) "
                 f"but missing in {SYSTEM_LABEL[other]}.").replace(" )", ")"),
        evidence=_evidence(record.authority, cm_id, ssda903_id, "ssda903_episodes"),
        values=("missing", record.source, record.child_id),
    )


def compare_pair(link: Link, cm: ChildRecord, ssda903: ChildRecord, covered) -> list[Finding]:
    """Findings for one linked child: the id (when linked by score), birth date, event dates, codes."""
    findings = []
    ids = f"case management {cm.child_id} / 903 {ssda903.child_id}"
    if link.method == "scored":
        findings.append(Finding(
            rule=RULE, severity="warning", entity=cm.authority,
            message=(f"Child ids differ between systems ({ids}); linked by date of birth, sex and journey "
                     f"dates with score {link.score:.2f} (threshold {link.threshold:.2f})."),
            evidence=_evidence(cm.authority, cm.child_id, ssda903.child_id, "ssda903_header"),
            values=("id", cm.child_id, ssda903.child_id)))
    if cm.dob and ssda903.dob and cm.dob != ssda903.dob:
        how = "day and month transposed" if dob_similarity(cm.dob, ssda903.dob) == 0.8 else \
            f"{abs((cm.dob - ssda903.dob).days)} days apart"
        findings.append(Finding(
            rule=RULE, severity="error", entity=cm.authority,
            message=f"Date of birth differs between systems for child {ids} ({how}).",
            evidence=_evidence(cm.authority, cm.child_id, ssda903.child_id, "ssda903_header"),
            values=("dob", cm.child_id, ssda903.child_id, how)))
    adopted_in_903 = ssda903.events.get("adoption_order") is not None
    for name, (metric, label) in COMPARED_DATES.items():
        ours, theirs = (cm.matched, ssda903.matched) if name == "matched" else \
            (cm.events.get(name), ssda903.events.get(name))
        if name == "matched" and not adopted_in_903:
            continue  # the 903 return records the match (AD1) only for children it shows adopted
        if ours == theirs or not any(d and covered(cm.authority, d) for d in (ours, theirs)):
            continue
        if ours and theirs:
            days = (theirs - ours).days
            reason = f"{label} differs by {abs(days)} days: {ours} in case management, {theirs} in the 903 return"
        else:
            holder, held = ("case management", ours) if ours else ("the 903 return", theirs)
            reason = f"{label} {held} is in {holder} only"
        findings.append(Finding(
            rule=RULE, severity="error", metric=metric, period=_period(ours or theirs), entity=cm.authority,
            message=f"Child {ids}: {reason}.",
            evidence=_evidence(cm.authority, cm.child_id, ssda903.child_id, SSDA903_TABLES[name]),
            values=(name, cm.child_id, ssda903.child_id, str(ours), str(theirs))))
    if cm.placement and ssda903.placement and cm.placement != ssda903.placement \
            and covered(cm.authority, cm.events.get("placed") or ssda903.events.get("placed")):
        findings.append(Finding(
            rule=RULE, severity="warning", metric="children_placed_inter_agency",
            period=_period(cm.events.get("placed")), entity=cm.authority,
            message=(f"Child {ids}: placement code differs: {cm.placement} in case management, "
                     f"{ssda903.placement} in the 903 return."),
            evidence=_evidence(cm.authority, cm.child_id, ssda903.child_id, "ssda903_episodes"),
            values=("placement", cm.child_id, ssda903.child_id, cm.placement, ssda903.placement)))
    return findings

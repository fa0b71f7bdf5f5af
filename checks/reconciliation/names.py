"""The child's name in the CPR log against case management: keying slips, never name changes.

The panel administrator keys the child's name into the CPR log by hand, and a slip there means the
ADM's paperwork names the child wrongly. Names are compared after folding case, accents, apostrophes
and spacing; a first name that agrees with a surname a letter or two out (rapidfuzz similarity at or
above the threshold) is a slip and a ``warning``. A wholly different surname is not reported:
adoption changes surnames, and case management keeps the surname at the time of the extract.
Findings carry ids and the similarity, never the names.
"""

from __future__ import annotations

import unicodedata

import duckdb
from adoption_audit.checks.findings import Finding
from adoption_audit.checks.reconciliation.compare import evidence_item
from rapidfuzz import fuzz

RULE = "source_mismatch"
SLIP_THRESHOLD = 75.0

_NAMES_SQL = """
select c.authority, c.cpr_id, c.child_id, c.child_name, j.first_name, j.surname
from current_cpr_log c
join (select * from current_cm_child_journeys
      qualify row_number() over (partition by authority, child_id order by entered_care_date desc) = 1) j
  on j.authority = c.authority and j.child_id = c.child_id
where c.child_name is not null and j.surname is not null
order by c.authority, c.cpr_id
"""


def fold(name: str | None) -> str:
    """Compare-ready: accents dropped, case folded, curly apostrophes and hyphens unified, spaces collapsed."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("-", " ")
    return " ".join(text.casefold().split())


def name_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    findings = []
    for authority, cpr_id, child_id, keyed, first_name, surname in con.execute(_NAMES_SQL).fetchall():
        recorded = fold(f"{first_name or ''} {surname}")
        typed = fold(keyed)
        if typed == recorded:
            continue
        first_ok = not first_name or typed.split(" ")[0] == fold(first_name)
        similarity = fuzz.ratio(typed, recorded)
        if not first_ok or similarity < SLIP_THRESHOLD:
            continue
        findings.append(Finding(
            rule=RULE, severity="warning", metric="cprs_considered", entity=authority,
            message=(f"CPR {cpr_id}: the child's name keyed in the CPR log differs from case management for "
                     f"child {child_id} (similarity {similarity / 100:.2f}; a keying slip)."),
            evidence=[evidence_item("cpr_log", "panel_adm", authority, "cpr_id", cpr_id),
                      evidence_item("cm_child_journeys", "case_management", authority, "child_id", child_id)],
            values=("name", cpr_id, child_id)))
    return findings

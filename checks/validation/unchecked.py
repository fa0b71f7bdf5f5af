"""SSDA903 tables that adoption-audit recognises but does not check.

A full 903 return folder holds more tables than the adoption figures need: reviews, the OC2 and OC3
outcome tables, missing episodes, social-worker episodes, deprivation of liberty. A data officer points
the toolkit at the folder the return was built in, so those files are normal there, not mistakes. They
are recognised by their DfE column names (as the DfE's own validator recognises every 903 file) and
listed as ``skipped`` with a reason: the run still exits 0 when everything it does check is clean. A
file that matches nothing at all is still rejected, since that is the file the data officer must see.

Each table is recognised by its distinctive columns (``signature``): ``DOB`` and ``SEX`` appear in
several tables, and a column the DfE adds in a later year must not stop a table being recognised.
"""

from __future__ import annotations

from dataclasses import dataclass

REASON = "an SSDA903 table adoption-audit does not check"


@dataclass(frozen=True)
class UncheckedTable:
    kind: str  # ssda903_ and the DfE's file name, as the contract names 903 kinds
    label: str
    columns: tuple[str, ...]  # as the DfE's specification lists them (documentation)
    signature: tuple[str, ...]  # all present: the file is this table


UNCHECKED_903 = (
    UncheckedTable("ssda903_reviews", "SSDA903 reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
                   ("CHILD", "REVIEW", "REVIEW_CODE")),
    UncheckedTable("ssda903_oc2", "SSDA903 OC2 (outcomes of children looked after for a year)",
                   ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                    "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                    "INTERVENTION_OFFERED"),
                   ("CHILD", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK")),
    UncheckedTable("ssda903_oc3", "SSDA903 OC3 (care leavers)", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
                   ("CHILD", "IN_TOUCH", "ACTIV", "ACCOM")),
    UncheckedTable("ssda903_missing", "SSDA903 missing or away from placement",
                   ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), ("CHILD", "MISSING", "MIS_START")),
    UncheckedTable("ssda903_sw_episodes", "SSDA903 social worker episodes",
                   ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"), ("CHILD", "SW_ID", "SW_DECOM")),
    UncheckedTable("ssda903_dolo", "SSDA903 deprivation of liberty orders",
                   ("CHILD", "DOB", "DOLO_START", "DOLO_END"), ("CHILD", "DOLO_START")),
)


def unchecked_table(names: list[str]) -> UncheckedTable | None:
    """The unchecked 903 table this header names (names compared trimmed and upper-cased), if any."""
    present = {str(n).strip().lstrip("\ufeff").strip().upper() for n in names if n}
    matches = [t for t in UNCHECKED_903 if set(t.signature) <= present]
    return max(matches, key=lambda t: len(t.signature), default=None)

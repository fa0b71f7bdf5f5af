"""The adoption panel and ADM log, and the CPR log, for one financial year.

The panel log lists the cases heard at sittings during the year; the CPR log the reports received.
A decision the ADM had not yet made by the extract date is blank.
"""

from __future__ import annotations

import polars as pl

from adoption_audit.synthetic.systems import Cut, as_text, known
from adoption_audit.synthetic.world import AuthorityWorld


def extracts(world: AuthorityWorld, cut: Cut, cprs: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    end, start = cut.extract_date, cut.year_start
    cases = world.panel_cases.filter(pl.col("panel_date").is_between(start, end)).with_columns(
        pl.when(pl.col("adm_decision_date") <= end).then("adm_decision").alias("adm_decision"),
        known("adm_decision_date", cut)).sort("case_id")
    cprs = (world.cprs if cprs is None else cprs).filter(pl.col("cpr_received_date").is_between(start, end))
    cprs = cprs.with_columns(
        pl.when(pl.col("adm_decision_date") <= end).then("adm_decision").alias("adm_decision"),
        pl.when(pl.col("adm_decision_date") <= end).then("rework_requested").alias("rework_requested"),
        known("adm_decision_date", cut)).sort("cpr_id")
    return {"panel_log": as_text(cases, "panel_log"), "cpr_log": as_text(cprs, "cpr_log")}

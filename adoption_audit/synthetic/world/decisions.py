"""Panel cases and Child Permanence Reports: the panel and ADM side of the same journeys.

Every case the panel hears belongs to a household or a child of this world: adopter approvals (and the
few not recommended), deregistrations, matches (one case per child, heard at a sitting before the ADM's
match decision, which is the journey's match date) and, for relinquished babies placed with consent,
the adoption plan. Every ADM best-interest decision has a CPR behind it; some CPRs were first sent back
for rework, so those children have two CPR rows.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from adoption_audit.synthetic.days import date_series
from adoption_audit.synthetic.world.children import ROUTE_CONSENT, _between
from adoption_audit.synthetic.world.panels import panel_before


def _days(series: pl.Series) -> np.ndarray:
    return series.cast(pl.Int32).to_numpy().astype(np.int64)


def build_panel_cases(rng: np.random.Generator, households: pl.DataFrame, journeys: pl.DataFrame,
                      calendar: np.ndarray) -> pl.DataFrame:
    heard = households.filter(pl.col("panel_date").is_not_null())
    approved = heard["outcome"] != "NOT_APPROVED"
    approvals = pl.DataFrame({
        "panel_date": heard["panel_date"], "case_type": "ADOPTER_APPROVAL", "subject_id": heard["household_id"],
        "recommendation": pl.Series(np.where(approved, "RECOMMENDED", "NOT_RECOMMENDED")),
        "adm_decision": pl.Series(np.where(approved, "AGREED", "NOT_AGREED")),
        "adm_decision_date": heard["approval_date"].fill_null(heard["outcome_date"]),
    })
    dereg = households.filter(pl.col("deregistered").is_not_null())
    deregistrations = pl.DataFrame({
        "panel_date": dereg["deregistered"], "case_type": "DEREGISTRATION", "subject_id": dereg["household_id"],
        "recommendation": "RECOMMENDED", "adm_decision": "AGREED", "adm_decision_date": dereg["outcome_date"],
    })
    matched = journeys.filter(pl.col("match_date").is_not_null())
    match_days = _days(matched["match_date"])
    panel = panel_before(calendar, match_days, gap=1)
    matches = pl.DataFrame({
        "panel_date": date_series("panel_date", panel), "case_type": "MATCH", "subject_id": matched["child_id"],
        "recommendation": "RECOMMENDED", "adm_decision": "AGREED", "adm_decision_date": matched["match_date"],
    })
    consent = journeys.filter((pl.col("route") == ROUTE_CONSENT) & (pl.col("journey_no") == 1))
    adm_days = _days(consent["adm_decision_date"])
    plans = pl.DataFrame({
        "panel_date": date_series("panel_date", panel_before(calendar, adm_days, gap=1)),
        "case_type": "PLAN", "subject_id": consent["child_id"], "recommendation": "RECOMMENDED",
        "adm_decision": "AGREED", "adm_decision_date": consent["adm_decision_date"],
    })
    cases = pl.concat([approvals, deregistrations, matches, plans], how="vertical_relaxed").sort(
        "panel_date", "case_type", "subject_id")
    return cases.with_columns(
        pl.format("PC{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6)).alias("case_id"),
        pl.format("PN{}", pl.col("panel_date").dt.strftime("%Y%m%d")).alias("panel_id"),
    )


def build_cprs(rng: np.random.Generator, journeys: pl.DataFrame, children: pl.DataFrame) -> pl.DataFrame:
    decided = journeys.filter(pl.col("journey_no") == 1).join(
        children.select("child_id", "first_name", "surname"), on="child_id", how="left")
    n = decided.height
    adm = _days(decided["adm_decision_date"])
    entered = _days(decided["entered_care_date"])
    received = np.maximum(adm - _between(rng, 7, 30, n), entered)
    rework = (rng.random(n) < 0.12) & (received - entered > 60)
    first_received = received - _between(rng, 25, 50, n)
    first_decided = first_received + _between(rng, 5, 14, n)
    name = decided.select(pl.concat_str("first_name", pl.lit(" "), "surname")).to_series()
    final = pl.DataFrame({
        "child_id": decided["child_id"], "child_name": name,
        "cpr_received_date": date_series("cpr_received_date", received), "adm_decision": "ADOPTION",
        "adm_decision_date": decided["adm_decision_date"], "rework_requested": "N",
    })
    sent_back = pl.DataFrame({
        "child_id": decided["child_id"], "child_name": name,
        "cpr_received_date": date_series("cpr_received_date", first_received),
        "adm_decision": "DEFERRED", "adm_decision_date": date_series("adm_decision_date", first_decided),
        "rework_requested": "Y",
    }).filter(pl.Series(rework))
    cprs = pl.concat([final, sent_back], how="vertical_relaxed").sort("cpr_received_date", "child_id")
    return cprs.with_columns(
        pl.format("CPR{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(5)).alias("cpr_id"))

"""Prospective adopter households of one authority, from first enquiry to approval and a match.

Two kinds: the households who adopt the authority's own children placed in-house (their dates are worked
backwards from the child's match, so a household is always approved before it is matched), and the many
more who enquire and then withdraw, are not approved, or are approved and wait or are matched with
another agency's child. Order is always enquiry <= information event <= initial visit <= stage one <=
stage two <= panel <= approval <= matched; second-time adopters are fast-tracked straight to stage two.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from adoption_audit.checks.extracts import ETHNICITY_CODES
from adoption_audit.synthetic.days import NO_DATE, date_series, has
from adoption_audit.synthetic.world.children import (
    ETHNICITY_WEIGHTS,
    ROUTE_FFA,
    ROUTE_FOSTER_CARER,
    _between,
    _pick,
)
from adoption_audit.synthetic.world.panels import panel_after, panel_before

# How far households who do not adopt a local child get (shares).
STOP_BEFORE_VISIT, STOP_AFTER_VISIT, STOP_IN_STAGE_ONE, STOP_IN_STAGE_TWO, NOT_APPROVED, APPROVED = range(6)
STOP_WEIGHTS = np.array([42, 20, 10, 8, 2, 18])


def build_households(rng: np.random.Generator, journeys: pl.DataFrame, calendar: np.ndarray, size: float,
                     window: tuple[int, int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Households and, for each in-house match, which household it was (``group``, ``journey_no``)."""
    matched = (journeys.filter((pl.col("placement_type") == "IN_HOUSE") & pl.col("match_date").is_not_null())
               .group_by("group", "journey_no").agg(
                   pl.col("match_date").first(), pl.col("foster_carer_adopter_start_date").first(),
                   pl.col("route").first(), pl.len().alias("children"))
               .sort("match_date", "group", "journey_no"))
    local = _local_adopters(rng, matched, calendar)
    others = _other_households(rng, calendar, size, window)
    households = pl.concat([local, others], how="diagonal").sort("enquiry_date", "panel_date", "approval_date")
    households = households.with_columns(
        pl.format("H{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(5)).alias("household_id"))
    links = households.filter(pl.col("group").is_not_null()).select("group", "journey_no", "household_id")
    return households, links


def _local_adopters(rng: np.random.Generator, matched: pl.DataFrame, calendar: np.ndarray) -> pl.DataFrame:
    n = matched.height
    match = matched["match_date"].cast(pl.Int32).to_numpy().astype(np.int64)
    route = matched["route"].to_numpy()
    carer_start = matched["foster_carer_adopter_start_date"].cast(pl.Int32).fill_null(0).to_numpy().astype(np.int64)
    ffa = route == ROUTE_FFA
    child_specific = route == ROUTE_FOSTER_CARER
    target = np.select([ffa, child_specific], [carer_start - _between(rng, 25, 200, n), match - _between(rng, 25, 90, n)],
                       match - 30 - rng.gamma(3, 50, n).astype(np.int64))
    panel = panel_before(calendar, target, gap=2)
    approval = panel + _between(rng, 2, 12, n)
    second_time = (rng.random(n) < 0.08) & ~child_specific
    stage_two = panel - _between(rng, 110, 170, n)
    stage_one = np.where(second_time, NO_DATE, stage_two - _between(rng, 45, 75, n))
    visit = np.where(second_time, stage_two, stage_one) - _between(rng, 10, 40, n)
    info = np.where(rng.random(n) < 0.6, visit - _between(rng, 7, 35, n), NO_DATE)
    enquiry = np.where(has(info), info, visit) - _between(rng, 3, 30, n)
    frame = _frame(enquiry, info, visit, stage_one, stage_two, panel, approval, match,
                   outcome=np.full(n, "APPROVED", dtype=object), outcome_date=np.full(n, NO_DATE),
                   child_specific=child_specific, second_time=second_time,
                   sibling=matched["children"].to_numpy() > 1, rng=rng)
    return frame.with_columns(matched["group"], matched["journey_no"], pl.lit(None, pl.Date).alias("deregistered"))


def _other_households(rng: np.random.Generator, calendar: np.ndarray, size: float,
                      window: tuple[int, int]) -> pl.DataFrame:
    years = (window[1] - window[0]) / 365.25
    n = rng.poisson(95 * size * years)
    enquiry = _between(rng, window[0], window[1], n)
    stop = rng.choice(6, size=n, p=STOP_WEIGHTS / STOP_WEIGHTS.sum())
    second_time = (rng.random(n) < 0.05) & (stop >= STOP_IN_STAGE_TWO)
    info = np.where(rng.random(n) < 0.6, enquiry + _between(rng, 7, 40, n), NO_DATE)
    visit = np.where(has(info), info, enquiry) + _between(rng, 7, 40, n)
    stage_one = np.where(second_time, NO_DATE, visit + _between(rng, 14, 60, n))
    stage_two = np.where(second_time, visit, stage_one) + _between(rng, 50, 80, n)
    panel = panel_after(calendar, stage_two + _between(rng, 110, 170, n))
    decision = panel + _between(rng, 2, 12, n)
    approved = stop == APPROVED
    matched = np.where(approved & (rng.random(n) < 0.6), decision + 20 + rng.gamma(2, 100, n).astype(np.int64), NO_DATE)
    deregistered = approved & ~has(matched) & (rng.random(n) < 0.3)
    dereg_panel = panel_after(calendar, decision + _between(rng, 120, 700, n))

    outcome = np.select([stop <= STOP_IN_STAGE_TWO, stop == NOT_APPROVED, deregistered],
                        ["WITHDRAWN", "NOT_APPROVED", "WITHDRAWN"], "APPROVED").astype(object)
    last_step = np.select([stop == STOP_BEFORE_VISIT, stop == STOP_AFTER_VISIT, stop == STOP_IN_STAGE_ONE],
                          [np.where(has(info), info, enquiry), visit, stage_one], stage_two)
    outcome_date = np.select(
        [stop <= STOP_IN_STAGE_TWO, stop == NOT_APPROVED, deregistered],
        [last_step + _between(rng, 5, 60, n), decision, dereg_panel + _between(rng, 2, 10, n)], NO_DATE)
    visit[stop == STOP_BEFORE_VISIT] = NO_DATE
    stage_one[stop <= STOP_AFTER_VISIT] = NO_DATE
    stage_two[stop <= STOP_IN_STAGE_ONE] = NO_DATE
    panel[stop <= STOP_IN_STAGE_TWO] = NO_DATE
    approval = np.where(approved, decision, NO_DATE)
    frame = _frame(enquiry, info, visit, stage_one, stage_two, panel, approval, matched, outcome, outcome_date,
                   child_specific=np.zeros(n, dtype=bool), second_time=second_time,
                   sibling=approved & (rng.random(n) < 0.2), rng=rng)
    return frame.with_columns(date_series("deregistered", np.where(deregistered, dereg_panel, NO_DATE)))


def _frame(enquiry, info, visit, stage_one, stage_two, panel, approval, matched, outcome, outcome_date,
           child_specific, second_time, sibling, rng) -> pl.DataFrame:
    n = len(enquiry)

    def flag(values):
        return pl.Series(np.where(values, "Y", "N").astype(object), dtype=pl.String)

    return pl.DataFrame([
        date_series("enquiry_date", enquiry), date_series("information_event_date", info),
        date_series("initial_visit_date", visit), date_series("stage_one_start_date", stage_one),
        date_series("stage_two_start_date", stage_two), date_series("panel_date", panel),
        date_series("approval_date", approval),
        pl.Series("outcome", outcome, dtype=pl.String), date_series("outcome_date", outcome_date),
        pl.Series("applicant_ethnicity", _pick(rng, ETHNICITY_CODES, ETHNICITY_WEIGHTS, n), dtype=pl.String),
        flag(child_specific).alias("child_specific"), flag(second_time).alias("second_time_adopter"),
        flag(sibling).alias("sibling_approval"), date_series("matched_date", matched),
    ])

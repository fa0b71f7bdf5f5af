"""Adoption Support Fund applications made for the authority's adoptive families after the order.

In-house adopters apply under their household id; families who adopted through another agency under a
family id of their own. Amounts are pounds and pence around two thousand pounds; above the fund's
fair-access limit the agency tops up (flag ``Y``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from adoption_audit.synthetic.days import date_series
from adoption_audit.synthetic.world.children import _between

FAIR_ACCESS_LIMIT = 5000.0
FUND_OPENED = 16556  # 2015-05-01, when the fund opened nationally


def build_asf(rng: np.random.Generator, journeys: pl.DataFrame, household_links: pl.DataFrame) -> pl.DataFrame:
    families = (journeys.filter(pl.col("adoption_order_date").is_not_null())
                .group_by("group", "journey_no").agg(pl.col("adoption_order_date").first())
                .join(household_links, on=["group", "journey_no"], how="left")
                .sort("adoption_order_date", "group", "journey_no"))
    families = families.with_columns(pl.coalesce(
        "household_id", pl.format("F{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(5))).alias("family_id"))
    applications = rng.poisson(1.3, families.height)
    owner = np.repeat(np.arange(families.height), applications)
    order = families["adoption_order_date"].cast(pl.Int32).to_numpy().astype(np.int64)[owner]
    when = np.maximum(order + _between(rng, 60, 1500, len(owner)), FUND_OPENED + _between(rng, 0, 60, len(owner)))
    amount = np.round(np.clip(rng.lognormal(7.6, 0.6, len(owner)), 150, 9500), 2)
    ledger = pl.DataFrame({
        "family_id": families["family_id"].gather(owner),
        "amount": amount,
        "top_up": np.where(amount > FAIR_ACCESS_LIMIT, "Y", "N"),
    }).with_columns(date_series("application_date", when)).sort("application_date", "family_id")
    return ledger.with_columns(
        pl.format("ASF{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6)).alias("application_id"))

"""The Adoption Support Fund ledger: the applications made during the financial year."""

from __future__ import annotations

import polars as pl

from adoption_audit.synthetic.systems import Cut, as_text
from adoption_audit.synthetic.world import AuthorityWorld


def extracts(world: AuthorityWorld, cut: Cut) -> dict[str, pl.DataFrame]:
    ledger = world.asf.filter(pl.col("application_date").is_between(cut.year_start, cut.extract_date))
    return {"asf_ledger": as_text(ledger.sort("application_id"), "asf_ledger")}

"""The world of one authority: every child, household, panel sitting, CPR and support application,
with their whole futures, before any extract is cut from it.

An authority's world depends only on the seed and its position in the list, so authority 1 is the
same world whether 2 or 150 are generated. Source-system writers (``synthetic.systems``) cut extracts
from it as each system would show them on an extract date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from adoption_audit.synthetic.days import day
from adoption_audit.synthetic.world.children import build_children
from adoption_audit.synthetic.world.decisions import build_cprs, build_panel_cases
from adoption_audit.synthetic.world.households import build_households
from adoption_audit.synthetic.world.panels import panel_calendar
from adoption_audit.synthetic.world.support import build_asf

# Children in care for long enough to still be in care in the first year: look back this far.
CARE_LOOKBACK_YEARS = 9
ADOPTION_LOOKBACK_YEARS = 5


@dataclass
class AuthorityWorld:
    name: str
    index: int
    size: float  # relative size of the authority (1 = a typical English authority)
    children: pl.DataFrame
    episodes: pl.DataFrame
    journeys: pl.DataFrame
    decisions: pl.DataFrame
    households: pl.DataFrame
    panel_cases: pl.DataFrame
    cprs: pl.DataFrame
    asf: pl.DataFrame


def world_rng(seed: int, index: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, index, *stream]))


def build_world(name: str, index: int, seed: int, first_year: int, last_year: int,
                scale: float = 1.0) -> AuthorityWorld:
    """One authority's world; ``scale`` multiplies its population (small worlds for fixtures and tests)."""
    rng = world_rng(seed, index)
    size = float(np.clip(rng.lognormal(0, 0.45), 0.35, 3.0)) * scale
    end = day(date(last_year + 1, 3, 31))
    start = day(date(first_year, 4, 1))
    window = (start - int(CARE_LOOKBACK_YEARS * 365.25), end)
    adoption_window = (start - int(ADOPTION_LOOKBACK_YEARS * 365.25), end)
    cw = build_children(rng, name, size, window, adoption_window)
    calendar = panel_calendar(rng, size, adoption_window[0] - 3 * 366, end + 6 * 366)
    households, links = build_households(rng, cw.journeys, calendar, size, (adoption_window[0], end))
    journeys = cw.journeys.join(links, on=["group", "journey_no"], how="left")
    return AuthorityWorld(
        name=name, index=index, size=size, children=cw.children, episodes=cw.episodes, journeys=journeys,
        decisions=cw.decisions, households=households,
        panel_cases=build_panel_cases(rng, households, journeys, calendar),
        cprs=build_cprs(rng, journeys, cw.children), asf=build_asf(rng, journeys, links),
    )

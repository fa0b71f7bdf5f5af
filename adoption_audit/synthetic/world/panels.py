"""When an authority's adoption panel sits: once or twice a month on a fixed weekday.

Larger authorities sit twice a month (first and third week), smaller ones once (second week); August
has one sitting everywhere. Every panel-dated event in the world (an approval heard, a match heard) is
snapped to this calendar, so the panel log, the households extract and the journeys agree.
"""

from __future__ import annotations

import numpy as np

from adoption_audit.synthetic.days import month_day


def panel_calendar(rng: np.random.Generator, size: float, first: int, last: int) -> np.ndarray:
    """Sorted day numbers of every panel sitting between ``first`` and ``last``."""
    days = np.arange(first, last + 1, dtype=np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    _, month, day_of_month = month_day(days)
    week = (day_of_month - 1) // 7 + 1
    sitting_day = int(rng.integers(0, 4))  # Monday to Thursday
    weeks = (1, 3) if size >= 0.8 else (2,)
    on = (weekday == sitting_day) & np.isin(week, weeks)
    on &= ~((month == 8) & (week == 3))
    return days[on]


def panel_before(calendar: np.ndarray, when: np.ndarray, gap: int = 1) -> np.ndarray:
    """The last sitting at least ``gap`` days before each date (the first sitting if none is earlier)."""
    at = np.searchsorted(calendar, when - gap, side="right") - 1
    return calendar[np.clip(at, 0, len(calendar) - 1)]


def panel_after(calendar: np.ndarray, when: np.ndarray) -> np.ndarray:
    """The first sitting on or after each date (the last sitting if none is later)."""
    at = np.searchsorted(calendar, when, side="left")
    return calendar[np.clip(at, 0, len(calendar) - 1)]

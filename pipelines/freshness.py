"""Freshness: every morning the UI shows whether last night's run refreshed what people read.

The nightly schedule starts at 02:00 Europe/London; a national run takes well under an hour, so by
07:00 the validated sources, the figures, the reconciliation and the audit should all be newer than
02:00 that morning. A ``FreshnessPolicy`` on each such asset says so: the asset page and the asset graph
show it fresh, or stale when the night's run did not reach it (a failed partition, the daemon down),
and Dagster evaluates it without a sensor. (Dagster 1.13 supersedes the older last-update freshness
checks with these policies.)
"""

from datetime import timedelta

import dagster as dg

DEADLINE_CRON, WINDOW, TIMEZONE = "0 7 * * *", timedelta(hours=5), "Europe/London"
NIGHTLY_OUTPUTS = frozenset(dg.AssetKey(k) for k in ("quarantine", "metrics", "source_reconciliation", "findings",
                                                     "audit_report"))

nightly_freshness = dg.FreshnessPolicy.cron(deadline_cron=DEADLINE_CRON, lower_bound_delta=WINDOW, timezone=TIMEZONE)


def with_freshness(assets: list) -> list:
    """``assets`` with the nightly freshness policy on every asset the nightly run must refresh."""
    return [a.map_asset_specs(lambda spec: spec.replace_attributes(freshness_policy=nightly_freshness)
                              if spec.key in NIGHTLY_OUTPUTS else spec)
            if NIGHTLY_OUTPUTS & set(a.keys) else a
            for a in assets]

"""Jobs: the nightly reconciliation is every asset and check in the project."""

import dagster as dg

nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    description="The nightly reconciliation: validate sources, compute metrics, audit reports, QA CPRs.",
)

"""Jobs: the nightly reconciliation is every asset and check in the project, less the per-document
report inventory.

``report_inventory`` is partitioned per published document so the report sensor can run one new file;
``cpr_qa`` is partitioned per CPR for the same reason. A Dagster job can carry only one partitions
definition, so the nightly job leaves the report inventory to the sensor (``report_claims`` reads the
whole reports folder itself) and runs ``cpr_qa`` unpartitioned, which checks the whole CPR inbox.
"""

import dagster as dg

PER_DOCUMENT_ONLY = dg.AssetSelection.assets("report_inventory")

nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all() - PER_DOCUMENT_ONLY,
    description="The nightly reconciliation: validate sources, compute metrics, audit reports, QA CPRs.",
)

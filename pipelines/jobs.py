"""Jobs: the nightly reconciliation in three stages, one per partitions definition.

A Dagster job holds one partitions definition, and the nightly graph has three: sources per authority
and collection year, figures per authority, and the documents (claims, findings, CPR QA), which compare
authorities and documents with each other and are not partitioned. So:

- ``nightly_sources``: raw, validated and quarantine, one run per authority and year (the schedule
  requests every one; they run in parallel, as many as the run queue allows).
- ``nightly_figures``: metrics and the case-management/903 reconciliation, one run per authority.
- ``nightly_documents``: everything after them, once.

Under the daemon the later stages follow by themselves (their assets carry ``AutomationCondition.eager()``
and the ``nightly_follow_on`` automation sensor); ``adoption-audit run`` executes the three stages in
order in process (:mod:`.nightly`). ``report_inventory`` (one partition per published document) is run by
the report sensor only: ``report_claims`` reads the whole reports folder itself.
"""

import dagster as dg
from adoption_audit.checks.extracts import EXTRACT_KINDS

SOURCE_KEYS = [*(dg.AssetKey(f"raw_{k}") for k in sorted(EXTRACT_KINDS)),
               *(dg.AssetKey(f"validated_{k}") for k in sorted(EXTRACT_KINDS)), dg.AssetKey("quarantine")]
FIGURE_KEYS = [dg.AssetKey("metrics"), dg.AssetKey("source_reconciliation")]
PER_DOCUMENT_ONLY = dg.AssetSelection.assets("report_inventory")

SOURCES = dg.AssetSelection.assets(*SOURCE_KEYS)
FIGURES = dg.AssetSelection.assets(*FIGURE_KEYS)
DOCUMENTS = dg.AssetSelection.all() - SOURCES - FIGURES - PER_DOCUMENT_ONLY

STAGE_NAMES = ("nightly_sources", "nightly_figures", "nightly_documents")


def build() -> list:
    """The three stage jobs."""
    return [
        dg.define_asset_job(
            "nightly_sources", selection=SOURCES,
            description="Stage 1 of the nightly run: read and validate one authority's extracts for one "
                        "collection year."),
        dg.define_asset_job(
            "nightly_figures", selection=FIGURES,
            description="Stage 2: one authority's figures and its case-management/903 reconciliation."),
        dg.define_asset_job(
            "nightly_documents", selection=DOCUMENTS,
            description="Stage 3: claims of the published reports, the audit findings, CPR QA and the inventories."),
    ]

"""The nightly run's partitions: authority x collection year for the sources, authority for the figures.

They come from the run settings (``authorities:`` and ``years:`` in the configuration, else what the
sources folder holds) when the definitions load, so the UI shows one square per authority and year, and
a new authority is added by listing it, not by a code change.

- ``source_partitions``: one authority's extracts of one collection year (a 903 return and the
  case-management extracts taken with it), keys such as ``eastvale|2024-25``. The raw and validated
  assets are per year.
- ``authority_partitions``: the metrics and the reconciliation, which need every year of one
  authority (3-year scorecard figures, the latest copy of each record) and nothing of another.
- Everything after them (claims, findings, CPR QA) is not partitioned: the audit compares documents and
  authorities with each other.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import dagster as dg
from adoption_audit.checks.validation.layout import SourceLayout

AUTHORITY, YEAR = "authority", "year"


@dataclass(frozen=True)
class NightlyPartitions:
    sources: dg.MultiPartitionsDefinition
    authorities: dg.StaticPartitionsDefinition

    @property
    def by_authority(self) -> dg.MultiToSingleDimensionPartitionMapping:
        """An authority's figures read all of its years' validated partitions."""
        with warnings.catch_warnings():  # beta in Dagster 1.13; pinned by the tests that materialise through it
            warnings.simplefilter("ignore", dg.BetaWarning)
            return dg.MultiToSingleDimensionPartitionMapping(partition_dimension_name=AUTHORITY)


def nightly_partitions(layout: SourceLayout) -> NightlyPartitions:
    files = layout.files()
    authorities = layout.authorities(files)
    years = layout.collection_years(files)
    return NightlyPartitions(
        sources=dg.MultiPartitionsDefinition({AUTHORITY: dg.StaticPartitionsDefinition(authorities),
                                              YEAR: dg.StaticPartitionsDefinition(years)}),
        authorities=dg.StaticPartitionsDefinition(authorities),
    )

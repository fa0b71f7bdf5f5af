"""Source validation: read extracts as text, type them strictly, run the pandera schemas, quarantine.

``validate_sources(root)`` is what the CLI (``adoption-audit sources validate``) and the Dagster assets
(``pipelines/assets/sources.py``) both call; ``write_warehouse`` loads its result into DuckDB, and
``write_raw_files(raw_files(result), con)`` the file-by-file raw layer (``raw_files`` table).
"""

from adoption_audit.checks.validation.layout import SourceLayout, SourcePartition, collection_year_of
from adoption_audit.checks.validation.raw import RawFile, raw_files
from adoption_audit.checks.validation.results import ExtractReport, RowsDoNotAddUp, Skipped, SourcesValidation
from adoption_audit.checks.validation.run import validate_files, validate_sources
from adoption_audit.checks.validation.warehouse import (
    previous_row_counts,
    write_quarantine_csvs,
    write_raw_files,
    write_warehouse,
)

__all__ = [
           "ExtractReport",
           "RawFile",
           "RowsDoNotAddUp",
           "Skipped",
           "SourceLayout",
           "SourcePartition",
           "SourcesValidation",
           "collection_year_of",
           "previous_row_counts",
           "raw_files",
           "validate_files",
           "validate_sources",
           "write_quarantine_csvs",
           "write_raw_files",
           "write_warehouse",
]

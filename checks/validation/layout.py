"""Where each authority's extracts are, and which authority and collection year each file belongs to.

The nightly run is partitioned by authority and collection year (one SSDA903 return, and the
case-management extracts taken with it), so every file must be placed in exactly one such partition.
By default the authorities are the folders under the sources folder
(``DIR/<authority>/<extract date>/<files>``). A regional adoption agency whose councils drop their
extracts in different places lists them, each with its own folder of ``<extract date>/<files>``; a
file is then shown as ``<authority>/<extract date>/<file>`` whatever folder it came from, so every
output names it the same way.

A file in a folder that is not a date has no collection year and belongs to no partition: it is not
validated by a partitioned run, and :func:`SourceLayout.outside` lists it for the coverage check, so it
is never passed over in silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from adoption_audit.checks.validation.reading import SourceFile, discover

from adoption_audit.financial_years import year_label

PARTITION_SEPARATOR = "|"  # Dagster's separator between the dimensions of a multi-partition key


def collection_year_of(extract_date: date | None) -> str | None:
    """The SSDA903 collection year an extract belongs to.

    A return covers April to March and is extracted at or after 31 March: an extract dated April to
    September is the year just ended (the collection window), one dated October to March the year under
    way. ``2019-03-31`` and ``2019-06-30`` are 2018-19; ``2019-11-30`` is 2019-20.
    """
    if extract_date is None:
        return None
    return year_label(extract_date.year if extract_date.month >= 10 else extract_date.year - 1)


@dataclass(frozen=True)
class SourcePartition:
    """One authority's extracts for one collection year."""

    authority: str
    year: str

    def holds(self, source: SourceFile) -> bool:
        return source.authority == self.authority and collection_year_of(source.extract_date) == self.year

    @property
    def key(self) -> str:
        return f"{self.authority}{PARTITION_SEPARATOR}{self.year}"


@dataclass(frozen=True)
class SourceLayout:
    """The sources folder, and the authorities' own folders where the configuration names them.

    ``folders`` maps each configured authority to its folder (``None`` for ``root/<authority>``); an
    empty mapping means every folder under ``root`` is an authority. ``years`` limits the collection
    years partitioned; empty means every year a file was found for.
    """

    root: Path
    folders: dict[str, Path | None] = field(default_factory=dict)
    years: tuple[str, ...] = ()

    def files(self) -> list[SourceFile]:
        """Every candidate file of every authority, in a stable order."""
        if not self.folders:
            return discover(self.root) if self.root.is_dir() else []
        found: list[SourceFile] = []
        for authority in sorted(self.folders):
            folder = self.folder_of(authority)
            if folder.is_dir():
                found += discover(folder, authority=authority)
        return found

    def folder_of(self, authority: str) -> Path:
        return self.folders.get(authority) or self.root / authority

    def authorities(self, files: list[SourceFile] | None = None) -> list[str]:
        if self.folders:
            return sorted(self.folders)
        return sorted({f.authority for f in (self.files() if files is None else files) if f.authority})

    def collection_years(self, files: list[SourceFile] | None = None) -> list[str]:
        if self.years:
            return sorted(self.years)
        found = self.files() if files is None else files
        return sorted({year for f in found if (year := collection_year_of(f.extract_date))})

    def partition_files(self, partition: SourcePartition) -> list[SourceFile]:
        return [f for f in self.files() if partition.holds(f)]

    def outside(self, files: list[SourceFile] | None = None) -> list[SourceFile]:
        """Files no partition holds: no dated folder, or a year the configuration leaves out."""
        found = self.files() if files is None else files
        authorities, years = set(self.authorities(found)), set(self.collection_years(found))
        return [f for f in found
                if f.authority not in authorities or collection_year_of(f.extract_date) not in years]

    @staticmethod
    def partition_of(key: str) -> SourcePartition:
        authority, _, year = key.partition(PARTITION_SEPARATOR)
        return SourcePartition(authority, year)

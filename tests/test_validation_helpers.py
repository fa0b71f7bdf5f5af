"""Small, fictional source files for the validation tests (no real children, no shared data needed).

Named test_*.py only so that it sits with the tests it serves; it holds no tests itself.
"""

from __future__ import annotations

import csv
from pathlib import Path

from adoption_audit.checks.extracts import ASF_LEDGER, CM_CHILD_JOURNEYS, SSDA903_EPISODES


def journey(n: int, **changes) -> dict:
    """A clean child journey: entered care, placement order, match, placed, adopted, all in order."""
    row = {c: "" for c in CM_CHILD_JOURNEYS.column_names}
    row.update(journey_id=f"J{n:04d}", child_id=f"C{n:04d}", local_authority="northshire", first_name="Tamsin",
               surname="Quillfeather", sex="F", date_of_birth="03/05/2014", ethnicity="WBRI", disability="N",
               entered_care_date="10/01/2016", placement_order_date="12/09/2016", match_date="01/02/2017",
               placed_date="15/02/2017", adoption_order_date="20/10/2017", placement_type="IN_HOUSE", ffa="N")
    row.update(changes)
    return row


def episode(n: int, **changes) -> dict:
    row = {c: "" for c in SSDA903_EPISODES.column_names}
    row.update(CHILD=f"{n:06d}", DECOM="01/04/2017", RNE="S", LS="C2", CIN="N1", PLACE="U1", PLACE_PROVIDER="PR1",
               DEC="30/09/2017", REC="E11", URN="SC123456")
    row.update(changes)
    return row


def application(n: int, **changes) -> dict:
    row = {c: "" for c in ASF_LEDGER.column_names}
    row.update(application_id=f"A{n}", family_id=f"F{n}", application_date="2018-06-01", amount="1250.00",
               top_up="N")
    row.update(changes)
    return row


def write_rows(path: Path, rows: list[dict], *, delimiter: str = ",", encoding: str = "utf-8",
               columns: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An XLSX at ``path`` with one sheet per entry, rows as given (for sheet-finding tests)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def source_assets(settings) -> list:
    """The partitioned source assets for ``settings`` (materialised without a partition key, they validate
    the whole folder)."""
    from adoption_audit.pipelines.assets import sources
    from adoption_audit.pipelines.partitions import nightly_partitions

    return sources.build(nightly_partitions(settings.layout))

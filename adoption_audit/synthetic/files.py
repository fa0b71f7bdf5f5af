"""Writing extracts as councils' systems export them: CSV in the system's encoding, or XLSX.

Case-management and panel systems differ by authority: some export UTF-8, some UTF-8 with a
byte-order mark, some Windows-1252 with CRLF line ends (the names with "ë" or a curly apostrophe then
arrive as single bytes that a UTF-8 reader rejects). SSDA903 files are plain ASCII, as the DfE expects.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from adoption_audit.checks.extracts import EXTRACT_KINDS

ENCODINGS = ("utf-8", "cp1252", "utf-8-sig")


def local_encoding(index: int) -> str:
    """The encoding an authority's own systems export in (by its position in the list)."""
    return ENCODINGS[index % len(ENCODINGS)]


def file_name(kind: str, fmt: str) -> str:
    name = EXTRACT_KINDS[kind].default_file
    return name if fmt == "csv" else name.rsplit(".", 1)[0] + ".xlsx"


def write_extract(frame: pl.DataFrame, path: Path, fmt: str, encoding: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _write_xlsx(frame, path)
        return
    text = frame.write_csv(null_value="", line_terminator="\r\n" if encoding == "cp1252" else "\n")
    path.write_bytes(text.encode(encoding))


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="extract")
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row))
    book.save(path)

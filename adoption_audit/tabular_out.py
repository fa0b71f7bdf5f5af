"""CSV that opens safely in Excel.

UTF-8 with a byte-order mark (so Excel detects the encoding), every value written as text (so ids
keep their leading zeros), and cells that start with ``=``, ``+``, ``-`` or ``@`` prefixed with an
apostrophe so that a quoted sentence can never run as a formula (CSV formula injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_plain_number(text):
        return "'" + text
    return text


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_csv(rows: Iterable[dict], columns: Sequence[str], path: Path | None = None) -> str:
    """Write ``rows`` (dicts) as Excel-safe CSV to ``path``; return the text as well."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([excel_safe(row.get(c)) for c in columns])
    text = buffer.getvalue()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8-sig", newline="")
    return text

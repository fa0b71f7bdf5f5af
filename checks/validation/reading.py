"""Finding source files and reading them as text, whatever state a council export arrives in.

A folder of sources is ``DIR/<authority>/<extract date YYYY-MM-DD>/<files>``. Each file is read with
every column as text (types come later, strictly: see :mod:`.parsing`), its kind recognised from its
column names whatever the file is called, as the DfE's own validator does.

What real exports do, and what happens here:

- UTF-8 with or without a byte-order mark, or Windows-1252 (``£`` as byte 0xA3): tried in that order,
  the encoding used is reported. Bytes that are neither are rejected.
- Semicolon, tab or pipe instead of comma: the delimiter is the one whose header names a known extract.
- Header names in another case or with stray spaces are matched to the declared names.
- XLSX with the data on another sheet, or below a title row: the first sheet (and row, within the first
  ten) whose cells name a known extract is read; if none does the file is rejected.
- Empty files, binary garbage, a header that names no known extract or lacks some of one's columns:
  rejected with one line saying which columns are missing. One bad file never stops the others.
- A header naming an SSDA903 table the toolkit does not check (reviews, OC2, ...: see :mod:`.unchecked`)
  raises :class:`SkippedTable` instead, before its body is read: it is listed as skipped, not rejected.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl
from adoption_audit.checks.extracts import EXTRACT_KINDS, ExtractKind, recognise
from adoption_audit.checks.validation.parsing import EXTRA_CELLS, ROW
from adoption_audit.checks.validation.unchecked import REASON, UncheckedTable, unchecked_table

SUFFIXES = (".csv", ".tsv", ".xlsx")
# Spreadsheet files that are clearly meant as extracts but cannot be read: rejected with a reason rather
# than passed over in silence. Anything else (README, manifest.json) is not a source file and is ignored.
UNREADABLE_SUFFIXES = {
    ".xls": "An old-format Excel workbook (.xls): save it as .xlsx or CSV.",
    ".xlsm": "A macro-enabled workbook (.xlsm): save it as .xlsx or CSV.",
    ".ods": "An OpenDocument spreadsheet (.ods): save it as .xlsx or CSV.",
}
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 10
EXTRACT_DATE_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")

KNOWN = {c.name for k in EXTRACT_KINDS.values() for c in k.columns}
# Every declared column name by its lower-case form, so ``Child`` or `` dob `` still match; names that two
# kinds spell in different cases (``sex`` and ``SEX``) are matched exactly only.
_LOWER: dict[str, set[str]] = {}
for _name in KNOWN:
    _LOWER.setdefault(_name.lower(), set()).add(_name)
CANONICAL = {lower: next(iter(names)) for lower, names in _LOWER.items() if len(names) == 1}


class UnreadableExtract(Exception):
    """A file that cannot be read as any extract; ``reason`` is the one line the user sees."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SkippedTable(Exception):
    """A file recognised as an SSDA903 table this toolkit does not check: listed as skipped, not read."""

    def __init__(self, table: UncheckedTable):
        super().__init__(REASON)
        self.table = table
        self.reason = REASON


@dataclass
class SourceFile:
    """One file in the layout: where it is and what its folders say about it."""

    path: Path
    relative: str  # as shown in outputs: relative to the folder the user gave
    authority: str
    extract_date: date | None  # None when the folder name is not a date


@dataclass
class RawExtract:
    frame: pl.DataFrame  # text columns as declared by the kind (where present) plus _row
    kind: ExtractKind
    encoding: str
    delimiter: str | None = None
    sheet: str | None = None
    extra_columns: tuple[str, ...] = ()
    absent_columns: tuple[str, ...] = ()  # declared columns not in the file (none of them required)


def discover(root: Path, authority: str | None = None) -> list[SourceFile]:
    """Every candidate file under ``root``, in a stable order, with authority and extract date.

    ``root`` is ``<authority>/<extract date>/<files>``; or, with ``authority`` given, that one authority's
    own folder of ``<extract date>/<files>``, whose files are then shown as ``<authority>/...``.
    """
    found = []
    for path in sorted(root.rglob("*")):
        suffix = path.suffix.lower()
        if not path.is_file() or path.name.startswith((".", "~$")) or (
                suffix not in SUFFIXES and suffix not in UNREADABLE_SUFFIXES):
            continue
        parts = path.relative_to(root).parts
        if authority is not None:
            parts = (authority, *parts)
        owner = parts[0] if len(parts) >= 3 else ""
        folder = parts[-2] if len(parts) >= 2 else ""
        extract_date = None
        if EXTRACT_DATE_FOLDER.match(folder):
            try:
                extract_date = date.fromisoformat(folder)
            except ValueError:
                extract_date = None
        found.append(SourceFile(path, "/".join(parts), owner, extract_date))
    return found


def canonical_names(names: list[str]) -> list[str]:
    cleaned = [str(n).strip().lstrip("\ufeff").strip() if n is not None else "" for n in names]
    return [n if n in KNOWN else CANONICAL.get(n.lower(), n) for n in cleaned]


def closest_kind(names: list[str]) -> tuple[ExtractKind, list[str]] | None:
    """The kind this header nearly is (two thirds of its identifying columns present), and what it lacks."""
    present = set(names)
    best = None
    for kind in EXTRACT_KINDS.values():
        needed = kind.recognised_by
        share = len(needed & present) / len(needed)
        if share >= 2 / 3 and (best is None or share > best[0]):
            best = (share, kind, sorted(needed - present, key=kind.column_names.index))
    return (best[1], best[2]) if best else None


def kind_of(names: list[str], where: str = "The header") -> ExtractKind:
    """The recognised kind, or a one-line rejection naming the missing columns.

    A header of an SSDA903 table the toolkit does not check raises :class:`SkippedTable`; that is tried
    after the known kinds and before "nearly a known kind", so a reviews file is never reported as an
    episodes file with columns missing.
    """
    kind = recognise(names)
    if kind is not None:
        missing = [c.name for c in kind.columns if c.required and c.name not in names]
        if missing:
            raise UnreadableExtract(f"{where} looks like {kind.kind} but lacks required columns: {', '.join(missing)}.")
        return kind
    other = unchecked_table(names)
    if other is not None:
        raise SkippedTable(other)
    near = closest_kind(names)
    if near:
        kind, missing = near
        raise UnreadableExtract(f"{where} looks like {kind.kind} but lacks columns: {', '.join(missing)}.")
    shown = ", ".join(n for n in names[:8] if n) or "(none)"
    raise UnreadableExtract(f"{where} names no known extract (columns: {shown}).")


def read_extract(path: Path) -> RawExtract:
    """Read one file as text columns; raise :class:`UnreadableExtract` with one clear line if it cannot be."""
    if path.suffix.lower() in UNREADABLE_SUFFIXES:
        raise UnreadableExtract(UNREADABLE_SUFFIXES[path.suffix.lower()])
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableExtract(f"Cannot be opened ({error.strerror or type(error).__name__}).") from None
    if not data.strip():
        raise UnreadableExtract("The file is empty.")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if path.suffix.lower() == ".xlsx":
        raise UnreadableExtract("Not a readable XLSX workbook.")
    return _read_delimited(data)


def _decode(data: bytes) -> tuple[str, str]:
    """The whole file as text and the encoding it was in (UTF-8 with or without BOM, else Windows-1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise UnreadableExtract("Neither UTF-8 nor Windows-1252 text.") from None


def _header_line(data: bytes) -> str:
    """The first line, decoded on its own so that a large file is not decoded twice."""
    if b"\x00" in data[:4096]:
        raise UnreadableExtract("Not a text file (binary content).")
    head = data[:65536].split(b"\n", 1)[0].rstrip(b"\r")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        line = head.decode("utf-8")
    except UnicodeDecodeError:
        line = head.decode("cp1252", errors="replace")
    if sum(1 for ch in line[:2000] if not ch.isprintable() and ch != "\t") > 2:
        raise UnreadableExtract("Not a text file (binary content).")
    return line


def _read_delimited(data: bytes) -> RawExtract:
    first_line = _header_line(data)
    candidates = sorted(DELIMITERS, key=lambda d: -first_line.count(d))
    kind = delimiter = names = None
    error: UnreadableExtract | None = None
    for candidate in candidates:
        header = canonical_names(next(csv.reader([first_line], delimiter=candidate)))
        try:
            kind = kind_of(header)
        except UnreadableExtract as problem:
            error = error or problem
            continue
        delimiter, names = candidate, header
        break
    if kind is None:
        raise error  # the reason for the likeliest delimiter
    # Fast path: polars reads the bytes as they are when they are UTF-8 (checked as it parses).
    frame, problem = _polars_text_frame(data, delimiter, names)
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    if frame is None:
        text, encoding = _decode(data)
        if encoding == "cp1252" and problem == "encoding":
            frame, problem = _polars_text_frame(text.encode("utf-8"), delimiter, names)
        if frame is None:
            frame = _python_text_frame(text, delimiter, names)
    return _shape(frame, kind, names, encoding, delimiter=delimiter)


def _polars_text_frame(data: bytes, delimiter: str, names: list[str]) -> tuple[pl.DataFrame | None, str | None]:
    """Every column as text; (None, why) when the bytes are not UTF-8 or a row does not fit the header."""
    try:
        frame = pl.read_csv(io.BytesIO(data), separator=delimiter, infer_schema=False, has_header=True,
                            new_columns=_unique_names(names), raise_if_empty=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.ShapeError) as failure:
        return None, "encoding" if "utf" in str(failure).lower() else "shape"
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64)), None


def _python_text_frame(text: str, delimiter: str, names: list[str]) -> pl.DataFrame:
    """Slow path for ragged rows: cells beyond the header are kept in ``_extra_cells`` so the row is
    quarantined (rule ``row_shape``) rather than lost or silently shifted."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader, None)
    width = len(names)
    rows, rownums, extras = [], [], []
    for number, cells in enumerate(reader, start=2):
        if not cells:
            continue
        rows.append((cells + [""] * width)[:width])
        rownums.append(number)
        extras.append(len(cells) if len(cells) > width else None)
    columns = _unique_names(names)
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    return frame.with_columns(pl.Series(ROW, rownums, dtype=pl.Int64),
                              pl.Series(EXTRA_CELLS, extras, dtype=pl.Int64))


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        name = name or "column"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}__{seen[name]}")
    return out


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> RawExtract:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableExtract(f"Not a readable XLSX workbook ({type(error).__name__}).") from None
    other: UncheckedTable | None = None  # a sheet of a 903 table not checked, if no sheet is a known kind
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for header_row, cells in enumerate(rows, start=1):
                if header_row > HEADER_SEARCH_ROWS:
                    break
                names = canonical_names([_cell_text(c) or "" for c in cells])
                if recognise(names) is None:
                    other = other or unchecked_table(names)
                    continue
                kind = kind_of(names, where=f"Sheet '{sheet.title}'")
                body, numbers = [], []
                for number, values in enumerate(rows, start=header_row + 1):
                    texts = [_cell_text(v) for v in values][: len(names)]
                    if all(t is None or not str(t).strip() for t in texts):
                        continue
                    body.append(texts + [None] * (len(names) - len(texts)))
                    numbers.append(number)
                columns = _unique_names(names)
                frame = pl.DataFrame(body, schema={c: pl.String for c in columns}, orient="row")
                frame = frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64))
                return _shape(frame, kind, names, "xlsx", sheet=sheet.title)
    finally:
        workbook.close()
    if other is not None:
        raise SkippedTable(other)
    raise UnreadableExtract("No sheet has the expected columns.")


def _shape(frame: pl.DataFrame, kind: ExtractKind, names: list[str], encoding: str, *,
           delimiter: str | None = None, sheet: str | None = None) -> RawExtract:
    declared = set(kind.column_names)
    keep = [c for c in frame.columns if c in declared or c in (ROW, EXTRA_CELLS)]
    return RawExtract(
        frame=frame.select(keep), kind=kind, encoding=encoding, delimiter=delimiter, sheet=sheet,
        extra_columns=tuple(n for n in names if n and n not in declared),
        absent_columns=tuple(c for c in kind.column_names if c not in names),
    )

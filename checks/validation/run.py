"""Validate every extract under a folder: read, type, check, quarantine, count.

One file at a time: a file that cannot be read becomes one rejection line and the others carry on; an
SSDA903 table this toolkit does not check (reviews, OC2, ...) becomes one skipped line, unread. Each
readable file is typed strictly (:mod:`.parsing`), validated by its pandera model (lazy: every failing
row of every rule), and split into valid rows that go on and quarantined rows that keep their reason.
SSDA903 files of one return (one authority and extract date) are then checked together against the
DfE's rules for the return's collection year, when ``adoption_audit.checks.dfe903`` is installed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
from adoption_audit.checks.quarantine import QuarantineItem, Rejection
from adoption_audit.checks.schemas import schema_for
from adoption_audit.checks.validation.layout import collection_year_of
from adoption_audit.checks.validation.parsing import ROW, TEXT_SUFFIX, has_text_twin, prepare
from adoption_audit.checks.validation.quarantining import failure_cases, quarantine_items
from adoption_audit.checks.validation.reading import (
    RawExtract,
    SkippedTable,
    SourceFile,
    UnreadableExtract,
    discover,
    read_extract,
)
from adoption_audit.checks.validation.results import ExtractReport, Skipped, SourcesValidation

from adoption_audit.errors import BadCollectionYear, InputNotFound, UnreadableInput
from adoption_audit.logs import get_logger

log = get_logger("sources")
SOURCE_ROW = "source_row"


class _Pending:
    """An extract read and schema-checked, waiting for the return-level (DfE) rules.

    Only the prepared frame is kept (the raw text frame is freed once typed): its text columns and the
    text twins of its typed columns are the file's text, trimmed and normalised, which is what the DfE
    rules read too.
    """

    def __init__(self, source: SourceFile, raw: RawExtract, prepared: pl.DataFrame, items: list[QuarantineItem]):
        self.source, self.prepared, self.items = source, prepared, items
        self.kind, self.encoding, self.sheet = raw.kind, raw.encoding, raw.sheet
        self.delimiter, self.absent_columns = raw.delimiter, raw.absent_columns

    def text_table(self) -> pl.DataFrame:
        """The extract as text columns under their own names, plus ``_row`` (zero-copy selection)."""
        return self.prepared.select(ROW, *[
            pl.col(c.name + TEXT_SUFFIX).alias(c.name) if has_text_twin(c.type) else pl.col(c.name)
            for c in self.kind.columns])


def validate_sources(root: Path, *, collection_year: str | None = None, previous: dict | None = None,
                     dfe_rules: bool = True) -> SourcesValidation:
    """Validate every extract under ``root`` (``<authority>/<extract date>/<files>``).

    ``collection_year`` overrides the SSDA903 collection year otherwise taken from each return's extract
    date. ``previous`` maps ``"<authority>/<kind>"`` to the row count of the last extract seen before
    this run, for the row-count distribution check; extracts within this run are compared with the one
    before them for the same authority and kind. ``dfe_rules=False`` leaves the DfE's 903 rules out
    (the benchmark uses it to time this stage's own rules).
    """
    root = Path(root)
    if collection_year is not None and not re.fullmatch(r"\d{4}-\d{2}", collection_year):
        raise BadCollectionYear(f"'{collection_year}' is not a collection year such as 2018-19", "--collection-year")
    if not root.exists():
        raise InputNotFound(root)
    if not root.is_dir():
        raise UnreadableInput("not a folder of source extracts", root)
    try:
        sources = discover(root)
    except OSError as error:
        raise UnreadableInput(f"cannot be read ({error.strerror or type(error).__name__})", root) from None
    return validate_files(root, sources, collection_year=collection_year, previous=previous, dfe_rules=dfe_rules)


def validate_files(root: Path, sources: list[SourceFile], *, collection_year: str | None = None,
                   previous: dict | None = None, dfe_rules: bool = True) -> SourcesValidation:
    """Validate ``sources`` (found under ``root``): one authority's year for a partitioned run, or every
    file of the folder. The arguments are :func:`validate_sources`'s."""
    result = SourcesValidation(root=root, collection_year=collection_year,
                               inputs=[(s.path, s.relative) for s in sources], sources=sources)
    pending: list[_Pending] = []
    for source in sources:
        try:
            pending.append(_check_file(source))
        except SkippedTable as skipped:
            log.info("skipped %s (%s)", source.relative, skipped.table.kind)
            result.skipped.append(Skipped(source.relative, skipped.table.kind, skipped.reason,
                                          source.authority, source.extract_date))
        except UnreadableExtract as problem:
            log.info("rejected %s", source.relative)
            result.rejected.append(Rejection(source.relative, problem.reason))
    if dfe_rules:
        _apply_return_rules(pending, collection_year)
    counts = dict(previous or {})
    for item in sorted(pending, key=lambda p: (p.source.authority, p.source.extract_date or date.min)):
        report = _report(item)
        item.prepared = None  # no longer needed: free it before the next extract's report is built
        slot = f"{report.authority}/{report.kind}"
        report.previous_rows = counts.get(slot)
        counts[slot] = report.rows
        result.extracts.append(report)
    result.extracts.sort(key=lambda r: r.path)
    result.quarantine = [q for r in result.extracts for q in r.items]
    log.info("validated %d extracts (%d rows, %d quarantined), %d rejected, %d skipped", len(result.extracts),
             result.rows, result.quarantined_rows, len(result.rejected), len(result.skipped))
    return result


def _check_file(source: SourceFile) -> _Pending:
    raw = read_extract(source.path)
    model = schema_for(raw.kind.kind)
    prepared = prepare(raw.frame, raw.kind, source.extract_date)
    cases = failure_cases(model, prepared)
    items = quarantine_items(model, prepared, cases, path=source.relative, authority=source.authority)
    return _Pending(source, raw, prepared, items)


def _report(pending: _Pending) -> ExtractReport:
    """Split the extract into valid and quarantined rows and check that they add up."""
    source, prepared, kind = pending.source, pending.prepared, pending.kind
    errors = {q.row for q in pending.items if q.severity == "error"}
    warnings = {q.row for q in pending.items if q.severity != "error"} - errors
    # Select the typed columns first (no copy), then filter: only they are copied.
    valid = (prepared.select(*kind.column_names, pl.col(ROW).alias(SOURCE_ROW))
             .filter(~pl.col(SOURCE_ROW).is_in(pl.Series(sorted(errors), dtype=pl.Int64).implode())))
    report = ExtractReport(
        path=source.relative, kind=kind.kind, authority=source.authority, extract_date=source.extract_date,
        rows=prepared.height, valid=valid.height, quarantined=len(errors),
        encoding=pending.encoding, valid_frame=valid, flagged=len(warnings), sheet=pending.sheet,
        delimiter=pending.delimiter, absent_columns=pending.absent_columns, items=pending.items,
    )
    report.check_rows_add_up()
    return report


def _apply_return_rules(pending: list[_Pending], collection_year: str | None) -> None:
    """Run the DfE's 903 rules once per return (authority and extract date), if they are installed."""
    try:
        from adoption_audit.checks.dfe903 import check_return
    except (ImportError, AttributeError):
        return
    returns: dict[tuple[str, date | None], list[_Pending]] = {}
    for item in pending:
        if item.kind.system == "ssda903":
            returns.setdefault((item.source.authority, item.source.extract_date), []).append(item)
    for (authority, extract_date), members in returns.items():
        by_kind = {m.kind.kind: m for m in members}  # one file per kind in a return; a second is ignored
        tables = {kind: m.text_table() for kind, m in by_kind.items()}
        paths = {kind: m.source.relative for kind, m in by_kind.items()}
        year = collection_year or collection_year_of(extract_date)
        if year is None:  # no extract date, so no collection year: the DfE's rules cannot be chosen
            continue
        flags = check_return(tables, collection_year=year, paths=paths, authority=authority)
        by_path = {m.source.relative: m for m in by_kind.values()}
        for flag in flags:
            owner = by_path.get(flag.path)
            if owner is None:
                continue
            owner.items.append(_completed(flag, owner))
        for member in by_kind.values():
            member.items.sort(key=lambda q: (q.row, q.rule))


def _completed(flag: QuarantineItem, owner: _Pending) -> QuarantineItem:
    """A DfE flag with the extract's kind and authority filled in where the rule left them blank."""
    if flag.kind and flag.authority:
        return flag
    return replace(flag, kind=flag.kind or owner.kind.kind, authority=flag.authority or owner.source.authority)

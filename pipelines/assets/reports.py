"""Published reports as assets: an inventory with one partition per document, and the claims table.

- ``report_inventory`` is partitioned dynamically, one partition per document in the reports folder (its
  path relative to the folder). Materialising a partition reads that one document and records what the
  reader saw: format, pages, blocks, words, hash. The sensor ``new_report_files`` adds a partition for
  every new file and asks for it to be materialised, so a report dropped into the folder is read that
  day, and a document that will not open shows up against its own partition rather than failing a run.
- ``report_claims`` (not partitioned) extracts the claims of every document in the folder together, as
  ``adoption-audit reports claims`` does: document ids (doc1, doc2 …) and claim ids are numbered across
  the whole set, which the audit needs to compare documents with each other. It writes the tables
  ``report_claims``, ``report_documents`` and ``report_numbers_skipped`` (coverage).

Metadata carries counts and ids only: never document text, titles or quotes.
"""


import hashlib
import json
from pathlib import Path

import dagster as dg
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

from adoption_audit.provenance import sha256_of

REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
report_documents = dg.DynamicPartitionsDefinition(name="report_documents")

CLAIM_COLUMNS = ("id varchar, document varchar, page integer, line integer, quote varchar, text varchar, "
                 "value double, unit varchar, metric varchar, period varchar, entity varchar, kind varchar, "
                 "low double, high double, bound varchar, direction varchar, total_of varchar, breakdown varchar, "
                 "compared_to varchar, period_text varchar")
DOCUMENT_COLUMNS = ("id varchar, path varchar, title varchar, period_start varchar, period_end varchar, "
                    "published varchar, authorities varchar, format varchar, pages integer, words integer")
INVENTORY_COLUMNS = ("path varchar, format varchar, pages integer, blocks integer, words integer, bytes bigint, "
                     "sha256 varchar, readable boolean, problem varchar")


def report_paths(folder: str | Path) -> list[str]:
    """Documents in the reports folder, as paths relative to it (the partition keys), in a stable order."""
    root = Path(folder)
    if not root.is_dir():
        return []
    return [p.relative_to(root).as_posix() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith((".", "~$"))]


@dg.asset(group_name="reports", partitions_def=report_documents,
          description="One published report per partition: what the reader found in it (format, pages, words).")
def report_inventory(context: dg.AssetExecutionContext, paths: ProjectPaths,
                     warehouse: DuckDBResource) -> dg.MaterializeResult:
    # A run without a partition takes the inventory of the whole folder.
    keys = [context.partition_key] if context.has_partition_key else report_paths(paths.reports)
    rows = [_inventory_row(Path(paths.reports), key) for key in keys]
    with warehouse.get_connection() as con:
        con.execute(f"create table if not exists report_inventory ({INVENTORY_COLUMNS})")
        for row in rows:
            con.execute("delete from report_inventory where path = ?", [row["path"]])
            con.execute("insert into report_inventory values (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row.values()))
    return dg.MaterializeResult(metadata={"documents": len(rows), "readable": sum(r["readable"] for r in rows),
                                          "pages": sum(r["pages"] or 0 for r in rows),
                                          "blocks": sum(r["blocks"] for r in rows),
                                          "words": sum(r["words"] for r in rows)})


def _inventory_row(root: Path, key: str) -> dict:
    from adoption_audit.documents import read_document
    from adoption_audit.errors import AdoptionAuditError

    path = root / key
    row = {"path": key, "format": path.suffix.lower().lstrip("."), "pages": None, "blocks": 0, "words": 0,
           "bytes": path.stat().st_size if path.exists() else None,
           "sha256": sha256_of(path) if path.exists() else None, "readable": False, "problem": None}
    try:
        document = read_document(path, key)
        row.update(format=document.format, pages=document.pages, blocks=len(document.blocks),
                   words=document.words, readable=True)
    except AdoptionAuditError as error:
        row["problem"] = error.problem
    return row


@dg.sensor(asset_selection=dg.AssetSelection.assets("report_inventory", "report_claims"), minimum_interval_seconds=300,
           description="Reads each new or changed published report (its report_inventory partition) and re-extracts "
                       "the claims; the findings and the audit report follow.")
def new_report_files(context: dg.SensorEvaluationContext, paths: ProjectPaths) -> dg.SensorResult:
    """New files get a partition; new and changed files (the cursor keeps each file's SHA-256) get a run
    of their partition, and the claims of the whole folder are extracted again once, in one more run, as
    documents are numbered and compared across the set. A file taken away is dropped from the cursor; its
    partition stays (Dagster keeps its history), and the next claims run leaves it out."""
    seen = json.loads(context.cursor) if context.cursor else {}
    root = Path(paths.reports)
    current = {key: sha256_of(root / key) for key in report_paths(root)}
    known = set(context.instance.get_dynamic_partitions(report_documents.name))
    new = [key for key in current if key not in known]
    changed = [key for key, sha in current.items() if seen.get(key) != sha]
    gone = sorted(set(seen) - set(current))
    requests = [dg.RunRequest(partition_key=key, run_key=f"{key}:{current[key][:16]}",
                              asset_selection=[dg.AssetKey("report_inventory")]) for key in changed]
    if changed or gone:
        folder = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(run_key=f"claims:{folder}", asset_selection=[dg.AssetKey("report_claims")]))
    return dg.SensorResult(run_requests=requests,
                           dynamic_partitions_requests=[report_documents.build_add_request(new)] if new else [],
                           cursor=json.dumps(current, sort_keys=True))


@dg.asset(group_name="reports",
          description="Numeric claims of every published report, with page, line and sentence (reports claims).")
def report_claims(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    from adoption_audit.nlp.claims import extract_claims

    root = Path(paths.reports)
    extraction = extract_claims([(root / key, key) for key in report_paths(root)])
    claims = [(c.id, c.document, c.page, c.line, c.quote, c.text, _number(c.value), c.unit, c.metric, c.period,
               c.entity, c.kind, c.low, c.high, c.bound, c.direction, c.total_of,
               json.dumps(c.breakdown) if c.breakdown else None, c.compared_to, c.period_text)
              for c in extraction.claims]
    documents = [(d.id, d.path, d.title, d.period_start, d.period_end, d.published, json.dumps(d.authorities),
                  d.format, d.pages, d.words) for d in extraction.documents]
    skipped = list(extraction.numbers_skipped.items())
    with warehouse.get_connection() as con:
        con.execute(f"create or replace table report_claims ({CLAIM_COLUMNS})")
        con.execute(f"create or replace table report_documents ({DOCUMENT_COLUMNS})")
        con.execute("create or replace table report_numbers_skipped (reason varchar, numbers integer)")
        if claims:
            con.executemany(f"insert into report_claims values ({', '.join('?' * 20)})", claims)
        if documents:
            con.executemany(f"insert into report_documents values ({', '.join('?' * 10)})", documents)
        if skipped:
            con.executemany("insert into report_numbers_skipped values (?, ?)", skipped)
    catalogued = sum(1 for c in extraction.claims if c.metric)
    return dg.MaterializeResult(metadata={
        "documents": len(extraction.documents), "unreadable": len(extraction.unreadable),
        "claims": len(extraction.claims), "catalogued_claims": catalogued,
        "numbers_read": extraction.numbers_read, "numbers_skipped": sum(extraction.numbers_skipped.values()),
    })


@dg.asset_check(asset=report_claims, description="Every report in the folder could be read (a warning, not an error: "
                                                "the other reports are still read and audited).")
def every_report_readable(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.AssetCheckResult:
    files = len(report_paths(paths.reports))
    with warehouse.get_connection() as con:
        documents = con.execute("select count(*) from report_documents").fetchone()[0]
    return dg.AssetCheckResult(passed=documents == files, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"files": files, "documents_read": documents})


def _number(value):
    return float(value) if isinstance(value, (int, float)) else None

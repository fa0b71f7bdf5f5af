"""CPR QA as assets: the CPR inbox as a source, one dynamic partition per CPR, a sensor for new files.

- ``cpr_qa`` checks CPRs with the same :func:`check_cprs` as ``adoption-audit cpr check``. Run for one
  partition (by the sensor) it checks that CPR; run without a partition (``nightly_documents``) it checks every
  CPR in the inbox. Each result is written to ``out/cpr-qa/<key>.json`` and ``.html`` for the team, and
  to the warehouse table ``cpr_results`` (ids, counts and issue codes only) for the nightly summary. Its
  check ``cprs_ready_for_adm`` fails when any CPR checked is not ready, with counts as metadata.
- ``cpr_summary`` writes ``out/cpr-qa.json`` and ``out/cpr-qa.html`` (every CPR, as ``cpr check`` writes
  them) and ``out/cpr-qa-summary.json`` for the service manager: CPRs checked, ready, commonest gaps.
- ``cpr_inbox_sensor`` adds a partition for each new CPR file and requests a run for each new or changed
  one (the cursor keeps each file's SHA-256).

Partition keys are opaque (``cpr-`` and a hash of the file's path in the inbox): CPR file names often name
the child, and partition keys show in the Dagster UI. Metadata carries counts and codes, never CPR text.
"""


import hashlib
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
from adoption_audit.pipelines.resources import ProjectPaths
from dagster_duckdb import DuckDBResource

CPR_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
cpr_files = dg.DynamicPartitionsDefinition(name="cpr_files")
CPR_RESULTS_COLUMNS = ("key varchar, path varchar, sha256 varchar, ready_for_adm boolean, errors integer, "
                       "warnings integer, sections_missing integer, sections_thin integer, issue_codes varchar, "
                       "readable boolean, checked_at timestamp")
READY_CHECK = "cprs_ready_for_adm"


def inbox_files(folder: str | Path) -> dict[str, tuple[Path, str]]:
    """Every CPR in the inbox by partition key: ``{key: (path, path shown, relative to the inbox)}``."""
    root = Path(folder)
    if not root.exists():
        return {}
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in CPR_SUFFIXES and not path.name.startswith((".", "~$")):
            shown = path.relative_to(root).as_posix()
            files[partition_key(shown)] = (path, shown)
    return files


def partition_key(shown: str) -> str:
    return "cpr-" + hashlib.sha256(shown.encode("utf-8")).hexdigest()[:12]


@dg.asset(
    group_name="cpr", partitions_def=cpr_files,
    check_specs=[dg.AssetCheckSpec(READY_CHECK, asset="cpr_qa",
                                   description="Every CPR checked is ready for the Agency Decision Maker.")],
    description="QA of each CPR in the inbox before the ADM: sections present, thin or missing, and issues.",
)
def cpr_qa(context: dg.AssetExecutionContext, paths: ProjectPaths, warehouse: DuckDBResource):
    from adoption_audit.nlp.cpr.check import check_cprs

    from adoption_audit.outputs.cpr_html import render_cprs
    from adoption_audit.provenance import run_block, sha256_of

    inbox = inbox_files(paths.cprs)
    partitioned = context.has_partition_key
    keys = [context.partition_key] if partitioned else sorted(inbox)
    chosen = [(k, *inbox[k]) for k in keys if k in inbox]
    unreadable: list[dict] = []
    results = check_cprs([(path, shown) for _, path, shown in chosen], unreadable)
    by_path = {r.path: r for r in results}
    folder = paths.out_dir / "cpr-qa"
    folder.mkdir(parents=True, exist_ok=True)
    if not partitioned:
        remove_pages_not_in(folder, set(inbox))
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for key, path, shown in chosen:
        result = by_path.get(shown)
        sha = sha256_of(path)
        if result is None:
            rows.append((key, shown, sha, False, 1, 0, 0, 0, "unreadable", False, now))
            continue
        run = run_block([(path, shown)])
        (folder / f"{key}.json").write_text(json.dumps({"documents": [result.to_json()], "run": run}, indent=2,
                                                       ensure_ascii=False), encoding="utf-8")
        (folder / f"{key}.html").write_text(render_cprs([result], run), encoding="utf-8")
        rows.append((key, shown, sha, result.ready_for_adm, result.errors, result.warnings,
                     sum(s.status == "missing" for s in result.sections),
                     sum(s.status == "thin" for s in result.sections),
                     ",".join(sorted({f"{i.code}:{i.section}" if i.section else i.code for i in result.issues})),
                     True, now))
    with warehouse.get_connection() as con:
        con.execute(f"create table if not exists cpr_results ({CPR_RESULTS_COLUMNS})")
        if partitioned:
            con.executemany("delete from cpr_results where key = ?", [[k] for k in keys])
        else:
            con.execute("delete from cpr_results")
        if rows:
            con.executemany(f"insert into cpr_results values ({', '.join('?' * 11)})", rows)
    ready = sum(1 for r in rows if r[3])
    codes = Counter(code.split(":")[0] for r in rows for code in r[8].split(",") if code)
    counts = {"cprs_checked": len(rows), "ready": ready, "not_ready": len(rows) - ready,
              "unreadable": len(unreadable)}
    context.log.info("CPR QA: %d checked, %d ready, %d not ready", len(rows), ready, len(rows) - ready)
    return dg.MaterializeResult(
        metadata={**counts, "issue_codes": dg.MetadataValue.json(dict(sorted(codes.items())))},
        check_results=[dg.AssetCheckResult(
            check_name=READY_CHECK, passed=counts["not_ready"] == 0, severity=dg.AssetCheckSeverity.ERROR,
            metadata={**counts, "errors": sum(r[4] for r in rows), "warnings": sum(r[5] for r in rows)})],
    )


def remove_pages_not_in(folder: Path, keys: set[str]) -> None:
    """A whole-inbox run keeps per-CPR pages only for the CPRs in the inbox, as ``cpr_results`` keeps rows
    only for them: a CPR taken out of the inbox (gone to the ADM, withdrawn) takes its annotated page, which
    holds personal data, with it, and a re-run's outputs depend on the inbox alone."""
    for page in folder.glob("cpr-*"):
        if page.suffix in (".json", ".html") and page.stem not in keys:
            page.unlink()


@dg.asset(group_name="cpr", deps=[cpr_qa], automation_condition=dg.AutomationCondition.eager(),
          description="CPR QA for people: out/cpr-qa.json and .html for the team, out/cpr-qa-summary.json "
                      "(counts only) for the service manager.")
def cpr_summary(paths: ProjectPaths, warehouse: DuckDBResource) -> dg.MaterializeResult:
    from adoption_audit.nlp.cpr.model import CprResult
    from adoption_audit.nlp.cpr.report import cpr_document, summary

    from adoption_audit.outputs.cpr_html import render_cprs
    from adoption_audit.provenance import run_block

    inbox = inbox_files(paths.cprs)
    with warehouse.get_connection() as con:
        con.execute(f"create table if not exists cpr_results ({CPR_RESULTS_COLUMNS})")
        rows = con.execute("select key, path, readable from cpr_results order by path").fetchall()
    results, unreadable = [], []
    for key, shown, readable in rows:
        stored = paths.out_dir / "cpr-qa" / f"{key}.json"
        if key not in inbox:
            continue
        if not readable or not stored.exists():
            unreadable.append({"path": shown, "reason": "could not be read"})
            continue
        results.append(CprResult.from_json(json.loads(stored.read_text(encoding="utf-8"))["documents"][0]))
    run = run_block([inbox[partition_key(r.path)] for r in results])
    out = paths.out_dir
    document = cpr_document(results, run, unreadable)
    (out / "cpr-qa.json").write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "cpr-qa.html").write_text(render_cprs(results, run, unreadable, include_text=False), encoding="utf-8")
    service = summary(results)
    service["unreadable"] = len(unreadable)
    (out / "cpr-qa-summary.json").write_text(json.dumps(service, indent=2), encoding="utf-8")
    return dg.MaterializeResult(metadata={
        "cprs_checked": service["checked"], "ready": service["ready"], "not_ready": service["not_ready"],
        "most_common_gaps": dg.MetadataValue.json(service["most_common_gaps"]),
        "json": dg.MetadataValue.path(str(out / "cpr-qa.json")),
        "html": dg.MetadataValue.path(str(out / "cpr-qa.html")),
    })


@dg.sensor(asset_selection=dg.AssetSelection.assets(cpr_qa), minimum_interval_seconds=60,
           description="Adds a partition for each new CPR in the inbox and checks new or changed CPRs.")
def cpr_inbox_sensor(context: dg.SensorEvaluationContext, paths: ProjectPaths) -> dg.SensorResult:
    from adoption_audit.provenance import sha256_of

    seen = json.loads(context.cursor) if context.cursor else {}
    inbox = inbox_files(paths.cprs)
    current = {key: sha256_of(path) for key, (path, _) in inbox.items()}
    known = set(context.instance.get_dynamic_partitions(cpr_files.name))
    new_keys = sorted(set(current) - known)
    changed = sorted(k for k, sha in current.items() if seen.get(k) != sha)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=k, run_key=f"{k}:{current[k][:16]}") for k in changed],
        dynamic_partitions_requests=[cpr_files.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(current, sort_keys=True),
    )

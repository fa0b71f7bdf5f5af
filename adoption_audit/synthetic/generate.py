"""Generate a synthetic world of source extracts: ``DIR/<authority>/<extract date>/<files>`` and, at the
top of DIR, ``manifest.json`` (every planted fault, and every file written).

Authorities are generated one after another, each from its own random stream, so memory stays at one
authority's world and authority N is identical whatever the number of authorities asked for.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from adoption_audit import __version__
from adoption_audit.logs import get_logger
from adoption_audit.synthetic import defects as faults_module
from adoption_audit.synthetic.files import file_name, local_encoding, write_extract
from adoption_audit.synthetic.names import authority_names
from adoption_audit.synthetic.options import GenerateOptions
from adoption_audit.synthetic.systems import Cut, case_management, finance, panel_adm, ssda903
from adoption_audit.synthetic.world import build_world, world_rng

log = get_logger("synthetic")
MANIFEST = "manifest.json"
SSDA903_ENCODING = "utf-8"
STREAM_CROSS_SYSTEM, STREAM_SCHEDULE, STREAM_ROW_FAULTS = 1, 2, 3


@dataclass
class GenerationResult:
    out: Path
    authorities: list[str]
    extracts: list[dict] = field(default_factory=list)
    faults: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_by_kind(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for extract in self.extracts:
            totals[extract["kind"]] = totals.get(extract["kind"], 0) + extract["rows"]
        return totals


def generate(options: GenerateOptions) -> GenerationResult:
    """Write the world that ``options`` describe under ``options.out`` and return what was written."""
    started = time.perf_counter()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    result = GenerationResult(out=out, authorities=authority_names(options.authorities))
    cuts = [Cut(d) for d in options.extract_dates]
    for index, name in enumerate(result.authorities):
        _generate_authority(options, index, name, cuts, result)
        log.info("authority %d of %d generated", index + 1, options.authorities)
    result.faults.sort(key=lambda f: (f["authority"], f["extract_date"], f["file"], f["row"], f["fault"]))
    result.faults = [_ordered(number, fault) for number, fault in enumerate(result.faults, start=1)]
    (out / MANIFEST).write_text(json.dumps(_manifest(options, result), indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    result.seconds = time.perf_counter() - started
    return result


def _generate_authority(options: GenerateOptions, index: int, name: str, cuts: list[Cut],
                        result: GenerationResult) -> None:
    world = build_world(name, index, options.seed, options.first_year, options.last_year, options.size)
    journeys = case_management.case_management_journeys(world)
    cprs = world.cprs
    cross: list[faults_module.CrossSystemFault] = []
    schedule: dict[int, list] = {}
    if options.defects:
        journeys, cprs, cross = faults_module.plant_cross_system(
            world_rng(options.seed, index, STREAM_CROSS_SYSTEM), name, journeys, cprs, cuts[0].year_start,
            cuts[-1].extract_date, variant_turn=index)
        schedule = faults_module.schedule_row_faults(world_rng(options.seed, index, STREAM_SCHEDULE), len(cuts))
    protected = {f.child for f in cross} | {f.value for f in cross}
    adoption_children = set(world.journeys["child_id"].to_list())
    encoding = local_encoding(index)

    carried: list = []  # row faults with no eligible row in their extract move on to the next one
    for position, cut in enumerate(cuts):
        frames = {**case_management.extracts(world, journeys, cut), **panel_adm.extracts(world, cut, cprs),
                  **finance.extracts(world, cut), **ssda903.extracts(world, cut)}
        folder = f"{name}/{cut.extract_date.isoformat()}"
        paths = {kind: f"{folder}/{file_name(kind, options.format)}" for kind in frames}
        if options.defects:
            due = carried + schedule.get(position, [])
            planted = faults_module.plant_row_faults(
                world_rng(options.seed, index, STREAM_ROW_FAULTS, position), due, frames,
                cut.extract_date, protected, adoption_children)
            done = {(f["kind"], f["fault"], tuple(f["columns"])) for f in planted}
            carried = [f for f in due if (f.kind, f.fault, f.columns) not in done]
            for fault in planted:
                fault.update(authority=name, extract_date=cut.extract_date.isoformat(), file=paths[fault["kind"]])
                result.faults.append(fault)
                if fault["kind"] == "ssda903_ad1":
                    result.faults.append(_match_date_consequence(fault))
            faults_module.locate(cross, frames, paths)
        for kind, frame in frames.items():
            file_encoding = SSDA903_ENCODING if kind.startswith("ssda903") else encoding
            write_extract(frame, options.out / paths[kind], options.format, file_encoding)
            result.extracts.append({"path": paths[kind], "authority": name, "extract_date": cut.extract_date.isoformat(),
                                    "kind": kind, "rows": frame.height,
                                    "encoding": file_encoding if options.format == "csv" else None})
    for fault in cross:
        result.faults.extend(_cross_system_entries(name, fault))


MANIFEST_FIELDS = ("id", "authority", "extract_date", "file", "kind", "row", "key", "fault", "columns", "rule",
                   "stage", "layer", "dfe_rule", "related_rows", "child_id", "ssda903_child", "occurrences", "detail")


def _ordered(number: int, fault: dict) -> dict:
    """A manifest entry with its fields in a fixed, readable order."""
    fault = {**fault, "id": f"D{number:05d}"}
    return {k: fault[k] for k in MANIFEST_FIELDS if k in fault}


def _match_date_consequence(fault: dict) -> dict:
    """An AD1 DATE_MATCH moved before DATE_INT also no longer equals case management's match date."""
    return {**{k: fault[k] for k in ("authority", "extract_date", "file", "row", "key", "kind")},
            "fault": "date_differs", "columns": ["DATE_MATCH"], "rule": "reconciliation:date_differs",
            "stage": faults_module.RECONCILIATION, "layer": "reconciliation", "child_id": fault["key"],
            "ssda903_child": fault["key"],
            "detail": {"consequence_of": "dates_out_of_order", "case_management_column": "match_date"}}


def _cross_system_entries(authority: str, fault: faults_module.CrossSystemFault) -> list[dict]:
    """One manifest entry per cross-system fault, at its latest occurrence, listing all occurrences."""
    if not fault.occurrences:
        return []
    where = fault.occurrences[-1]
    return [{
        "authority": authority, "extract_date": where["file"].split("/")[1], "file": where["file"],
        "kind": fault.kind, "row": where["row"], "key": where["key"], "child_id": fault.value, "fault": fault.fault,
        "columns": list(fault.columns), "rule": fault.rule, "stage": faults_module.RECONCILIATION,
        "layer": "reconciliation",
        "ssda903_child": fault.child, "occurrences": fault.occurrences, "detail": fault.detail,
    }]


def _manifest(options: GenerateOptions, result: GenerationResult) -> dict:
    command = (f"adoption-audit fixtures generate --out DIR --authorities {options.authorities} "
               f"--years {options.years_label} --seed {options.seed}"
               + (f" --size {options.size:g}" if options.size != 1.0 else "")
               + (" --defects" if options.defects else "") + (f" --format {options.format}" if options.format != "csv" else ""))
    return {
        "generator": {"tool": "adoption-audit", "version": __version__, "command": command, "seed": options.seed,
                      "size": options.size, "authorities": result.authorities, "years": options.years_label, "defects": options.defects,
                      "format": options.format},
        "rows_by_kind": result.rows_by_kind,
        "extracts": result.extracts,
        "faults": result.faults,
    }


def read_manifest(folder: Path) -> dict:
    """The manifest of a generated folder (for tests and benchmarks)."""
    return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))


__all__ = ["MANIFEST", "GenerationResult", "generate", "read_manifest"]

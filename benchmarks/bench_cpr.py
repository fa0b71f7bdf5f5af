"""CPR checks per second on six-thousand-word CPRs (target >= 20/s on one core, peak under 1 GB).

Each CPR is composed from the fixture paragraph bank (``fixtures/cprs/build.py``): every section holds
the paragraphs of several bank variants, so a report runs to about 6,000 words with realistic structure.
Text and DOCX are timed separately, end to end (read, segment, classify, check), and the share of the
time spent reading the file is reported beside it.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_WORDS = 6000


def _build_module():
    sys.path.insert(0, str(ROOT / "fixtures" / "cprs"))
    spec = importlib.util.spec_from_file_location("cpr_fixture_build", ROOT / "fixtures" / "cprs" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def long_cpr(build, index: int) -> list[tuple[str, str]]:
    """One complete CPR of about TARGET_WORDS words: the sections of several compositions interleaved."""
    profile = build.PROFILES[index % len(build.PROFILES)]
    compositions = [build.compose(profile,
                                  {"variant": k, "description": "benchmark", "numbered": True})[0]
                    for k in range(6)]
    first = compositions[0]
    heading_positions = [i for i, (kind, _) in enumerate(first) if kind == "heading"]
    blocks, words = list(first[:heading_positions[0]]), 0
    for n, start in enumerate(heading_positions):
        end = heading_positions[n + 1] if n + 1 < len(heading_positions) else len(first)
        blocks += first[start:end]
        for other in compositions[1:]:
            others = [i for i, (kind, _) in enumerate(other) if kind == "heading"]
            o_start = others[n]
            o_end = others[n + 1] if n + 1 < len(others) else len(other)
            blocks += [b for b in other[o_start + 1:o_end] if b[0] == "para"]
    words = sum(len(text.split()) for _, text in blocks)
    while words < TARGET_WORDS:  # pad the longest narrative sections with further bank paragraphs
        extra = [b for c in compositions[1:] for b in c if b[0] == "para"]
        blocks[len(blocks) // 2:len(blocks) // 2] = extra[:20]
        words = sum(len(text.split()) for _, text in blocks)
    return blocks


def run(scale: str) -> dict:
    from adoption_audit.nlp.cpr.check import check_cpr
    from adoption_audit.nlp.cpr.classifier import load_model

    from adoption_audit.documents import read_document

    build = _build_module()
    count = 4 if scale == "smoke" else 60
    load_model()  # loading the pipeline once is start-up, not per-CPR work
    figures: dict = {"cprs": count}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("txt", "docx"):
            paths = []
            for i in range(count):
                path = Path(folder) / f"cpr_{i}.{fmt}"
                blocks = long_cpr(build, i)
                (build.write_text(blocks, path, "plain") if fmt == "txt" else build.write_docx(blocks, path, "styles"))
                paths.append(path)
            words = [read_document(p).words for p in paths]
            check_cpr(paths[0], paths[0].name)  # warm caches
            started = time.perf_counter()
            results = [check_cpr(p, p.name) for p in paths]
            elapsed = time.perf_counter() - started
            started = time.perf_counter()
            for p in paths:
                read_document(p)
            reading = time.perf_counter() - started
            figures[f"{fmt}_words_per_cpr"] = round(sum(words) / len(words))
            figures[f"{fmt}_cprs_per_s"] = round(count / elapsed, 1)
            figures[f"{fmt}_reading_share"] = round(reading / elapsed, 2)
            figures[f"{fmt}_ready"] = sum(r.ready_for_adm for r in results)
    figures["target_cprs_per_s"] = 20
    return figures

"""Reading documents: a 100-page report-like PDF (about 30,000 words) and a 6,000-word DOCX.

The PDF is read by ``read_document`` (pypdfium2 text layer with layout from pdfium's character data) and,
in the same run, by pdfplumber's ``extract_text`` page by page (pages closed as they go), the alternative
BENCHMARKS.md names; the ratio is reported beside the figures because timings on the shared machine move
by up to 2.8x between runs. Targets: the 100-page PDF read in under 2 s.

The DOCX is read by ``read_document`` (the lxml reader), by the same reader with its cache of style facts
emptied before each read (the first CPR of a template), and by the python-docx reader it replaced
(``docx_reference``), in the same run; the ratios are reported beside the figures. CPR QA needs >= 20
six-thousand-word CPRs a second on one core, reading included.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from adoption_audit.documents import read_document

TESTS = Path(__file__).resolve().parent.parent / "tests"


def _builders():
    """The test suite's document builders (tests/support/documents.py), shared rather than copied."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from support.documents import write_docx, write_pdf

    return write_docx, write_pdf

_AGENCIES = ["Westmarch", "Eastvale", "Northfold", "Southmere"]
_SUBJECTS = ["The agency", "The adoption panel", "The family finding team", "The service", "Each locality"]
_VERBS = ["approved", "matched", "placed", "supported", "assessed", "reviewed"]
_OBJECTS = ["adopter households", "children with their adoptive families", "sibling groups",
            "early permanence placements", "applications from prospective adopters"]
_TAILS = ["during the year, compared to {b} the previous year", "which is an improvement of {b} days on 2023/24",
          "against a target of {b}", "with an average wait of {b}.5 days", "in line with the regional plan"]


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.randint(2, 90)} {rng.choice(_OBJECTS)} "
            + rng.choice(_TAILS).format(b=rng.randint(2, 400)) + f" across {rng.choice(_AGENCIES)}.")


def _page(rng: random.Random, number: int, words: int) -> list:
    lines: list = ["Westmarch Regional Adoption Agency - Annual Report 2024-25",
                   (f"{number} Section {number} of the Annual Report", "heading")]
    count = 0
    while count < words:
        kind = rng.random()
        if kind < 0.12:
            rows = ["Year Approved Placed Days"] + [
                f"20{y}/{y + 1} {rng.randint(10, 60)} {rng.randint(10, 60)} {rng.randint(200, 600)}.{rng.randint(0, 9)}"
                for y in range(19, 24)]
            lines += rows + [""]
            count += 25
        elif kind < 0.25:
            items = [f"- {_sentence(rng)}" for _ in range(3)]
            lines += items + [""]
            count += sum(len(i.split()) for i in items)
        else:
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
            lines += [paragraph, ""]
            count += len(paragraph.split())
    return [*lines, f"Page {number} of 100"]


def _report_pdf(folder: Path, pages: int, words_per_page: int) -> Path:
    rng = random.Random(2025)
    _, write_pdf = _builders()
    return write_pdf([_page(rng, n, words_per_page) for n in range(1, pages + 1)], folder / "report.pdf",
                     title="Benchmark annual adoption report", font_size=9)


def _cpr_docx(folder: Path, words: int) -> Path:
    rng = random.Random(7)
    write_docx, _ = _builders()
    blocks: list = [("title", "Child Permanence Report")]
    count, section = 0, 0
    while count < words:
        section += 1
        blocks.append(("heading1" if section % 3 else "bold", f"Section {section} Heading"))
        for _ in range(3):
            text = " ".join(_sentence(rng) for _ in range(4))
            blocks.append(("paragraph", text))
            count += len(text.split())
        blocks.append(("bullet", _sentence(rng)))
        if section % 4 == 0:
            blocks.append(("table", [["Date", "Event", "Source"]]
                           + [[f"0{d}/0{d}/2024", _sentence(rng), "Case record"] for d in range(1, 6)]))
            count += 60
    return write_docx(blocks, folder / "cpr.docx")


def _best_of(runs: int, action) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def _pdfplumber_text(path: Path) -> int:
    import pdfplumber

    words = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            words += len((page.extract_text() or "").split())
            page.close()
    return words


def _docx_cold(runs: int, path: Path) -> tuple[float, object]:
    """The lxml reader as on the first CPR of a template: its cache of style facts emptied (outside the
    timed read) so the styles part is parsed afresh."""
    from adoption_audit.documents import docx

    best, result = float("inf"), None
    for _ in range(runs):
        docx._RECENT_STYLES.clear()
        started = time.perf_counter()
        result = docx.read_docx(path, str(path))
        best = min(best, time.perf_counter() - started)
    return best, result


def _docx_reference(path: Path):
    from adoption_audit.documents.docx_reference import read_docx_reference

    return read_docx_reference(path, str(path))


def run(scale: str) -> dict:
    pages, per_page, docx_words, runs = (100, 300, 6000, 3) if scale == "full" else (5, 300, 1000, 1)
    docx_runs = 20 if scale == "full" else 2  # a read takes milliseconds: best of more runs
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        pdf_path = _report_pdf(folder, pages, per_page)
        docx_path = _cpr_docx(folder, docx_words)
        pdf_s, document = _best_of(runs, lambda: read_document(pdf_path))
        plumber_s, plumber_words = _best_of(1, lambda: _pdfplumber_text(pdf_path))
        docx_s, cpr = _best_of(docx_runs, lambda: read_document(docx_path))
        cold_s, cold = _docx_cold(docx_runs, docx_path)
        reference_s, reference = _best_of(docx_runs, lambda: _docx_reference(docx_path))
        same = cold.blocks == cpr.blocks == reference.blocks and cpr.meta == reference.meta
    return {
        "pdf_pages": document.pages,
        "pdf_words": document.words,
        "pdf_blocks": len(document.blocks),
        "pdf_headings": len(document.headings()),
        "pdf_running_lines": len(document.meta["running_lines"]),
        "pdf_read_s": round(pdf_s, 3),
        "pdf_words_per_s": round(document.words / pdf_s),
        "pdfplumber_s": round(plumber_s, 3),
        "pdfplumber_words": plumber_words,
        "pdfplumber_over_ours": round(plumber_s / pdf_s, 1),
        "pdf_target_s": 2.0,
        "docx_words": cpr.words,
        "docx_blocks": len(cpr.blocks),
        "docx_read_s": round(docx_s, 4),
        "docx_read_ms": round(docx_s * 1000, 2),
        "docx_per_s": round(1 / docx_s, 1),
        "docx_cold_styles_ms": round(cold_s * 1000, 2),
        "docx_python_docx_ms": round(reference_s * 1000, 2),
        "docx_python_docx_over_ours": round(reference_s / docx_s, 1),
        "docx_python_docx_over_ours_cold": round(reference_s / cold_s, 1),
        "docx_same_blocks": same,
    }

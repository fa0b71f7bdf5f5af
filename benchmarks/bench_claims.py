"""Claims from published reports: words per second on a 100-page report, and a 100-page PDF end to end.

The report is the bundled fixture reports repeated to 100 pages (~500 words a page): about four times as
many figures per word as real reports (see docs/claims.md). ``words_per_s`` is the first extraction in a fresh
process (the pipeline already built, as the CLI and the assets build it once), ``warm_words_per_s`` the best of
three more. Timed in the same run, for the ratio BENCHMARKS.md asks for: the bare ``spacy.blank("en")``
tokeniser over the same blocks (the floor any spaCy pipeline pays).
Targets (BENCHMARKS.md): >= 100k words/s from plain text; a 100-page PDF read and extracted in under 2 s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
SOURCES = ("three_rivers_annual_2018_19.txt", "northshire_scrutiny_2019.txt", "eastvale_strategy_2019_2022.txt")
WORDS_PER_PAGE = 500


def _report_text(pages: int) -> tuple[str, list[str]]:
    base = "\n\n".join(FIXTURES.joinpath(name).read_text(encoding="utf-8") for name in SOURCES)
    paragraphs = [p for p in base.split("\n\n") if p.strip()]
    out, words, page_texts, page = [], 0, [], []
    while len(page_texts) < pages:
        for paragraph in paragraphs:
            page.append(paragraph)
            words += len(paragraph.split())
            if words >= WORDS_PER_PAGE:
                page_texts.append("\n\n".join(page))
                out.append(page_texts[-1])
                page, words = [], 0
                if len(page_texts) == pages:
                    break
    return "\n\f".join(out), page_texts


def _pdf(pages: list[str], target: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 6.5)
        pdf.multi_cell(0, 2.8, text.replace("–", "-"), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))


def run(scale: str) -> dict:
    import spacy
    from adoption_audit.nlp.claims import claims_of_document
    from adoption_audit.nlp.pipelines import claims_pipeline

    from adoption_audit.documents import read_document

    pages = 100 if scale == "full" else 5
    text, page_texts = _report_text(pages)
    claims_pipeline()  # built once per process, as the CLI and the assets do
    with tempfile.TemporaryDirectory() as folder:
        txt = Path(folder) / "report.txt"
        txt.write_text(text, encoding="utf-8")
        document = read_document(txt, "report.txt")
        words = document.words
        started = time.perf_counter()
        result = claims_of_document(document, "doc1")
        claims_s = time.perf_counter() - started
        warm_s = claims_s
        for _ in range(3):
            started = time.perf_counter()
            claims_of_document(document, "doc1")
            warm_s = min(warm_s, time.perf_counter() - started)

        blank = spacy.blank("en")
        started = time.perf_counter()
        for _ in blank.pipe([b.text for b in document.blocks], batch_size=256):
            pass
        tokeniser_s = time.perf_counter() - started

        pdf_path = Path(folder) / "report.pdf"
        _pdf(page_texts, pdf_path)
        started = time.perf_counter()
        pdf_document = read_document(pdf_path, "report.pdf")
        read_s = time.perf_counter() - started
        pdf_result = claims_of_document(pdf_document, "doc1")
        pdf_s = time.perf_counter() - started
    return {
        "pages": pages, "words": words, "claims": len(result.claims), "numbers_read": result.numbers_read,
        "claims_s": round(claims_s, 3), "words_per_s": round(words / claims_s),
        "warm_words_per_s": round(words / warm_s),
        "tokeniser_only_words_per_s": round(words / tokeniser_s),
        "ratio_to_tokeniser": round(claims_s / tokeniser_s, 2),
        "pdf_pages": pdf_document.pages, "pdf_claims": len(pdf_result.claims), "pdf_read_s": round(read_s, 3),
        "pdf_read_and_extract_s": round(pdf_s, 3),
        "target_words_per_s": 100_000, "target_pdf_s": 2.0,
    }
